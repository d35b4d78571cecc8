/**
 * An association's representative claims the employment bonus for a job seeker its measure
 * placed: a pseudonymous reference (no name, nothing like a personal identity code), the basis
 * (work meeting the employment condition, or degree studies and their support), the start day,
 * optionally the project, and the evidence file. A multipart form post that works without
 * JavaScript; with it, the same schema checks the fields first. A refusal is 400 with each
 * message at its field and nothing saved; another organisation's id or project is 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { badRequest, parseFormData, redirectWithFlash, withInputErrors } from "~/utils/http.server";
import { fileOf, readForm } from "~/utils/upload.server";
import { claimProjectOptions, fileClaim } from "~/models/bonus.server";
import { claimSchema } from "~/schemas/bonus";
import { CLAIM_KINDS, STUDY_SUPPORTS, payableOn } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import { ErrorSummary, HvFormProvider, SelectField, SubmitButton, TextArea, TextField, useHvForm } from "~/components/form";
import { CheckboxWithError, FileField, RadioGroup } from "~/components/bonus-claim-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("bonus.new.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:file");
  const db = getDb();
  const organisation = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("id", "=", viewer.organisationId ?? -1)
    .executeTakeFirst();
  return json({ organisation: organisation ?? null, projects: await claimProjectOptions(db, viewer) });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:file");
  const form = await readForm(request);
  if (!form) return badRequest({ _form: "error.form.invalidValue" }, {});
  const file = await fileOf(form, "file");
  const parsed = parseFormData(form, claimSchema);
  if (!parsed.ok) return withFileMessage(parsed.response, file !== null);
  if (file === "tooLarge") return badRequest({ file: "attachment.error.tooLarge" }, parsed.values);
  const today = todayInHelsinki();
  const done = await withInputErrors(parsed.values, () => fileClaim(getDb(), actorOf(viewer), viewer, parsed.data, file, today));
  if (!done.ok) return withFileMessage(done.response, file !== null);
  const payable = payableOn(parsed.data.startDate);
  return redirectWithFlash(`/bonus-claims/${done.value}`, { key: payable > today ? "bonus.filedWaiting" : "bonus.filed", params: { payableDay: payable } });
}

/**
 * A refusal, with a message at the file field too: that the evidence is missing, or (when a file
 * was sent) that it must be chosen again, since a browser cannot keep a chosen file over a refusal.
 */
async function withFileMessage(response: Response, hadFile: boolean): Promise<Response> {
  const body = (await response.json()) as { errors: Record<string, string> };
  body.errors.file ??= hadFile ? "bonus.error.fileAgain" : "bonus.error.evidenceRequired";
  return json(body, { status: response.status });
}

export default function NewBonusClaim() {
  const { organisation, projects } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: claimSchema, values: { organisationId: organisation ? String(organisation.id) : "" }, actionData });
  return (
    <>
      <p className="eyebrow">
        <Link to="/bonus-claims">{t("bonus.list.own")}</Link>
      </p>
      <h1>{t("bonus.new.title")}</h1>
      <p className="hint">
        {t("bonus.rule")} {t("bonus.ruleSource")}
      </p>
      <p>{t("bonus.new.intro")}</p>
      <HvFormProvider form={form}>
        <Form method="post" encType="multipart/form-data" className="hv-form narrow" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          <ErrorSummary />
          {organisation ? (
            <p>
              <strong>{t("bonus.field.organisation")}:</strong> {organisation.name}
              <input type="hidden" name="organisationId" value={organisation.id} />
            </p>
          ) : null}
          <TextField name="reference" label={t("bonus.field.reference")} hint={t("bonus.field.referenceHint")} required />
          <RadioGroup name="kind" legend={t("bonus.field.kind")} options={CLAIM_KINDS.map((k) => ({ value: k, label: t(`bonus.kind.${k}`) }))} />
          <TextField name="startDate" label={t("bonus.field.startDate")} hint={`${t("bonus.field.startDateHint")} ${t("bonus.new.payableHint")}`} required />
          <CheckboxWithError name="employmentCondition" label={t("bonus.field.employmentCondition")} hint={t("bonus.field.employmentConditionHint")} />
          <RadioGroup
            name="studySupport"
            legend={t("bonus.field.studySupport")}
            hint={t("bonus.field.studySupportHint")}
            options={STUDY_SUPPORTS.map((s) => ({ value: s, label: t(`bonus.support.${s}`) }))}
          />
          {projects.length > 0 ? (
            <SelectField
              name="projectId"
              label={t("bonus.field.project")}
              emptyLabel={t("bonus.field.projectNone")}
              options={projects.map((p) => ({ value: String(p.id), label: p.short_name }))}
            />
          ) : null}
          <TextArea name="note" label={t("bonus.field.note")} rows={3} />
          <FileField name="file" label={t("bonus.field.file")} required />
          <div className="form-actions">
            <SubmitButton>{t("bonus.new.submit")}</SubmitButton>
            <Link to="/bonus-claims">{t("common.cancel")}</Link>
          </div>
        </Form>
      </HvFormProvider>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
