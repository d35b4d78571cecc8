/**
 * The deadline view: reports and payment applications across the portfolio, 50 to a page by
 * due date, with the count in each standing beside them; filters in the URL.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can } from "~/domain/permissions";
import { listDeadlines, responsiblePeople } from "~/models/deadline.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { deadlineQuery } from "~/utils/portfolio-query.server";
import { bucketOf, DEADLINE_BUCKETS, OBLIGATION_KINDS } from "~/domain/obligations";
import { daysInclusive, formatDay } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import { todayInHelsinki } from "~/utils/clock.server";
import { Pagination } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { FilterSelect } from "~/components/filter-select";
import { BucketBadge, DeadlineDates, obligationName } from "~/components/obligations-section";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DownloadLinks } from "~/components/download-links";
import { useT } from "~/i18n/react";
import { getTranslator } from "~/utils/i18n.server";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const choices = await portfolioFilterChoices(db);
  const people = await responsiblePeople(db);
  const { filters, paging, problems } = deadlineQuery(
    new URL(request.url).searchParams,
    { ...choices.ids, responsibleIds: new Set(people.map((p) => p.id)) },
    "page",
  );
  const today = todayInHelsinki();
  const list = await listDeadlines(db, viewer, filters, paging, today);
  const t = await getTranslator(request);
  const orgFilters = can(viewer, "organisation:read");
  return json({
    ...list,
    filters,
    units: orgFilters ? choices.units : [],
    implementer: filters.organisationId ? (choices.implementers.find((o) => o.id === filters.organisationId) ?? null) : null,
    people: orgFilters ? people : [],
    canWrite: can(viewer, "project:write"),
    problems: Object.fromEntries(problems.map((p) => [p.parameter, t(p.key, p.params)])) as Record<string, string>,
    // A filtered view says its standing in its title.
    title: !new URL(request.url).searchParams.get("bucket")
      ? t("deadlines.title")
      : filters.bucket === "open"
        ? `${t("deadlines.filter.allOpen")} – ${t("deadlines.title")}`
        : filters.bucket
          ? `${t(`bucket.${filters.bucket}`)} – ${t("deadlines.title")}`
          : t("deadlines.title"),
  });
}

/** The query string without the implementer (and without the page: the list changes). */
function withoutOrg(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.delete("org");
  next.delete("page");
  return next.toString();
}

/** The spreadsheet of the view as filtered (every page of it): the same query without the page. */
export default function Deadlines() {
  const { rows, counts, page, today, filters, units, implementer, people, canWrite, problems } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const hrefFor = (bucket: string) => {
    const next = new URLSearchParams(params);
    next.set("bucket", bucket);
    next.delete("page");
    return `?${next.toString()}`;
  };
  const distance = (due: string) => {
    if (due === today) return t("deadlines.today");
    return due < today
      ? t("deadlines.daysLate", { days: formatInteger(daysInclusive(due, today) - 1) })
      : t("deadlines.daysLeft", { days: formatInteger(daysInclusive(today, due) - 1) });
  };
  return (
    <>
      <h1>{t("deadlines.title")}</h1>
      <p className="lead">{t("deadlines.intro", { todayDay: today })}</p>
      <nav aria-label={t("deadlines.counts")}>
        <ul className="bucket-counts">
          {DEADLINE_BUCKETS.map((b) => (
            <li key={b}>
              <Link to={hrefFor(b)} aria-current={filters.bucket === b ? "true" : undefined} className={`bucket-link bucket-${b}`}>
                {t(`bucket.${b}`)}: <strong>{formatInteger(counts[b])}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" role="search">
        <FilterSelect
          name="bucket"
          label={t("deadlines.filter.bucket")}
          value={filters.bucket ?? "all"}
          options={[
            { value: "open", label: t("deadlines.filter.allOpen") },
            { value: "all", label: t("deadlines.filter.all") },
            ...DEADLINE_BUCKETS.map((b) => ({ value: b, label: t(`bucket.${b}`) })),
          ]}
          problem={problems.bucket}
        />
        <FilterSelect
          name="kind"
          label={t("deadlines.filter.kind")}
          value={filters.kind}
          allLabel={t("deadlines.filter.anyKind")}
          options={OBLIGATION_KINDS.map((k) => ({ value: k, label: t(`obligationKind.${k}`) }))}
          problem={problems.kind}
        />
        {units.length > 0 ? (
          <FilterSelect
            name="unit"
            label={t("deadlines.filter.unit")}
            value={filters.unitId}
            allLabel={t("deadlines.filter.any")}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            problem={problems.unit}
          />
        ) : null}
        {implementer ? (
          <div className="field">
            <span className="label">{t("deadlines.filter.organisation")}</span>
            <span>
              {implementer.name} <Link to={`?${withoutOrg(params)}`}>{t("portfolio.filter.organisation.clear")}</Link>
            </span>
            <input type="hidden" name="org" value={implementer.id} />
          </div>
        ) : null}
        {problems.org ? <p className="field-error">{problems.org}</p> : null}
        {people.length > 0 ? (
          <FilterSelect
            name="responsible"
            label={t("deadlines.filter.responsible")}
            value={filters.responsibleUserId}
            allLabel={t("deadlines.filter.any")}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
            problem={problems.responsible}
          />
        ) : null}
        <div className="filter-actions">
          <button type="submit">{t("deadlines.filter.apply")}</button>
          <Link to="/deadlines">{t("common.clear")}</Link>
        </div>
      </Form>
      <p aria-live="polite" className="muted">
        {page.total === 1 ? t("deadlines.count.one") : t("deadlines.count", { count: formatInteger(page.total) })}
        {page.pageCount > 1 ? ` · ${t("paging.status", { page: formatInteger(page.page), pageCount: formatInteger(page.pageCount) })}` : ""}
      </p>
      {page.total > 0 ? <DownloadLinks path="/exports/deadlines" query={params} testId="deadline-downloads" /> : null}
      {rows.length === 0 ? (
        <p>{t("deadlines.empty")}</p>
      ) : (
        <DataTable
          caption={t("deadlines.title")}
          className="deadlines"
          columns={[
            { label: t("deadlines.col.due") },
            { label: t("deadlines.col.status") },
            { label: t("deadlines.col.project") },
            { label: t("deadlines.col.kind") },
            { label: t("deadlines.col.responsible") },
          ]}
        >
          <tbody>
            {rows.map((r) => {
              const bucket = bucketOf(r.status, r.dueDate, today);
              return (
                <tr key={r.id} data-bucket={bucket}>
                  <td>
                    {canWrite ? <Link to={`/deadlines/${r.id}`}>{formatDay(r.dueDate)}</Link> : formatDay(r.dueDate)}
                    {r.status === "open" ? <span className="sub">{distance(r.dueDate)}</span> : null}
                  </td>
                  <td>
                    <BucketBadge bucket={bucket} />
                    <DeadlineDates status={r.status} submittedOn={r.submittedOn} decidedOn={r.decidedOn} />
                  </td>
                  <th scope="row">
                    <Link to={`/projects/${r.projectId}#obligations`}>{r.shortName}</Link>
                    <span className="sub nowrap">{r.caseNumber}</span>
                  </th>
                  <td>
                    {obligationName(t, r)}
                    {r.periodStart && r.periodEnd ? (
                      <span className="sub">
                        {formatDay(r.periodStart)}–{formatDay(r.periodEnd)}
                      </span>
                    ) : null}
                  </td>
                  <td>{r.responsibleName ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      <Pagination page={page} label={t("deadlines.title")} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
