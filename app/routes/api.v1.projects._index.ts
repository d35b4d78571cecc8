/**
 * GET /api/v1/projects[?status=&unit=&funder=&org=&year=&q=&sort=&dir=&page=&limit=]: the projects
 * with their current plan's key figures (the portfolio's rows), filtered and sorted like the
 * portfolio page, one page at a time (50 by default, at most 200), with the number of rows and
 * pages and the totals over every page. Integer cents, days as YYYY-MM-DD. A bad parameter, or
 * a page beyond the last, is a 400 naming the parameter, in the request's language.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { listPortfolio } from "~/models/portfolio.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { portfolioQuery } from "~/utils/portfolio-query.server";
import { assertPageExists, throwFirstProblem, withQueryErrors } from "~/utils/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  return withQueryErrors(request, async () => {
    const url = new URL(request.url);
    const db = getDb();
    const { filters, paging, problems } = portfolioQuery(url.searchParams, (await portfolioFilterChoices(db)).ids, "api");
    throwFirstProblem(problems);
    const { rows, totals, page, year } = await listPortfolio(db, viewer, filters, paging);
    assertPageExists(paging.page, page);
    const link = (n: number) => {
      const next = new URLSearchParams(url.searchParams);
      next.set("page", String(n));
      return `/api/v1/projects?${next.toString()}`;
    };
    return json({
      year,
      filters: {
        status: filters.status,
        unit: filters.unitId,
        funder: filters.funderId,
        org: filters.organisationId,
        year: filters.year,
        q: filters.q || null,
        sort: filters.sort,
        dir: filters.dir,
      },
      page: page.page,
      limit: page.size,
      pageCount: page.pageCount,
      count: page.total,
      totals,
      next: page.page < page.pageCount ? link(page.page + 1) : null,
      previous: page.page > 1 ? link(page.page - 1) : null,
      projects: rows.map((r) => ({ ...r, url: `/api/v1/projects/${r.id}` })),
    });
  });
}
