/** The receipt of a submitted report: what was received, when, and what happens next. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getReport } from "~/models/report.server";
import { formatDay, formatInstant } from "~/domain/days";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("report.receipt.title", { kind: t(`report.kind.${data.kind}`) }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const r = await getReport(getDb(), viewer, requireId(params.reportId));
  // A receipt exists once the report has been submitted.
  if (!r || r.submission_count === 0 || !r.submitted_at || !r.period_start || !r.period_end) notFound();
  // The receipt went to the person who submitted.
  const by = r.submitted_by === null ? undefined : await getDb().selectFrom("app_user").select("email").where("id", "=", r.submitted_by).executeTakeFirst();
  return json({
    id: r.id,
    kind: r.kind,
    status: r.status,
    projectId: r.project_id,
    shortName: r.short_name,
    projectName: r.project_name,
    period: `${formatDay(r.period_start)}–${formatDay(r.period_end)}`,
    submittedAt: r.submitted_at,
    email: by?.email ?? null,
  });
}

export default function Receipt() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const kind = t(`report.kind.${d.kind}`);
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${d.projectId}`}>{d.shortName}</Link>
      </p>
      <h1>{t("report.receipt.title", { kind })}</h1>
      <div className="receipt" role="status">
        <p>
          <strong>{t("report.receipt.lead", { at: formatInstant(d.submittedAt) })}</strong>
        </p>
        <p>{t("report.receipt.what", { kind, name: `${d.shortName} – ${d.projectName}`, period: d.period })}</p>
        {d.email ? <p>{t("report.receipt.mail", { email: d.email })}</p> : null}
        <p>{t("report.receipt.next")}</p>
      </div>
      <p>
        <Link className="button" to={`/reports/${d.id}`}>
          {t("report.receipt.view")}
        </Link>{" "}
        <Link to={`/projects/${d.projectId}#reports`}>{t("report.receipt.back")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
