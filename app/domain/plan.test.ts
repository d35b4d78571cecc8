/**
 * Unit tests of the plan by year: staff costs from hours, the cost models' computed lines,
 * each line's yearly amounts (the flat rate following staff costs), year totals as sums of
 * lines, the city's commitments per year and the EU/state parts of the public funding.
 */
import { describe, expect, it } from "vitest";
import { splitOverPeriod } from "./split";
import {
  applyCostModel,
  commitmentState,
  commitmentYears,
  commitmentsByYear,
  expectedFlatRateCents,
  fillYears,
  isFlatRateLine,
  lineYears,
  planByYear,
  publicFundingParts,
  staffBaseCents,
  staffCostFromHours,
  type PlanData,
  type PlanLineData,
} from "./plan";

const SUMMIT_PERIOD = { start: "2026-04-01", end: "2028-03-30" };

function line(key: string, side: PlanLineData["side"], kind: PlanLineData["kind"], amountCents: number, extra: Partial<PlanLineData> = {}): PlanLineData {
  return {
    key,
    side,
    kind,
    organisationId: null,
    organisationIsCity: false,
    label: key,
    amountCents,
    statedPercentBp: null,
    staffHoursCenti: null,
    hourlyRateCents: null,
    entered: null,
    ...extra,
  };
}

function plan(p: Partial<PlanData> & Pick<PlanData, "lines">): PlanData {
  return { ...SUMMIT_PERIOD, totalBudgetCents: 0, costModel: "flat_40", flatRateBp: 4000, implementers: [], ...p };
}

/** SUMMIT's original plan as the agenda states it (financing lines only). */
const summit = plan({
  totalBudgetCents: 52_000_000,
  lines: [
    line("esr", "financing", "esr", 41_600_000, { organisationId: 1, statedPercentBp: 8000 }),
    line("own", "financing", "own", 10_400_000, { organisationId: 2, organisationIsCity: true, statedPercentBp: 2000 }),
  ],
});

describe("staffCostFromHours", () => {
  it("multiplies hundredths of an hour by the hourly rate", () => {
    // A full-time year, 1 720 h, at 35,00 €/h.
    expect(staffCostFromHours(172_000, 3500)).toBe(6_020_000);
    expect(staffCostFromHours(0, 3500)).toBe(0);
    expect(staffCostFromHours(100, 1)).toBe(1);
  });

  it("rounds to the nearest cent, halves up", () => {
    expect(staffCostFromHours(1250, 1)).toBe(13); // 12,5 h × 0,01 € = 0,125 €
    expect(staffCostFromHours(1249, 1)).toBe(12);
    expect(staffCostFromHours(150, 3333)).toBe(5000); // 1,5 h × 33,33 € = 49,995 €
    expect(staffCostFromHours(149, 3333)).toBe(4966); // 49,6617 €
    expect(staffCostFromHours(33, 2951)).toBe(974); // 0,33 h × 29,51 € = 9,7383 €
    expect(staffCostFromHours(50, 101)).toBe(51); // 0,505 € → 0,51 €
  });

  it("refuses hours or rates that are not integers", () => {
    expect(() => staffCostFromHours(1.5, 3500)).toThrow(TypeError);
    expect(() => staffCostFromHours(100, 35.5)).toThrow(TypeError);
    expect(() => staffCostFromHours(Number.NaN, 3500)).toThrow(TypeError);
  });
});

describe("applyCostModel", () => {
  it("adds the 40 % flat rate: 100 000 € of staff costs give 40 000 € and a total of 140 000 €", () => {
    const out = applyCostModel(plan({ lines: [line("staff", "cost", "staff", 10_000_000)] }));
    const flat = out.lines.find(isFlatRateLine);
    expect(flat).toMatchObject({ key: "flat_rate", side: "cost", kind: "flat_rate", amountCents: 4_000_000, entered: null });
    expect(out.lines.filter((l) => l.side === "cost").reduce((a, l) => a + l.amountCents, 0)).toBe(14_000_000);
    expect(out.lines).toHaveLength(2);
  });

  it("splits the 140 000 € over the years, the flat rate following the staff costs", () => {
    const table = planByYear(applyCostModel(plan({ lines: [line("staff", "cost", "staff", 10_000_000)] })));
    expect(table.years.map((y) => y.costs.staff)).toEqual([3_767_123, 5_000_000, 1_232_877]);
    expect(table.years.map((y) => y.costs.flat_rate)).toEqual([1_506_849, 2_000_000, 493_151]);
    expect(table.years.map((y) => y.costsTotalCents)).toEqual([5_273_972, 7_000_000, 1_726_028]);
    expect(table.total.costsTotalCents).toBe(14_000_000);
    expect(table.total.costs.flat_rate).toBe(4_000_000);
  });

  it("corrects an existing flat-rate line and drops its entered years", () => {
    const out = applyCostModel(
      plan({
        lines: [
          line("s1", "cost", "staff", 6_000_000),
          line("fr", "cost", "flat_rate", 1_234, { entered: [{ year: 2026, amountCents: 1_234 }] }),
          line("s2", "cost", "staff", 4_000_001),
        ],
      }),
    );
    expect(out.lines.map((l) => [l.key, l.amountCents, l.entered])).toEqual([
      ["s1", 6_000_000, null],
      ["fr", 4_000_000, null], // 40 % of 100 000,01 € = 40 000,004 € → 40 000,00 €
      ["s2", 4_000_001, null],
    ]);
  });

  it("computes staff costs given as hours × rate, then the flat rate on them", () => {
    const out = applyCostModel(plan({ lines: [line("staff", "cost", "staff", 0, { staffHoursCenti: 172_000, hourlyRateCents: 3500 })] }));
    expect(out.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ["staff", 6_020_000],
      ["flat_rate", 2_408_000],
    ]);
    expect(expectedFlatRateCents(out)).toBe(2_408_000);
  });

  it("keeps a staff amount when hours or the rate are missing", () => {
    const out = applyCostModel(plan({ lines: [line("staff", "cost", "staff", 500_000, { staffHoursCenti: 100_000, hourlyRateCents: null })] }));
    expect(out.lines[0]!.amountCents).toBe(500_000);
  });

  it("rounds the flat rate halves up", () => {
    const out = applyCostModel(plan({ lines: [line("staff", "cost", "staff", 5)] })); // 40 % of 0,05 €
    expect(out.lines.find(isFlatRateLine)!.amountCents).toBe(2);
    const odd = applyCostModel(plan({ lines: [line("staff", "cost", "staff", 1_234_567)] }));
    expect(odd.lines.find(isFlatRateLine)!.amountCents).toBe(493_827); // 493 826,8
  });

  it("uses the plan's own rate with flat_staff (N % of staff costs)", () => {
    const base = { costModel: "flat_staff" as const, lines: [line("staff", "cost", "staff", 10_000_000), line("p", "cost", "purchased", 300_000)] };
    expect(applyCostModel(plan({ ...base, flatRateBp: 1500 })).lines.find(isFlatRateLine)!.amountCents).toBe(1_500_000);
    expect(applyCostModel(plan({ ...base, flatRateBp: 700 })).lines.find(isFlatRateLine)!.amountCents).toBe(700_000);
    const odd = applyCostModel(plan({ costModel: "flat_staff", flatRateBp: 1250, lines: [line("staff", "cost", "staff", 12_345)] }));
    expect(odd.lines.find(isFlatRateLine)!.amountCents).toBe(1543); // 15,43125 €
    // The purchased services are left alone.
    expect(applyCostModel(plan({ ...base, flatRateBp: 1500 })).lines.find((l) => l.key === "p")!.amountCents).toBe(300_000);
  });

  it("has no flat-rate line with actual costs (and drops one that is there)", () => {
    const out = applyCostModel(
      plan({
        costModel: "actual",
        flatRateBp: null,
        lines: [line("staff", "cost", "staff", 10_000_000), line("fr", "cost", "flat_rate", 4_000_000), line("o", "cost", "other", 50_000)],
      }),
    );
    expect(out.lines.map((l) => l.key)).toEqual(["staff", "o"]);
    expect(expectedFlatRateCents(out)).toBeNull();
  });

  it("has no flat-rate line with a lump sum", () => {
    const out = applyCostModel(plan({ costModel: "lump_sum", flatRateBp: null, lines: [line("ls", "cost", "lump_sum", 20_000_000)] }));
    expect(out.lines.map((l) => [l.key, l.amountCents])).toEqual([["ls", 20_000_000]]);
  });

  it("adds no flat-rate line when there are no staff costs to compute it on", () => {
    const out = applyCostModel(summit);
    expect(out.lines).toEqual(summit.lines);
  });

  it("does not change the plan it is given", () => {
    const input = plan({ lines: [line("staff", "cost", "staff", 0, { staffHoursCenti: 100, hourlyRateCents: 100 })] });
    const copy = structuredClone(input);
    applyCostModel(input);
    expect(input).toEqual(copy);
  });
});

describe("staffBaseCents and expectedFlatRateCents", () => {
  it("sums the staff cost lines only", () => {
    const lines = [line("s1", "cost", "staff", 100), line("s2", "cost", "staff", 200), line("o", "cost", "other", 400), line("f", "financing", "own", 800)];
    expect(staffBaseCents(lines)).toBe(300);
    expect(expectedFlatRateCents({ costModel: "flat_40", flatRateBp: null, lines })).toBe(120);
    expect(expectedFlatRateCents({ costModel: "flat_staff", flatRateBp: 1000, lines })).toBe(30);
    expect(expectedFlatRateCents({ costModel: "flat_staff", flatRateBp: null, lines })).toBeNull();
    expect(expectedFlatRateCents({ costModel: "actual", flatRateBp: 4000, lines })).toBeNull();
  });
});

describe("lineYears", () => {
  it("splits lines without entered years over the days", () => {
    const ly = lineYears(summit);
    expect(ly.get("esr")).toEqual(splitOverPeriod(41_600_000, SUMMIT_PERIOD.start, SUMMIT_PERIOD.end));
    expect(ly.get("own")).toEqual(splitOverPeriod(10_400_000, SUMMIT_PERIOD.start, SUMMIT_PERIOD.end));
  });

  it("uses entered years when a line has them", () => {
    const entered = [
      { year: 2027, amountCents: 600 },
      { year: 2026, amountCents: 400 },
    ];
    expect(lineYears(plan({ lines: [line("o", "financing", "own", 1000, { entered })] })).get("o")).toEqual([
      { year: 2026, amountCents: 400 },
      { year: 2027, amountCents: 600 },
    ]);
  });

  it("makes a flat-rate line follow the staff costs by year, not the days", () => {
    const p = applyCostModel(
      plan({
        lines: [
          line("staff", "cost", "staff", 10_000_000, {
            entered: [
              { year: 2026, amountCents: 6_000_000 },
              { year: 2027, amountCents: 4_000_000 },
            ],
          }),
        ],
      }),
    );
    expect(lineYears(p).get("flat_rate")).toEqual([
      { year: 2026, amountCents: 2_400_000 },
      { year: 2027, amountCents: 1_600_000 },
    ]);
  });

  it("adds up several staff lines for the flat rate's yearly base", () => {
    const p = applyCostModel(
      plan({
        lines: [
          line("a", "cost", "staff", 100, { entered: [{ year: 2026, amountCents: 100 }] }),
          line("b", "cost", "staff", 300, { entered: [{ year: 2028, amountCents: 300 }] }),
        ],
      }),
    );
    expect(lineYears(p).get("flat_rate")).toEqual([
      { year: 2026, amountCents: 40 },
      { year: 2028, amountCents: 120 },
    ]);
  });

  it("keeps the flat-rate line's own entered years, and splits it over the days when there are no staff costs", () => {
    const entered = [{ year: 2027, amountCents: 4_000 }];
    const withEntered = plan({ lines: [line("s", "cost", "staff", 10_000), line("fr", "cost", "flat_rate", 4_000, { entered })] });
    expect(lineYears(withEntered).get("fr")).toEqual(entered);
    const noStaff = plan({ lines: [line("fr", "cost", "flat_rate", 5_500_000)] });
    expect(lineYears(noStaff).get("fr")).toEqual(splitOverPeriod(5_500_000, SUMMIT_PERIOD.start, SUMMIT_PERIOD.end));
  });

  it("gives every line a list of years summing exactly to its amount", () => {
    const p = applyCostModel(
      plan({
        lines: [line("s1", "cost", "staff", 3_333_333), line("s2", "cost", "staff", 1_111_111), line("p", "financing", "esr", 6_222_221)],
      }),
    );
    const ly = lineYears(p);
    expect(p.lines.map((l) => ly.get(l.key)!.reduce((a, y) => a + y.amountCents, 0))).toEqual(p.lines.map((l) => l.amountCents));
  });
});

describe("planByYear", () => {
  it("shows SUMMIT's original plan by year as the issue states it", () => {
    const table = planByYear(summit);
    expect(table.years.map((y) => y.year)).toEqual([2026, 2027, 2028]);
    expect(table.years.map((y) => y.totalCents)).toEqual([19_589_041, 26_000_000, 6_410_959]);
    expect(table.years.map((y) => y.financing.esr)).toEqual([15_671_233, 20_800_000, 5_128_767]);
    expect(table.years.map((y) => y.financing.own)).toEqual([3_917_808, 5_200_000, 1_282_192]);
    expect(table.years.map((y) => y.cityCents)).toEqual([3_917_808, 5_200_000, 1_282_192]);
    expect(table.years.map((y) => y.costsTotalCents)).toEqual([0, 0, 0]);
    expect(table.total).toMatchObject({ totalCents: 52_000_000, financingTotalCents: 52_000_000, cityCents: 10_400_000, costsTotalCents: 0 });
    expect(table.total.financing).toEqual({ esr: 41_600_000, own: 10_400_000, municipal: 0, other_public: 0, private: 0 });
  });

  it("makes each year's total the sum of its lines, never a separate split of the total", () => {
    // Two 1-cent lines each go to 2027 (the most days); a split of the 2-cent total would put one cent in 2026.
    const p = plan({ lines: [line("a", "financing", "own", 1), line("b", "financing", "private", 1)] });
    const table = planByYear(p);
    expect(table.years.map((y) => y.totalCents)).toEqual([0, 2, 0]);
    expect(splitOverPeriod(2, p.start, p.end).map((y) => y.amountCents)).toEqual([1, 1, 0]);
  });

  it("gives year totals equal to the sums of the lines' years, over many plans", () => {
    const failures: unknown[] = [];
    for (let i = 1; i <= 60; i++) {
      const p = plan({
        start: "2025-05-01",
        end: "2031-04-30",
        lines: [
          line("esr", "financing", "esr", i * 7_919_993),
          line("own", "financing", "own", i * 1_979_999 + 1),
          line("mun", "financing", "municipal", i * 13, { organisationIsCity: true }),
        ],
      });
      const table = planByYear(p);
      for (const y of table.years) {
        const byLines = p.lines.reduce((a, l) => a + (table.lineYears.get(l.key)!.find((x) => x.year === y.year)?.amountCents ?? 0), 0);
        if (byLines !== y.totalCents || byLines !== y.financingTotalCents) failures.push({ i, year: y.year });
      }
      const total = p.lines.reduce((a, l) => a + l.amountCents, 0);
      if (table.total.totalCents !== total || table.years.reduce((a, y) => a + y.totalCents, 0) !== total) failures.push({ i, total });
    }
    expect(failures).toEqual([]);
  });

  it("counts only own and municipal money of the city as the city's", () => {
    const table = planByYear(
      plan({
        start: "2027-01-01",
        end: "2027-12-31",
        lines: [
          line("esr", "financing", "esr", 8000, { organisationIsCity: true }),
          line("own-city", "financing", "own", 1000, { organisationIsCity: true }),
          line("mun-city", "financing", "municipal", 500, { organisationIsCity: true }),
          line("own-assoc", "financing", "own", 500, { organisationIsCity: false }),
        ],
      }),
    );
    expect(table.years).toHaveLength(1);
    expect(table.years[0]).toMatchObject({ year: 2027, cityCents: 1500, totalCents: 10_000, financingTotalCents: 10_000 });
  });

  it("uses the costs as the total when a plan has no financing lines", () => {
    const table = planByYear(applyCostModel(plan({ start: "2027-01-01", end: "2027-12-31", lines: [line("s", "cost", "staff", 10_000_000)] })));
    expect(table.years[0]).toMatchObject({ year: 2027, costsTotalCents: 14_000_000, financingTotalCents: 0, totalCents: 14_000_000 });
  });

  it("shows every year of the period, plus any entered year outside it", () => {
    const table = planByYear(
      plan({
        start: "2027-01-01",
        end: "2028-12-31",
        lines: [
          line("own", "financing", "own", 2_100_000, {
            entered: [
              { year: 2027, amountCents: 700_000 },
              { year: 2028, amountCents: 700_000 },
              { year: 2029, amountCents: 700_000 },
            ],
          }),
          line("esr", "financing", "esr", 1_000),
        ],
      }),
    );
    expect(table.years.map((y) => [y.year, y.financing.own, y.financing.esr])).toEqual([
      [2027, 700_000, 499],
      [2028, 700_000, 501],
      [2029, 700_000, 0],
    ]);
  });

  it("has an empty row for a year without amounts", () => {
    const table = planByYear(plan({ lines: [line("a", "financing", "own", 100, { entered: [{ year: 2027, amountCents: 100 }] })] }));
    expect(table.years.map((y) => [y.year, y.totalCents])).toEqual([
      [2026, 0],
      [2027, 100],
      [2028, 0],
    ]);
  });
});

describe("commitments per year", () => {
  const period = { start: "2027-01-01", end: "2028-12-31" };

  it("takes a commitment's entered years, or splits it over the period", () => {
    const ote = [
      { year: 2027, amountCents: 700_000 },
      { year: 2028, amountCents: 700_000 },
      { year: 2029, amountCents: 700_000 },
    ];
    expect(commitmentYears({ amountCents: 2_100_000, entered: ote }, period)).toEqual(ote);
    expect(commitmentYears({ amountCents: 5_500_000, entered: null }, SUMMIT_PERIOD)).toEqual([
      { year: 2026, amountCents: 2_071_918 },
      { year: 2027, amountCents: 2_750_000 },
      { year: 2028, amountCents: 678_082 },
    ]);
  });

  it("maps condition statuses to confirmed, conditional and failed", () => {
    expect(commitmentState("none")).toBe("confirmed");
    expect(commitmentState("met")).toBe("confirmed");
    expect(commitmentState("pending")).toBe("conditional");
    expect(commitmentState("failed")).toBe("failed");
  });

  it("adds confirmed and conditional amounts apart; failed ones count for nothing", () => {
    const rows = commitmentsByYear([
      {
        conditionStatus: "none",
        years: [
          { year: 2027, amountCents: 100 },
          { year: 2026, amountCents: 50 },
        ],
      },
      { conditionStatus: "met", years: [{ year: 2027, amountCents: 10 }] },
      {
        conditionStatus: "pending",
        years: [
          { year: 2027, amountCents: 1_000 },
          { year: 2029, amountCents: 7 },
        ],
      },
      {
        conditionStatus: "failed",
        years: [
          { year: 2027, amountCents: 99_999 },
          { year: 2030, amountCents: 99_999 },
        ],
      },
    ]);
    expect(rows).toEqual([
      { year: 2026, confirmedCents: 50, conditionalCents: 0 },
      { year: 2027, confirmedCents: 110, conditionalCents: 1_000 },
      { year: 2029, confirmedCents: 0, conditionalCents: 7 },
    ]);
    expect(commitmentsByYear([])).toEqual([]);
  });

  it("fills missing years with zeroes", () => {
    const rows = commitmentsByYear([{ conditionStatus: "pending", years: [{ year: 2027, amountCents: 5 }] }]);
    expect(fillYears(rows, 2026, 2028)).toEqual([
      { year: 2026, confirmedCents: 0, conditionalCents: 0 },
      { year: 2027, confirmedCents: 0, conditionalCents: 5 },
      { year: 2028, confirmedCents: 0, conditionalCents: 0 },
    ]);
  });
});

describe("publicFundingParts", () => {
  it("splits the public funding 60 % EU / 40 % state", () => {
    expect(publicFundingParts(41_600_000, 6000)).toEqual({ euCents: 24_960_000, stateCents: 16_640_000 });
  });

  it("rounds the EU part halves up and gives the state the rest, so the parts sum to the whole", () => {
    expect(publicFundingParts(15_671_233, 6000)).toEqual({ euCents: 9_402_740, stateCents: 6_268_493 }); // 9 402 739,8
    expect(publicFundingParts(5, 6000)).toEqual({ euCents: 3, stateCents: 2 });
    expect(publicFundingParts(1, 5000)).toEqual({ euCents: 1, stateCents: 0 });
    const bad: number[] = [];
    for (let esr = 0; esr < 5000; esr += 3) {
      const { euCents, stateCents } = publicFundingParts(esr, 6000);
      if (euCents + stateCents !== esr || stateCents < 0) bad.push(esr);
    }
    expect(bad).toEqual([]);
  });
});
