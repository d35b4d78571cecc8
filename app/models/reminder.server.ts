/**
 * E-mail reminders of deadlines (`npm run reminders`, daily): for each open deadline whose
 * obligation has a responsible user (active, with an e-mail) who may still see the project,
 * `reminderDue` (app/domain/obligations.ts) says which reminder is owed today. Each one is sent
 * once, whatever runs at the same time:
 * 1. claim: one INSERT of the reminder's row (state 'sending') and of the larger reminders it
 *    passes over ('skipped'), ON CONFLICT DO NOTHING: the run whose row went in owns it; a
 *    single statement is its own transaction, and holds SQLite's write lock only while it runs;
 * 2. send (the caller's `send`: SMTP, or the log when no server is set);
 * 3. mark it 'sent' (or 'logged'); if sending failed, delete the claim so the next run tries
 *    again, and go on with the others. A claim left 'sending' for an hour (a run that died
 *    mid-way) is released by the next run.
 * Only the deadlines that can owe something are read: open ones due within the largest
 * reminder day count, or overdue and not yet reminded (index deadline_status_due_idx).
 */
import { sql } from "kysely";
import type { DB } from "../../db/connection";
import type { Role } from "../../db/schema";
import { addDays, parseReminderDays, reminderDue, type ObligationKind, type ReminderKind } from "~/domain/obligations";
import { daysInclusive, type Day } from "~/domain/days";
import { translator, type Lang, type Translate } from "~/i18n";
import { deadlineName } from "./calendar.server";
import { projectVisible } from "./scope.server";
import { toViewer } from "./user.server";

/** How long a 'sending' claim may stand before a later run takes it over (a run sends in well under a minute). */
export const STALE_CLAIM_MS = 60 * 60 * 1000;

export interface ReminderMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message; throws when it could not be sent. "logged": no mail server, written to the log. */
export type SendReminder = (mail: ReminderMail) => Promise<{ status: "sent" | "logged" }>;

export interface ReminderOptions {
  today: Day;
  /** Print what would be sent; send and save nothing. */
  dryRun?: boolean;
  send: SendReminder;
  /** The app's public address, for the project link (APP_URL). */
  appUrl: string;
  /** Language of the lines written to `log` (the mail itself is in Finnish, then English). */
  lang?: Lang;
  log?: (line: string) => void;
  now?: () => Date;
}

export type ReminderOutcome = "sent" | "logged" | "failed" | "planned" | "claimedElsewhere";

export interface ReminderItem {
  deadlineId: number;
  kind: ReminderKind;
  to: string;
  subject: string;
  outcome: ReminderOutcome;
  error?: string;
}

export interface ReminderReport {
  today: Day;
  dryRun: boolean;
  sent: number;
  logged: number;
  failed: number;
  /** Larger reminders passed over (a later one was due already), and reminders another run had claimed. */
  skipped: number;
  /** Dry run: how many would be sent. */
  planned: number;
  items: ReminderItem[];
}

interface Candidate {
  deadlineId: number;
  kind: ObligationKind;
  title: string;
  dueDate: Day;
  reminderDays: string;
  sentKinds: string | null;
  projectId: number;
  projectName: string;
  shortName: string;
  userId: number;
  email: string;
  userName: string;
  role: Role;
  organisationId: number | null;
}

/** How many days ahead any reminder can reach: the largest of the reminder days in use. */
async function reminderHorizon(db: DB): Promise<number> {
  const rows = await db.selectFrom("obligation").select("reminder_days").distinct().where("responsible_user_id", "is not", null).execute();
  let max = 0;
  for (const r of rows) for (const n of parseReminderDays(r.reminder_days) ?? []) max = Math.max(max, n);
  return max;
}

/**
 * Open deadlines due by `horizon` (overdue ones only until their overdue reminder is claimed),
 * with their responsible user (active, with an e-mail). Exported for the query-plan test.
 */
export function reminderCandidatesQuery(db: DB, horizon: Day) {
  return (
    db
      .selectFrom("deadline as d")
      .innerJoin("obligation as o", "o.id", "d.obligation_id")
      .innerJoin("app_user as u", "u.id", "o.responsible_user_id")
      .innerJoin("project as p", "p.id", "d.project_id")
      .select([
        "d.id as deadline_id",
        "d.kind",
        "o.title",
        "d.due_date",
        "o.reminder_days",
        "p.id as project_id",
        "p.name as project_name",
        "p.short_name",
        "u.id as user_id",
        "u.email",
        "u.name as user_name",
        "u.role",
        "u.organisation_id",
        sql<string | null>`(SELECT group_concat(r.kind) FROM reminder_sent r WHERE r.deadline_id = d.id)`.as("sent_kinds"),
      ])
      .where("d.status", "=", "open")
      .where("d.due_date", "<=", horizon)
      // An overdue deadline owes one reminder; once it is claimed the deadline is not read again.
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM reminder_sent r WHERE r.deadline_id = d.id AND r.kind = 'overdue')`)
      .where("u.active", "=", 1)
      .where("u.email", "<>", "")
      .orderBy("d.due_date")
      .orderBy("d.id")
  );
}

/** The deadlines that may owe a reminder today: due within the largest reminder day count, or overdue. */
async function candidates(db: DB, today: Day): Promise<Candidate[]> {
  const rows = await reminderCandidatesQuery(db, addDays(today, await reminderHorizon(db))).execute();
  return rows.map((r) => ({
    deadlineId: r.deadline_id,
    kind: r.kind,
    title: r.title,
    dueDate: r.due_date,
    reminderDays: r.reminder_days,
    sentKinds: r.sent_kinds,
    projectId: r.project_id,
    projectName: r.project_name,
    shortName: r.short_name,
    userId: r.user_id,
    email: r.email,
    userName: r.user_name,
    role: r.role,
    organisationId: r.organisation_id,
  }));
}

/** Of the candidates, those whose responsible user may still see the project (per user, in SQL). */
async function visibleToTheirUser(db: DB, rows: Candidate[]): Promise<Candidate[]> {
  const byUser = new Map<number, Candidate[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const visible = new Set<string>();
  for (const [userId, own] of byUser) {
    const first = own[0]!;
    const viewer = toViewer({ id: userId, name: first.userName, email: first.email, role: first.role, organisation_id: first.organisationId });
    const ids = [...new Set(own.map((r) => r.projectId))];
    for (let i = 0; i < ids.length; i += 500) {
      const seen = await db
        .selectFrom("project as p")
        .select("p.id")
        .where("p.id", "in", ids.slice(i, i + 500))
        .where(projectVisible(viewer, "p"))
        .execute();
      for (const p of seen) visible.add(`${userId}:${p.id}`);
    }
  }
  return rows.filter((r) => visible.has(`${r.userId}:${r.projectId}`));
}

/** The reminder's message: Finnish, then the same in English. */
export function reminderMail(
  c: Pick<Candidate, "kind" | "title" | "dueDate" | "projectId" | "projectName" | "shortName" | "userName" | "email">,
  reminder: ReminderKind,
  today: Day,
  appUrl: string,
): ReminderMail {
  const url = `${appUrl.replace(/\/+$/, "")}/projects/${c.projectId}`;
  const body = (t: Translate) => {
    const kind = deadlineName(t, c.kind, c.title);
    let when: string;
    if (reminder === "overdue") {
      const late = daysInclusive(c.dueDate, today) - 1;
      when = late <= 1 ? t("reminders.body.overdueYesterday") : t("reminders.body.overdueDays", { days: late });
    } else {
      const left = daysInclusive(today, c.dueDate) - 1;
      when = left <= 0 ? t("reminders.body.today") : left === 1 ? t("reminders.body.tomorrow") : t("reminders.body.daysLeft", { days: left });
    }
    return [
      t("reminders.body.greeting", { name: c.userName }),
      "",
      `${t("reminders.body.due", { shortName: c.shortName, projectName: c.projectName, kind, dueDay: c.dueDate })} ${when}`,
      "",
      t("reminders.body.link", { url }),
      "",
      t("reminders.body.why"),
    ];
  };
  const fi = translator("fi");
  const en = translator("en");
  const subjectKey = reminder === "overdue" ? "reminders.subject.overdue" : "reminders.subject.before";
  const subject = fi(subjectKey, { shortName: c.shortName, kind: deadlineName(fi, c.kind, c.title), dueDay: c.dueDate });
  const text = [...body(fi), "", "---", fi("reminders.body.inEnglish"), "", ...body(en), ""].join("\n");
  return { to: c.email, subject, text };
}

/** Runs the day's reminders (see the top of this file); never throws for a failed send. */
export async function runReminders(db: DB, options: ReminderOptions): Promise<ReminderReport> {
  const { today, dryRun = false } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const t = translator(options.lang ?? "fi");
  const report: ReminderReport = { today, dryRun, sent: 0, logged: 0, failed: 0, skipped: 0, planned: 0, items: [] };

  // A claim left 'sending' by a run that died between claiming and marking (a crash, a kill) is
  // released after an hour, so that reminder goes out with this run instead of never.
  if (!dryRun) {
    const stale = new Date(now().getTime() - STALE_CLAIM_MS).toISOString();
    await db.deleteFrom("reminder_sent").where("state", "=", "sending").where("at", "<", stale).execute();
  }

  for (const c of await visibleToTheirUser(db, await candidates(db, today))) {
    const sentKinds = new Set((c.sentKinds ?? "").split(",").filter(Boolean));
    const due = reminderDue({ status: "open", dueDate: c.dueDate }, parseReminderDays(c.reminderDays) ?? [], sentKinds, today);
    if (!due) continue;
    const mail = reminderMail(c, due.send, today, options.appUrl);
    const item: ReminderItem = { deadlineId: c.deadlineId, kind: due.send, to: mail.to, subject: mail.subject, outcome: "planned" };
    report.items.push(item);
    if (dryRun) {
      report.planned++;
      log(t("reminders.dryRun.would", { reminder: `${c.deadlineId}/${due.send}`, to: mail.to, subject: mail.subject }));
      continue;
    }

    const at = now().toISOString();
    const claimed = await db
      .insertInto("reminder_sent")
      .values([
        { deadline_id: c.deadlineId, kind: due.send, recipient: c.email, state: "sending", at },
        ...due.skip.map((kind) => ({ deadline_id: c.deadlineId, kind, recipient: c.email, state: "skipped" as const, at })),
      ])
      .onConflict((oc) => oc.columns(["deadline_id", "kind"]).doNothing())
      .returning("kind")
      .execute();
    const mine = claimed.map((r) => r.kind);
    if (!mine.includes(due.send)) {
      // Another run has it. The passed-over rows this run added say only what that run says too.
      item.outcome = "claimedElsewhere";
      report.skipped++;
      continue;
    }
    report.skipped += mine.length - 1;

    try {
      const result = await options.send(mail);
      const state = result.status === "logged" ? "logged" : "sent";
      await db
        .updateTable("reminder_sent")
        .set({ state, at: now().toISOString() })
        .where("deadline_id", "=", c.deadlineId)
        .where("kind", "=", due.send)
        .where("state", "=", "sending")
        .execute();
      item.outcome = state;
      report[state]++;
    } catch (e) {
      // Give the claim back (with what it passed over), so that the next run tries again.
      await db.deleteFrom("reminder_sent").where("deadline_id", "=", c.deadlineId).where("kind", "in", mine).execute();
      report.skipped -= mine.length - 1;
      item.outcome = "failed";
      item.error = (e as Error).message;
      report.failed++;
      log(t("reminders.failed", { reminder: `${c.deadlineId}/${due.send}`, to: mail.to, detail: item.error }));
    }
  }
  return report;
}

/** The summary line of a run. */
export function reminderSummary(report: ReminderReport, lang: Lang = "fi"): string {
  const t = translator(lang);
  return report.dryRun
    ? t("reminders.summary.dryRun", { todayDay: report.today, planned: report.planned })
    : t("reminders.summary", { todayDay: report.today, sent: report.sent, logged: report.logged, failed: report.failed, skipped: report.skipped });
}
