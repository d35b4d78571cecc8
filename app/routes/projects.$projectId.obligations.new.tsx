/** A new reporting obligation of the project; its deadlines are computed over the period. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { createObligation, responsibleCandidates } from "~/models/obligation.server";
import { getProject } from "~/models/project.server";
import { obligationSchema } from "~/schemas/obligation";
import { HvFormShell, useHvForm } from "~/components/form";
import { ObligationFields } from "~/components/obligation-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("obligation.new.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const db = getDb();
  const project = await getProject(db, viewer, requireId(params.projectId));
  if (!project) notFound();
  return json({ projectId: project.id, shortName: project.short_name, people: await responsibleCandidates(db, project.id), userId: viewer.userId });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, obligationSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createObligation(getDb(), actorOf(viewer), id, parsed.data));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/projects/${id}`, { key: "obligation.saved" });
}

export default function NewObligation() {
  const { projectId, shortName, people, userId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({
    schema: obligationSchema,
    values: { kind: "yearly_report", reminderDays: "30, 7", responsibleUserId: people.some((p) => p.id === userId) ? String(userId) : "" },
    actionData,
  });
  return (
    <>
      <h1>{t("obligation.new.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#obligations`}>
        <ObligationFields people={people} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
