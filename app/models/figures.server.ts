/**
 * The derived figures of migration 0006: recomputing the rows of the projects that triggers
 * marked dirty, inside the transaction of the change (called by `audited()` before it commits,
 * and after migrating). Reads never compute them; they sum them in SQL.
 */
import { sql } from "kysely";
import type { DB, Tx } from "../../db/connection";
import { projectFigures } from "~/domain/figures";
import { finnishSortKey } from "~/domain/names";
import { cityOrganisationIds } from "./organisation.server";
import { loadPlanBundles, organisationNames } from "./plan.server";
import { syncObligationPeriods } from "./obligation.server";

/** Projects recomputed per round: bounds the ids in one statement and the bundles held in memory. */
const CHUNK = 500;
/** Rows per INSERT statement (SQLite allows 32 766 variables; a year row has 13 columns). */
const INSERT_ROWS = 500;

async function insertChunked<T>(rows: T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await insert(rows.slice(i, i + INSERT_ROWS));
}

/** Recomputes the figures of every dirty project and clears the marks. Returns how many were recomputed. */
export async function refreshFigures(tx: Tx): Promise<number> {
  let done = 0;
  let cityIds: Set<number> | undefined;
  for (;;) {
    const dirty = (await tx.selectFrom("figure_dirty").select("project_id").orderBy("project_id").limit(CHUNK).execute()).map((r) => r.project_id);
    if (dirty.length === 0) return done;
    cityIds ??= await cityOrganisationIds(tx);
    await recompute(tx, dirty, cityIds);
    // A period that moved moves the future deadlines of the project's obligations with it.
    await syncObligationPeriods(tx, dirty);
    await tx.deleteFrom("figure_dirty").where("project_id", "in", dirty).execute();
    done += dirty.length;
  }
}

const FUNDING_SUMS: [string, string][] = [
  ["esr_cents", "y.esr_cents"],
  ["own_cents", "y.own_cents"],
  ["municipal_cents", "y.municipal_cents"],
  ["other_public_cents", "y.other_public_cents"],
  ["private_cents", "y.private_cents"],
  ["financing_total_cents", "y.financing_total_cents"],
  ["city_cents", "y.city_cents"],
  ["eu_cents", "y.eu_cents"],
  ["state_cents", "y.state_cents"],
  ["commitment_cents", "y.confirmed_cents + y.conditional_cents"],
  ["confirmed_cents", "y.confirmed_cents"],
  ["conditional_cents", "y.conditional_cents"],
  ["split_rows", "y.split_rows"],
  ["year_rows", "1"],
  ["plan_rows", "y.in_plan"],
];

/**
 * Adds (sign 1) or subtracts (sign -1) the stored rows of these projects to the running totals
 * (portfolio_total, funding_total, commitment_total), under the status the figures were
 * computed with.
 */
async function applyTotals(tx: Tx, projectIds: number[], sign: 1 | -1): Promise<void> {
  const ids = sql.join(projectIds);
  const cols = FUNDING_SUMS.map(([c]) => c).join(", ");
  const sums = FUNDING_SUMS.map(([, e]) => `${sign} * SUM(${e})`).join(", ");
  const update = FUNDING_SUMS.map(([c]) => `${c} = funding_total.${c} + excluded.${c}`).join(", ");
  const fundingInsert = (financier: string, join: string, group: string) =>
    sql`INSERT INTO funding_total (status, financier_id, year, ${sql.raw(cols)})
      SELECT f.status, ${sql.raw(financier)}, y.year, ${sql.raw(sums)}
      FROM project_year_figure y JOIN project_figure f ON f.project_id = y.project_id ${sql.raw(join)}
      WHERE y.project_id IN (${ids}) GROUP BY ${sql.raw(group)}
      ON CONFLICT (financier_id, status, year) DO UPDATE SET ${sql.raw(update)}`.execute(tx);
  await fundingInsert("0", "", "f.status, y.year");
  await fundingInsert("pf.organisation_id", "JOIN project_financier pf ON pf.project_id = y.project_id", "f.status, pf.organisation_id, y.year");
  const portfolio = ["total_budget_cents", "esr_cents", "own_cents", "commitment_cents", "commitment_conditional_cents", "warning_count"];
  await sql`INSERT INTO portfolio_total (status, projects, commitment_projects, ${sql.raw(portfolio.join(", "))})
    SELECT f.status, ${sql.raw(String(sign))} * COUNT(*), ${sql.raw(String(sign))} * SUM(CASE WHEN f.commitment_split_rows > 0 THEN 1 ELSE 0 END), ${sql.raw(portfolio.map((c) => `${sign} * SUM(f.${c})`).join(", "))}
    FROM project_figure f WHERE f.project_id IN (${ids}) GROUP BY f.status
    ON CONFLICT (status) DO UPDATE SET projects = portfolio_total.projects + excluded.projects, commitment_projects = portfolio_total.commitment_projects + excluded.commitment_projects,
      ${sql.raw(portfolio.map((c) => `${c} = portfolio_total.${c} + excluded.${c}`).join(", "))}`.execute(tx);
  await sql`INSERT INTO commitment_total (status, organisation_id, year, confirmed_cents, conditional_cents, split_rows)
    SELECT f.status, c.organisation_id, c.year,
      ${sql.raw(String(sign))} * SUM(CASE WHEN c.state = 'confirmed' THEN c.amount_cents ELSE 0 END),
      ${sql.raw(String(sign))} * SUM(CASE WHEN c.state = 'conditional' THEN c.amount_cents ELSE 0 END),
      ${sql.raw(String(sign))} * COUNT(*)
    FROM commitment_year_figure c JOIN project_figure f ON f.project_id = c.project_id
    WHERE c.project_id IN (${ids}) AND c.state <> 'failed' GROUP BY f.status, c.organisation_id, c.year
    ON CONFLICT (status, organisation_id, year) DO UPDATE SET
      confirmed_cents = commitment_total.confirmed_cents + excluded.confirmed_cents,
      conditional_cents = commitment_total.conditional_cents + excluded.conditional_cents,
      split_rows = commitment_total.split_rows + excluded.split_rows`.execute(tx);
  if (sign === -1) {
    await sql`DELETE FROM funding_total WHERE year_rows = 0`.execute(tx);
    await sql`DELETE FROM commitment_total WHERE split_rows = 0`.execute(tx);
    await sql`DELETE FROM portfolio_total WHERE projects = 0`.execute(tx);
  }
}

async function recompute(tx: Tx, projectIds: number[], cityIds: Set<number>): Promise<void> {
  await applyTotals(tx, projectIds, -1);
  await tx.deleteFrom("project_figure").where("project_id", "in", projectIds).execute();
  await tx.deleteFrom("project_year_figure").where("project_id", "in", projectIds).execute();
  await tx.deleteFrom("commitment_year_figure").where("project_id", "in", projectIds).execute();
  await tx.deleteFrom("project_financier").where("project_id", "in", projectIds).execute();
  const rows = await tx
    .selectFrom("project as p")
    .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "p.id").on("v.state", "=", "current"))
    .select(["p.id", "p.name", "p.short_name", "p.status", "p.eu_share_bp", "v.id as version_id"])
    .where("p.id", "in", projectIds)
    .execute();
  if (rows.length === 0) return; // deleted projects, or none with a current plan: nothing to add
  const bundles = await loadPlanBundles(tx, { versionIds: rows.map((r) => r.version_id) }, cityIds);
  const names = organisationNames(bundles.values());
  const figureRows = [];
  const yearRows = [];
  const splitRows = [];
  const financierRows = [];
  for (const r of rows) {
    const b = bundles.get(r.version_id)!;
    const f = projectFigures(b.data, b.commitmentData, r.eu_share_bp, { cityOrganisationIds: cityIds, names });
    const t = f.totals;
    figureRows.push({
      project_id: r.id,
      plan_version_id: r.version_id,
      sort_name: finnishSortKey(r.name),
      sort_short_name: finnishSortKey(r.short_name),
      status: r.status,
      start_date: b.version.start_date,
      end_date: b.version.end_date,
      total_budget_cents: t.totalBudgetCents,
      esr_cents: t.esrCents,
      own_cents: t.ownCents,
      plan_city_cents: t.planCityCents,
      financing_total_cents: t.financingTotalCents,
      eu_cents: t.euCents,
      state_cents: t.stateCents,
      commitment_cents: t.commitmentCents,
      commitment_conditional_cents: t.commitmentConditionalCents,
      commitment_split_rows: f.commitmentYears.filter((c) => c.state !== "failed").length,
      warning_count: t.warningCount,
    });
    for (const y of f.years) {
      yearRows.push({
        project_id: r.id,
        year: y.year,
        in_plan: y.inPlan ? 1 : 0,
        esr_cents: y.financing.esr,
        own_cents: y.financing.own,
        municipal_cents: y.financing.municipal,
        other_public_cents: y.financing.other_public,
        private_cents: y.financing.private,
        financing_total_cents: y.financingTotalCents,
        city_cents: y.cityCents,
        eu_cents: y.euCents,
        state_cents: y.stateCents,
        confirmed_cents: y.confirmedCents,
        conditional_cents: y.conditionalCents,
        split_rows: y.splitRows,
      });
    }
    for (const s of f.commitmentYears) {
      splitRows.push({
        commitment_id: Number(s.commitmentKey),
        year: s.year,
        project_id: r.id,
        organisation_id: s.organisationId,
        state: s.state,
        amount_cents: s.amountCents,
      });
    }
    for (const o of f.financiers) financierRows.push({ project_id: r.id, organisation_id: o });
  }
  await insertChunked(figureRows, (part) => tx.insertInto("project_figure").values(part).execute());
  await insertChunked(yearRows, (part) => tx.insertInto("project_year_figure").values(part).execute());
  await insertChunked(splitRows, (part) => tx.insertInto("commitment_year_figure").values(part).execute());
  await insertChunked(financierRows, (part) => tx.insertInto("project_financier").values(part).execute());
  await applyTotals(tx, projectIds, 1);
}

/** Recomputes whatever is marked dirty in a transaction of its own (after migrating). */
export async function refreshDirtyFigures(db: DB): Promise<number> {
  return db.transaction().execute((tx) => refreshFigures(tx));
}
