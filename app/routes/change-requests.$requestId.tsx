/**
 * One change request: the current and the proposed plan side by side, every changed field,
 * the commitments per year before and after, and the city's totals per year if approved; the
 * manager records the decision here and later settles a conditional approval's condition.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, requireId, withInputErrors } from "~/utils/http.server";
import { decideChangeRequest, getChangeRequestView } from "~/models/change-request.server";
import { decisionSchema, settleSchema } from "~/schemas/decision";
import { can } from "~/domain/permissions";
import { DECIDED_BY, DECISION_OUTCOMES } from "~/domain/change-request-vocabulary";
import { formatDay } from "~/domain/days";
import { todayInHelsinki } from "~/utils/clock.server";
import { ErrorSummary, HvFormProvider, SelectField, SubmitButton, TextField, useHvForm } from "~/components/form";
import { FieldChangesTable, ItemChanges, PlanYearsTable, YearEffectTable } from "~/components/change-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.project.shortName} – Hankevahti` : "Hankevahti" }];

const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.requestId);
  const view = await getChangeRequestView(getDb(), viewer, id);
  if (!view) notFound();
  return json({ view, canWrite: can(viewer, "project:write"), today: formatDay(todayInHelsinki()) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.requestId);
  const db = getDb();
  if (!(await getChangeRequestView(db, viewer, id))) notFound();
  const intent = (await request.clone().formData()).get("_intent");
  if (intent === "settle") {
    const parsed = await parseForm(request, settleSchema);
    if (!parsed.ok) return parsed.response;
    const saved = await withInputErrors(parsed.values, () => decideChangeRequest(db, actorOf(viewer), id, { action: "settle_condition", outcome: parsed.data.outcome, date: parsed.data.date }));
    if (!saved.ok) return saved.response;
    return redirect(`/change-requests/${id}`);
  }
  const parsed = await parseForm(request, decisionSchema);
  if (!parsed.ok) return parsed.response;
  const d = parsed.data;
  const saved = await withInputErrors(parsed.values, () =>
    decideChangeRequest(db, actorOf(viewer), id, { action: "decide", outcome: d.outcome, body: d.body, date: d.date, section: d.section, conditionText: d.conditionText }),
  );
  if (!saved.ok) return saved.response;
  return redirect(`/change-requests/${id}`);
}

export default function ChangeRequestPage() {
  const { view, canWrite, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const r = view.request;
  const isSettle = actionData && "values" in actionData && (actionData.values as Record<string, unknown>)._intent === "settle";
  const decision = useHvForm({
    schema: decisionSchema,
    values: { outcome: "approved_conditionally", body: DECIDED_BY[r.direction] === "city" ? DIVISION : "", date: today, section: "", conditionText: "" },
    actionData: isSettle ? undefined : actionData,
  });
  const settle = useHvForm({ schema: settleSchema, values: { outcome: "met", date: today }, actionData: isSettle ? actionData : undefined });
  const e = view.effect;
  return (
    <article>
      <p className="eyebrow">
        <Link to={`/projects/${view.project.id}`}>{view.project.shortName}</Link> · {t("changeRequest.version", { before: r.baseVersionNumber, after: r.proposedVersionNumber })}
      </p>
      <h1>{t("changeRequest.title", { name: view.project.shortName })}</h1>
      <dl className="facts">
        <dt>{t("changeRequest.state")}</dt>
        <dd>
          <span className={`badge outcome-${r.outcome}`} id="request-outcome">
            {t(`outcome.${r.outcome}`)}
          </span>
          {r.conditionText ? ` – ${r.conditionText}` : ""}
        </dd>
        <dt>{t("changeRequest.direction")}</dt>
        <dd>
          {t(`direction.${r.direction}`)} ({t(`decider.${DECIDED_BY[r.direction]}`)})
        </dd>
        <dt>{t("changeRequest.requestedBy")}</dt>
        <dd>{r.requestedBy ?? "–"}</dd>
        <dt>{t("changeRequest.receivedOn")}</dt>
        <dd>{formatDay(r.receivedOn)}</dd>
        <dt>{t("changeRequest.kinds")}</dt>
        <dd>{r.kinds.map((k) => t(`changeKind.${k}`)).join(", ")}</dd>
        {r.decisionDate ? (
          <>
            <dt>{t("changeRequest.decision")}</dt>
            <dd>
              {r.decisionBody} {formatDay(r.decisionDate)}
              {r.decisionSection ? ` § ${r.decisionSection}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {r.reason ? <p className="description">{r.reason}</p> : null}
      {view.stale ? (
        <p className="error-summary" role="alert">
          {t("changeRequest.stale", { number: r.baseVersionNumber })}
        </p>
      ) : null}

      <section aria-labelledby="compare">
        <h2 id="compare">{t("changeRequest.compare")}</h2>
        {view.diff.empty ? <p>{t("changeRequest.noChanges")}</p> : null}
        {view.diff.fields.length > 0 ? <FieldChangesTable fields={view.diff.fields} caption={t("changeRequest.compare")} /> : null}
        {view.diff.lines.length + view.diff.commitments.length > 0 ? (
          <>
            <h3>{t("changeRequest.lines")}</h3>
            <ItemChanges lines={view.diff.lines} commitments={view.diff.commitments} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="effect">
        <h2 id="effect">{t("changeRequest.commitmentsByYear")}</h2>
        <YearEffectTable id="request-commitments" rows={e.commitments} caption={t("changeRequest.commitmentsByYear")} beforeLabel={t("changeRequest.before")} afterLabel={t("changeRequest.after")} />
        {e.city ? (
          <YearEffectTable id="request-city" rows={e.city} caption={t("changeRequest.cityByYear")} beforeLabel={t("changeRequest.cityNow")} afterLabel={t("changeRequest.cityAfter")} />
        ) : null}
        <PlanYearsTable rows={e.plan} caption={t("changeRequest.planByYear")} />
      </section>

      {canWrite && r.state === "pending" ? (
        <section aria-labelledby="decide" className="card">
          <h2 id="decide">{t("changeRequest.decide")}</h2>
          <HvFormProvider form={decision}>
            <Form method="post" className="hv-form narrow" noValidate onSubmit={decision.onSubmit} ref={decision.formRef}>
              <ErrorSummary />
              <input type="hidden" name="_intent" value="decide" />
              <FormLevelError form="decide" actionData={isSettle ? undefined : actionData} />
              <SelectField name="outcome" label={t("changeRequest.outcome")} required options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`changeRequest.outcome.${o}`) }))} />
              <TextField name="conditionText" label={t("changeRequest.conditionText")} hint={t("changeRequest.conditionText.hint")} />
              <TextField name="body" label={t("changeRequest.body")} required />
              <div className="grid-2">
                <TextField name="date" label={t("changeRequest.date")} hint="p.k.vvvv" required />
                <TextField name="section" label={t("changeRequest.section")} />
              </div>
              <div className="form-actions">
                <SubmitButton>{t("changeRequest.decide")}</SubmitButton>
              </div>
            </Form>
          </HvFormProvider>
        </section>
      ) : null}

      {canWrite && r.outcome === "conditional" ? (
        <section aria-labelledby="settle" className="card">
          <h2 id="settle">{t("changeRequest.settle")}</h2>
          <p>{t("changeRequest.settle.intro")}</p>
          <HvFormProvider form={settle}>
            <Form method="post" className="hv-form narrow" noValidate onSubmit={settle.onSubmit} ref={settle.formRef}>
              <ErrorSummary />
              <input type="hidden" name="_intent" value="settle" />
              <FormLevelError form="settle" actionData={isSettle ? actionData : undefined} />
              <SelectField
                name="outcome"
                label={t("changeRequest.settle")}
                options={[
                  { value: "met", label: t("changeRequest.settle.met") },
                  { value: "failed", label: t("changeRequest.settle.failed") },
                ]}
              />
              <TextField name="date" label={t("changeRequest.settle.date")} hint="p.k.vvvv" required />
              <div className="form-actions">
                <SubmitButton>{t("changeRequest.settle.submit")}</SubmitButton>
              </div>
            </Form>
          </HvFormProvider>
        </section>
      ) : null}
    </article>
  );
}

/** A decision problem that concerns the whole request, not one field (e.g. already decided). */
function FormLevelError({ actionData, form }: { actionData: unknown; form: string }) {
  const t = useT();
  const errors = (actionData as { errors?: Record<string, string> } | undefined)?.errors;
  const key = errors?._form;
  if (!key) return null;
  return (
    <p className="field-error" data-form={form} role="alert">
      {t(key.split("|")[0] as never)}
    </p>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
