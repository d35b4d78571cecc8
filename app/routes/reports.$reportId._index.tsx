/**
 * One report, read-only, for everyone who may see the project: its figures and texts with the
 * reviewer's comments, its attachments and the project's other reports. The grantee continues
 * an editable report on /reports/ID/edit; a manager reviews a submitted one on /reports/ID/review.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { can } from "~/domain/permissions";
import { canWriteReports, reportPageData } from "~/models/report.server";
import { listAttachments } from "~/models/attachment.server";
import { isEditable } from "~/domain/report";
import { ReportHeader } from "~/components/report-header";
import { ReportView } from "~/components/report-view";
import { ReportAttachments } from "~/components/report-attachments";
import { ReportList } from "~/components/report-list";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.title", { kind: t(`report.kind.${data.report.kind}`), name: data.report.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const d = await reportPageData(db, viewer, requireId(params.reportId));
  if (!d) notFound();
  const { row: _row, costs: _costs, ...page } = d;
  const canEdit = canWriteReports(viewer) && isEditable(d.report.status);
  return json({
    ...page,
    attachments: await listAttachments(db, d.report.id),
    canEdit,
    canReview: can(viewer, "project:write") && d.report.status === "submitted",
  });
}

export default function ReportPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const r = d.report;
  return (
    <article className="report">
      <ReportHeader r={r} />
      {d.canEdit ? (
        <p>
          <Link className="button primary" to={`/reports/${r.id}/edit`}>
            {r.status === "draft" || r.status === "returned" ? t("report.continue") : t("common.edit")}
          </Link>
        </p>
      ) : null}
      {d.canReview ? (
        <p>
          <Link className="button primary" to={`/reports/${r.id}/review`}>
            {t("report.review.open")}
          </Link>
        </p>
      ) : null}
      {!d.canEdit && r.status !== "accepted" && r.status !== "draft" ? <p className="muted">{t("report.locked")}</p> : null}
      <ReportView f={d.figures} costs={d.computedCosts} comments={d.comments} />
      <ReportAttachments reportId={r.id} attachments={d.attachments} canEdit={d.canEdit} />
      <section aria-labelledby="previous">
        <h2 id="previous">{t("report.previous")}</h2>
        {d.previous.length === 0 ? <p className="muted">{t("report.previous.none")}</p> : <ReportList rows={d.previous} label={t("report.previous")} />}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
