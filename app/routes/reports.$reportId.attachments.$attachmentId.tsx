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
import { AttachmentFileError, deleteAttachment, getAttachment, readAttachmentFile } from "~/models/attachment.server";

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback, and the real name percent-encoded (RFC 5987/6266). */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7E]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const reportId = requireId(params.reportId);
  const attachmentId = requireId(params.attachmentId);
  const attachment = await getAttachment(getDb(), viewer, reportId, attachmentId);
  if (!attachment) notFound();
  let bytes: Buffer;
  try {
    bytes = await readAttachmentFile(attachment.sha256);
  } catch (e) {
    if (!(e instanceof AttachmentFileError)) throw e;
    console.error(`report ${reportId}, attachment ${attachmentId}: ${e.message}`);
    throw new Response("The attachment's file is damaged or missing.", { status: 500, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
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
