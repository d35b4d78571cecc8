/**
 * Reports from grantees: their states, their checks against the project's plan, and what an
 * accepted report adds to the project's realised figures (docs/decisions/013).
 *
 * States: draft → submitted → accepted, or submitted → returned → submitted (again) → …
 * Only a draft or a returned report can be edited; only a submitted one can be returned or
 * accepted; an accepted one never changes.
 *
 * Counts are of the report's period (what arrived in it, not running totals). Reached people are
 * split into women, men and "other or not reported"; the total is their sum. Outcomes (to work,
 * to education, other) are counted among those reached.
 *
 * Costs are realised costs of the period by the cost kinds of the plan's cost model; a flat rate
 * is computed from the staff costs by the model (never entered). The plan's amount of a kind is
 * the sum of the current plan's cost lines of that kind (unknown when the plan has none of it);
 * the costs reported so far (accepted reports) plus this report's must stay within it, or the
 * report says why. The same holds for the total against the plan's total budget.
 */
import { applyRate, type BasisPoints, type Cents } from "./money";
import { splitOverPeriod } from "./split";
import type { Day } from "./days";
import { costKindsFor, flatRateFor, type CostKind, type CostModel } from "./vocabulary";

export const REPORT_KINDS = ["yearly", "interim", "final", "committee"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_STATUSES = ["draft", "submitted", "returned", "accepted"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_SECTIONS = ["general", "period", "reach", "outcomes", "costs", "funding", "texts", "attachments"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export type ReportAction = "save" | "submit" | "return" | "accept";

/** The report an obligation's deadline asks for (null: the obligation asks for no report). */
export function reportKindFor(obligationKind: string): ReportKind | null {
  switch (obligationKind) {
    case "yearly_report":
      return "yearly";
    case "interim_report":
      return "interim";
    case "final_report":
      return "final";
    case "committee_report":
      return "committee";
    default:
      return null;
  }
}

const TRANSITIONS: Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>> = {
  draft: { save: "draft", submit: "submitted" },
  returned: { save: "returned", submit: "submitted" },
  submitted: { return: "returned", accept: "accepted" },
  accepted: {},
};

/** The state an action leads to, or null when the action is not allowed in this state. */
export function nextStatus(from: ReportStatus, action: ReportAction): ReportStatus | null {
  return TRANSITIONS[from][action] ?? null;
}

export function isEditable(status: ReportStatus): boolean {
  return status === "draft" || status === "returned";
}

/** The deadline status that mirrors a report's state. */
export function deadlineStatusFor(status: ReportStatus): "open" | "submitted" | "returned" | "accepted" {
  return status === "draft" ? "open" : status;
}

export interface ReportCost {
  kind: CostKind;
  amountCents: Cents;
  explanation: string;
}

/** What a report states (null: not filled in yet). */
export interface ReportFigures {
  periodStart: Day | null;
  periodEnd: Day | null;
  reachedWomen: number | null;
  reachedMen: number | null;
  reachedOther: number | null;
  reachedTotal: number | null;
  outcomeWork: number | null;
  outcomeEducation: number | null;
  outcomeOther: number | null;
  partners: number | null;
  esrReceivedCents: Cents | null;
  cityReceivedCents: Cents | null;
  otherReceivedCents: Cents | null;
  /** Entered kinds only (the flat rate is computed, see withComputedCosts). */
  costs: ReportCost[];
  doneText: string;
  changesText: string;
  nextText: string;
}

export type ReportIssue = { path: string; key: string; params?: Record<string, string | number> };

const sum = (xs: readonly (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/**
 * Checks of the counts alone (also for a draft, and in the browser): the reached total is the
 * sum of its parts, and no outcome count, nor their sum, exceeds those reached.
 */
export function checkCounts(
  f: Pick<ReportFigures, "reachedWomen" | "reachedMen" | "reachedOther" | "reachedTotal" | "outcomeWork" | "outcomeEducation" | "outcomeOther">,
): ReportIssue[] {
  const issues: ReportIssue[] = [];
  const parts = [f.reachedWomen, f.reachedMen, f.reachedOther];
  const given = parts.filter((p) => p !== null);
  const partSum = sum(parts);
  if (f.reachedTotal !== null) {
    if (given.length === 3 && f.reachedTotal > partSum) issues.push({ path: "reachedTotal", key: "report.error.totalAboveParts", params: { parts: partSum } });
    else if (partSum > f.reachedTotal) issues.push({ path: "reachedTotal", key: "report.error.partsAboveTotal", params: { parts: partSum } });
  }
  const reached = f.reachedTotal ?? (given.length === 3 ? partSum : null);
  if (reached !== null) {
    for (const [path, v] of [
      ["outcomeWork", f.outcomeWork],
      ["outcomeEducation", f.outcomeEducation],
      ["outcomeOther", f.outcomeOther],
    ] as const)
      if (v !== null && v > reached) issues.push({ path, key: "report.error.outcomeAboveReached", params: { reached } });
    const outcomes = sum([f.outcomeWork, f.outcomeEducation, f.outcomeOther]);
    if (issues.length === 0 && outcomes > reached)
      issues.push({ path: "outcomeWork", key: "report.error.outcomesAboveReached", params: { outcomes, reached } });
  }
  return issues;
}

/** The plan a report is checked against. */
export interface ReportPlan {
  start: Day;
  end: Day;
  totalBudgetCents: Cents;
  costModel: CostModel;
  flatRateBp: BasisPoints | null;
  /** The sum of the current plan's cost lines by kind (a kind the plan has no line of is absent). */
  plannedByKind: Partial<Record<CostKind, Cents>>;
}

/** The cost kinds a report of this plan asks for, in order; `computed`: the flat rate. */
export function costRows(plan: Pick<ReportPlan, "costModel" | "flatRateBp">): { kind: CostKind; computed: boolean }[] {
  const rate = flatRateFor(plan.costModel, plan.flatRateBp);
  return costKindsFor(plan.costModel)
    .filter((k) => k !== "flat_rate" || rate !== null)
    .map((kind) => ({ kind, computed: kind === "flat_rate" }));
}

/** The entered costs with the flat rate computed from the staff costs (rate × staff, halves up). */
export function withComputedCosts(costs: readonly ReportCost[], plan: Pick<ReportPlan, "costModel" | "flatRateBp">): ReportCost[] {
  const rate = flatRateFor(plan.costModel, plan.flatRateBp);
  const rows = costRows(plan);
  const out: ReportCost[] = [];
  for (const r of rows) {
    if (r.computed) continue;
    const c = costs.find((x) => x.kind === r.kind);
    out.push({ kind: r.kind, amountCents: c?.amountCents ?? 0, explanation: c?.explanation ?? "" });
  }
  if (rate !== null) {
    const staff = out.find((c) => c.kind === "staff")?.amountCents ?? 0;
    const entered = costs.find((c) => c.kind === "flat_rate");
    out.splice(1, 0, { kind: "flat_rate", amountCents: applyRate(staff, rate), explanation: entered?.explanation ?? "" });
  }
  return out;
}

export const totalCost = (costs: readonly ReportCost[]) => costs.reduce((a, c) => a + c.amountCents, 0);

/**
 * The checks that make a report ready to submit: everything filled in, the period inside the
 * project's, the counts consistent, and costs (those accepted before plus this report's) within
 * the plan's lines and total budget unless the report explains why. `earlier`: realised costs
 * by kind of the project's accepted reports (this one excluded).
 */
export function checkSubmission(f: ReportFigures, plan: ReportPlan, earlier: Partial<Record<CostKind, Cents>>): ReportIssue[] {
  const issues: ReportIssue[] = [];
  const need = (path: string, v: unknown) => {
    if (v === null || v === "") issues.push({ path, key: "report.error.requiredToSubmit" });
  };
  need("periodStart", f.periodStart);
  need("periodEnd", f.periodEnd);
  if (f.periodStart && f.periodStart < plan.start)
    issues.push({ path: "periodStart", key: "report.error.outsideProject", params: { startDay: plan.start, endDay: plan.end } });
  if (f.periodEnd && f.periodEnd > plan.end)
    issues.push({ path: "periodEnd", key: "report.error.outsideProject", params: { startDay: plan.start, endDay: plan.end } });
  if (f.periodStart && f.periodEnd && f.periodEnd < f.periodStart) issues.push({ path: "periodEnd", key: "report.error.periodReversed" });
  for (const k of ["reachedWomen", "reachedMen", "reachedOther", "reachedTotal", "outcomeWork", "outcomeEducation", "outcomeOther", "partners"] as const)
    need(k, f[k]);
  for (const k of ["esrReceivedCents", "cityReceivedCents", "otherReceivedCents"] as const) need(k.replace(/Cents$/, ""), f[k]);
  need("doneText", f.doneText);
  issues.push(...checkCounts(f));

  const costs = withComputedCosts(f.costs, plan);
  for (const c of costs) {
    const planned = plan.plannedByKind[c.kind];
    const soFar = (earlier[c.kind] ?? 0) + c.amountCents;
    if (planned !== undefined && soFar > planned && c.explanation.trim() === "")
      issues.push({ path: `costs.${c.kind}.explanation`, key: "report.error.costAbovePlan", params: { plannedCents: planned, soFarCents: soFar } });
  }
  const earlierTotal = Object.values(earlier).reduce<number>((a, v) => a + (v ?? 0), 0);
  const total = earlierTotal + totalCost(costs);
  if (total > plan.totalBudgetCents && costs.every((c) => c.explanation.trim() === ""))
    issues.push({
      path: `costs.${costs[0]?.kind ?? "staff"}.explanation`,
      key: "report.error.totalAboveBudget",
      params: { budgetCents: plan.totalBudgetCents, soFarCents: total },
    });
  return issues;
}

/** An accepted report's money by calendar year: each amount spread over the period's days. */
export interface RealisedYear {
  year: number;
  costCents: Cents;
  esrCents: Cents;
  cityCents: Cents;
  otherCents: Cents;
}

export function realisedByYear(start: Day, end: Day, amounts: { costCents: Cents; esrCents: Cents; cityCents: Cents; otherCents: Cents }): RealisedYear[] {
  const cost = splitOverPeriod(amounts.costCents, start, end);
  const esr = splitOverPeriod(amounts.esrCents, start, end);
  const city = splitOverPeriod(amounts.cityCents, start, end);
  const other = splitOverPeriod(amounts.otherCents, start, end);
  return cost.map((c, i) => ({
    year: c.year,
    costCents: c.amountCents,
    esrCents: esr[i]!.amountCents,
    cityCents: city[i]!.amountCents,
    otherCents: other[i]!.amountCents,
  }));
}

/** What an accepted report adds to the project's indicators (kinds with nothing to add are left out). */
export function indicatorEntriesOf(f: ReportFigures): {
  reach: { value: number; women: number; men: number; other: number } | null;
  work: number;
  education: number;
  partners: number;
} {
  return {
    reach: f.reachedTotal !== null ? { value: f.reachedTotal, women: f.reachedWomen ?? 0, men: f.reachedMen ?? 0, other: f.reachedOther ?? 0 } : null,
    work: f.outcomeWork ?? 0,
    education: f.outcomeEducation ?? 0,
    partners: f.partners ?? 0,
  };
}
