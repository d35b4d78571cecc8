/**
 * GET /api/v1/projects/:id: the project's facts, its current plan (lines with their yearly
 * amounts, cost model, implementers), the city's commitments and their years, the plan and the
 * commitments by calendar year, the plan versions and the warnings in Finnish and English.
 * An unknown or malformed id is a 404 JSON.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getLang } from "~/utils/i18n.server";
import { getProjectDetail } from "~/models/project.server";
import { apiError, projectJson } from "~/utils/api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const raw = params.projectId ?? "";
  const detail = /^\d{1,12}$/.test(raw) ? await getProjectDetail(getDb(), viewer, Number(raw)) : null;
  if (!detail) return apiError(await getLang(request), 404, "api.error.projectNotFound");
  return json(projectJson(detail));
}
