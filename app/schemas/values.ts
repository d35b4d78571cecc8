/**
 * Stored records → the raw string values a form starts from (the inverse of the schemas'
 * parsing): money as "20719,18", percentages as "12,5", days as "1.4.2026".
 */
import { moneyInputValue, percentInputValue } from "~/domain/money";
import { formatDay } from "~/domain/days";
import type { YearAmount } from "~/domain/split";

type Raw = Record<string, unknown>;

const hoursValue = (centi: number | null) =>
  centi === null ? "" : centi % 100 === 0 ? String(centi / 100) : (centi / 100).toFixed(2).replace(/0$/, "").replace(".", ",");

function yearlyValues(entered: readonly YearAmount[]): Record<string, string> {
  return Object.fromEntries(entered.map((y) => [`y${y.year}`, moneyInputValue(y.amountCents)]));
}

export interface PlanValuesSource {
  start_date: string;
  end_date: string;
  total_budget_cents: number;
  cost_model: string;
  flat_rate_bp: number | null;
  note: string;
  revision: number;
  lines: {
    side: "cost" | "financing";
    kind: string;
    organisationId: number | null;
    label: string;
    amountCents: number;
    statedPercentBp: number | null;
    staffHoursCenti: number | null;
    hourlyRateCents: number | null;
    entered: YearAmount[];
  }[];
  implementers: { organisationId: number; role: string; budgetCents: number | null }[];
}

export function planValues(p: PlanValuesSource): Raw {
  return {
    start: formatDay(p.start_date),
    end: formatDay(p.end_date),
    totalBudget: moneyInputValue(p.total_budget_cents),
    costModel: p.cost_model,
    flatRate: p.cost_model === "flat_staff" ? percentInputValue(p.flat_rate_bp) : "",
    note: p.note,
    planRevision: String(p.revision),
    costs: p.lines
      .filter((l) => l.side === "cost" && l.kind !== "flat_rate")
      .map((l) => ({
        kind: l.kind,
        label: l.label,
        organisationId: l.organisationId === null ? "" : String(l.organisationId),
        amount: l.staffHoursCenti !== null ? "" : moneyInputValue(l.amountCents),
        hours: hoursValue(l.staffHoursCenti),
        hourlyRate: moneyInputValue(l.hourlyRateCents),
        yearly: yearlyValues(l.entered),
      })),
    financing: p.lines
      .filter((l) => l.side === "financing")
      .map((l) => ({
        kind: l.kind,
        label: l.label,
        organisationId: l.organisationId === null ? "" : String(l.organisationId),
        amount: moneyInputValue(l.amountCents),
        statedPercent: percentInputValue(l.statedPercentBp),
        yearly: yearlyValues(l.entered),
      })),
    implementers: p.implementers.map((i) => ({ organisationId: String(i.organisationId), role: i.role, budget: moneyInputValue(i.budgetCents) })),
  };
}

export interface ProjectValuesSource {
  name: string;
  short_name: string;
  case_number: string;
  lead_organisation_id: number;
  funder_organisation_id: number | null;
  programme: string;
  specific_objective: string;
  target_group: string;
  description: string;
  status: string;
  eu_share_bp: number;
  revision: number;
}

export function projectValues(p: ProjectValuesSource): Raw {
  return {
    name: p.name,
    shortName: p.short_name,
    caseNumber: p.case_number,
    leadOrganisationId: String(p.lead_organisation_id),
    funderOrganisationId: p.funder_organisation_id === null ? "" : String(p.funder_organisation_id),
    programme: p.programme,
    specificObjective: p.specific_objective,
    targetGroup: p.target_group,
    description: p.description,
    status: p.status,
    euShare: percentInputValue(p.eu_share_bp),
    revision: String(p.revision),
  };
}

export const NEW_PROJECT_VALUES: Raw = {
  status: "planning",
  euShare: "60",
  programme: "Uudistuva ja osaava Suomi 2021–2027 (ESR+)",
  costModel: "flat_40",
  costs: [{ kind: "staff" }],
  financing: [{ kind: "esr" }, { kind: "own" }],
};

export function commitmentValues(c: {
  organisation_id: number;
  amount_cents: number;
  condition_status: string;
  condition_text: string;
  annual_budget_reservation: number;
  decision_body: string;
  decision_date: string | null;
  decision_section: string;
  note: string;
  revision: number;
  years: YearAmount[];
}): Raw {
  return {
    organisationId: String(c.organisation_id),
    amount: moneyInputValue(c.amount_cents),
    condition: c.condition_status,
    conditionText: c.condition_text,
    annualBudgetReservation: c.annual_budget_reservation === 1 ? "on" : "",
    decisionBody: c.decision_body,
    decisionDate: c.decision_date ? formatDay(c.decision_date) : "",
    decisionSection: c.decision_section,
    note: c.note,
    revision: String(c.revision),
    years: c.years.map((y) => ({ year: String(y.year), amount: moneyInputValue(y.amountCents) })),
  };
}
