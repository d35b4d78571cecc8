/**
 * 0003: change requests. A request (from a grantee to the city, or from the city to the funder)
 * proposes a new plan version (stored as a plan_version in state 'proposed'); its decision makes
 * that version current (on a condition, or not) or rejects it. Audited like the ledger.
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";
import { createAuditTriggers } from "./0002_accounts_audit";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("change_request")
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
    .addColumn("state", "text", (c) => c.notNull().check(sql`state IN ('pending','approved','approved_conditionally','rejected')`))
    .addColumn("condition_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("condition_state", "text", (c) => c.check(sql`condition_state IN ('pending','met','failed')`))
    .addColumn("condition_settled_on", "text")
    .addColumn("decision_body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decision_date", "text")
    .addColumn("decision_section", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint("change_request_condition_ck", sql`(state = 'approved_conditionally') = (condition_state IS NOT NULL)`)
    .addCheckConstraint("change_request_decided_ck", sql`state = 'pending' OR (decision_date IS NOT NULL AND decision_body <> '')`)
    .execute();
  await db.schema.createIndex("change_request_project_idx").on("change_request").column("project_id").execute();
  await db.schema.createIndex("change_request_state_idx").on("change_request").columns(["state", "received_on"]).execute();
  await createAuditTriggers(db, "change_request", (r) => `${r}.project_id`);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS audit_change_request_${op}`).execute(db);
  await db.schema.dropTable("change_request").execute();
}
