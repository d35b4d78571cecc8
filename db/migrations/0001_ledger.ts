/**
 * 0001: the project ledger. Organisations, projects, plan versions with their cost and
 * financing lines (yearly amounts when entered), implementers' shares, and the city's
 * co-financing commitments with their entered per-year splits.
 * Frozen once landed: later changes go into new migrations.
 */
import { sql, type Kysely } from "kysely";

const DAY = (col: string) => sql.raw(`${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`);
const BP = (col: string) => sql.raw(`${col} BETWEEN 0 AND 10000`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
    .addColumn("short_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('city','city_unit','association','municipality','funder','company','other')`))
    .addColumn("business_id", "text", (c) => c.unique().check(sql`business_id GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]'`))
    .addColumn("parent_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("project")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 300`))
    .addColumn("short_name", "text", (c) => c.notNull().check(sql`length(short_name) BETWEEN 1 AND 60`))
    .addColumn("case_number", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`length(case_number) BETWEEN 1 AND 60`),
    )
    .addColumn("lead_organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("funder_organisation_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("programme", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("specific_objective", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target_group", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .check(sql`status IN ('planning','applied','committee_conditional','funded','running','ended','final_report_accepted','rejected','withdrawn')`),
    )
    .addColumn("eu_share_bp", "integer", (c) => c.notNull().defaultTo(6000).check(BP("eu_share_bp")))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("project_lead_idx").on("project").column("lead_organisation_id").execute();
  await db.schema.createIndex("project_status_idx").on("project").column("status").execute();

  await db.schema
    .createTable("plan_version")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("project_id", "integer", (c) => c.notNull().references("project.id").onDelete("cascade"))
    .addColumn("version_number", "integer", (c) => c.notNull().check(sql`version_number >= 1`))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state IN ('current','superseded','proposed','conditional','rejected')`))
    .addColumn("start_date", "text", (c) => c.notNull().check(DAY("start_date")))
    .addColumn("end_date", "text", (c) => c.notNull().check(DAY("end_date")))
    .addColumn("total_budget_cents", "integer", (c) => c.notNull().check(sql`total_budget_cents >= 0`))
    .addColumn("cost_model", "text", (c) => c.notNull().check(sql`cost_model IN ('flat_40','flat_staff','actual','lump_sum')`))
    .addColumn("flat_rate_bp", "integer", (c) => c.check(BP("flat_rate_bp")))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("plan_version_number_uq", ["project_id", "version_number"])
    .addCheckConstraint("plan_version_period_ck", sql`end_date >= start_date`)
    .execute();
  await sql`CREATE UNIQUE INDEX plan_version_current_uq ON plan_version(project_id) WHERE state = 'current'`.execute(db);

  await db.schema
    .createTable("plan_line")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("plan_version_id", "integer", (c) => c.notNull().references("plan_version.id").onDelete("cascade"))
    .addColumn("side", "text", (c) => c.notNull().check(sql`side IN ('cost','financing')`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("organisation_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn("stated_percent_bp", "integer", (c) => c.check(BP("stated_percent_bp")))
    .addColumn("staff_hours_centi", "integer", (c) => c.check(sql`staff_hours_centi >= 0`))
    .addColumn("hourly_rate_cents", "integer", (c) => c.check(sql`hourly_rate_cents >= 0`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint(
      "plan_line_kind_ck",
      sql`(side = 'cost' AND kind IN ('staff','flat_rate','purchased','other','lump_sum'))
       OR (side = 'financing' AND kind IN ('esr','own','municipal','other_public','private'))`,
    )
    .execute();
  await db.schema.createIndex("plan_line_version_idx").on("plan_line").column("plan_version_id").execute();

  await db.schema
    .createTable("plan_line_year")
    .addColumn("plan_line_id", "integer", (c) => c.notNull().references("plan_line.id").onDelete("cascade"))
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year BETWEEN 1900 AND 2200`))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addPrimaryKeyConstraint("plan_line_year_pk", ["plan_line_id", "year"])
    .execute();

  await db.schema
    .createTable("plan_implementer")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("plan_version_id", "integer", (c) => c.notNull().references("plan_version.id").onDelete("cascade"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('lead','co')`))
    .addColumn("budget_cents", "integer", (c) => c.check(sql`budget_cents >= 0`))
    .addUniqueConstraint("plan_implementer_uq", ["plan_version_id", "organisation_id"])
    .execute();
  await db.schema.createIndex("plan_implementer_org_idx").on("plan_implementer").column("organisation_id").execute();

  await db.schema
    .createTable("commitment")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("plan_version_id", "integer", (c) => c.notNull().references("plan_version.id").onDelete("cascade"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn("condition_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("condition_status", "text", (c) => c.notNull().check(sql`condition_status IN ('none','pending','met','failed')`))
    .addColumn("annual_budget_reservation", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`annual_budget_reservation IN (0,1)`),
    )
    .addColumn("decision_body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decision_date", "text", (c) => c.check(DAY("decision_date")))
    .addColumn("decision_section", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      "commitment_condition_ck",
      sql`(condition_status = 'none' AND condition_text = '') OR (condition_status <> 'none' AND condition_text <> '')`,
    )
    .execute();
  await db.schema.createIndex("commitment_version_idx").on("commitment").column("plan_version_id").execute();
  await db.schema.createIndex("commitment_org_idx").on("commitment").column("organisation_id").execute();

  await db.schema
    .createTable("commitment_year")
    .addColumn("commitment_id", "integer", (c) => c.notNull().references("commitment.id").onDelete("cascade"))
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year BETWEEN 1900 AND 2200`))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addPrimaryKeyConstraint("commitment_year_pk", ["commitment_id", "year"])
    .execute();
  await sql`CREATE INDEX commitment_year_cover_idx ON commitment_year(year, commitment_id, amount_cents)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["commitment_year", "commitment", "plan_implementer", "plan_line_year", "plan_line", "plan_version", "project", "organisation"]) {
    await db.schema.dropTable(t).execute();
  }
}
