/**
 * The employment bonus (työllisyysbonus, § 16 of the source agenda, rules kept by the committee on
 * 20.5.2026): an association is paid 1 000 € for a job seeker its measure placed in work on the
 * open labour market that meets the employment condition, or in studies leading to a degree;
 * paid once four months have passed since the start; never for studies supported by unemployment
 * benefit. The bonus exists to cut the city's share of unemployment benefit costs, which is why
 * the four months must have passed first (the saving has then happened).
 *
 * A claim names the job seeker only by the association's own pseudonymous reference: nothing that
 * looks like a Finnish personal identity code (henkilötunnus) or a person's name is accepted.
 * Pure: no I/O, light enough for the browser (the form checks with the same rules).
 */
import { isDay, type Day } from "./days";

/** The bonus per job seeker, in cents (1 000 €). */
export const BONUS_AMOUNT_CENTS = 100_000;
/** Calendar months from the start until the bonus may be paid. */
export const BONUS_WAIT_MONTHS = 4;

export const CLAIM_KINDS = ["work", "studies"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** How degree studies are supported. The last is offered so the form can refuse it with the rule's reason. */
export const STUDY_SUPPORTS = ["study_grant", "adult_education", "other", "unemployment_benefit"] as const;
export type StudySupport = (typeof STUDY_SUPPORTS)[number];
export type EligibleStudySupport = Exclude<StudySupport, "unemployment_benefit">;

export const CLAIM_STATUSES = ["submitted", "info_requested", "approved", "rejected", "paid", "withdrawn"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** What a person sees: a submitted claim waits until its payable day, then is in review. */
export const CLAIM_STAGES = ["waiting", "in_review", "info_requested", "approved", "paid", "rejected", "withdrawn"] as const;
export type ClaimStage = (typeof CLAIM_STAGES)[number];

/** The lists of claims a page offers, by what happens next ("review": submitted and payable now). */
export const CLAIM_FILTERS = ["review", "waiting", "info_requested", "approved", "paid", "rejected", "withdrawn", "all"] as const;
export type ClaimFilter = (typeof CLAIM_FILTERS)[number];

const pad = (n: number) => String(n).padStart(2, "0");

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The day `months` calendar months after `day`, clamped to the month's end: 31.10.2026 + 4 →
 * 28.2.2027, 30.11.2026 + 4 → 30.3.2027, 29.2.2028 + 4 → 29.6.2028.
 */
export function addCalendarMonths(day: Day, months: number): Day {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/** The first day the bonus of a placement that started on `start` may be paid. */
export function payableOn(start: Day): Day {
  return addCalendarMonths(start, BONUS_WAIT_MONTHS);
}

/** The stage a person sees. */
export function claimStage(status: ClaimStatus, payable: Day, today: Day): ClaimStage {
  if (status === "submitted") return today < payable ? "waiting" : "in_review";
  return status;
}

/**
 * Anything that looks like a Finnish personal identity code: DDMMYY, a century sign (+, -, A–F,
 * U–Y) and three digits and a check character, anywhere in the text, whether or not its check
 * character is right (a mistyped code is still a person's).
 */
const HETU = /(?:^|[^0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}\s?[-+ABCDEFUVWXY]\s?\d{3}[0-9A-Y](?![0-9A-Za-z])/i;
/** DDMMYY, three digits and a check character written together: a code with its century sign left out. */
const HETU_NO_SIGN = /(?:^|[^0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}\d{3}[0-9A-Y](?![0-9A-Za-z])/i;

export function looksLikeHetu(text: string): boolean {
  return HETU.test(text) || HETU_NO_SIGN.test(text);
}

/** Two to four capitalised words of letters only ("Matti Meikäläinen", "Anna-Liisa Virtanen"). */
const NAME = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,3}$/u;

export function looksLikeName(text: string): boolean {
  return NAME.test(text.trim());
}

/** Letters, digits, spaces and - _ / . # : (no @: not an e-mail address). */
const REFERENCE_CHARS = /^[\p{L}\p{N} _\-/.#:]+$/u;
export const MAX_REFERENCE = 40;

export type ReferenceProblem = "required" | "tooLong" | "characters" | "hetu" | "name";

/** Why a reference cannot be used, or null when it can. */
export function referenceProblem(reference: string): ReferenceProblem | null {
  const s = reference.trim();
  if (s === "") return "required";
  if (looksLikeHetu(s)) return "hetu";
  if (s.length > MAX_REFERENCE) return "tooLong";
  if (!REFERENCE_CHARS.test(s)) return "characters";
  if (looksLikeName(s)) return "name";
  return null;
}

/** The form two references are compared in: case, spacing and the dash kind do not make a new reference. */
export function referenceKey(reference: string): string {
  return reference.trim().replace(/\s+/g, " ").replace(/[‐-―]/g, "-").toUpperCase();
}

export interface ClaimFacts {
  kind: ClaimKind;
  startDate: Day;
  /** For work: the association's statement that the work meets the employment condition. */
  employmentCondition: boolean;
  /** For studies: how they are supported. */
  studySupport: StudySupport | null;
}

export type ClaimIssue =
  | { field: "startDate"; problem: "future" | "invalid" }
  | { field: "employmentCondition"; problem: "required" }
  | { field: "studySupport"; problem: "required" | "unemploymentBenefit" };

/**
 * The rules a claim must meet to be filed (today in Helsinki): a real start day not in the future;
 * for work, the employment condition stated; for studies, their support given and not
 * unemployment benefit. A start less than four months ago is no reason to refuse: the claim waits.
 */
export function checkClaim(c: ClaimFacts, today: Day): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  if (!isDay(c.startDate)) issues.push({ field: "startDate", problem: "invalid" });
  else if (c.startDate > today) issues.push({ field: "startDate", problem: "future" });
  if (c.kind === "work" && !c.employmentCondition) issues.push({ field: "employmentCondition", problem: "required" });
  if (c.kind === "studies") {
    if (c.studySupport === null) issues.push({ field: "studySupport", problem: "required" });
    else if (c.studySupport === "unemployment_benefit") issues.push({ field: "studySupport", problem: "unemploymentBenefit" });
  }
  return issues;
}

/** A claim already filed, as the duplicate check needs it. */
export interface FiledClaim {
  id: number;
  referenceKey: string;
  startDate: Day;
  status: ClaimStatus;
}

/**
 * The association's live claim for the same job seeker and start (same reference, compared by
 * `referenceKey`, and the same start day), if any: one placement is paid once. A withdrawn claim
 * does not count; a rejected one does (its decision stands).
 */
export function duplicateOf(filed: readonly FiledClaim[], reference: string, startDate: Day): FiledClaim | null {
  const key = referenceKey(reference);
  return filed.find((f) => f.status !== "withdrawn" && f.referenceKey === key && f.startDate === startDate) ?? null;
}

/** What a manager decides on a claim in review. */
export const REVIEW_DECISIONS = ["approve", "request_info", "reject"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The association may answer a request for more evidence, and withdraw a claim not yet decided. */
export const answerable = (status: ClaimStatus) => status === "info_requested";
export const withdrawable = (status: ClaimStatus) => status === "submitted" || status === "info_requested";
export const reviewable = (status: ClaimStatus) => status === "submitted" || status === "info_requested";
export const payable = (status: ClaimStatus) => status === "approved";

/**
 * The estimate of unemployment benefit costs the city avoided through the year's approved
 * claims: each placement has lasted at least the four months the rule waits for, so each counts
 * four months at the manager's monthly figure. Cents, exact (integers multiplied).
 */
export function avoidedCostEstimate(approvedCount: number, monthlySavingCents: number): number {
  return approvedCount * BONUS_WAIT_MONTHS * monthlySavingCents;
}
