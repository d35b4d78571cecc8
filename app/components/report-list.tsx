/** A list of reports (the project page's, the previous ones beside a report under review). */
import { Link } from "@remix-run/react";
import { DataTable } from "./data-table";
import { Money } from "./format";
import { useT } from "~/i18n/react";
import { formatDay } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import type { ReportSummary } from "~/models/report.server";

import { reportStatusKey } from "./report-header";

export function ReportList({ rows, label }: { rows: ReportSummary[]; label: string }) {
  const t = useT();
  const n = (v: number | null) => (v === null ? "–" : formatInteger(v));
  return (
    <DataTable
      label={label}
      columns={[
        { label: t("report.col.report") },
        { label: t("report.col.period") },
        { label: t("report.col.status") },
        { label: t("report.col.reached"), numeric: true },
        { label: t("report.col.outcomes"), numeric: true },
        { label: t("report.col.costs"), numeric: true },
      ]}
    >
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-report-status={r.status}>
            <td>
              <Link to={`/reports/${r.id}`}>{t(`report.kind.${r.kind}`)}</Link>
            </td>
            <td>
              {r.periodStart && r.periodEnd
                ? `${formatDay(r.periodStart)}–${formatDay(r.periodEnd)}`
                : r.dueDate
                  ? t("report.due", { dueDay: r.dueDate })
                  : "–"}
            </td>
            <td>
              <span className={`badge report-${r.status}`}>{t(reportStatusKey(r.status, r.submissionCount))}</span>
            </td>
            <td className="num">{n(r.reachedTotal)}</td>
            <td className="num">{n(r.outcomes)}</td>
            <td className="num">
              <Money cents={r.costCents} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
