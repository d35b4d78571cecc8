/**
 * One agenda item: its text in the agenda's form; for a manager, the text to edit, the findings of
 * the checks against the project's data (each shown where it occurs), and finalising with every
 * finding fixed or acknowledged with a reason (the reasons are kept).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { can } from "~/domain/permissions";
import { decideItem, finaliseItem, getItem, itemAcks, itemFindings, laterMeetings, preparersOf, updateItem } from "~/models/agenda.server";
import { DECISIONS, decisionSchema, finaliseSchema, itemSchema, preparersText } from "~/schemas/agenda";
import { formatDay, formatInstant } from "~/domain/days";
import { ErrorSummary, FieldError, HvFormProvider, HvFormShell, SelectField, SubmitButton, TextArea, TextField, fieldId, useHvForm } from "~/components/form";
import { AgendaText } from "~/components/agenda-text";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("item.page", { section: data.item.section, title: data.item.title }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const item = await getItem(db, viewer, requireId(params.itemId));
  if (!item) notFound();
  const findings = await itemFindings(db, item, item.meeting_date);
  const preparers = preparersOf(item.preparers);
  return json({
    item: {
      id: item.id,
      meetingId: item.meeting_id,
      body: item.body,
      meetingDate: item.meeting_date,
      section: item.section,
      itemType: item.item_type,
      status: item.status,
      title: item.title,
      caseNumber: item.case_number,
      preparers,
      presenter: item.presenter,
      background: item.background,
      proposal: item.proposal,
      finalisedAt: item.finalised_at,
      projectId: item.project_id,
      shortName: item.short_name,
      decision: item.decision,
      decisionText: item.decision_text,
      decidedAt: item.decided_at,
      continuesItemId: item.continues_item_id,
    },
    later: item.status === "final" && can(viewer, "project:write") ? await laterMeetings(db, item.body, item.meeting_date) : [],
    values: {
      section: String(item.section),
      title: item.title,
      caseNumber: item.case_number,
      preparers: preparersText(preparers),
      presenter: item.presenter,
      background: item.background,
      proposal: item.proposal,
      revision: String(item.revision),
    },
    revision: item.revision,
    findings: findings.map((f) => ({ key: f.key, code: f.code, field: f.field, excerpt: f.excerpt, start: f.start, end: f.end, params: f.params })),
    acks: await itemAcks(db, item.id),
    canWrite: can(viewer, "project:write") && item.status !== "decided",
    canDecide: can(viewer, "project:write") && item.status === "final",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  if (!can(viewer, "project:write")) forbidden(request);
  const id = requireId(params.itemId);
  const db = getDb();
  if (!(await getItem(db, viewer, id))) notFound();
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "decide") {
    const parsed = await parseForm(request, decisionSchema);
    if (!parsed.ok) return parsed.response;
    const revision = requireRevision(parsed.values);
    if (!revision.ok) return revision.response;
    const done = await withInputErrors(parsed.values, () => decideItem(db, actorOf(viewer), viewer, id, parsed.data, revision.revision));
    if (!done.ok) return done.response;
    if (!done.value) notFound();
    return done.value.continuedAs
      ? redirectWithFlash(`/agenda-items/${done.value.continuedAs}`, { key: "decision.recordedTabled" })
      : redirectWithFlash(`/agenda-items/${id}`, { key: "decision.recorded" });
  }
  if (intent === "finalise") {
    const parsed = await parseForm(request, finaliseSchema);
    if (!parsed.ok) return parsed.response;
    const revision = requireRevision(parsed.values);
    if (!revision.ok) return revision.response;
    const done = await withInputErrors(parsed.values, () => finaliseItem(db, actorOf(viewer), viewer, id, parsed.data.reasons, revision.revision));
    if (!done.ok) return done.response;
    if (!done.value) notFound();
    return redirectWithFlash(`/agenda-items/${id}`, { key: "item.finalised" });
  }
  const parsed = await parseForm(request, itemSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateItem(db, actorOf(viewer), viewer, id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/agenda-items/${id}`, { key: "item.saved" });
}

type Failure = { ok: false; errors: Record<string, string>; values: Record<string, unknown> } | undefined;

export default function ItemPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const i = d.item;
  return (
    <article className="agenda-item">
      <p className="eyebrow">
        <Link to={`/meetings/${i.meetingId}`}>{t("item.meeting", { body: i.body, day: formatDay(i.meetingDate) })}</Link>
        {i.projectId ? (
          <>
            {" · "}
            <Link to={`/projects/${i.projectId}`}>{i.shortName}</Link>
          </>
        ) : null}{" "}
        · <span className={`badge item-${i.status}`}>{t(`item.status.${i.status}`)}</span>
        {" · "}
        <a href={`/agenda-items/${i.id}/docx`} download>
          {t("item.docx")}
        </a>
      </p>
      <h1>{t("item.page", { section: i.section, title: i.title })}</h1>
      {i.status === "final" && i.finalisedAt ? <p className="notice">{t("item.finalisedNote", { at: formatInstant(i.finalisedAt) })}</p> : null}
      {i.continuesItemId ? (
        <p>
          <Link to={`/agenda-items/${i.continuesItemId}`}>{t("decision.continues")}</Link>
        </p>
      ) : null}
      {i.status === "decided" && i.decision && i.decidedAt ? (
        <section aria-labelledby="decision" className="card decided">
          <h2 id="decision">{t("decision.title")}</h2>
          <p>
            <strong>{t("decision.decidedNote", { at: formatInstant(i.decidedAt), decision: t(`decision.${i.decision}`) })}</strong>
          </p>
          <p className="pre-wrap">{i.decisionText}</p>
        </section>
      ) : null}
      {d.canDecide ? <DecisionForm /> : null}
      {i.status !== "decided" ? <Findings /> : null}
      {d.canWrite ? <EditItem /> : <AgendaText item={i} />}
      {d.acks.length > 0 ? (
        <section aria-labelledby="acks">
          <h2 id="acks">{t("item.acks.title")}</h2>
          <ul>
            {d.acks.map((a) => (
              <li key={a.id}>
                <strong>{t(`agenda.finding.${a.code}` as "agenda.finding.amountUnknown")}</strong> ”{a.excerpt}”: {a.reason} ({a.author ?? "–"},{" "}
                {formatInstant(a.created_at)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

/** The findings, each with its place in the text; for a manager, the reasons to acknowledge them with. */
function Findings() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Failure;
  const t = useT();
  const td = useTDynamic();
  const failure = actionData && Object.keys(actionData.errors).some((k) => k.startsWith("ack")) ? actionData : undefined;
  const form = useHvForm({ schema: finaliseSchema, values: { ack: d.findings.map((f) => ({ key: f.key, reason: "" })) }, actionData: failure });
  const fieldName = (f: string) => t(f === "title" ? "item.titleField" : f === "background" ? "item.background" : "item.proposal");
  const textOf = (field: string) => (field === "title" ? d.item.title : field === "background" ? d.item.background : d.item.proposal);
  return (
    <section aria-labelledby="findings" className="card">
      <h2 id="findings">{t("item.findings.title")}</h2>
      {d.findings.length === 0 ? <p>{t("item.findings.none")}</p> : <p>{t("item.findings.intro")}</p>}
      {d.canWrite && d.item.status === "draft" ? (
        <HvFormProvider form={form}>
          <Form method="post" noValidate onSubmit={form.onSubmit} ref={form.formRef} className="hv-form">
            <ErrorSummary />
            <input type="hidden" name="intent" value="finalise" />
            <input type="hidden" name="revision" value={d.revision} />
            <ol className="findings">
              {d.findings.map((f, n) => (
                <li key={f.key} data-code={f.code}>
                  <p>
                    <strong>{td(`agenda.finding.${f.code}`, f.params)}</strong>
                  </p>
                  <p className="finding-context">
                    {fieldName(f.field)}: <Context text={textOf(f.field)} start={f.start} end={f.end} />
                  </p>
                  <input type="hidden" name={`ack.${n}.key`} value={f.key} />
                  <div className="field">
                    <label htmlFor={fieldId(`ack.${n}.reason`)}>{t("item.finding.reason", { excerpt: f.excerpt })}</label>
                    <textarea
                      id={fieldId(`ack.${n}.reason`)}
                      rows={2}
                      {...form.rhf.register(`ack.${n}.reason`)}
                      aria-invalid={form.error(`ack.${n}.reason`) ? true : undefined}
                    />
                    <FieldError name={`ack.${n}.reason`} />
                  </div>
                </li>
              ))}
            </ol>
            <p className="hint">{t("item.finalise.hint")}</p>
            <div className="form-actions">
              <SubmitButton>{t("item.finalise")}</SubmitButton>
            </div>
          </Form>
        </HvFormProvider>
      ) : (
        <ol className="findings">
          {d.findings.map((f) => (
            <li key={f.key} data-code={f.code}>
              <strong>{td(`agenda.finding.${f.code}`, f.params)}</strong>{" "}
              <span className="finding-context">
                {fieldName(f.field)}: <Context text={textOf(f.field)} start={f.start} end={f.end} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The finding's text with a little of what surrounds it, the finding itself marked. */
function Context({ text, start, end }: { text: string; start: number; end: number }) {
  const from = Math.max(0, start - 50);
  const to = Math.min(text.length, end + 50);
  return (
    <span>
      {from > 0 ? "…" : ""}
      {text.slice(from, start)}
      <mark>{text.slice(start, end)}</mark>
      {text.slice(end, to)}
      {to < text.length ? "…" : ""}
    </span>
  );
}

function DecisionForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Failure;
  const t = useT();
  const failure =
    actionData && Object.keys(actionData.errors).some((k) => k === "decision" || k === "decisionText" || k === "toMeetingId") ? actionData : undefined;
  const form = useHvForm({ schema: decisionSchema, values: { decision: "", decisionText: "", toMeetingId: "" }, actionData: failure });
  return (
    <section aria-labelledby="decide" className="card">
      <h2 id="decide">{t("decision.title")}</h2>
      <p>{t("decision.intro")}</p>
      <HvFormShell form={form} narrow submitLabel={t("decision.submit")}>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="revision" value={d.revision} />
        <SelectField
          name="decision"
          label={t("decision.kind")}
          required
          emptyLabel={t("common.choose")}
          options={DECISIONS.map((k) => ({ value: k, label: t(`decision.${k}`) }))}
        />
        <TextArea name="decisionText" label={t("decision.text")} hint={t("decision.text.hint")} rows={4} />
        {d.later.length > 0 ? (
          <SelectField
            name="toMeetingId"
            label={t("decision.toMeeting")}
            emptyLabel={t("common.choose")}
            options={d.later.map((m) => ({ value: String(m.id), label: `${formatDay(m.meeting_date)} ${m.start_time}` }))}
          />
        ) : (
          <p className="hint">{t("decision.noLater")}</p>
        )}
      </HvFormShell>
    </section>
  );
}

function EditItem() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Failure;
  const t = useT();
  const failure = actionData && !Object.keys(actionData.errors).some((k) => k.startsWith("ack")) ? actionData : undefined;
  const form = useHvForm({ schema: itemSchema, values: d.values, actionData: failure });
  return (
    <section aria-labelledby="edit">
      <h2 id="edit">{t("common.edit")}</h2>
      <HvFormShell form={form}>
        <input type="hidden" name="revision" value={d.values.revision} />
        <div className="grid-2">
          <TextField name="section" label={t("item.section")} inputMode="numeric" required />
          <TextField name="caseNumber" label={t("item.caseNumber")} />
        </div>
        <TextField name="title" label={t("item.titleField")} required />
        <TextArea name="preparers" label={t("item.preparers")} hint={t("item.preparers.hint")} rows={3} />
        <TextField name="presenter" label={t("item.presenter")} />
        <TextArea name="background" label={t("item.background")} hint={t("item.background.hint")} rows={14} />
        <TextArea name="proposal" label={t("item.proposal")} rows={6} />
      </HvFormShell>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
