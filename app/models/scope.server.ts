/**
 * Organisation scoping inside the queries: which projects a viewer may see. Every model read of
 * projects goes through here, so a route that forgot a check still cannot return another
 * organisation's rows (an organisation's representative sees only projects their organisation
 * leads, implements or funds; a committee member sees everything but drafts).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { DRAFT_STATUSES, projectScope, type Viewer } from "~/domain/permissions";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";

/** An SQL condition over a project table aliased `alias` (default `p`). */
export function projectVisible(viewer: Viewer, alias = "p"): RawBuilder<SqlBool> {
  const scope = projectScope(viewer);
  const id = sql.ref(`${alias}.id`);
  switch (scope.kind) {
    case "all":
      return sql<SqlBool>`1 = 1`;
    case "nonDraft":
      return sql<SqlBool>`${sql.ref(`${alias}.status`)} NOT IN (${sql.join([...DRAFT_STATUSES])})`;
    case "organisation":
      return sql<SqlBool>`(${sql.ref(`${alias}.lead_organisation_id`)} = ${scope.organisationId} OR ${sql.ref(`${alias}.funder_organisation_id`)} = ${scope.organisationId} OR EXISTS (
        SELECT 1 FROM plan_implementer pi JOIN plan_version pv ON pv.id = pi.plan_version_id
        WHERE pv.project_id = ${id} AND pv.state = 'current' AND pi.organisation_id = ${scope.organisationId}))`;
  }
}

/** The ids of the projects a viewer may see, as a subquery condition on a project id column. */
export function projectIdVisible(viewer: Viewer, projectIdColumn: string): RawBuilder<SqlBool> {
  if (projectScope(viewer).kind === "all") return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`${sql.ref(projectIdColumn)} IN (SELECT p.id FROM project p WHERE ${projectVisible(viewer, "p")})`;
}

/**
 * The project statuses whose running totals (funding_total, commitment_total) a viewer's
 * city-wide figures sum, narrowed to one status when a filter names it. Only for viewers who
 * see projects by status (all, or all but drafts): an organisation's view is never summed
 * from the city-wide totals.
 */
export function statusesSummed(viewer: Viewer, only: ProjectStatus | null = null): ProjectStatus[] {
  const scope = projectScope(viewer);
  if (scope.kind === "organisation") throw new Error("city-wide totals are not summed for an organisation's view");
  const visible = PROJECT_STATUSES.filter((s) => scope.kind === "all" || !(DRAFT_STATUSES as readonly string[]).includes(s));
  return only === null ? visible : visible.filter((s) => s === only);
}
