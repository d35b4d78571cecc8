/**
 * An organisation's own page (an association's representative's landing page): what is due from
 * it and when, what was returned to it, and what it has submitted, each a short list linking to
 * the project; the whole list is the deadline view.
 */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { bucketOf } from "~/domain/obligations";
import { daysInclusive, formatDay } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import type { DeadlineRow } from "~/models/deadline.server";
import { BucketBadge, DeadlineDates, obligationName } from "./obligations-section";

const REPORT_OBLIGATIONS: readonly string[] = ["yearly_report", "interim_report", "final_report", "committee_report"];

function List({ rows, today, empty }: { rows: DeadlineRow[]; today: string; empty: string }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="own-deadlines">
      {rows.map((r) => {
        const bucket = bucketOf(r.status, r.dueDate, today);
        return (
          <li key={r.id}>
            <strong>{formatDay(r.dueDate)}</strong> <BucketBadge bucket={bucket} />
            {bucket === "overdue" ? (
              <span className="muted"> {t("deadlines.lateBy", { days: formatInteger(daysInclusive(r.dueDate, today) - 1) })}</span>
            ) : null}
            <br />
            <Link to={`/projects/${r.projectId}#obligations`}>{r.shortName}</Link>: {obligationName(t, r)}
            <DeadlineDates status={r.status} submittedOn={r.submittedOn} decidedOn={r.decidedOn} />
            {REPORT_OBLIGATIONS.includes(r.kind) ? (
              <>
                {" "}
                {r.reportId ? (
                  r.status === "open" || r.status === "returned" ? (
                    <Link to={`/reports/${r.reportId}/edit`}>{t("report.continue")}</Link>
                  ) : (
                    <Link to={`/reports/${r.reportId}`}>{t("report.open")}</Link>
                  )
                ) : (
                  <Link to={`/deadlines/${r.id}/report`}>{t("report.start")}</Link>
                )}
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function OwnDeadlines(p: { organisation: string; open: DeadlineRow[]; returned: DeadlineRow[]; submitted: DeadlineRow[]; today: string }) {
  const t = useT();
  return (
    <section aria-labelledby="own-deadlines" className="card own">
      <h2 id="own-deadlines">{t("own.title", { name: p.organisation })}</h2>
      <div className="own-grid">
        <div>
          <h3>{t("own.due")}</h3>
          <List rows={p.open} today={p.today} empty={t("own.none")} />
        </div>
        <div>
          <h3>{t("own.returned")}</h3>
          <List rows={p.returned} today={p.today} empty={t("own.none")} />
        </div>
        <div>
          <h3>{t("own.submitted")}</h3>
          <List rows={p.submitted} today={p.today} empty={t("own.none")} />
        </div>
      </div>
      <p>
        <Link to="/deadlines?bucket=all">{t("own.all")}</Link>
      </p>
    </section>
  );
}
