/**
 * GET /api/v1/funding?from=YYYY&to=YYYY[&unit=ID][&status=STATUS]: the portfolio's financing
 * per calendar year by source over the projects' current plans, the city's money, the EU/state
 * parts of the public funding, and the leverage (cents of ESR/public funding per euro of the
 * city's money) overall, per year and per project. Integer cents throughout. A bad parameter
 * is a 400 with a message in the request's language.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { getLang } from "~/utils/i18n.server";
import { translator, type MessageKey } from "~/i18n";
import type { Params } from "~/i18n/format";
import { portfolioFunding } from "~/models/funding.server";
import { cityOrganisationIds } from "~/models/organisation.server";
import { leverageOf, type FundingAmounts } from "~/domain/funding";
import { parseYearRange, type YearRangeProblem } from "~/domain/year-range";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";

function problemMessage(p: YearRangeProblem): { parameter: string; key: MessageKey; params: Params } {
  switch (p.code) {
    case "notYear":
      return { parameter: p.field, key: "api.error.year", params: { parameter: p.field, value: p.value } };
    case "outOfRange":
      return { parameter: p.field, key: "range.error.outOfRange", params: { value: p.value, min: p.min, max: p.max } };
    case "reversed":
      return { parameter: "from", key: "api.error.yearRange", params: { from: p.from, to: p.to } };
  }
}

const amounts = (a: FundingAmounts) => ({
  financing: a.financing,
  totalCents: a.totalCents,
  cityCents: a.cityCents,
  euCents: a.euCents,
  stateCents: a.stateCents,
  leverageCentsPerEuro: leverageOf(a),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const p = new URL(request.url).searchParams;
  const t = translator(await getLang(request));
  const fail = (parameter: string, key: MessageKey, params: Params) => json({ error: "bad_request", parameter, message: t(key, params) }, { status: 400 });

  const range = parseYearRange(p.get("from"), p.get("to"));
  const first = range.problems[0];
  if (first) {
    const m = problemMessage(first);
    return fail(m.parameter, m.key, m.params);
  }
  const db = getDb();
  const rawUnit = (p.get("unit") ?? "").trim();
  let unitId: number | null = null;
  if (rawUnit !== "") {
    if (!/^\d{1,12}$/.test(rawUnit)) return fail("unit", "api.error.id", { parameter: "unit", value: rawUnit.slice(0, 40) });
    unitId = Number(rawUnit);
    if (!(await cityOrganisationIds(db)).has(unitId)) return fail("unit", "funding.error.unitUnknown", { value: unitId });
  }
  const rawStatus = (p.get("status") ?? "").trim();
  let status: ProjectStatus | null = null;
  if (rawStatus !== "") {
    if (!PROJECT_STATUSES.includes(rawStatus as ProjectStatus)) return fail("status", "api.error.choice", { parameter: "status", value: rawStatus.slice(0, 40), allowed: PROJECT_STATUSES.join(", ") });
    status = rawStatus as ProjectStatus;
  }

  const f = await portfolioFunding(db, { from: range.from, to: range.to, unitId, status });
  return json({
    from: range.from,
    to: range.to,
    unitId,
    status,
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
}
