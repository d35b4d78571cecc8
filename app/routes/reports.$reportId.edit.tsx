/**
 * The grantee fills in a report (a draft, or one returned for changes): drafts save with a
 * button, and with JavaScript on their own a few seconds after a change; "Submit" checks the
 * report against the plan and locks it, and leads to the receipt. The reviewer's comments are
 * beside the sections they concern.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import type { Viewer } from "~/domain/permissions";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getEnv } from "~/utils/env.server";
import { sendMail } from "~/utils/mail.server";
import { canWriteReports, getReport, reportPageData, saveReport } from "~/models/report.server";
import { listAttachments } from "~/models/attachment.server";
import { receiptMail } from "~/models/report-mail.server";
import { reportSchema, reportValues } from "~/schemas/report";
import { isEditable } from "~/domain/report";
import { todayInHelsinki } from "~/domain/clock";
import { formatInstant } from "~/domain/days";
import { ErrorSummary, HvFormProvider, useHvForm } from "~/components/form";
import { ReportFields } from "~/components/report-form";
import { ReportHeader } from "~/components/report-header";
import { ReportAttachments } from "~/components/report-attachments";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.edit.title", { kind: t(`report.kind.${data.report.kind}`), name: data.report.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const d = await reportPageData(db, viewer, requireId(params.reportId));
  if (!d) notFound();
  if (!canWriteReports(viewer)) forbidden(request);
  // A submitted or accepted report is not edited: its page shows it.
  if (!isEditable(d.report.status)) throw redirect(`/reports/${d.report.id}`);
  return json({
    report: d.report,
    values: reportValues(d.row, d.costs),
    plan: d.plan,
    costRows: d.costRows,
    comments: d.comments,
    attachments: await listAttachments(db, d.report.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.reportId);
  const db = getDb();
  if (!(await getReport(db, viewer, id))) notFound();
  if (!canWriteReports(viewer)) forbidden(request);
  const posted = await request.clone().formData();
  // The button's own value without JavaScript; with it, the hidden field the page set.
  const intent = posted.get("intent") ?? posted.get("_intent");
  const parsed = await parseForm(request, reportSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const submit = intent === "submit";
  const saved = await withInputErrors(parsed.values, () =>
    saveReport(db, actorOf(viewer), viewer, id, parsed.data, revision.revision, { submit, today: todayInHelsinki() }),
  );
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  if (intent === "autosave") {
    const after = await getReport(db, viewer, id);
    return json({ ok: true as const, revision: after?.revision ?? revision.revision + 1, at: after?.updated_at ?? "" });
  }
  if (!submit) return redirectWithFlash(`/reports/${id}/edit`, { key: "report.draftSaved" });
  await sendReceipt(id, viewer);
  // The receipt page says what happened (no flash on top of it).
  return redirect(`/reports/${id}/receipt`);
}

/** The receipt by e-mail; a mail failure is logged and does not undo the submission. */
async function sendReceipt(reportId: number, viewer: Viewer) {
  const r = await getReport(getDb(), viewer, reportId);
  if (!r || !r.submitted_at || !r.period_start || !r.period_end) return;
  try {
    await sendMail(
      receiptMail(
        {
          reportId,
          kind: r.kind,
          shortName: r.short_name,
          projectName: r.project_name,
          periodStart: r.period_start,
          periodEnd: r.period_end,
          submittedAt: r.submitted_at,
          to: viewer.email,
          name: viewer.name,
        },
        getEnv().APP_URL,
      ),
    );
  } catch (e) {
    console.error(`[report ${reportId}] the receipt could not be sent: ${(e as Error).message}`);
  }
}

export default function EditReport() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: false; errors: Record<string, string>; values: Record<string, unknown> } | undefined;
  const t = useT();
  const td = useTDynamic();
  const form = useHvForm({ schema: reportSchema, values: d.values, actionData: actionData && "errors" in actionData ? actionData : undefined });
  const autosave = useAutosave(form.formRef, d.report.revision);
  return (
    <article className="report">
      <ReportHeader r={d.report} />
      <HvFormProvider form={form}>
        <Form
          method="post"
          className="hv-form"
          noValidate
          onSubmit={(e) => {
            // The button pressed ("Save draft" / "Submit") says what to do, with JavaScript as without.
            const button = (e.nativeEvent as SubmitEvent).submitter;
            const intent = e.currentTarget.elements.namedItem("_intent");
            if (intent instanceof HTMLInputElement) intent.value = button instanceof HTMLButtonElement ? button.value : "save";
            form.onSubmit(e);
          }}
          ref={form.formRef}
        >
          <ErrorSummary />
          <input type="hidden" name="revision" value={autosave.revision} />
          {/* With JavaScript the form is posted without its button: this says which one was pressed. */}
          <input type="hidden" name="_intent" value="save" />
          <ReportFields costRows={d.costRows} flatRateBp={d.plan.flatRateBp} totalBudgetCents={d.plan.totalBudgetCents} comments={d.comments} />
          <p className="hint">{t("report.submitHint")}</p>
          <p className="autosave-status" role="status" aria-live="polite">
            {autosave.state === "saving"
              ? t("report.autosave.saving")
              : autosave.state === "saved" && autosave.at
                ? t("report.autosave.saved", { time: formatInstant(autosave.at).split(" ")[1] ?? "" })
                : autosave.state === "failed" && autosave.error
                  ? t("report.autosave.failed", { reason: td(decodeError(autosave.error).key, decodeError(autosave.error).params) })
                  : ""}
          </p>
          <div className="form-actions">
            <button type="submit" name="intent" value="save" className="button">
              {t("report.saveDraft")}
            </button>
            <button type="submit" name="intent" value="submit" className="primary" aria-disabled={form.submitting || undefined}>
              {t("report.submit")}
            </button>
            <Link to={`/reports/${d.report.id}`}>{t("report.view")}</Link>
          </div>
        </Form>
      </HvFormProvider>
      <ReportAttachments reportId={d.report.id} attachments={d.attachments} canEdit />
    </article>
  );
}

/**
 * With JavaScript: the draft saves itself a few seconds after a change (a fetcher posting the
 * form with intent=autosave); the revision it gets back is the one the next save is made over.
 */
function useAutosave(formRef: React.RefObject<HTMLFormElement>, loadedRevision: number) {
  const fetcher = useFetcher<{ ok: true; revision: number; at: string } | { ok: false; errors: Record<string, string> }>();
  const [revision, setRevision] = useState(loadedRevision);
  const [changedAt, setChangedAt] = useState(0);
  const lastSaved = useRef(0);
  useEffect(() => setRevision((r) => Math.max(r, loadedRevision)), [loadedRevision]);
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const onInput = () => setChangedAt(Date.now());
    form.addEventListener("input", onInput);
    return () => form.removeEventListener("input", onInput);
  }, [formRef]);
  useEffect(() => {
    if (!changedAt || changedAt <= lastSaved.current || fetcher.state !== "idle") return;
    const timer = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const data = new FormData(form);
      data.set("intent", "autosave");
      data.set("revision", String(revision));
      lastSaved.current = Date.now();
      fetcher.submit(data, { method: "post" });
    }, 4000);
    return () => clearTimeout(timer);
  }, [changedAt, fetcher, formRef, revision]);
  const data = fetcher.data;
  useEffect(() => {
    if (data && data.ok) setRevision(data.revision);
  }, [data]);
  const failed = data && !data.ok ? (Object.values(data.errors)[0] ?? null) : null;
  return {
    revision,
    state: fetcher.state !== "idle" ? "saving" : failed ? "failed" : data && data.ok ? "saved" : "idle",
    at: data && data.ok ? data.at : null,
    error: failed,
  };
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
