/**
 * Reporting obligations and their deadlines. An obligation's deadlines are generated from its
 * rule over the project's current period (app/domain/obligations.ts) when it is created, and
 * again, for the future open ones only, when the rule or the period changes: `syncObligationPeriods`
 * runs inside every audited transaction for the projects it touched (called by
 * refreshFigures), so a plan version or a decided change request that moves the period moves
 * the deadlines in the same transaction.
 */
import { sql } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { DeadlineInput, ObligationInput } from "~/schemas/obligation";
import { bucketOf, generateDeadlines, regenerate, type DeadlineBucket, type DeadlineStatus, type ObligationKind } from "~/domain/obligations";
import { nowIso, type Day } from "~/domain/days";
import { todayInHelsinki } from "~/domain/clock";
import type { Viewer } from "~/domain/permissions";
import { audited, type Actor } from "./audit.server";
import { InputError } from "./errors.server";
import { projectPeriod, type ProjectPeriod } from "./plan-write.server";
import { projectVisible } from "./scope.server";
import { toViewer } from "./user.server";

function ruleOf(o: { kind: ObligationKind; times_per_year: number | null; every_months: number | null; days_after: number; due_date: string | null }) {
  return { kind: o.kind, timesPerYear: o.times_per_year, everyMonths: o.every_months, daysAfter: o.days_after, dueDate: o.due_date };
}

function values(input: ObligationInput) {
  return {
    kind: input.kind,
    title: input.title,
    times_per_year: input.timesPerYear,
    every_months: input.everyMonths,
    days_after: input.daysAfter,
    due_date: input.dueDate,
    responsible_user_id: input.responsibleUserId,
    reminder_days: input.reminderDays.join(","),
  };
}

/** The person responsible must be an active user who may see the project. */
async function assertResponsible(tx: Tx, projectId: number, userId: number | null): Promise<void> {
  if (userId === null) return;
  const u = await tx.selectFrom("app_user").select(["id", "name", "email", "role", "organisation_id", "active"]).where("id", "=", userId).executeTakeFirst();
  const ok =
    u &&
    u.active === 1 &&
    (await tx
      .selectFrom("project as p")
      .select("p.id")
      .where("p.id", "=", projectId)
      .where(projectVisible(toViewer(u), "p"))
      .executeTakeFirst());
  if (!ok) throw new InputError({ responsibleUserId: { key: "error.obligation.responsible" } });
}

/** Applies the rule's series to the obligation's deadlines: all of them for a new one, the future open ones after a change. */
async function applySeries(
  tx: Tx,
  obligationId: number,
  projectId: number,
  kind: ObligationKind,
  rule: ReturnType<typeof ruleOf>,
  period: ProjectPeriod,
  today: Day | null,
) {
  const generated = generateDeadlines(rule, period.start, period.end);
  const now = nowIso();
  const existing = await tx.selectFrom("deadline").select(["id", "seq", "due_date", "status"]).where("obligation_id", "=", obligationId).execute();
  const plan =
    today === null
      ? { update: [], insert: generated, remove: [] }
      : regenerate(
          existing.map((e) => ({ id: e.id, seq: e.seq, dueDate: e.due_date, status: e.status })),
          generated,
          today,
        );
  if (plan.remove.length > 0) await tx.deleteFrom("deadline").where("id", "in", plan.remove).execute();
  for (const u of plan.update) {
    await tx
      .updateTable("deadline")
      .set((eb) => ({
        due_date: u.deadline.dueDate,
        period_start: u.deadline.periodStart,
        period_end: u.deadline.periodEnd,
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", u.id)
      .execute();
  }
  if (plan.insert.length > 0)
    await tx
      .insertInto("deadline")
      .values(
        plan.insert.map((g) => ({
          obligation_id: obligationId,
          project_id: projectId,
          kind,
          seq: g.seq,
          period_start: g.periodStart,
          period_end: g.periodEnd,
          due_date: g.dueDate,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  await tx.updateTable("obligation").set({ gen_start: period.start, gen_end: period.end }).where("id", "=", obligationId).execute();
}

export async function createObligation(db: DB, actor: Actor, projectId: number, input: ObligationInput): Promise<number | null> {
  return audited(db, actor, async (tx) => {
    const period = await projectPeriod(tx, projectId);
    if (!period) return null;
    await assertResponsible(tx, projectId, input.responsibleUserId);
    if (input.kind === "interim_report" && input.dueDate && (input.dueDate < period.start || input.dueDate > period.end))
      throw new InputError({ dueDate: { key: "error.obligation.dueOutsidePeriod", params: { startDay: period.start, endDay: period.end } } });
    const now = nowIso();
    const { id } = await tx
      .insertInto("obligation")
      .values({ ...values(input), project_id: projectId, gen_start: period.start, gen_end: period.end, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rule = ruleOf({
      kind: input.kind,
      times_per_year: input.timesPerYear,
      every_months: input.everyMonths,
      days_after: input.daysAfter,
      due_date: input.dueDate,
    });
    if (generateDeadlines(rule, period.start, period.end).length === 0) throw new InputError({ kind: { key: "error.obligation.noDeadlines" } });
    await applySeries(tx, id, projectId, input.kind, rule, period, null);
    return id;
  });
}

export async function getObligation(db: Tx, projectId: number, obligationId: number) {
  return db.selectFrom("obligation").selectAll().where("id", "=", obligationId).where("project_id", "=", projectId).executeTakeFirst();
}

/** A changed rule moves the future open deadlines; what was submitted, or is already due, stays. */
export async function updateObligation(
  db: DB,
  actor: Actor,
  projectId: number,
  obligationId: number,
  input: ObligationInput,
  revision: number,
  today: Day = todayInHelsinki(),
): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getObligation(tx, projectId, obligationId);
    const period = await projectPeriod(tx, projectId);
    if (!existing || !period) return false;
    if (existing.revision !== revision)
      throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "obligation", id: obligationId, revision });
    if (existing.kind !== input.kind) throw new InputError({ kind: { key: "error.obligation.kindLocked" } });
    if (input.kind === "interim_report" && input.dueDate && (input.dueDate < period.start || input.dueDate > period.end))
      throw new InputError({ dueDate: { key: "error.obligation.dueOutsidePeriod", params: { startDay: period.start, endDay: period.end } } });
    await assertResponsible(tx, projectId, input.responsibleUserId);
    await tx
      .updateTable("obligation")
      .set((eb) => ({ ...values(input), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", obligationId)
      .execute();
    const rule = ruleOf({
      kind: input.kind,
      times_per_year: input.timesPerYear,
      every_months: input.everyMonths,
      days_after: input.daysAfter,
      due_date: input.dueDate,
    });
    await applySeries(tx, obligationId, projectId, input.kind, rule, period, today);
    return true;
  });
}

export async function deleteObligation(db: DB, actor: Actor, projectId: number, obligationId: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    if (!(await getObligation(tx, projectId, obligationId))) return false;
    await tx.deleteFrom("obligation").where("id", "=", obligationId).execute();
    return true;
  });
}

/**
 * After a change to these projects: obligations generated for another period than the current
 * one follow the new period (future open deadlines only). Called inside the transaction.
 */
export async function syncObligationPeriods(tx: Tx, projectIds: readonly number[], today: Day = todayInHelsinki()): Promise<number> {
  if (projectIds.length === 0) return 0;
  const stale = await tx
    .selectFrom("obligation as o")
    .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "o.project_id").on("v.state", "=", "current"))
    .select(["o.id", "o.project_id", "o.kind", "o.times_per_year", "o.every_months", "o.days_after", "o.due_date", "v.start_date", "v.end_date"])
    .where("o.project_id", "in", projectIds)
    .where((eb) => eb.or([eb("o.gen_start", "<>", eb.ref("v.start_date")), eb("o.gen_end", "<>", eb.ref("v.end_date"))]))
    .execute();
  for (const o of stale) await applySeries(tx, o.id, o.project_id, o.kind, ruleOf(o), { start: o.start_date, end: o.end_date }, today);
  return stale.length;
}

export interface ObligationView {
  id: number;
  kind: ObligationKind;
  title: string;
  timesPerYear: number | null;
  everyMonths: number | null;
  daysAfter: number;
  dueDate: string | null;
  responsibleName: string | null;
  reminderDays: string;
  deadlines: {
    id: number;
    seq: number;
    periodStart: string | null;
    periodEnd: string | null;
    dueDate: string;
    status: DeadlineStatus;
    bucket: DeadlineBucket;
    submittedOn: string | null;
    decidedOn: string | null;
    note: string;
  }[];
}

/** A project's obligations with their deadlines and where each stands today. */
export async function projectObligations(db: Tx, projectId: number, today: Day): Promise<ObligationView[]> {
  const obligations = await db
    .selectFrom("obligation as o")
    .leftJoin("app_user as u", "u.id", "o.responsible_user_id")
    .selectAll("o")
    .select("u.name as responsible_name")
    .where("o.project_id", "=", projectId)
    .orderBy("o.id")
    .execute();
  const deadlines = await db.selectFrom("deadline").selectAll().where("project_id", "=", projectId).orderBy("due_date").orderBy("id").execute();
  return obligations.map((o) => ({
    id: o.id,
    kind: o.kind,
    title: o.title,
    timesPerYear: o.times_per_year,
    everyMonths: o.every_months,
    daysAfter: o.days_after,
    dueDate: o.due_date,
    responsibleName: o.responsible_name,
    reminderDays: o.reminder_days,
    deadlines: deadlines
      .filter((d) => d.obligation_id === o.id)
      .map((d) => ({
        id: d.id,
        seq: d.seq,
        periodStart: d.period_start,
        periodEnd: d.period_end,
        dueDate: d.due_date,
        status: d.status,
        bucket: bucketOf(d.status, d.due_date, today),
        submittedOn: d.submitted_on,
        decidedOn: d.decided_on,
        note: d.note,
      })),
  }));
}

/**
 * Users who may be made responsible for a project's obligation: active managers and admins, and
 * the representatives of the organisations that lead, fund or implement the project (one query,
 * whatever the number of associations in the country).
 */
export async function responsibleCandidates(db: Tx, projectId: number) {
  const users = await db
    .selectFrom("app_user as u")
    .select(["u.id", "u.name", "u.email"])
    .where("u.active", "=", 1)
    .where((eb) =>
      eb.or([
        eb("u.role", "in", ["admin", "manager"]),
        eb.and([
          eb("u.role", "=", "association"),
          eb(
            "u.organisation_id",
            "in",
            sql<number>`(SELECT lead_organisation_id FROM project WHERE id = ${projectId}
              UNION SELECT funder_organisation_id FROM project WHERE id = ${projectId}
              UNION SELECT pi.organisation_id FROM plan_implementer pi JOIN plan_version pv ON pv.id = pi.plan_version_id
                WHERE pv.project_id = ${projectId} AND pv.state = 'current')`,
          ),
        ]),
      ]),
    )
    .orderBy("u.name")
    .limit(500)
    .execute();
  return users.map((u) => ({ id: u.id, name: `${u.name} (${u.email})` }));
}

/** A deadline with its project, if the viewer may see that project. */
export async function getDeadline(db: Tx, viewer: Viewer, deadlineId: number) {
  return db
    .selectFrom("deadline as d")
    .innerJoin("project as p", "p.id", "d.project_id")
    .innerJoin("obligation as o", "o.id", "d.obligation_id")
    .selectAll("d")
    .select(["p.short_name", "p.name as project_name", "o.title"])
    .where("d.id", "=", deadlineId)
    .where(projectVisible(viewer, "p"))
    .executeTakeFirst();
}

export async function updateDeadline(db: DB, actor: Actor, viewer: Viewer, deadlineId: number, input: DeadlineInput, revision: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getDeadline(tx, viewer, deadlineId);
    if (!existing) return false;
    if (existing.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "deadline", id: deadlineId, revision });
    await tx
      .updateTable("deadline")
      .set((eb) => ({
        status: input.status,
        submitted_on: input.submittedOn,
        decided_on: input.decidedOn,
        note: input.note,
        updated_at: nowIso(),
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", deadlineId)
      .execute();
    return true;
  });
}

/** Overdue and due-soon counts of one project (for its page's glance). */
export async function projectDeadlineCounts(db: Tx, projectId: number, today: Day) {
  const soon = sql<string>`date(${today}, '+30 days')`;
  return db
    .selectFrom("deadline")
    .select([
      sql<number>`COALESCE(SUM(CASE WHEN status = 'open' AND due_date < ${today} THEN 1 ELSE 0 END), 0)`.as("overdue"),
      sql<number>`COALESCE(SUM(CASE WHEN status = 'open' AND due_date >= ${today} AND due_date <= ${soon} THEN 1 ELSE 0 END), 0)`.as("dueSoon"),
    ])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
}
