/**
 * 0002: accounts, sessions, API tokens, sign-in attempts, and the audit trail.
 * Every insert, update and delete of domain data writes an `audit_event` row from a trigger, in
 * the same transaction, with the acting user taken from the one-row `audit_context` table that
 * the models set at the start of each write transaction. Audit rows cannot be changed or deleted.
 * Frozen once landed: later changes go into new migrations.
 */
import { sql, type Kysely } from "kysely";

/** The project a row belongs to, as an SQL expression over NEW/OLD (null for organisations). */
const PROJECT_OF: Record<string, (r: "NEW" | "OLD") => string> = {
  organisation: () => "NULL",
  app_user: () => "NULL",
  project: (r) => `${r}.id`,
  plan_version: (r) => `${r}.project_id`,
  plan_line: (r) => `(SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id)`,
  plan_implementer: (r) => `(SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id)`,
  commitment: (r) => `(SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id)`,
  plan_line_year: (r) => `(SELECT v.project_id FROM plan_line l JOIN plan_version v ON v.id = l.plan_version_id WHERE l.id = ${r}.plan_line_id)`,
  commitment_year: (r) => `(SELECT v.project_id FROM commitment c JOIN plan_version v ON v.id = c.plan_version_id WHERE c.id = ${r}.commitment_id)`,
};

/** Tables whose rows are identified by a compound key instead of `id`. */
const ID_OF: Record<string, (r: "NEW" | "OLD") => string> = {
  plan_line_year: (r) => `${r}.plan_line_id`,
  commitment_year: (r) => `${r}.commitment_id`,
};

const NEVER_LOGGED = new Set(["password_hash"]);

/**
 * Creates the three audit triggers of a table. `projectOf` gives the SQL for the project a row
 * belongs to (over NEW or OLD); later migrations call this for their own tables.
 */
export async function createAuditTriggers(
  db: Kysely<any>,
  table: string,
  projectOf: (r: "NEW" | "OLD") => string = PROJECT_OF[table]!,
  idOf: (r: "NEW" | "OLD") => string = ID_OF[table] ?? ((r) => `${r}.id`),
): Promise<void> {
  const cols = (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)).rows
    .map((r) => r.name)
    .filter((c) => !NEVER_LOGGED.has(c));
  const json = (r: "NEW" | "OLD") => `json_object(${cols.map((c) => `'${c}', ${r}.${c}`).join(", ")})`;
  const id = idOf;
  const project = projectOf;
  const ctx = (col: string) => `(SELECT ${col} FROM audit_context WHERE id = 1)`;
  const insert = (action: string, r: "NEW" | "OLD", before: string, after: string) =>
    `INSERT INTO audit_event (at, user_id, tx_id, entity, entity_id, project_id, action, before_json, after_json)
     VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ${ctx("user_id")}, ${ctx("tx_id")}, '${table}', ${id(r)}, ${project(r)}, '${action}', ${before}, ${after});`;
  await sql.raw(`CREATE TRIGGER audit_${table}_insert AFTER INSERT ON ${table} BEGIN ${insert("insert", "NEW", "NULL", json("NEW"))} END`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_${table}_update AFTER UPDATE ON ${table} BEGIN ${insert("update", "NEW", json("OLD"), json("NEW"))} END`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_${table}_delete BEFORE DELETE ON ${table} BEGIN ${insert("delete", "OLD", json("OLD"), "NULL")} END`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_user")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(email) AND length(email) BETWEEN 3 AND 254`),
    )
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('admin','manager','committee','association')`))
    .addColumn("organisation_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_demo", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`is_demo IN (0,1)`),
    )
    .addColumn("active", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active IN (0,1)`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint("app_user_org_ck", sql`(role = 'association') = (organisation_id IS NOT NULL)`)
    .execute();

  await db.schema
    .createTable("user_session")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_session_user_idx").on("user_session").column("user_id").execute();

  await db.schema
    .createTable("api_token")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("login_attempt")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("success", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempt_email_idx").on("login_attempt").columns(["email", "at"]).execute();
  await db.schema.createIndex("login_attempt_ip_idx").on("login_attempt").columns(["ip", "at"]).execute();

  await db.schema
    .createTable("audit_context")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("user_id", "integer")
    .addColumn("tx_id", "text")
    .execute();
  await sql`INSERT INTO audit_context (id, user_id, tx_id) VALUES (1, NULL, NULL)`.execute(db);

  await db.schema
    .createTable("audit_event")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer")
    .addColumn("tx_id", "text")
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "integer", (c) => c.notNull())
    .addColumn("project_id", "integer")
    .addColumn("action", "text", (c) => c.notNull().check(sql`action IN ('insert','update','delete')`))
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .execute();
  await db.schema.createIndex("audit_event_project_idx").on("audit_event").columns(["project_id", "id"]).execute();
  await db.schema.createIndex("audit_event_entity_idx").on("audit_event").columns(["entity", "entity_id", "id"]).execute();
  await sql`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END`.execute(db);
  await sql`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END`.execute(db);

  for (const table of Object.keys(PROJECT_OF)) await createAuditTriggers(db, table);

  // Children are deleted before their parent (instead of by the foreign keys' cascade, which
  // runs after the parent row is gone): their audit rows can then still find their project.
  const CHILDREN: Record<string, [string, string][]> = {
    plan_version: [
      ["plan_line", "plan_version_id"],
      ["plan_implementer", "plan_version_id"],
      ["commitment", "plan_version_id"],
    ],
    plan_line: [["plan_line_year", "plan_line_id"]],
    commitment: [["commitment_year", "commitment_id"]],
  };
  for (const [parent, children] of Object.entries(CHILDREN)) {
    const deletes = children.map(([child, fk]) => `DELETE FROM ${child} WHERE ${fk} = OLD.id;`).join(" ");
    await sql.raw(`CREATE TRIGGER delete_children_of_${parent} BEFORE DELETE ON ${parent} BEGIN ${deletes} END`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(PROJECT_OF))
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_${table}_${op}`).execute(db);
  for (const parent of ["plan_version", "plan_line", "commitment"]) await sql.raw(`DROP TRIGGER IF EXISTS delete_children_of_${parent}`).execute(db);
  for (const t of ["audit_event", "audit_context", "login_attempt", "api_token", "user_session", "app_user"]) await db.schema.dropTable(t).execute();
}
