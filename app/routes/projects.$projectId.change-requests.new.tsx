/**
 * Recording a change request: who asked, when, what kinds of change and why, and the proposed
 * plan (the current plan is the starting point). Nothing changes until the request is decided.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, requireId, withInputErrors } from "~/utils/http.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { getProject, planFormContext } from "~/models/project.server";
import { recordChangeRequest } from "~/models/change-request.server";
import { changeRequestSchema } from "~/schemas/change-request";
import { CHANGE_KINDS, REQUEST_DIRECTIONS } from "~/domain/change-request-vocabulary";
import { formatDay } from "~/domain/days";
import { todayInHelsinki } from "~/utils/clock.server";
import { CheckboxField, FieldError, fieldId, HvFormShell, SelectField, TextArea, TextField, useHvForm } from "~/components/form";
import { SplitRows } from "~/components/split-rows";
import { PlanFields } from "~/components/plan-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => `${data.shortName} – ${t("changeRequest.new")}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  const db = getDb();
  const ctx = await planFormContext(db, viewer, id);
  if (!ctx) notFound();
  const p = ctx.detail.project;
  return json({
    projectId: id,
    shortName: p.short_name,
    values: {
      ...ctx.values,
      direction: "grantee_to_city",
      requestedByOrganisationId: String(p.lead_organisation_id),
      receivedOn: formatDay(todayInHelsinki()),
      proposedName: p.name,
      proposedShortName: p.short_name,
      proposedTargetGroup: p.target_group,
    },
    years: ctx.years,
    orgs: ctx.orgs,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, changeRequestSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => recordChangeRequest(getDb(), actorOf(viewer), id, parsed.data));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/change-requests/${saved.value}`, { key: "changeRequest.recorded" });
}

function CityCommitmentFields({ units }: { units: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("changeRequest.proposedCommitment")}</legend>
      <p className="hint">{t("changeRequest.proposedCommitment.hint")}</p>
      <div className="grid-2">
        <SelectField name="cityCommitment.organisationId" label={t("commitment.organisation")} options={units.map((u) => ({ value: String(u.id), label: u.name }))} emptyLabel={t("common.noneSelected")} />
        <TextField name="cityCommitment.amount" label={t("commitment.amount")} inputMode="decimal" />
      </div>
      <SplitRows prefix="cityCommitment.years" sumField="cityCommitment.split" initialRows={5} id="cc-split-rows" />
    </fieldset>
  );
}

export default function NewChangeRequest() {
  const { projectId, shortName, values, years, orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: changeRequestSchema, values, actionData });
  const units = orgs.filter((o) => o.kind === "city" || o.kind === "city_unit");
  return (
    <>
      <h1>{t("changeRequest.new.title", { name: shortName })}</h1>
      <p className="lead">{t("changeRequest.new.intro")}</p>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <fieldset>
          <legend>{t("changeRequest.new")}</legend>
          <div className="grid-3">
            <SelectField name="direction" label={t("changeRequest.direction")} options={REQUEST_DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) }))} />
            <SelectField name="requestedByOrganisationId" label={t("changeRequest.requestedBy")} options={orgs.map((o) => ({ value: String(o.id), label: o.name }))} emptyLabel={t("common.noneSelected")} />
            <TextField name="receivedOn" label={t("changeRequest.receivedOn")} hint={t("common.dayHint")} required />
          </div>
          <fieldset className="checkbox-group" aria-describedby={form.error("kinds") ? `${fieldId("kinds")}-error` : undefined}>
            <legend>{t("changeRequest.kinds")}</legend>
            <div className="grid-3">
              {CHANGE_KINDS.map((k) => (
                <CheckboxField key={k} name={`kinds.${k}`} label={t(`changeKind.${k}`)} />
              ))}
            </div>
            <FieldError name="kinds" />
          </fieldset>
          <TextArea name="reason" label={t("changeRequest.reason")} rows={4} />
        </fieldset>
        <fieldset>
          <legend>{t("changeRequest.proposedProject")}</legend>
          <TextField name="proposedName" label={t("project.name")} required />
          <div className="grid-2">
            <TextField name="proposedShortName" label={t("project.shortName")} required />
            <TextField name="proposedTargetGroup" label={t("project.targetGroup")} />
          </div>
        </fieldset>
        <PlanFields orgs={orgs} years={years} />
        <CityCommitmentFields units={units} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
