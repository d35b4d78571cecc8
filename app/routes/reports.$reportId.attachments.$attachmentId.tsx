/**
 * One attachment of a report. GET downloads it: always as a download (Content-Disposition:
 * attachment, the name in RFC 5987 form), with the type sniffed at upload, `nosniff`, and never
 * cached. The file is checked against its checksum first; a damaged or missing file is an error,
 * not served. POST with `_intent=delete` deletes it while the report can be edited, and
 * redirects to the report with a message; a refusal is 400 (nothing deleted).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { canWriteReports, getReport } from "~/models/report.server";
import { deleteAttachment, getAttachment, serveAttachment } from "~/models/attachment.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const reportId = requireId(params.reportId);
  const attachmentId = requireId(params.attachmentId);
  const attachment = await getAttachment(getDb(), viewer, reportId, attachmentId);
  if (!attachment) notFound();
  return serveAttachment(attachment, `report ${reportId}, attachment ${attachmentId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const reportId = requireId(params.reportId);
  const attachmentId = requireId(params.attachmentId);
  const db = getDb();
  if (!(await getReport(db, viewer, reportId))) notFound();
  if (!canWriteReports(viewer)) forbidden(request);
  const form = await request.formData().catch(() => null);
  if (form?.get("_intent") !== "delete") throw new Response("Bad request", { status: 400 });
  const deleted = await withInputErrors({}, () => deleteAttachment(db, actorOf(viewer), viewer, reportId, attachmentId));
  if (!deleted.ok) return deleted.response;
  if (!deleted.value) notFound();
  return redirectWithFlash(`/reports/${reportId}#attachments`, { key: "attachment.deleted", params: { name: deleted.value.fileName } });
}
