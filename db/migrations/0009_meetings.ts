/**
 * 0009: committee meetings and their agenda items (docs/decisions/014).
 *
 * - `meeting`: a meeting of a body (its name as the agenda writes it), its day and time, place,
 *   presenter; `public_slug` is the stable address of its public agenda and minutes once
 *   published (`agenda_published_at`, `minutes_published_at`).
 * - `meeting_member`: who sits in the meeting and in what role ("puheenjohtaja", "sihteeri", …).
 * - `agenda_item`: one § of a meeting. Section numbers run on through the body's calendar year:
 *   unique per (body, year, section). An item may be about a project (and a change request or a
 *   commitment of it); its text (title, case number, preparers with contact details, presenter,
 *   background, proposal) is drafted from the ledger and then the manager's. Text between ⟦ and ⟧
 *   is left out of the public version. State: draft → final (checked against the ledger; each
 *   finding fixed or acknowledged with a reason) → decided (the decision and its text). A tabled
 *   item continues as a new item of a later meeting (`continues_item_id`).
 * - `agenda_finding_ack`: a finding of the text checks acknowledged at finalising, with its reason.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

const DAY = (col: string, nullable = false) => `${nullable ? `${col} IS NULL OR ` : ""}${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`;

const STATEMENTS = [
  `CREATE TABLE meeting (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    meeting_date TEXT NOT NULL CHECK (${DAY("meeting_date")}),
    start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    presenter TEXT NOT NULL DEFAULT '' CHECK (length(presenter) <= 200),
    public_slug TEXT UNIQUE,
    agenda_published_at TEXT,
    minutes_published_at TEXT,
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    CHECK (agenda_published_at IS NULL OR public_slug IS NOT NULL),
    CHECK (minutes_published_at IS NULL OR agenda_published_at IS NOT NULL)
  )`,
  `CREATE INDEX meeting_date_idx ON meeting(meeting_date, id)`,
  `CREATE TABLE meeting_member (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 100),
    position INTEGER NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX meeting_member_idx ON meeting_member(meeting_id, position, id)`,
  `CREATE TABLE agenda_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    section_year INTEGER NOT NULL CHECK (section_year BETWEEN 1900 AND 2200),
    section INTEGER NOT NULL CHECK (section BETWEEN 1 AND 9999),
    item_type TEXT NOT NULL CHECK (item_type IN ('interim_report','change_request','new_cofinancing','final_report','other')),
    project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
    change_request_id INTEGER REFERENCES change_request(id) ON DELETE SET NULL,
    commitment_id INTEGER REFERENCES commitment(id) ON DELETE SET NULL,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    case_number TEXT NOT NULL DEFAULT '' CHECK (length(case_number) <= 100),
    preparers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(preparers) AND json_type(preparers) = 'array'),
    presenter TEXT NOT NULL DEFAULT '' CHECK (length(presenter) <= 200),
    background TEXT NOT NULL DEFAULT '' CHECK (length(background) <= 50000),
    proposal TEXT NOT NULL DEFAULT '' CHECK (length(proposal) <= 20000),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','final','decided')),
    finalised_at TEXT,
    finalised_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    decision TEXT CHECK (decision IS NULL OR decision IN ('as_proposed','amended','tabled','rejected','noted')),
    decision_text TEXT NOT NULL DEFAULT '' CHECK (length(decision_text) <= 20000),
    decided_at TEXT,
    decided_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    continues_item_id INTEGER REFERENCES agenda_item(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'decided') = (decision IS NOT NULL AND decided_at IS NOT NULL)),
    CHECK (status = 'draft' OR finalised_at IS NOT NULL)
  )`,
  `CREATE UNIQUE INDEX agenda_item_section_once ON agenda_item(body, section_year, section)`,
  `CREATE INDEX agenda_item_meeting_idx ON agenda_item(meeting_id, section)`,
  `CREATE INDEX agenda_item_project_idx ON agenda_item(project_id, id)`,
  `CREATE INDEX agenda_item_request_idx ON agenda_item(change_request_id)`,
  `CREATE TABLE agenda_finding_ack (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    excerpt TEXT NOT NULL CHECK (length(excerpt) <= 500),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX agenda_finding_ack_idx ON agenda_finding_ack(item_id, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  await createAuditTriggers(db, "meeting", () => "NULL");
  await createAuditTriggers(db, "meeting_member", () => "NULL");
  await createAuditTriggers(db, "agenda_item", (r) => `${r}.project_id`);
  await createAuditTriggers(db, "agenda_finding_ack", (r) => `(SELECT project_id FROM agenda_item WHERE id = ${r}.item_id)`);
  await sql`CREATE TRIGGER delete_children_of_agenda_item BEFORE DELETE ON agenda_item BEGIN DELETE FROM agenda_finding_ack WHERE item_id = OLD.id; END`.execute(
    db,
  );
  await sql`CREATE TRIGGER delete_children_of_meeting BEFORE DELETE ON meeting BEGIN
    DELETE FROM agenda_item WHERE meeting_id = OLD.id;
    DELETE FROM meeting_member WHERE meeting_id = OLD.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["meeting", "meeting_member", "agenda_item", "agenda_finding_ack"])
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_${t}_${op}`).execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_agenda_item`.execute(db);
  await sql`DROP TRIGGER IF EXISTS delete_children_of_meeting`.execute(db);
  for (const t of ["agenda_finding_ack", "agenda_item", "meeting_member", "meeting"]) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
