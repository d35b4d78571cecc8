/** The project page's reporting obligations: each rule, and its deadlines with where they stand today. */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import type { Translate } from "~/i18n";
import { daysInclusive, formatDay } from "~/domain/days";
import type { DeadlineBucket, ObligationKind } from "~/domain/obligations";
import type { ObligationView } from "~/models/obligation.server";
import { DataTable } from "./data-table";

/** An obligation with its deadlines as the project page's loader gives it (app/models/obligation.server.ts). */
export type ObligationRow = ObligationView;

export function obligationName(t: Translate, o: { kind: ObligationKind; title: string }): string {
  return o.title || t(`obligationKind.${o.kind}`);
}

export function ruleText(t: Translate, o: Pick<ObligationRow, "kind" | "daysAfter" | "timesPerYear" | "everyMonths" | "dueDate">): string {
  switch (o.kind) {
    case "yearly_report":
      return t("obligation.rule.yearly_report", { days: o.daysAfter });
    case "committee_report":
      return t("obligation.rule.committee_report", { times: o.timesPerYear ?? "", days: o.daysAfter });
    case "payment_application":
      return t("obligation.rule.payment_application", { months: o.everyMonths ?? "", days: o.daysAfter });
    case "final_report":
      return t("obligation.rule.final_report", { days: o.daysAfter });
    default:
      return t(`obligation.rule.${o.kind}`, { dueDay: o.dueDate ?? "" });
  }
}

/** The dates beside a deadline's standing: when it was decided (and submitted), or submitted. */
export function DeadlineDates({ status, submittedOn, decidedOn }: { status: string; submittedOn: string | null; decidedOn: string | null }) {
  const t = useT();
  if ((status === "accepted" || status === "returned") && decidedOn)
    return (
      <span className="sub">
        {formatDay(decidedOn)}
        {submittedOn ? ` (${t("deadlines.submittedThen", { submittedDay: submittedOn })})` : ""}
      </span>
    );
  if (submittedOn) return <span className="sub">{formatDay(submittedOn)}</span>;
  return null;
}

export function BucketBadge({ bucket }: { bucket: DeadlineBucket }) {
  const t = useT();
  return <span className={`badge bucket-${bucket}`}>{t(`bucket.${bucket}`)}</span>;
}

const REPORT_OBLIGATIONS: readonly string[] = ["yearly_report", "interim_report", "final_report", "committee_report"];

export function ObligationsSection({
  projectId,
  rows,
  canWrite,
  today,
  reportOf = {},
  canReport = false,
}: {
  projectId: number;
  rows: ObligationRow[];
  canWrite: boolean;
  today: string;
  /** The report of each deadline that has one (deadline id → report id). */
  reportOf?: Record<number, number>;
  /** The viewer may fill in reports (a manager, or the grantee's representative). */
  canReport?: boolean;
}) {
  const t = useT();
  const all = rows.flatMap((o) => o.deadlines);
  const overdue = all.filter((d) => d.bucket === "overdue").length;
  const dueSoon = all.filter((d) => d.bucket === "dueSoon").length;
  return (
    <section aria-labelledby="obligations">
      <h2 id="obligations">{t("obligations.title")}</h2>
      {rows.length === 0 ? (
        <p>{t("obligations.none")}</p>
      ) : (
        <>
          {overdue + dueSoon > 0 ? (
            <p>
              {overdue > 0 ? <span className="badge bucket-overdue">{t("obligations.overdueCount", { count: overdue })}</span> : null}{" "}
              {dueSoon > 0 ? <span className="badge bucket-dueSoon">{t("obligations.dueSoonCount", { count: dueSoon })}</span> : null}
            </p>
          ) : null}
          {rows.map((o) => (
            <div key={o.id} className="obligation" data-obligation={o.kind}>
              <h3>
                {obligationName(t, o)} <span className="muted">– {ruleText(t, o)}</span>
              </h3>
              <p className="muted">
                {o.responsibleName ?? t("obligation.responsibleNone")}
                {o.reminderDays ? ` · ${t("obligation.reminders", { days: o.reminderDays.replace(/,/g, ", ") })}` : ""}
                {canWrite ? (
                  <>
                    {" · "}
                    <Link to={`/projects/${projectId}/obligations/${o.id}`} aria-label={`${t("common.edit")}: ${obligationName(t, o)}`}>
                      {t("common.edit")}
                    </Link>
                  </>
                ) : null}
              </p>
              <DataTable
                label={obligationName(t, o)}
                columns={[{ label: t("deadlines.col.due") }, { label: t("deadlines.col.period") }, { label: t("deadlines.col.status") }]}
              >
                <tbody>
                  {o.deadlines.map((d) => (
                    <tr key={d.id} data-bucket={d.bucket}>
                      <td>{canWrite ? <Link to={`/deadlines/${d.id}`}>{formatDay(d.dueDate)}</Link> : formatDay(d.dueDate)}</td>
                      <td>{d.periodStart && d.periodEnd ? `${formatDay(d.periodStart)}–${formatDay(d.periodEnd)}` : "–"}</td>
                      <td>
                        <BucketBadge bucket={d.bucket} />
                        {d.bucket === "overdue" ? <span className="sub">{t("deadlines.lateBy", { days: daysInclusive(d.dueDate, today) - 1 })}</span> : null}
                        <DeadlineDates status={d.status} submittedOn={d.submittedOn} decidedOn={d.decidedOn} />
                        {reportOf[d.id] ? (
                          <span className="sub">
                            <Link to={`/reports/${reportOf[d.id]}`}>{t("report.open")}</Link>
                          </span>
                        ) : canReport && REPORT_OBLIGATIONS.includes(o.kind) && d.status === "open" ? (
                          <span className="sub">
                            <Link to={`/deadlines/${d.id}/report`}>{t("report.start")}</Link>
                          </span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            </div>
          ))}
        </>
      )}
      {canWrite ? (
        <p>
          <Link className="button" to={`/projects/${projectId}/obligations/new`}>
            {t("obligations.add")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
