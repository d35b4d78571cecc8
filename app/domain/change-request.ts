/**
 * Change requests (muutoshakemus) as pure logic: their vocabulary (kinds of change, who asks
 * whom, states and conditions), the rules for recording a decision, the field-by-field
 * difference between the current plan and the proposed one, the change kinds that difference
 * implies, and the request's effect on the city's commitments per calendar year (the project's
 * own and the whole portfolio's). Money is integer cents throughout; the per-year amounts come
 * from plan.ts (commitmentYears, commitmentsByYear, planByYear), so the split rule is the one
 * the rest of the ledger uses.
 */
import type { BasisPoints, Cents } from "./money";
import type { Day } from "./days";
import type { YearAmount } from "./split";
import {
  commitmentYears,
  commitmentsByYear,
  planByYear,
  type CommitmentData,
  type CommitmentYearTotals,
  type PlanData,
  type PlanLineData,
  type PlanYear,
} from "./plan";
import { COST_KINDS, FINANCING_KINDS, type ConditionStatus, type CostKind, type FinancingKind, type LineSide } from "./vocabulary";

export * from "./change-request-vocabulary";
import {
  CHANGE_KINDS,
  CONDITION_TRANSITIONS,
  REQUEST_TRANSITIONS,
  type ChangeKind,
  type DecisionOutcome,
  type RequestConditionState,
  type RequestState,
} from "./change-request-vocabulary";

/** A request's state with its condition (null unless the request was approved conditionally). */
export interface RequestStatus {
  state: RequestState;
  conditionState: RequestConditionState | null;
}

/**
 * One word for a request's standing, for badges and lists:
 * pending → waiting for a decision; approved / condition_met → the proposed plan is in force;
 * conditional → approved on a condition not yet settled; rejected / condition_failed → the
 * previous plan stands; withdrawn → taken back before a decision (the previous plan stands).
 */
export type RequestOutcome = "pending" | "approved" | "conditional" | "condition_met" | "condition_failed" | "rejected" | "withdrawn";

export function requestOutcome(s: RequestStatus): RequestOutcome {
  switch (s.state) {
    case "pending":
      return "pending";
    case "approved":
      return "approved";
    case "rejected":
      return "rejected";
    case "withdrawn":
      return "withdrawn";
    case "approved_conditionally":
      return s.conditionState === "met" ? "condition_met" : s.conditionState === "failed" ? "condition_failed" : "conditional";
  }
}

/** Whether the request's proposed plan is (or, when conditional, may become) the project's plan. */
export function proposalInForce(s: RequestStatus): "no" | "conditional" | "yes" {
  const o = requestOutcome(s);
  if (o === "approved" || o === "condition_met") return "yes";
  if (o === "conditional") return "conditional";
  return "no";
}

/**
 * The condition status the proposed plan's commitments carry once the request is decided:
 * an unconditional approval keeps what the proposal says; a conditional approval makes every
 * commitment follow the request's condition (pending → conditional, met → confirmed, failed →
 * counts for nothing). Null when the proposal does not take effect (pending or rejected).
 */
export function commitmentStatusAfterDecision(s: RequestStatus, proposed: ConditionStatus): ConditionStatus | null {
  if (s.state === "approved") return proposed;
  if (s.state === "approved_conditionally") {
    if (proposed === "failed") return "failed";
    return s.conditionState ?? "pending";
  }
  return null;
}

/** Only a pending request may be withdrawn (a decided one is corrected, not withdrawn). */
export function canWithdraw(s: { state: RequestState }): boolean {
  return s.state === "pending";
}

/** A pending request whose base plan version is no longer the project's current one. */
export function isStale(request: { state: RequestState; baseVersionId: number }, currentVersionId: number | null): boolean {
  return request.state === "pending" && request.baseVersionId !== currentVersionId;
}

/** Lists of requests across the portfolio run oldest first: by the day received, then by id. */
export function compareRequestsOldestFirst(a: { receivedDay: Day; id: number }, b: { receivedDay: Day; id: number }): number {
  return a.receivedDay < b.receivedDay ? -1 : a.receivedDay > b.receivedDay ? 1 : a.id - b.id;
}

/* ---------- recording a decision ---------- */

/**
 * What a user asks to record: the decision on a pending request, or the settling of a
 * conditional approval's condition.
 */
export type DecisionAction =
  | {
      action: "decide";
      outcome: DecisionOutcome;
      /** The deciding body, e.g. "Työllisyys- ja kansainvälisyysjaosto" or the funder. */
      body: string;
      date: Day | null;
      /** The section (§) of the minutes; funders' decisions have none, so it may be empty. */
      section: string;
      /** Required for a conditional approval, e.g. "ESR-rahoituksen myöntyminen". */
      conditionText: string;
    }
  | { action: "settle_condition"; outcome: "met" | "failed"; date: Day | null };

export interface DecisionSubject extends RequestStatus {
  /** The plan version the request was made against. */
  baseVersionId: number;
  /** The day the request was received (a decision cannot precede it). */
  receivedDay: Day | null;
  /** The day the request was decided (a condition cannot be settled before it). */
  decisionDay: Day | null;
}

/** Stable codes of why a decision cannot be recorded; texts: `changeRequest.problem.<code>`. */
export const DECISION_PROBLEM_CODES = [
  "ALREADY_DECIDED",
  "NOT_CONDITIONAL",
  "CONDITION_ALREADY_SETTLED",
  "BASE_VERSION_NOT_CURRENT",
  "BODY_MISSING",
  "DATE_MISSING",
  "CONDITION_TEXT_MISSING",
  "DATE_BEFORE_REQUEST",
  "DATE_BEFORE_DECISION",
] as const;
export type DecisionProblemCode = (typeof DECISION_PROBLEM_CODES)[number];

export interface DecisionProblem {
  code: DecisionProblemCode;
  /** The form field the problem belongs to, or null for the form as a whole. */
  field: "body" | "date" | "conditionText" | null;
}

export type DecisionCheck = { ok: true; next: RequestStatus } | { ok: false; problems: DecisionProblem[] };

/** Whether the transition table allows recording `outcome` on a request with this status. */
export function canRecord(
  s: RequestStatus,
  a: { action: "decide"; outcome: DecisionOutcome } | { action: "settle_condition"; outcome: "met" | "failed" },
): boolean {
  if (a.action === "decide") return REQUEST_TRANSITIONS[s.state].includes(a.outcome);
  return s.state === "approved_conditionally" && s.conditionState !== null && CONDITION_TRANSITIONS[s.conditionState].includes(a.outcome);
}

/**
 * Tells whether a decision may be recorded, and the request's status after it.
 * - Only a pending request is decided, once: a second decision is refused (ALREADY_DECIDED).
 * - Approving (also on a condition) requires the request's base version to be the project's
 *   current version: a request made against an older plan must be made again. Rejecting a
 *   stale request is allowed (it changes nothing).
 * - A decision needs the body and the date; a conditional approval needs the condition's text.
 * - Only a conditional approval's pending condition is settled, once, met or failed.
 * - Days are not before the request was received, nor a settlement before the decision.
 */
export function checkDecision(subject: DecisionSubject, currentVersionId: number | null, a: DecisionAction): DecisionCheck {
  const problems: DecisionProblem[] = [];
  if (a.action === "decide") {
    if (!canRecord(subject, a)) return { ok: false, problems: [{ code: "ALREADY_DECIDED", field: null }] };
    if (a.outcome !== "rejected" && subject.baseVersionId !== currentVersionId) problems.push({ code: "BASE_VERSION_NOT_CURRENT", field: null });
    if (a.body.trim() === "") problems.push({ code: "BODY_MISSING", field: "body" });
    if (a.date === null || a.date === "") problems.push({ code: "DATE_MISSING", field: "date" });
    else if (subject.receivedDay !== null && a.date < subject.receivedDay) problems.push({ code: "DATE_BEFORE_REQUEST", field: "date" });
    if (a.outcome === "approved_conditionally" && a.conditionText.trim() === "") problems.push({ code: "CONDITION_TEXT_MISSING", field: "conditionText" });
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, next: { state: a.outcome, conditionState: a.outcome === "approved_conditionally" ? "pending" : null } };
  }
  if (subject.state !== "approved_conditionally" || subject.conditionState === null) {
    return { ok: false, problems: [{ code: "NOT_CONDITIONAL", field: null }] };
  }
  if (!canRecord(subject, a)) return { ok: false, problems: [{ code: "CONDITION_ALREADY_SETTLED", field: null }] };
  if (a.date === null || a.date === "") problems.push({ code: "DATE_MISSING", field: "date" });
  else if (subject.decisionDay !== null && a.date < subject.decisionDay) problems.push({ code: "DATE_BEFORE_DECISION", field: "date" });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, next: { state: "approved_conditionally", conditionState: a.outcome } };
}

/* ====================================================================================== */
/* Plan snapshots and their difference                                                     */
/* ====================================================================================== */

/** The project's own fields a request may change (name, short name, target group). */
export interface ProjectFields {
  name: string;
  shortName: string;
  targetGroup: string;
}

/** A commitment as compared: the domain's commitment, with its condition's text when known. */
export type SnapshotCommitment = CommitmentData & { conditionText?: string };

/**
 * One side of the comparison: a plan version with the city's commitments to it. The models
 * build it from a PlanBundle (`{ plan: b.data, commitments: b.commitmentData, project }`), and
 * a proposal from its form input the same way. `project` holds the project's fields as they
 * are (current) or would become (proposed); a field left out on either side is not compared.
 */
export interface PlanSnapshot {
  plan: PlanData;
  commitments: readonly SnapshotCommitment[];
  project?: Partial<ProjectFields>;
}

/**
 * One changed field, ready to show: a stable key (for the message catalogue), how its values
 * are shown, and the values before and after (null: absent on that side, e.g. a line added).
 * - money: cents; percent: basis points; day: "YYYY-MM-DD"; text: as typed;
 * - code: a vocabulary value to translate (cost model, condition status, role);
 * - hours: hundredths of an hour; split: entered yearly amounts (null: spread over the days,
 *   or, on the side where the item is absent, nothing).
 */
export type FieldChange =
  | { field: string; kind: "money"; before: Cents | null; after: Cents | null; differenceCents: Cents | null }
  | { field: string; kind: "percent"; before: BasisPoints | null; after: BasisPoints | null }
  | { field: string; kind: "day"; before: Day | null; after: Day | null }
  | { field: string; kind: "text"; before: string | null; after: string | null }
  | { field: string; kind: "code"; before: string | null; after: string | null }
  | { field: string; kind: "hours"; before: number | null; after: number | null }
  | { field: string; kind: "split"; before: YearAmount[] | null; after: YearAmount[] | null };
export type FieldKind = FieldChange["kind"];

export type ItemChange = "added" | "removed" | "changed";

/** A plan line added, removed or changed, matched by side + kind + organisation (+ label). */
export interface LineChange {
  change: ItemChange;
  side: LineSide;
  kind: CostKind | FinancingKind;
  organisationId: number | null;
  organisationName: string | null;
  organisationIsCity: boolean;
  /** The line's label after the change (before it, for a removed line). */
  label: string;
  /** The line's keys in each plan (null on the side where it is absent). */
  beforeKey: string | null;
  afterKey: string | null;
  /** The changed fields; for an added or removed line, every field it has. */
  fields: FieldChange[];
}

export interface ImplementerChange {
  change: ItemChange;
  organisationId: number;
  organisationName: string | null;
  fields: FieldChange[];
}

/** A commitment of the city added, removed or changed, matched by organisation. */
export interface CommitmentChange {
  change: ItemChange;
  organisationId: number;
  organisationName: string | null;
  beforeKey: string | null;
  afterKey: string | null;
  fields: FieldChange[];
}

export interface PlanDiff {
  /** The plan's and the project's own fields, in a fixed order. */
  fields: FieldChange[];
  /** Financing lines first, then costs; each side in the vocabulary's order of kinds. */
  lines: LineChange[];
  implementers: ImplementerChange[];
  commitments: CommitmentChange[];
  /** Nothing changed at all. */
  empty: boolean;
}

/* ---------- field comparison helpers ---------- */

function money(field: string, before: Cents | null, after: Cents | null): FieldChange[] {
  if (before === after) return [];
  return [{ field, kind: "money", before, after, differenceCents: before !== null && after !== null ? after - before : null }];
}

function simple<K extends "percent" | "day" | "text" | "code" | "hours">(
  field: string,
  kind: K,
  before: (FieldChange & { kind: K })["before"],
  after: (FieldChange & { kind: K })["after"],
): FieldChange[] {
  if (before === after) return [];
  return [{ field, kind, before, after } as FieldChange];
}

/** An entered split as compared: sorted by year, years of zero left out; null when there is none. */
function normalSplit(entered: readonly YearAmount[] | null | undefined): YearAmount[] | null {
  if (!entered || entered.length === 0) return null;
  const kept = [...entered].filter((y) => y.amountCents !== 0).sort((a, b) => a.year - b.year);
  return kept.length === 0 ? null : kept;
}

function sameSplit(a: YearAmount[] | null, b: YearAmount[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((y, i) => y.year === b[i]!.year && y.amountCents === b[i]!.amountCents);
}

function split(field: string, before: readonly YearAmount[] | null | undefined, after: readonly YearAmount[] | null | undefined): FieldChange[] {
  const b = normalSplit(before);
  const a = normalSplit(after);
  // Null on a side means "spread over the days" when the item is there, "nothing" when it is not.
  return sameSplit(b, a) ? [] : [{ field, kind: "split", before: b, after: a }];
}

const trimmed = (s: string | undefined) => (s === undefined ? undefined : s.trim());

/* ---------- matching ---------- */

/**
 * Pairs items of two lists: first those whose full keys are equal, then the rest of each group
 * (same base key) in their order of appearance. Unpaired items are added or removed.
 */
function match<T>(before: readonly T[], after: readonly T[], base: (x: T) => string, full: (x: T) => string): { b: T | null; a: T | null }[] {
  const usedB = new Set<number>();
  const usedA = new Set<number>();
  const pairs: { b: T | null; a: T | null; order: number }[] = [];
  for (const [ai, a] of after.entries()) {
    const bi = before.findIndex((b, i) => !usedB.has(i) && full(b) === full(a));
    if (bi >= 0) {
      usedB.add(bi);
      usedA.add(ai);
      pairs.push({ b: before[bi]!, a, order: ai });
    }
  }
  for (const [ai, a] of after.entries()) {
    if (usedA.has(ai)) continue;
    const bi = before.findIndex((b, i) => !usedB.has(i) && base(b) === base(a));
    if (bi >= 0) {
      usedB.add(bi);
      usedA.add(ai);
      pairs.push({ b: before[bi]!, a, order: ai });
    }
  }
  for (const [ai, a] of after.entries()) if (!usedA.has(ai)) pairs.push({ b: null, a, order: ai });
  for (const [bi, b] of before.entries()) if (!usedB.has(bi)) pairs.push({ b, a: null, order: after.length + bi });
  return pairs.sort((x, y) => x.order - y.order).map(({ b, a }) => ({ b, a }));
}

const lineBase = (l: PlanLineData) => `${l.side}|${l.kind}|${l.organisationId ?? "-"}`;
const lineFull = (l: PlanLineData) => `${lineBase(l)}|${l.label.trim()}`;

function kindOrder(side: LineSide, kind: string): number {
  return side === "financing" ? FINANCING_KINDS.indexOf(kind as FinancingKind) : 100 + COST_KINDS.indexOf(kind as CostKind);
}

function lineFields(b: PlanLineData | null, a: PlanLineData | null): FieldChange[] {
  return [
    ...money("amountCents", b?.amountCents ?? null, a?.amountCents ?? null),
    ...simple("label", "text", b ? b.label.trim() || null : null, a ? a.label.trim() || null : null),
    ...simple("statedPercentBp", "percent", b?.statedPercentBp ?? null, a?.statedPercentBp ?? null),
    ...simple("staffHoursCenti", "hours", b?.staffHoursCenti ?? null, a?.staffHoursCenti ?? null),
    ...money("hourlyRateCents", b?.hourlyRateCents ?? null, a?.hourlyRateCents ?? null),
    ...split("years", b?.entered, a?.entered),
  ];
}

function commitmentFields(b: SnapshotCommitment | null, a: SnapshotCommitment | null): FieldChange[] {
  const text = (c: SnapshotCommitment | null) => (c === null ? null : (trimmed(c.conditionText) ?? null) || null);
  // The condition's text is compared only when both sides know it (CommitmentData has none).
  const textKnown = (b === null || b.conditionText !== undefined) && (a === null || a.conditionText !== undefined);
  return [
    ...money("amountCents", b?.amountCents ?? null, a?.amountCents ?? null),
    ...split("years", b?.entered, a?.entered),
    ...simple("conditionStatus", "code", b?.conditionStatus ?? null, a?.conditionStatus ?? null),
    ...(textKnown ? simple("conditionText", "text", text(b), text(a)) : []),
  ];
}

/**
 * Every difference between the current plan and the proposed one: the period, the total, the
 * cost model and flat rate, the project's name, short name and target group (when both sides
 * give them), each financing and cost line (matched by side, kind and organisation, and by
 * label when several lines share those), the implementers' roles and shares, and the city's
 * commitments (amount, entered split, condition). The commitments' decision references are
 * not compared: a proposal's commitments are decided by the request's decision.
 * `names` (organisation id → name) fills in the names to show.
 */
export function diffPlans(current: PlanSnapshot, proposed: PlanSnapshot, names?: ReadonlyMap<number, string>): PlanDiff {
  const nameOf = (id: number | null) => (id === null ? null : (names?.get(id) ?? null));
  const cp = current.plan;
  const pp = proposed.plan;

  const projectField = (k: keyof ProjectFields): FieldChange[] => {
    const b = trimmed(current.project?.[k]);
    const a = trimmed(proposed.project?.[k]);
    return b === undefined || a === undefined ? [] : simple(`project.${k}`, "text", b, a);
  };
  const fields: FieldChange[] = [
    ...simple("start", "day", cp.start, pp.start),
    ...simple("end", "day", cp.end, pp.end),
    ...money("totalBudgetCents", cp.totalBudgetCents, pp.totalBudgetCents),
    ...simple("costModel", "code", cp.costModel, pp.costModel),
    ...simple("flatRateBp", "percent", cp.flatRateBp, pp.flatRateBp),
    ...projectField("name"),
    ...projectField("shortName"),
    ...projectField("targetGroup"),
  ];

  const lines: LineChange[] = match(cp.lines, pp.lines, lineBase, lineFull)
    .map(({ b, a }, order) => {
      const l = (a ?? b)!;
      const change: ItemChange = a === null ? "removed" : b === null ? "added" : "changed";
      return {
        order,
        item: {
          change,
          side: l.side,
          kind: l.kind,
          organisationId: l.organisationId,
          organisationName: nameOf(l.organisationId),
          organisationIsCity: l.organisationIsCity,
          label: l.label.trim(),
          beforeKey: b?.key ?? null,
          afterKey: a?.key ?? null,
          fields: lineFields(b, a),
        },
      };
    })
    .filter((x) => x.item.change !== "changed" || x.item.fields.length > 0)
    .sort((x, y) => kindOrder(x.item.side, x.item.kind) - kindOrder(y.item.side, y.item.kind) || x.order - y.order)
    .map((x) => x.item);

  const implementers: ImplementerChange[] = match(
    cp.implementers,
    pp.implementers,
    (i) => String(i.organisationId),
    (i) => String(i.organisationId),
  )
    .map(({ b, a }) => {
      const i = (a ?? b)!;
      return {
        change: (a === null ? "removed" : b === null ? "added" : "changed") as ItemChange,
        organisationId: i.organisationId,
        organisationName: nameOf(i.organisationId),
        fields: [...simple("role", "code", b?.role ?? null, a?.role ?? null), ...money("budgetCents", b?.budgetCents ?? null, a?.budgetCents ?? null)],
      };
    })
    .filter((x) => x.change !== "changed" || x.fields.length > 0);

  const commitments: CommitmentChange[] = match(
    current.commitments,
    proposed.commitments,
    (c) => String(c.organisationId),
    (c) => String(c.organisationId),
  )
    .map(({ b, a }) => {
      const c = (a ?? b)!;
      return {
        change: (a === null ? "removed" : b === null ? "added" : "changed") as ItemChange,
        organisationId: c.organisationId,
        organisationName: nameOf(c.organisationId),
        beforeKey: b?.key ?? null,
        afterKey: a?.key ?? null,
        fields: commitmentFields(b, a),
      };
    })
    .filter((x) => x.change !== "changed" || x.fields.length > 0);

  return { fields, lines, implementers, commitments, empty: fields.length + lines.length + implementers.length + commitments.length === 0 };
}

/* ---------- the change kinds a difference implies ---------- */

/**
 * The change kinds a proposal implies, in the vocabulary's order, for the form to pre-tick:
 * a later start → postpone_start; a later end → extend; an earlier end → shorten; another
 * total → budget; any line or implementer changed → financing_plan; staff hours or hourly
 * rates changed → staff_hours; the city's commitments (or the plan's lines of city money)
 * changed → city_cofinancing; target group → target_group; name or short name → name; an
 * earlier start or another cost model or flat rate (which the ledger refuses) → other.
 */
export function impliedChangeKinds(diff: PlanDiff): ChangeKind[] {
  const kinds = new Set<ChangeKind>();
  const field = (k: string) => diff.fields.find((f) => f.field === k);
  const start = field("start");
  if (start && start.kind === "day" && start.before !== null && start.after !== null) kinds.add(start.after > start.before ? "postpone_start" : "other");
  const end = field("end");
  if (end && end.kind === "day" && end.before !== null && end.after !== null) kinds.add(end.after > end.before ? "extend" : "shorten");
  if (field("totalBudgetCents")) kinds.add("budget");
  if (field("costModel") || field("flatRateBp")) kinds.add("other");
  if (diff.lines.length > 0 || diff.implementers.length > 0) kinds.add("financing_plan");
  if (diff.lines.some((l) => l.fields.some((f) => f.field === "staffHoursCenti" || f.field === "hourlyRateCents"))) kinds.add("staff_hours");
  const cityLine = diff.lines.some((l) => l.side === "financing" && l.organisationIsCity && (l.kind === "own" || l.kind === "municipal"));
  if (diff.commitments.length > 0 || cityLine) kinds.add("city_cofinancing");
  if (field("project.targetGroup")) kinds.add("target_group");
  if (field("project.name") || field("project.shortName")) kinds.add("name");
  return CHANGE_KINDS.filter((k) => kinds.has(k));
}

/* ====================================================================================== */
/* The yearly effect                                                                       */
/* ====================================================================================== */

/** Confirmed and conditional amounts with their sum. */
export interface StateAmounts {
  confirmedCents: Cents;
  conditionalCents: Cents;
  totalCents: Cents;
}

export interface StateAmountsChange {
  before: StateAmounts;
  after: StateAmounts;
  /** after − before, confirmed and conditional together. */
  differenceCents: Cents;
  confirmedDifferenceCents: Cents;
  conditionalDifferenceCents: Cents;
}

export interface YearStateChange extends StateAmountsChange {
  year: number;
}

/** One calendar year of the plan before and after: the year's total and the city's money in it. */
export interface PlanYearChange {
  year: number;
  beforeCents: Cents;
  afterCents: Cents;
  differenceCents: Cents;
  cityBeforeCents: Cents;
  cityAfterCents: Cents;
  cityDifferenceCents: Cents;
}

export interface YearlyEffect {
  /** The project's commitments per year before and after (every year from the first to the last of either). */
  commitments: YearStateChange[];
  commitmentTotals: StateAmountsChange;
  /**
   * The city's total commitment per year over the whole portfolio, now and if the request is
   * approved (this project's current commitments replaced by the proposed ones). Null when no
   * city totals were given.
   */
  city: YearStateChange[] | null;
  cityTotals: StateAmountsChange | null;
  /** The plan's yearly totals before and after. */
  plan: PlanYearChange[];
  planTotals: Omit<PlanYearChange, "year">;
  /** The full plan tables by year (every kind), for detailed views. */
  planBefore: PlanYear[];
  planAfter: PlanYear[];
}

export interface YearlyEffectOptions {
  /**
   * The city's current commitments per year over the whole portfolio (as commitmentsByYear
   * gives them), including this project's current commitments. Must cover every year in which
   * this project has current commitments.
   */
  cityTotals?: readonly CommitmentYearTotals[];
  /**
   * How the proposed commitments count once approved: as the proposal states their conditions
   * ("as_proposed", the default), or all conditional (an approval on a condition not yet met).
   */
  proposedAs?: "as_proposed" | "conditional";
}

/** A snapshot's commitments per year (the split rule over that snapshot's own period). */
export function snapshotCommitmentYears(s: PlanSnapshot, as: "as_proposed" | "conditional" = "as_proposed"): CommitmentYearTotals[] {
  const period = { start: s.plan.start, end: s.plan.end };
  return commitmentsByYear(
    s.commitments.map((c) => ({
      conditionStatus: as === "conditional" && c.conditionStatus !== "failed" ? ("pending" as const) : c.conditionStatus,
      years: commitmentYears(c, period),
    })),
  );
}

const amounts = (r: { confirmedCents: Cents; conditionalCents: Cents } | undefined): StateAmounts => ({
  confirmedCents: r?.confirmedCents ?? 0,
  conditionalCents: r?.conditionalCents ?? 0,
  totalCents: (r?.confirmedCents ?? 0) + (r?.conditionalCents ?? 0),
});

function change(before: StateAmounts, after: StateAmounts): StateAmountsChange {
  return {
    before,
    after,
    differenceCents: after.totalCents - before.totalCents,
    confirmedDifferenceCents: after.confirmedCents - before.confirmedCents,
    conditionalDifferenceCents: after.conditionalCents - before.conditionalCents,
  };
}

function find<T extends { year: number }>(rows: readonly T[], year: number): T | undefined {
  return rows.find((r) => r.year === year);
}

/** Every year from the smallest to the largest of the given ones (none → empty). */
function yearSpan(...lists: readonly (readonly { year: number }[])[]): number[] {
  const all = lists.flatMap((l) => l.map((x) => x.year));
  if (all.length === 0) return [];
  const out: number[] = [];
  for (let y = Math.min(...all); y <= Math.max(...all); y++) out.push(y);
  return out;
}

function sumStates(rows: readonly StateAmounts[]): StateAmounts {
  return rows.reduce(
    (t, r) => ({
      confirmedCents: t.confirmedCents + r.confirmedCents,
      conditionalCents: t.conditionalCents + r.conditionalCents,
      totalCents: t.totalCents + r.totalCents,
    }),
    { confirmedCents: 0, conditionalCents: 0, totalCents: 0 },
  );
}

/** Totals per year before and after, every year from the first to the last of either, with the differences. */
export function yearStateChanges(before: readonly CommitmentYearTotals[], after: readonly CommitmentYearTotals[]): YearStateChange[] {
  return yearSpan(before, after).map((year) => ({ year, ...change(amounts(find(before, year)), amounts(find(after, year))) }));
}

/**
 * The request's effect year by year: the project's commitments before and after (confirmed and
 * conditional apart) with the difference; given the city's current totals per year, what they
 * become if the request is approved; and the plan's yearly totals before and after.
 * Throws a RangeError when the city totals do not contain this project's current commitments
 * (a year would go below zero): that is a caller's mistake, not a user's.
 */
export function yearlyEffect(current: PlanSnapshot, proposed: PlanSnapshot, opts: YearlyEffectOptions = {}): YearlyEffect {
  const before = snapshotCommitmentYears(current);
  const after = snapshotCommitmentYears(proposed, opts.proposedAs ?? "as_proposed");

  const commitments = yearStateChanges(before, after);
  const commitmentTotals = change(sumStates(commitments.map((c) => c.before)), sumStates(commitments.map((c) => c.after)));

  let city: YearStateChange[] | null = null;
  let cityTotals: StateAmountsChange | null = null;
  if (opts.cityTotals) {
    const totals = opts.cityTotals;
    city = yearSpan(totals, before, after).map((year) => {
      const now = amounts(find(totals, year));
      const old = amounts(find(before, year));
      const neu = amounts(find(after, year));
      if (now.confirmedCents < old.confirmedCents || now.conditionalCents < old.conditionalCents) {
        throw new RangeError(`the city's totals for ${year} do not include this project's current commitments`);
      }
      const confirmedCents = now.confirmedCents - old.confirmedCents + neu.confirmedCents;
      const conditionalCents = now.conditionalCents - old.conditionalCents + neu.conditionalCents;
      return { year, ...change(now, { confirmedCents, conditionalCents, totalCents: confirmedCents + conditionalCents }) };
    });
    cityTotals = change(sumStates(city.map((c) => c.before)), sumStates(city.map((c) => c.after)));
  }

  const pb = planByYear(current.plan).years;
  const pa = planByYear(proposed.plan).years;
  const plan = yearSpan(pb, pa).map((year): PlanYearChange => {
    const b = find(pb, year);
    const a = find(pa, year);
    return {
      year,
      beforeCents: b?.totalCents ?? 0,
      afterCents: a?.totalCents ?? 0,
      differenceCents: (a?.totalCents ?? 0) - (b?.totalCents ?? 0),
      cityBeforeCents: b?.cityCents ?? 0,
      cityAfterCents: a?.cityCents ?? 0,
      cityDifferenceCents: (a?.cityCents ?? 0) - (b?.cityCents ?? 0),
    };
  });
  const sum = (k: keyof Omit<PlanYearChange, "year">) => plan.reduce((t, r) => t + r[k], 0);
  const planTotals = {
    beforeCents: sum("beforeCents"),
    afterCents: sum("afterCents"),
    differenceCents: sum("differenceCents"),
    cityBeforeCents: sum("cityBeforeCents"),
    cityAfterCents: sum("cityAfterCents"),
    cityDifferenceCents: sum("cityDifferenceCents"),
  };
  return { commitments, commitmentTotals, city, cityTotals, plan, planTotals, planBefore: pb, planAfter: pa };
}
