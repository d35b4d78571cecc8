/**
 * A stacked bar chart as plain server-rendered SVG (no chart library, no JavaScript needed):
 * one bar per category (a year), the series stacked from the bottom in the order given, a
 * value axis with round ticks, a legend, and an accessible name and description. The figures
 * must also be in a table on the page: the chart is never their only carrier.
 */
import { useId } from "react";
import { formatMoney } from "~/domain/money";

export interface ChartSeries {
  key: string;
  label: string;
  /** CSS class giving the series its fill (see app.css, `.chart-figure .series-*`). */
  className: string;
  /** One value per category, in the unit of `formatValue` (cents by default); negatives count as zero. */
  values: readonly number[];
}

export interface StackedBarChartProps {
  title: string;
  description: string;
  categories: readonly (string | number)[];
  series: readonly ChartSeries[];
  /** Formats values and axis ticks; fi-FI money from cents by default. */
  formatValue?: (value: number) => string;
  /** Label of a bar's total in the description. */
  totalLabel?: string;
  width?: number;
  height?: number;
  className?: string;
}

/**
 * Round axis ticks from 0 to at least `max`: steps of 1, 2, 2.5 or 5 times a power of ten,
 * about `target` of them, always whole units (cents) and never below 1.
 */
export function niceTicks(max: number, target = 5): { step: number; top: number; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { step: 1, top: 1, ticks: [0, 1] };
  const raw = max / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 && mag >= 10 ? 2.5 : norm <= 5 ? 5 : 10;
  const step = Math.max(1, Math.round(factor * mag));
  const count = Math.ceil(max / step);
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
  return { step, top: count * step, ticks };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function StackedBarChart({
  title,
  description,
  categories,
  series,
  formatValue = (v) => formatMoney(v),
  totalLabel,
  width = 720,
  height = 300,
  className,
}: StackedBarChartProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const value = (s: ChartSeries, i: number) => Math.max(0, s.values[i] ?? 0);
  const totals = categories.map((_, i) => series.reduce((a, s) => a + value(s, i), 0));
  const { top, ticks } = niceTicks(Math.max(0, ...totals));
  const tickLabels = ticks.map((t) => formatValue(t));

  const margin = { top: 22, right: 12, bottom: 30, left: Math.max(...tickLabels.map((l) => l.length), 1) * 7 + 14 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const y = (v: number) => margin.top + plotH * (1 - v / top);
  const slot = categories.length > 0 ? plotW / categories.length : plotW;
  const barW = Math.min(64, slot * 0.6);
  const totalText = totals.map((t) => formatValue(t));
  const showTotals = totalText.every((t) => t.length * 6.5 <= slot - 4);

  const summary = categories
    .map(
      (c, i) =>
        `${c}: ${series.map((s) => `${s.label} ${formatValue(value(s, i))}`).join(", ")}${totalLabel && series.length > 1 ? `; ${totalLabel} ${totalText[i]}` : ""}`,
    )
    .join(". ");

  return (
    <div className={`chart-figure ${className ?? ""}`.trim()}>
      <svg
        className="chart"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary ? `${description} ${summary}.` : description}</desc>
        <g className="axis axis-y">
          {ticks.map((t, i) => (
            <g key={t} className="tick" data-value={t}>
              <line className={t === 0 ? "baseline" : "grid"} x1={margin.left} x2={width - margin.right} y1={r1(y(t))} y2={r1(y(t))} />
              <text x={margin.left - 6} y={r1(y(t))} dy="0.32em" textAnchor="end">
                {tickLabels[i]}
              </text>
            </g>
          ))}
        </g>
        {categories.map((c, i) => {
          const x = r1(margin.left + slot * i + (slot - barW) / 2);
          let cum = 0;
          return (
            <g key={String(c)} className="bar" data-category={String(c)}>
              {series.map((s) => {
                const v = value(s, i);
                if (v === 0) return null;
                const y0 = y(cum);
                cum += v;
                const y1 = y(cum);
                return (
                  <rect
                    key={s.key}
                    className={`segment ${s.className}`}
                    data-series={s.key}
                    data-value={v}
                    x={x}
                    y={r1(y1)}
                    width={r1(barW)}
                    height={r1(y0 - y1)}
                  >
                    <title>{`${c} – ${s.label}: ${formatValue(v)}`}</title>
                  </rect>
                );
              })}
              {showTotals && totals[i]! > 0 ? (
                <text className="bar-total" x={r1(x + barW / 2)} y={r1(y(totals[i]!) - 5)} textAnchor="middle">
                  {totalText[i]}
                </text>
              ) : null}
              <text className="category" x={r1(margin.left + slot * i + slot / 2)} y={height - margin.bottom + 18} textAnchor="middle">
                {c}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key} data-series={s.key}>
            <svg className="chart-swatch" width="14" height="14" viewBox="0 0 14 14" focusable="false">
              <rect className={s.className} width="14" height="14" rx="2" />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
