/**
 * The vocabulary of change requests: kinds of change, directions and who decides, states and
 * their transitions. Small and dependency-free, so the pages can use it in the browser; the
 * rules that work on plans are in change-request.ts.
 */
/* ====================================================================================== */
/* Vocabulary                                                                              */
/* ====================================================================================== */

/** What a request asks to change. Several may apply to one request. Labels: `changeKind.<kind>`. */
export const CHANGE_KINDS = [
  "postpone_start",
  "extend",
  "shorten",
  "budget",
  "financing_plan",
  "city_cofinancing",
  "target_group",
  "name",
  "staff_hours",
  "other",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Who asks whom. A grantee (e.g. an association with the city's co-financing) asks the city;
 * the city (as an implementer of an ESR+ project) asks the funder, as Kotona Kajaanissa did
 * with its staff hours.
 */
export const REQUEST_DIRECTIONS = ["grantee_to_city", "city_to_funder"] as const;
export type RequestDirection = (typeof REQUEST_DIRECTIONS)[number];

/** Who decides a request: the city (its committee) or the funder. */
export type RequestDecider = "city" | "funder";
export const DECIDED_BY: Record<RequestDirection, RequestDecider> = {
  grantee_to_city: "city",
  city_to_funder: "funder",
};

/**
 * A request's state. Only a pending request can be decided, and only once; a pending request
 * may instead be withdrawn by whoever filed it (or a manager), and stays in the history.
 */
export const REQUEST_STATES = ["pending", "approved", "approved_conditionally", "rejected", "withdrawn"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The outcomes a decision can record (every state but pending). */
export const DECISION_OUTCOMES = ["approved", "approved_conditionally", "rejected"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The condition of a conditional approval: pending until it is marked met or failed. */
export const REQUEST_CONDITION_STATES = ["pending", "met", "failed"] as const;
export type RequestConditionState = (typeof REQUEST_CONDITION_STATES)[number];

/** Which state may follow which. Decided states are final. */
export const REQUEST_TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  pending: ["approved", "approved_conditionally", "rejected", "withdrawn"],
  approved: [],
  approved_conditionally: [],
  rejected: [],
  withdrawn: [],
};

/** Which condition state may follow which: a pending condition is settled once, met or failed. */
export const CONDITION_TRANSITIONS: Record<RequestConditionState, readonly RequestConditionState[]> = {
  pending: ["met", "failed"],
  met: [],
  failed: [],
};
