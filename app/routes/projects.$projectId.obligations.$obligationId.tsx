/** Editing or deleting a reporting obligation; a changed rule moves its future open deadlines. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { obligationName } from "~/components/obligations-section";
import type { ObligationKind } from "~/domain/obligations";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { deleteObligation, getObligation, responsibleCandidates, updateObligation } from "~/models/obligation.server";
import { getProject } from "~/models/project.server";
import { obligationSchema } from "~/schemas/obligation";
import { formatDay } from "~/domain/days";
import { HvFormShell, useHvForm } from "~/components/form";
import { ObligationFields } from "~/components/obligation-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("obligation.edit.title", { name: data.shortName }));

async function load(request: Request, params: Record<string, string | undefined>) {
  const viewer = await requireViewer(request, "project:write");
  const db = getDb();
  const project = await getProject(db, viewer, requireId(params.projectId));
  const obligation = project ? await getObligation(db, project.id, requireId(params.obligationId)) : undefined;
  if (!project || !obligation) notFound();
  return { viewer, db, project, obligation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, project, obligation: o } = await load(request, params);
  return json({
    projectId: project.id,
    shortName: project.short_name,
    people: await responsibleCandidates(db, project.id),
    values: {
      kind: o.kind,
      title: o.title,
      timesPerYear: o.times_per_year === null ? "" : String(o.times_per_year),
      everyMonths: o.every_months === null ? "" : String(o.every_months),
      daysAfter: String(o.days_after),
      dueDate: o.due_date ? formatDay(o.due_date) : "",
      responsibleUserId: o.responsible_user_id === null ? "" : String(o.responsible_user_id),
      reminderDays: o.reminder_days.replace(/,/g, ", "),
      revision: String(o.revision),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, db, project, obligation } = await load(request, params);
  if ((await request.clone().formData()).get("_intent") === "delete") {
    if (!(await deleteObligation(db, actorOf(viewer), project.id, obligation.id))) notFound();
    return redirectWithFlash(`/projects/${project.id}`, { key: "obligation.deleted" });
  }
  const parsed = await parseForm(request, obligationSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateObligation(db, actorOf(viewer), project.id, obligation.id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${project.id}`, { key: "obligation.saved" });
}

export default function EditObligation() {
  const { projectId, shortName, people, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const name = obligationName(t, { kind: values.kind as ObligationKind, title: values.title });
  const form = useHvForm({ schema: obligationSchema, values, actionData });
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${projectId}#obligations`}>{shortName}</Link>
      </p>
      <h1>{t("obligation.edit.title", { name: `${shortName}: ${name}` })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#obligations`}>
        <input type="hidden" name="revision" value={values.revision} />
        <ObligationFields people={people} kindLocked />
      </HvFormShell>
      <Form method="post" className="danger-zone">
        <input type="hidden" name="_intent" value="delete" />
        <button type="submit" className="danger">
          {t("obligation.delete.confirm")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
