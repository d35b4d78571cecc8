/**
 * The city's commitments by calendar year: confirmed and conditional apart, per unit, in total
 * and per project, with a stacked bar chart. The year range is a plain GET form (?from=&to=).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { cityCommitmentsByYear } from "~/models/commitment.server";
import { fillYears, type CommitmentYearTotals } from "~/domain/plan";
import { displayYears, parseYearRange } from "~/domain/year-range";
import { formatInteger, formatMoney } from "~/domain/money";
import { lenientPage } from "~/domain/paging";
import { Pagination } from "~/components/pagination";
import { StackedBarChart } from "~/components/stacked-bar-chart";
import { YearRangeFields } from "~/components/year-range-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DownloadLinks } from "~/components/download-links";
import { useT } from "~/i18n/react";
import { TableRegion } from "~/components/table-region";
import { pageMeta } from "~/utils/meta";
import { nameBesideShort } from "~/domain/names";

/** Three rows (confirmed, conditional, total) a project: 25 projects make a page as long as the other lists' 50 rows. */
const PROJECTS_PER_PAGE = 25;

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const p = new URL(request.url).searchParams;
  const raw = { from: (p.get("from") ?? "").slice(0, 40), to: (p.get("to") ?? "").slice(0, 40) };
  const range = parseYearRange(raw.from, raw.to);
  const commitments = await cityCommitmentsByYear(
    getDb(),
    viewer,
    { from: range.from, to: range.to },
    { page: lenientPage(p.get("page")), size: PROJECTS_PER_PAGE },
  );
  const years = displayYears(commitments.years, range);
  const t = await getTranslator(request);
  return json({
    ...commitments,
    years,
    range: { from: range.from, to: range.to },
    raw,
    problems: range.problems,
    title: `${t("commitments.title")} – Hankevahti`,
  });
}

function money(cents: number) {
  return formatMoney(cents, { cents: "always" });
}

/** Three rows (confirmed, conditional, total) under one row-group header. */
function GroupRows({ header, list, years, strong }: { header: React.ReactNode; list: readonly CommitmentYearTotals[]; years: number[]; strong?: boolean }) {
  const t = useT();
  const rows = years.length > 0 ? fillYears(list, years[0]!, years[years.length - 1]!) : [];
  const kinds = [
    { label: t("commitments.confirmed"), value: (r: CommitmentYearTotals) => r.confirmedCents, className: undefined },
    { label: t("commitments.conditional"), value: (r: CommitmentYearTotals) => r.conditionalCents, className: undefined },
    {
      label: t("cityCommitments.unitTotal"),
      value: (r: CommitmentYearTotals) => r.confirmedCents + r.conditionalCents,
      className: strong ? "strong" : "subtotal",
    },
  ];
  return (
    <tbody className="group">
      {kinds.map((k, i) => (
        <tr key={i} className={k.className}>
          {i === 0 ? (
            <th scope="rowgroup" rowSpan={3}>
              {header}
            </th>
          ) : null}
          <th scope="row">{k.label}</th>
          {rows.map((r) => (
            <td key={r.year} data-year={r.year}>
              {money(k.value(r))}
            </td>
          ))}
          <td data-year="total">{money(rows.reduce((a, r) => a + k.value(r), 0))}</td>
        </tr>
      ))}
    </tbody>
  );
}

function YearsTable({
  caption,
  headerLabel,
  years,
  children,
  id,
}: {
  caption: string;
  headerLabel: string;
  years: number[];
  children: React.ReactNode;
  id: string;
}) {
  const t = useT();
  return (
    <TableRegion label={caption}>
      <table className="data years" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{headerLabel}</th>
            <th scope="col">{t("cityCommitments.kind")}</th>
            {years.map((y) => (
              <th scope="col" className="num" key={y}>
                {y}
              </th>
            ))}
            <th scope="col" className="num">
              {t("common.total")}
            </th>
          </tr>
        </thead>
        {children}
      </table>
    </TableRegion>
  );
}

export default function CityCommitments() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const apiQuery = new URLSearchParams([
    ...(d.range.from !== null ? [["from", String(d.range.from)]] : []),
    ...(d.range.to !== null ? [["to", String(d.range.to)]] : []),
  ]).toString();
  const chartRows = d.years.length > 0 ? fillYears(d.total, d.years[0]!, d.years[d.years.length - 1]!) : [];

  return (
    <>
      <h1>{t("commitments.title")}</h1>
      <p className="lead">{t("commitments.intro")}</p>
      <Form method="get" className="filters range-filters" aria-label={t("commitments.title")}>
        <YearRangeFields idPrefix="commitments" raw={d.raw} problems={d.problems} fromLabel={t("commitments.from")} toLabel={t("commitments.to")} />
        <div className="filter-actions">
          <button type="submit">{t("common.filter")}</button>
          <Link to="/commitments">{t("common.clear")}</Link>
        </div>
      </Form>
      {d.years.length > 0 ? (
        <p className="muted" aria-live="polite">
          {t("range.showing", { from: d.years[0], to: d.years[d.years.length - 1] })}
        </p>
      ) : null}

      {d.years.length === 0 || d.units.length === 0 ? (
        <p>{t("commitments.empty")}</p>
      ) : (
        <>
          <StackedBarChart
            title={t("commitments.chart")}
            description={t("commitments.chartDesc")}
            totalLabel={t("cityCommitments.chartTotal")}
            categories={chartRows.map((r) => r.year)}
            series={[
              { key: "confirmed", label: t("commitments.confirmed"), className: "series-confirmed", values: chartRows.map((r) => r.confirmedCents) },
              { key: "conditional", label: t("commitments.conditional"), className: "series-conditional", values: chartRows.map((r) => r.conditionalCents) },
            ]}
          />

          <YearsTable id="commitments-by-unit" caption={t("cityCommitments.byUnit")} headerLabel={t("commitments.unit")} years={d.years}>
            {d.units.map((u) => (
              <GroupRows key={u.organisationId} header={u.name} list={u.years} years={d.years} />
            ))}
            <GroupRows header={t("cityCommitments.allUnits")} list={d.total} years={d.years} strong />
          </YearsTable>

          <YearsTable
            id="commitments-by-project"
            caption={
              d.page.pageCount > 1
                ? t("cityCommitments.byProject.paged", { count: formatInteger(d.page.total), page: d.page.page, pageCount: d.page.pageCount })
                : t("cityCommitments.byProject")
            }
            headerLabel={t("cityCommitments.project")}
            years={d.years}
          >
            {d.projects.map((p) => (
              <GroupRows
                key={p.projectId}
                header={
                  <>
                    <Link to={`/projects/${p.projectId}`}>{p.shortName}</Link>
                    {nameBesideShort(p.shortName, p.name) ? <span className="sub">{nameBesideShort(p.shortName, p.name)}</span> : null}
                  </>
                }
                list={p.years}
                years={d.years}
              />
            ))}
          </YearsTable>
          <Pagination page={d.page} label={t("cityCommitments.byProject")} />
          <p className="muted">{t("cityCommitments.failedNote")}</p>
          <DownloadLinks path="/exports/commitments" query={apiQuery} />
          <p>
            <a href={`/api/v1/commitments${apiQuery ? `?${apiQuery}` : ""}`}>{t("funding.api")}</a>
          </p>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
