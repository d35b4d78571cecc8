/**
 * Change requests (muutoshakemus) as pure logic: their status and outcome, and the rules for
 * recording a decision. The difference a proposal makes is in change-diff.ts, its yearly effect
 * in change-effect.ts; this module re-exports both (and the vocabulary), so that
 * `~/domain/change-request` stays the one import for all of it.
 */

import type { Day } from "./days";

import { type ConditionStatus } from "./vocabulary";

export * from "./change-request-vocabulary";
import { CONDITION_TRANSITIONS, REQUEST_TRANSITIONS, type DecisionOutcome, type RequestConditionState, type RequestState } from "./change-request-vocabulary";

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

export * from "./change-diff";
export * from "./change-effect";
