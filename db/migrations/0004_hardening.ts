/**
 * 0004: hardening.
 * - `app_setting`: facts about the database itself. `production_since` is written the first time
 *   the server starts in production mode (and a database that has it refuses demo mode);
 *   `contents = 'demo'` marks a database that holds nothing but the demo data (demo accounts are
 *   only ever added to such a database).
 * - API tokens get a scope ('read': GET of /api only; 'write': also the API's writes) and an
 *   expiry; tokens issued before this migration expire 90 days after it ran.
 * - `app_user.sessions_ended_at`: when an administrator last ended the user's sessions.
 * - `login_attempt.kind`: sign-in ('login') or the current-password check of /account
 *   ('password'); both are throttled from the same rows.
 * - Tokens are audited (created, revoked; not every use), and the account triggers are rebuilt so
 *   that the new column is in the trail.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_setting")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // An existing database is demo data only when it has projects and every account is a demo
  // account that still has its demo password (a real administrator makes it real data).
  await sql`
    INSERT INTO app_setting (key, value, updated_at)
    SELECT 'contents', 'demo', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE EXISTS (SELECT 1 FROM project) AND NOT EXISTS (SELECT 1 FROM app_user WHERE is_demo = 0)`.execute(db);

  await db.schema
    .alterTable("api_token")
    .addColumn("scope", "text", (c) =>
      c
        .notNull()
        .defaultTo("read")
        .check(sql`scope IN ('read','write')`),
    )
    .execute();
  await db.schema.alterTable("api_token").addColumn("expires_at", "text").execute();
  await sql`UPDATE api_token SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days') WHERE expires_at IS NULL`.execute(db);
  await db.schema.createIndex("api_token_user_idx").on("api_token").column("user_id").execute();

  await db.schema.alterTable("app_user").addColumn("sessions_ended_at", "text").execute();
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_app_user_${op}`).execute(db);
  await createAuditTriggers(db, "app_user", () => "NULL");

  await db.schema
    .alterTable("login_attempt")
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("login")
        .check(sql`kind IN ('login','password')`),
    )
    .execute();
  await db.schema.createIndex("login_attempt_pair_idx").on("login_attempt").columns(["email", "ip", "at"]).execute();

  // Tokens: created and revoked are in the trail; their use (last_used_at) is not, nor the hash.
  const cols = ["id", "user_id", "name", "scope", "created_at", "expires_at", "revoked_at"];
  const json = (r: string) => `json_object(${cols.map((c) => `'${c}', ${r}.${c}`).join(", ")})`;
  const ctx = (col: string) => `(SELECT ${col} FROM audit_context WHERE id = 1)`;
  const insert = (action: string, r: string, before: string, after: string) =>
    `INSERT INTO audit_event (at, user_id, tx_id, entity, entity_id, project_id, action, before_json, after_json)
     VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ${ctx("user_id")}, ${ctx("tx_id")}, 'api_token', ${r}.id, NULL, '${action}', ${before}, ${after});`;
  await sql.raw(`CREATE TRIGGER audit_api_token_insert AFTER INSERT ON api_token BEGIN ${insert("insert", "NEW", "NULL", json("NEW"))} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_api_token_update AFTER UPDATE OF revoked_at, expires_at, scope, name ON api_token
       WHEN OLD.revoked_at IS NOT NEW.revoked_at OR OLD.expires_at IS NOT NEW.expires_at OR OLD.scope IS NOT NEW.scope OR OLD.name IS NOT NEW.name
       BEGIN ${insert("update", "NEW", json("OLD"), json("NEW"))} END`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER audit_api_token_delete BEFORE DELETE ON api_token BEGIN ${insert("delete", "OLD", json("OLD"), "NULL")} END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_api_token_${op}`).execute(db);
  await db.schema.dropIndex("login_attempt_pair_idx").execute();
  await db.schema.alterTable("login_attempt").dropColumn("kind").execute();
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_app_user_${op}`).execute(db);
  await db.schema.alterTable("app_user").dropColumn("sessions_ended_at").execute();
  await createAuditTriggers(db, "app_user", () => "NULL");
  await db.schema.dropIndex("api_token_user_idx").execute();
  await db.schema.alterTable("api_token").dropColumn("expires_at").execute();
  await db.schema.alterTable("api_token").dropColumn("scope").execute();
  await db.schema.dropTable("app_setting").execute();
}
