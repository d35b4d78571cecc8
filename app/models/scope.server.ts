/**
 * Organisation scoping inside the queries: which projects a viewer may see. Every model read of
 * projects goes through here, so a route that forgot a check still cannot return another
 * organisation's rows (an organisation's representative sees only projects their organisation
 * leads, implements or funds; a committee member sees everything but drafts).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { projectScope, type Viewer } from "~/domain/permissions";

/** An SQL condition over a project table aliased `alias` (default `p`). */
export function projectVisible(viewer: Viewer, alias = "p"): RawBuilder<SqlBool> {
  const scope = projectScope(viewer);
  const id = sql.ref(`${alias}.id`);
  switch (scope.kind) {
    case "all":
      return sql<SqlBool>`1 = 1`;
    case "nonDraft":
      return sql<SqlBool>`${sql.ref(`${alias}.status`)} <> 'planning'`;
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
