/**
 * GET /exports/reports?format=xlsx|csv[&project=<id>]: reports with their figures, one project's
 * (as on its page) or of every project the viewer sees, with the accepted reports' totals. A
 * project the viewer does not see (another organisation's, a draft for a committee member) or a
 * malformed id is a 404. Streamed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requireId } from "~/utils/http.server";
import { getProject } from "~/models/project.server";
import { fileSlug } from "~/domain/spreadsheet";
import { reportsTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const raw = new URL(request.url).searchParams.get("project");
  const projectId = raw === null || raw === "" ? null : requireId(raw);
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const db = getDb();
  const project = projectId === null ? null : await getProject(db, viewer, projectId);
  if (projectId !== null && !project) notFound();
  const base = project ? `${fileSlug(project.short_name)}-raportit` : "raportit";
  return spreadsheetResponse(request, reportsTable(db, viewer, projectId, t), format, base);
}
