/**
 * One report: the grantee fills it in (drafts save with a button, and with JavaScript every few
 * seconds on their own), submits it against the plan, and fixes it when it is returned; the
 * manager reviews a submitted one beside the plan and the previous reports (accept, or return
 * with comments per section). Everyone who may see the project may read it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getEnv } from "~/utils/env.server";
import { sendMail } from "~/utils/mail.server";
import { can } from "~/domain/permissions";
import {
  acceptedCostsByKind,
  canWriteReports,
  figuresOf,
  getReport,
  projectReports,
  reportComments,
  reportCosts,
  reportPlan,
  reviewReport,
  saveReport,
} from "~/models/report.server";
import { listAttachments } from "~/models/attachment.server";
import { receiptMail } from "~/models/report-mail.server";
import { reportSchema, reportValues, reviewSchema } from "~/schemas/report";
import { costRows, isEditable, REPORT_SECTIONS, withComputedCosts, type ReportStatus } from "~/domain/report";
import { todayInHelsinki } from "~/domain/clock";
import { formatInstant } from "~/domain/days";
import { ErrorSummary, HvFormProvider, SubmitButton, TextArea, useHvForm } from "~/components/form";
import { ReportFields, ReportView } from "~/components/report-form";
import { ReportAttachments } from "~/components/report-attachments";
import { ReportList } from "~/components/report-list";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.title", { kind: t(`report.kind.${data.report.kind}`), name: data.report.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const r = await getReport(db, viewer, requireId(params.reportId));
  if (!r) notFound();
  const plan = await reportPlan(db, r.project_id);
  if (!plan) notFound();
  const costs = await reportCosts(db, r.id);
  const earlier = await acceptedCostsByKind(db, r.project_id, r.id);
  const names = await db
    .selectFrom("app_user")
    .select(["id", "name"])
    .where(
      "id",
      "in",
      [r.submitted_by, r.accepted_by, r.returned_by].filter((x): x is number => x !== null).concat([-1]),
    )
    .execute();
  const nameOf = (id: number | null) => names.find((n) => n.id === id)?.name ?? null;
  const canEdit = canWriteReports(viewer) && isEditable(r.status);
  return json({
    report: {
      id: r.id,
      kind: r.kind,
      status: r.status,
      projectId: r.project_id,
      shortName: r.short_name,
      projectName: r.project_name,
      caseNumber: r.case_number,
      submissionCount: r.submission_count,
      submittedAt: r.submitted_at,
      submittedBy: nameOf(r.submitted_by),
      returnedAt: r.returned_at,
      acceptedAt: r.accepted_at,
      revision: r.revision,
    },
    figures: figuresOf(r, costs),
    computedCosts: withComputedCosts(costs, plan),
    values: reportValues(r, costs),
    plan: { start: plan.start, end: plan.end, totalBudgetCents: plan.totalBudgetCents, flatRateBp: plan.flatRateBp },
    costRows: costRows(plan).map((c) => ({ ...c, plannedCents: plan.plannedByKind[c.kind] ?? null, earlierCents: earlier[c.kind] ?? 0 })),
    comments: await reportComments(db, r.id),
    previous: (await projectReports(db, r.project_id)).filter((x) => x.id !== r.id),
    attachments: await listAttachments(db, r.id),
    canEdit,
    canAttach: canEdit,
    canReview: can(viewer, "project:write") && r.status === "submitted",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.reportId);
  const db = getDb();
  const r = await getReport(db, viewer, id);
  if (!r) notFound();
  const intent = (await request.clone().formData()).get("intent");
  const today = todayInHelsinki();

  if (intent === "review") {
    if (!can(viewer, "project:write")) forbidden(request);
    const parsed = await parseForm(request, reviewSchema);
    if (!parsed.ok) return parsed.response;
    const done = await withInputErrors(parsed.values, () => reviewReport(db, actorOf(viewer), viewer, id, parsed.data, today));
    if (!done.ok) return done.response;
    if (done.value === null) notFound();
    return redirectWithFlash(`/reports/${id}`, { key: done.value === "accepted" ? "report.review.accepted" : "report.review.returned" });
  }

  if (!canWriteReports(viewer)) forbidden(request);
  const parsed = await parseForm(request, reportSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const submit = intent === "submit";
  const saved = await withInputErrors(parsed.values, () => saveReport(db, actorOf(viewer), viewer, id, parsed.data, revision.revision, { submit, today }));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  if (intent === "autosave") {
    const after = await getReport(db, viewer, id);
    return json({ ok: true as const, autosaved: true as const, revision: after?.revision ?? revision.revision + 1, at: after?.updated_at ?? "" });
  }
  if (!submit) return redirectWithFlash(`/reports/${id}`, { key: "report.draftSaved" });
  await sendReceipt(id, viewer);
  // The receipt page says what happened (no flash on top of it).
  return redirect(`/reports/${id}/receipt`);
}

/** The receipt by e-mail; a mail failure is logged and does not undo the submission. */
async function sendReceipt(reportId: number, viewer: { email: string; name: string; role: string; userId: number; organisationId: number | null }) {
  const db = getDb();
  const r = await getReport(db, viewer as never, reportId);
  if (!r || !r.submitted_at || !r.period_start || !r.period_end) return;
  const env = getEnv();
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
        env.APP_URL,
      ),
    );
  } catch (e) {
    console.error(`[report ${reportId}] the receipt could not be sent: ${(e as Error).message}`);
  }
}

function statusLabel(t: ReturnType<typeof useT>, status: ReportStatus, submissions: number): string {
  if (status === "submitted" && submissions > 1) return t("report.status.resubmitted");
  return t(`report.status.${status}`);
}

export default function ReportPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const r = d.report;
  return (
    <article className="report">
      <p className="eyebrow">
        <Link to={`/projects/${r.projectId}#reports`}>{r.shortName}</Link> · {r.caseNumber} ·{" "}
        <span className={`badge report-${r.status}`}>{statusLabel(t, r.status, r.submissionCount)}</span>
      </p>
      <h1>{t("report.title", { kind: t(`report.kind.${r.kind}`), name: r.shortName })}</h1>
      <p className="muted">{r.projectName}</p>
      {r.status === "accepted" && r.acceptedAt ? <p className="notice">{t("report.acceptedNote", { at: formatInstant(r.acceptedAt) })}</p> : null}
      {r.status === "returned" && r.returnedAt ? (
        <p className="notice warn" role="status">
          {t("report.returnedNote", { at: formatInstant(r.returnedAt) })}
        </p>
      ) : null}
      {r.submittedAt && r.status !== "draft" ? <p className="muted">{t("report.submittedNote", { at: formatInstant(r.submittedAt), name: r.submittedBy ?? "–" })}</p> : null}

      {d.canEdit ? <EditReport /> : <ReportView f={d.figures} costs={d.computedCosts} comments={d.comments} />}
      {!d.canEdit && r.status !== "accepted" && r.status !== "draft" ? <p className="muted">{t("report.locked")}</p> : null}

      <ReportAttachments reportId={r.id} attachments={d.attachments} canEdit={d.canAttach} />

      {d.canReview ? <ReviewForm /> : null}

      <section aria-labelledby="previous">
        <h2 id="previous">{t("report.previous")}</h2>
        {d.previous.length === 0 ? <p className="muted">{t("report.previous.none")}</p> : <ReportList rows={d.previous} label={t("report.previous")} />}
      </section>
    </article>
  );
}

type Failure = { ok: false; errors: Record<string, string>; values: Record<string, unknown> };

function EditReport() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Failure | { ok: true } | undefined;
  const t = useT();
  const td = useTDynamic();
  const reportFailure = actionData && "errors" in actionData && !Object.keys(actionData.errors).some((k) => k === "decision" || k.startsWith("comment_")) ? actionData : undefined;
  const form = useHvForm({ schema: reportSchema, values: d.values, actionData: reportFailure });
  const autosave = useAutosave(form.formRef, form.rhf.formState.isDirty, d.report.revision);
  return (
    <HvFormProvider form={form}>
      <Form method="post" className="hv-form" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
        <ErrorSummary />
        <input type="hidden" name="revision" value={autosave.revision} />
        <ReportFields costRows={d.costRows} flatRateBp={d.plan.flatRateBp} totalBudgetCents={d.plan.totalBudgetCents} comments={d.comments} />
        <p className="hint">{t("report.submitHint")}</p>
        <p className="autosave-status" role="status" aria-live="polite">
          {autosave.state === "saving"
            ? t("report.autosave.saving")
            : autosave.state === "saved" && autosave.at
              ? t("report.autosave.saved", { time: formatInstant(autosave.at).split(" ")[1] ?? "" })
              : autosave.state === "failed"
                ? t("report.autosave.failed", { reason: autosave.error ? td(decodeError(autosave.error).key, decodeError(autosave.error).params) : "" })
                : ""}
        </p>
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button">
            {t("report.saveDraft")}
          </button>
          <button type="submit" name="intent" value="submit" className="primary" aria-disabled={form.submitting || undefined}>
            {t("report.submit")}
          </button>
        </div>
      </Form>
    </HvFormProvider>
  );
}

/**
 * With JavaScript: the draft saves itself a few seconds after a change (a fetcher posting the
 * form with intent=autosave); the revision it gets back is the one the next save is made over.
 */
function useAutosave(formRef: React.RefObject<HTMLFormElement>, dirty: boolean, loadedRevision: number) {
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
    if (data && "revision" in data && data.ok) setRevision(data.revision);
  }, [data]);
  void dirty;
  const failed = data && !data.ok ? (Object.values(data.errors)[0] ?? null) : null;
  return {
    revision,
    state: fetcher.state !== "idle" ? "saving" : failed ? "failed" : data && data.ok ? "saved" : "idle",
    at: data && data.ok ? data.at : null,
    error: failed,
  };
}

function ReviewForm() {
  const t = useT();
  const actionData = useActionData<typeof action>() as Failure | { ok: true } | undefined;
  const reviewFailure = actionData && "errors" in actionData && Object.keys(actionData.errors).some((k) => k === "decision" || k.startsWith("comment_")) ? actionData : undefined;
  const form = useHvForm({ schema: reviewSchema, values: {}, actionData: reviewFailure });
  const decisionError = form.error("decision");
  const td = useTDynamic();
  return (
    <section aria-labelledby="review" className="card">
      <h2 id="review">{t("report.review.title")}</h2>
      <p>{t("report.review.intro")}</p>
      <HvFormProvider form={form}>
        <Form method="post" className="hv-form" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          <ErrorSummary />
          <input type="hidden" name="intent" value="review" />
          <fieldset className="radio-group" aria-describedby={decisionError ? "f-decision-error" : undefined}>
            <legend>{t("report.review.decision")}</legend>
            <label>
              <input type="radio" value="accept" {...form.rhf.register("decision")} /> {t("report.review.accept")}
            </label>
            <label>
              <input type="radio" value="return" {...form.rhf.register("decision")} /> {t("report.review.return")}
            </label>
            {decisionError ? (
              <p className="field-error" id="f-decision-error">
                {td(decodeError(decisionError).key, decodeError(decisionError).params)}
              </p>
            ) : null}
          </fieldset>
          {REPORT_SECTIONS.map((s) => (
            <TextArea key={s} name={`comment_${s}`} label={t("report.review.comment", { section: t(`report.section.${s}`) })} rows={2} />
          ))}
          <div className="form-actions">
            <SubmitButton>{t("report.review.submit")}</SubmitButton>
          </div>
        </Form>
      </HvFormProvider>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
