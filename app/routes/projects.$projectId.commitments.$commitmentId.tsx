/** Editing or deleting one commitment of the project's current plan. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { commitmentFormContext, deleteCommitment, getCommitment, updateCommitment } from "~/models/commitment.server";
import { getProject } from "~/models/project.server";
import { commitmentSchema } from "~/schemas/commitment";
import { commitmentValues } from "~/schemas/values";
import { HvFormShell, useHvForm } from "~/components/form";
import { CommitmentFields } from "~/components/commitment-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("commitment.edit.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const commitmentId = requireId(params.commitmentId);
  const db = getDb();
  const commitment = await getCommitment(db, projectId, commitmentId);
  const ctx = await commitmentFormContext(db, projectId);
  if (!commitment || !ctx) notFound();
  return json({ ...ctx, values: commitmentValues(commitment) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const commitmentId = requireId(params.commitmentId);
  const db = getDb();
  if (!(await getProject(db, viewer, projectId)) || !(await getCommitment(db, projectId, commitmentId))) notFound();
  if ((await request.clone().formData()).get("_intent") === "delete") {
    if (!(await deleteCommitment(db, actorOf(viewer), projectId, commitmentId))) notFound();
    return redirectWithFlash(`/projects/${projectId}#commitments`, { key: "commitment.deleted" });
  }
  const parsed = await parseForm(request, commitmentSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateCommitment(db, actorOf(viewer), projectId, commitmentId, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${projectId}#commitments`, { key: "commitment.saved" });
}

export default function EditCommitment() {
  const { projectId, shortName, periodYears, units, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: commitmentSchema, values, actionData });
  return (
    <>
      <h1>{t("commitment.edit.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <input type="hidden" name="revision" value={values.revision as string} />
        <CommitmentFields units={units} periodYears={periodYears} />
      </HvFormShell>
      <Form method="post" className="danger-zone">
        <input type="hidden" name="_intent" value="delete" />
        <button type="submit" className="danger">
          {t("commitment.delete.confirm")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
