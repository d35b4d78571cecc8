/** A plan as a form or file gives it (PlanInput), prepared for writing: the cost model's computed lines, the organisations it names. Pure. */
import type { LineInput, PlanInput } from "./ledger";
import { applyCostModel, type PlanData } from "~/domain/plan";

/** The plan's lines after the cost model has computed what it computes (staff hours × rate, flat rate). */
export function computedLines(input: PlanInput): LineInput[] {
  const data: PlanData = {
    start: input.start,
    end: input.end,
    totalBudgetCents: input.totalBudgetCents,
    costModel: input.costModel,
    flatRateBp: input.flatRateBp,
    lines: input.lines.map((l, i) => ({
      key: String(i),
      side: l.side,
      kind: l.kind,
      organisationId: l.organisationId,
      organisationIsCity: false,
      label: l.label,
      amountCents: l.amountCents,
      statedPercentBp: l.statedPercentBp,
      staffHoursCenti: l.staffHoursCenti,
      hourlyRateCents: l.hourlyRateCents,
      entered: l.years.length > 0 ? l.years : null,
    })),
    implementers: [],
  };
  const applied = applyCostModel(data);
  return applied.lines.map((l) => ({
    side: l.side,
    kind: l.kind,
    organisationId: l.organisationId,
    label: l.label,
    amountCents: l.amountCents,
    statedPercentBp: l.statedPercentBp,
    staffHoursCenti: l.staffHoursCenti,
    hourlyRateCents: l.hourlyRateCents,
    years: l.entered ?? [],
  }));
}

export function planOrganisationRefs(plan: PlanInput): { field: string; id: number | null }[] {
  const refs: { field: string; id: number | null }[] = [];
  let c = 0;
  let f = 0;
  for (const l of plan.lines) {
    refs.push({ field: l.side === "cost" ? `costs.${c++}.organisationId` : `financing.${f++}.organisationId`, id: l.organisationId });
  }
  plan.implementers.forEach((i, n) => refs.push({ field: `implementers.${n}.organisationId`, id: i.organisationId }));
  return refs;
}
