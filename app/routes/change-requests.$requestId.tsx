/**
 * One change request: the plan before and after side by side, every changed field, the
 * commitments per year before and after, and the city's totals per year. A pending request is
 * shown as "now" against "if approved"; a decided one as it was decided: before and after the
 * decision, with the city's totals recorded when it was made, who decided and where.
 * The manager records the decision through a confirmation step that restates its effect, and
 * later settles a conditional approval's condition. A pending request may be withdrawn by whoever
 * filed it, by any representative of the organisation that asked for it (a request is the
 * organisation's, not one person's: see mayWithdraw), or by a manager; it may be edited by whoever
 * filed it or a manager. Once decided, neither: a posted withdrawal is refused (409) with the
 * reason shown. An association representative never decides, settles or corrects (403). An
 * administrator may correct a decision recorded by mistake.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import {
  correctDecision,
  decideChangeRequest,
  getChangeRequestView,
  mayWithdraw,
  previewDecision,
  withdrawChangeRequest,
  type DecisionPreview,
} from "~/models/change-request.server";
import { correctionSchema, decisionSchema, settleSchema, withdrawalSchema } from "~/schemas/decision";
import { can } from "~/domain/permissions";
import { DECIDED_BY, DECISION_OUTCOMES } from "~/domain/change-request-vocabulary";
import type { DecisionAction } from "~/domain/change-request";
import { formatDay, formatInstant } from "~/domain/days";
import { formatMoney } from "~/domain/money";
import { todayInHelsinki } from "~/utils/clock.server";
import { getTranslator } from "~/utils/i18n.server";
import { ErrorSummary, HvFormProvider, SelectField, SubmitButton, TextArea, TextField, useHvForm } from "~/components/form";
import { FieldChangesTable, ItemChanges, PlanYearsTable, YearEffectTable } from "~/components/change-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.requestId);
  const view = await getChangeRequestView(getDb(), viewer, id);
  if (!view) notFound();
  const t = await getTranslator(request);
  const pending = view.request.state === "pending";
  return json({
    title: `${view.project.shortName} – ${t("changeRequest.page")} – Hankevahti`,
    view,
    canWrite: can(viewer, "project:write"),
    canWithdraw:
      pending && mayWithdraw(viewer, { createdByUserId: view.people.createdByUserId, requestedByOrganisationId: view.request.requestedByOrganisationId }),
    canEdit: pending && (can(viewer, "project:write") || view.people.createdByUserId === viewer.userId),
    canCorrect: can(viewer, "decision:correct") && !pending && view.request.state !== "withdrawn",
    today: formatDay(todayInHelsinki()),
  });
}

type Confirm = { confirm: { intent: "decide" | "settle"; values: Record<string, string>; preview: DecisionPreview } };

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.requestId);
  const db = getDb();
  if (!(await getChangeRequestView(db, viewer, id))) notFound();
  const form = await request.clone().formData();
  const intent = form.get("_intent");
  const url = `/change-requests/${id}`;

  if (intent === "withdraw") {
    const parsed = await parseForm(request, withdrawalSchema);
    if (!parsed.ok) return parsed.response;
    const result = await withdrawChangeRequest(db, actorOf(viewer), viewer, id, parsed.data.reason);
    if (result === "forbidden") forbidden(request);
    if (result === "notPending")
      return json({ ok: false as const, errors: { _form: "changeRequest.problem.NOT_PENDING" }, values: parsed.values }, { status: 409 });
    return redirectWithFlash(url, { key: "changeRequest.withdrawn.flash" });
  }
  if (intent === "correct") {
    if (!can(viewer, "decision:correct")) forbidden(request);
    const parsed = await parseForm(request, correctionSchema);
    if (!parsed.ok) return parsed.response;
    const result = await correctDecision(db, actorOf(viewer), id, parsed.data.reason);
    if (result !== "ok")
      return json(
        {
          ok: false as const,
          errors: { _form: result === "notDecided" ? "changeRequest.problem.NOT_DECIDED" : "changeRequest.problem.LATER_CHANGES" },
          values: parsed.values,
        },
        { status: 409 },
      );
    return redirectWithFlash(url, { key: "changeRequest.corrected.flash" });
  }

  if (!can(viewer, "project:write")) forbidden(request);
  const settle = intent === "settle";
  const parsed = settle ? await parseForm(request, settleSchema) : await parseForm(request, decisionSchema);
  if (!parsed.ok) return parsed.response;
  // "Back" from the confirmation: the form again, with what was entered.
  if (form.get("_back") !== null) return json({ ok: false as const, errors: {}, values: parsed.values });
  const d = parsed.data as Record<string, string> & { date: string | null };
  const decision: DecisionAction = settle
    ? { action: "settle_condition", outcome: d.outcome as "met" | "failed", date: d.date }
    : {
        action: "decide",
        outcome: d.outcome as DecisionAction extends { action: "decide"; outcome: infer O } ? O : never,
        body: d.body!,
        date: d.date,
        section: d.section!,
        conditionText: d.conditionText!,
      };
  if (form.get("confirm") !== "1") {
    const preview = await withInputErrors(parsed.values, () => previewDecision(db, viewer, id, decision));
    if (!preview.ok) return preview.response;
    return json<Confirm>({ confirm: { intent: settle ? "settle" : "decide", values: parsed.values as Record<string, string>, preview: preview.value } });
  }
  const saved = await withInputErrors(parsed.values, () => decideChangeRequest(db, actorOf(viewer), id, decision));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(url, { key: settle ? "changeRequest.settled.flash" : "changeRequest.decided" });
}

export default function ChangeRequestPage() {
  const { view, canWrite, canWithdraw, canEdit, canCorrect, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const r = view.request;
  const failure = actionData && "values" in actionData ? actionData : undefined;
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  const failedIntent = failure ? (failure.values as Record<string, unknown>)._intent : undefined;
  const isSettle = failure !== undefined && "outcome" in (failure.values as object) && !("body" in (failure.values as object));
  const decided = r.state !== "pending" && r.state !== "withdrawn";
  const takesEffect = r.outcome === "approved" || r.outcome === "conditional" || r.outcome === "condition_met";
  const e = view.effect;
  const beforeLabel = decided ? t("changeRequest.beforeDecision") : r.state === "withdrawn" ? t("changeRequest.inForce") : t("changeRequest.before");
  const afterLabel = decided
    ? takesEffect
      ? t("changeRequest.afterDecision")
      : t("changeRequest.proposedNotInForce")
    : r.state === "withdrawn"
      ? t("changeRequest.proposedNotInForce")
      : t("changeRequest.after");
  return (
    <article>
      <p className="eyebrow">
        <Link to={`/projects/${view.project.id}`}>{view.project.shortName}</Link> ·{" "}
        {t("changeRequest.version", { before: r.baseVersionNumber, after: r.proposedVersionNumber })}
      </p>
      <h1>{t("changeRequest.title", { name: view.project.shortName })}</h1>
      {/* A withdrawal refused because the request was decided meanwhile: its form is gone, the reason stays. */}
      {failedIntent === "withdraw" && !canWithdraw ? <FormLevelError form="withdraw" actionData={failure} /> : null}
      {confirm ? (
        <ConfirmDecision confirm={confirm} request={{ baseVersionNumber: r.baseVersionNumber, proposedVersionNumber: r.proposedVersionNumber }} />
      ) : null}
      <dl className="facts">
        <dt>{t("changeRequest.state")}</dt>
        <dd>
          <span className={`badge outcome-${r.outcome}`} id="request-outcome">
            {t(`outcome.${r.outcome}`)}
          </span>
        </dd>
        {r.conditionText ? (
          <>
            <dt>{t("changeRequest.condition")}</dt>
            <dd>
              {r.conditionText} –{" "}
              {r.conditionState === "met"
                ? t("changeRequest.condition.met", { date: formatDay(r.conditionSettledOn!) })
                : r.conditionState === "failed"
                  ? t("changeRequest.condition.failed", { date: formatDay(r.conditionSettledOn!) })
                  : t("changeRequest.condition.open")}
            </dd>
          </>
        ) : null}
        {r.decisionDate ? (
          <>
            <dt>{t("changeRequest.decision")}</dt>
            <dd>
              {r.decisionBody} {formatDay(r.decisionDate)}
              {r.decisionSection ? ` § ${r.decisionSection}` : ""}
            </dd>
            <dt>{t("changeRequest.decidedBy")}</dt>
            <dd>
              {view.people.decidedAt
                ? t("changeRequest.recordedBy", { name: view.people.decidedBy ?? t("history.system"), at: formatInstant(view.people.decidedAt) })
                : "–"}
            </dd>
          </>
        ) : null}
        {r.state === "withdrawn" && view.people.withdrawnAt ? (
          <>
            <dt>{t("changeRequest.withdrawnBy")}</dt>
            <dd>
              {t("changeRequest.recordedBy", { name: view.people.withdrawnBy ?? t("history.system"), at: formatInstant(view.people.withdrawnAt) })}
              {view.people.withdrawalReason ? ` – ${view.people.withdrawalReason}` : ""}
            </dd>
          </>
        ) : null}
        <dt>{t("changeRequest.direction")}</dt>
        <dd>
          {t(`direction.${r.direction}`)} – {t(`decider.${DECIDED_BY[r.direction]}`)}
        </dd>
        <dt>{t("changeRequest.requestedBy")}</dt>
        <dd>{r.requestedBy ?? "–"}</dd>
        <dt>{t("changeRequest.receivedOn")}</dt>
        <dd>
          {formatDay(r.receivedOn)}
          {view.people.createdBy ? ` (${t("changeRequest.recordedBy", { name: view.people.createdBy, at: formatInstant(view.people.createdAt) })})` : ""}
        </dd>
        <dt>{t("changeRequest.kinds")}</dt>
        <dd>{r.kinds.map((k) => t(`changeKind.${k}`)).join(", ")}</dd>
      </dl>
      {view.people.correctedAt ? (
        <p className="note">{t("changeRequest.correctedNote", { at: formatInstant(view.people.correctedAt), reason: view.people.correctionReason })}</p>
      ) : null}
      {r.reason ? <p className="description">{r.reason}</p> : null}
      {view.stale ? (
        <p className="error-summary" role="alert">
          {t("changeRequest.stale", { number: r.baseVersionNumber })}
        </p>
      ) : null}

      <section aria-labelledby="compare">
        <h2 id="compare">{decided ? t("changeRequest.compare.decided") : t("changeRequest.compare")}</h2>
        {view.diff.empty ? <p>{t("changeRequest.noChanges")}</p> : null}
        {view.diff.fields.length > 0 ? (
          <FieldChangesTable
            fields={view.diff.fields}
            caption={decided ? t("changeRequest.compare.decided") : t("changeRequest.compare")}
            beforeLabel={beforeLabel}
            afterLabel={afterLabel}
          />
        ) : null}
        {view.diff.lines.length + view.diff.commitments.length > 0 ? (
          <>
            <h3>{t("changeRequest.lines")}</h3>
            <ItemChanges lines={view.diff.lines} commitments={view.diff.commitments} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="effect">
        <h2 id="effect">{t("changeRequest.commitmentsByYear")}</h2>
        <YearEffectTable
          id="request-commitments"
          rows={e.commitments}
          caption={t("changeRequest.commitmentsByYear")}
          beforeLabel={beforeLabel}
          afterLabel={afterLabel}
        />
        {e.city ? (
          <YearEffectTable
            id="request-city"
            rows={e.city}
            caption={decided ? t("changeRequest.cityByYear.decided") : t("changeRequest.cityByYear")}
            beforeLabel={decided ? t("changeRequest.beforeDecision") : t("changeRequest.cityNow")}
            afterLabel={decided ? t("changeRequest.afterDecision") : t("changeRequest.cityAfter")}
          />
        ) : decided && canWrite && !view.cityRecorded ? (
          <p className="note">{t("changeRequest.cityByYear.notRecorded")}</p>
        ) : null}
        <PlanYearsTable rows={e.plan} caption={t("changeRequest.planByYear")} beforeLabel={beforeLabel} afterLabel={afterLabel} />
      </section>

      {confirm ? null : (
        <>
          {canWrite && r.state === "pending" ? (
            <DecisionForm today={today} direction={r.direction} actionData={failure && !isSettle && failedIntent === undefined ? failure : undefined} />
          ) : null}
          {canWrite && r.outcome === "conditional" ? <SettleForm today={today} actionData={isSettle ? failure : undefined} /> : null}
        </>
      )}
      {canEdit && !confirm ? (
        <p>
          <Link className="button" to={`/change-requests/${r.id}/edit`}>
            {t("changeRequest.edit")}
          </Link>
        </p>
      ) : null}
      {canWithdraw && !confirm ? <ReasonForm intent="withdraw" actionData={failure} /> : null}
      {canCorrect ? <ReasonForm intent="correct" actionData={failure} /> : null}
    </article>
  );
}

type Failure = { ok: false; errors: Record<string, string>; values: Record<string, unknown> } | undefined;

/** A card with a heading, an intro and one form of this page (its `_intent` says which). */
function IntentCard({
  intent,
  title,
  intro,
  form,
  actionData,
  className = "card",
  children,
}: {
  intent: string;
  title: string;
  intro: string;
  form: ReturnType<typeof useHvForm>;
  actionData: Failure;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={intent} className={className}>
      <h2 id={intent}>{title}</h2>
      <p>{intro}</p>
      <HvFormProvider form={form}>
        <Form method="post" className="hv-form narrow" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          <ErrorSummary />
          <input type="hidden" name="_intent" value={intent} />
          <FormLevelError form={intent} actionData={actionData} />
          {children}
        </Form>
      </HvFormProvider>
    </section>
  );
}

function DecisionForm({ today, direction, actionData }: { today: string; direction: keyof typeof DECIDED_BY; actionData: Failure }) {
  const t = useT();
  // No outcome is preselected: the decision is the user's choice.
  const form = useHvForm({
    schema: decisionSchema,
    values: { outcome: "", body: DECIDED_BY[direction] === "city" ? DIVISION : "", date: today, section: "", conditionText: "" },
    actionData,
  });
  return (
    <IntentCard intent="decide" title={t("changeRequest.decide")} intro={t("changeRequest.decide.intro")} form={form} actionData={actionData}>
      <SelectField
        name="outcome"
        label={t("changeRequest.outcome")}
        required
        emptyLabel={t("common.choose")}
        options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`changeRequest.outcome.${o}`) }))}
      />
      <TextField name="conditionText" label={t("changeRequest.conditionText")} hint={t("changeRequest.conditionText.hint")} />
      <TextField name="body" label={t("changeRequest.body")} required />
      <div className="grid-2">
        <TextField name="date" label={t("changeRequest.date")} hint={t("common.dayHint")} required />
        <TextField name="section" label={t("changeRequest.section")} />
      </div>
      <div className="form-actions">
        <SubmitButton>{t("changeRequest.decide.check")}</SubmitButton>
      </div>
    </IntentCard>
  );
}

function SettleForm({ today, actionData }: { today: string; actionData: Failure }) {
  const t = useT();
  const form = useHvForm({ schema: settleSchema, values: { outcome: "", date: today }, actionData });
  const options = [
    { value: "met", label: t("changeRequest.settle.met") },
    { value: "failed", label: t("changeRequest.settle.failed") },
  ];
  return (
    <IntentCard intent="settle" title={t("changeRequest.settle")} intro={t("changeRequest.settle.intro")} form={form} actionData={actionData}>
      <SelectField name="outcome" label={t("changeRequest.settle")} required emptyLabel={t("common.choose")} options={options} />
      <TextField name="date" label={t("changeRequest.settle.date")} hint={t("common.dayHint")} required />
      <div className="form-actions">
        <SubmitButton>{t("changeRequest.decide.check")}</SubmitButton>
      </div>
    </IntentCard>
  );
}

/** The confirmation step: the decision's effect in words and figures, then store it or go back. */
function ConfirmDecision({ confirm, request }: { confirm: Confirm["confirm"]; request: { baseVersionNumber: number; proposedVersionNumber: number } }) {
  const t = useT();
  // With JavaScript the confirmation takes focus (it replaces the form the user just sent).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const v = confirm.values;
  const p = confirm.preview;
  const money = (cents: number) => formatMoney(cents, { cents: "always" });
  const changed = p.commitments.filter((y) => y.differenceCents !== 0 || y.confirmedDifferenceCents !== 0);
  const cityChanged = (p.city ?? []).filter((y) => y.differenceCents !== 0 || y.confirmedDifferenceCents !== 0);
  const settle = confirm.intent === "settle";
  const headline = settle
    ? t(v.outcome === "met" ? "changeRequest.confirm.met" : "changeRequest.confirm.failed", {
        date: v.date ?? "",
        before: request.baseVersionNumber,
        after: request.proposedVersionNumber,
      })
    : t(`changeRequest.confirm.${v.outcome as "approved" | "approved_conditionally" | "rejected"}`, {
        body: v.body ?? "",
        date: v.date ?? "",
        section: v.section ? ` § ${v.section}` : "",
        before: request.baseVersionNumber,
        after: request.proposedVersionNumber,
        condition: v.conditionText ?? "",
      });
  return (
    <section aria-labelledby="confirm" className="card confirm">
      <h2 id="confirm" tabIndex={-1} ref={heading}>
        {t("changeRequest.confirm.title")}
      </h2>
      <p id="confirm-headline">{headline}</p>
      <p className="hint">{t("changeRequest.confirm.note")}</p>
      <ul id="confirm-effects">
        {changed.length === 0 ? <li>{t("changeRequest.confirm.noChange")}</li> : null}
        {changed.map((y) => (
          <li key={y.year}>
            {y.differenceCents === 0
              ? t("changeRequest.confirm.yearState", { year: y.year, amount: money(y.after.totalCents), confirmed: money(y.after.confirmedCents) })
              : t("changeRequest.confirm.year", { year: y.year, before: money(y.before.totalCents), after: money(y.after.totalCents) })}
          </li>
        ))}
        {cityChanged.map((y) => (
          <li key={`city-${y.year}`}>
            {t("changeRequest.confirm.cityYear", { year: y.year, before: money(y.before.totalCents), after: money(y.after.totalCents) })}
          </li>
        ))}
      </ul>
      <Form method="post" className="form-actions">
        <input type="hidden" name="_intent" value={confirm.intent} />
        <input type="hidden" name="confirm" value="1" />
        {Object.entries(v).map(([k, value]) => (
          <input key={k} type="hidden" name={k} value={value} />
        ))}
        <button type="submit" className="primary">
          {t("changeRequest.confirm.submit")}
        </button>
        <button type="submit" name="_back" value="1">
          {t("changeRequest.confirm.back")}
        </button>
      </Form>
    </section>
  );
}

/** A form of one reason and one button: withdrawing a request, or correcting its decision. */
function ReasonForm({ intent, actionData }: { intent: "withdraw" | "correct"; actionData: Failure }) {
  const t = useT();
  const schema = intent === "withdraw" ? withdrawalSchema : correctionSchema;
  const form = useHvForm({ schema, values: { reason: "" }, actionData: actionData && "reason" in actionData.values ? actionData : undefined });
  const text = {
    withdraw: {
      title: t("changeRequest.withdraw"),
      intro: t("changeRequest.withdraw.intro"),
      label: t("changeRequest.withdraw.reason"),
      submit: t("changeRequest.withdraw"),
    },
    correct: {
      title: t("changeRequest.correct"),
      intro: t("changeRequest.correct.intro"),
      label: t("changeRequest.correct.reason"),
      submit: t("changeRequest.correct.submit"),
    },
  }[intent];
  return (
    <IntentCard intent={intent} title={text.title} intro={text.intro} form={form} actionData={actionData} className="card danger-zone">
      <TextArea name="reason" label={text.label} rows={2} required={intent === "correct"} />
      <div className="form-actions">
        <button type="submit" className="danger">
          {text.submit}
        </button>
      </div>
    </IntentCard>
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
