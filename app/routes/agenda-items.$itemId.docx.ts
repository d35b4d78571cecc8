/**
 * GET /agenda-items/<id>/docx: one agenda item as a Word document for the case-management system
 * (app/models/agenda-docx.server.ts), headed by its meeting. Read like the item's page; an item
 * that does not exist, or is about a project the viewer may not see, is a 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getItem } from "~/models/agenda.server";
import { agendaItemDocx, docxItemOf, docxResponse } from "~/models/agenda-docx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const item = await getItem(getDb(), viewer, requireId(params.itemId));
  if (!item) notFound();
  const bytes = await agendaItemDocx({ body: item.body, meeting_date: item.meeting_date, start_time: item.start_time, place: item.place }, docxItemOf(item));
  return docxResponse(bytes, `pykala-${item.section}-${item.meeting_date}.docx`);
}
