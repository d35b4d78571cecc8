/**
 * Importing projects from a spreadsheet (issue 21; docs/spreadsheets.md, "Import"): the template
 * to download (XLSX with its instructions sheet, or CSV), the upload form and the manager's
 * recent uploads. POST takes one file (multipart/form-data, field `file`): a file that cannot be
 * read, or none of whose rows can be imported, is answered with 400 and this page with every
 * problem at the file field, nothing kept; otherwise the upload is kept and the browser goes to
 * its preview (/projects/import/ID), where nothing is saved until it is confirmed.
 *
 * A plain form that works without JavaScript (a document post, so the browser shows its own
 * upload progress); with JavaScript the button is disabled and a status line says the file is
 * being sent and checked. The server lets a POST here be as large as the 10 MB file plus the form
 * around it (scripts/http-guards.ts, UPLOAD_BODY_LIMITS); a larger one is refused with 413 before
 * it is read.
 */
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { fileOf, readForm } from "~/utils/upload.server";
import { MAX_ROWS, createUpload, listUploads, type PlacedProblem } from "~/models/spreadsheet-import.server";
import type { FileProblem } from "~/domain/spreadsheet-import";
import { encodeError, decodeError } from "~/schemas/field-errors";
import { formatInstant } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("sheetImport.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  return json({ uploads: await listUploads(getDb(), viewer), maxRows: MAX_ROWS });
}

/** A refusal: 400 with the messages at the file field (encoded message keys), nothing kept. */
export interface UploadFailure {
  ok: false;
  errors: { file: string };
  problems: string[];
  rowProblems: PlacedProblem[];
  moreRowProblems: number;
}

function refuse(problems: FileProblem[], rowProblems: PlacedProblem[] = [], moreRowProblems = 0) {
  const encoded = problems.map((p) => encodeError(p.key, p.params));
  return json<UploadFailure>({ ok: false, errors: { file: encoded[0]! }, problems: encoded, rowProblems, moreRowProblems }, { status: 400 });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  // The body is already in memory, read by the server up to the upload limit.
  const form = await readForm(request);
  const file = form ? await fileOf(form, "file") : null;
  if (file === null) return refuse([{ key: "sheetImport.error.missingFile" }]);
  if (file === "tooLarge") return refuse([{ key: "sheetImport.error.tooLarge" }]);
  const created = await createUpload(getDb(), viewer, file);
  if (!created.ok) return refuse(created.problems, created.rowProblems, created.moreRowProblems);
  return redirect(`/projects/import/${created.id}`);
}

export default function ImportProjects() {
  const { uploads, maxRows } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as UploadFailure | undefined;
  const t = useT();
  const td = useTDynamic();
  // With JavaScript: the file is being sent (a document post: the browser shows its progress too).
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Back from the next page (the back/forward cache keeps this page as it was left).
    const reset = () => setBusy(false);
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  const show = (encoded: string) => td(decodeError(encoded).key, decodeError(encoded).params);
  const describedBy = ["f-file-hint", failure ? "f-file-error" : null].filter(Boolean).join(" ");
  return (
    <>
      <p className="eyebrow">
        <Link to="/">{t("nav.portfolio")}</Link>
      </p>
      <h1>{t("sheetImport.title")}</h1>
      <p>{t("sheetImport.intro")}</p>

      <h2>{t("sheetImport.template.heading")}</h2>
      <p>{t("sheetImport.template.intro")}</p>
      <ul>
        <li>
          <a href="/projects/import/template?format=xlsx" download>
            {t("sheetImport.template.xlsx")}
          </a>
        </li>
        <li>
          <a href="/projects/import/template?format=csv" download>
            {t("sheetImport.template.csv")}
          </a>
        </li>
      </ul>

      <h2>{t("sheetImport.upload.heading")}</h2>
      <Form method="post" encType="multipart/form-data" reloadDocument className="hv-form narrow" onSubmit={() => setBusy(true)}>
        {failure ? (
          <div className="error-summary" role="alert">
            <p>{show(failure.errors.file)}</p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-file">{t("sheetImport.file")}</label>
          <p className="hint" id="f-file-hint">
            {t("sheetImport.fileHint", { maxRows: formatInteger(maxRows) })}
          </p>
          <input
            id="f-file"
            type="file"
            name="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-invalid={failure ? true : undefined}
            aria-describedby={describedBy}
          />
          {failure ? (
            <div className="field-error" id="f-file-error" data-field="file">
              {failure.problems.map((p) => (
                <p key={p}>{show(p)}</p>
              ))}
              {failure.rowProblems.length > 0 ? (
                <ul>
                  {failure.rowProblems.map((p, i) => (
                    <li key={i}>
                      {p.letter ? t("sheetImport.at", { row: p.row, letter: p.letter, header: p.header ?? "" }) : t("sheetImport.atRow", { row: p.row })}{" "}
                      {td(p.key, p.params)}
                    </li>
                  ))}
                  {failure.moreRowProblems > 0 ? <li>{t("sheetImport.moreProblems", { count: formatInteger(failure.moreRowProblems) })}</li> : null}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("sheetImport.upload.submit")}
          </button>
        </div>
        <p role="status" className="hint">
          {busy ? t("sheetImport.upload.busy") : ""}
        </p>
      </Form>

      {uploads.length > 0 ? (
        <>
          <h2>{t("sheetImport.recent.heading")}</h2>
          <DataTable
            label={t("sheetImport.recent.heading")}
            columns={[
              { label: t("sheetImport.recent.file") },
              { label: t("sheetImport.recent.uploaded") },
              { label: t("sheetImport.recent.rows"), numeric: true },
              { label: t("sheetImport.recent.status") },
            ]}
          >
            <tbody>
              {uploads.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/projects/import/${u.id}`}>{u.fileName}</Link>
                  </th>
                  <td>{formatInstant(u.createdAt)}</td>
                  <td className="num">{formatInteger(u.rowCount)}</td>
                  <td>
                    {t(`sheetImport.state.${u.status}`)}
                    {u.status === "imported" ? ` (${t("sheetImport.count.created", { count: formatInteger(u.counts.created) })})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
