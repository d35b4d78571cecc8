/**
 * Reach, outcomes and pace: pure arithmetic over a target, the value to date and the period.
 *
 * Pace compares the share of the target reached with the share of the period elapsed (days of
 * the period up to and including today). With a tolerance of ±10 % of the expected value, a
 * project is ahead, on track or behind; the comparison is exact in integers:
 *   behind ⇔ value × periodDays × 100 < target × elapsedDays × (100 − tolerance)
 * and the portfolio's SQL filter uses the same inequality (app/models/indicator.server.ts).
 * A project not started, one ended and one without entries each get their own verdict, never a
 * division by zero. Counts only: no participant is ever a row.
 */
import { daysInclusive, type Day } from "./days";
import type { BasisPoints } from "./money";

export const INDICATOR_KINDS = ["reach", "outcome_work", "outcome_education", "outcome_either", "partners", "custom"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const OUTCOME_KINDS = ["outcome_work", "outcome_education", "outcome_either"] as const;
export type TargetKind = "count" | "percent";

export function isOutcomeKind(kind: string): kind is (typeof OUTCOME_KINDS)[number] {
  return (OUTCOME_KINDS as readonly string[]).includes(kind);
}

/** ±10 % of the value expected by today counts as on track. */
export const PACE_TOLERANCE_PERCENT = 10;

export type PaceVerdict = "notStarted" | "noTarget" | "noEntries" | "ahead" | "onTrack" | "behind" | "met" | "missed";

export interface PaceInput {
  /** The count to reach over the period (null or 0: no target set). */
  target: number | null;
  /** The value to date (the sum of the entries). */
  value: number;
  entryCount: number;
  start: Day;
  end: Day;
  today: Day;
}

export interface Pace {
  verdict: PaceVerdict;
  periodDays: number;
  /** Days of the period up to and including today (0 before the start, all after the end). */
  elapsedDays: number;
  /** The share of the period elapsed, in basis points. */
  elapsedBp: BasisPoints;
  /** value / target in basis points, null without a target. */
  rateBp: BasisPoints | null;
  /** The value the target's pace expects by today (rounded), null without a target or before the start. */
  expectedToDate: number | null;
  /** The value at the end at today's pace (rounded), null before the start or without entries. */
  projectedEnd: number | null;
}

/** a / b rounded to the nearest integer, halves up, for non-negative integers (b > 0). */
export function roundDiv(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** part / whole in basis points (halves up), null when whole is 0. */
export function rateBp(part: number, whole: number | null): BasisPoints | null {
  if (!whole) return null;
  return roundDiv(part * 10_000, whole);
}

export function pace(input: PaceInput): Pace {
  const { target, value, start, end, today } = input;
  const periodDays = daysInclusive(start, end);
  const hasTarget = target !== null && target > 0;
  const rate = hasTarget ? rateBp(value, target) : null;
  const base = { periodDays, rateBp: rate };
  if (today < start) {
    return { ...base, verdict: hasTarget ? "notStarted" : "noTarget", elapsedDays: 0, elapsedBp: 0, expectedToDate: hasTarget ? 0 : null, projectedEnd: null };
  }
  const elapsedDays = today > end ? periodDays : daysInclusive(start, today);
  const elapsedBp = roundDiv(elapsedDays * 10_000, periodDays);
  const expectedToDate = hasTarget ? roundDiv(target * elapsedDays, periodDays) : null;
  const projectedEnd = input.entryCount > 0 ? roundDiv(value * periodDays, elapsedDays) : null;
  const out = { ...base, elapsedDays, elapsedBp, expectedToDate, projectedEnd };
  if (!hasTarget) return { ...out, verdict: "noTarget" };
  if (today > end) return { ...out, verdict: value >= target ? "met" : "missed" };
  if (input.entryCount === 0) return { ...out, verdict: "noEntries" };
  if (value >= target) return { ...out, verdict: "met" };
  const actual = value * periodDays * 100;
  if (actual < target * elapsedDays * (100 - PACE_TOLERANCE_PERCENT)) return { ...out, verdict: "behind" };
  if (actual > target * elapsedDays * (100 + PACE_TOLERANCE_PERCENT)) return { ...out, verdict: "ahead" };
  return { ...out, verdict: "onTrack" };
}

export type OutcomeVerdict = "noTarget" | "noEntries" | "met" | "below";

export interface OutcomeRate {
  /** Outcomes per those reached, in basis points; null when nobody is reached yet. */
  rateBp: BasisPoints | null;
  verdict: OutcomeVerdict;
}

/**
 * An outcome set as a percentage of those reached (FLOW: 100 of 121 = 82.6 % against 70 %).
 * Met when outcomes × 10 000 ≥ target × reached, exactly.
 */
export function outcomeRate(outcomes: number, reached: number, targetBp: BasisPoints | null): OutcomeRate {
  const r = rateBp(outcomes, reached);
  if (targetBp === null) return { rateBp: r, verdict: "noTarget" };
  if (reached === 0) return { rateBp: null, verdict: "noEntries" };
  return { rateBp: r, verdict: outcomes * 10_000 >= targetBp * reached ? "met" : "below" };
}

export interface GenderSplit {
  women: number;
  men: number;
  other: number;
  /** The part of the value whose entries reported a split. */
  reported: number;
}

/** Shares of women, men and other of those whose gender was reported (null when none was). */
export function genderShares(split: GenderSplit): { womenBp: BasisPoints; menBp: BasisPoints; otherBp: BasisPoints } | null {
  if (split.reported === 0) return null;
  return { womenBp: rateBp(split.women, split.reported)!, menBp: rateBp(split.men, split.reported)!, otherBp: rateBp(split.other, split.reported)! };
}
