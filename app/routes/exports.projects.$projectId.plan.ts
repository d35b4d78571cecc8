/**
 * GET /exports/projects/<id>/plan?format=xlsx|csv: the project's plan by calendar year as on its
 * page (costs and sources per year, with totals). For whoever sees the project: another
 * organisation's project, a draft for a committee member or an unknown id is a 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requireId } from "~/utils/http.server";
import { getProjectDetail } from "~/models/project.server";
import { fileSlug } from "~/domain/spreadsheet";
import { planTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.projectId);
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const detail = await getProjectDetail(getDb(), viewer, id);
  if (!detail) notFound();
  return spreadsheetResponse(request, planTable(detail, t), format, `${fileSlug(detail.project.short_name)}-suunnitelma`);
}
