/**
 * 0008: reports from grantees (yearly, interim, final, to the committee), their review, their
 * attachments, the project's realised figures per year, and refunds of overpaid co-financing
 * (docs/decisions/013).
 *
 * - `report`: one per deadline of a reporting obligation (`deadline_id`; kept when the deadline
 *   is regenerated away: SET NULL, the report keeps its own kind and period). Its state moves
 *   draft → submitted → (returned → submitted)* → accepted; nothing else (app/domain/report.ts).
 *   Counts of the period: reached (women, men, other or not reported; the total is their sum),
 *   outcomes (to work, to education, other), partners; funding received in the period (ESR, the
 *   city's co-financing, other); three texts. Draft fields may be empty; submitting requires them.
 * - `report_cost`: realised costs of the report's period by cost kind of the plan (the flat rate
 *   is computed by the cost model, not entered), with an explanation where the costs go above
 *   the plan's line.
 * - `report_comment`: a reviewer's comments per section when a report is returned (`round` is
 *   the submission they answer).
 * - `report_attachment`: files stored outside the database file, under their SHA-256.
 * - `realised_year`: the project's realised costs and funding per calendar year, the sum of its
 *   accepted reports (each report's figures apportioned over its period's years by days), kept
 *   current in the transaction that accepts a report.
 * - `refund`: overpaid co-financing a manager has claimed back, its basis, and whether it is paid.
 * - `indicator_entry.report_id`: the report an entry came from; unique per indicator, so an
 *   accepted report's figures become entries once.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

const DAY = (col: string, nullable = false) => `${nullable ? `${col} IS NULL OR ` : ""}${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`;
const COUNT = (col: string) => `${col} IS NULL OR ${col} BETWEEN 0 AND 10000000`;
const MONEY = (col: string) => `${col} IS NULL OR ${col} >= 0`;

const STATEMENTS = [
  `CREATE TABLE report (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    deadline_id INTEGER UNIQUE REFERENCES deadline(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('yearly','interim','final','committee')),
    organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','returned','accepted')),
    period_start TEXT CHECK (${DAY("period_start", true)}),
    period_end TEXT CHECK (${DAY("period_end", true)}),
    reached_women INTEGER CHECK (${COUNT("reached_women")}),
    reached_men INTEGER CHECK (${COUNT("reached_men")}),
    reached_other INTEGER CHECK (${COUNT("reached_other")}),
    reached_total INTEGER CHECK (${COUNT("reached_total")}),
    outcome_work INTEGER CHECK (${COUNT("outcome_work")}),
    outcome_education INTEGER CHECK (${COUNT("outcome_education")}),
    outcome_other INTEGER CHECK (${COUNT("outcome_other")}),
    partners INTEGER CHECK (${COUNT("partners")}),
    esr_received_cents INTEGER CHECK (${MONEY("esr_received_cents")}),
    city_received_cents INTEGER CHECK (${MONEY("city_received_cents")}),
    other_received_cents INTEGER CHECK (${MONEY("other_received_cents")}),
    done_text TEXT NOT NULL DEFAULT '' CHECK (length(done_text) <= 10000),
    changes_text TEXT NOT NULL DEFAULT '' CHECK (length(changes_text) <= 10000),
    next_text TEXT NOT NULL DEFAULT '' CHECK (length(next_text) <= 10000),
    submission_count INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    returned_at TEXT,
    returned_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    accepted_at TEXT,
    accepted_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start),
    CHECK (status = 'draft' OR (submission_count > 0 AND submitted_at IS NOT NULL AND period_start IS NOT NULL AND period_end IS NOT NULL AND reached_total IS NOT NULL)),
    CHECK (status <> 'accepted' OR accepted_at IS NOT NULL)
  )`,
  `CREATE INDEX report_project_idx ON report(project_id, period_end, id)`,
  `CREATE INDEX report_status_idx ON report(status, submitted_at, id)`,
  `CREATE TABLE report_cost (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('staff','flat_rate','purchased','other','lump_sum')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    explanation TEXT NOT NULL DEFAULT '' CHECK (length(explanation) <= 2000),
    PRIMARY KEY (report_id, kind)
  ) WITHOUT ROWID`,
  `CREATE TABLE report_comment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    section TEXT NOT NULL CHECK (section IN ('general','period','reach','outcomes','costs','funding','texts','attachments')),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX report_comment_idx ON report_comment(report_id, round, id)`,
  `CREATE TABLE report_attachment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf','application/vnd.openxmlformats-officedocument.wordprocessingml.document','application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX report_attachment_idx ON report_attachment(report_id, id)`,
  `CREATE INDEX report_attachment_sha_idx ON report_attachment(sha256)`,
  `CREATE TABLE realised_year (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    cost_cents INTEGER NOT NULL DEFAULT 0,
    esr_cents INTEGER NOT NULL DEFAULT 0,
    city_cents INTEGER NOT NULL DEFAULT 0,
    other_cents INTEGER NOT NULL DEFAULT 0,
    report_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, year)
  ) WITHOUT ROWID`,
  `CREATE TABLE refund (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL UNIQUE REFERENCES project(id) ON DELETE CASCADE,
    report_id INTEGER REFERENCES report(id) ON DELETE SET NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    basis TEXT NOT NULL CHECK (json_valid(basis)),
    status TEXT NOT NULL CHECK (status IN ('claimed','paid')),
    claimed_on TEXT NOT NULL CHECK (${DAY("claimed_on")}),
    paid_on TEXT CHECK (${DAY("paid_on", true)}),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'paid') = (paid_on IS NOT NULL))
  )`,
  `ALTER TABLE indicator_entry ADD COLUMN report_id INTEGER REFERENCES report(id) ON DELETE SET NULL`,
  `CREATE UNIQUE INDEX indicator_entry_report_once ON indicator_entry(indicator_id, report_id) WHERE report_id IS NOT NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  await createAuditTriggers(db, "report", (r) => `${r}.project_id`);
  await createAuditTriggers(
    db,
    "report_cost",
    (r) => `(SELECT project_id FROM report WHERE id = ${r}.report_id)`,
    (r) => `${r}.report_id`,
  );
  await createAuditTriggers(db, "report_comment", (r) => `(SELECT project_id FROM report WHERE id = ${r}.report_id)`);
  await createAuditTriggers(db, "report_attachment", (r) => `(SELECT project_id FROM report WHERE id = ${r}.report_id)`);
  await createAuditTriggers(db, "refund", (r) => `${r}.project_id`);
  // The audit triggers of indicator_entry were made before report_id existed: made again so the
  // column is in the trail.
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_indicator_entry_${op}`).execute(db);
  await createAuditTriggers(db, "indicator_entry", (r) => `(SELECT project_id FROM indicator WHERE id = ${r}.indicator_id)`);
  await sql`CREATE TRIGGER delete_children_of_report BEFORE DELETE ON report BEGIN
    DELETE FROM report_cost WHERE report_id = OLD.id;
    DELETE FROM report_comment WHERE report_id = OLD.id;
    DELETE FROM report_attachment WHERE report_id = OLD.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["report", "report_cost", "report_comment", "report_attachment", "refund"])
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_${t}_${op}`).execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_report`.execute(db);
  await sql`DROP INDEX IF EXISTS indicator_entry_report_once`.execute(db);
  await sql`ALTER TABLE indicator_entry DROP COLUMN report_id`.execute(db);
  for (const t of ["refund", "realised_year", "report_attachment", "report_comment", "report_cost", "report"])
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
