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
import { assertPageExists, throwFirstProblem, withQueryErrors } from "~/utils/api.server";
import { portfolioFunding } from "~/models/funding.server";
import { cityOrganisationIds } from "~/models/organisation.server";
import { leverageOf, type FundingAmounts } from "~/domain/funding";
import { fundingQuery } from "~/utils/portfolio-query.server";

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
    const db = getDb();
    const { filters, paging, problems } = fundingQuery(p, await cityOrganisationIds(db), "api");
    throwFirstProblem(problems);
    const { from, to, unitId, status } = filters;
    const f = await portfolioFunding(db, viewer, filters, paging);
    assertPageExists(paging.page, f.page);
    return json({
      from,
      to,
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
