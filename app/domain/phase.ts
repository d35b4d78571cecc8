/**
 * Where a project is in its period on a given day: not started (days until the start), running
 * (days left, including today, and the share of the period elapsed), or ended (days since the end).
 */
import { daysInclusive, type Day } from "./days";

export type Phase =
  { kind: "not_started"; daysToStart: number } | { kind: "running"; daysLeft: number; elapsedShare: number } | { kind: "ended"; daysSinceEnd: number };

export function projectPhase(start: Day, end: Day, today: Day): Phase {
  if (today < start) return { kind: "not_started", daysToStart: daysInclusive(today, start) - 1 };
  if (today > end) return { kind: "ended", daysSinceEnd: daysInclusive(end, today) - 1 };
  const total = daysInclusive(start, end);
  const elapsed = daysInclusive(start, today) - 1;
  return { kind: "running", daysLeft: daysInclusive(today, end), elapsedShare: total > 0 ? elapsed / total : 0 };
}
