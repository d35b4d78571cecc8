/**
 * The project page's reports: the last accepted report's summary, every report with its state,
 * the realised figures per year from the accepted reports, and the refund of overpaid
 * co-financing where the accepted reports show one.
 */
import { Link } from "@remix-run/react";
import { DataTable } from "./data-table";
import { Money } from "./format";
import { ReportList } from "./report-list";
import { useT } from "~/i18n/react";
import { formatDay } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import type { ReportSummary } from "~/models/report.server";

export interface RealisedRow {
  year: number;
  cost_cents: number;
  esr_cents: number;
  city_cents: number;
  other_cents: number;
}

export interface RefundGlance {
  final: boolean;
  dueCents: number;
  paidCents: number;
  overpaidCents: number;
  claim: { status: "claimed" | "paid"; amountCents: number; claimedOn: string; paidOn: string | null } | null;
}

export function ReportsSection({
  projectId,
  reports,
  realised,
  refund,
}: {
  projectId: number;
  reports: ReportSummary[];
  realised: RealisedRow[];
  refund: RefundGlance | null;
}) {
  const t = useT();
  const last = reports.find((r) => r.status === "accepted");
  const n = (v: number | null) => (v === null ? "–" : formatInteger(v));
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">{t("report.list.title")}</h2>
      <p className="muted">{t("report.list.intro")}</p>
      <h3>{t("report.lastAccepted")}</h3>
      {last ? (
        <p data-testid="last-accepted">
          <Link to={`/reports/${last.id}`}>
            {t("report.lastAccepted.summary", {
              kind: t(`report.kind.${last.kind}`),
              period: last.periodStart && last.periodEnd ? `${formatDay(last.periodStart)}–${formatDay(last.periodEnd)}` : "",
              reached: n(last.reachedTotal),
              outcomes: n(last.outcomes),
              partners: n(last.partners),
              costCents: last.costCents,
            })}
          </Link>
        </p>
      ) : (
        <p className="muted">{t("report.lastAccepted.none")}</p>
      )}
      {reports.length === 0 ? <p className="muted">{t("report.list.empty")}</p> : <ReportList rows={reports} label={t("report.list.table")} />}

      {realised.length > 0 ? (
        <>
          <h3>{t("realised.title")}</h3>
          <p className="hint">{t("realised.intro")}</p>
          <DataTable
            label={t("realised.table")}
            columns={[
              { label: t("realised.col.year") },
              { label: t("realised.col.cost"), numeric: true },
              { label: t("realised.col.esr"), numeric: true },
              { label: t("realised.col.city"), numeric: true },
              { label: t("realised.col.other"), numeric: true },
            ]}
          >
            <tbody>
              {realised.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td className="num">
                    <Money cents={y.cost_cents} />
                  </td>
                  <td className="num">
                    <Money cents={y.esr_cents} />
                  </td>
                  <td className="num">
                    <Money cents={y.city_cents} />
                  </td>
                  <td className="num">
                    <Money cents={y.other_cents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      ) : null}

      {refund ? (
        <div className="refund-glance">
          <h3>{t("refund.title")}</h3>
          {!refund.final ? <p className="muted">{t("refund.preliminary")}</p> : null}
          <p>
            {t("refund.due")}: <Money cents={refund.dueCents} /> · {t("refund.paid")}: <Money cents={refund.paidCents} /> · {t("refund.overpaid")}:{" "}
            <strong>
              <Money cents={refund.overpaidCents} />
            </strong>
          </p>
          {refund.claim ? (
            <p>
              {refund.claim.status === "paid"
                ? t("refund.status.paid", { claimedDay: refund.claim.claimedOn, paidDay: refund.claim.paidOn ?? "", amountCents: refund.claim.amountCents })
                : t("refund.status.claimed", { claimedDay: refund.claim.claimedOn, amountCents: refund.claim.amountCents })}
            </p>
          ) : null}
          <p>
            <Link to={`/projects/${projectId}/refund`}>{t("refund.open")}</Link>
          </p>
        </div>
      ) : null}
    </section>
  );
}
