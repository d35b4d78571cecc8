/**
 * GET /api/v1/projects/:id: the project's facts, its current plan (lines with their yearly
 * amounts, cost model, implementers), the city's commitments and their years, the plan and the
 * commitments by calendar year, every plan version with its totals and commitments by year,
 * the change requests (with their plan difference and yearly effect), the warnings in
 * Finnish and English, and the follow-up: targets with their entries and pace on today's date,
 * reporting obligations with their deadlines, payment applications against the plan's ESR.
 * An unknown or malformed id is a 404 JSON. See docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getLang } from "~/utils/i18n.server";
import { getProjectDetail } from "~/models/project.server";
import { projectVersionBundles, versionSummariesOf } from "~/models/plan.server";
import { getChangeRequestView, listChangeRequests, type ChangeRequestView } from "~/models/change-request.server";
import { projectFollowUpJson } from "~/models/project-document.server";
import { todayInHelsinki } from "~/utils/clock.server";
import { apiError, projectJson } from "~/utils/api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const raw = params.projectId ?? "";
  const db = getDb();
  const detail = /^\d{1,12}$/.test(raw) ? await getProjectDetail(db, viewer, Number(raw)) : null;
  if (!detail) return apiError(await getLang(request), 404, "api.error.projectNotFound");
  const id = detail.project.id;
  // Every version once: the summaries and the requests' differences share them.
  const versions = await projectVersionBundles(db, id);
  const byId = new Map(versions.map((b) => [b.version.id, b]));
  const views: ChangeRequestView[] = [];
  for (const r of await listChangeRequests(db, viewer, id)) {
    const view = await getChangeRequestView(db, viewer, r.id, byId);
    if (view) views.push(view);
  }
  const plan = detail.plan.version;
  const followUp = await projectFollowUpJson(db, id, { start: plan.start_date, end: plan.end_date }, todayInHelsinki());
  return json({ ...projectJson(detail, { versions: versionSummariesOf(versions), changeRequests: views }), ...followUp });
}
