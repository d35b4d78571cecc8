/**
 * The portfolio: one row per project with its current plan's figures, a page at a time, with
 * totals over the whole filtered set. Everything comes from the derived rows of migration 0006
 * (kept current by app/models/figures.server.ts), summed and sorted in SQL: a page costs the
 * same at 13 500 projects as at 10, less the scan of the filtered set for its totals.
 */
import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import { currentYear, todayInHelsinki } from "~/domain/clock";
import { behindPace } from "./indicator.server";
import { pace, rateBp, type PaceVerdict } from "~/domain/indicators";
import { finnishSortKey } from "~/domain/names";
import { pageOf, DEFAULT_PAGE_SIZE, type Page } from "~/domain/paging";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";
import type { Viewer } from "~/domain/permissions";
import { projectVisible, statusesSummed } from "./scope.server";
import { projectScope } from "~/domain/permissions";

export const PORTFOLIO_SORTS = ["name", "status", "start", "total", "esr", "own", "city", "thisYear", "warnings"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioFilters {
  status?: ProjectStatus | null;
  /** Projects this organisation (the city or a unit) co-finances: a financing line it covers, or a commitment. */
  unitId?: number | null;
  /** Projects this organisation funds (the project's funder). */
  funderId?: number | null;
  /** Projects this organisation leads or implements (under the current plan). */
  organisationId?: number | null;
  /** Projects whose current plan's period touches this calendar year. */
  year?: number | null;
  /** Part of the name, short name or case number (case and accents ignored). */
  q?: string | null;
  /** "behind": projects whose reach is behind its target's pace today (app/domain/indicators.ts). */
  pace?: "behind" | null;
  sort?: PortfolioSort;
  dir?: "asc" | "desc";
}

export interface PortfolioRow {
  id: number;
  name: string;
  shortName: string;
  caseNumber: string;
  status: ProjectStatus;
  leadName: string;
  start: string;
  end: string;
  totalCents: number;
  esrCents: number;
  ownCents: number;
  cityCents: number;
  cityConditionalCents: number;
  thisYearCents: number;
  warningCount: number;
  /** Reach to date against the reach target (null: no reach target), its pace today, and the outcome rate of those reached. */
  reach: { target: number | null; value: number; rateBp: number | null; verdict: PaceVerdict } | null;
  outcome: { value: number; rateBp: number | null; targetBp: number | null } | null;
}

export interface PortfolioTotals {
  count: number;
  totalCents: number;
  esrCents: number;
  ownCents: number;
  cityCents: number;
  cityConditionalCents: number;
  thisYearCents: number;
  warningCount: number;
}

export interface PortfolioPage {
  rows: PortfolioRow[];
  totals: PortfolioTotals;
  page: Page;
  /** The calendar year of the "this year" column (today in Helsinki). */
  year: number;
}

/** Escapes LIKE's wildcards in user text (`\` is the escape character). */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const STATUS_RANK = sql.raw(`CASE p.status ${PROJECT_STATUSES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} END`);
const THIS_YEAR = sql<number>`COALESCE(y.confirmed_cents + y.conditional_cents, 0)`;

function orderExpression(sort: PortfolioSort): Expression<unknown> {
  switch (sort) {
    case "name":
      return sql`f.sort_name`;
    case "status":
      return STATUS_RANK;
    case "start":
      return sql`f.start_date`;
    case "total":
      return sql`f.total_budget_cents`;
    case "esr":
      return sql`f.esr_cents`;
    case "own":
      return sql`f.own_cents`;
    case "city":
      return sql`f.commitment_cents`;
    case "thisYear":
      return THIS_YEAR;
    case "warnings":
      return sql`f.warning_count`;
  }
}

/**
 * The conditions of the filters on a query that has the project as `p` and its figures row as
 * `f` (visibility, status, funder, lead or implementer, unit, year, text): shared by every portfolio-wide view.
 */
// kysely cannot type one condition over differently shaped queries that share the aliases p and f.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withProjectFilters<Q extends { where: (...a: any[]) => Q }>(q: Q, viewer: Viewer, filters: PortfolioFilters, today?: string): Q {
  q = q.where(projectVisible(viewer, "p"));
  if (filters.pace === "behind") q = q.where(behindPace(today ?? todayInHelsinki()));
  if (filters.status) q = q.where("p.status", "=", filters.status);
  if (filters.funderId) q = q.where("p.funder_organisation_id", "=", filters.funderId);
  if (filters.organisationId) {
    q = q.where(
      sql<SqlBool>`(p.lead_organisation_id = ${filters.organisationId} OR EXISTS (SELECT 1 FROM plan_implementer pi WHERE pi.plan_version_id = f.plan_version_id AND pi.organisation_id = ${filters.organisationId}))`,
    );
  }
  if (filters.year) q = q.where("f.start_date", "<=", `${filters.year}-12-31`).where("f.end_date", ">=", `${filters.year}-01-01`);
  if (filters.unitId)
    q = q.where(sql<SqlBool>`EXISTS (SELECT 1 FROM project_financier pf WHERE pf.project_id = p.id AND pf.organisation_id = ${filters.unitId})`);
  const text = (filters.q ?? "").trim();
  if (text) {
    const key = likeContains(finnishSortKey(text));
    const raw = likeContains(text);
    q = q.where(sql<SqlBool>`(f.sort_name LIKE ${key} ESCAPE '\\' OR f.sort_short_name LIKE ${key} ESCAPE '\\' OR p.case_number LIKE ${raw} ESCAPE '\\')`);
  }
  return q;
}

/** The projects a viewer sees that pass the filters, with their figures row `f` and this year's row `y`. */
function filtered(db: DB, viewer: Viewer, filters: PortfolioFilters, year: number, today: string) {
  return withProjectFilters(
    db
      .selectFrom("project_figure as f")
      .innerJoin("project as p", "p.id", "f.project_id")
      .leftJoin("project_year_figure as y", (j) => j.onRef("y.project_id", "=", "f.project_id").on("y.year", "=", year)),
    viewer,
    filters,
    today,
  );
}

type Totals = { count: number; total: number; esr: number; own: number; city: number; cityConditional: number; thisYear: number; warnings: number };

/** The totals of every project that passes the filters, summed row by row. */
async function scannedTotals(db: DB, viewer: Viewer, filters: PortfolioFilters, year: number, today: string): Promise<Totals> {
  return filtered(db, viewer, filters, year, today)
    .select((eb) => [
      eb.fn.countAll<number>().as("count"),
      sql<number>`COALESCE(SUM(f.total_budget_cents), 0)`.as("total"),
      sql<number>`COALESCE(SUM(f.esr_cents), 0)`.as("esr"),
      sql<number>`COALESCE(SUM(f.own_cents), 0)`.as("own"),
      sql<number>`COALESCE(SUM(f.commitment_cents), 0)`.as("city"),
      sql<number>`COALESCE(SUM(f.commitment_conditional_cents), 0)`.as("cityConditional"),
      sql<number>`COALESCE(SUM(${THIS_YEAR}), 0)`.as("thisYear"),
      sql<number>`COALESCE(SUM(f.warning_count), 0)`.as("warnings"),
    ])
    .executeTakeFirstOrThrow();
}

/**
 * The same totals from the running totals by status (a few rows), when nothing but the status
 * narrows the list and the viewer sees projects by status; null otherwise.
 */
async function runningTotals(db: DB, viewer: Viewer, filters: PortfolioFilters, year: number): Promise<Totals | null> {
  if (
    filters.unitId ||
    filters.funderId ||
    filters.organisationId ||
    filters.year ||
    filters.pace ||
    (filters.q ?? "").trim() ||
    projectScope(viewer).kind === "organisation"
  )
    return null;
  const statuses = statusesSummed(viewer, filters.status ?? null);
  if (statuses.length === 0) return { count: 0, total: 0, esr: 0, own: 0, city: 0, cityConditional: 0, thisYear: 0, warnings: 0 };
  const p = await db
    .selectFrom("portfolio_total")
    .select([
      sql<number>`COALESCE(SUM(projects), 0)`.as("count"),
      sql<number>`COALESCE(SUM(total_budget_cents), 0)`.as("total"),
      sql<number>`COALESCE(SUM(esr_cents), 0)`.as("esr"),
      sql<number>`COALESCE(SUM(own_cents), 0)`.as("own"),
      sql<number>`COALESCE(SUM(commitment_cents), 0)`.as("city"),
      sql<number>`COALESCE(SUM(commitment_conditional_cents), 0)`.as("cityConditional"),
      sql<number>`COALESCE(SUM(warning_count), 0)`.as("warnings"),
    ])
    .where("status", "in", statuses)
    .executeTakeFirstOrThrow();
  const y = await db
    .selectFrom("funding_total")
    .select(sql<number>`COALESCE(SUM(commitment_cents), 0)`.as("thisYear"))
    .where("financier_id", "=", 0)
    .where("status", "in", statuses)
    .where("year", "=", year)
    .executeTakeFirstOrThrow();
  return { ...p, thisYear: y.thisYear };
}

/** One page of the portfolio (`page` is moved to the nearest page that exists) and the totals of every row that passes the filters. */
export async function listPortfolio(
  db: DB,
  viewer: Viewer,
  filters: PortfolioFilters = {},
  paging: { page?: number; size?: number } = {},
  now = new Date(),
): Promise<PortfolioPage> {
  const year = currentYear(now);
  const today = todayInHelsinki(now);
  const t = (await runningTotals(db, viewer, filters, year)) ?? (await scannedTotals(db, viewer, filters, year, today));
  const page = pageOf(t.count, paging.page ?? 1, paging.size ?? DEFAULT_PAGE_SIZE);
  const dir = filters.dir === "desc" ? "desc" : "asc";
  const sort = filters.sort ?? "name";
  const rows = await filtered(db, viewer, filters, year, today)
    .innerJoin("organisation as lead", "lead.id", "p.lead_organisation_id")
    .leftJoin("indicator as ri", (j) => j.onRef("ri.project_id", "=", "p.id").on("ri.kind", "=", "reach"))
    .leftJoin("indicator as oi", (j) => j.onRef("oi.project_id", "=", "p.id").on("oi.kind", "=", "outcome_either"))
    .select([
      "p.id",
      "p.name",
      "p.short_name",
      "p.case_number",
      "p.status",
      "lead.name as lead_name",
      "f.start_date",
      "f.end_date",
      "f.total_budget_cents",
      "f.esr_cents",
      "f.own_cents",
      "f.commitment_cents",
      "f.commitment_conditional_cents",
      "f.warning_count",
      THIS_YEAR.as("this_year_cents"),
      "ri.target_value as reach_target",
      "ri.value_total as reach_value",
      "ri.entry_count as reach_entries",
      "oi.value_total as outcome_value",
      "oi.target_kind as outcome_target_kind",
      "oi.target_value as outcome_target",
    ])
    .orderBy(orderExpression(sort), dir)
    .orderBy("f.sort_name", dir)
    .orderBy("p.id", dir)
    .limit(page.size)
    .offset(page.offset)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      shortName: r.short_name,
      caseNumber: r.case_number,
      status: r.status,
      leadName: r.lead_name,
      start: r.start_date,
      end: r.end_date,
      totalCents: r.total_budget_cents,
      esrCents: r.esr_cents,
      ownCents: r.own_cents,
      cityCents: r.commitment_cents,
      cityConditionalCents: r.commitment_conditional_cents,
      thisYearCents: r.this_year_cents,
      warningCount: r.warning_count,
      reach:
        r.reach_value === null
          ? null
          : {
              target: r.reach_target,
              value: r.reach_value,
              rateBp: rateBp(r.reach_value, r.reach_target),
              verdict: pace({ target: r.reach_target, value: r.reach_value, entryCount: r.reach_entries ?? 0, start: r.start_date, end: r.end_date, today })
                .verdict,
            },
      outcome:
        r.outcome_value === null
          ? null
          : {
              value: r.outcome_value,
              rateBp: rateBp(r.outcome_value, r.reach_value ?? 0),
              targetBp: r.outcome_target_kind === "percent" ? r.outcome_target : null,
            },
    })),
    totals: {
      count: t.count,
      totalCents: t.total,
      esrCents: t.esr,
      ownCents: t.own,
      cityCents: t.city,
      cityConditionalCents: t.cityConditional,
      thisYearCents: t.thisYear,
      warningCount: t.warnings,
    },
    page,
    year,
  };
}
