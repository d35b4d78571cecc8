/** Recording a deadline's state: submitted, accepted or returned (or open again), with dates and a note. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getDeadline, updateDeadline } from "~/models/obligation.server";
import { deadlineSchema } from "~/schemas/obligation";
import { formatDay } from "~/domain/days";
import { HvFormShell, useHvForm } from "~/components/form";
import { DeadlineFields } from "~/components/obligation-fields";
import { obligationName } from "~/components/obligations-section";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("deadline.edit.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const d = await getDeadline(getDb(), viewer, requireId(params.deadlineId));
  if (!d) notFound();
  return json({
    deadline: { id: d.id, projectId: d.project_id, kind: d.kind, title: d.title, dueDate: d.due_date, periodStart: d.period_start, periodEnd: d.period_end },
    shortName: d.short_name,
    values: {
      status: d.status,
      submittedOn: d.submitted_on ? formatDay(d.submitted_on) : "",
      decidedOn: d.decided_on ? formatDay(d.decided_on) : "",
      note: d.note,
      revision: String(d.revision),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.deadlineId);
  const db = getDb();
  const existing = await getDeadline(db, viewer, id);
  if (!existing) notFound();
  const parsed = await parseForm(request, deadlineSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateDeadline(db, actorOf(viewer), viewer, id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${existing.project_id}`, { key: "deadline.saved" });
}

export default function EditDeadline() {
  const { deadline, shortName, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: deadlineSchema, values, actionData });
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${deadline.projectId}#obligations`}>{shortName}</Link>
      </p>
      <h1>{t("deadline.edit.title", { name: `${shortName}: ${obligationName(t, deadline)}` })}</h1>
      <dl className="facts">
        <dt>{t("deadline.due")}</dt>
        <dd>{formatDay(deadline.dueDate)}</dd>
        <dt>{t("deadline.period")}</dt>
        <dd>{deadline.periodStart && deadline.periodEnd ? `${formatDay(deadline.periodStart)}–${formatDay(deadline.periodEnd)}` : "–"}</dd>
      </dl>
      <HvFormShell form={form} cancelTo={`/projects/${deadline.projectId}#obligations`} submitLabel={t("deadline.record")}>
        <input type="hidden" name="revision" value={values.revision} />
        <DeadlineFields />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
