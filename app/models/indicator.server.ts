/**
 * Targets and their dated entries. An indicator's totals to date (value, gender split, entry
 * count, last date) are recomputed from its entries in the same transaction as every change to
 * them, so that portfolio-wide views read one row per project (the reach indicator) and never
 * sum entries. Pace is the domain's (app/domain/indicators.ts); the portfolio's "behind pace"
 * filter is the same inequality in SQL (`behindPace`).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { Indicator } from "../../db/schema";
import type { EntryInput, IndicatorInput } from "~/schemas/indicator";
import { genderShares, isOutcomeKind, outcomeRate, pace, PACE_TOLERANCE_PERCENT, type IndicatorKind } from "~/domain/indicators";
import { nowIso, type Day } from "~/domain/days";
import { audited, type Actor } from "./audit.server";
import { InputError, isUniqueViolation } from "./errors.server";
import { projectPeriod, type ProjectPeriod } from "./plan-write.server";

export { projectPeriod, type ProjectPeriod };

export async function getIndicator(db: Tx, projectId: number, indicatorId: number): Promise<Indicator | undefined> {
  return db.selectFrom("indicator").selectAll().where("id", "=", indicatorId).where("project_id", "=", projectId).executeTakeFirst();
}

function values(input: IndicatorInput) {
  return { kind: input.kind, name: input.name, unit: input.unit, target_kind: input.targetKind, target_value: input.target };
}

async function withDuplicateKind<T>(kind: IndicatorKind, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e, "indicator")) throw new InputError({ kind: { key: "error.indicator.duplicateKind", params: { kind } } });
    throw e;
  }
}

export async function createIndicator(db: DB, actor: Actor, projectId: number, input: IndicatorInput): Promise<number | null> {
  return withDuplicateKind(input.kind, () =>
    audited(db, actor, async (tx) => {
      if (!(await projectPeriod(tx, projectId))) return null;
      const now = nowIso();
      const max = await tx
        .selectFrom("indicator")
        .select(sql<number>`COALESCE(MAX(position), 0)`.as("p"))
        .where("project_id", "=", projectId)
        .executeTakeFirst();
      const { id } = await tx
        .insertInto("indicator")
        .values({ ...values(input), project_id: projectId, position: (max?.p ?? 0) + 1, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      return id;
    }),
  );
}

export async function updateIndicator(db: DB, actor: Actor, projectId: number, indicatorId: number, input: IndicatorInput, revision: number): Promise<boolean> {
  return withDuplicateKind(input.kind, () =>
    audited(db, actor, async (tx) => {
      const existing = await getIndicator(tx, projectId, indicatorId);
      if (!existing) return false;
      if (existing.revision !== revision)
        throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "indicator", id: indicatorId, revision });
      // The kind decides what the entries mean: it stays what it was once entries exist.
      if (existing.kind !== input.kind && existing.entry_count > 0) throw new InputError({ kind: { key: "error.indicator.kindLocked" } });
      await tx
        .updateTable("indicator")
        .set((eb) => ({ ...values(input), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
        .where("id", "=", indicatorId)
        .execute();
      await checkOutcomesWithinReach(tx, projectId);
      return true;
    }),
  );
}

export async function deleteIndicator(db: DB, actor: Actor, projectId: number, indicatorId: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getIndicator(tx, projectId, indicatorId);
    if (!existing) return false;
    await tx.deleteFrom("indicator").where("id", "=", indicatorId).execute();
    return true;
  });
}

/** Recomputes an indicator's totals from its entries (same transaction). */
export async function refreshTotals(tx: Tx, indicatorId: number): Promise<void> {
  await sql`UPDATE indicator SET
      value_total = (SELECT COALESCE(SUM(value), 0) FROM indicator_entry WHERE indicator_id = ${indicatorId}),
      women_total = (SELECT COALESCE(SUM(women), 0) FROM indicator_entry WHERE indicator_id = ${indicatorId}),
      men_total = (SELECT COALESCE(SUM(men), 0) FROM indicator_entry WHERE indicator_id = ${indicatorId}),
      other_total = (SELECT COALESCE(SUM(other), 0) FROM indicator_entry WHERE indicator_id = ${indicatorId}),
      gender_reported_total = (SELECT COALESCE(SUM(value), 0) FROM indicator_entry WHERE indicator_id = ${indicatorId} AND women IS NOT NULL),
      entry_count = (SELECT COUNT(*) FROM indicator_entry WHERE indicator_id = ${indicatorId}),
      last_entry_date = (SELECT MAX(entry_date) FROM indicator_entry WHERE indicator_id = ${indicatorId})
    WHERE id = ${indicatorId}`.execute(tx);
}

/**
 * Outcomes are counted among those reached: no outcome count may exceed the reach to date.
 * (Checked after every change to either, inside the transaction, so a refused change leaves nothing.)
 */
export async function checkOutcomesWithinReach(tx: Tx, projectId: number, field = "value"): Promise<void> {
  const rows = await tx.selectFrom("indicator").select(["kind", "value_total", "target_kind", "target_value"]).where("project_id", "=", projectId).execute();
  const reach = rows.find((r) => r.kind === "reach");
  if (!reach) return;
  for (const r of rows) {
    if (isOutcomeKind(r.kind) && r.value_total > reach.value_total)
      throw new InputError({ [field]: { key: "error.entry.outcomeAboveReach", params: { outcomes: r.value_total, reached: reach.value_total } } });
    if (isOutcomeKind(r.kind) && r.target_kind === "count" && r.target_value !== null && reach.target_value !== null && r.target_value > reach.target_value)
      throw new InputError({ target: { key: "error.indicator.outcomeTargetAboveReach", params: { target: reach.target_value } } });
  }
}

export async function addEntry(
  db: DB,
  actor: Actor,
  projectId: number,
  indicatorId: number,
  input: EntryInput,
  today: Day,
  source: "manager" | "report" | "import" = "manager",
): Promise<number | null> {
  return audited(db, actor, async (tx) => {
    const indicator = await getIndicator(tx, projectId, indicatorId);
    const period = await projectPeriod(tx, projectId);
    if (!indicator || !period) return null;
    if (input.entryDate < period.start || input.entryDate > period.end)
      throw new InputError({ entryDate: { key: "error.entry.outsidePeriod", params: { startDay: period.start, endDay: period.end } } });
    if (input.entryDate > today) throw new InputError({ entryDate: { key: "error.entry.future", params: { todayDay: today } } });
    const { id } = await tx
      .insertInto("indicator_entry")
      .values({
        indicator_id: indicatorId,
        entry_date: input.entryDate,
        value: input.value,
        women: input.women,
        men: input.men,
        other: input.other,
        note: input.note,
        source,
        created_by: actor.userId,
        created_at: nowIso(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await refreshTotals(tx, indicatorId);
    await checkOutcomesWithinReach(tx, projectId);
    return id;
  });
}

export async function deleteEntry(db: DB, actor: Actor, projectId: number, indicatorId: number, entryId: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const indicator = await getIndicator(tx, projectId, indicatorId);
    if (!indicator) return false;
    const gone = await tx.deleteFrom("indicator_entry").where("id", "=", entryId).where("indicator_id", "=", indicatorId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return false;
    await refreshTotals(tx, indicatorId);
    await checkOutcomesWithinReach(tx, projectId, "entry");
    return true;
  });
}

export async function listEntries(db: Tx, indicatorId: number) {
  return db
    .selectFrom("indicator_entry")
    .selectAll()
    .where("indicator_id", "=", indicatorId)
    .orderBy("entry_date", "desc")
    .orderBy("id", "desc")
    .limit(500)
    .execute();
}

export interface IndicatorView {
  id: number;
  kind: IndicatorKind;
  name: string;
  unit: string;
  targetKind: "count" | "percent";
  target: number | null;
  value: number;
  entryCount: number;
  lastEntryDate: string | null;
  gender: { womenBp: number; menBp: number; otherBp: number; reported: number } | null;
  /** For counts: pace over the period. */
  pace: ReturnType<typeof pace> | null;
  /** For outcomes as a share of those reached. */
  outcome: ReturnType<typeof outcomeRate> | null;
  /** Outcome count as a share of those reached (shown for count targets too). */
  shareOfReachedBp: number | null;
  revision: number;
}

/** A project's indicators with rate, gender split and pace on `today`. */
export async function projectIndicators(db: Tx, projectId: number, period: ProjectPeriod, today: Day): Promise<IndicatorView[]> {
  const rows = await db.selectFrom("indicator").selectAll().where("project_id", "=", projectId).orderBy("position").orderBy("id").execute();
  const reached = rows.find((r) => r.kind === "reach")?.value_total ?? null;
  return rows.map((r) => {
    const outcome = isOutcomeKind(r.kind);
    const shares = genderShares({ women: r.women_total, men: r.men_total, other: r.other_total, reported: r.gender_reported_total });
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      unit: r.unit,
      targetKind: r.target_kind,
      target: r.target_value,
      value: r.value_total,
      entryCount: r.entry_count,
      lastEntryDate: r.last_entry_date,
      gender: shares ? { ...shares, reported: r.gender_reported_total } : null,
      pace:
        r.target_kind === "count"
          ? pace({ target: r.target_value, value: r.value_total, entryCount: r.entry_count, start: period.start, end: period.end, today })
          : null,
      outcome: outcome && r.target_kind === "percent" ? outcomeRate(r.value_total, reached ?? 0, r.target_value) : null,
      shareOfReachedBp: outcome && reached ? Math.floor((2 * r.value_total * 10_000 + reached) / (2 * reached)) : null,
      revision: r.revision,
    };
  });
}

/**
 * The portfolio's "behind pace": the project's reach indicator behind its target's pace on
 * `today` (the same inequality as `pace()`), over a query with the project as `p` and its
 * figures row as `f`.
 */
export function behindPace(today: Day): RawBuilder<SqlBool> {
  const lower = 100 - PACE_TOLERANCE_PERCENT;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM indicator ri WHERE ri.project_id = p.id AND ri.kind = 'reach' AND ri.target_value > 0 AND ri.entry_count > 0
    AND ${today} BETWEEN f.start_date AND f.end_date AND ri.value_total < ri.target_value
    AND ri.value_total * (julianday(f.end_date) - julianday(f.start_date) + 1) * 100 < ri.target_value * (julianday(${today}) - julianday(f.start_date) + 1) * ${lower})`;
}
