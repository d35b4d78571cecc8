/**
 * The financing plan editor: the current version's period, cost model, cost and financing
 * lines with their yearly amounts (entered, or left empty to be spread over the days), and
 * implementers. Saves over the current version, or as a new version that supersedes it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getProject, planFormContext } from "~/models/project.server";
import { savePlan } from "~/models/plan-write.server";
import { planSchema } from "~/schemas/ledger";
import { CheckboxField, HvFormShell, useHvForm } from "~/components/form";
import { PlanFields } from "~/components/plan-fields";
import { PlanPreview } from "~/components/plan-preview";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => `${data.shortName} – ${t("plan.page")}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  const db = getDb();
  const ctx = await planFormContext(db, viewer, id);
  if (!ctx) notFound();
  return json({
    projectId: id,
    shortName: ctx.detail.project.short_name,
    versionNumber: ctx.detail.plan.version.version_number,
    values: ctx.values,
    years: ctx.years,
    orgs: ctx.orgs,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, planSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values, "planRevision");
  if (!revision.ok) return revision.response;
  const asNewVersion = parsed.formData.get("asNewVersion") === "on";
  const saved = await withInputErrors(parsed.values, () => savePlan(getDb(), actorOf(viewer), id, parsed.data, { revision: revision.revision, asNewVersion }));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/projects/${id}#plan-by-year`, { key: "plan.saved" });
}

export default function EditPlan() {
  const { projectId, shortName, values, years, orgs, versionNumber } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: planSchema, values, actionData });
  return (
    <>
      <h1>{t("plan.edit.title", { name: shortName })}</h1>
      <p className="muted">{t("project.planVersion", { number: versionNumber })}</p>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <input type="hidden" name="planRevision" value={values.planRevision as string} />
        <PlanFields orgs={orgs} years={years} preview={<PlanPreview />} />
        <CheckboxField name="asNewVersion" label={t("plan.asNewVersion")} hint={t("plan.asNewVersion.hint")} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
