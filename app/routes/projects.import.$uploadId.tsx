/**
 * An uploaded spreadsheet of projects (issue 21): its preview before anything is saved, and after
 * the import what happened. The preview shows every row as it will be stored (in Finnish
 * formats), each problem at its row and column in the user's language, how many rows are valid,
 * have errors or are already in the ledger (skipped), and the totals; 50 rows a page, filtered by
 * their standing (`?show=error`). Only the uploader opens it (anyone else: 404); a preview older
 * than a day is refused (410) and must be uploaded again.
 *
 * POST confirms, with `mode` chosen (nothing is preselected): `valid` imports the valid rows,
 * `all` imports only when no row has an error (else 400 and nothing saved). The import runs in
 * one transaction that first moves the upload to imported, so a second confirmation (a double
 * click, another tab) imports nothing and lands on the same result. A plain form without
 * JavaScript; with it, the button is disabled and a status line shows while the import runs.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { badRequest, notFound, redirectWithFlash, requireId, type FormFailure } from "~/utils/http.server";
import { confirmUpload, ownsUpload, uploadView, type PreviewRow, type RowFilter } from "~/models/spreadsheet-import.server";
import { lenientPage } from "~/domain/paging";
import { formatDay, formatInstant } from "~/domain/days";
import { formatBasisPoints, formatInteger, formatMoney } from "~/domain/money";
import { encodeError, decodeError } from "~/schemas/field-errors";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("sheetImport.upload.title", { file: data.view.fileName }));

const FILTERS = ["all", "valid", "error", "exists", "created"] as const satisfies readonly RowFilter[];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.uploadId);
  const url = new URL(request.url);
  const show = url.searchParams.get("show");
  const filter: RowFilter = (FILTERS as readonly string[]).includes(show ?? "") ? (show as RowFilter) : "all";
  const view = await uploadView(getDb(), viewer, id, { page: lenientPage(url.searchParams.get("page")), filter });
  if (!view) notFound();
  // An expired preview: the page says so, as 410 Gone.
  return json({ view, filter }, { status: view.status === "expired" ? 410 : 200 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.uploadId);
  const db = getDb();
  if (!(await ownsUpload(db, viewer, id))) notFound();
  const form = await request.formData().catch(() => null);
  const mode = form?.get("mode");
  if (mode !== "valid" && mode !== "all") return badRequest({ mode: "sheetImport.error.modeRequired" }, {});
  const outcome = await confirmUpload(db, viewer, id, mode);
  switch (outcome.kind) {
    case "notFound":
      return notFound();
    case "expired":
      return json<FormFailure>({ ok: false, errors: { mode: "sheetImport.error.expired" }, values: {} }, { status: 410 });
    case "refused":
      return badRequest({ mode: encodeError("sheetImport.error.allOrNothing", { errors: outcome.errors }) }, { mode });
    case "alreadyImported":
      return redirectWithFlash(`/projects/import/${id}`, { key: "sheetImport.alreadyImported" });
    case "imported":
      return redirectWithFlash(`/projects/import/${id}`, {
        key: "sheetImport.imported",
        params: { created: outcome.result.created, skipped: outcome.result.skipped, errors: outcome.result.errors },
      });
  }
}

export default function ImportPreview() {
  const { view, filter } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const t = useT();
  const td = useTDynamic();
  // With JavaScript: the import is under way (the post is being answered).
  const busy = useNavigation().state === "submitting";
  const { counts, totals } = view.summary;
  const modeError = failure?.errors?.mode ? decodeError(failure.errors.mode) : null;
  const count = (n: number) => formatInteger(n);
  const filterLink = (f: (typeof FILTERS)[number], label: string, n: number) =>
    f === filter ? (
      <strong aria-current="true">
        {label} ({count(n)})
      </strong>
    ) : (
      <Link to={f === "all" ? "?" : `?show=${f}`}>
        {label} ({count(n)})
      </Link>
    );
  return (
    <>
      <p className="eyebrow">
        <Link to="/projects/import">{t("sheetImport.title")}</Link>
      </p>
      <h1>{t("sheetImport.upload.title", { file: view.fileName })}</h1>

      {view.status === "expired" ? (
        <div className="error-summary" role="alert">
          <p>{t("sheetImport.error.expired")}</p>
          <p>
            <Link to="/projects/import">{t("sheetImport.uploadAgain")}</Link>
          </p>
        </div>
      ) : view.status === "imported" && view.result ? (
        <section className="card" aria-labelledby="result">
          <h2 id="result">{t("sheetImport.result.heading")}</h2>
          <p>
            {t("sheetImport.result.text", {
              created: count(view.result.created),
              skipped: count(view.result.skipped),
              errors: count(view.result.errors),
            })}
          </p>
          <p className="hint">
            {t("sheetImport.result.when", { at: formatInstant(view.importedAt ?? view.createdAt) })}{" "}
            {t(view.mode === "all" ? "sheetImport.mode.all.short" : "sheetImport.mode.valid.short")}
          </p>
          {view.result.organisationsCreated.length > 0 ? (
            <p>{t("sheetImport.result.organisations", { names: view.result.organisationsCreated.join(", ") })}</p>
          ) : null}
          <p>
            <Link to="/">{t("sheetImport.result.portfolio")}</Link>
          </p>
        </section>
      ) : (
        <>
          <p>{t("sheetImport.preview.intro")}</p>
          <p className="hint">{t("sheetImport.preview.checked", { at: formatInstant(view.summary.checkedAt), expires: formatInstant(view.expiresAt) })}</p>
        </>
      )}
      {view.sameFileImportedAt && view.status !== "imported" ? (
        <p className="note">{t("sheetImport.sameFile", { at: formatInstant(view.sameFileImportedAt) })}</p>
      ) : null}

      <ul className="summary-figures" aria-label={t("sheetImport.counts")}>
        <li>
          <span className="figure">{count(view.rowCount)}</span> <span className="label">{t("sheetImport.count.rows")}</span>
        </li>
        {view.status === "imported" ? (
          <li>
            <span className="figure">{count(counts.created)}</span> <span className="label">{t("sheetImport.count.createdLabel")}</span>
          </li>
        ) : (
          <li>
            <span className="figure">{count(counts.valid)}</span> <span className="label">{t("sheetImport.count.valid")}</span>
          </li>
        )}
        <li>
          <span className="figure">{count(counts.error)}</span> <span className="label">{t("sheetImport.count.error")}</span>
        </li>
        <li>
          <span className="figure">{count(counts.exists)}</span> <span className="label">{t("sheetImport.count.exists")}</span>
        </li>
      </ul>

      <DataTable
        caption={t("sheetImport.totals.caption")}
        columns={[
          { label: <span className="visually-hidden">{t("sheetImport.totals.figure")}</span> },
          { label: t(view.status === "imported" ? "sheetImport.totals.created" : "sheetImport.totals.valid"), numeric: true },
          { label: t("sheetImport.totals.all"), numeric: true },
        ]}
      >
        <tbody>
          {(
            [
              ["sheetImport.col.totalBudget", "totalCents"],
              ["sheetImport.col.esr", "esrCents"],
              ["sheetImport.col.own", "ownCents"],
              ["sheetImport.col.city", "cityCents"],
            ] as const
          ).map(([label, key]) => (
            <tr key={key}>
              <th scope="row">{t(label)}</th>
              <td className="num">{formatMoney(totals.valid[key], { cents: "always" })}</td>
              <td className="num">{formatMoney(totals.all[key], { cents: "always" })}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>

      {view.status !== "expired" ? (
        <section aria-labelledby="rows">
          <h2 id="rows">{t("sheetImport.rows.heading")}</h2>
          <p>
            {filterLink("all", t("sheetImport.filter.all"), view.rowCount)}
            {" · "}
            {view.status === "imported"
              ? filterLink("created", t("sheetImport.filter.created"), counts.created)
              : filterLink("valid", t("sheetImport.filter.valid"), counts.valid)}
            {" · "}
            {filterLink("error", t("sheetImport.filter.error"), counts.error)}
            {" · "}
            {filterLink("exists", t("sheetImport.filter.exists"), counts.exists)}
          </p>
          <RowsTable rows={view.rows} />
          <Pagination page={view.page} label={t("sheetImport.rows.heading")} />
        </section>
      ) : null}

      {view.status === "preview" ? (
        counts.valid === 0 ? (
          <p className="note">{t("sheetImport.nothingToImport")}</p>
        ) : (
          <Form method="post" className="hv-form narrow" noValidate>
            <fieldset className="radio-group" id="f-mode" aria-describedby={modeError ? "f-mode-error" : undefined} aria-invalid={modeError ? true : undefined}>
              <legend>{t("sheetImport.mode.legend")}</legend>
              <label>
                <input type="radio" name="mode" value="valid" /> {t("sheetImport.mode.valid", { valid: count(counts.valid), errors: count(counts.error) })}
              </label>
              <label>
                <input type="radio" name="mode" value="all" /> {t("sheetImport.mode.all", { valid: count(counts.valid) })}
              </label>
              {modeError ? (
                <p className="field-error" id="f-mode-error" data-field="mode">
                  {td(modeError.key, modeError.params)}
                </p>
              ) : null}
            </fieldset>
            <p className="hint">{t("sheetImport.mode.exists", { exists: count(counts.exists) })}</p>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("sheetImport.confirm")}
              </button>
              <Link to="/projects/import">{t("common.cancel")}</Link>
            </div>
            <p role="status" className="hint">
              {busy ? t("sheetImport.confirm.busy") : ""}
            </p>
          </Form>
        )
      ) : null}
    </>
  );
}

/** The page's rows as they will be stored (or were), each with its problems at their columns. */
function RowsTable({ rows }: { rows: PreviewRow[] }) {
  const t = useT();
  const td = useTDynamic();
  if (rows.length === 0) return <p>{t("sheetImport.rows.none")}</p>;
  const money = (cents: number | null, raw: string | undefined) => (cents !== null ? formatMoney(cents, { cents: "always" }) : (raw ?? "–"));
  const day = (d: string | null, raw: string | undefined) => (d !== null ? formatDay(d) : (raw ?? "–"));
  return (
    <DataTable
      label={t("sheetImport.rows.heading")}
      className="wrap-head"
      columns={[
        { label: t("sheetImport.rows.row"), numeric: true },
        { label: t("sheetImport.rows.standing") },
        { label: t("sheetImport.col.caseNumber") },
        { label: t("sheetImport.col.name") },
        { label: t("sheetImport.col.status") },
        { label: t("sheetImport.rows.period") },
        { label: t("sheetImport.col.lead") },
        { label: t("sheetImport.col.totalBudget"), numeric: true },
        { label: t("sheetImport.col.esr"), numeric: true },
        { label: t("sheetImport.col.own"), numeric: true },
        { label: t("sheetImport.col.city"), numeric: true },
        { label: t("sheetImport.rows.problems") },
      ]}
    >
      <tbody>
        {rows.map((r) => {
          const v = r.values;
          const details = [
            v.funder
              ? `${t("sheetImport.col.funder")}: ${v.funder}${r.newOrganisations.includes("funder") ? ` (${t("sheetImport.newOrganisation")})` : ""}`
              : null,
            v.programme ? `${t("sheetImport.col.programme")}: ${v.programme}` : null,
            v.costModel
              ? `${t("sheetImport.col.costModel")}: ${t(`sheetImport.costModel.${v.costModel}`)}${v.flatRateBp !== null ? ` ${formatBasisPoints(v.flatRateBp)}` : ""}`
              : null,
            v.esrShareBp !== null ? `${t("sheetImport.col.esrShare")}: ${formatBasisPoints(v.esrShareBp)}` : null,
            (v.cityCents ?? 0) > 0
              ? `${t("sheetImport.col.cityUnit")}: ${v.cityUnit ?? t("sheetImport.theCity")}${v.condition ? `, ${t("sheetImport.conditional")}` : ""}${
                  v.decisionBody || v.decisionDate || v.decisionSection
                    ? ` (${[v.decisionBody, v.decisionDate ? formatDay(v.decisionDate) : null, v.decisionSection ? `§ ${v.decisionSection}` : null].filter(Boolean).join(" ")})`
                    : ""
                }`
              : null,
          ].filter(Boolean);
          return (
            <tr key={r.row}>
              <td className="num">{r.row}</td>
              <td>
                <span className={`badge row-${r.status}`}>{t(`sheetImport.standing.${r.status}`)}</span>
              </td>
              <td className="nowrap">
                {r.projectId !== null ? <Link to={`/projects/${r.projectId}`}>{v.caseNumber}</Link> : (v.caseNumber ?? r.raw.caseNumber ?? "–")}
              </td>
              <th scope="row">
                {v.name ?? r.raw.name ?? "–"}
                <span className="sub">{v.shortName ?? r.raw.shortName ?? ""}</span>
                {details.length > 0 ? <span className="sub">{details.join(" · ")}</span> : null}
              </th>
              <td>{v.status ? t(`status.${v.status}`) : (r.raw.status ?? "–")}</td>
              <td className="nowrap">
                {day(v.start, r.raw.start)}–{day(v.end, r.raw.end)}
              </td>
              <td>
                {v.lead ?? r.raw.lead ?? "–"}
                {v.leadBusinessId ? <span className="sub">{v.leadBusinessId}</span> : null}
                {r.newOrganisations.includes("lead") ? <span className="sub">{t("sheetImport.newOrganisation")}</span> : null}
              </td>
              <td className="num">{money(v.totalCents, r.raw.totalBudget)}</td>
              <td className="num">{money(v.esrCents, r.raw.esr)}</td>
              <td className="num">{money(v.ownCents, r.raw.own)}</td>
              <td className="num">{money(v.cityCents, r.raw.city)}</td>
              <td>
                {r.problems.length > 0 ? (
                  <ul className="plain">
                    {r.problems.map((p, i) => (
                      <li key={i} className="field-error">
                        {p.letter ? t("sheetImport.atColumn", { letter: p.letter, header: p.header ?? "" }) : null} {td(p.key, p.params)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
