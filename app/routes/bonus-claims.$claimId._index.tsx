/**
 * One bonus claim: its facts, its stage (waiting for its payable day, in review, more evidence
 * requested, approved, paid, rejected, withdrawn), its evidence and what has happened to it.
 *
 * A manager decides a claim in review (approve from its payable day on, ask for more evidence,
 * reject with a reason; nothing preselected) and marks an approved claim paid. The association's
 * representative answers a request for more evidence (a message and/or a new file: a multipart
 * post) and may withdraw a claim not yet decided. Every form carries the claim's revision; each
 * write ends here with a message saying what happened.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { badRequest, notFound, parseFormData, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { fileOf, readForm } from "~/utils/upload.server";
import { answerClaim, claimAttachments, claimEvents, getClaim, markClaimPaid, reviewClaim, withdrawClaim } from "~/models/bonus.server";
import { claimAnswerSchema, claimPaidSchema, claimReviewSchema } from "~/schemas/bonus";
import { can } from "~/domain/permissions";
import { answerable, payable, reviewable, withdrawable, REVIEW_DECISIONS } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay, formatInstant } from "~/domain/days";
import { ClaimStageBadge } from "~/components/bonus-claims";
import { FileField, RadioGroup } from "~/components/bonus-claim-fields";
import { fileSize } from "~/components/report-attachments";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/format";
import { ErrorSummary, HvFormProvider, HvFormShell, SubmitButton, TextArea, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("bonus.claim.title", { reference: data.claim.reference }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  const id = requireId(params.claimId);
  const db = getDb();
  const today = todayInHelsinki();
  const claim = await getClaim(db, viewer, id, today);
  if (!claim) notFound();
  return json({
    claim,
    events: await claimEvents(db, id),
    attachments: await claimAttachments(db, id),
    today,
    canReview: can(viewer, "bonus:review"),
    canFile: can(viewer, "bonus:file"),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  const id = requireId(params.claimId);
  const db = getDb();
  const today = todayInHelsinki();
  if (!(await getClaim(db, viewer, id, today))) notFound();
  const form = await readForm(request);
  if (!form) return badRequest({ _form: "error.form.invalidValue" }, {});
  const intent = form.get("intent");
  const actor = actorOf(viewer);
  const here = `/bonus-claims/${id}`;

  if (intent === "review" || intent === "paid") {
    if (!can(viewer, "bonus:review")) forbidden(request);
    if (intent === "review") {
      const parsed = parseFormData(form, claimReviewSchema);
      if (!parsed.ok) return parsed.response;
      const revision = requireRevision(parsed.values);
      if (!revision.ok) return revision.response;
      const done = await withInputErrors(parsed.values, () => reviewClaim(db, actor, viewer, id, { ...parsed.data, revision: revision.revision }, today));
      if (!done.ok) return done.response;
      const key = done.value === "approved" ? "bonus.approved" : done.value === "rejected" ? "bonus.rejected" : "bonus.infoRequested";
      return redirectWithFlash(here, { key, params: { approvedDay: today } });
    }
    const parsed = parseFormData(form, claimPaidSchema);
    if (!parsed.ok) return parsed.response;
    const revision = requireRevision(parsed.values);
    if (!revision.ok) return revision.response;
    const done = await withInputErrors(parsed.values, () =>
      markClaimPaid(db, actor, viewer, id, { paidOn: parsed.data.paidOn, revision: revision.revision }, today),
    );
    if (!done.ok) return done.response;
    return redirectWithFlash(here, { key: "bonus.paid", params: { paidDay: parsed.data.paidOn } });
  }

  if (intent === "answer" || intent === "withdraw") {
    if (!can(viewer, "bonus:file")) forbidden(request);
    if (intent === "withdraw") {
      const values = { revision: String(form.get("revision") ?? "") };
      const revision = requireRevision(values);
      if (!revision.ok) return revision.response;
      const done = await withInputErrors(values, () => withdrawClaim(db, actor, viewer, id, revision.revision, today));
      if (!done.ok) return done.response;
      return redirectWithFlash(here, { key: "bonus.withdrawn" });
    }
    const parsed = parseFormData(form, claimAnswerSchema);
    if (!parsed.ok) return parsed.response;
    const revision = requireRevision(parsed.values);
    if (!revision.ok) return revision.response;
    const file = await fileOf(form, "file");
    if (file === "tooLarge") return badRequest({ file: "attachment.error.tooLarge" }, parsed.values);
    const done = await withInputErrors(parsed.values, () =>
      answerClaim(db, actor, viewer, id, { message: parsed.data.message, revision: revision.revision }, file, today),
    );
    if (!done.ok) return done.response;
    return redirectWithFlash(here, { key: "bonus.answered" });
  }
  return badRequest({ _form: "error.form.invalidValue" }, {});
}

export default function BonusClaimPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const c = d.claim;
  return (
    <article>
      <p className="eyebrow">
        <Link to="/bonus-claims">{t("bonus.claim.back")}</Link>
      </p>
      <h1>{t("bonus.claim.title", { reference: c.reference })}</h1>
      <p>
        <ClaimStageBadge c={c} />
      </p>
      {c.stage === "waiting" ? <p className="notice">{t("bonus.claim.waitingNote", { payableDay: c.payableOn })}</p> : null}
      {c.status === "rejected" ? (
        <div className="notice warn">
          <p>
            <strong>{t("bonus.claim.rejectReason")}:</strong> {c.rejectReason}
          </p>
        </div>
      ) : null}

      <section aria-labelledby="facts">
        <h2 id="facts">{t("bonus.claim.facts")}</h2>
        <dl className="facts">
          <dt>{t("bonus.claim.organisation")}</dt>
          <dd>{c.organisationName}</dd>
          {c.projectId !== null ? (
            <>
              <dt>{t("bonus.claim.project")}</dt>
              <dd>
                <Link to={`/projects/${c.projectId}`}>{c.projectName}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t("bonus.claim.kind")}</dt>
          <dd>{t(`bonus.kind.${c.kind}`)}</dd>
          <dt>{t("bonus.claim.start")}</dt>
          <dd>{formatDay(c.startDate)}</dd>
          {c.kind === "work" ? (
            <>
              <dt>{t("bonus.claim.condition")}</dt>
              <dd>{t("bonus.claim.conditionMet")}</dd>
            </>
          ) : (
            <>
              <dt>{t("bonus.claim.support")}</dt>
              <dd>{c.studySupport ? t(`bonus.support.${c.studySupport}`) : "–"}</dd>
            </>
          )}
          <dt>{t("bonus.claim.payable")}</dt>
          <dd>{formatDay(c.payableOn)}</dd>
          <dt>{t("bonus.claim.amount")}</dt>
          <dd>
            <Money cents={c.amountCents} />
          </dd>
          <dt>{t("bonus.claim.filed")}</dt>
          <dd>{formatDay(c.filedOn)}</dd>
          {c.note ? (
            <>
              <dt>{t("bonus.claim.note")}</dt>
              <dd className="pre-wrap">{c.note}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {d.canReview && reviewable(c.status) ? <ReviewForm /> : null}
      {d.canReview && payable(c.status) ? <PaidForm /> : null}
      {d.canFile && answerable(c.status) ? <AnswerForm /> : null}

      <section aria-labelledby="evidence">
        <h2 id="evidence">{t("bonus.claim.evidence")}</h2>
        <DataTable
          label={t("bonus.claim.evidenceTable")}
          columns={[{ label: t("attachment.col.name") }, { label: t("attachment.col.size"), numeric: true }, { label: t("attachment.col.added") }]}
        >
          <tbody>
            {d.attachments.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/bonus-claims/${c.id}/attachments/${a.id}`} aria-label={t("attachment.download", { name: a.fileName })}>
                    {a.fileName}
                  </a>
                </td>
                <td className="num nowrap">{fileSize(a.sizeBytes, lang, t)}</td>
                <td>{formatInstant(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t("bonus.claim.history")}</h2>
        <ol className="claim-events">
          {d.events.map((e) => (
            <li key={e.id}>
              <strong>{t(`bonus.event.${e.action}`)}</strong>{" "}
              <span className="muted">{t("bonus.event.by", { at: formatInstant(e.at), name: e.userName ?? t("history.system") })}</span>
              {e.message ? <p className="message">{e.message}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {d.canFile && withdrawable(c.status) ? <WithdrawForm /> : null}
    </article>
  );
}

function ReviewForm() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: claimReviewSchema, values: {}, actionData });
  const early = d.today < d.claim.payableOn;
  return (
    <section aria-labelledby="review" className="card">
      <h2 id="review">{t("bonus.review.title")}</h2>
      {early ? <p className="notice">{t("bonus.review.notYet", { payableDay: d.claim.payableOn })}</p> : null}
      <HvFormShell form={form} narrow submitLabel={t("bonus.review.submit")}>
        <input type="hidden" name="intent" value="review" />
        <input type="hidden" name="revision" value={d.claim.revision} />
        <RadioGroup
          name="decision"
          legend={t("bonus.review.decision")}
          options={REVIEW_DECISIONS.map((x) => ({ value: x, label: t(`bonus.review.${x}`), disabled: x === "approve" && early }))}
        />
        <TextArea name="message" label={t("bonus.review.message")} hint={t("bonus.review.messageHint")} rows={3} />
      </HvFormShell>
    </section>
  );
}

function PaidForm() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: claimPaidSchema, values: { paidOn: formatDay(d.today) }, actionData });
  return (
    <section aria-labelledby="pay" className="card">
      <h2 id="pay">{t("bonus.pay.title")}</h2>
      <HvFormShell form={form} narrow submitLabel={t("bonus.pay.submit")}>
        <input type="hidden" name="intent" value="paid" />
        <input type="hidden" name="revision" value={d.claim.revision} />
        <TextField name="paidOn" label={t("bonus.pay.paidOn")} hint={t("common.dayHint")} required />
      </HvFormShell>
    </section>
  );
}

function AnswerForm() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: claimAnswerSchema, values: {}, actionData });
  // The manager's request being answered: the latest one.
  const request = [...d.events].reverse().find((e) => e.action === "info_requested");
  return (
    <section aria-labelledby="answer" className="card">
      <h2 id="answer">{t("bonus.answer.title")}</h2>
      {request ? (
        <blockquote className="claim-request">
          <p className="muted">{t("bonus.event.by", { at: formatInstant(request.at), name: request.userName ?? t("history.system") })}</p>
          <p className="message">{request.message}</p>
        </blockquote>
      ) : null}
      <HvFormProvider form={form}>
        <Form method="post" encType="multipart/form-data" className="hv-form narrow" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          <ErrorSummary />
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="revision" value={d.claim.revision} />
          <TextArea name="message" label={t("bonus.answer.message")} rows={3} />
          <FileField name="file" label={t("bonus.answer.file")} />
          <div className="form-actions">
            <SubmitButton>{t("bonus.answer.submit")}</SubmitButton>
          </div>
        </Form>
      </HvFormProvider>
    </section>
  );
}

function WithdrawForm() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="withdraw">
      <h2 id="withdraw">{t("bonus.withdraw.title")}</h2>
      <p>{t("bonus.withdraw.intro")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="revision" value={d.claim.revision} />
        <button type="submit" className="danger">
          {t("bonus.withdraw.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
