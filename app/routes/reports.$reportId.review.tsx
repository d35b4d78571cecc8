/**
 * A manager reviews a submitted report beside the plan (each cost kind's planned amount and what
 * the accepted reports before it used) and the project's previous reports: accept it, or return
 * it with comments per section. No decision is preselected.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { getReport, reportPageData, reviewReport } from "~/models/report.server";
import { reviewSchema } from "~/schemas/report-review";
import { REPORT_SECTIONS } from "~/domain/report";
import { todayInHelsinki } from "~/domain/clock";
import { ErrorSummary, HvFormProvider, SubmitButton, TextArea, useHvForm } from "~/components/form";
import { ReportHeader } from "~/components/report-header";
import { ReportView } from "~/components/report-view";
import { ReportList } from "~/components/report-list";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.review.page", { name: data.report.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const d = await reportPageData(getDb(), viewer, requireId(params.reportId));
  if (!d) notFound();
  const { row: _row, costs: _costs, ...page } = d;
  return json({ ...page, canReview: d.report.status === "submitted" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.reportId);
  if (!(await getReport(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, reviewSchema);
  if (!parsed.ok) return parsed.response;
  const done = await withInputErrors(parsed.values, () => reviewReport(getDb(), actorOf(viewer), viewer, id, parsed.data, todayInHelsinki()));
  if (!done.ok) return done.response;
  if (done.value === null) notFound();
  return redirectWithFlash(`/reports/${id}`, { key: done.value === "accepted" ? "report.review.accepted" : "report.review.returned" });
}

export default function ReviewReport() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const r = d.report;
  return (
    <article className="report">
      <ReportHeader r={r} title={t("report.review.page", { name: r.shortName })} />
      <p>
        <Link to={`/reports/${r.id}`}>{t("report.title", { kind: t(`report.kind.${r.kind}`), name: r.shortName })}</Link>
      </p>
      {d.canReview ? <ReviewForm /> : <p className="notice">{t("report.error.notSubmitted")}</p>}
      <section aria-labelledby="against-plan">
        <h2 id="against-plan">{t("report.review.againstPlan")}</h2>
        <DataTable
          label={t("report.review.againstPlan")}
          columns={[
            { label: t("report.cost.kind") },
            { label: t("report.cost.planned"), numeric: true },
            { label: t("report.cost.earlier"), numeric: true },
            { label: t("report.cost.amount"), numeric: true },
          ]}
        >
          <tbody>
            {d.costRows.map((c) => (
              <tr key={c.kind}>
                <th scope="row">{t(`costKind.${c.kind}`)}</th>
                <td className="num">{c.plannedCents === null ? t("report.cost.unknown") : <Money cents={c.plannedCents} />}</td>
                <td className="num">
                  <Money cents={c.earlierCents} />
                </td>
                <td className="num">
                  <Money cents={d.computedCosts.find((x) => x.kind === c.kind)?.amountCents ?? 0} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <p className="hint">{t("report.cost.budget", { budgetCents: d.plan.totalBudgetCents })}</p>
      </section>
      <ReportView f={d.figures} costs={d.computedCosts} comments={d.comments} />
      <section aria-labelledby="previous">
        <h2 id="previous">{t("report.previous")}</h2>
        {d.previous.length === 0 ? <p className="muted">{t("report.previous.none")}</p> : <ReportList rows={d.previous} label={t("report.previous")} />}
      </section>
    </article>
  );
}

function ReviewForm() {
  const t = useT();
  const td = useTDynamic();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: reviewSchema, values: {}, actionData });
  const decisionError = form.error("decision");
  return (
    <section aria-labelledby="review" className="card">
      <h2 id="review">{t("report.review.title")}</h2>
      <p>{t("report.review.intro")}</p>
      <HvFormProvider form={form}>
        <Form method="post" className="hv-form" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          <ErrorSummary />
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
