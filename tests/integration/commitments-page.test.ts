/** The city commitments page's loader against the demo portfolio: totals, per unit and project, the year range. */
import { SEES_ALL, useSignedIn } from "../helpers/auth";
import { describe, expect, it } from "vitest";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { loader } from "~/routes/commitments";
import { getProjectDetail } from "~/models/project.server";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

type YearTotals = { year: number; confirmedCents: number; conditionalCents: number };
type PageData = {
  years: number[];
  total: YearTotals[];
  units: { organisationId: number; name: string; years: YearTotals[] }[];
  projects: { projectId: number; shortName: string; years: YearTotals[] }[];
  range: { from: number | null; to: number | null };
  problems: { field: string; code: string }[];
};

async function page(query = ""): Promise<PageData> {
  const res = await callLoader(loader, `/commitments${query}`);
  expect(res.status).toBe(200);
  return jsonOf<PageData>(res);
}

/** The expected totals, computed from each project's own page data, independently of the page's query. */
async function expectedTotals(range: { from?: number; to?: number } = {}): Promise<Map<number, { confirmedCents: number; conditionalCents: number }>> {
  const ids = (await ctx.db.selectFrom("project").select("id").execute()).map((r) => r.id);
  const m = new Map<number, { confirmedCents: number; conditionalCents: number }>();
  for (const id of ids) {
    const detail = await getProjectDetail(ctx.db, SEES_ALL, id);
    for (const y of detail!.commitmentsByYear) {
      if ((range.from !== undefined && y.year < range.from) || (range.to !== undefined && y.year > range.to)) continue;
      const row = m.get(y.year) ?? { confirmedCents: 0, conditionalCents: 0 };
      row.confirmedCents += y.confirmedCents;
      row.conditionalCents += y.conditionalCents;
      m.set(y.year, row);
    }
  }
  return m;
}

function asMap(list: YearTotals[]) {
  return new Map(list.map((y) => [y.year, { confirmedCents: y.confirmedCents, conditionalCents: y.conditionalCents }]));
}

describe("city commitments page", () => {
  it("totals per year equal the sums over the projects' own commitments by year", async () => {
    const d = await page();
    expect(asMap(d.total)).toEqual(await expectedTotals());
    expect(d.years).toEqual([2023, 2024, 2025, 2026, 2027, 2028, 2029]);
  });

  it("keeps confirmed and conditional apart (OTE's commitment is conditional, including its 2029 share)", async () => {
    const d = await page();
    const y2029 = d.total.find((y) => y.year === 2029)!;
    expect(y2029).toEqual({ year: 2029, confirmedCents: 0, conditionalCents: 700_000 });
    const ote = d.projects.find((p) => p.shortName === "OTE")!;
    expect(ote.years.every((y) => y.confirmedCents === 0)).toBe(true);
    expect(ote.years.reduce((a, y) => a + y.conditionalCents, 0)).toBe(2_100_000);
  });

  it("shows SUMMIT's 55 000 € split 20 719,18 / 27 500,00 / 6 780,82 € as a project row", async () => {
    const d = await page();
    const summit = d.projects.find((p) => p.shortName === "SUMMIT")!;
    expect(summit.projectId).toBe(await projectIdByCase(ctx.db, "KAJDno-2025-1294"));
    expect(summit.years).toEqual([
      { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
      { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
    ]);
  });

  it("the units' rows and the projects' rows each add up to the total", async () => {
    const d = await page();
    const sum = (lists: YearTotals[][]) => {
      const m = new Map<number, { confirmedCents: number; conditionalCents: number }>();
      for (const list of lists)
        for (const y of list) {
          const r = m.get(y.year) ?? { confirmedCents: 0, conditionalCents: 0 };
          r.confirmedCents += y.confirmedCents;
          r.conditionalCents += y.conditionalCents;
          m.set(y.year, r);
        }
      return m;
    };
    expect(sum(d.units.map((u) => u.years))).toEqual(asMap(d.total));
    expect(sum(d.projects.map((p) => p.years))).toEqual(asMap(d.total));
    expect(d.units.map((u) => u.name)).toEqual(["Työllisyys- ja kansainvälisyyspalvelut"]);
  });

  it("filters by a year range from the URL and shows every year of it", async () => {
    const d = await page("?from=2026&to=2029");
    expect(d.range).toEqual({ from: 2026, to: 2029 });
    expect(d.years).toEqual([2026, 2027, 2028, 2029]);
    expect(d.total.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029]);
    expect(asMap(d.total)).toEqual(await expectedTotals({ from: 2026, to: 2029 }));
    expect(d.projects.map((p) => p.shortName).sort()).toEqual(["Kotona Kajaanissa", "OTE", "SUMMIT"]);
  });

  it("an open-ended range: from 2028 on", async () => {
    const d = await page("?from=2028");
    expect(d.years).toEqual([2028, 2029]);
    expect(asMap(d.total)).toEqual(await expectedTotals({ from: 2028 }));
  });

  it("a range with no commitments gives an empty page, not an error", async () => {
    const d = await page("?from=2040&to=2041");
    expect(d.total).toEqual([]);
    expect(d.units).toEqual([]);
    expect(d.projects).toEqual([]);
  });

  it("ignores a value that is not a year and says so", async () => {
    const d = await page("?from=abc&to=2025");
    expect(d.problems).toEqual([{ field: "from", code: "notYear", value: "abc" }]);
    expect(d.range).toEqual({ from: null, to: 2025 });
    expect(asMap(d.total)).toEqual(await expectedTotals({ to: 2025 }));
  });

  it("ignores a reversed range or years out of bounds and says so", async () => {
    const reversed = await page("?from=2029&to=2026");
    expect(reversed.problems.map((p) => p.code)).toEqual(["reversed"]);
    expect(reversed.range).toEqual({ from: null, to: null });
    expect(asMap(reversed.total)).toEqual(await expectedTotals());
    const out = await page("?from=0001&to=99999");
    expect(out.problems.map((p) => [p.field, p.code])).toEqual([
      ["from", "outOfRange"],
      ["to", "notYear"],
    ]);
    expect(out.range).toEqual({ from: null, to: null });
  });
});
