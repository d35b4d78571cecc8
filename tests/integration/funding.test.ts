/** The funding view and GET /api/v1/funding against the demo portfolio: exact sums, filters, leverage, 400s. */
import { SEES_ALL, useSignedIn } from "../helpers/auth";
import { describe, expect, it } from "vitest";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { loader as pageLoader } from "~/routes/funding";
import { loader as apiLoader } from "~/routes/api.v1.funding";
import { getProjectDetail } from "~/models/project.server";
import { leverageCentsPerEuro } from "~/domain/funding";
import { FINANCING_KINDS, type FinancingKind, type ProjectStatus } from "~/domain/vocabulary";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

type Sources = Record<FinancingKind, number>;
type Amounts = { financing: Sources; totalCents: number; cityCents: number; euCents: number; stateCents: number };
type Expected = Map<number, { financing: Sources; cityCents: number }>;

const zero = (): Sources => ({ esr: 0, own: 0, municipal: 0, other_public: 0, private: 0 });

/**
 * The expected totals per year, from each project's own page data (getProjectDetail's plan by
 * year), independently of the funding query.
 */
async function expected(
  opts: { from?: number; to?: number; status?: ProjectStatus; caseNumbers?: string[] } = {},
): Promise<{ years: Expected; esrCents: number; cityCents: number }> {
  let q = ctx.db.selectFrom("project").select(["id", "status", "case_number"]);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.caseNumbers) q = q.where("case_number", "in", opts.caseNumbers);
  const years: Expected = new Map();
  let esrCents = 0;
  let cityCents = 0;
  for (const p of await q.execute()) {
    const d = (await getProjectDetail(ctx.db, SEES_ALL, p.id))!;
    for (const y of d.planByYear.years) {
      if ((opts.from !== undefined && y.year < opts.from) || (opts.to !== undefined && y.year > opts.to)) continue;
      const row = years.get(y.year) ?? { financing: zero(), cityCents: 0 };
      for (const k of FINANCING_KINDS) row.financing[k] += y.financing[k];
      row.cityCents += y.cityCents;
      years.set(y.year, row);
      esrCents += y.financing.esr;
      cityCents += y.cityCents;
    }
  }
  return { years, esrCents, cityCents };
}

function actual(years: (Amounts & { year: number })[]): Expected {
  return new Map(years.map((y) => [y.year, { financing: y.financing, cityCents: y.cityCents }]));
}

async function page(query = "") {
  const res = await callLoader(pageLoader, `/funding${query}`);
  expect(res.status).toBe(200);
  return jsonOf(res);
}

async function api(query = "", init: RequestInit = {}) {
  return callLoader(apiLoader, `/api/v1/funding${query}`, {}, init);
}

describe("funding view", () => {
  it("each year's totals by source and the city's money are the exact sums over the projects", async () => {
    const d = await page();
    const e = await expected();
    expect(actual(d.funding.years)).toEqual(e.years);
    expect(d.years).toEqual([2023, 2024, 2025, 2026, 2027, 2028]);
    for (const y of d.funding.years) {
      expect(y.totalCents).toBe(FINANCING_KINDS.reduce((a, k) => a + y.financing[k], 0));
      expect(y.euCents + y.stateCents).toBe(y.financing.esr);
    }
    expect(d.funding.total.financing.esr).toBe(e.esrCents);
    expect(d.funding.total.cityCents).toBe(e.cityCents);
  });

  it("the year totals also equal the sums of the projects' rows", async () => {
    const d = await page();
    const sum = new Map<number, number>();
    for (const p of d.funding.projects) for (const y of p.years) sum.set(y.year, (sum.get(y.year) ?? 0) + y.totalCents);
    expect(new Map(d.funding.years.map((y: { year: number; totalCents: number }) => [y.year, y.totalCents]))).toEqual(sum);
    // Each project's EU/state parts sum to what its own page shows.
    for (const p of d.funding.projects) {
      const detail = (await getProjectDetail(ctx.db, SEES_ALL, p.projectId))!;
      expect({ euCents: p.total.euCents, stateCents: p.total.stateCents }).toEqual(detail.publicFunding);
    }
  });

  it("shows SUMMIT's ESR and own funding by year as issue 9 states them", async () => {
    const d = await page();
    const summit = d.funding.projects.find((p: { shortName: string }) => p.shortName === "SUMMIT");
    expect(summit.years.map((y: Amounts & { year: number }) => [y.year, y.financing.esr, y.financing.own, y.totalCents])).toEqual([
      [2026, 15_671_233, 3_917_808, 19_589_041],
      [2027, 20_800_000, 5_200_000, 26_000_000],
      [2028, 5_128_767, 1_282_192, 6_410_959],
    ]);
    expect(summit.leverageCentsPerEuro).toBe(400);
  });

  it("computes the leverage per project and overall from the sums", async () => {
    const d = await page();
    const by = Object.fromEntries(d.funding.projects.map((p: { shortName: string; leverageCentsPerEuro: number }) => [p.shortName, p.leverageCentsPerEuro]));
    expect(by).toEqual({ FLOW: 400, "Kotona Kajaanissa": 550, OTE: 400, SUMMIT: 400 });
    const e = await expected();
    expect(d.funding.leverageCentsPerEuro).toBe(leverageCentsPerEuro(e.esrCents, e.cityCents));
    // 1 539 712 € of ESR funding over 341 584 € of the city's money: 4,51 € per euro.
    expect(d.funding.leverageCentsPerEuro).toBe(451);
  });

  it("filters by a year range", async () => {
    const d = await page("?from=2026&to=2027");
    expect(d.funding.years.map((y: { year: number }) => y.year)).toEqual([2026, 2027]);
    expect(actual(d.funding.years)).toEqual((await expected({ from: 2026, to: 2027 })).years);
    expect(d.funding.projects.map((p: { shortName: string }) => p.shortName).sort()).toEqual(["Kotona Kajaanissa", "OTE", "SUMMIT"]);
    expect(d.years).toEqual([2026, 2027]);
  });

  it("filters by project status", async () => {
    const d = await page("?status=committee_conditional");
    expect(d.funding.projects.map((p: { shortName: string }) => p.shortName)).toEqual(["OTE"]);
    expect(actual(d.funding.years)).toEqual((await expected({ status: "committee_conditional" })).years);
    expect(d.filterProblems).toEqual({});
  });

  it("filters by a city unit: the projects it co-finances", async () => {
    const kaukametsa = await organisationIdByName(ctx.db, "Kaukametsän opisto");
    const d = await page(`?unit=${kaukametsa}`);
    expect(d.funding.projects.map((p: { shortName: string }) => p.shortName)).toEqual(["OTE"]);
    expect(actual(d.funding.years)).toEqual((await expected({ caseNumbers: ["KAJDno-2026-641"] })).years);

    const employment = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    const all = await page(`?unit=${employment}&from=2027`);
    expect(all.funding.projects).toHaveLength(3);
    expect(actual(all.funding.years)).toEqual((await expected({ from: 2027 })).years);
  });

  it("a unit that co-finances nothing gives an empty view with no leverage", async () => {
    const city = await organisationIdByName(ctx.db, "Kajaanin kaupunki");
    const d = await page(`?unit=${city}`);
    expect(d.funding.projects).toEqual([]);
    expect(d.funding.years).toEqual([]);
    expect(d.funding.leverageCentsPerEuro).toBeNull();
  });

  it("ignores bad filter values with a message instead of failing", async () => {
    const d = await page("?from=20x6&to=2026&unit=99999&status=nope");
    expect(d.problems.map((p: { field: string; code: string }) => [p.field, p.code])).toEqual([["from", "notYear"]]);
    expect(Object.keys(d.filterProblems).sort()).toEqual(["status", "unit"]);
    expect(d.filterProblems.status).toBe("Osoitteessa oleva arvo ”nope” ei kelpaa tähän, joten sitä ei käytetty.");
    expect(d.filters).toEqual({ from: null, to: 2026, unitId: null, status: null });
    expect(actual(d.funding.years)).toEqual((await expected({ to: 2026 })).years);
    const reversed = await page("?from=2028&to=2026");
    expect(reversed.problems.map((p: { code: string }) => p.code)).toEqual(["reversed"]);
    expect(reversed.filters.from).toBeNull();
  });
});

describe("GET /api/v1/funding", () => {
  it("answers the totals per year by source in integer cents, and the leverage", async () => {
    const res = await api("?from=2026&to=2028");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const d = await jsonOf(res);
    expect(d.from).toBe(2026);
    expect(d.to).toBe(2028);
    expect(actual(d.years)).toEqual((await expected({ from: 2026, to: 2028 })).years);
    for (const y of d.years) {
      for (const k of FINANCING_KINDS) expect(Number.isSafeInteger(y.financing[k])).toBe(true);
      expect(Number.isSafeInteger(y.cityCents)).toBe(true);
    }
    const e = await expected({ from: 2026, to: 2028 });
    expect(d.leverage.esrCents).toBe(e.esrCents);
    expect(d.leverage.cityCents).toBe(e.cityCents);
    expect(d.leverage.centsPerCityEuro).toBe(leverageCentsPerEuro(e.esrCents, e.cityCents));
    const summitId = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    expect(d.leverage.projects.find((p: { projectId: number }) => p.projectId === summitId)).toEqual({
      projectId: summitId,
      shortName: "SUMMIT",
      esrCents: 41_600_000,
      cityCents: 10_400_000,
      centsPerCityEuro: 400,
    });
    const summit = d.projects.find((p: { projectId: number }) => p.projectId === summitId);
    expect(summit.years.map((y: Amounts) => y.financing.esr)).toEqual([15_671_233, 20_800_000, 5_128_767]);
  });

  it("without a range answers every year", async () => {
    const d = await jsonOf(await api());
    expect(d.years.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025, 2026, 2027, 2028]);
    expect(d.total.totalCents).toBe(d.years.reduce((a: number, y: { totalCents: number }) => a + y.totalCents, 0));
  });

  it.each([
    ["?from=abc", "from"],
    ["?to=20265", "to"],
    ["?from=2026.5", "from"],
    ["?from=1800", "from"],
    ["?from=2029&to=2026", "from"],
    ["?unit=abc", "unit"],
    ["?unit=99999", "unit"],
    ["?status=nope", "status"],
  ])("answers 400 with a clear message for %s", async (query, parameter) => {
    const res = await api(query);
    expect(res.status).toBe(400);
    const d = await jsonOf(res);
    expect(d.error).toBe("bad_request");
    expect(d.parameter).toBe(parameter);
    expect(typeof d.message).toBe("string");
    expect(d.message.length).toBeGreaterThan(10);
  });

  it("gives the message in the request's language", async () => {
    const fi = await jsonOf(await api("?from=abc"));
    expect(fi.message).toContain("abc");
    expect(fi.message).toMatch(/vuosi/);
    const en = await jsonOf(await api("?from=abc&lang=en"));
    expect(en.message).toMatch(/year/);
    const reversed = await jsonOf(await api("?from=2029&to=2026&lang=en"));
    expect(reversed.message).toContain("2029");
    expect(reversed.message).toContain("2026");
  });
});

describe("one definition of the city's commitment, reconciled with the plans' city money", () => {
  it("the funding page's commitments equal the portfolio's and the commitments page's city total; the differences are per project", async () => {
    const { loader: portfolioLoader } = await import("~/routes/_index");
    const { loader: commitmentsLoader } = await import("~/routes/commitments");
    const f = (await jsonOf(await callLoader(pageLoader, "/funding"))).funding;
    const portfolio = await jsonOf(await callLoader(portfolioLoader, "/"));
    const commitments = await jsonOf(await callLoader(commitmentsLoader, "/commitments"));
    const commitmentsTotal = (commitments.total as { confirmedCents: number; conditionalCents: number }[]).reduce(
      (a, y) => a + y.confirmedCents + y.conditionalCents,
      0,
    );
    expect(f.commitmentCents).toBe(portfolio.totals.cityCents);
    expect(f.commitmentCents).toBe(commitmentsTotal);
    expect(f.commitmentCents).toBe(27_158_400); // 271 584 € with SUMMIT's request pending
    expect(f.total.cityCents).toBe(34_158_400); // the plans' city lines: 341 584 €
    const differing = (f.projects as { shortName: string; total: { cityCents: number }; commitmentCents: number }[])
      .filter((p) => p.total.cityCents !== p.commitmentCents)
      .map((p) => [p.shortName, p.total.cityCents, p.commitmentCents]);
    expect(differing).toEqual([
      ["OTE", 4_200_000, 2_100_000],
      ["SUMMIT", 10_400_000, 5_500_000],
    ]);
  });
});
