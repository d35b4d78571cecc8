/**
 * 0006: derived figures for city-wide views at national scale (docs/decisions/009).
 *
 * For each project's current plan version (the "current version marker": `project_figure` has
 * one row per project, naming its current version), the figures that portfolio-wide views sum:
 * - `project_figure`: the plan's totals, the city's commitments, the warning count, and sort
 *   keys for the names (Finnish order under binary comparison);
 * - `project_year_figure`: per calendar year, the financing by source, the city's money, the
 *   EU/state parts, and the city's commitments confirmed and conditional (`in_plan` 0: a year
 *   that only a commitment's entered split names, outside the plan's years);
 * - `commitment_year_figure`: the per-year split of each commitment of a current plan;
 * - `project_financier`: the organisations covering a financing line or holding a commitment;
 * - `portfolio_total`, `funding_total` and `commitment_total`: running totals over all projects by status and year
 *   (and co-financing or committing organisation), kept by adding a project's new rows and
 *   subtracting its old ones, so that city-wide figures read a few hundred rows, not 100 000.
 *
 * They have no foreign keys: a deleted project or version marks its project dirty like any other
 * change, and the recomputation first subtracts its rows from the running totals.
 * They are never written by hand. Triggers on every table they derive from put the project's
 * id into `figure_dirty`; `audited()` (app/models/audit.server.ts) recomputes the dirty
 * projects' rows with the domain's own functions before its transaction commits, so a change
 * and its figures land together or not at all. This migration marks every project dirty; the
 * figures are computed right after migrating (db/migrate.ts).
 * Indexes for the hot queries (EXPLAIN QUERY PLAN in tests/integration/query-plans.test.ts).
 * Frozen once landed.
 */
import { sql, type Kysely } from "kysely";

const STATEMENTS = [
  `CREATE TABLE figure_dirty (project_id INTEGER PRIMARY KEY)`,
  `CREATE TABLE project_figure (
    project_id INTEGER PRIMARY KEY,
    plan_version_id INTEGER NOT NULL UNIQUE,
    sort_name TEXT NOT NULL,
    sort_short_name TEXT NOT NULL,
    status TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    total_budget_cents INTEGER NOT NULL,
    esr_cents INTEGER NOT NULL,
    own_cents INTEGER NOT NULL,
    plan_city_cents INTEGER NOT NULL,
    financing_total_cents INTEGER NOT NULL,
    eu_cents INTEGER NOT NULL,
    state_cents INTEGER NOT NULL,
    commitment_cents INTEGER NOT NULL,
    commitment_conditional_cents INTEGER NOT NULL,
    commitment_split_rows INTEGER NOT NULL,
    warning_count INTEGER NOT NULL
  )`,
  `CREATE INDEX project_figure_sort_name_idx ON project_figure(sort_name, project_id)`,
  `CREATE INDEX project_figure_sort_short_idx ON project_figure(sort_short_name, project_id)`,
  `CREATE TABLE project_year_figure (
    project_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    in_plan INTEGER NOT NULL CHECK (in_plan IN (0, 1)),
    esr_cents INTEGER NOT NULL,
    own_cents INTEGER NOT NULL,
    municipal_cents INTEGER NOT NULL,
    other_public_cents INTEGER NOT NULL,
    private_cents INTEGER NOT NULL,
    financing_total_cents INTEGER NOT NULL,
    city_cents INTEGER NOT NULL,
    eu_cents INTEGER NOT NULL,
    state_cents INTEGER NOT NULL,
    confirmed_cents INTEGER NOT NULL,
    conditional_cents INTEGER NOT NULL,
    split_rows INTEGER NOT NULL,
    PRIMARY KEY (project_id, year)
  ) WITHOUT ROWID`,
  `CREATE TABLE commitment_year_figure (
    commitment_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('confirmed','conditional','failed')),
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (commitment_id, year)
  ) WITHOUT ROWID`,
  `CREATE INDEX commitment_year_figure_project_idx ON commitment_year_figure(project_id, organisation_id, year, state, amount_cents)`,
  `CREATE TABLE project_financier (
    project_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    PRIMARY KEY (project_id, organisation_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX project_financier_org_idx ON project_financier(organisation_id, project_id)`,
  // Running totals of the projects' own figures by status (the portfolio's totals when no
  // filter but the status narrows it).
  `CREATE TABLE portfolio_total (
    status TEXT PRIMARY KEY,
    projects INTEGER NOT NULL,
    total_budget_cents INTEGER NOT NULL,
    esr_cents INTEGER NOT NULL,
    own_cents INTEGER NOT NULL,
    commitment_cents INTEGER NOT NULL,
    commitment_conditional_cents INTEGER NOT NULL,
    commitment_projects INTEGER NOT NULL,
    warning_count INTEGER NOT NULL
  ) WITHOUT ROWID`,
  // Running totals over all projects by status and year: the year rows summed (financier_id 0)
  // and summed per co-financing organisation; \`year_rows\` counts the rows in a sum, \`plan_rows\`
  // those of plan years (a total with no rows left is deleted).
  `CREATE TABLE funding_total (
    status TEXT NOT NULL,
    financier_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    esr_cents INTEGER NOT NULL,
    own_cents INTEGER NOT NULL,
    municipal_cents INTEGER NOT NULL,
    other_public_cents INTEGER NOT NULL,
    private_cents INTEGER NOT NULL,
    financing_total_cents INTEGER NOT NULL,
    city_cents INTEGER NOT NULL,
    eu_cents INTEGER NOT NULL,
    state_cents INTEGER NOT NULL,
    commitment_cents INTEGER NOT NULL,
    confirmed_cents INTEGER NOT NULL,
    conditional_cents INTEGER NOT NULL,
    split_rows INTEGER NOT NULL,
    year_rows INTEGER NOT NULL,
    plan_rows INTEGER NOT NULL,
    PRIMARY KEY (financier_id, status, year)
  ) WITHOUT ROWID`,
  // Running totals of the commitments' per-year split by status, committing organisation and
  // year (failed ones not counted); \`split_rows\` counts the split rows in a sum.
  `CREATE TABLE commitment_total (
    status TEXT NOT NULL,
    organisation_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    confirmed_cents INTEGER NOT NULL,
    conditional_cents INTEGER NOT NULL,
    split_rows INTEGER NOT NULL,
    PRIMARY KEY (status, organisation_id, year)
  ) WITHOUT ROWID`,
  `CREATE INDEX project_funder_idx ON project(funder_organisation_id)`,
  `CREATE INDEX plan_implementer_version_idx ON plan_implementer(plan_version_id, organisation_id)`,
  `CREATE INDEX plan_line_org_idx ON plan_line(organisation_id) WHERE organisation_id IS NOT NULL`,
];

/** Which project a row of each source table belongs to, as SQL over NEW or OLD. */
const PROJECT_OF: Record<string, (r: string) => string> = {
  project: (r) => `SELECT ${r}.id`,
  plan_version: (r) => `SELECT ${r}.project_id`,
  plan_line: (r) => `SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id`,
  plan_implementer: (r) => `SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id`,
  commitment: (r) => `SELECT project_id FROM plan_version WHERE id = ${r}.plan_version_id`,
  plan_line_year: (r) => `SELECT v.project_id FROM plan_line l JOIN plan_version v ON v.id = l.plan_version_id WHERE l.id = ${r}.plan_line_id`,
  commitment_year: (r) => `SELECT v.project_id FROM commitment c JOIN plan_version v ON v.id = c.plan_version_id WHERE c.id = ${r}.commitment_id`,
};

function triggers(): string[] {
  const out: string[] = [];
  for (const [table, projectOf] of Object.entries(PROJECT_OF)) {
    out.push(
      `CREATE TRIGGER figure_dirty_${table}_insert AFTER INSERT ON ${table} BEGIN INSERT OR IGNORE INTO figure_dirty(project_id) ${projectOf("NEW")}; END`,
    );
    out.push(
      `CREATE TRIGGER figure_dirty_${table}_update AFTER UPDATE ON ${table} BEGIN INSERT OR IGNORE INTO figure_dirty(project_id) ${projectOf("OLD")}; INSERT OR IGNORE INTO figure_dirty(project_id) ${projectOf("NEW")}; END`,
    );
    out.push(
      `CREATE TRIGGER figure_dirty_${table}_delete AFTER DELETE ON ${table} BEGIN INSERT OR IGNORE INTO figure_dirty(project_id) ${projectOf("OLD")}; END`,
    );
  }
  // An organisation that becomes (or stops being) the city or a unit changes whose money is the city's.
  out.push(`CREATE TRIGGER figure_dirty_organisation_kind AFTER UPDATE OF kind ON organisation WHEN OLD.kind <> NEW.kind BEGIN
    INSERT OR IGNORE INTO figure_dirty(project_id)
      SELECT v.project_id FROM plan_line l JOIN plan_version v ON v.id = l.plan_version_id WHERE l.organisation_id = NEW.id
      UNION SELECT v.project_id FROM commitment c JOIN plan_version v ON v.id = c.plan_version_id WHERE c.organisation_id = NEW.id
      UNION SELECT v.project_id FROM plan_implementer i JOIN plan_version v ON v.id = i.plan_version_id WHERE i.organisation_id = NEW.id;
  END`);
  return out;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [...STATEMENTS, ...triggers()]) await sql.raw(s).execute(db);
  await sql`INSERT INTO figure_dirty(project_id) SELECT id FROM project`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(PROJECT_OF))
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS figure_dirty_${table}_${op}`).execute(db);
  await sql.raw("DROP TRIGGER IF EXISTS figure_dirty_organisation_kind").execute(db);
  for (const i of ["project_funder_idx", "plan_implementer_version_idx", "plan_line_org_idx"]) await sql.raw(`DROP INDEX IF EXISTS ${i}`).execute(db);
  for (const t of [
    "portfolio_total",
    "commitment_total",
    "funding_total",
    "project_financier",
    "commitment_year_figure",
    "project_year_figure",
    "project_figure",
    "figure_dirty",
  ])
    await sql.raw(`DROP TABLE ${t}`).execute(db);
}
