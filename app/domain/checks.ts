/**
 * Consistency checks of a plan version and the city's commitments to it. Each warning has a
 * stable code and parameters; its Finnish and English texts are in the message catalogue
 * (`warning.<CODE>`). Parameter names say how they are shown: *Cents as money, *Bp as a
 * percentage, *Day as a date, everything else as it is.
 */
import { shareOf, type Cents } from "./money";
import { yearOf, type Day } from "./days";
import { amountInYear, sumByYear } from "./split";
import { commitmentYears, expectedFlatRateCents, isFlatRateLine, planByYear, type CommitmentData, type PlanData, type PlanLineData } from "./plan";
import { costKindsFor, type CostKind } from "./vocabulary";

export const WARNING_CODES = [
  "FINANCING_TOTAL_MISMATCH",
  "PERCENT_MISMATCH",
  "COMMITMENT_YEAR_OUTSIDE_PERIOD",
  "LINE_YEAR_OUTSIDE_PERIOD",
  "IMPLEMENTER_SHARES_EXCEED_TOTAL",
  "COMMITMENT_WITHOUT_DECISION",
  "COSTS_FINANCING_MISMATCH",
  "COSTS_FINANCING_MISMATCH_YEAR",
  "ESR_RATE_VARIES",
  "FLAT_RATE_MISMATCH",
  "COST_KIND_NOT_IN_MODEL",
  "CITY_FINANCING_COMMITMENT_MISMATCH",
  "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type WarningParams = Record<string, string | number>;
export interface Warning {
  code: WarningCode;
  params: WarningParams;
}

export interface CheckContext {
  /** Display names of organisations by id. */
  names: ReadonlyMap<number, string>;
  /** Ids of the city and its units. */
  cityOrganisationIds: ReadonlySet<number>;
}

const bpOf = (part: Cents, whole: Cents) => Math.round((shareOf(part, whole) ?? 0) * 10_000);

/** A stated percentage matches when the actual share, rounded to the stated precision, equals it. */
export function statedPercentMatches(statedBp: number, amountCents: Cents, totalCents: Cents): boolean {
  if (totalCents === 0) return amountCents === 0;
  const exactBp = (amountCents * 10_000) / totalCents;
  const step = statedBp % 100 === 0 ? 100 : statedBp % 10 === 0 ? 10 : 1;
  return Math.round(exactBp / step) * step === statedBp;
}

/**
 * How many cents the split rule's rounding can move one year's sum of these lines (or
 * commitments) away from its exact share of the days: less than one cent for each one whose
 * yearly amounts are derived rather than entered; a derived flat-rate line also carries the
 * rounding of each derived staff line it follows (its rate is at most 100 %). Two sums that are
 * equal in exact terms therefore differ, in a year, by less than the sum of their slacks.
 */
function roundingSlack(items: readonly Pick<PlanLineData, "side" | "kind" | "entered">[], plan?: PlanData): number {
  const derived = (x: { entered: PlanLineData["entered"] }) => x.entered === null || x.entered.length === 0;
  const derivedStaff = plan ? plan.lines.filter((l) => l.side === "cost" && l.kind === "staff" && derived(l)).length : 0;
  return items.filter(derived).reduce((a, x) => a + (isFlatRateLine(x) ? 1 + derivedStaff : 1), 0);
}

export function checkPlan(plan: PlanData, commitments: readonly CommitmentData[], ctx: CheckContext): Warning[] {
  const w: Warning[] = [];
  const name = (id: number | null) => (id === null ? "" : (ctx.names.get(id) ?? `#${id}`));
  const period = { start: plan.start, end: plan.end };
  const inPeriod = (year: number) => year >= yearOf(plan.start) && year <= yearOf(plan.end);
  const financing = plan.lines.filter((l) => l.side === "financing");
  const costs = plan.lines.filter((l) => l.side === "cost");

  // Financing lines against the total budget.
  const financingCents = financing.reduce((a, l) => a + l.amountCents, 0);
  if (financing.length > 0 && financingCents !== plan.totalBudgetCents) {
    w.push({
      code: "FINANCING_TOTAL_MISMATCH",
      params: { financingCents, totalCents: plan.totalBudgetCents, differenceCents: Math.abs(financingCents - plan.totalBudgetCents) },
    });
  }

  // Stated percentages against their amounts.
  for (const l of financing) {
    if (l.statedPercentBp === null) continue;
    if (!statedPercentMatches(l.statedPercentBp, l.amountCents, plan.totalBudgetCents)) {
      w.push({
        code: "PERCENT_MISMATCH",
        params: {
          kind: l.kind,
          label: l.label || name(l.organisationId),
          statedBp: l.statedPercentBp,
          actualBp: bpOf(l.amountCents, plan.totalBudgetCents),
          amountCents: l.amountCents,
        },
      });
    }
  }

  // Implementers' shares against the total.
  const sharesCents = plan.implementers.reduce((a, i) => a + (i.budgetCents ?? 0), 0);
  if (sharesCents > plan.totalBudgetCents) {
    w.push({ code: "IMPLEMENTER_SHARES_EXCEED_TOTAL", params: { sharesCents, totalCents: plan.totalBudgetCents } });
  }

  // Entered yearly amounts of plan lines outside the period.
  for (const l of plan.lines) {
    for (const y of l.entered ?? []) {
      if (!inPeriod(y.year) && y.amountCents > 0) {
        w.push({
          code: "LINE_YEAR_OUTSIDE_PERIOD",
          params: { kind: l.kind, label: l.label || name(l.organisationId), year: y.year, startDay: plan.start, endDay: plan.end },
        });
      }
    }
  }

  // Commitments: years outside the period, missing decision references.
  for (const c of commitments) {
    const outside = (c.entered ?? []).filter((y) => !inPeriod(y.year) && y.amountCents > 0).map((y) => y.year);
    if (outside.length > 0) {
      w.push({
        code: "COMMITMENT_YEAR_OUTSIDE_PERIOD",
        params: { organisation: name(c.organisationId), years: outside.join(", "), startDay: plan.start, endDay: plan.end, amountCents: c.amountCents },
      });
    }
    if (c.decisionBody.trim() === "" || c.decisionDate === null) {
      w.push({ code: "COMMITMENT_WITHOUT_DECISION", params: { organisation: name(c.organisationId), amountCents: c.amountCents } });
    }
  }

  // Cost model: allowed kinds and the flat-rate line.
  const allowed = costKindsFor(plan.costModel);
  for (const l of costs) {
    if (!allowed.includes(l.kind as CostKind)) w.push({ code: "COST_KIND_NOT_IN_MODEL", params: { kind: l.kind, model: plan.costModel } });
  }
  const expectedFlat = expectedFlatRateCents(plan);
  const flatLines = costs.filter(isFlatRateLine);
  if (expectedFlat !== null && (flatLines.length > 0 || expectedFlat > 0)) {
    const actual = flatLines.reduce((a, l) => a + l.amountCents, 0);
    if (actual !== expectedFlat) w.push({ code: "FLAT_RATE_MISMATCH", params: { expectedCents: expectedFlat, actualCents: actual } });
  }

  const table = planByYear(plan);

  // Costs against financing, in total and per year (only when both sides are planned).
  if (costs.length > 0 && financing.length > 0) {
    if (table.total.costsTotalCents !== table.total.financingTotalCents) {
      w.push({ code: "COSTS_FINANCING_MISMATCH", params: { costsCents: table.total.costsTotalCents, financingCents: table.total.financingTotalCents } });
    } else {
      // Derived lines are rounded to the cent on each side: differences within that rounding are not a mismatch.
      const slack = roundingSlack(costs, plan) + roundingSlack(financing, plan);
      for (const y of table.years) {
        const diff = Math.abs(y.costsTotalCents - y.financingTotalCents);
        if (diff !== 0 && diff >= slack) {
          w.push({ code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: y.year, costsCents: y.costsTotalCents, financingCents: y.financingTotalCents } });
        }
      }
    }
  }

  // The ESR/public funding rate should be the same every year (cent rounding aside: each line of
  // the year's total is rounded on its own, so the ESR share can drift by up to one cent for every
  // financing line but one).
  const esrTotal = table.total.financing.esr;
  const base = table.total.totalCents;
  if (esrTotal > 0 && base > 0) {
    const tolerance = Math.max(1, financing.length - 1);
    for (const y of table.years) {
      if (y.totalCents === 0 && y.financing.esr === 0) continue;
      const expected = (esrTotal * y.totalCents) / base;
      if (Math.abs(y.financing.esr - expected) > tolerance) {
        w.push({ code: "ESR_RATE_VARIES", params: { year: y.year, rateBp: bpOf(y.financing.esr, y.totalCents), overallBp: bpOf(esrTotal, base) } });
      }
    }
  }

  // The plan's money attributed to a city unit against that unit's commitments.
  const cityLines = financing.filter(
    (l) => l.organisationId !== null && ctx.cityOrganisationIds.has(l.organisationId) && (l.kind === "own" || l.kind === "municipal"),
  );
  const unitIds = new Set<number>([...cityLines.map((l) => l.organisationId!), ...commitments.map((c) => c.organisationId)]);
  for (const unit of unitIds) {
    const lines = cityLines.filter((l) => l.organisationId === unit);
    const cs = commitments.filter((c) => c.organisationId === unit && c.conditionStatus !== "failed");
    if (lines.length === 0) continue; // the plan does not attribute money to this unit: nothing to compare
    const planCents = lines.reduce((a, l) => a + l.amountCents, 0);
    const committedCents = cs.reduce((a, c) => a + c.amountCents, 0);
    if (planCents !== committedCents) {
      w.push({
        code: "CITY_FINANCING_COMMITMENT_MISMATCH",
        params: { organisation: name(unit), planCents, committedCents, differenceCents: Math.abs(planCents - committedCents) },
      });
      continue;
    }
    const planYears = sumByYear(lines.map((l) => table.lineYears.get(l.key)!));
    const commitYears = sumByYear(cs.map((c) => commitmentYears(c, period)));
    const years = new Set([...planYears, ...commitYears].map((y) => y.year));
    const slack = roundingSlack(lines) + roundingSlack(cs.map((c) => ({ side: "financing" as const, kind: "municipal" as const, entered: c.entered })));
    for (const year of [...years].sort((a, b) => a - b)) {
      const p = amountInYear(planYears, year);
      const c = amountInYear(commitYears, year);
      if (p !== c && Math.abs(p - c) >= slack)
        w.push({ code: "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR", params: { organisation: name(unit), year, planCents: p, committedCents: c } });
    }
  }
  return w;
}

export type { Day };
