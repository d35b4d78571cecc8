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
import { BucketBadge, DeadlineDates, obligationName } from "~/components/obligations-section";
import { GeneralErrorBoundary } from "~/components/error-boundary";
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
  const invalid = (name: string) => (problems[name] ? { "aria-invalid": true as const, "aria-describedby": `filter-${name}-error` } : {});
  const problem = (name: string) =>
    problems[name] ? (
      <p className="field-error" id={`filter-${name}-error`}>
        {problems[name]}
      </p>
    ) : null;
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
        <div className="field">
          <label htmlFor="filter-bucket">{t("deadlines.filter.bucket")}</label>
          <select id="filter-bucket" name="bucket" defaultValue={filters.bucket ?? "all"} {...invalid("bucket")}>
            <option value="open">{t("deadlines.filter.allOpen")}</option>
            <option value="all">{t("deadlines.filter.all")}</option>
            {DEADLINE_BUCKETS.map((b) => (
              <option key={b} value={b}>
                {t(`bucket.${b}`)}
              </option>
            ))}
          </select>
          {problem("bucket")}
        </div>
        <div className="field">
          <label htmlFor="filter-kind">{t("deadlines.filter.kind")}</label>
          <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ""} {...invalid("kind")}>
            <option value="">{t("deadlines.filter.anyKind")}</option>
            {OBLIGATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`obligationKind.${k}`)}
              </option>
            ))}
          </select>
          {problem("kind")}
        </div>
        {units.length > 0 ? (
          <div className="field">
            <label htmlFor="filter-unit">{t("deadlines.filter.unit")}</label>
            <select id="filter-unit" name="unit" defaultValue={filters.unitId ?? ""} {...invalid("unit")}>
              <option value="">{t("deadlines.filter.any")}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            {problem("unit")}
          </div>
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
        {problem("org")}
        {people.length > 0 ? (
          <div className="field">
            <label htmlFor="filter-responsible">{t("deadlines.filter.responsible")}</label>
            <select id="filter-responsible" name="responsible" defaultValue={filters.responsibleUserId ?? ""} {...invalid("responsible")}>
              <option value="">{t("deadlines.filter.any")}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {problem("responsible")}
          </div>
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
