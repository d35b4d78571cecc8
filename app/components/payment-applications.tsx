/**
 * The project page's section on payment applications to the funder: the applications by period
 * and their sum against the plan's ESR funding (applied, approved, still to apply). The page's
 * loader passes `await paymentSummary(db, projectId)` (app/models/payment.server.ts).
 */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { formatDay, formatPeriod } from "~/domain/days";
import type { PaymentSummary } from "~/models/payment.server";
import { DataTable } from "./data-table";
import { Money, Period } from "./format";

export interface PaymentApplicationsProps {
  projectId: number;
  /** A manager: shows the add and edit links. */
  canWrite: boolean;
  summary: PaymentSummary;
}

export function PaymentApplications({ projectId, canWrite, summary }: PaymentApplicationsProps) {
  const t = useT();
  const s = summary;
  return (
    <section aria-labelledby="payments">
      <h2 id="payments">{t("payment.title")}</h2>
      <p className="muted">{t("payment.intro")}</p>
      <ul className="summary-figures" id="payment-summary" aria-label={t("payment.summary")}>
        <li>
          <span className="label">{t("payment.planEsr")}</span>
          <span className="figure">
            <Money cents={s.planEsrCents} always />
          </span>
        </li>
        <li>
          <span className="label">{t("payment.applied")}</span>
          <span className="figure">
            <Money cents={s.appliedCents} always />
          </span>
        </li>
        <li>
          <span className="label">{t("payment.approved")}</span>
          <span className="figure">
            <Money cents={s.approvedCents} always />
          </span>
        </li>
        <li>
          <span className="label">{t("payment.stillToApply")}</span>
          <span className="figure">
            <Money cents={s.stillToApplyCents} always />
          </span>
        </li>
      </ul>
      <p className="muted">{t("payment.summary.rule")}</p>
      {s.applications.length === 0 ? (
        <p>{t("payment.empty")}</p>
      ) : (
        <DataTable
          id="payment-applications"
          caption={t("payment.table")}
          columns={[
            { label: t("payment.col.period") },
            { label: t("payment.col.submitted") },
            { label: t("payment.col.applied"), numeric: true },
            { label: t("payment.col.decided") },
            { label: t("payment.col.approved"), numeric: true },
            { label: t("payment.col.status") },
            ...(canWrite ? [{ label: <span className="visually-hidden">{t("payment.col.actions")}</span> }] : []),
          ]}
        >
          <tbody>
            {s.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <Period start={a.periodStart} end={a.periodEnd} />
                </td>
                <td>{a.submittedOn ? formatDay(a.submittedOn) : "–"}</td>
                <td className="num">
                  <Money cents={a.amountAppliedCents} always />
                </td>
                <td>{a.decidedOn ? formatDay(a.decidedOn) : "–"}</td>
                <td className="num">{a.amountApprovedCents !== null ? <Money cents={a.amountApprovedCents} always /> : "–"}</td>
                <td>
                  <span className={`badge payment-${a.status}`}>{t(`payment.status.${a.status}`)}</span>
                  {a.note ? <span className="sub">{a.note}</span> : null}
                </td>
                {canWrite ? (
                  <td>
                    <Link
                      to={`/projects/${projectId}/payments/${a.id}`}
                      aria-label={t("payment.editLabel", { period: formatPeriod(a.periodStart, a.periodEnd) })}
                    >
                      {t("common.edit")}
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canWrite ? (
        <p className="actions">
          <Link className="button" to={`/projects/${projectId}/payments/new`}>
            {t("payment.add")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
