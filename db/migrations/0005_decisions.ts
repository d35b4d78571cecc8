/**
 * 0005: decisions a committee can trust.
 * - A request can be withdrawn while pending (state 'withdrawn'; its proposed version is then
 *   'rejected'); who filed it, who decided it and when, and who withdrew it are kept.
 * - The city's yearly totals before and after a decision, as they were when it was made
 *   (`city_before_json`, `city_after_json`: [{year, confirmedCents, conditionalCents}]).
 * - An administrator's correction of a decision recorded by mistake keeps its reason
 *   (`corrected_at`, `correction_reason`); the audit trail keeps both decisions.
 * SQLite cannot change a CHECK constraint, so the table is rebuilt (nothing references it).
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

const COLUMNS_0003 = [
  "id",
  "project_id",
  "direction",
  "requested_by_organisation_id",
  "received_on",
  "kinds",
  "reason",
  "base_version_id",
  "proposed_version_id",
  "proposed_name",
  "proposed_short_name",
  "proposed_target_group",
  "previous_name",
  "previous_short_name",
  "previous_target_group",
  "state",
  "condition_text",
  "condition_state",
  "condition_settled_on",
  "decision_body",
  "decision_date",
  "decision_section",
  "created_at",
  "updated_at",
  "revision",
];

async function createTable(db: Kysely<any>, name: string, withdrawn: boolean): Promise<void> {
  let t = db.schema
    .createTable(name)
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("project_id", "integer", (c) => c.notNull().references("project.id").onDelete("cascade"))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction IN ('grantee_to_city','city_to_funder')`))
    .addColumn("requested_by_organisation_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("received_on", "text", (c) => c.notNull().check(sql`received_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`))
    .addColumn("kinds", "text", (c) => c.notNull().check(sql`json_valid(kinds) AND json_type(kinds) = 'array'`))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("base_version_id", "integer", (c) => c.notNull().references("plan_version.id").onDelete("restrict"))
    .addColumn("proposed_version_id", "integer", (c) => c.notNull().unique().references("plan_version.id").onDelete("restrict"))
    .addColumn("proposed_name", "text", (c) => c.notNull())
    .addColumn("proposed_short_name", "text", (c) => c.notNull())
    .addColumn("proposed_target_group", "text", (c) => c.notNull())
    .addColumn("previous_name", "text")
    .addColumn("previous_short_name", "text")
    .addColumn("previous_target_group", "text")
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .check(
          withdrawn
            ? sql`state IN ('pending','approved','approved_conditionally','rejected','withdrawn')`
            : sql`state IN ('pending','approved','approved_conditionally','rejected')`,
        ),
    )
    .addColumn("condition_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("condition_state", "text", (c) => c.check(sql`condition_state IN ('pending','met','failed')`))
    .addColumn("condition_settled_on", "text")
    .addColumn("decision_body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decision_date", "text")
    .addColumn("decision_section", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1));
  if (withdrawn) {
    t = t
      .addColumn("created_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
      .addColumn("decided_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
      .addColumn("decided_at", "text")
      .addColumn("city_before_json", "text", (c) => c.check(sql`city_before_json IS NULL OR json_valid(city_before_json)`))
      .addColumn("city_after_json", "text", (c) => c.check(sql`city_after_json IS NULL OR json_valid(city_after_json)`))
      .addColumn("withdrawn_at", "text")
      .addColumn("withdrawn_by_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
      .addColumn("withdrawal_reason", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("corrected_at", "text")
      .addColumn("correction_reason", "text", (c) => c.notNull().defaultTo(""));
  }
  await t
    .addCheckConstraint(`${name}_condition_ck`, sql`(state = 'approved_conditionally') = (condition_state IS NOT NULL)`)
    .addCheckConstraint(
      `${name}_decided_ck`,
      withdrawn
        ? sql`state IN ('pending','withdrawn') OR (decision_date IS NOT NULL AND decision_body <> '')`
        : sql`state = 'pending' OR (decision_date IS NOT NULL AND decision_body <> '')`,
    )
    .execute();
}

async function rebuild(db: Kysely<any>, withdrawn: boolean): Promise<void> {
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_change_request_${op}`).execute(db);
  await createTable(db, "change_request_next", withdrawn);
  const cols = COLUMNS_0003.join(", ");
  const where = withdrawn ? "" : " WHERE state <> 'withdrawn'";
  await sql.raw(`INSERT INTO change_request_next (${cols}) SELECT ${cols} FROM change_request${where}`).execute(db);
  await db.schema.dropTable("change_request").execute();
  await sql.raw("ALTER TABLE change_request_next RENAME TO change_request").execute(db);
  await db.schema.createIndex("change_request_project_idx").on("change_request").column("project_id").execute();
  await db.schema.createIndex("change_request_state_idx").on("change_request").columns(["state", "received_on"]).execute();
  await createAuditTriggers(db, "change_request", (r) => `${r}.project_id`);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
  // Decisions recorded before this migration: when is the last update of a decided request.
  await sql`UPDATE change_request SET decided_at = updated_at WHERE state <> 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false);
}
