/**
 * 0010: employment bonus claims from associations (§ 16 of the source agenda; docs/decisions/015).
 *
 * - `bonus_claim`: an association's claim of the employment bonus for one job seeker its measure
 *   placed in work (meeting the employment condition) or in degree studies. The job seeker is
 *   named only by the association's own pseudonymous `reference` (never a name or a personal
 *   identity code: app/domain/bonus.ts refuses those); `reference_key` is its normalised form, and
 *   one association has one live claim per (reference, start day). `payable_on` is the start day
 *   plus four calendar months (clamped to the month's end): a claim filed earlier waits for it and
 *   cannot be approved before it. The amount is the rule's at filing (1 000 €).
 *   State: submitted → (info_requested → submitted)* → approved → paid, or rejected (with its
 *   reason), or withdrawn by the association before a decision. A claim is charged to the bonus
 *   budget of the year of its approval (`approved_on`), paid on `paid_on`.
 * - `bonus_claim_event`: what happened to a claim and the words said (a request for more evidence,
 *   the association's answer, a rejection's reason), in order.
 * - `bonus_claim_attachment`: evidence files, stored outside the database like reports' (under
 *   their SHA-256; app/models/attachment.server.ts counts both tables before removing a file).
 * - `bonus_year`: the year's bonus budget and the monthly figure of unemployment benefit costs
 *   the city avoids per person, which a manager enters for the estimate of savings.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

const DAY = (col: string, nullable = false) => `${nullable ? `${col} IS NULL OR ` : ""}${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`;

const STATEMENTS = [
  `CREATE TABLE bonus_claim (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE RESTRICT,
    project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
    reference TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 40),
    reference_key TEXT NOT NULL CHECK (length(reference_key) BETWEEN 1 AND 40),
    kind TEXT NOT NULL CHECK (kind IN ('work','studies')),
    start_date TEXT NOT NULL CHECK (${DAY("start_date")}),
    employment_condition INTEGER NOT NULL DEFAULT 0 CHECK (employment_condition IN (0,1)),
    study_support TEXT CHECK (study_support IS NULL OR study_support IN ('study_grant','adult_education','other')),
    payable_on TEXT NOT NULL CHECK (${DAY("payable_on")}),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    status TEXT NOT NULL CHECK (status IN ('submitted','info_requested','approved','rejected','paid','withdrawn')),
    filed_on TEXT NOT NULL CHECK (${DAY("filed_on")}),
    filed_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    approved_on TEXT CHECK (${DAY("approved_on", true)}),
    approved_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    rejected_on TEXT CHECK (${DAY("rejected_on", true)}),
    reject_reason TEXT NOT NULL DEFAULT '' CHECK (length(reject_reason) <= 2000),
    paid_on TEXT CHECK (${DAY("paid_on", true)}),
    paid_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    CHECK (payable_on > start_date AND filed_on >= start_date),
    CHECK (kind = 'studies' OR (employment_condition = 1 AND study_support IS NULL)),
    CHECK (kind = 'work' OR (study_support IS NOT NULL AND employment_condition = 0)),
    CHECK ((status IN ('approved','paid')) = (approved_on IS NOT NULL)),
    CHECK (approved_on IS NULL OR approved_on >= payable_on),
    CHECK ((status = 'paid') = (paid_on IS NOT NULL)),
    CHECK (paid_on IS NULL OR paid_on >= approved_on),
    CHECK ((status = 'rejected') = (rejected_on IS NOT NULL)),
    CHECK (status <> 'rejected' OR length(reject_reason) > 0)
  )`,
  `CREATE UNIQUE INDEX bonus_claim_once ON bonus_claim(organisation_id, reference_key, start_date) WHERE status <> 'withdrawn'`,
  `CREATE INDEX bonus_claim_organisation_idx ON bonus_claim(organisation_id, id)`,
  // The lists by state and their counts and sums (covering: the counts never read the rows).
  `CREATE INDEX bonus_claim_status_idx ON bonus_claim(status, payable_on, amount_cents)`,
  // The year's figures: approved (and since paid) by day of approval, paid by day of payment.
  `CREATE INDEX bonus_claim_approved_idx ON bonus_claim(approved_on, organisation_id, amount_cents) WHERE approved_on IS NOT NULL`,
  `CREATE INDEX bonus_claim_paid_idx ON bonus_claim(paid_on, organisation_id, amount_cents) WHERE paid_on IS NOT NULL`,
  `CREATE TABLE bonus_claim_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES bonus_claim(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('filed','info_requested','answered','approved','rejected','paid','withdrawn')),
    message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    at TEXT NOT NULL
  )`,
  `CREATE INDEX bonus_claim_event_idx ON bonus_claim_event(claim_id, id)`,
  `CREATE TABLE bonus_claim_attachment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES bonus_claim(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf','application/vnd.openxmlformats-officedocument.wordprocessingml.document','application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX bonus_claim_attachment_idx ON bonus_claim_attachment(claim_id, id)`,
  `CREATE INDEX bonus_claim_attachment_sha_idx ON bonus_claim_attachment(sha256)`,
  `CREATE TABLE bonus_year (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
    budget_cents INTEGER NOT NULL CHECK (budget_cents >= 0),
    monthly_saving_cents INTEGER CHECK (monthly_saving_cents IS NULL OR monthly_saving_cents >= 0),
    updated_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  await createAuditTriggers(db, "bonus_claim", (r) => `${r}.project_id`);
  await createAuditTriggers(db, "bonus_claim_event", (r) => `(SELECT project_id FROM bonus_claim WHERE id = ${r}.claim_id)`);
  await createAuditTriggers(db, "bonus_claim_attachment", (r) => `(SELECT project_id FROM bonus_claim WHERE id = ${r}.claim_id)`);
  await createAuditTriggers(
    db,
    "bonus_year",
    () => "NULL",
    (r) => `${r}.year`,
  );
  // Children first, so their audit rows can still name the claim's project.
  await sql`CREATE TRIGGER delete_children_of_bonus_claim BEFORE DELETE ON bonus_claim BEGIN
    DELETE FROM bonus_claim_event WHERE claim_id = OLD.id;
    DELETE FROM bonus_claim_attachment WHERE claim_id = OLD.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["bonus_claim", "bonus_claim_event", "bonus_claim_attachment", "bonus_year"])
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_${t}_${op}`).execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_bonus_claim`.execute(db);
  for (const t of ["bonus_year", "bonus_claim_attachment", "bonus_claim_event", "bonus_claim"]) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
