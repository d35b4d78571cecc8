/** A new project with its first financing plan. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { parseForm, redirectWithFlash, withInputErrors } from "~/utils/http.server";
import { listOrganisations } from "~/models/organisation.server";
import { createProject } from "~/models/project.server";
import { newProjectSchema } from "~/schemas/project";
import { NEW_PROJECT_VALUES } from "~/schemas/values";
import { HvFormShell, useHvForm } from "~/components/form";
import { PlanFields } from "~/components/plan-fields";
import { PlanPreview } from "~/components/plan-preview";
import { ProjectFields } from "~/components/project-fields";
import { useT } from "~/i18n/react";
import { getTranslator } from "~/utils/i18n.server";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "project:write");
  const orgs = await listOrganisations(getDb());
  const t = await getTranslator(request);
  return json({ orgs: orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })), title: `${t("project.new.title")} – Hankevahti` });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const parsed = await parseForm(request, newProjectSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createProject(getDb(), actorOf(viewer), parsed.data));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/projects/${saved.value}`, { key: "project.created", params: { name: parsed.data.project.shortName } });
}

export default function NewProject() {
  const { orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: newProjectSchema, values: NEW_PROJECT_VALUES, actionData });
  return (
    <>
      <h1>{t("project.new.title")}</h1>
      <p className="lead">{t("project.new.intro")}</p>
      <HvFormShell form={form} cancelTo="/">
        <ProjectFields orgs={orgs} />
        <PlanFields orgs={orgs} years={[]} preview={<PlanPreview />} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
