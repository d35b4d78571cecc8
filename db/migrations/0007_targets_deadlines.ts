/**
 * 0007: reach targets and outcomes, reporting obligations and their deadlines, reminders, the
 * per-user calendar feed, and payment applications to the funder (docs/decisions/012).
 *
 * - `indicator`: a project's target (reach, outcomes to work / education / either, partners,
 *   or a free indicator of the manager's own) with its totals to date (`value_total`, the
 *   gender split, `entry_count`, `last_entry_date`), kept current by the model in the same
 *   transaction as the entries: the portfolio reads reach and pace from these rows, never by
 *   summing entries. At most one indicator of each fixed kind per project.
 *   A percentage target is in basis points (70 % = 7000), of those reached.
 * - `indicator_entry`: dated counts that accumulate (what arrived in a period, not a running
 *   total); the gender split is optional and, when given, adds up to the value.
 * - `obligation`: a rule (yearly report, reports to the committee N times a year, interim
 *   report, final report N days after the end, payment applications every N months, or one
 *   dated obligation) and the period its deadlines were generated for (`gen_start`,
 *   `gen_end`); when the project's current period differs, the future open deadlines are
 *   generated again (app/models/obligation.server.ts, called by `audited()`).
 * - `deadline`: one due date of an obligation (`seq` is its place in the rule's series), with
 *   its state: open, submitted, accepted, returned.
 * - `reminder_sent`: each reminder (before:N days, overdue) of a deadline, claimed once.
 * - `calendar_feed`: the hash of a user's secret iCalendar URL.
 * - `payment_application`: applications to the funder and their decisions.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

const DAY = (col: string, nullable = false) => `${nullable ? `${col} IS NULL OR ` : ""}${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`;

const STATEMENTS = [
  `CREATE TABLE indicator (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reach','outcome_work','outcome_education','outcome_either','partners','custom')),
    name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    unit TEXT NOT NULL DEFAULT '' CHECK (length(unit) <= 40),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('count','percent')),
    target_value INTEGER CHECK (target_value IS NULL OR (target_value >= 0 AND (target_kind = 'count' OR target_value <= 10000))),
    value_total INTEGER NOT NULL DEFAULT 0,
    women_total INTEGER NOT NULL DEFAULT 0,
    men_total INTEGER NOT NULL DEFAULT 0,
    other_total INTEGER NOT NULL DEFAULT 0,
    gender_reported_total INTEGER NOT NULL DEFAULT 0,
    entry_count INTEGER NOT NULL DEFAULT 0,
    last_entry_date TEXT CHECK (${DAY("last_entry_date", true)}),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE UNIQUE INDEX indicator_kind_once ON indicator(project_id, kind) WHERE kind <> 'custom'`,
  `CREATE INDEX indicator_project_idx ON indicator(project_id, position, id)`,
  `CREATE TABLE indicator_entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    entry_date TEXT NOT NULL CHECK (${DAY("entry_date")}),
    value INTEGER NOT NULL CHECK (value >= 0),
    women INTEGER CHECK (women IS NULL OR women >= 0),
    men INTEGER CHECK (men IS NULL OR men >= 0),
    other INTEGER CHECK (other IS NULL OR other >= 0),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    source TEXT NOT NULL DEFAULT 'manager' CHECK (source IN ('manager','report','import')),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX indicator_entry_idx ON indicator_entry(indicator_id, entry_date, id)`,
  `CREATE TABLE obligation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('yearly_report','committee_report','interim_report','final_report','payment_application','single')),
    title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
    times_per_year INTEGER CHECK (times_per_year IS NULL OR times_per_year IN (1,2,3,4,6,12)),
    every_months INTEGER CHECK (every_months IS NULL OR every_months BETWEEN 1 AND 24),
    days_after INTEGER NOT NULL DEFAULT 0 CHECK (days_after BETWEEN 0 AND 365),
    due_date TEXT CHECK (${DAY("due_date", true)}),
    responsible_user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    reminder_days TEXT NOT NULL DEFAULT '30,7',
    gen_start TEXT NOT NULL,
    gen_end TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE INDEX obligation_project_idx ON obligation(project_id, id)`,
  `CREATE INDEX obligation_responsible_idx ON obligation(responsible_user_id)`,
  `CREATE TABLE deadline (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    obligation_id INTEGER NOT NULL REFERENCES obligation(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    period_start TEXT CHECK (${DAY("period_start", true)}),
    period_end TEXT CHECK (${DAY("period_end", true)}),
    due_date TEXT NOT NULL CHECK (${DAY("due_date")}),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','submitted','accepted','returned')),
    submitted_on TEXT CHECK (${DAY("submitted_on", true)}),
    decided_on TEXT CHECK (${DAY("decided_on", true)}),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE UNIQUE INDEX deadline_seq_idx ON deadline(obligation_id, seq)`,
  `CREATE INDEX deadline_due_idx ON deadline(due_date, id)`,
  `CREATE INDEX deadline_status_due_idx ON deadline(status, due_date, id)`,
  `CREATE INDEX deadline_project_idx ON deadline(project_id, due_date)`,
  `CREATE TABLE reminder_sent (
    deadline_id INTEGER NOT NULL REFERENCES deadline(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending','sent','logged','skipped')),
    at TEXT NOT NULL,
    PRIMARY KEY (deadline_id, kind)
  ) WITHOUT ROWID`,
  `CREATE TABLE calendar_feed (
    user_id INTEGER PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE payment_application (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    period_start TEXT NOT NULL CHECK (${DAY("period_start")}),
    period_end TEXT NOT NULL CHECK (${DAY("period_end")} AND period_end >= period_start),
    amount_applied_cents INTEGER NOT NULL CHECK (amount_applied_cents >= 0),
    submitted_on TEXT CHECK (${DAY("submitted_on", true)}),
    decided_on TEXT CHECK (${DAY("decided_on", true)}),
    amount_approved_cents INTEGER CHECK (amount_approved_cents IS NULL OR amount_approved_cents >= 0),
    status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','partly_approved','rejected')),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE INDEX payment_application_project_idx ON payment_application(project_id, period_start, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  await createAuditTriggers(db, "indicator", (r) => `${r}.project_id`);
  await createAuditTriggers(db, "indicator_entry", (r) => `(SELECT project_id FROM indicator WHERE id = ${r}.indicator_id)`);
  await createAuditTriggers(db, "obligation", (r) => `${r}.project_id`);
  await createAuditTriggers(db, "deadline", (r) => `${r}.project_id`);
  await createAuditTriggers(db, "payment_application", (r) => `${r}.project_id`);
  // Entries go before their indicator, deadlines before their obligation, so that their audit
  // rows can still find the project (as in 0002).
  await sql`CREATE TRIGGER delete_children_of_indicator BEFORE DELETE ON indicator BEGIN DELETE FROM indicator_entry WHERE indicator_id = OLD.id; END`.execute(
    db,
  );
  await sql`CREATE TRIGGER delete_children_of_obligation BEFORE DELETE ON obligation BEGIN DELETE FROM deadline WHERE obligation_id = OLD.id; END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["indicator", "indicator_entry", "obligation", "deadline", "payment_application"])
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_${t}_${op}`).execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_indicator`.execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_obligation`.execute(db);
  for (const t of ["payment_application", "calendar_feed", "reminder_sent", "deadline", "obligation", "indicator_entry", "indicator"])
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
