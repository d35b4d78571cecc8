/**
 * The ledger's forms: organisation, project (with its first plan), plan version and
 * commitment. Shared by the browser (react-hook-form) and the server actions.
 */
import { defineForm, flag, isBlank, rows, str, yearlyRaw, type FieldParser } from "./form";
import {
  COST_KINDS,
  COST_MODELS,
  FINANCING_KINDS,
  ORGANISATION_KINDS,
  PROJECT_STATUSES,
  costKindsFor,
  flatRateFor,
  type CostKind,
  type CostModel,
  type FinancingKind,
} from "~/domain/vocabulary";
import { yearOf, type Day } from "~/domain/days";
import { staffCostFromHours } from "~/domain/plan";
import { applyRate, type Cents } from "~/domain/money";
import type { YearAmount } from "~/domain/split";

/* ---------- organisation ---------- */

export const organisationShape = { name: str(), shortName: str(), kind: str(), businessId: str(), parentId: str(), revision: str() };

export const organisationSchema = defineForm(organisationShape, (raw, f) => {
  const kind = f.choice(["kind"], raw.kind, ORGANISATION_KINDS);
  const parentId = f.id(["parentId"], raw.parentId, { required: kind === "city_unit" });
  return {
    name: f.text(["name"], raw.name, { required: true, max: 200 }),
    shortName: f.text(["shortName"], raw.shortName, { max: 60 }),
    kind: kind!,
    businessId: f.businessId(["businessId"], raw.businessId),
    parentId,
  };
});
export type OrganisationInput = NonNullable<ReturnType<typeof organisationSchema.parse>>;

/* ---------- project facts ---------- */

export const projectShape = {
  name: str(),
  shortName: str(),
  caseNumber: str(),
  leadOrganisationId: str(),
  funderOrganisationId: str(),
  programme: str(),
  specificObjective: str(),
  targetGroup: str(),
  description: str(),
  status: str(),
  euShare: str(),
  revision: str(),
};

type ProjectRaw = { [K in keyof typeof projectShape]?: string };

function parseProject(raw: ProjectRaw, f: FieldParser) {
  return {
    name: f.text(["name"], raw.name, { required: true, max: 300 }),
    shortName: f.text(["shortName"], raw.shortName, { required: true, max: 60 }),
    caseNumber: f.text(["caseNumber"], raw.caseNumber, { required: true, max: 60 }),
    leadOrganisationId: f.id(["leadOrganisationId"], raw.leadOrganisationId, { required: true })!,
    funderOrganisationId: f.id(["funderOrganisationId"], raw.funderOrganisationId),
    programme: f.text(["programme"], raw.programme, { max: 300 }),
    specificObjective: f.text(["specificObjective"], raw.specificObjective, { max: 300 }),
    targetGroup: f.text(["targetGroup"], raw.targetGroup, { max: 1000 }),
    description: f.text(["description"], raw.description, { max: 5000 }),
    status: f.choice(["status"], raw.status, PROJECT_STATUSES)!,
    euShareBp: f.percent(["euShare"], raw.euShare) ?? 6000,
  };
}

export const projectSchema = defineForm(projectShape, parseProject);
export type ProjectInput = ReturnType<typeof parseProject>;

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
  const sum = years.reduce((a, y) => a + y.amountCents, 0);
  if (sum !== amount) f.issue([...path, "yearlySum"], "error.split.sum", { expectedCents: amount, actualCents: sum });
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
  return applyRate(costs.filter((l) => l.kind === "staff").reduce((a, l) => a + l.amountCents, 0), rate);
}

export const planSchema = defineForm(planShape, parsePlan);

/** The plan part of a larger form (a change request's proposal). */
export function parsePlanWith(raw: Record<string, unknown>, f: FieldParser): PlanInput {
  return parsePlan(raw as PlanRaw, f);
}

/* ---------- a new project with its first plan ---------- */

export const newProjectSchema = defineForm({ ...projectShape, ...planShape }, (raw, f) => ({
  project: parseProject(raw, f),
  plan: parsePlan(raw as PlanRaw, f),
}));
export type NewProjectInput = { project: ProjectInput; plan: PlanInput };

/* ---------- commitment ---------- */

const splitRow = { year: str(), amount: str() };
export const commitmentShape = {
  organisationId: str(),
  amount: str(),
  condition: str(),
  conditionText: str(),
  annualBudgetReservation: flag(),
  decisionBody: str(),
  decisionDate: str(),
  decisionSection: str(),
  note: str(),
  years: rows(splitRow),
  revision: str(),
};

export const commitmentSchema = defineForm(commitmentShape, (raw, f) => {
  const amount = f.money(["amount"], raw.amount, { required: true });
  const condition = f.choice(["condition"], raw.condition || "none", ["none", "pending", "met", "failed"] as const) ?? "none";
  const conditionText = f.text(["conditionText"], raw.conditionText, { required: condition !== "none", max: 1000 });
  const years: YearAmount[] = [];
  const seen = new Set<number>();
  (raw.years ?? []).forEach((r0, i) => {
    const r = (r0 ?? {}) as RowOf<typeof splitRow>;
    if (isBlank(r, ["year", "amount"])) return;
    const year = f.year(["years", i, "year"], r.year, { required: true });
    const cents = f.money(["years", i, "amount"], r.amount, { required: true });
    if (year !== null && seen.has(year)) f.issue(["years", i, "year"], "error.year.duplicate", { year });
    if (year !== null) seen.add(year);
    if (year !== null && cents !== null) years.push({ year, amountCents: cents });
  });
  if (amount !== null && years.length > 0) {
    const sum = years.reduce((a, y) => a + y.amountCents, 0);
    if (sum !== amount) f.issue(["split"], "error.split.sum", { expectedCents: amount, actualCents: sum });
  }
  const decisionDate = f.day(["decisionDate"], raw.decisionDate);
  return {
    organisationId: f.id(["organisationId"], raw.organisationId, { required: true })!,
    amountCents: amount ?? 0,
    conditionStatus: condition,
    conditionText: condition === "none" ? "" : conditionText,
    annualBudgetReservation: f.checkbox(raw.annualBudgetReservation),
    decisionBody: f.text(["decisionBody"], raw.decisionBody, { max: 200 }),
    decisionDate,
    decisionSection: f.text(["decisionSection"], raw.decisionSection, { max: 20 }),
    note: f.text(["note"], raw.note, { max: 2000 }),
    years: years.sort((a, b) => a.year - b.year),
  };
});
export type CommitmentInput = NonNullable<ReturnType<typeof commitmentSchema.parse>>;
