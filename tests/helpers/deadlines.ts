/**
 * An obligation with one deadline, written directly into the database (the project's current
 * period as its generation period), for tests that need a deadline of a given day and state
 * without going through the rules that generate them.
 */
import type { DB } from "../../db/connection";
import type { DeadlineStatus, ObligationKind } from "../../app/domain/obligations";

export async function insertDeadline(
  db: DB,
  projectId: number,
  d: {
    kind: ObligationKind;
    dueDate: string;
    title?: string;
    status?: DeadlineStatus;
    responsible?: number | null;
    reminderDays?: string;
    /** Default: the project's period. */
    periodStart?: string | null;
    periodEnd?: string | null;
  },
): Promise<number> {
  const plan = await db
    .selectFrom("plan_version")
    .select(["start_date", "end_date"])
    .where("project_id", "=", projectId)
    .where("state", "=", "current")
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const o = await db
    .insertInto("obligation")
    .values({
      project_id: projectId,
      kind: d.kind,
      title: d.title ?? "",
      times_per_year: null,
      every_months: null,
      due_date: d.kind === "single" || d.kind === "interim_report" ? d.dueDate : null,
      responsible_user_id: d.responsible ?? null,
      reminder_days: d.reminderDays ?? "30,7",
      gen_start: plan.start_date,
      gen_end: plan.end_date,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("deadline")
    .values({
      obligation_id: o.id,
      project_id: projectId,
      kind: d.kind,
      seq: 1,
      period_start: d.periodStart === undefined ? plan.start_date : d.periodStart,
      period_end: d.periodEnd === undefined ? plan.end_date : d.periodEnd,
      due_date: d.dueDate,
      status: d.status ?? "open",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
