/**
 * Recording a change request: who asked, when, what kinds of change and why, and the proposed
 * plan (the current plan is the starting point). Nothing changes until the request is decided.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { getProject, planFormContext } from "~/models/project.server";
import { recordChangeRequest } from "~/models/change-request.server";
import { changeRequestSchema } from "~/schemas/change-request";
import { formatDay } from "~/domain/days";
import { todayInHelsinki } from "~/utils/clock.server";
import { HvFormShell, useHvForm } from "~/components/form";
import { ChangeRequestFields } from "~/components/change-request-fields";
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

export default function NewChangeRequest() {
  const { projectId, shortName, values, years, orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: changeRequestSchema, values, actionData });
  return (
    <>
      <h1>{t("changeRequest.new.title", { name: shortName })}</h1>
      <p className="lead">{t("changeRequest.new.intro")}</p>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <ChangeRequestFields orgs={orgs} years={years} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
