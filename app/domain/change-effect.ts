/**
 * A change request's effect on the city's commitments per calendar year: the project's own and,
 * given the city's totals without the project, the whole city's, before and after, confirmed and
 * conditional apart; and the plan's yearly figures before and after. The per-year amounts come
 * from plan.ts, so the split rule is the one the rest of the ledger uses.
 */
import type { Cents } from "./money";

import { commitmentYears, commitmentsByYear, planByYear, type CommitmentYearTotals, type PlanYear } from "./plan";

import type { PlanSnapshot } from "./change-diff";

/* ====================================================================================== */
/* The yearly effect                                                                       */
/* ====================================================================================== */

/** Confirmed and conditional amounts with their sum. */
export interface StateAmounts {
  confirmedCents: Cents;
  conditionalCents: Cents;
  totalCents: Cents;
}

export interface StateAmountsChange {
  before: StateAmounts;
  after: StateAmounts;
  /** after − before, confirmed and conditional together. */
  differenceCents: Cents;
  confirmedDifferenceCents: Cents;
  conditionalDifferenceCents: Cents;
}

export interface YearStateChange extends StateAmountsChange {
  year: number;
}

/** One calendar year of the plan before and after: the year's total and the city's money in it. */
export interface PlanYearChange {
  year: number;
  beforeCents: Cents;
  afterCents: Cents;
  differenceCents: Cents;
  cityBeforeCents: Cents;
  cityAfterCents: Cents;
  cityDifferenceCents: Cents;
}

export interface YearlyEffect {
  /** The project's commitments per year before and after (every year from the first to the last of either). */
  commitments: YearStateChange[];
  commitmentTotals: StateAmountsChange;
  /**
   * The city's total commitment per year over the whole portfolio, now and if the request is
   * approved (this project's current commitments replaced by the proposed ones). Null when no
   * city totals were given.
   */
  city: YearStateChange[] | null;
  cityTotals: StateAmountsChange | null;
  /** The plan's yearly totals before and after. */
  plan: PlanYearChange[];
  planTotals: Omit<PlanYearChange, "year">;
  /** The full plan tables by year (every kind), for detailed views. */
  planBefore: PlanYear[];
  planAfter: PlanYear[];
}

export interface YearlyEffectOptions {
  /**
   * The city's current commitments per year over the whole portfolio (as commitmentsByYear
   * gives them), including this project's current commitments. Must cover every year in which
   * this project has current commitments.
   */
  cityTotals?: readonly CommitmentYearTotals[];
  /**
   * How the proposed commitments count once approved: as the proposal states their conditions
   * ("as_proposed", the default), or all conditional (an approval on a condition not yet met).
   */
  proposedAs?: "as_proposed" | "conditional";
}

/** A snapshot's commitments per year (the split rule over that snapshot's own period). */
export function snapshotCommitmentYears(s: PlanSnapshot, as: "as_proposed" | "conditional" = "as_proposed"): CommitmentYearTotals[] {
  const period = { start: s.plan.start, end: s.plan.end };
  return commitmentsByYear(
    s.commitments.map((c) => ({
      conditionStatus: as === "conditional" && c.conditionStatus !== "failed" ? ("pending" as const) : c.conditionStatus,
      years: commitmentYears(c, period),
    })),
  );
}

const amounts = (r: { confirmedCents: Cents; conditionalCents: Cents } | undefined): StateAmounts => ({
  confirmedCents: r?.confirmedCents ?? 0,
  conditionalCents: r?.conditionalCents ?? 0,
  totalCents: (r?.confirmedCents ?? 0) + (r?.conditionalCents ?? 0),
});

function change(before: StateAmounts, after: StateAmounts): StateAmountsChange {
  return {
    before,
    after,
    differenceCents: after.totalCents - before.totalCents,
    confirmedDifferenceCents: after.confirmedCents - before.confirmedCents,
    conditionalDifferenceCents: after.conditionalCents - before.conditionalCents,
  };
}

function find<T extends { year: number }>(rows: readonly T[], year: number): T | undefined {
  return rows.find((r) => r.year === year);
}

/** Every year from the smallest to the largest of the given ones (none → empty). */
function yearSpan(...lists: readonly (readonly { year: number }[])[]): number[] {
  const all = lists.flatMap((l) => l.map((x) => x.year));
  if (all.length === 0) return [];
  const out: number[] = [];
  for (let y = Math.min(...all); y <= Math.max(...all); y++) out.push(y);
  return out;
}

function sumStates(rows: readonly StateAmounts[]): StateAmounts {
  return rows.reduce(
    (t, r) => ({
      confirmedCents: t.confirmedCents + r.confirmedCents,
      conditionalCents: t.conditionalCents + r.conditionalCents,
      totalCents: t.totalCents + r.totalCents,
    }),
    { confirmedCents: 0, conditionalCents: 0, totalCents: 0 },
  );
}

/** Totals per year before and after, every year from the first to the last of either, with the differences. */
export function yearStateChanges(before: readonly CommitmentYearTotals[], after: readonly CommitmentYearTotals[]): YearStateChange[] {
  return yearSpan(before, after).map((year) => ({ year, ...change(amounts(find(before, year)), amounts(find(after, year))) }));
}

/**
 * The request's effect year by year: the project's commitments before and after (confirmed and
 * conditional apart) with the difference; given the city's current totals per year, what they
 * become if the request is approved; and the plan's yearly totals before and after.
 * Throws a RangeError when the city totals do not contain this project's current commitments
 * (a year would go below zero): that is a caller's mistake, not a user's.
 */
export function yearlyEffect(current: PlanSnapshot, proposed: PlanSnapshot, opts: YearlyEffectOptions = {}): YearlyEffect {
  const before = snapshotCommitmentYears(current);
  const after = snapshotCommitmentYears(proposed, opts.proposedAs ?? "as_proposed");

  const commitments = yearStateChanges(before, after);
  const commitmentTotals = change(sumStates(commitments.map((c) => c.before)), sumStates(commitments.map((c) => c.after)));

  let city: YearStateChange[] | null = null;
  let cityTotals: StateAmountsChange | null = null;
  if (opts.cityTotals) {
    const totals = opts.cityTotals;
    city = yearSpan(totals, before, after).map((year) => {
      const now = amounts(find(totals, year));
      const old = amounts(find(before, year));
      const neu = amounts(find(after, year));
      if (now.confirmedCents < old.confirmedCents || now.conditionalCents < old.conditionalCents) {
        throw new RangeError(`the city's totals for ${year} do not include this project's current commitments`);
      }
      const confirmedCents = now.confirmedCents - old.confirmedCents + neu.confirmedCents;
      const conditionalCents = now.conditionalCents - old.conditionalCents + neu.conditionalCents;
      return { year, ...change(now, { confirmedCents, conditionalCents, totalCents: confirmedCents + conditionalCents }) };
    });
    cityTotals = change(sumStates(city.map((c) => c.before)), sumStates(city.map((c) => c.after)));
  }

  const pb = planByYear(current.plan).years;
  const pa = planByYear(proposed.plan).years;
  const plan = yearSpan(pb, pa).map((year): PlanYearChange => {
    const b = find(pb, year);
    const a = find(pa, year);
    return {
      year,
      beforeCents: b?.totalCents ?? 0,
      afterCents: a?.totalCents ?? 0,
      differenceCents: (a?.totalCents ?? 0) - (b?.totalCents ?? 0),
      cityBeforeCents: b?.cityCents ?? 0,
      cityAfterCents: a?.cityCents ?? 0,
      cityDifferenceCents: (a?.cityCents ?? 0) - (b?.cityCents ?? 0),
    };
  });
  const sum = (k: keyof Omit<PlanYearChange, "year">) => plan.reduce((t, r) => t + r[k], 0);
  const planTotals = {
    beforeCents: sum("beforeCents"),
    afterCents: sum("afterCents"),
    differenceCents: sum("differenceCents"),
    cityBeforeCents: sum("cityBeforeCents"),
    cityAfterCents: sum("cityAfterCents"),
    cityDifferenceCents: sum("cityDifferenceCents"),
  };
  return { commitments, commitmentTotals, city, cityTotals, plan, planTotals, planBefore: pb, planAfter: pa };
}
