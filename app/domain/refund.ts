/**
 * Overpaid co-financing: what the city's share should have been under the decision's terms,
 * given the costs that were realised, and what the grantee must pay back (docs/decisions/013).
 *
 * The decision grants the city's co-financing as a share of the plan: the commitment C over the
 * plan's total budget B. The city's share of realised costs is C × E / B, where E is the eligible
 * realised cost, never more than C:
 * - per cost kind, realised costs count up to the plan's amount of that kind, unless the grantee
 *   explained going above it in an accepted report (then they count in full);
 * - a kind the plan has no amount for counts in full;
 * - E is at most B (the city never owes more than its commitment).
 * The share is rounded to the cent with halves up (in integers). Overpaid = paid − share when
 * that is positive; nothing is refunded automatically: a manager confirms the claim.
 */
import type { Cents } from "./money";
import type { CostKind } from "./vocabulary";

export interface RefundInput {
  totalBudgetCents: Cents;
  /** The city's co-financing committed to the project (confirmed and conditional, not failed). */
  commitmentCents: Cents;
  /** The city's co-financing the grantee received (sum of the accepted reports). */
  paidCents: Cents;
  plannedByKind: Partial<Record<CostKind, Cents>>;
  realisedByKind: Partial<Record<CostKind, Cents>>;
  /** Kinds whose going above the plan was explained in an accepted report. */
  explainedKinds: readonly CostKind[];
}

export interface RefundLine {
  kind: CostKind;
  plannedCents: Cents | null;
  realisedCents: Cents;
  eligibleCents: Cents;
  /** true when realised costs above the plan were left out. */
  capped: boolean;
}

export interface RefundBasis {
  lines: RefundLine[];
  realisedCents: Cents;
  /** The eligible realised costs, at most the budget. */
  eligibleCents: Cents;
  budgetCents: Cents;
  commitmentCents: Cents;
  /** C × E / B, rounded to the cent with halves up; at most C. */
  dueCents: Cents;
  paidCents: Cents;
  /** max(0, paid − due). */
  overpaidCents: Cents;
}

const KIND_ORDER: readonly CostKind[] = ["staff", "flat_rate", "purchased", "other", "lump_sum"];

/** a × b / c, rounded to the nearest integer with halves up, exactly (BigInt). */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError("divisor must be positive");
  const p = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const q = p / d;
  return Number((p % d) * 2n >= d ? q + 1n : q);
}

export function computeRefund(input: RefundInput): RefundBasis {
  const kinds = KIND_ORDER.filter((k) => input.plannedByKind[k] !== undefined || input.realisedByKind[k] !== undefined);
  const lines: RefundLine[] = kinds.map((kind) => {
    const planned = input.plannedByKind[kind] ?? null;
    const realised = input.realisedByKind[kind] ?? 0;
    const explained = input.explainedKinds.includes(kind);
    const eligible = planned === null || explained ? realised : Math.min(realised, planned);
    return { kind, plannedCents: planned, realisedCents: realised, eligibleCents: eligible, capped: eligible < realised };
  });
  const realisedCents = lines.reduce((a, l) => a + l.realisedCents, 0);
  const eligibleCents = Math.min(
    lines.reduce((a, l) => a + l.eligibleCents, 0),
    input.totalBudgetCents,
  );
  const dueCents = input.totalBudgetCents > 0 ? Math.min(input.commitmentCents, mulDivHalfUp(input.commitmentCents, eligibleCents, input.totalBudgetCents)) : 0;
  return {
    lines,
    realisedCents,
    eligibleCents,
    budgetCents: input.totalBudgetCents,
    commitmentCents: input.commitmentCents,
    dueCents,
    paidCents: input.paidCents,
    overpaidCents: Math.max(0, input.paidCents - dueCents),
  };
}
