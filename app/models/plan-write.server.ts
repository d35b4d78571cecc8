/**
 * Plan versions written: a plan saved in place or as a new version, its lines, implementers and
 * entered years updated in place (so the audit trail shows what changed), version states, and
 * the commitments a new version carries over.
 */
import type { DB, Tx } from "../../db/connection";
import type { PlanVersion } from "../../db/schema";
import type { PlanInput } from "~/schemas/ledger";

import type { YearAmount } from "~/domain/split";

import { nowIso, type Day } from "~/domain/days";
import { assertOrganisationsExist } from "./organisation.server";
import { InputError, NotFoundError } from "./errors.server";
import { audited, type Actor } from "./audit.server";

import { computedLines, planOrganisationRefs } from "~/schemas/plan-input";

/** The cost model is chosen at application and never changes: every version must keep the first one's. */
export async function assertCostModelKept(db: Tx, projectId: number, plan: PlanInput, exceptVersionId?: number): Promise<void> {
  let q = db.selectFrom("plan_version").select(["id", "cost_model", "flat_rate_bp"]).where("project_id", "=", projectId).orderBy("version_number");
  if (exceptVersionId !== undefined) q = q.where("id", "<>", exceptVersionId);
  const first = await q.executeTakeFirst();
  if (first && (first.cost_model !== plan.costModel || (first.cost_model === "flat_staff" && first.flat_rate_bp !== plan.flatRateBp))) {
    throw new InputError({ costModel: { key: "error.costModel.changed", params: { model: first.cost_model } } });
  }
}

/**
 * Writes the lines and implementers of a version. Rows that stay the same are left alone and
 * changed ones are updated in place (by position), so the audit trail shows what changed, not
 * a delete and re-insert of everything.
 */
export async function writePlanContents(db: Tx, versionId: number, plan: PlanInput): Promise<void> {
  const lines = computedLines(plan);
  const existing = await db.selectFrom("plan_line").selectAll().where("plan_version_id", "=", versionId).orderBy("position").orderBy("id").execute();
  const existingYears = existing.length
    ? await db
        .selectFrom("plan_line_year")
        .selectAll()
        .where(
          "plan_line_id",
          "in",
          existing.map((l) => l.id),
        )
        .orderBy("year")
        .execute()
    : [];
  for (const [position, l] of lines.entries()) {
    const values = {
      side: l.side,
      kind: l.kind,
      organisation_id: l.organisationId,
      label: l.label,
      amount_cents: l.amountCents,
      stated_percent_bp: l.statedPercentBp,
      staff_hours_centi: l.staffHoursCenti,
      hourly_rate_cents: l.hourlyRateCents,
      position,
    };
    const old = existing[position];
    let lineId: number;
    if (old) {
      lineId = old.id;
      const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => old[k] === values[k]);
      if (!same) await db.updateTable("plan_line").set(values).where("id", "=", old.id).execute();
    } else {
      ({ id: lineId } = await db
        .insertInto("plan_line")
        .values({ ...values, plan_version_id: versionId })
        .returning("id")
        .executeTakeFirstOrThrow());
    }
    await writeYears(
      db,
      "plan_line_year",
      "plan_line_id",
      lineId,
      existingYears.filter((y) => y.plan_line_id === lineId).map((y) => ({ year: y.year, amountCents: y.amount_cents })),
      l.years,
    );
  }
  for (const old of existing.slice(lines.length)) await db.deleteFrom("plan_line").where("id", "=", old.id).execute();

  const implementers = await db.selectFrom("plan_implementer").selectAll().where("plan_version_id", "=", versionId).execute();
  const wanted = new Map(plan.implementers.map((i) => [i.organisationId, i]));
  for (const old of implementers) {
    const w = wanted.get(old.organisation_id);
    if (!w) await db.deleteFrom("plan_implementer").where("id", "=", old.id).execute();
    else if (w.role !== old.role || w.budgetCents !== old.budget_cents)
      await db.updateTable("plan_implementer").set({ role: w.role, budget_cents: w.budgetCents }).where("id", "=", old.id).execute();
    wanted.delete(old.organisation_id);
  }
  for (const i of wanted.values()) {
    await db
      .insertInto("plan_implementer")
      .values({ plan_version_id: versionId, organisation_id: i.organisationId, role: i.role, budget_cents: i.budgetCents })
      .execute();
  }
}

/** Brings a row's entered yearly amounts from `before` to `after`, touching only the years that differ. */
export async function writeYears(
  db: Tx,
  table: "plan_line_year" | "commitment_year",
  fk: "plan_line_id" | "commitment_id",
  ownerId: number,
  before: YearAmount[],
  after: YearAmount[],
): Promise<void> {
  const old = new Map(before.map((y) => [y.year, y.amountCents]));
  const next = new Map(after.map((y) => [y.year, y.amountCents]));
  for (const [year] of old)
    if (!next.has(year))
      await db
        .deleteFrom(table)
        .where(fk as never, "=", ownerId as never)
        .where("year", "=", year)
        .execute();
  for (const [year, cents] of next) {
    if (!old.has(year))
      await db
        .insertInto(table)
        .values({ [fk]: ownerId, year, amount_cents: cents } as never)
        .execute();
    else if (old.get(year) !== cents)
      await db
        .updateTable(table)
        .set({ amount_cents: cents })
        .where(fk as never, "=", ownerId as never)
        .where("year", "=", year)
        .execute();
  }
}

/** A plan version's own columns from the plan form. */
export const planVersionColumns = (plan: PlanInput) => ({
  start_date: plan.start,
  end_date: plan.end,
  total_budget_cents: plan.totalBudgetCents,
  cost_model: plan.costModel,
  flat_rate_bp: plan.flatRateBp,
  note: plan.note,
});

/** Moves a plan version to another state (current, superseded, proposed, rejected). */
export async function setVersionState(tx: Tx, versionId: number, state: PlanVersion["state"], now: string): Promise<void> {
  await tx
    .updateTable("plan_version")
    .set((eb) => ({ state, updated_at: now, revision: eb("revision", "+", 1) }))
    .where("id", "=", versionId)
    .execute();
}

export async function insertPlanVersion(db: Tx, projectId: number, versionNumber: number, state: PlanVersion["state"], plan: PlanInput): Promise<number> {
  const now = nowIso();
  const { id } = await db
    .insertInto("plan_version")
    .values({
      project_id: projectId,
      version_number: versionNumber,
      state,
      ...planVersionColumns(plan),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writePlanContents(db, id, plan);
  return id;
}

export interface ProjectPeriod {
  start: Day;
  end: Day;
}

/** The current plan's period of a project (undefined when it has no current plan). */
export async function projectPeriod(db: Tx, projectId: number): Promise<ProjectPeriod | undefined> {
  const v = await db
    .selectFrom("plan_version")
    .select(["start_date", "end_date"])
    .where("project_id", "=", projectId)
    .where("state", "=", "current")
    .executeTakeFirst();
  return v ? { start: v.start_date, end: v.end_date } : undefined;
}

export async function getCurrentVersionId(db: Tx, projectId: number): Promise<number | undefined> {
  const row = await db.selectFrom("plan_version").select("id").where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirst();
  return row?.id;
}

/**
 * Saves a plan: over the current version (checking the revision it was loaded from), or as a
 * new version that supersedes it. Either way the cost model must stay what it was.
 */
export async function savePlan(db: DB, actor: Actor, projectId: number, plan: PlanInput, opts: { revision: number; asNewVersion: boolean }): Promise<number> {
  return audited(db, actor, async (tx) => {
    const current = await tx.selectFrom("plan_version").selectAll().where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirst();
    if (!current) throw new NotFoundError();
    await assertOrganisationsExist(tx, planOrganisationRefs(plan));
    if (current.revision !== opts.revision) {
      throw new InputError({ planRevision: { key: "error.revision.stale" } }, { entity: "plan_version", id: current.id, revision: opts.revision });
    }
    if (opts.asNewVersion) {
      await assertCostModelKept(tx, projectId, plan);
      const maxRow = await tx
        .selectFrom("plan_version")
        .select((eb) => eb.fn.max("version_number").as("n"))
        .where("project_id", "=", projectId)
        .executeTakeFirstOrThrow();
      await tx.updateTable("plan_version").set({ state: "superseded", updated_at: nowIso() }).where("id", "=", current.id).execute();
      const id = await insertPlanVersion(tx, projectId, Number(maxRow.n) + 1, "current", plan);
      await copyCommitments(tx, current.id, id);
      return id;
    }
    await assertCostModelKept(tx, projectId, plan, current.id);
    const q = tx
      .updateTable("plan_version")
      .set((eb) => ({ ...planVersionColumns(plan), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", current.id);
    const r = await q.where("revision", "=", opts.revision).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0)
      throw new InputError({ planRevision: { key: "error.revision.stale" } }, { entity: "plan_version", id: current.id, revision: opts.revision });
    await writePlanContents(tx, current.id, plan);
    return current.id;
  });
}

/** A new commitment's entered split (nothing when it has none). */
export async function insertCommitmentYears(tx: Tx, commitmentId: number, years: readonly YearAmount[]): Promise<void> {
  if (years.length === 0) return;
  await tx
    .insertInto("commitment_year")
    .values(years.map((y) => ({ commitment_id: commitmentId, year: y.year, amount_cents: y.amountCents })))
    .execute();
}

/** A new version carries the city's commitments over (they are decisions, not part of the plan text). */
export async function copyCommitments(tx: Tx, fromVersionId: number, toVersionId: number): Promise<void> {
  const rows = await tx.selectFrom("commitment").selectAll().where("plan_version_id", "=", fromVersionId).execute();
  for (const c of rows) {
    const { id: _id, plan_version_id: _v, revision: _r, ...rest } = c;
    const { id } = await tx
      .insertInto("commitment")
      .values({ ...rest, plan_version_id: toVersionId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const years = await tx.selectFrom("commitment_year").select(["year", "amount_cents"]).where("commitment_id", "=", c.id).execute();
    await insertCommitmentYears(
      tx,
      id,
      years.map((y) => ({ year: y.year, amountCents: y.amount_cents })),
    );
  }
}
