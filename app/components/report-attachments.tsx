/**
 * A report's attachments: the list (name as a download link, type, size, date added; a delete
 * button each while the report can be edited) and the upload form. The report page renders
 * `ReportAttachments`; the upload page (app/routes/reports.$reportId.attachments.tsx) uses the
 * list and the form with its error.
 *
 * Both forms are plain posts to /reports/ID/attachments (the upload as multipart/form-data) and
 * work without JavaScript; the page answers a refused file with 400 and the message under the
 * file field. Downloads are plain links (a file, not a page).
 */
import { Form } from "@remix-run/react";
import { useLang, useT, useTDynamic } from "~/i18n/react";
import type { Lang } from "~/i18n";
import { formatDay, helsinkiParts } from "~/domain/days";
import { decodeError } from "~/schemas/field-errors";
import { DataTable } from "./data-table";

/** One attachment as a page shows it (the model's `Attachment`, after JSON). */
export interface AttachmentItem {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
};

/** "1,2 Mt" / "1.2 MB", "340 kt" / "340 kB", "512 t" / "512 B" (units of 1024). */
export function fileSize(bytes: number, lang: Lang, t: ReturnType<typeof useT>): string {
  const number = (n: number, digits: number) => n.toLocaleString(lang === "fi" ? "fi-FI" : "en-GB", { maximumFractionDigits: digits });
  if (bytes < 1024) return t("attachment.size.bytes", { size: number(bytes, 0) });
  if (bytes < 1024 * 1024) return t("attachment.size.kb", { size: number(Math.max(1, Math.round(bytes / 1024)), 0) });
  return t("attachment.size.mb", { size: number(Math.round((bytes / (1024 * 1024)) * 10) / 10, 1) });
}

const dayOf = (iso: string) => {
  const p = helsinkiParts(new Date(iso));
  return formatDay(`${p.year}-${p.month}-${p.day}`);
};

export const attachmentsUrl = (reportId: number) => `/reports/${reportId}/attachments`;
export const attachmentUrl = (reportId: number, attachmentId: number) => `/reports/${reportId}/attachments/${attachmentId}`;

export function AttachmentList({ reportId, attachments, canEdit }: { reportId: number; attachments: AttachmentItem[]; canEdit: boolean }) {
  const t = useT();
  const lang = useLang();
  if (attachments.length === 0) return <p>{t("attachment.empty")}</p>;
  return (
    <DataTable
      id="attachment-list"
      caption={t("attachment.table")}
      columns={[
        { label: t("attachment.col.name") },
        { label: t("attachment.col.type") },
        { label: t("attachment.col.size"), numeric: true },
        { label: t("attachment.col.added") },
        ...(canEdit ? [{ label: <span className="visually-hidden">{t("attachment.col.actions")}</span> }] : []),
      ]}
    >
      <tbody>
        {attachments.map((a) => (
          <tr key={a.id}>
            <td>
              {/* A plain link: the browser downloads the file (Content-Disposition: attachment). */}
              <a href={attachmentUrl(reportId, a.id)} aria-label={t("attachment.download", { name: a.fileName })}>
                {a.fileName}
              </a>
            </td>
            <td>{TYPE_LABELS[a.contentType] ?? a.contentType}</td>
            <td className="num nowrap">{fileSize(a.sizeBytes, lang, t)}</td>
            <td>{dayOf(a.createdAt)}</td>
            {canEdit ? (
              <td>
                <Form method="post" action={attachmentsUrl(reportId)}>
                  <input type="hidden" name="_intent" value="delete" />
                  <input type="hidden" name="attachmentId" value={a.id} />
                  <button type="submit" className="link danger" aria-label={t("attachment.deleteLabel", { name: a.fileName })}>
                    {t("attachment.delete")}
                  </button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** The upload form: one file, its label, the limit and the types, and the server's message (an encoded field error) under it. */
export function AttachmentUploadForm({ reportId, error }: { reportId: number; error?: string }) {
  const t = useT();
  const td = useTDynamic();
  const message = error ? decodeError(error) : null;
  const describedBy = ["f-file-hint", message ? "f-file-error" : null].filter(Boolean).join(" ");
  return (
    <Form method="post" action={attachmentsUrl(reportId)} encType="multipart/form-data" className="hv-form narrow">
      {message ? (
        <div className="error-summary" role="alert">
          <p>{td(message.key, message.params)}</p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="f-file">{t("attachment.file")}</label>
        <p className="hint" id="f-file-hint">
          {t("attachment.hint")}
        </p>
        <input id="f-file" type="file" name="file" accept=".pdf,.docx,.xlsx" aria-invalid={message ? true : undefined} aria-describedby={describedBy} />
        {message ? (
          <p className="field-error" id="f-file-error" data-field="file">
            {td(message.key, message.params)}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t("attachment.upload")}
        </button>
      </div>
    </Form>
  );
}

export interface ReportAttachmentsProps {
  reportId: number;
  attachments: AttachmentItem[];
  /** The viewer may write reports and the report can be edited (a draft, or returned): delete buttons and the upload form. */
  canEdit: boolean;
}

/** The report page's section on attachments. */
export function ReportAttachments({ reportId, attachments, canEdit }: ReportAttachmentsProps) {
  const t = useT();
  return (
    <section aria-labelledby="attachments" className="report-attachments">
      <h2 id="attachments">{t("attachment.title")}</h2>
      <AttachmentList reportId={reportId} attachments={attachments} canEdit={canEdit} />
      {canEdit ? <AttachmentUploadForm reportId={reportId} /> : null}
    </section>
  );
}
