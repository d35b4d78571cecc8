/**
 * The plan version's form, shared by the browser (react-hook-form) and the server actions, and
 * by the forms that contain a plan (a new project, a change request). Projects: ./project.ts;
 * organisations: ./organisation.ts; commitments: ./commitment.ts (apart, so that a page loads
 * only the forms it shows).
 */
import { checkSplitSum, defineForm, isBlank, rows, str, yearlyRaw, type FieldParser } from "./form";
import { COST_KINDS, COST_MODELS, FINANCING_KINDS, costKindsFor, flatRateFor, type CostKind, type CostModel, type FinancingKind } from "~/domain/vocabulary";
import { yearOf, type Day } from "~/domain/days";
import { staffCostFromHours } from "~/domain/plan";
import { applyRate, type Cents } from "~/domain/money";
import type { YearAmount } from "~/domain/split";

/* ---------- plan version ---------- */

const costRow = { kind: str(), label: str(), organisationId: str(), amount: str(), hours: str(), hourlyRate: str(), yearly: yearlyRaw() };
const financingRow = { kind: str(), label: str(), organisationId: str(), amount: str(), statedPercent: str(), yearly: yearlyRaw() };
const implementerRow = { organisationId: str(), role: str(), budget: str() };

export const planShape = {
  start: str(),
  end: str(),
  totalBudget: str(),
  costModel: str(),
  flatRate: str(),
  note: str(),
  costs: rows(costRow),
  financing: rows(financingRow),
  implementers: rows(implementerRow),
  planRevision: str(),
};

export interface LineInput {
  side: "cost" | "financing";
  kind: CostKind | FinancingKind;
  organisationId: number | null;
  label: string;
  amountCents: Cents;
  statedPercentBp: number | null;
  staffHoursCenti: number | null;
  hourlyRateCents: Cents | null;
  years: YearAmount[];
}

export interface PlanInput {
  start: Day;
  end: Day;
  totalBudgetCents: Cents;
  costModel: CostModel;
  flatRateBp: number | null;
  note: string;
  lines: LineInput[];
  implementers: { organisationId: number; role: "lead" | "co"; budgetCents: Cents | null }[];
}

type Rows<T> = ({ [K in keyof T]?: unknown } | undefined)[] | undefined;
type PlanRaw = {
  start?: string;
  end?: string;
  totalBudget?: string;
  costModel?: string;
  flatRate?: string;
  note?: string;
  costs?: Rows<typeof costRow>;
  financing?: Rows<typeof financingRow>;
  implementers?: Rows<typeof implementerRow>;
};
type RowOf<T> = { [K in keyof T]?: K extends "yearly" ? Record<string, string | undefined> : string };

function checkYears(f: FieldParser, path: (string | number)[], amount: Cents, years: YearAmount[], start: Day | null, end: Day | null) {
  if (years.length === 0) return;
  if (start && end) {
    for (const y of years) {
      if (y.year < yearOf(start) || y.year > yearOf(end)) f.issue([...path, "yearly", `y${y.year}`], "error.year.outsidePeriod", { year: y.year });
    }
  }
  checkSplitSum(f, [...path, "yearlySum"], amount, years);
}

function parsePlan(raw: PlanRaw, f: FieldParser): PlanInput {
  const start = f.day(["start"], raw.start, { required: true });
  const end = f.day(["end"], raw.end, { required: true });
  if (start && end && end < start) f.issue(["end"], "error.period.endBeforeStart");
  const costModel = f.choice(["costModel"], raw.costModel, COST_MODELS);
  const flatRateBp = f.percent(["flatRate"], raw.flatRate, { required: costModel === "flat_staff" });
  const allowedCosts = costModel ? costKindsFor(costModel).filter((k) => k !== "flat_rate") : COST_KINDS;

  const lines: LineInput[] = [];
  (raw.costs ?? []).forEach((r0, i) => {
    const r = (r0 ?? {}) as RowOf<typeof costRow>;
    if (isBlank(r, ["label", "organisationId", "amount", "hours", "hourlyRate", "yearly"])) return;
    const p = ["costs", i];
    const kind = f.choice([...p, "kind"], r.kind, allowedCosts);
    const hours = f.hundredths([...p, "hours"], r.hours);
    const rate = f.money([...p, "hourlyRate"], r.hourlyRate);
    let amount: Cents | null;
    if (hours !== null || rate !== null) {
      if (kind !== null && kind !== "staff") f.issue([...p, "hours"], "error.hours.onlyStaff");
      if (hours === null) f.issue([...p, "hours"], "error.required");
      if (rate === null) f.issue([...p, "hourlyRate"], "error.required");
      amount = hours !== null && rate !== null ? staffCostFromHours(hours, rate) : null;
    } else amount = f.money([...p, "amount"], r.amount, { required: true });
    const years = f.yearly([...p, "yearly"], r.yearly);
    if (amount !== null) checkYears(f, p, amount, years, start, end);
    lines.push({
      side: "cost",
      kind: kind ?? "other",
      organisationId: f.id([...p, "organisationId"], r.organisationId),
      label: f.text([...p, "label"], r.label, { max: 200 }),
      amountCents: amount ?? 0,
      statedPercentBp: null,
      staffHoursCenti: hours,
      hourlyRateCents: rate,
      years,
    });
  });
  (raw.financing ?? []).forEach((r0, i) => {
    const r = (r0 ?? {}) as RowOf<typeof financingRow>;
    if (isBlank(r, ["label", "organisationId", "amount", "statedPercent", "yearly"])) return;
    const p = ["financing", i];
    const amount = f.money([...p, "amount"], r.amount, { required: true });
    const years = f.yearly([...p, "yearly"], r.yearly);
    if (amount !== null) checkYears(f, p, amount, years, start, end);
    lines.push({
      side: "financing",
      kind: f.choice([...p, "kind"], r.kind, FINANCING_KINDS) ?? "esr",
      organisationId: f.id([...p, "organisationId"], r.organisationId),
      label: f.text([...p, "label"], r.label, { max: 200 }),
      amountCents: amount ?? 0,
      statedPercentBp: f.percent([...p, "statedPercent"], r.statedPercent),
      staffHoursCenti: null,
      hourlyRateCents: null,
      years,
    });
  });

  const implementers: PlanInput["implementers"] = [];
  const seen = new Set<number>();
  (raw.implementers ?? []).forEach((r0, i) => {
    const r = (r0 ?? {}) as RowOf<typeof implementerRow>;
    if (isBlank(r, ["organisationId", "budget"])) return;
    const p = ["implementers", i];
    const organisationId = f.id([...p, "organisationId"], r.organisationId, { required: true });
    if (organisationId !== null && seen.has(organisationId)) f.issue([...p, "organisationId"], "error.implementer.duplicate");
    if (organisationId !== null) seen.add(organisationId);
    implementers.push({
      organisationId: organisationId ?? 0,
      role: f.choice([...p, "role"], r.role || "co", ["lead", "co"] as const) ?? "co",
      budgetCents: f.money([...p, "budget"], r.budget),
    });
  });

  let total = f.money(["totalBudget"], raw.totalBudget);
  if (total === null && !f.failed) {
    const costs = lines.filter((l) => l.side === "cost");
    const side = costs.length > 0 ? costs : lines.filter((l) => l.side === "financing");
    if (side.length === 0) f.issue(["totalBudget"], "error.required");
    else total = side.reduce((a, l) => a + l.amountCents, 0) + (costs.length > 0 ? flatRateOf(costModel, flatRateBp, costs) : 0);
  }
  return {
    start: start ?? "",
    end: end ?? "",
    totalBudgetCents: total ?? 0,
    costModel: costModel ?? "actual",
    flatRateBp: costModel === "flat_staff" ? flatRateBp : costModel === "flat_40" ? 4000 : null,
    note: f.text(["note"], raw.note, { max: 2000 }),
    lines,
    implementers,
  };
}

/** The flat-rate line the cost model adds (rate × staff costs, halves up), for the total. */
function flatRateOf(model: CostModel | null, flatRateBp: number | null, costs: LineInput[]): Cents {
  const rate = model ? flatRateFor(model, flatRateBp) : null;
  if (rate === null) return 0;
  return applyRate(
    costs.filter((l) => l.kind === "staff").reduce((a, l) => a + l.amountCents, 0),
    rate,
  );
}

export const planSchema = defineForm(planShape, parsePlan);

/** The plan part of a larger form (a change request's proposal). */
export function parsePlanWith(raw: Record<string, unknown>, f: FieldParser): PlanInput {
  return parsePlan(raw as PlanRaw, f);
}
