/** Unit tests of the funding arithmetic: leverage, its rounding and formatting, exact sums, EU/state parts by year. */
import { describe, expect, it } from "vitest";
import {
  addFunding,
  clipYears,
  emptyFunding,
  formatLeverage,
  fundingTotal,
  leverageCentsPerEuro,
  leverageOf,
  projectFundingYears,
  sumFundingYears,
  type FundingYear,
} from "./funding";
import type { PlanYear } from "./plan";

const fmt = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

function planYear(year: number, f: Partial<PlanYear["financing"]>, cityCents = 0): Pick<PlanYear, "year" | "financing" | "cityCents"> {
  return { year, financing: { esr: 0, own: 0, municipal: 0, other_public: 0, private: 0, ...f }, cityCents };
}

describe("leverageCentsPerEuro", () => {
  it("is 400 cents per euro for an 80/20 plan (SUMMIT: 416 000 € ESR, 104 000 € city)", () => {
    expect(leverageCentsPerEuro(41_600_000, 10_400_000)).toBe(400);
  });

  it("is 550 cents for 635 712 € over 115 584 €", () => {
    expect(leverageCentsPerEuro(63_571_200, 11_558_400)).toBe(550);
  });

  it("rounds to the nearest cent, halves up", () => {
    expect(leverageCentsPerEuro(1, 200)).toBe(1); // 0,5 cents → 1
    expect(leverageCentsPerEuro(1, 201)).toBe(0); // 0,4975 cents → 0
    expect(leverageCentsPerEuro(200, 300)).toBe(67); // 66,67 → 67
    expect(leverageCentsPerEuro(100, 300)).toBe(33); // 33,33 → 33
    expect(leverageCentsPerEuro(1_000_000, 300_000)).toBe(333);
  });

  it("is exact for amounts near the largest accepted (no floating point)", () => {
    // 99 999 999 999,99 € over 3 €: 3 333 333 333 333,33 € per euro, in cents.
    expect(leverageCentsPerEuro(9_999_999_999_999, 300)).toBe(3_333_333_333_333);
  });

  it("is zero when there is city money but no public funding", () => {
    expect(leverageCentsPerEuro(0, 5_000)).toBe(0);
  });

  it("is undefined (null) when the city puts in nothing", () => {
    expect(leverageCentsPerEuro(41_600_000, 0)).toBeNull();
    expect(leverageCentsPerEuro(0, 0)).toBeNull();
  });

  it("refuses amounts that are not whole cents", () => {
    expect(() => leverageCentsPerEuro(1.5, 100)).toThrow(TypeError);
    expect(() => leverageCentsPerEuro(100, Number.NaN)).toThrow(TypeError);
  });

  it("leverageOf reads the ESR/public source and the city's money", () => {
    const a = emptyFunding();
    a.financing.esr = 16_800_000;
    a.financing.other_public = 99_999;
    a.cityCents = 4_200_000;
    expect(leverageOf(a)).toBe(400);
  });
});

describe("formatting the leverage", () => {
  it("shows euros per euro in fi-FI", () => {
    expect(fmt(formatLeverage(400))).toBe("4,00 €");
    expect(fmt(formatLeverage(550))).toBe("5,50 €");
    expect(fmt(formatLeverage(123_456))).toBe("1 234,56 €");
    expect(formatLeverage(null)).toBe("–");
  });
});

describe("projectFundingYears", () => {
  it("gives each year its sources, their total and the city's money", () => {
    const years = projectFundingYears(
      [planYear(2026, { esr: 15_671_233, own: 3_917_808 }, 3_917_808), planYear(2027, { esr: 20_800_000, own: 5_200_000 }, 5_200_000)],
      6000,
    );
    expect(years[0]).toMatchObject({ year: 2026, totalCents: 19_589_041, cityCents: 3_917_808 });
    expect(years[1]).toMatchObject({ year: 2027, totalCents: 26_000_000, cityCents: 5_200_000 });
  });

  it("apportions the project's EU part over the years so that the years sum exactly to it", () => {
    // 3 × 0,01 € of ESR at 60 % EU: the project's EU part is 0,02 € (0,018 → 0,02), not 3 × 0,01.
    const years = projectFundingYears([planYear(2026, { esr: 1 }), planYear(2027, { esr: 1 }), planYear(2028, { esr: 1 })], 6000);
    expect(years.reduce((a, y) => a + y.euCents, 0)).toBe(2);
    for (const y of years) expect(y.euCents + y.stateCents).toBe(y.financing.esr);
    expect(years.map((y) => y.euCents)).toEqual([1, 1, 0]);
  });

  it("matches the project's EU/state parts on SUMMIT's figures", () => {
    const years = projectFundingYears([planYear(2026, { esr: 15_671_233 }), planYear(2027, { esr: 20_800_000 }), planYear(2028, { esr: 5_128_767 })], 6000);
    expect(years.reduce((a, y) => a + y.euCents, 0)).toBe(24_960_000);
    expect(years.reduce((a, y) => a + y.stateCents, 0)).toBe(16_640_000);
    for (const y of years) expect(y.stateCents).toBeGreaterThanOrEqual(0);
  });

  it("handles a plan without public funding", () => {
    const years = projectFundingYears([planYear(2030, { private: 500 })], 6000);
    expect(years[0]).toMatchObject({ euCents: 0, stateCents: 0, totalCents: 500 });
  });
});

describe("sums over projects and years", () => {
  const a: FundingYear[] = projectFundingYears([planYear(2026, { esr: 800, own: 200 }, 200), planYear(2027, { esr: 400, own: 100 }, 100)], 6000);
  const b: FundingYear[] = projectFundingYears([planYear(2027, { esr: 333, municipal: 67, private: 1 }, 67), planYear(2028, { other_public: 5 })], 10_000);

  it("adds year by year, keeping every year of either list, sorted", () => {
    const s = sumFundingYears([b, a]);
    expect(s.map((y) => y.year)).toEqual([2026, 2027, 2028]);
    expect(s[1]!.financing).toEqual({ esr: 733, own: 100, municipal: 67, other_public: 0, private: 1 });
    expect(s[1]!.totalCents).toBe(901);
    expect(s[1]!.cityCents).toBe(167);
    expect(s[1]!.euCents).toBe(a[1]!.euCents + b[0]!.euCents);
  });

  it("the total over years equals the sum of the projects' totals", () => {
    const s = fundingTotal(sumFundingYears([a, b]));
    expect(s).toEqual(addFunding(fundingTotal(a), fundingTotal(b)));
    expect(s.totalCents).toBe(800 + 200 + 400 + 100 + 333 + 67 + 1 + 5);
  });

  it("clips to a range of years", () => {
    expect(clipYears(a, { from: 2027, to: null }).map((y) => y.year)).toEqual([2027]);
    expect(clipYears(a, { from: null, to: 2026 }).map((y) => y.year)).toEqual([2026]);
    expect(clipYears(a, { from: 2029, to: 2030 })).toEqual([]);
  });

  it("the sum of nothing is zero", () => {
    expect(sumFundingYears([])).toEqual([]);
    expect(fundingTotal([])).toEqual(emptyFunding());
  });
});
