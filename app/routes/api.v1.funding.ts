/**
 * GET /api/v1/funding?from=YYYY&to=YYYY[&unit=ID][&status=STATUS][&page=N&limit=N]: the portfolio's financing
 * per calendar year by source over the projects' current plans, the city's money, the EU/state
 * parts of the public funding, and the leverage (cents of ESR/public funding per euro of the
 * city's money) overall, per year and per project (a page of projects at a time, 50 by default,
 * at most 200; the totals cover every page). Integer cents throughout. A bad parameter, or a
 * page beyond the last, is a 400 with a message in the request's language.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { assertPageExists, QueryParamError, throwFirstProblem, withQueryErrors, yearRangeError } from "~/utils/api.server";
import { portfolioFunding } from "~/models/funding.server";
import { cityOrganisationIds } from "~/models/organisation.server";
import { leverageOf, type FundingAmounts } from "~/domain/funding";
import { parseYearRange } from "~/domain/year-range";
import { apiPaging } from "~/utils/portfolio-query.server";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";

const amounts = (a: FundingAmounts) => ({
  financing: a.financing,
  totalCents: a.totalCents,
  cityCents: a.cityCents,
  euCents: a.euCents,
  stateCents: a.stateCents,
  leverageCentsPerEuro: leverageOf(a),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  return withQueryErrors(request, async () => {
    const p = new URL(request.url).searchParams;
    const range = parseYearRange(p.get("from"), p.get("to"));
    if (range.problems[0]) throw yearRangeError(range.problems[0]);
    const db = getDb();
    const rawUnit = (p.get("unit") ?? "").trim();
    let unitId: number | null = null;
    if (rawUnit !== "") {
      if (!/^\d{1,12}$/.test(rawUnit)) throw new QueryParamError("unit", "api.error.id", { parameter: "unit", value: rawUnit.slice(0, 40) });
      unitId = Number(rawUnit);
      if (!(await cityOrganisationIds(db)).has(unitId)) throw new QueryParamError("unit", "funding.error.unitUnknown", { value: unitId });
    }
    const rawStatus = (p.get("status") ?? "").trim();
    let status: ProjectStatus | null = null;
    if (rawStatus !== "") {
      if (!PROJECT_STATUSES.includes(rawStatus as ProjectStatus)) {
        throw new QueryParamError("status", "api.error.choice", { parameter: "status", value: rawStatus.slice(0, 40), allowed: PROJECT_STATUSES.join(", ") });
      }
      status = rawStatus as ProjectStatus;
    }

    const { paging, problems } = apiPaging(p);
    throwFirstProblem(problems);
    const f = await portfolioFunding(db, viewer, { from: range.from, to: range.to, unitId, status }, paging);
    assertPageExists(paging.page, f.page);
    return json({
      from: range.from,
      to: range.to,
      unitId,
      status,
      page: f.page.page,
      limit: f.page.size,
      pageCount: f.page.pageCount,
      projectCount: f.page.total,
      commitmentCents: f.commitmentCents,
      years: f.years.map((y) => ({ year: y.year, ...amounts(y) })),
      total: amounts(f.total),
      leverage: {
        esrCents: f.total.financing.esr,
        cityCents: f.total.cityCents,
        centsPerCityEuro: f.leverageCentsPerEuro,
        projects: f.projects.map((pr) => ({
          projectId: pr.projectId,
          shortName: pr.shortName,
          esrCents: pr.total.financing.esr,
          cityCents: pr.total.cityCents,
          centsPerCityEuro: pr.leverageCentsPerEuro,
        })),
      },
      projects: f.projects.map((pr) => ({
        projectId: pr.projectId,
        name: pr.name,
        shortName: pr.shortName,
        status: pr.status,
        ...amounts(pr.total),
        years: pr.years.map((y) => ({ year: y.year, ...amounts(y) })),
      })),
    });
  });
}
