/**
 * GET /meetings/<id>/docx: the meeting's whole agenda as a Word document for the case-management
 * system (app/models/agenda-docx.server.ts), with the items the viewer may see. Read like the
 * meeting's page; an unknown meeting is a 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getItem, getMeeting, meetingItems } from "~/models/agenda.server";
import { agendaDocx, docxItemOf, docxResponse } from "~/models/agenda-docx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const meeting = await getMeeting(db, requireId(params.meetingId));
  if (!meeting) notFound();
  const items = [];
  for (const r of await meetingItems(db, viewer, meeting.id)) {
    const i = await getItem(db, viewer, r.id);
    if (i) items.push(docxItemOf(i));
  }
  return docxResponse(await agendaDocx(meeting, items), `esityslista-${meeting.meeting_date}.docx`);
}
