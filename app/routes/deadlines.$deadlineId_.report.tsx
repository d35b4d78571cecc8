/**
 * Starting the report a deadline asks for (a yearly, interim, final or committee report): the
 * page names the report and its period; starting it opens the report's own page. A deadline
 * whose report was already started goes straight to that report.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getDeadline } from "~/models/obligation.server";
import { canWriteReports, startReport } from "~/models/report.server";
import { reportKindFor } from "~/domain/report";
import { formatDay } from "~/domain/days";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.title", { kind: t(`report.kind.${data.kind}`), name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const d = await getDeadline(db, viewer, requireId(params.deadlineId));
  if (!d) notFound();
  const kind = reportKindFor(d.kind);
  if (!kind) notFound();
  const existing = await db.selectFrom("report").select("id").where("deadline_id", "=", d.id).executeTakeFirst();
  if (existing) throw redirect(`/reports/${existing.id}`);
  return json({
    id: d.id,
    projectId: d.project_id,
    shortName: d.short_name,
    projectName: d.project_name,
    kind,
    dueDate: d.due_date,
    periodStart: d.period_start,
    periodEnd: d.period_end,
    canStart: canWriteReports(viewer),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  if (!canWriteReports(viewer)) forbidden(request);
  const id = await startReport(getDb(), actorOf(viewer), viewer, requireId(params.deadlineId));
  if (id === null) notFound();
  return redirect(`/reports/${id}/edit`);
}

export default function StartReport() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${d.projectId}#obligations`}>{d.shortName}</Link>
      </p>
      <h1>{t("report.title", { kind: t(`report.kind.${d.kind}`), name: d.shortName })}</h1>
      <p>
        {t("report.due", { dueDay: d.dueDate })}
        {d.periodStart && d.periodEnd ? ` · ${t("report.periodOf", { period: `${formatDay(d.periodStart)}–${formatDay(d.periodEnd)}` })}` : ""}
      </p>
      {d.canStart ? (
        <Form method="post">
          <button type="submit" className="primary">
            {t("report.start")}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("report.list.empty")}</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
