/**
 * GET /api/v1/meetings/:meetingId/popolo: the meeting's minutes in a Popolo-like form that an
 * open-decisions interface can take: the meeting as an event (its start in Helsinki time with the
 * day's offset, place, body, attendees) and the items the caller may see, each with its § as
 * identifier, its proposal as the motion and its decision (null until decided). Meant for
 * publication: no preparer's e-mail address or phone number, no text between ⟦ and ⟧ (the
 * agenda's publicText, app/components/agenda-text.tsx). Admin, manager and committee
 * (portfolio:aggregate): an association's representative gets 403; an unknown or malformed id is
 * a 404 JSON. The mapping to Popolo is in docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getLang } from "~/utils/i18n.server";
import { meetingPopolo } from "~/models/meeting-document.server";
import { apiError } from "~/utils/api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const raw = params.meetingId ?? "";
  const document = /^\d{1,12}$/.test(raw) ? await meetingPopolo(getDb(), viewer, Number(raw)) : undefined;
  if (!document) return apiError(await getLang(request), 404, "error.notFound.body");
  return json(document);
}
