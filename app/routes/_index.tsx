/**
 * The portfolio: the projects with their current plan's figures, 50 to a page; filters,
 * sorting and the page in the URL (a link can be shared); totals over every page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can, projectScope } from "~/domain/permissions";
import { listPortfolio, type PortfolioSort } from "~/models/portfolio.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { portfolioQuery } from "~/utils/portfolio-query.server";
import { PROJECT_STATUSES } from "~/domain/vocabulary";
import { formatBasisPoints, formatInteger } from "~/domain/money";
import { PaceBadge } from "~/components/targets-section";
import { Money, Period, StatusBadge } from "~/components/format";
import { Pagination } from "~/components/pagination";
import { FilterSelect } from "~/components/filter-select";
import { OwnDeadlines } from "~/components/own-deadlines";
import { claimCounts } from "~/models/bonus.server";
import { listDeadlines } from "~/models/deadline.server";
import { todayInHelsinki } from "~/utils/clock.server";
import { DownloadLinks } from "~/components/download-links";
import { useT } from "~/i18n/react";
import { useCan } from "~/components/viewer";
import { getTranslator } from "~/utils/i18n.server";
import { TableRegion } from "~/components/table-region";
import { pageMeta } from "~/utils/meta";
import { nameBesideShort } from "~/domain/names";

/** Deadlines shown in each list of an organisation's own page (the rest on /deadlines). */
const OWN_ROWS = 8;

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const choices = await portfolioFilterChoices(db);
  const { filters, paging, problems } = portfolioQuery(new URL(request.url).searchParams, choices.ids, "page");
  const { rows, totals, page, year: thisYear } = await listPortfolio(db, viewer, filters, paging);
  const t = await getTranslator(request);
  const orgFilters = can(viewer, "organisation:read");
  // An association's representative sees its own organisation's projects: the page says so.
  const own =
    viewer.organisationId !== null ? await db.selectFrom("organisation").select("name").where("id", "=", viewer.organisationId).executeTakeFirst() : undefined;
  const intro = own ? t("portfolio.intro.organisation", { name: own.name }) : t("portfolio.intro");
  // An organisation's own page: what is due from it and when, what was returned to it, what it submitted.
  const today = todayInHelsinki();
  const ownDeadlines =
    own && projectScope(viewer).kind === "organisation"
      ? {
          organisation: own.name,
          open: (await listDeadlines(db, viewer, { bucket: "open" }, { size: OWN_ROWS }, today)).rows,
          returned: (await listDeadlines(db, viewer, { bucket: "returned" }, { size: OWN_ROWS }, today)).rows,
          submitted: (await listDeadlines(db, viewer, { bucket: "submitted" }, { size: OWN_ROWS }, today)).rows,
          today,
        }
      : null;
  // Bonus claims waiting for this person: an association's to answer, a manager's to review or pay.
  const claims = can(viewer, "bonus:file") || can(viewer, "bonus:review") ? await claimCounts(db, viewer, today) : null;
  const bonus = !claims
    ? null
    : can(viewer, "bonus:review")
      ? claims.review + claims.approved > 0
        ? { key: "bonus.home.manager" as const, review: claims.review, approved: claims.approved, to: "/bonus-claims" }
        : null
      : claims.infoRequested > 0
        ? { key: "bonus.home.association" as const, count: claims.infoRequested, to: "/bonus-claims?show=info_requested" }
        : null;
  return json({
    bonus,
    ownDeadlines,
    rows,
    totals,
    page,
    thisYear,
    units: orgFilters ? choices.units : [],
    funders: orgFilters ? choices.funders : [],
    // The implementer filter is reached from the organisations page (a select of every association would weigh more than the list).
    implementer: filters.organisationId ? (choices.implementers.find((o) => o.id === filters.organisationId) ?? null) : null,
    intro,
    filters,
    problems: Object.fromEntries(problems.map((p) => [p.parameter, t(p.key, p.params)])) as Record<string, string>,
    title: `${t("portfolio.title")} – Hankevahti`,
  });
}

/** The query string without one parameter (and without the page: the list changes). */
function withoutParam(params: URLSearchParams, name: string): string {
  const next = new URLSearchParams(params);
  next.delete(name);
  next.delete("page");
  return next.toString();
}

/** The spreadsheet of the list as filtered and sorted (every page of it): the same query without the page. */
export default function Portfolio() {
  const { rows, thisYear, units, funders, implementer, totals, filters, intro, page, problems, ownDeadlines, bonus } = useLoaderData<typeof loader>();
  // One format per money column: with cents in every row when any row (or the total) has cents.
  const withCents = (values: number[]) => values.some((c) => c % 100 !== 0);
  const cents = {
    total: withCents([totals.totalCents, ...rows.map((r) => r.totalCents)]),
    esr: withCents([totals.esrCents, ...rows.map((r) => r.esrCents)]),
    own: withCents([totals.ownCents, ...rows.map((r) => r.ownCents)]),
    city: withCents([totals.cityCents, ...rows.map((r) => r.cityCents)]),
    thisYear: withCents([totals.thisYearCents, ...rows.map((r) => r.thisYearCents)]),
  };
  const t = useT();
  const [params] = useSearchParams();
  const canWrite = useCan("project:write");
  const canAggregate = useCan("portfolio:aggregate");
  const years = Array.from({ length: 8 }, (_, i) => thisYear - 3 + i);

  function sortHref(col: PortfolioSort) {
    const next = new URLSearchParams(params);
    const dir = filters.sort === col && filters.dir === "asc" ? "desc" : "asc";
    next.set("sort", col);
    next.set("dir", dir);
    next.delete("page");
    return `?${next.toString()}`;
  }
  function Th({ col, children, numeric }: { col: PortfolioSort; children: React.ReactNode; numeric?: boolean }) {
    const active = filters.sort === col;
    return (
      <th scope="col" aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : undefined} className={numeric ? "num" : undefined}>
        <Link to={sortHref(col)} preventScrollReset>
          {children}
          <span aria-hidden="true">{active ? (filters.dir === "asc" ? " ▲" : " ▼") : ""}</span>
        </Link>
      </th>
    );
  }

  return (
    <>
      <div className="page-head">
        <h1>{t("portfolio.title")}</h1>
        {canWrite ? (
          <div className="actions">
            <Link to="/projects/import" className="button">
              {t("sheetImport.link")}
            </Link>{" "}
            <Link to="/projects/new" className="button primary">
              {t("nav.newProject")}
            </Link>
          </div>
        ) : null}
      </div>
      <p className="lead">{intro}</p>
      {ownDeadlines ? <OwnDeadlines {...ownDeadlines} /> : null}
      {bonus ? (
        <p className="notice" data-testid="bonus-notice">
          <Link to={bonus.to}>{t(bonus.key, bonus)}</Link>
        </p>
      ) : null}
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="filter-q">{t("portfolio.filter.search")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} />
        </div>
        <FilterSelect
          name="status"
          label={t("portfolio.filter.status")}
          value={filters.status}
          allLabel={t("common.all")}
          options={PROJECT_STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) }))}
          problem={problems.status}
        />
        {units.length > 0 ? (
          <FilterSelect
            name="unit"
            label={t("portfolio.filter.unit")}
            value={filters.unitId}
            allLabel={t("common.all")}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            problem={problems.unit}
          />
        ) : null}
        {implementer ? (
          <div className="field">
            <span className="label">{t("portfolio.filter.organisation")}</span>
            <span>
              {implementer.name} <Link to={`?${withoutParam(params, "org")}`}>{t("portfolio.filter.organisation.clear")}</Link>
            </span>
            <input type="hidden" name="org" value={implementer.id} />
          </div>
        ) : null}
        {problems.org ? <p className="field-error">{problems.org}</p> : null}
        {funders.length > 0 ? (
          <FilterSelect
            name="funder"
            label={t("portfolio.filter.funder")}
            value={filters.funderId}
            allLabel={t("common.all")}
            options={funders.map((u) => ({ value: u.id, label: u.name }))}
            problem={problems.funder}
          />
        ) : null}
        <FilterSelect
          name="year"
          label={t("portfolio.filter.year")}
          value={filters.year}
          allLabel={t("common.all")}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          problem={problems.year}
        />
        <FilterSelect
          name="pace"
          label={t("portfolio.filter.pace")}
          value={filters.pace}
          allLabel={t("portfolio.pace.any")}
          options={[{ value: "behind", label: t("portfolio.pace.behind") }]}
          problem={problems.pace}
        />
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <div className="filter-actions">
          <button type="submit">{t("common.filter")}</button>
          <Link to="/">{t("common.clear")}</Link>
        </div>
      </Form>
      <p aria-live="polite" className="muted">
        {t("portfolio.count", { count: formatInteger(totals.count) })}
        {page.pageCount > 1 ? ` · ${t("paging.status", { page: formatInteger(page.page), pageCount: formatInteger(page.pageCount) })}` : ""}
      </p>
      {problems.sort || problems.dir ? <p className="field-error">{problems.sort ?? problems.dir}</p> : null}
      {totals.count > 0 ? <DownloadLinks path="/exports/portfolio" query={params} testId="portfolio-downloads" /> : null}
      {rows.length === 0 ? (
        <p>{t("portfolio.empty")}</p>
      ) : (
        <TableRegion label={t("portfolio.title")}>
          <table className="data portfolio wrap-head">
            <thead>
              <tr>
                <Th col="name">{t("portfolio.col.project")}</Th>
                <Th col="status">{t("portfolio.col.status")}</Th>
                <Th col="start">{t("portfolio.col.period")}</Th>
                <Th col="total" numeric>
                  {t("portfolio.col.total")}
                </Th>
                <Th col="esr" numeric>
                  {t("portfolio.col.esr")}
                </Th>
                <Th col="own" numeric>
                  {t("portfolio.col.own")}
                </Th>
                <Th col="city" numeric>
                  {t("portfolio.col.city")}
                </Th>
                <Th col="thisYear" numeric>
                  {t("portfolio.col.thisYear", { year: thisYear })}
                </Th>
                <th scope="col">{t("portfolio.col.reach")}</th>
                <Th col="warnings" numeric>
                  {t("portfolio.col.warnings")}
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/projects/${r.id}`}>{r.shortName}</Link>
                    <span className="sub">{nameBesideShort(r.shortName, r.name) || r.leadName}</span>
                    <span className="sub">{r.caseNumber}</span>
                  </th>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    <Period start={r.start} end={r.end} />
                  </td>
                  <td className="num">
                    <Money cents={r.totalCents} always={cents.total} />
                  </td>
                  <td className="num">
                    <Money cents={r.esrCents} always={cents.esr} />
                  </td>
                  <td className="num">
                    <Money cents={r.ownCents} always={cents.own} />
                  </td>
                  <td className="num">
                    <Money cents={r.cityCents} always={cents.city} />
                    {r.cityConditionalCents > 0 ? <span className="sub">{t("commitment.conditional")}</span> : null}
                  </td>
                  <td className="num">
                    <Money cents={r.thisYearCents} always={cents.thisYear} />
                  </td>
                  <td className="reach">
                    {r.reach ? (
                      <>
                        {r.reach.target
                          ? t("portfolio.reachOf", { value: formatInteger(r.reach.value), target: formatInteger(r.reach.target) })
                          : formatInteger(r.reach.value)}
                        {r.reach.rateBp !== null ? <span className="sub">{formatBasisPoints(r.reach.rateBp)}</span> : null}
                        <span className="sub">
                          <PaceBadge verdict={r.reach.verdict} />
                        </span>
                        {r.outcome && r.outcome.rateBp !== null ? (
                          <span className="sub">{t("portfolio.outcomeOfReached", { rateBp: r.outcome.rateBp })}</span>
                        ) : null}
                      </>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td className="num">
                    {r.warningCount > 0 ? (
                      <Link to={`/projects/${r.id}#warnings`} className="warning-count" aria-label={t("portfolio.warningsCount", { count: r.warningCount })}>
                        {r.warningCount}
                      </Link>
                    ) : (
                      <span className="ok-count">0</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t(page.pageCount > 1 ? "portfolio.totals.allPages" : "portfolio.totals", { count: formatInteger(totals.count) })}
                </th>
                <td className="num">
                  <Money cents={totals.totalCents} always={cents.total} />
                </td>
                <td className="num">
                  <Money cents={totals.esrCents} always={cents.esr} />
                </td>
                <td className="num">
                  <Money cents={totals.ownCents} always={cents.own} />
                </td>
                <td className="num">
                  <Money cents={totals.cityCents} always={cents.city} />
                </td>
                <td className="num">
                  <Money cents={totals.thisYearCents} always={cents.thisYear} />
                </td>
                <td />
                <td className="num">{formatInteger(totals.warningCount)}</td>
              </tr>
            </tfoot>
          </table>
        </TableRegion>
      )}
      <Pagination page={page} label={t("portfolio.title")} />
      {rows.length > 0 ? (
        <p className="muted" id="city-definition">
          {/* The pages the definition refers to are the city-wide ones: only those who may open them read of them. */}
          {canAggregate ? (
            <>
              {t("portfolio.city.definition")} <Link to="/funding">{t("portfolio.city.reconcile")}</Link>
            </>
          ) : (
            t("portfolio.city.definitionShort")
          )}
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
