/**
 * Unit tests of the per-year split rule: an explicit split wins and must sum exactly; otherwise
 * the amount is spread over the period's days in each calendar year, floors first, the cents left
 * over to the largest remainders (ties to the earlier year), always summing exactly to the total.
 */
import { seededRandom as rng } from "./random";
import { describe, expect, it } from "vitest";
import { MAX_CENTS } from "./money";
import { daysInclusive, daysPerYear } from "./days";
import { amountInYear, apportion, checkExplicitSplit, splitOverPeriod, sumByYear, yearlyAmounts, type YearAmount } from "./split";

const SUMMIT = { start: "2026-04-01", end: "2028-03-30" };

const amounts = (list: YearAmount[]) => list.map((y) => y.amountCents);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("splitOverPeriod: the figures of the agenda", () => {
  it("splits SUMMIT's 55 000 € over 1.4.2026–30.3.2028 as 20 719,18 / 27 500,00 / 6 780,82", () => {
    expect(splitOverPeriod(5_500_000, SUMMIT.start, SUMMIT.end)).toEqual([
      { year: 2026, amountCents: 2_071_918 },
      { year: 2027, amountCents: 2_750_000 },
      { year: 2028, amountCents: 678_082 },
    ]);
  });

  it("splits SUMMIT's total 520 000 € as 195 890,41 / 260 000,00 / 64 109,59", () => {
    expect(amounts(splitOverPeriod(52_000_000, SUMMIT.start, SUMMIT.end))).toEqual([19_589_041, 26_000_000, 6_410_959]);
  });

  it("splits SUMMIT's ESR 416 000 € and own funding 104 000 € the same way", () => {
    expect(amounts(splitOverPeriod(41_600_000, SUMMIT.start, SUMMIT.end))).toEqual([15_671_233, 20_800_000, 5_128_767]);
    expect(amounts(splitOverPeriod(10_400_000, SUMMIT.start, SUMMIT.end))).toEqual([3_917_808, 5_200_000, 1_282_192]);
  });
});

describe("splitOverPeriod: shapes of periods", () => {
  it("gives everything to the only year of a one-day period", () => {
    expect(splitOverPeriod(12_345, "2026-04-01", "2026-04-01")).toEqual([{ year: 2026, amountCents: 12_345 }]);
    expect(splitOverPeriod(1, "2028-02-29", "2028-02-29")).toEqual([{ year: 2028, amountCents: 1 }]);
  });

  it("gives everything to the only year of a period within one year", () => {
    expect(splitOverPeriod(5_500_001, "2026-02-01", "2026-11-30")).toEqual([{ year: 2026, amountCents: 5_500_001 }]);
  });

  it("gives each side of New Year half of a two-day period, the odd cent to the earlier year", () => {
    expect(amounts(splitOverPeriod(100, "2026-12-31", "2027-01-01"))).toEqual([50, 50]);
    expect(amounts(splitOverPeriod(101, "2026-12-31", "2027-01-01"))).toEqual([51, 50]);
  });

  it("counts 366 days in a leap year", () => {
    // 100 000 € over 2027–2028 (731 days): 4 993 160,05 and 5 006 839,95 before rounding.
    expect(splitOverPeriod(10_000_000, "2027-01-01", "2028-12-31")).toEqual([
      { year: 2027, amountCents: 4_993_160 },
      { year: 2028, amountCents: 5_006_840 },
    ]);
    // Two equal halves of a non-leap and a leap year are not equal: 29 February counts.
    const [a, b] = amounts(splitOverPeriod(73_100, "2027-01-01", "2028-12-31"));
    expect([a, b]).toEqual([36_500, 36_600]);
  });

  it("spreads over a period across 4 and more years", () => {
    expect(amounts(splitOverPeriod(8_250_000, "2026-12-01", "2029-12-31"))).toEqual([226_930, 2_671_917, 2_679_237, 2_671_916]);
    // 2025-05-01..2031-04-30: 245, 365, 365, 366, 365, 365, 120 days.
    const seven = splitOverPeriod(10_000_000, "2025-05-01", "2031-04-30");
    expect(seven.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031]);
    expect(amounts(seven)).toEqual([1_118_211, 1_665_906, 1_665_906, 1_670_470, 1_665_906, 1_665_906, 547_695]);
    expect(amounts(splitOverPeriod(52_000_000, "2025-05-01", "2031-04-30"))).toEqual([
      5_814_696, 8_662_711, 8_662_711, 8_686_445, 8_662_711, 8_662_711, 2_848_015,
    ]);
  });

  it("gives a 1-cent total to the year with the largest share of days", () => {
    expect(amounts(splitOverPeriod(1, SUMMIT.start, SUMMIT.end))).toEqual([0, 1, 0]);
    expect(amounts(splitOverPeriod(1, "2025-05-01", "2031-04-30"))).toEqual([0, 0, 0, 1, 0, 0, 0]); // the leap year 2028
  });

  it("gives a 1-cent total to the earlier of two years with equal days", () => {
    // 1 + 365 + 365 days (2028 is a leap year, so 1.1.–30.12.2028 is 365 days).
    expect(daysPerYear("2026-12-31", "2028-12-30").map((d) => d.days)).toEqual([1, 365, 365]);
    expect(amounts(splitOverPeriod(1, "2026-12-31", "2028-12-30"))).toEqual([0, 1, 0]);
    expect(amounts(splitOverPeriod(1, "2026-12-31", "2027-01-01"))).toEqual([1, 0]);
  });

  it("gives a few cents one by one by remainder", () => {
    // 7 cents over 245/365/365/366/365/365/120 days: floors 0,1,1,1,1,1,0; remainders favour 2025 then 2031.
    expect(amounts(splitOverPeriod(7, "2025-05-01", "2031-04-30"))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(amounts(splitOverPeriod(2, SUMMIT.start, SUMMIT.end))).toEqual([1, 1, 0]);
    expect(amounts(splitOverPeriod(3, SUMMIT.start, SUMMIT.end))).toEqual([1, 2, 0]);
  });

  it("gives zero to every year of a zero total", () => {
    expect(splitOverPeriod(0, SUMMIT.start, SUMMIT.end)).toEqual([
      { year: 2026, amountCents: 0 },
      { year: 2027, amountCents: 0 },
      { year: 2028, amountCents: 0 },
    ]);
  });

  it("refuses a period that ends before it starts, and amounts that are not cents", () => {
    expect(() => splitOverPeriod(100, "2028-01-01", "2027-12-31")).toThrow(RangeError);
    expect(() => splitOverPeriod(-100, SUMMIT.start, SUMMIT.end)).toThrow(RangeError);
    expect(() => splitOverPeriod(0.5, SUMMIT.start, SUMMIT.end)).toThrow(TypeError);
  });

  it("stays exact for the largest amounts", () => {
    const parts = amounts(splitOverPeriod(MAX_CENTS, SUMMIT.start, SUMMIT.end));
    expect(sum(parts)).toBe(MAX_CENTS);
    expect(parts[1]).toBe(MAX_CENTS / 2); // 365 of 730 days
  });
});

/* ---------- property test over generated totals and periods ---------- */

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Days per calendar year counted independently of days.ts, with plain UTC arithmetic. */
function referenceDaysPerYear(start: string, end: string): { year: number; days: number }[] {
  const out: { year: number; days: number }[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) {
    const from = Math.max(Date.parse(`${start}T00:00:00Z`), Date.UTC(y, 0, 1));
    const to = Math.min(Date.parse(`${end}T00:00:00Z`), Date.UTC(y, 11, 31));
    out.push({ year: y, days: (to - from) / 86_400_000 + 1 });
  }
  return out;
}

describe("splitOverPeriod: properties over generated totals and periods", () => {
  const random = rng(20260401);
  const cases: { total: number; start: string; end: string }[] = [];
  for (let i = 0; i < 600; i++) {
    const start = addDays("2024-01-01", Math.floor(random() * 3650));
    const end = addDays(start, Math.floor(random() * (i % 3 === 0 ? 40 : 2200)));
    const magnitude = [10, 1000, 100_000, 10_000_000, 10_000_000_000, MAX_CENTS][i % 6]!;
    cases.push({ total: Math.floor(random() * magnitude), start, end });
  }
  // Some fixed edges too.
  cases.push({ total: MAX_CENTS, start: "2024-02-29", end: "2033-12-31" }, { total: 1, start: "2024-12-31", end: "2025-01-01" });

  // One pass over the cases, collecting failures and asserting once: thousands of expect() calls would be slow.
  it("sums exactly to the total; each year gets the floor of its exact share or one cent more, the extra cents to the largest remainders, ties to the earlier year", () => {
    const failures: unknown[] = [];
    for (const c of cases) {
      const dpy = referenceDaysPerYear(c.start, c.end);
      const allDays = BigInt(dpy.reduce((a, d) => a + d.days, 0));
      const split = splitOverPeriod(c.total, c.start, c.end);
      const parts = amounts(split);
      let good =
        sum(parts) === c.total &&
        allDays === BigInt(daysInclusive(c.start, c.end)) &&
        JSON.stringify(daysPerYear(c.start, c.end)) === JSON.stringify(dpy) &&
        split.length === dpy.length &&
        split.every((p, i) => p.year === dpy[i]!.year && Number.isSafeInteger(p.amountCents) && p.amountCents >= 0);
      const exact = dpy.map((d) => ({ floor: (BigInt(c.total) * BigInt(d.days)) / allDays, rem: (BigInt(c.total) * BigInt(d.days)) % allDays }));
      const extra = parts.map((p, i) => BigInt(p) - exact[i]!.floor);
      good &&= extra.every((e) => e === 0n || e === 1n);
      // Every year that got an extra cent ranks before every year that did not.
      for (let i = 0; good && i < parts.length; i++) {
        for (let j = 0; j < parts.length; j++) {
          if (extra[i] === 1n && extra[j] === 0n) {
            const a = exact[i]!.rem;
            const b = exact[j]!.rem;
            if (!(a > b || (a === b && i < j))) good = false;
          }
        }
      }
      if (!good) failures.push({ ...c, parts });
    }
    expect(failures).toEqual([]);
  });
});

describe("apportion", () => {
  it("splits by integer weights with the largest remainders", () => {
    expect(apportion(100, [1, 2])).toEqual([33, 67]);
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(5_500_000, [275, 365, 90])).toEqual([2_071_918, 2_750_000, 678_082]);
  });

  it("breaks ties in the remainder towards the earlier entry", () => {
    expect(apportion(1, [1, 1])).toEqual([1, 0]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(apportion(1, [0, 1, 1])).toEqual([0, 1, 0]);
    expect(apportion(5, [2, 2, 2, 2])).toEqual([2, 1, 1, 1]);
    expect(apportion(7, [3, 1, 3, 1])).toEqual([3, 1, 2, 1]); // 2,625 / 0,875 / 2,625 / 0,875
  });

  it("gives nothing to a zero weight", () => {
    expect(apportion(10, [0, 5, 0])).toEqual([0, 10, 0]);
  });

  it("handles zero totals and empty lists", () => {
    expect(apportion(0, [])).toEqual([]);
    expect(apportion(0, [0, 0])).toEqual([0, 0]);
    expect(apportion(0, [3, 4])).toEqual([0, 0]);
  });

  it("refuses what cannot be apportioned", () => {
    expect(() => apportion(1, [])).toThrow(RangeError);
    expect(() => apportion(1, [0, 0])).toThrow(RangeError);
    expect(() => apportion(-1, [1])).toThrow(RangeError);
    expect(() => apportion(10, [1, -1])).toThrow(RangeError);
    expect(() => apportion(10, [1.5, 1])).toThrow(RangeError);
    expect(() => apportion(1.5, [1])).toThrow(TypeError);
  });

  it("is exact where floating point would not be", () => {
    const total = MAX_CENTS - 1;
    const parts = apportion(total, [3, 7, 11]);
    expect(sum(parts)).toBe(total);
    expect(parts).toEqual([
      Number((BigInt(total) * 3n) / 21n),
      Number((BigInt(total) * 7n) / 21n),
      Number((BigInt(total) * 11n) / 21n) + 1, // remainders 6, 0, 15 (of 21): the one cent left goes here
    ]);
  });
});

describe("checkExplicitSplit", () => {
  it("accepts a split that sums exactly", () => {
    expect(
      checkExplicitSplit(5_500_000, [
        { year: 2026, amountCents: 2_071_918 },
        { year: 2027, amountCents: 2_750_000 },
        { year: 2028, amountCents: 678_082 },
      ]),
    ).toEqual([]);
    expect(checkExplicitSplit(0, [])).toEqual([]);
  });

  it("reports a sum that is off, even by one cent", () => {
    expect(
      checkExplicitSplit(5_500_000, [
        { year: 2026, amountCents: 2_071_917 },
        { year: 2027, amountCents: 2_750_000 },
        { year: 2028, amountCents: 678_082 },
      ]),
    ).toEqual([{ code: "SPLIT_SUM_MISMATCH", expectedCents: 5_500_000, actualCents: 5_499_999 }]);
    expect(checkExplicitSplit(100, [])).toEqual([{ code: "SPLIT_SUM_MISMATCH", expectedCents: 100, actualCents: 0 }]);
  });

  it("reports a year entered twice, once per repetition", () => {
    expect(
      checkExplicitSplit(2_100_000, [
        { year: 2027, amountCents: 700_000 },
        { year: 2027, amountCents: 700_000 },
        { year: 2028, amountCents: 700_000 },
      ]),
    ).toEqual([{ code: "SPLIT_DUPLICATE_YEAR", year: 2027 }]);
    expect(
      checkExplicitSplit(300, [
        { year: 2027, amountCents: 100 },
        { year: 2027, amountCents: 100 },
        { year: 2027, amountCents: 100 },
      ]),
    ).toEqual([
      { code: "SPLIT_DUPLICATE_YEAR", year: 2027 },
      { code: "SPLIT_DUPLICATE_YEAR", year: 2027 },
    ]);
  });

  it("reports both problems together", () => {
    const problems = checkExplicitSplit(1000, [
      { year: 2026, amountCents: 400 },
      { year: 2026, amountCents: 400 },
    ]);
    expect(problems.map((p) => p.code).sort()).toEqual(["SPLIT_DUPLICATE_YEAR", "SPLIT_SUM_MISMATCH"]);
  });
});

describe("yearlyAmounts", () => {
  it("uses the explicit split when there is one, sorted by year, even if it differs from the rule", () => {
    const explicit = [
      { year: 2029, amountCents: 700_000 },
      { year: 2027, amountCents: 700_000 },
      { year: 2028, amountCents: 700_000 },
    ];
    expect(yearlyAmounts(2_100_000, { start: "2027-01-01", end: "2028-12-31" }, explicit)).toEqual([
      { year: 2027, amountCents: 700_000 },
      { year: 2028, amountCents: 700_000 },
      { year: 2029, amountCents: 700_000 },
    ]);
    // The input is not reordered in place.
    expect(explicit[0]!.year).toBe(2029);
  });

  it("falls back to the split rule when there is no explicit split", () => {
    const rule = splitOverPeriod(5_500_000, SUMMIT.start, SUMMIT.end);
    expect(yearlyAmounts(5_500_000, SUMMIT, null)).toEqual(rule);
    expect(yearlyAmounts(5_500_000, SUMMIT, [])).toEqual(rule);
  });
});

describe("sumByYear and amountInYear", () => {
  it("adds lists year by year, sorted", () => {
    const esr = splitOverPeriod(41_600_000, SUMMIT.start, SUMMIT.end);
    const own = splitOverPeriod(10_400_000, SUMMIT.start, SUMMIT.end);
    expect(sumByYear([own, esr])).toEqual([
      { year: 2026, amountCents: 19_589_041 },
      { year: 2027, amountCents: 26_000_000 },
      { year: 2028, amountCents: 6_410_959 },
    ]);
    expect(sumByYear([[{ year: 2029, amountCents: 1 }], [{ year: 2027, amountCents: 2 }]])).toEqual([
      { year: 2027, amountCents: 2 },
      { year: 2029, amountCents: 1 },
    ]);
    expect(sumByYear([])).toEqual([]);
  });

  it("reads one year, zero when absent", () => {
    const list = splitOverPeriod(5_500_000, SUMMIT.start, SUMMIT.end);
    expect(amountInYear(list, 2027)).toBe(2_750_000);
    expect(amountInYear(list, 2029)).toBe(0);
  });
});
