/**
 * The portfolio's funding by year, as pure arithmetic in integer cents: a project's financing
 * by source per calendar year (with the public funding's EU and state parts), exact sums over
 * projects and years, and the leverage: cents of ESR/public funding per euro of the city's own
 * money (own funding and municipal co-financing covered by the city or its units).
 */
import { assertCents, formatMoney, type BasisPoints, type Cents } from "./money";
import { publicFundingParts, type KindAmounts, type PlanYear } from "./plan";
import { apportion } from "./split";
import { FINANCING_KINDS, type FinancingKind } from "./vocabulary";
import { inYearRange, type YearRange } from "./year-range";

export interface FundingAmounts {
  /** Each financing source's amount. */
  financing: KindAmounts<FinancingKind>;
  /** The sum of the sources. */
  totalCents: Cents;
  /** The city's own money: own/municipal lines covered by the city or its units. */
  cityCents: Cents;
  /** The ESR/public funding's EU part. */
  euCents: Cents;
  /** The ESR/public funding's state part. */
  stateCents: Cents;
}

export interface FundingYear extends FundingAmounts {
  year: number;
}

export function emptyFunding(): FundingAmounts {
  return {
    financing: Object.fromEntries(FINANCING_KINDS.map((k) => [k, 0])) as KindAmounts<FinancingKind>,
    totalCents: 0,
    cityCents: 0,
    euCents: 0,
    stateCents: 0,
  };
}

/** a + b, field by field (a new object). */
export function addFunding(a: FundingAmounts, b: FundingAmounts): FundingAmounts {
  const out = emptyFunding();
  for (const k of FINANCING_KINDS) out.financing[k] = a.financing[k] + b.financing[k];
  out.totalCents = a.totalCents + b.totalCents;
  out.cityCents = a.cityCents + b.cityCents;
  out.euCents = a.euCents + b.euCents;
  out.stateCents = a.stateCents + b.stateCents;
  return out;
}

/**
 * One project's funding per year from its plan by year. The EU part is computed once on the
 * project's whole ESR/public funding (as the project page shows it) and apportioned over the
 * years in proportion to each year's ESR/public funding, so the years sum exactly to it.
 */
export function projectFundingYears(years: readonly Pick<PlanYear, "year" | "financing" | "cityCents">[], euShareBp: BasisPoints): FundingYear[] {
  const esrYears = years.map((y) => y.financing.esr);
  const esrTotal = esrYears.reduce((a, v) => a + v, 0);
  const euTotal = publicFundingParts(esrTotal, euShareBp).euCents;
  const euYears = esrTotal > 0 ? apportion(euTotal, esrYears) : esrYears.map(() => 0);
  return years.map((y, i) => {
    const financing = { ...y.financing };
    let totalCents = 0;
    for (const k of FINANCING_KINDS) {
      assertCents(financing[k]);
      totalCents += financing[k];
    }
    const euCents = euYears[i]!;
    return { year: y.year, financing, totalCents, cityCents: y.cityCents, euCents, stateCents: y.financing.esr - euCents };
  });
}

/** Only the years inside the range. */
export function clipYears<T extends { year: number }>(years: readonly T[], range: YearRange): T[] {
  return years.filter((y) => inYearRange(y.year, range));
}

/** Several projects' years added together, year by year (sorted by year). */
export function sumFundingYears(lists: readonly (readonly FundingYear[])[]): FundingYear[] {
  const m = new Map<number, FundingAmounts>();
  for (const list of lists) for (const y of list) m.set(y.year, addFunding(m.get(y.year) ?? emptyFunding(), y));
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([year, amounts]) => ({ year, ...amounts }));
}

/** The sum over years. */
export function fundingTotal(years: readonly FundingAmounts[]): FundingAmounts {
  return years.reduce<FundingAmounts>((a, y) => addFunding(a, y), emptyFunding());
}

/**
 * The leverage: how many cents of ESR/public funding each euro of the city's money brings,
 * i.e. 100 × public / city rounded to the nearest cent, halves up, computed exactly.
 * null when the city puts in nothing (the ratio is undefined, not infinite).
 */
export function leverageCentsPerEuro(publicCents: Cents, cityCents: Cents): number | null {
  assertCents(publicCents);
  assertCents(cityCents);
  if (cityCents <= 0 || publicCents < 0) return null;
  const n = BigInt(publicCents) * 100n;
  const d = BigInt(cityCents);
  const q = n / d;
  return Number((n % d) * 2n >= d ? q + 1n : q);
}

/** The leverage of a set of amounts: their ESR/public funding over the city's money. */
export function leverageOf(a: Pick<FundingAmounts, "financing" | "cityCents">): number | null {
  return leverageCentsPerEuro(a.financing.esr, a.cityCents);
}

/** "4,00 €" (per euro of the city's money); "–" when undefined. The one format of leverage everywhere. */
export function formatLeverage(centsPerEuro: number | null): string {
  return centsPerEuro === null ? "–" : formatMoney(centsPerEuro, { cents: "always" });
}
