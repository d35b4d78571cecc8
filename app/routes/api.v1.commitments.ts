/**
 * GET /api/v1/commitments[?from=YYYY&to=YYYY][&page=N&limit=N]: the city's co-financing commitments per
 * calendar year over every project's current plan, confirmed and conditional apart, in total,
 * per unit and per project. Years between the first and last shown are filled with zeroes.
 * Projects come a page at a time (?page=N&limit=N, 50 by default, at most 200); the totals and
 * units cover every project. A bad year, a reversed range, a bad page or limit, or a page beyond
 * the last is a 400 naming the parameter, in the request's language.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { cityCommitmentsByYear } from "~/models/commitment.server";
import { fillYears, type CommitmentYearTotals } from "~/domain/plan";
import { displayYears, parseYearRange } from "~/domain/year-range";
import { assertPageExists, throwFirstProblem, withQueryErrors, yearRangeError } from "~/utils/api.server";
import { apiPaging } from "~/utils/portfolio-query.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  return withQueryErrors(request, async () => {
    const p = new URL(request.url).searchParams;
    const range = parseYearRange(p.get("from"), p.get("to"));
    if (range.problems[0]) throw yearRangeError(range.problems[0]);
    const { paging, problems } = apiPaging(p);
    throwFirstProblem(problems);
    const c = await cityCommitmentsByYear(getDb(), viewer, { from: range.from, to: range.to }, paging);
    assertPageExists(paging.page, c.page);
    const years = displayYears(c.years, range);
    const fill = (rows: readonly CommitmentYearTotals[]) => (years.length === 0 ? [] : fillYears(rows, years[0]!, years[years.length - 1]!));
    return json({
      from: range.from,
      to: range.to,
      years,
      total: fill(c.total),
      page: c.page.page,
      limit: c.page.size,
      pageCount: c.page.pageCount,
      projectCount: c.page.total,
      units: c.units.map((u) => ({ organisationId: u.organisationId, name: u.name, years: fill(u.years) })),
      projects: c.projects.map((pr) => ({ projectId: pr.projectId, name: pr.name, shortName: pr.shortName, years: fill(pr.years) })),
    });
  });
}
