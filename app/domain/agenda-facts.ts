/**
 * What an agenda item about a project may state, from the ledger: the figures drafting writes
 * into the text (app/domain/agenda-draft.ts) and the figures the text checks hold it against
 * (app/domain/agenda-checks.ts). Plain data, built by the model from the project's current plan,
 * its commitments, targets and (for a change request) the proposed plan.
 */
import type { BasisPoints, Cents } from "./money";
import type { Day } from "./days";

export interface AgendaPlanFacts {
  start: Day;
  end: Day;
  totalBudgetCents: Cents;
  /** Each financing line: its label as the plan names it, its kind, amount and share of the budget (basis points, rounded). */
  financing: { kind: string; label: string; organisation: string | null; amountCents: Cents; shareBp: BasisPoints }[];
  /** The city's commitments under this plan, each with its split by calendar year. */
  commitments: { organisation: string; amountCents: Cents; conditional: boolean; years: { year: number; amountCents: Cents }[] }[];
  /** The city's commitments summed per calendar year. */
  cityByYear: { year: number; amountCents: Cents }[];
  /** The sum of the city's commitments. */
  cityTotalCents: Cents;
}

export interface AgendaProjectFacts {
  name: string;
  shortName: string;
  caseNumber: string;
  lead: string;
  /** The lead's business ID (y-tunnus) when it has one. */
  leadBusinessId: string | null;
  implementers: string[];
  funder: string | null;
  targetGroup: string;
  /** The current plan. */
  plan: AgendaPlanFacts;
  /** A change request's proposed plan (the item is about it), else null. */
  proposed: AgendaPlanFacts | null;
  /** Targets to date: reach and outcomes (counts), with their targets; null when the project has none. */
  reach: { value: number; target: number | null; womenBp: BasisPoints | null } | null;
  outcomes: { value: number; targetBp: BasisPoints | null; rateBp: BasisPoints | null } | null;
  partners: number | null;
  /** Days the text may also name: decision dates, report dates, the meeting's date. */
  otherDays: Day[];
  /** Amounts the text may also name (payment applications, refunds). */
  otherAmountsCents: Cents[];
  /** The project's ESR funding is not decided yet (planned or applied for): approvals are conditional on it. */
  esrPending?: boolean;
}
