/** A dated entry of a target: what arrived (a count, with the gender split where known). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { addEntry, getIndicator, projectPeriod } from "~/models/indicator.server";
import { getProject } from "~/models/project.server";
import { entrySchema } from "~/schemas/indicator";
import { formatDay } from "~/domain/days";
import { todayInHelsinki } from "~/utils/clock.server";
import { HvFormShell, useHvForm } from "~/components/form";
import { EntryFields } from "~/components/indicator-fields";
import { indicatorLabel } from "~/components/targets-section";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("entry.new.title", { name: data.shortName }));

async function load(request: Request, params: Record<string, string | undefined>) {
  const viewer = await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const db = getDb();
  const project = await getProject(db, viewer, projectId);
  const indicator = project ? await getIndicator(db, projectId, requireId(params.indicatorId)) : undefined;
  if (!project || !indicator) notFound();
  return { viewer, db, project, indicator };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, project, indicator } = await load(request, params);
  const period = await projectPeriod(db, project.id);
  if (!period) notFound();
  return json({
    period,
    soFar: { value: indicator.value_total, target: indicator.target_kind === "count" ? indicator.target_value : null },
    projectId: project.id,
    shortName: project.short_name,
    indicator: { id: indicator.id, kind: indicator.kind, name: indicator.name },
    today: formatDay(todayInHelsinki()),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, db, project, indicator } = await load(request, params);
  const parsed = await parseForm(request, entrySchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => addEntry(db, actorOf(viewer), project.id, indicator.id, parsed.data, todayInHelsinki()));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/projects/${project.id}`, { key: "entry.saved" });
}

export default function NewEntry() {
  const { projectId, shortName, indicator, today, period, soFar } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: entrySchema, values: { entryDate: today }, actionData });
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${projectId}#targets`}>{shortName}</Link>
      </p>
      <h1>{t("entry.new.title", { name: indicatorLabel(t, indicator) })}</h1>
      <p>
        {soFar.target !== null
          ? t("entry.soFarOf", { value: soFar.value.toLocaleString("fi-FI"), target: soFar.target.toLocaleString("fi-FI") })
          : t("entry.soFar", { value: soFar.value.toLocaleString("fi-FI") })}
      </p>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#targets`}>
        <EntryFields period={period} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
