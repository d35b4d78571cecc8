/**
 * The city's co-financing commitments: writing them (on a project's current plan version)
 * and the city's totals per year, confirmed and conditional apart, per unit.
 */
import type { DB, Tx } from "../../db/connection";
import type { CommitmentInput } from "~/schemas/commitment";
import type { CommitmentYearTotals } from "~/domain/plan";
import { pageOf, DEFAULT_PAGE_SIZE, type Page } from "~/domain/paging";
import { projectVisible, statusesSummed } from "./scope.server";
import { yearInRange } from "./sql.server";
import { sql, type SqlBool } from "kysely";
import { nowIso, yearsOf } from "~/domain/days";
import { InputError } from "./errors.server";
import { assertCityOrganisation } from "./organisation.server";
import { CITY_KINDS } from "~/domain/vocabulary";
import { getCurrentVersionId, insertCommitmentYears, writeYears } from "./plan-write.server";
import { audited, type Actor } from "./audit.server";
import type { Viewer } from "~/domain/permissions";

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
  await assertCityOrganisation(db, input.organisationId, "organisationId");
  return audited(db, actor, async (tx) => {
    const versionId = await getCurrentVersionId(tx, projectId);
    if (versionId === undefined) return null;
    const now = nowIso();
    const { id } = await tx
      .insertInto("commitment")
      .values({ ...values(input), plan_version_id: versionId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertCommitmentYears(tx, id, input.years);
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

export async function updateCommitment(
  db: DB,
  actor: Actor,
  projectId: number,
  commitmentId: number,
  input: CommitmentInput,
  revision: number,
): Promise<boolean> {
  await assertCityOrganisation(db, input.organisationId, "organisationId");
  return audited(db, actor, async (tx) => {
    const existing = await getCommitment(tx, projectId, commitmentId);
    if (!existing) return false;
    if (existing.revision !== revision)
      throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "commitment", id: commitmentId, revision });
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
  /** One page of the projects with commitments in the range (by short name). */
  projects: { projectId: number; name: string; shortName: string; years: CommitmentYearTotals[] }[];
  page: Page;
}

type Range = { from?: number | null; to?: number | null };

const STATE_SUMS = [
  sql<number>`SUM(CASE WHEN c.state = 'confirmed' THEN c.amount_cents ELSE 0 END)`.as("confirmed"),
  sql<number>`SUM(CASE WHEN c.state = 'conditional' THEN c.amount_cents ELSE 0 END)`.as("conditional"),
];

/**
 * The city's commitments per year over every visible project's current plan, per unit and in
 * total from the running totals of the per-year split of each commitment (derived rows of
 * migration 0006), and a page of the projects with their own split rows. Commitments whose
 * condition failed count for nothing.
 */
export async function cityCommitmentsByYear(
  db: DB,
  viewer: Viewer,
  range: Range = {},
  paging: { page?: number; size?: number } = {},
): Promise<CityCommitments> {
  // Per unit and year from the running totals (a few hundred rows), not from every split row.
  const statuses = statusesSummed(viewer);
  const byUnit =
    statuses.length === 0
      ? []
      : await db
          .selectFrom("commitment_total as c")
          .innerJoin("organisation as o", "o.id", "c.organisation_id")
          .select([
            "c.organisation_id",
            "o.name",
            "c.year",
            sql<number>`SUM(c.confirmed_cents)`.as("confirmed"),
            sql<number>`SUM(c.conditional_cents)`.as("conditional"),
          ])
          .where("c.status", "in", statuses)
          .where(yearInRange(range, "c.year"))
          .groupBy(["c.organisation_id", "o.name", "c.year"])
          .having(sql<SqlBool>`SUM(c.split_rows) > 0`)
          .orderBy("c.year")
          .execute();
  const toTotals = (r: { year: number; confirmed: number; conditional: number }): CommitmentYearTotals => ({
    year: r.year,
    confirmedCents: r.confirmed,
    conditionalCents: r.conditional,
  });
  const unitIds = [...new Set(byUnit.map((r) => r.organisation_id))];
  const units = unitIds
    .map((organisationId) => {
      const rows = byUnit.filter((r) => r.organisation_id === organisationId);
      return { organisationId, name: rows[0]!.name, years: rows.map(toTotals) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "fi"));
  const sums = new Map<number, CommitmentYearTotals>();
  for (const r of byUnit) {
    const x = sums.get(r.year) ?? { year: r.year, confirmedCents: 0, conditionalCents: 0 };
    sums.set(r.year, { year: r.year, confirmedCents: x.confirmedCents + r.confirmed, conditionalCents: x.conditionalCents + r.conditional });
  }
  const total = [...sums.values()].sort((a, b) => a.year - b.year);

  // The projects with a commitment that counts in the range (without a range: any, as counted in the figures).
  const ranged = range.from != null || range.to != null;
  const members = () =>
    db
      .selectFrom("project as p")
      .innerJoin("project_figure as f", "f.project_id", "p.id")
      .where(projectVisible(viewer, "p"))
      .where(
        ranged
          ? sql<SqlBool>`EXISTS (SELECT 1 FROM commitment_year_figure c WHERE c.project_id = p.id AND c.state <> 'failed' AND ${yearInRange(range, "c.year")})`
          : sql<SqlBool>`f.commitment_split_rows > 0`,
      );
  const { count } = ranged
    ? await members()
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .executeTakeFirstOrThrow()
    : statuses.length === 0
      ? { count: 0 }
      : await db
          .selectFrom("portfolio_total")
          .select(sql<number>`COALESCE(SUM(commitment_projects), 0)`.as("count"))
          .where("status", "in", statuses)
          .executeTakeFirstOrThrow();
  const page = pageOf(count, paging.page ?? 1, paging.size ?? DEFAULT_PAGE_SIZE);
  const pageRows = await members()
    .select(["p.id", "p.name", "p.short_name"])
    .orderBy("f.sort_short_name")
    .orderBy("p.id")
    .limit(page.size)
    .offset(page.offset)
    .execute();
  const perYear =
    pageRows.length === 0
      ? []
      : await db
          .selectFrom("commitment_year_figure as c")
          .select(["c.project_id", "c.year", ...STATE_SUMS])
          .where(
            "c.project_id",
            "in",
            pageRows.map((r) => r.id),
          )
          .where("c.state", "<>", "failed")
          .where(yearInRange(range, "c.year"))
          .groupBy(["c.project_id", "c.year"])
          .orderBy("c.year")
          .execute();
  return {
    years: total.map((t) => t.year),
    total,
    units,
    projects: pageRows.map((r) => ({
      projectId: r.id,
      name: r.name,
      shortName: r.short_name,
      years: perYear.filter((y) => y.project_id === r.id).map(toTotals),
    })),
    page,
  };
}

/**
 * The city's commitments per year over every project's current plan (whoever may see them),
 * leaving one project out: what a change request's effect on the city is added to.
 */
export async function cityTotalsWithout(db: Tx, projectId: number): Promise<CommitmentYearTotals[]> {
  const all = await db
    .selectFrom("funding_total as t")
    .select([
      "t.year",
      sql<number>`SUM(t.confirmed_cents)`.as("confirmed"),
      sql<number>`SUM(t.conditional_cents)`.as("conditional"),
      sql<number>`SUM(t.split_rows)`.as("rows"),
    ])
    .where("t.financier_id", "=", 0)
    .groupBy("t.year")
    .execute();
  const own = await db
    .selectFrom("project_year_figure as y")
    .select(["y.year", "y.confirmed_cents as confirmed", "y.conditional_cents as conditional", "y.split_rows as rows"])
    .where("y.project_id", "=", projectId)
    .execute();
  return all
    .map((a) => {
      const o = own.find((x) => x.year === a.year);
      return {
        year: a.year,
        confirmedCents: a.confirmed - (o?.confirmed ?? 0),
        conditionalCents: a.conditional - (o?.conditional ?? 0),
        rows: a.rows - (o?.rows ?? 0),
      };
    })
    .filter((r) => r.rows > 0)
    .sort((a, b) => a.year - b.year)
    .map(({ rows: _rows, ...r }) => r);
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
  const units = await db.selectFrom("organisation").select(["id", "name", "kind"]).where("kind", "in", CITY_KINDS).orderBy("name").execute();
  return { projectId: row.id, shortName: row.short_name, periodYears: yearsOf(row.start_date, row.end_date), units };
}
