/**
 * A plan version by calendar year: each line's yearly amounts (entered, or derived with the
 * split rule), the cost model's computed lines (flat rate × staff costs, staff hours × rate),
 * year totals as sums of the lines' yearly amounts, and the city's commitments per year.
 */
import { applyRate, assertCents, type BasisPoints, type Cents } from "./money";
import { yearsOf, type Day } from "./days";
import { amountInYear, apportion, sumByYear, yearlyAmounts, type YearAmount } from "./split";
import { COST_KINDS, FINANCING_KINDS, flatRateFor, type ConditionStatus, type CostKind, type CostModel, type FinancingKind, type LineSide } from "./vocabulary";

export interface PlanLineData {
  key: string;
  side: LineSide;
  kind: CostKind | FinancingKind;
  organisationId: number | null;
  /** true when the organisation is the city or one of its units (the city's own money). */
  organisationIsCity: boolean;
  label: string;
  amountCents: Cents;
  statedPercentBp: BasisPoints | null;
  staffHoursCenti: number | null;
  hourlyRateCents: Cents | null;
  /** Entered yearly amounts; null or empty when derived with the split rule. */
  entered: YearAmount[] | null;
}

export interface PlanData {
  start: Day;
  end: Day;
  totalBudgetCents: Cents;
  costModel: CostModel;
  flatRateBp: BasisPoints | null;
  lines: PlanLineData[];
  implementers: { organisationId: number; role: "lead" | "co"; budgetCents: Cents | null }[];
}

export interface CommitmentData {
  key: string;
  organisationId: number;
  amountCents: Cents;
  conditionStatus: ConditionStatus;
  decisionBody: string;
  decisionDate: Day | null;
  decisionSection: string;
  entered: YearAmount[] | null;
}

/** Staff costs from hours (in hundredths of an hour) × hourly rate, halves up. */
export function staffCostFromHours(staffHoursCenti: number, hourlyRateCents: Cents): Cents {
  assertCents(staffHoursCenti);
  assertCents(hourlyRateCents);
  const product = BigInt(staffHoursCenti) * BigInt(hourlyRateCents);
  const q = product / 100n;
  return Number((product % 100n) * 2n >= 100n ? q + 1n : q);
}

export function isFlatRateLine(line: Pick<PlanLineData, "side" | "kind">): boolean {
  return line.side === "cost" && line.kind === "flat_rate";
}

/** The staff costs a flat rate is computed on. */
export function staffBaseCents(lines: readonly PlanLineData[]): Cents {
  return lines.filter((l) => l.side === "cost" && l.kind === "staff").reduce((a, l) => a + l.amountCents, 0);
}

/** What the flat-rate line of this plan must be (null when the model has none). */
export function expectedFlatRateCents(plan: Pick<PlanData, "costModel" | "flatRateBp" | "lines">): Cents | null {
  const rate = flatRateFor(plan.costModel, plan.flatRateBp);
  if (rate === null) return null;
  return applyRate(staffBaseCents(plan.lines), rate);
}

/**
 * Fills in what the cost model computes: staff lines given as hours × rate get their amount,
 * and the flat-rate line gets rate × staff costs (one is added when the model needs it).
 */
export function applyCostModel(plan: PlanData): PlanData {
  const lines = plan.lines.map((l) =>
    l.side === "cost" && l.kind === "staff" && l.staffHoursCenti !== null && l.hourlyRateCents !== null
      ? { ...l, amountCents: staffCostFromHours(l.staffHoursCenti, l.hourlyRateCents) }
      : l,
  );
  const flat = expectedFlatRateCents({ ...plan, lines });
  if (flat === null) return { ...plan, lines: lines.filter((l) => !isFlatRateLine(l)) };
  const hasStaff = lines.some((l) => l.side === "cost" && l.kind === "staff");
  const existing = lines.find(isFlatRateLine);
  if (!hasStaff && !existing) return { ...plan, lines };
  const withFlat = existing
    ? lines.map((l) => (l === existing ? { ...l, amountCents: flat, entered: null } : l))
    : [
        ...lines,
        {
          key: "flat_rate",
          side: "cost" as const,
          kind: "flat_rate" as const,
          organisationId: null,
          organisationIsCity: false,
          label: "",
          amountCents: flat,
          statedPercentBp: null,
          staffHoursCenti: null,
          hourlyRateCents: null,
          entered: null,
        },
      ];
  return { ...plan, lines: withFlat };
}

function hasEntered(l: { entered: YearAmount[] | null }): boolean {
  return l.entered !== null && l.entered.length > 0;
}

/**
 * Each line's yearly amounts. Entered amounts win; a flat-rate line without entered amounts
 * follows its base (the staff costs of each year); every other line is split over the days.
 */
export function lineYears(plan: PlanData): Map<string, YearAmount[]> {
  const period = { start: plan.start, end: plan.end };
  const out = new Map<string, YearAmount[]>();
  for (const l of plan.lines) if (!isFlatRateLine(l)) out.set(l.key, yearlyAmounts(l.amountCents, period, l.entered));
  const staffYears = sumByYear(plan.lines.filter((l) => l.side === "cost" && l.kind === "staff").map((l) => out.get(l.key)!));
  for (const l of plan.lines.filter(isFlatRateLine)) {
    if (hasEntered(l)) out.set(l.key, yearlyAmounts(l.amountCents, period, l.entered));
    else if (staffYears.some((y) => y.amountCents > 0)) {
      const parts = apportion(
        l.amountCents,
        staffYears.map((y) => y.amountCents),
      );
      out.set(
        l.key,
        staffYears.map((y, i) => ({ year: y.year, amountCents: parts[i]! })),
      );
    } else out.set(l.key, yearlyAmounts(l.amountCents, period, null));
  }
  return out;
}

export type KindAmounts<K extends string> = Record<K, Cents>;

export interface PlanYear {
  year: number;
  costs: KindAmounts<CostKind>;
  financing: KindAmounts<FinancingKind>;
  costsTotalCents: Cents;
  financingTotalCents: Cents;
  /** The city's own money in the plan that year (lines covered by the city or its units). */
  cityCents: Cents;
  /** The year's total: the financing when there is any, else the costs. */
  totalCents: Cents;
}

function zeroes<K extends string>(keys: readonly K[]): KindAmounts<K> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as KindAmounts<K>;
}

/** The plan as a table with calendar years as rows (every year of the period, plus any entered). */
export function planByYear(plan: PlanData): { years: PlanYear[]; lineYears: Map<string, YearAmount[]>; total: Omit<PlanYear, "year"> } {
  const ly = lineYears(plan);
  const yearSet = new Set(yearsOf(plan.start, plan.end));
  for (const list of ly.values()) for (const y of list) yearSet.add(y.year);
  const years = [...yearSet]
    .sort((a, b) => a - b)
    .map((year) => {
      const row: PlanYear = {
        year,
        costs: zeroes(COST_KINDS),
        financing: zeroes(FINANCING_KINDS),
        costsTotalCents: 0,
        financingTotalCents: 0,
        cityCents: 0,
        totalCents: 0,
      };
      for (const l of plan.lines) {
        const a = amountInYear(ly.get(l.key)!, year);
        if (l.side === "cost") {
          row.costs[l.kind as CostKind] += a;
          row.costsTotalCents += a;
        } else {
          row.financing[l.kind as FinancingKind] += a;
          row.financingTotalCents += a;
          if (l.organisationIsCity && (l.kind === "own" || l.kind === "municipal")) row.cityCents += a;
        }
      }
      row.totalCents = plan.lines.some((l) => l.side === "financing") ? row.financingTotalCents : row.costsTotalCents;
      return row;
    });
  const total: Omit<PlanYear, "year"> = {
    costs: zeroes(COST_KINDS),
    financing: zeroes(FINANCING_KINDS),
    costsTotalCents: 0,
    financingTotalCents: 0,
    cityCents: 0,
    totalCents: 0,
  };
  for (const r of years) {
    for (const k of COST_KINDS) total.costs[k] += r.costs[k];
    for (const k of FINANCING_KINDS) total.financing[k] += r.financing[k];
    total.costsTotalCents += r.costsTotalCents;
    total.financingTotalCents += r.financingTotalCents;
    total.cityCents += r.cityCents;
    total.totalCents += r.totalCents;
  }
  return { years, lineYears: ly, total };
}

/** The public (ESR+) funding as its EU and state parts. */
export function publicFundingParts(esrCents: Cents, euShareBp: BasisPoints): { euCents: Cents; stateCents: Cents } {
  const euCents = applyRate(esrCents, euShareBp);
  return { euCents, stateCents: esrCents - euCents };
}

/* ---------- the city's commitments per year ---------- */

export function commitmentYears(c: Pick<CommitmentData, "amountCents" | "entered">, period: { start: Day; end: Day }): YearAmount[] {
  return yearlyAmounts(c.amountCents, period, c.entered);
}

export type CommitmentState = "confirmed" | "conditional" | "failed";

export function commitmentState(status: ConditionStatus): CommitmentState {
  if (status === "pending") return "conditional";
  if (status === "failed") return "failed";
  return "confirmed";
}

export interface CommitmentYearTotals {
  year: number;
  confirmedCents: Cents;
  conditionalCents: Cents;
}

/** Confirmed and conditional amounts per year; commitments whose condition failed count for nothing. */
export function commitmentsByYear(commitments: readonly { conditionStatus: ConditionStatus; years: readonly YearAmount[] }[]): CommitmentYearTotals[] {
  const m = new Map<number, CommitmentYearTotals>();
  for (const c of commitments) {
    const state = commitmentState(c.conditionStatus);
    if (state === "failed") continue;
    for (const y of c.years) {
      const row = m.get(y.year) ?? { year: y.year, confirmedCents: 0, conditionalCents: 0 };
      if (state === "confirmed") row.confirmedCents += y.amountCents;
      else row.conditionalCents += y.amountCents;
      m.set(y.year, row);
    }
  }
  return [...m.values()].sort((a, b) => a.year - b.year);
}

/** Fills the missing years of a range with zeroes (for tables with fixed year columns). */
export function fillYears(rows: readonly CommitmentYearTotals[], from: number, to: number): CommitmentYearTotals[] {
  const out: CommitmentYearTotals[] = [];
  for (let y = from; y <= to; y++) out.push(rows.find((r) => r.year === y) ?? { year: y, confirmedCents: 0, conditionalCents: 0 });
  return out;
}
