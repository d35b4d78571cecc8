/**
 * A report's attachments: the list, and (while the report can be edited, for those who may write
 * reports) the upload form and the delete buttons. POST uploads one file (multipart/form-data,
 * field `file`) or, with `_intent=delete` and `attachmentId`, deletes one; a refused file or
 * delete is answered with 400 and this page with the message at the file field, nothing saved.
 *
 * The server lets a POST here be as large as an attachment plus the form around it
 * (scripts/http-guards.ts, UPLOAD_BODY_LIMITS); everything else keeps the 1 MB form limit.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { badRequest, notFound, redirectWithFlash, requireId, withInputErrors, type FormFailure } from "~/utils/http.server";
import { canWriteReports, getReport } from "~/models/report.server";
import { addAttachment, deleteAttachment, listAttachments } from "~/models/attachment.server";
import { isEditable, type ReportKind } from "~/domain/report";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachment";
import { formatPeriod } from "~/domain/days";
import { AttachmentList, AttachmentUploadForm } from "~/components/report-attachments";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("attachment.page.title", { name: data.report.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const reportId = requireId(params.reportId);
  const db = getDb();
  const report = await getReport(db, viewer, reportId);
  if (!report) notFound();
  return json({
    report: {
      id: report.id,
      kind: report.kind as ReportKind,
      projectId: report.project_id,
      shortName: report.short_name,
      periodStart: report.period_start,
      periodEnd: report.period_end,
    },
    attachments: await listAttachments(db, reportId),
    canWrite: canWriteReports(viewer),
    editable: isEditable(report.status),
  });
}

/** A refusal at the file field: 400 with this page's form data shape (nothing was saved). */
const refuse = (key: string) => badRequest({ file: key }, {});

/** The uploaded file of a multipart post (null when there is none: no file chosen, or not a multipart post). */
async function uploadedFile(request: Request): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return null;
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") return null;
  // A file field left empty is sent as a nameless, empty file.
  if (file.size === 0 && file.name === "") return null;
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const reportId = requireId(params.reportId);
  const db = getDb();
  const report = await getReport(db, viewer, reportId);
  if (!report) notFound();
  if (!canWriteReports(viewer)) forbidden(request);

  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const form = await request.formData().catch(() => null);
    if (form?.get("_intent") !== "delete") return refuse("attachment.error.missing");
    const attachmentId = requireId(String(form.get("attachmentId") ?? ""));
    const deleted = await withInputErrors({}, () => deleteAttachment(db, actorOf(viewer), viewer, reportId, attachmentId));
    if (!deleted.ok) return deleted.response;
    if (!deleted.value) notFound();
    return redirectWithFlash(`/reports/${reportId}#attachments`, { key: "attachment.deleted", params: { name: deleted.value.fileName } });
  }

  // The body is already in memory, read by the server up to the upload limit.
  const file = await uploadedFile(request);
  if (!file) return refuse(isEditable(report.status) ? "attachment.error.missing" : "attachment.error.locked");
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) return refuse("attachment.error.tooLarge");
  const saved = await withInputErrors({}, () => addAttachment(db, actorOf(viewer), viewer, reportId, file));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/reports/${reportId}#attachments`, { key: "attachment.added", params: { name: saved.value.fileName } });
}

export default function ReportAttachmentsPage() {
  const { report, attachments, canWrite, editable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormFailure | undefined;
  const t = useT();
  const td = useTDynamic();
  const canEdit = canWrite && editable;
  const error = actionData?.errors?.file;
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${report.projectId}`}>{report.shortName}</Link>
        {" · "}
        <Link to={`/reports/${report.id}`}>
          {t(`report.kind.${report.kind}`)}
          {report.periodStart && report.periodEnd ? ` ${formatPeriod(report.periodStart, report.periodEnd)}` : ""}
        </Link>
      </p>
      <h1>{t("attachment.page.title", { name: report.shortName })}</h1>
      <section aria-labelledby="attachments">
        <h2 id="attachments" className="visually-hidden">
          {t("attachment.title")}
        </h2>
        <AttachmentList reportId={report.id} attachments={attachments} canEdit={canEdit} />
      </section>
      {canEdit ? (
        <AttachmentUploadForm reportId={report.id} error={error} />
      ) : (
        <>
          {canWrite ? <p className="note">{t("attachment.locked")}</p> : null}
          {/* A refusal that came back although the page no longer offers the form (submitted meanwhile). */}
          {error ? (
            <p className="field-error" role="alert" data-field="file">
              {td(decodeError(error).key, decodeError(error).params)}
            </p>
          ) : null}
        </>
      )}
      <p>
        <Link to={`/reports/${report.id}#attachments`}>{t("attachment.back")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
