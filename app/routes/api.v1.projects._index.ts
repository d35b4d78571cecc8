/**
 * GET /api/v1/projects[?status=&unit=&year=&q=&sort=&dir=]: every project with its current
 * plan's key figures (the portfolio's rows), filtered like the portfolio page. Integer cents,
 * days as YYYY-MM-DD. A bad filter is a 400 naming the parameter, in the request's language.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { listPortfolio } from "~/models/project.server";
import { portfolioFiltersOf, withQueryErrors } from "~/utils/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  return withQueryErrors(request, async () => {
    const filters = portfolioFiltersOf(new URL(request.url).searchParams);
    const { rows, year } = await listPortfolio(getDb(), viewer, filters);
    return json({
      year,
      filters: { status: filters.status, unit: filters.unitId, year: filters.year, q: filters.q, sort: filters.sort, dir: filters.dir },
      count: rows.length,
      projects: rows.map((r) => ({ ...r, url: `/api/v1/projects/${r.id}` })),
    });
  });
}
