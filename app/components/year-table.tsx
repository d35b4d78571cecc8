/** A table with calendar years as columns and a total column; figures with cents, aligned. */
import { formatMoney } from "~/domain/money";
import { TableRegion } from "~/components/table-region";

export interface YearRow {
  label: React.ReactNode;
  values: Record<number, number>;
  total?: number;
  strong?: boolean;
  className?: string;
}

export function YearTable({
  caption,
  years,
  rows,
  totalLabel,
  rowHeader,
  id,
}: {
  caption: string;
  years: number[];
  rows: YearRow[];
  totalLabel: string;
  rowHeader: string;
  id?: string;
}) {
  return (
    <TableRegion label={caption}>
      <table className="data years" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {years.map((y) => (
              <th scope="col" className="num" key={y}>
                {y}
              </th>
            ))}
            <th scope="col" className="num">
              {totalLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={[r.strong ? "strong" : "", r.className ?? ""].join(" ").trim() || undefined}>
              <th scope="row">{r.label}</th>
              {years.map((y) => (
                <td className="num" key={y} data-year={y}>
                  {formatMoney(r.values[y] ?? 0, { cents: "always" })}
                </td>
              ))}
              <td className="num">{formatMoney(r.total ?? years.reduce((a, y) => a + (r.values[y] ?? 0), 0), { cents: "always" })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function toYearMap(list: readonly { year: number; amountCents: number }[]): Record<number, number> {
  return Object.fromEntries(list.map((y) => [y.year, y.amountCents]));
}
