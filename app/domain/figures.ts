/**
 * A project's figures as the portfolio-wide aggregates need them: one row of totals for its
 * current plan, one row per calendar year, the per-year split of each commitment, and the
 * organisations that co-finance it. Computed with the same domain functions as the project
 * page (planByYear, projectFundingYears, commitmentYears, checkPlan), so that a sum of these
 * rows over projects is exactly the sum of what each project's page shows. Pure: the model
 * layer stores the result (app/models/figures.server.ts) in the transaction of the change.
 */
import { checkPlan } from "./checks";
import { projectFundingYears } from "./funding";
import type { BasisPoints, Cents } from "./money";
import { commitmentState, commitmentYears, planByYear, type CommitmentData, type CommitmentState, type PlanData } from "./plan";
import { FINANCING_KINDS, type FinancingKind } from "./vocabulary";

export interface ProjectTotals {
  totalBudgetCents: Cents;
  /** Financing lines of kind ESR/public funding. */
  esrCents: Cents;
  /** Financing lines of kind own funding or municipal co-financing, whoever covers them (the portfolio's "own"). */
  ownCents: Cents;
  /** The plan's city money: own/municipal lines covered by the city or its units. */
  planCityCents: Cents;
  financingTotalCents: Cents;
  euCents: Cents;
  stateCents: Cents;
  /** The city's commitments that count (confirmed and conditional; failed ones not). */
  commitmentCents: Cents;
  /** Of those, the conditional ones. */
  commitmentConditionalCents: Cents;
  warningCount: number;
}

export interface ProjectYearFigures {
  year: number;
  /** false for a year only a commitment's entered split names, outside the plan's years. */
  inPlan: boolean;
  financing: Record<FinancingKind, Cents>;
  financingTotalCents: Cents;
  cityCents: Cents;
  euCents: Cents;
  stateCents: Cents;
  confirmedCents: Cents;
  conditionalCents: Cents;
  /** How many of the commitments' split rows fall in this year (failed ones not). */
  splitRows: number;
}

export interface CommitmentYearFigure {
  commitmentKey: string;
  organisationId: number;
  year: number;
  state: CommitmentState;
  amountCents: Cents;
}

export interface ProjectFigures {
  totals: ProjectTotals;
  years: ProjectYearFigures[];
  commitmentYears: CommitmentYearFigure[];
  /** Organisations covering a financing line or holding a commitment. */
  financiers: number[];
}

export function projectFigures(
  plan: PlanData,
  commitments: readonly CommitmentData[],
  euShareBp: BasisPoints,
  ctx: { cityOrganisationIds: ReadonlySet<number>; names?: ReadonlyMap<number, string> },
): ProjectFigures {
  const table = planByYear(plan);
  const funding = projectFundingYears(table.years, euShareBp);
  const period = { start: plan.start, end: plan.end };
  const split: CommitmentYearFigure[] = commitments.flatMap((c) =>
    commitmentYears(c, period).map((y) => ({
      commitmentKey: c.key,
      organisationId: c.organisationId,
      year: y.year,
      state: commitmentState(c.conditionStatus),
      amountCents: y.amountCents,
    })),
  );
  const years = new Map<number, ProjectYearFigures>();
  const empty = (year: number): ProjectYearFigures => ({
    year,
    inPlan: false,
    financing: Object.fromEntries(FINANCING_KINDS.map((k) => [k, 0])) as Record<FinancingKind, Cents>,
    financingTotalCents: 0,
    cityCents: 0,
    euCents: 0,
    stateCents: 0,
    confirmedCents: 0,
    conditionalCents: 0,
    splitRows: 0,
  });
  for (const f of funding) {
    years.set(f.year, {
      ...empty(f.year),
      inPlan: true,
      financing: { ...f.financing },
      financingTotalCents: f.totalCents,
      cityCents: f.cityCents,
      euCents: f.euCents,
      stateCents: f.stateCents,
    });
  }
  for (const s of split) {
    if (s.state === "failed") continue;
    const row = years.get(s.year) ?? empty(s.year);
    if (s.state === "confirmed") row.confirmedCents += s.amountCents;
    else row.conditionalCents += s.amountCents;
    row.splitRows++;
    years.set(s.year, row);
  }
  const financing = plan.lines.filter((l) => l.side === "financing");
  const sum = (xs: readonly { amountCents: Cents }[]) => xs.reduce((a, x) => a + x.amountCents, 0);
  const active = commitments.filter((c) => c.conditionStatus !== "failed");
  const financiers = new Set<number>();
  for (const l of financing) if (l.organisationId !== null) financiers.add(l.organisationId);
  for (const c of commitments) financiers.add(c.organisationId);
  return {
    totals: {
      totalBudgetCents: plan.totalBudgetCents,
      esrCents: sum(financing.filter((l) => l.kind === "esr")),
      ownCents: sum(financing.filter((l) => l.kind === "own" || l.kind === "municipal")),
      planCityCents: table.total.cityCents,
      financingTotalCents: funding.reduce((a, f) => a + f.totalCents, 0),
      euCents: funding.reduce((a, f) => a + f.euCents, 0),
      stateCents: funding.reduce((a, f) => a + f.stateCents, 0),
      commitmentCents: sum(active),
      commitmentConditionalCents: sum(active.filter((c) => c.conditionStatus === "pending")),
      warningCount: checkPlan(plan, commitments, { names: ctx.names ?? new Map(), cityOrganisationIds: ctx.cityOrganisationIds }).length,
    },
    years: [...years.values()].sort((a, b) => a.year - b.year),
    commitmentYears: split,
    financiers: [...financiers].sort((a, b) => a - b),
  };
}
