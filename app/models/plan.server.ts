/**
 * Plan versions read: loading them (lines with their entered yearly amounts, implementers, the
 * city's commitments) in a few batched queries and turning them into the domain's PlanData; a
 * project's versions with their key figures. Writing them is plan-write.server.ts.
 */
import type { Tx } from "../../db/connection";
import type { PlanVersion } from "../../db/schema";

import {
  commitmentsByYear,
  commitmentYears,
  planByYear,
  type CommitmentData,
  type CommitmentYearTotals,
  type PlanData,
  type PlanLineData,
  type PlanYear,
} from "~/domain/plan";
import type { YearAmount } from "~/domain/split";
import type { ConditionStatus, CostKind, FinancingKind } from "~/domain/vocabulary";

import { cityOrganisationIds } from "./organisation.server";

import { projectIdVisible } from "./scope.server";
import type { Viewer } from "~/domain/permissions";

export interface LineRow {
  id: number;
  side: "cost" | "financing";
  kind: CostKind | FinancingKind;
  organisationId: number | null;
  organisationName: string | null;
  label: string;
  amountCents: number;
  statedPercentBp: number | null;
  staffHoursCenti: number | null;
  hourlyRateCents: number | null;
  entered: YearAmount[];
}

export interface ImplementerRow {
  organisationId: number;
  organisationName: string;
  role: "lead" | "co";
  budgetCents: number | null;
}

export interface CommitmentRow {
  id: number;
  planVersionId: number;
  organisationId: number;
  organisationName: string;
  amountCents: number;
  conditionStatus: ConditionStatus;
  conditionText: string;
  annualBudgetReservation: boolean;
  decisionBody: string;
  decisionDate: string | null;
  decisionSection: string;
  note: string;
  revision: number;
  entered: YearAmount[];
}

export interface PlanBundle {
  version: PlanVersion;
  lines: LineRow[];
  implementers: ImplementerRow[];
  commitments: CommitmentRow[];
  data: PlanData;
  commitmentData: CommitmentData[];
}

/** Plan versions by id, or every current version (of the projects a viewer may see). */
export type BundleScope = { versionIds: number[] } | { allCurrent: true; viewer: Viewer };

/** The most ids one query names (SQLite allows 32 766 variables; a national export has more versions). */
export const MAX_IDS_PER_QUERY = 5000;

/**
 * Loads plan versions with everything the domain needs, in six queries per MAX_IDS_PER_QUERY
 * versions (never an unbounded IN list).
 */
export async function loadPlanBundles(db: Tx, scope: BundleScope, cityIds?: Set<number>, maxIds = MAX_IDS_PER_QUERY): Promise<Map<number, PlanBundle>> {
  const out = new Map<number, PlanBundle>();
  if ("versionIds" in scope && scope.versionIds.length === 0) return out;
  const city = cityIds ?? (await cityOrganisationIds(db));
  if ("versionIds" in scope && scope.versionIds.length > maxIds) {
    for (let i = 0; i < scope.versionIds.length; i += maxIds) {
      for (const [id, b] of await loadPlanBundles(db, { versionIds: scope.versionIds.slice(i, i + maxIds) }, city, maxIds)) out.set(id, b);
    }
    return out;
  }
  // One condition on differently typed queries: kysely cannot type a column name given as text.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const inScope = <T extends { where: (...a: any[]) => T }>(q: T, col: string): T =>
    "versionIds" in scope
      ? q.where(col, "in", scope.versionIds)
      : // eslint-disable-next-line @typescript-eslint/no-explicit-any
        q.where(col, "in", (eb: any) =>
          eb.selectFrom("plan_version").select("id").where("state", "=", "current").where(projectIdVisible(scope.viewer, "plan_version.project_id")),
        );

  const versions = await inScope(db.selectFrom("plan_version").selectAll(), "id").execute();
  const lines = await inScope(
    db
      .selectFrom("plan_line as l")
      .leftJoin("organisation as o", "o.id", "l.organisation_id")
      .select([
        "l.id",
        "l.plan_version_id",
        "l.side",
        "l.kind",
        "l.organisation_id",
        "o.name as organisation_name",
        "l.label",
        "l.amount_cents",
        "l.stated_percent_bp",
        "l.staff_hours_centi",
        "l.hourly_rate_cents",
      ])
      .orderBy("l.position")
      .orderBy("l.id"),
    "l.plan_version_id",
  ).execute();
  const lineYears = await inScope(
    db
      .selectFrom("plan_line_year as y")
      .innerJoin("plan_line as l", "l.id", "y.plan_line_id")
      .select(["y.plan_line_id", "y.year", "y.amount_cents"])
      .orderBy("y.year"),
    "l.plan_version_id",
  ).execute();
  const implementers = await inScope(
    db
      .selectFrom("plan_implementer as i")
      .innerJoin("organisation as o", "o.id", "i.organisation_id")
      .select(["i.plan_version_id", "i.organisation_id", "o.name as organisation_name", "i.role", "i.budget_cents"])
      .orderBy("i.role", "desc")
      .orderBy("o.name"),
    "i.plan_version_id",
  ).execute();
  const commitments = await inScope(
    db
      .selectFrom("commitment as c")
      .innerJoin("organisation as o", "o.id", "c.organisation_id")
      .select([
        "c.id",
        "c.plan_version_id",
        "c.organisation_id",
        "o.name as organisation_name",
        "c.amount_cents",
        "c.condition_status",
        "c.condition_text",
        "c.annual_budget_reservation",
        "c.decision_body",
        "c.decision_date",
        "c.decision_section",
        "c.note",
        "c.revision",
      ])
      .orderBy("c.id"),
    "c.plan_version_id",
  ).execute();
  const commitmentYears = await inScope(
    db
      .selectFrom("commitment_year as y")
      .innerJoin("commitment as c", "c.id", "y.commitment_id")
      .select(["y.commitment_id", "y.year", "y.amount_cents"])
      .orderBy("y.year"),
    "c.plan_version_id",
  ).execute();

  const yearsByLine = groupBy(lineYears, (r) => r.plan_line_id);
  const yearsByCommitment = groupBy(commitmentYears, (r) => r.commitment_id);
  const linesByVersion = groupBy(lines, (r) => r.plan_version_id);
  const implByVersion = groupBy(implementers, (r) => r.plan_version_id);
  const comByVersion = groupBy(commitments, (r) => r.plan_version_id);

  for (const v of versions) {
    const lineRows: LineRow[] = (linesByVersion.get(v.id) ?? []).map((l) => ({
      id: l.id,
      side: l.side,
      kind: l.kind,
      organisationId: l.organisation_id,
      organisationName: l.organisation_name,
      label: l.label,
      amountCents: l.amount_cents,
      statedPercentBp: l.stated_percent_bp,
      staffHoursCenti: l.staff_hours_centi,
      hourlyRateCents: l.hourly_rate_cents,
      entered: (yearsByLine.get(l.id) ?? []).map((y) => ({ year: y.year, amountCents: y.amount_cents })),
    }));
    const implRows: ImplementerRow[] = (implByVersion.get(v.id) ?? []).map((i) => ({
      organisationId: i.organisation_id,
      organisationName: i.organisation_name,
      role: i.role,
      budgetCents: i.budget_cents,
    }));
    const comRows: CommitmentRow[] = (comByVersion.get(v.id) ?? []).map((c) => ({
      id: c.id,
      planVersionId: c.plan_version_id,
      organisationId: c.organisation_id,
      organisationName: c.organisation_name,
      amountCents: c.amount_cents,
      conditionStatus: c.condition_status,
      conditionText: c.condition_text,
      annualBudgetReservation: c.annual_budget_reservation === 1,
      decisionBody: c.decision_body,
      decisionDate: c.decision_date,
      decisionSection: c.decision_section,
      note: c.note,
      revision: c.revision,
      entered: (yearsByCommitment.get(c.id) ?? []).map((y) => ({ year: y.year, amountCents: y.amount_cents })),
    }));
    out.set(v.id, {
      version: v,
      lines: lineRows,
      implementers: implRows,
      commitments: comRows,
      data: toPlanData(v, lineRows, implRows, city),
      commitmentData: comRows.map(toCommitmentData),
    });
  }
  return out;
}

/** One plan version's key figures: its period and total, its plan totals by kind, the city's commitments by year. */
export interface PlanVersionSummary {
  id: number;
  versionNumber: number;
  state: PlanVersion["state"];
  start: string;
  end: string;
  totalBudgetCents: number;
  costModel: PlanVersion["cost_model"];
  flatRateBp: number | null;
  note: string;
  createdAt: string;
  /** The plan's totals over its whole period: costs and financing by kind, their sums, the city's money. */
  totals: Omit<PlanYear, "year">;
  /** The plan by calendar year (costs and financing by kind, year totals). */
  planByYear: PlanYear[];
  /** The city's commitments under this version per calendar year, confirmed and conditional apart. */
  commitmentsByYear: CommitmentYearTotals[];
}

/** A plan version's own facts, named as the API, the export file and the version summaries show them: the one mapping of a version row. */
export function versionFacts(v: PlanVersion) {
  return {
    versionNumber: v.version_number,
    state: v.state,
    start: v.start_date,
    end: v.end_date,
    totalBudgetCents: v.total_budget_cents,
    costModel: v.cost_model,
    flatRateBp: v.flat_rate_bp,
    note: v.note,
    createdAt: v.created_at,
  };
}

/** Every plan version of a project, loaded, newest first (for callers that need them more than once). */
export async function projectVersionBundles(db: Tx, projectId: number): Promise<PlanBundle[]> {
  const versions = await db.selectFrom("plan_version").select("id").where("project_id", "=", projectId).orderBy("version_number", "desc").execute();
  const bundles = await loadPlanBundles(db, { versionIds: versions.map((v) => v.id) });
  return versions.map((v) => bundles.get(v.id)!);
}

/** The key figures of loaded plan versions (in the order given). */
export function versionSummariesOf(bundles: readonly PlanBundle[]): PlanVersionSummary[] {
  return bundles.map((b) => {
    const v = b.version;
    const period = { start: v.start_date, end: v.end_date };
    return {
      id: v.id,
      ...versionFacts(v),
      ...(({ total, years }) => ({ totals: total, planByYear: years }))(planByYear(b.data)),
      commitmentsByYear: commitmentsByYear(b.commitmentData.map((c) => ({ conditionStatus: c.conditionStatus, years: commitmentYears(c, period) }))),
    };
  });
}

/** The names of the organisations that plan versions refer to (lines, commitments, implementers). */
export function organisationNames(bundles: Iterable<PlanBundle>, extra: { id: number; name: string }[] = []): Map<number, string> {
  const m = new Map<number, string>();
  for (const b of bundles) {
    for (const l of b.lines) if (l.organisationId !== null && l.organisationName) m.set(l.organisationId, l.organisationName);
    for (const c of b.commitments) m.set(c.organisationId, c.organisationName);
    for (const i of b.implementers) m.set(i.organisationId, i.organisationName);
  }
  for (const e of extra) m.set(e.id, e.name);
  return m;
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function toPlanData(
  v: Pick<PlanVersion, "start_date" | "end_date" | "total_budget_cents" | "cost_model" | "flat_rate_bp">,
  lines: LineRow[],
  implementers: ImplementerRow[],
  city: Set<number>,
): PlanData {
  return {
    start: v.start_date,
    end: v.end_date,
    totalBudgetCents: v.total_budget_cents,
    costModel: v.cost_model,
    flatRateBp: v.flat_rate_bp,
    lines: lines.map((l): PlanLineData => ({
      key: String(l.id),
      side: l.side,
      kind: l.kind,
      organisationId: l.organisationId,
      organisationIsCity: l.organisationId !== null && city.has(l.organisationId),
      label: l.label,
      amountCents: l.amountCents,
      statedPercentBp: l.statedPercentBp,
      staffHoursCenti: l.staffHoursCenti,
      hourlyRateCents: l.hourlyRateCents,
      entered: l.entered.length > 0 ? l.entered : null,
    })),
    implementers: implementers.map((i) => ({ organisationId: i.organisationId, role: i.role, budgetCents: i.budgetCents })),
  };
}

export function toCommitmentData(c: CommitmentRow): CommitmentData {
  return {
    key: String(c.id),
    organisationId: c.organisationId,
    amountCents: c.amountCents,
    conditionStatus: c.conditionStatus,
    decisionBody: c.decisionBody,
    decisionDate: c.decisionDate,
    decisionSection: c.decisionSection,
    entered: c.entered.length > 0 ? c.entered : null,
  };
}
