/**
 * The portfolio's funding view: for each calendar year the totals by financing source over the
 * projects' current plans (all, a city unit's, or one status's), the city's own money and the
 * leverage (ESR/public funding per euro of the city's money), per year, per project and
 * overall, with a stacked bar chart. Filters are a plain GET form.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { portfolioFunding } from "~/models/funding.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { fundingQuery } from "~/utils/portfolio-query.server";
import { emptyFunding, formatLeverage, type FundingAmounts } from "~/domain/funding";
import { displayYears } from "~/domain/year-range";
import { formatInteger, formatMoney } from "~/domain/money";
import { Pagination } from "~/components/pagination";
import { FINANCING_KINDS, PROJECT_STATUSES, type FinancingKind } from "~/domain/vocabulary";
import { StackedBarChart } from "~/components/stacked-bar-chart";
import { YearRangeFields } from "~/components/year-range-fields";
import { StatusBadge } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { TableRegion } from "~/components/table-region";
import { DataTable } from "~/components/data-table";
import { pageMeta } from "~/utils/meta";
import { nameBesideShort } from "~/domain/names";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const units = (await portfolioFilterChoices(db)).units;
  const { filters, rangeProblems, raw, paging, problems } = fundingQuery(new URL(request.url).searchParams, new Set(units.map((u) => u.id)), "page");
  const funding = await portfolioFunding(db, viewer, filters, paging);
  const years = displayYears(
    funding.years.map((y) => y.year),
    { from: filters.from, to: filters.to },
  );
  const t = await getTranslator(request);
  return json({
    funding,
    years,
    units,
    filters,
    raw,
    problems: rangeProblems,
    filterProblems: Object.fromEntries(problems.map((q) => [q.parameter, t(q.key, q.params)])) as Record<string, string>,
    title: `${t("funding.title")} – Hankevahti`,
  });
}

const money = (cents: number) => formatMoney(cents, { cents: "always" });

export default function FundingPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = d.funding;
  const byYear = new Map<number, FundingAmounts & { leverageCentsPerEuro: number | null }>(f.years.map((y) => [y.year, y]));
  const at = (year: number) => byYear.get(year) ?? { ...emptyFunding(), leverageCentsPerEuro: null };
  const chartKinds = FINANCING_KINDS.filter((k) => f.total.financing[k] > 0);
  const apiQuery = new URLSearchParams();
  if (d.filters.from !== null) apiQuery.set("from", String(d.filters.from));
  if (d.filters.to !== null) apiQuery.set("to", String(d.filters.to));
  if (d.filters.unitId !== null) apiQuery.set("unit", String(d.filters.unitId));
  if (d.filters.status !== null) apiQuery.set("status", d.filters.status);
  const apiHref = `/api/v1/funding${apiQuery.toString() ? `?${apiQuery.toString()}` : ""}`;

  const rows: { label: string; value: (a: FundingAmounts & { leverageCentsPerEuro: number | null }) => string; className?: string }[] = [
    ...FINANCING_KINDS.flatMap((k) => [
      { label: t(`financingKind.${k}`), value: (a: FundingAmounts) => money(a.financing[k]) },
      ...(k === "esr"
        ? [
            { label: t("plan.eu"), value: (a: FundingAmounts) => money(a.euCents), className: "part" },
            { label: t("plan.state"), value: (a: FundingAmounts) => money(a.stateCents), className: "part" },
          ]
        : []),
    ]),
    { label: t("funding.total"), value: (a) => money(a.totalCents), className: "strong" },
    { label: t("funding.city"), value: (a) => money(a.cityCents) },
    { label: `${t("funding.leverage")} (${t("funding.leverage.col")})`, value: (a) => formatLeverage(a.leverageCentsPerEuro) },
  ];

  return (
    <>
      <h1>{t("funding.title")}</h1>
      <p className="lead">{t("funding.intro")}</p>
      <Form method="get" className="filters range-filters" aria-label={t("funding.title")}>
        <YearRangeFields idPrefix="funding" raw={d.raw} problems={d.problems} fromLabel={t("funding.from")} toLabel={t("funding.to")} />
        <div className="field">
          <label htmlFor="funding-unit">{t("funding.filter.unit")}</label>
          <select
            id="funding-unit"
            name="unit"
            defaultValue={d.filters.unitId ?? ""}
            aria-invalid={d.filterProblems.unit ? true : undefined}
            aria-describedby={d.filterProblems.unit ? "funding-unit-error" : undefined}
          >
            <option value="">{t("funding.filter.unit.all")}</option>
            {d.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          {d.filterProblems.unit ? (
            <p className="field-error" id="funding-unit-error">
              {d.filterProblems.unit}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="funding-status">{t("funding.filter.status")}</label>
          <select
            id="funding-status"
            name="status"
            defaultValue={d.filters.status ?? ""}
            aria-invalid={d.filterProblems.status ? true : undefined}
            aria-describedby={d.filterProblems.status ? "funding-status-error" : undefined}
          >
            <option value="">{t("common.all")}</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          {d.filterProblems.status ? (
            <p className="field-error" id="funding-status-error">
              {d.filterProblems.status}
            </p>
          ) : null}
        </div>
        <div className="filter-actions">
          <button type="submit">{t("common.filter")}</button>
          <Link to="/funding">{t("common.clear")}</Link>
        </div>
      </Form>

      {d.years.length === 0 || f.projects.length === 0 ? (
        <p>{t("funding.empty")}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t("range.showing", { from: d.years[0], to: d.years[d.years.length - 1] })} · {t("funding.projectCount", { count: formatInteger(f.page.total) })}
          </p>
          <ul className="summary-figures">
            <li>
              <span className="label">{t("funding.total")}</span>
              <span className="figure">{formatMoney(f.total.totalCents)}</span>
            </li>
            <li>
              <span className="label">{t("financingKind.esr")}</span>
              <span className="figure">{formatMoney(f.total.financing.esr)}</span>
            </li>
            <li>
              <span className="label">{t("funding.city")}</span>
              <span className="figure">{formatMoney(f.total.cityCents)}</span>
              <span className="sub">{t("funding.city.definition")}</span>
            </li>
            <li>
              <span className="label">{t("funding.leverage")}</span>
              <span className="figure" id="funding-leverage">
                {formatLeverage(f.leverageCentsPerEuro)}
              </span>
            </li>
          </ul>
          <p>
            {f.leverageCentsPerEuro === null ? t("funding.leverage.none") : t("funding.leverage.summary", { leverage: formatLeverage(f.leverageCentsPerEuro) })}
          </p>
          <p id="funding-reconcile">
            {f.commitmentCents === f.total.cityCents
              ? t("funding.reconcile.same", { amount: formatMoney(f.commitmentCents) })
              : t("funding.reconcile", {
                  plan: formatMoney(f.total.cityCents),
                  commitments: formatMoney(f.commitmentCents),
                  difference: formatMoney(f.total.cityCents - f.commitmentCents),
                })}{" "}
            <Link to="/commitments">{t("funding.reconcile.link")}</Link>
          </p>

          <StackedBarChart
            title={t("funding.chart")}
            description={t("funding.chartDesc")}
            totalLabel={t("funding.chartTotal")}
            categories={d.years}
            series={chartKinds.map((k: FinancingKind) => ({
              key: k,
              label: t(`financingKind.${k}`),
              className: `series-${k}`,
              values: d.years.map((y) => at(y).financing[k]),
            }))}
          />

          <TableRegion label={t("funding.byYear")}>
            <table className="data years" id="funding-by-year">
              <caption>{t("funding.byYear")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("funding.source")}</th>
                  {d.years.map((y) => (
                    <th scope="col" className="num" key={y}>
                      {y}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t("common.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} className={r.className}>
                    <th scope="row">{r.label}</th>
                    {d.years.map((y) => (
                      <td className="num" key={y} data-year={y}>
                        {r.value(at(y))}
                      </td>
                    ))}
                    <td className="num" data-year="total">
                      {r.value({ ...f.total, leverageCentsPerEuro: f.leverageCentsPerEuro })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <p className="muted">
            {t("funding.city.hint")} {t("funding.leverage.explain")}
          </p>

          <DataTable
            id="funding-by-project"
            caption={t("funding.byProject")}
            className="wrap-head"
            columns={[
              { label: t("funding.project") },
              { label: t("funding.status") },
              { label: t("financingKind.esr"), numeric: true },
              { label: t("funding.city"), numeric: true },
              { label: t("funding.commitments"), numeric: true },
              { label: t("funding.total"), numeric: true },
              { label: t("funding.leverage"), numeric: true, sub: t("funding.leverage.col") },
            ]}
          >
            <tbody>
              {f.projects.map((p) => (
                <tr key={p.projectId} data-project={p.projectId}>
                  <th scope="row">
                    <Link to={`/projects/${p.projectId}`}>{p.shortName}</Link>
                    {nameBesideShort(p.shortName, p.name) ? <span className="sub">{nameBesideShort(p.shortName, p.name)}</span> : null}
                  </th>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="num">{money(p.total.financing.esr)}</td>
                  <td className="num">{money(p.total.cityCents)}</td>
                  <td className={p.commitmentCents !== p.total.cityCents ? "num differs" : "num"}>{money(p.commitmentCents)}</td>
                  <td className="num">{money(p.total.totalCents)}</td>
                  <td className="num">{formatLeverage(p.leverageCentsPerEuro)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {f.page.pageCount > 1 ? t("funding.totals.allPages", { count: formatInteger(f.page.total) }) : t("common.total")}
                </th>
                <td className="num">{money(f.total.financing.esr)}</td>
                <td className="num">{money(f.total.cityCents)}</td>
                <td className="num">{money(f.commitmentCents)}</td>
                <td className="num">{money(f.total.totalCents)}</td>
                <td className="num">{formatLeverage(f.leverageCentsPerEuro)}</td>
              </tr>
            </tfoot>
          </DataTable>
          <Pagination page={f.page} label={t("funding.byProject")} />
          <p>
            <a href={apiHref}>{t("funding.api")}</a>
          </p>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
