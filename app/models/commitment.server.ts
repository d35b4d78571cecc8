/**
 * The city's co-financing commitments: writing them (on a project's current plan version)
 * and the city's totals per year, confirmed and conditional apart, per unit.
 */
import type { DB } from "../../db/connection";
import type { CommitmentInput } from "~/schemas/commitment";
import { commitmentsByYear, commitmentYears, type CommitmentYearTotals } from "~/domain/plan";
import { nowIso, yearsOf } from "~/domain/days";
import type { ConditionStatus } from "~/domain/vocabulary";
import { InputError } from "./errors.server";
import { getCurrentVersionId, loadPlanBundles, writeYears } from "./plan.server";
import { audited, type Actor } from "./audit.server";
import type { Viewer } from "~/domain/permissions";
import type { Tx } from "../../db/connection";

async function assertCityUnit(db: DB, organisationId: number): Promise<void> {
  const org = await db.selectFrom("organisation").select("kind").where("id", "=", organisationId).executeTakeFirst();
  if (!org) throw new InputError({ organisationId: { key: "error.organisation.unknown" } });
  if (org.kind !== "city" && org.kind !== "city_unit") throw new InputError({ organisationId: { key: "error.organisation.notCityUnit" } });
}

function values(input: CommitmentInput) {
  return {
    organisation_id: input.organisationId,
    amount_cents: input.amountCents,
    condition_status: input.conditionStatus,
    condition_text: input.conditionText,
    annual_budget_reservation: input.annualBudgetReservation ? 1 : 0,
    decision_body: input.decisionBody,
    decision_date: input.decisionDate,
    decision_section: input.decisionSection,
    note: input.note,
  };
}

export async function createCommitment(db: DB, actor: Actor, projectId: number, input: CommitmentInput): Promise<number | null> {
  await assertCityUnit(db, input.organisationId);
  return audited(db, actor, async (tx) => {
    const versionId = await getCurrentVersionId(tx, projectId);
    if (versionId === undefined) return null;
    const now = nowIso();
    const { id } = await tx
      .insertInto("commitment")
      .values({ ...values(input), plan_version_id: versionId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.years.length > 0) await tx.insertInto("commitment_year").values(input.years.map((y) => ({ commitment_id: id, year: y.year, amount_cents: y.amountCents }))).execute();
    return id;
  });
}

/** The commitment with its project, if it belongs to that project's current plan. */
export async function getCommitment(db: Tx, projectId: number, commitmentId: number) {
  const row = await db
    .selectFrom("commitment as c")
    .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
    .selectAll("c")
    .where("c.id", "=", commitmentId)
    .where("v.project_id", "=", projectId)
    .where("v.state", "=", "current")
    .executeTakeFirst();
  if (!row) return null;
  const years = await db.selectFrom("commitment_year").select(["year", "amount_cents"]).where("commitment_id", "=", commitmentId).orderBy("year").execute();
  return { ...row, years: years.map((y) => ({ year: y.year, amountCents: y.amount_cents })) };
}

export async function updateCommitment(db: DB, actor: Actor, projectId: number, commitmentId: number, input: CommitmentInput, revision: number): Promise<boolean> {
  await assertCityUnit(db, input.organisationId);
  return audited(db, actor, async (tx) => {
    const existing = await getCommitment(tx, projectId, commitmentId);
    if (!existing) return false;
    if (existing.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "commitment", id: commitmentId, revision });
    await tx
      .updateTable("commitment")
      .set((eb) => ({ ...values(input), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", commitmentId)
      .execute();
    await writeYears(tx, "commitment_year", "commitment_id", commitmentId, existing.years, input.years);
    return true;
  });
}

export async function deleteCommitment(db: DB, actor: Actor, projectId: number, commitmentId: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getCommitment(tx, projectId, commitmentId);
    if (!existing) return false;
    // The years first, so that their audit rows still find the project through the commitment.
    await tx.deleteFrom("commitment_year").where("commitment_id", "=", commitmentId).execute();
    await tx.deleteFrom("commitment").where("id", "=", commitmentId).execute();
    return true;
  });
}

export interface CityCommitments {
  years: number[];
  total: CommitmentYearTotals[];
  units: { organisationId: number; name: string; years: CommitmentYearTotals[] }[];
  projects: { projectId: number; name: string; shortName: string; years: CommitmentYearTotals[] }[];
}

/** The city's commitments per year over every project's current plan, per unit and in total. */
export async function cityCommitmentsByYear(db: DB, viewer: Viewer, range: { from?: number | null; to?: number | null } = {}): Promise<CityCommitments> {
  const bundles = await loadPlanBundles(db, { allCurrent: true, viewer });
  const projects = await db.selectFrom("project").select(["id", "name", "short_name"]).execute();
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const all: { organisationId: number; name: string; projectId: number; conditionStatus: ConditionStatus; years: { year: number; amountCents: number }[] }[] = [];
  for (const b of bundles.values()) {
    const period = { start: b.version.start_date, end: b.version.end_date };
    for (const c of b.commitments) {
      all.push({
        organisationId: c.organisationId,
        name: c.organisationName,
        projectId: b.version.project_id,
        conditionStatus: c.conditionStatus,
        years: commitmentYears({ amountCents: c.amountCents, entered: c.entered.length > 0 ? c.entered : null }, period),
      });
    }
  }
  const inRange = (y: number) => (range.from == null || y >= range.from) && (range.to == null || y <= range.to);
  const clip = <T extends { years: { year: number }[] }>(c: T) => ({ ...c, years: c.years.filter((y) => inRange(y.year)) });
  const clipped = all.map(clip);
  const total = commitmentsByYear(clipped);
  const yearSet = new Set(total.map((t) => t.year));
  const units = [...new Map(clipped.map((c) => [c.organisationId, c.name])).entries()]
    .map(([organisationId, name]) => ({ organisationId, name, years: commitmentsByYear(clipped.filter((c) => c.organisationId === organisationId)) }))
    .filter((u) => u.years.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, "fi"));
  const byProject = [...new Set(clipped.map((c) => c.projectId))]
    .map((projectId) => ({
      projectId,
      name: projectById.get(projectId)?.name ?? "",
      shortName: projectById.get(projectId)?.short_name ?? "",
      years: commitmentsByYear(clipped.filter((c) => c.projectId === projectId)),
    }))
    .filter((p) => p.years.length > 0)
    .sort((a, b) => a.shortName.localeCompare(b.shortName, "fi"));
  return { years: [...yearSet].sort((a, b) => a - b), total, units, projects: byProject };
}

/** What the commitment form needs: the project's name, its period's years, the city's units. */
export async function commitmentFormContext(db: DB, projectId: number) {
  const row = await db
    .selectFrom("project as p")
    .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "p.id").on("v.state", "=", "current"))
    .select(["p.id", "p.short_name", "v.start_date", "v.end_date"])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!row) return null;
  const units = await db.selectFrom("organisation").select(["id", "name", "kind"]).where("kind", "in", ["city", "city_unit"]).orderBy("name").execute();
  return { projectId: row.id, shortName: row.short_name, periodYears: yearsOf(row.start_date, row.end_date), units };
}
