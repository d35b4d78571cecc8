/** A new target of the project: reach, an outcome, partners or an own indicator. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { createIndicator } from "~/models/indicator.server";
import { getProject } from "~/models/project.server";
import { indicatorSchema } from "~/schemas/indicator";
import { HvFormShell, useHvForm } from "~/components/form";
import { IndicatorFields } from "~/components/indicator-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("indicator.new.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const project = await getProject(getDb(), viewer, requireId(params.projectId));
  if (!project) notFound();
  return json({ projectId: project.id, shortName: project.short_name });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, indicatorSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createIndicator(getDb(), actorOf(viewer), id, parsed.data));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/projects/${id}`, { key: "indicator.saved" });
}

export default function NewIndicator() {
  const { projectId, shortName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: indicatorSchema, values: { kind: "reach", targetKind: "count" }, actionData });
  return (
    <>
      <h1>{t("indicator.new.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#targets`}>
        <IndicatorFields />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
