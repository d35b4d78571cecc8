/**
 * The per-year split rule. An explicit split entered by the user wins and must sum exactly
 * to the amount; otherwise the amount is spread over the period's days in each calendar year
 * (both end days included): every year gets the floor of its exact cent share and the cents
 * left over go one by one to the years with the largest remainders, ties to the earlier year.
 * The parts always sum exactly to the total.
 */
import { assertCents, type Cents } from "./money";
import { daysPerYear, type Day } from "./days";
import { splitSumMismatch } from "./split-sum";

export type YearAmount = { year: number; amountCents: Cents };

/**
 * Largest-remainder apportionment of `total` by integer weights. Exact: computed in BigInt.
 * Ties in the remainder go to the earlier entry. All weights zero → everything to nothing
 * is impossible, so the total goes to the first entry only when the total is zero.
 */
export function apportion(total: Cents, weights: readonly number[]): Cents[] {
  assertCents(total);
  if (total < 0) throw new RangeError("cannot apportion a negative amount");
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError("cannot apportion an amount over nothing");
  }
  const w = weights.map((x) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`bad weight ${x}`);
    return BigInt(x);
  });
  const sumW = w.reduce((a, b) => a + b, 0n);
  if (sumW === 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError("cannot apportion an amount over zero weights");
  }
  const t = BigInt(total);
  const parts = w.map((x) => (t * x) / sumW);
  const rema = w.map((x, i) => ({ i, r: (t * x) % sumW }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[rema[k]!.i]! += 1n;
  return parts.map(Number);
}

/** The amount spread over the period's days in each calendar year. */
export function splitOverPeriod(total: Cents, start: Day, end: Day): YearAmount[] {
  const dpy = daysPerYear(start, end);
  const parts = apportion(
    total,
    dpy.map((d) => d.days),
  );
  return dpy.map((d, i) => ({ year: d.year, amountCents: parts[i]! }));
}

export type SplitProblem = { code: "SPLIT_SUM_MISMATCH"; expectedCents: Cents; actualCents: Cents } | { code: "SPLIT_DUPLICATE_YEAR"; year: number };

/** Checks an explicit split against its total. */
export function checkExplicitSplit(total: Cents, entered: readonly YearAmount[]): SplitProblem[] {
  const problems: SplitProblem[] = [];
  const seen = new Set<number>();
  for (const e of entered) {
    if (seen.has(e.year)) problems.push({ code: "SPLIT_DUPLICATE_YEAR", year: e.year });
    seen.add(e.year);
  }
  const mismatch = splitSumMismatch(total, entered);
  if (mismatch) problems.push({ code: "SPLIT_SUM_MISMATCH", ...mismatch });
  return problems;
}

/**
 * The yearly amounts of one amount: the explicit split when there is one (sorted by year),
 * else the split over the period.
 */
export function yearlyAmounts(total: Cents, period: { start: Day; end: Day }, explicit: readonly YearAmount[] | null): YearAmount[] {
  if (explicit && explicit.length > 0) return [...explicit].sort((a, b) => a.year - b.year);
  return splitOverPeriod(total, period.start, period.end);
}

/** Adds yearly amounts together, year by year, sorted by year. */
export function sumByYear(lists: readonly (readonly YearAmount[])[]): YearAmount[] {
  const m = new Map<number, Cents>();
  for (const list of lists) for (const { year, amountCents } of list) m.set(year, (m.get(year) ?? 0) + amountCents);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([year, amountCents]) => ({ year, amountCents }));
}

export function amountInYear(list: readonly YearAmount[], year: number): Cents {
  return list.find((y) => y.year === year)?.amountCents ?? 0;
}
