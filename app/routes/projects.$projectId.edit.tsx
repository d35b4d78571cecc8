/** Editing a project's facts (the plan has its own page). Refuses to overwrite a newer revision. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { listOrganisations } from "~/models/organisation.server";
import { getProject, updateProject } from "~/models/project.server";
import { projectSchema } from "~/schemas/project";
import { projectValues } from "~/schemas/values";
import { HvFormShell, useHvForm } from "~/components/form";
import { ProjectFields } from "~/components/project-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("project.edit.title", { name: data.project.short_name }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  const db = getDb();
  const project = await getProject(db, viewer, id);
  if (!project) notFound();
  const orgs = await listOrganisations(db);
  return json({ project, values: projectValues(project), orgs: orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, projectSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateProject(getDb(), actorOf(viewer), id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${id}`, { key: "common.saved" });
}

export default function EditProject() {
  const { project, values, orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: projectSchema, values, actionData });
  return (
    <>
      <h1>{t("project.edit.title", { name: project.short_name })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${project.id}`}>
        <input type="hidden" name="revision" value={values.revision as string} />
        <ProjectFields orgs={orgs} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
