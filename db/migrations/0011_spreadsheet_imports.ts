/**
 * 0011: projects imported from a spreadsheet (issue 21; docs/spreadsheets.md, "Import").
 *
 * - `spreadsheet_upload`: a file a manager uploaded, read and checked, kept so that the preview
 *   can be paged and the confirmation does not need the file again. It holds the file's name,
 *   size and SHA-256 (not the file itself), the columns as the file has them, every row as read
 *   (`rows_json`: its cells' text, its values and the problems of reading them), the check of
 *   the rows against the ledger (`check_json`: each row valid, with errors, or already in the
 *   ledger, and after the import each row's outcome) and its counts and totals (`summary_json`).
 *   Only its uploader opens it. State: preview → imported (once: the confirmation moves it with
 *   a conditional UPDATE in the import's own transaction), or → expired a day after the upload
 *   (its rows are then cleared). `mode` is the choice made on confirming ('valid': the valid rows;
 *   'all': all or nothing), `result_json` what the import did.
 *
 * Not audited: the projects the import writes are, through the ledger import's own writes.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";

const STATEMENTS = [
  `CREATE TABLE spreadsheet_upload (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    file_kind TEXT NOT NULL CHECK (file_kind IN ('xlsx','csv')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    row_count INTEGER NOT NULL CHECK (row_count >= 0),
    columns_json TEXT NOT NULL,
    rows_json TEXT NOT NULL,
    check_json TEXT NOT NULL,
    summary_json TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'preview' CHECK (status IN ('preview','imported','expired')),
    mode TEXT CHECK (mode IS NULL OR mode IN ('valid','all')),
    created_at TEXT NOT NULL,
    imported_at TEXT,
    result_json TEXT,
    CHECK ((status = 'imported') = (imported_at IS NOT NULL)),
    CHECK ((status = 'imported') = (mode IS NOT NULL))
  )`,
  // The uploader's own uploads, newest first; the sweep of old previews; the same file imported before.
  `CREATE INDEX spreadsheet_upload_user_idx ON spreadsheet_upload(user_id, id)`,
  `CREATE INDEX spreadsheet_upload_status_idx ON spreadsheet_upload(status, created_at)`,
  `CREATE INDEX spreadsheet_upload_sha_idx ON spreadsheet_upload(sha256)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS spreadsheet_upload`.execute(db);
}
