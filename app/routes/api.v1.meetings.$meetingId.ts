/**
 * GET /api/v1/meetings/:meetingId: a committee meeting with its members and the agenda items the
 * caller may see (an item about a project the caller may not see is left out), by §, each with
 * its text, state, decision and acknowledged findings. Admin, manager and committee
 * (portfolio:aggregate): an association's representative gets 403; an unknown or malformed id
 * is a 404 JSON. See docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getLang } from "~/utils/i18n.server";
import { meetingJson } from "~/models/meeting-document.server";
import { apiError } from "~/utils/api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const raw = params.meetingId ?? "";
  const meeting = /^\d{1,12}$/.test(raw) ? await meetingJson(getDb(), viewer, Number(raw)) : undefined;
  if (!meeting) return apiError(await getLang(request), 404, "error.notFound.body");
  return json(meeting);
}
