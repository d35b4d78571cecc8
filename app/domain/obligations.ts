/**
 * Reporting obligations and their due dates over a project's period.
 *
 * Series are anchored on the start: the k-th period begins k × N months after the start, and a
 * day that the month does not have is clamped to its last day (a start on 31 January gives
 * 29 February in a leap year, then 31 March, not 29 March). A period ends the day before the
 * next one begins. Due dates are the period's end plus the obligation's days after.
 * - yearly report, reports to the committee N times a year: the complete periods that end
 *   before the project does (the rest is the final report's);
 * - payment applications every N months: every period, the last one cut at the end;
 * - final report: the end plus N days; interim report and a single obligation: their date.
 * When the period changes, only the future open deadlines follow it (`regenerate`).
 */
import { daysInclusive, isDay, type Day } from "./days";

export const OBLIGATION_KINDS = ["yearly_report", "committee_report", "interim_report", "final_report", "payment_application", "single"] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
export const TIMES_PER_YEAR = [1, 2, 3, 4, 6, 12] as const;
export const DEADLINE_STATUSES = ["open", "submitted", "accepted", "returned"] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The most deadlines one obligation generates (monthly over 20 years). */
export const MAX_DEADLINES = 240;

export const DEFAULT_DAYS_AFTER: Record<ObligationKind, number> = {
  yearly_report: 30,
  committee_report: 30,
  interim_report: 0,
  final_report: 60,
  payment_application: 60,
  single: 0,
};

export interface ObligationRule {
  kind: ObligationKind;
  timesPerYear?: number | null;
  everyMonths?: number | null;
  daysAfter: number;
  /** The date of an interim report or a single obligation. */
  dueDate?: Day | null;
}

export interface GeneratedDeadline {
  seq: number;
  periodStart: Day | null;
  periodEnd: Day | null;
  dueDate: Day;
}

function parts(day: Day): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function fmt(y: number, m: number, d: number): Day {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The day n calendar months later; a day the month lacks becomes its last day. */
export function addMonths(day: Day, n: number): Day {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return fmt(ty, tm, Math.min(d, lastDayOf(ty, tm)));
}

export function addDays(day: Day, n: number): Day {
  const [y, m, d] = parts(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The months between reports of a series, or null for a one-off obligation. */
export function seriesMonths(rule: ObligationRule): number | null {
  switch (rule.kind) {
    case "yearly_report":
      return 12;
    case "committee_report":
      return rule.timesPerYear ? 12 / rule.timesPerYear : null;
    case "payment_application":
      return rule.everyMonths ?? null;
    default:
      return null;
  }
}

/** The deadlines of a rule over the period start..end, in order, numbered from 1. */
export function generateDeadlines(rule: ObligationRule, start: Day, end: Day): GeneratedDeadline[] {
  if (!isDay(start) || !isDay(end) || end < start) return [];
  switch (rule.kind) {
    case "final_report":
      return [{ seq: 1, periodStart: start, periodEnd: end, dueDate: addDays(end, rule.daysAfter) }];
    case "interim_report":
    case "single":
      return rule.dueDate && isDay(rule.dueDate)
        ? [{ seq: 1, periodStart: rule.kind === "interim_report" ? start : null, periodEnd: null, dueDate: rule.dueDate }]
        : [];
  }
  const months = seriesMonths(rule);
  if (!months || months < 1 || !Number.isInteger(months)) return [];
  const cutLast = rule.kind === "payment_application";
  const out: GeneratedDeadline[] = [];
  for (let k = 1; k <= MAX_DEADLINES; k++) {
    const periodStart = addMonths(start, months * (k - 1));
    if (periodStart > end) break;
    const fullEnd = addDays(addMonths(start, months * k), -1);
    if (fullEnd >= end && !cutLast) break;
    const periodEnd = fullEnd > end ? end : fullEnd;
    out.push({ seq: k, periodStart, periodEnd, dueDate: addDays(periodEnd, rule.daysAfter) });
    if (periodEnd === end) break;
  }
  return out;
}

export interface ExistingDeadline {
  id: number;
  seq: number;
  dueDate: Day;
  status: DeadlineStatus;
}

export interface Regeneration {
  /** Open deadlines whose date moves (the same row, so a calendar's UID stays the same). */
  update: { id: number; deadline: GeneratedDeadline }[];
  insert: GeneratedDeadline[];
  remove: number[];
}

/**
 * After the period changed: the deadlines already submitted, accepted or returned, and those
 * whose day has come (today or earlier), stay as they are; open future ones follow the new
 * series (moved, even into the past where they become overdue, added or removed); nothing due
 * today or earlier is created anew.
 */
export function regenerate(existing: readonly ExistingDeadline[], generated: readonly GeneratedDeadline[], today: Day): Regeneration {
  const kept = new Set<number>();
  const movable = new Map<number, ExistingDeadline>();
  for (const e of existing) {
    if (e.status === "open" && e.dueDate > today) movable.set(e.seq, e);
    else kept.add(e.seq);
  }
  const out: Regeneration = { update: [], insert: [], remove: [] };
  const used = new Set<number>();
  for (const g of generated) {
    if (kept.has(g.seq)) continue;
    const e = movable.get(g.seq);
    // An open deadline that the new period moves into the past stays, as overdue: it is not lost.
    if (e) {
      used.add(e.id);
      out.update.push({ id: e.id, deadline: g });
    } else if (g.dueDate > today) out.insert.push(g);
  }
  for (const e of movable.values()) if (!used.has(e.id)) out.remove.push(e.id);
  return out;
}

export type DeadlineBucket = "upcoming" | "dueSoon" | "overdue" | "submitted" | "accepted" | "returned";
export const DEADLINE_BUCKETS: readonly DeadlineBucket[] = ["upcoming", "dueSoon", "overdue", "submitted", "accepted", "returned"];
/** "Due soon": within this many days from today, today included. */
export const DUE_SOON_DAYS = 30;

/**
 * Where a deadline stands today: an open one is overdue after its day, due soon within 30 days
 * (today included), upcoming after that; the others are where their status puts them.
 */
export function bucketOf(status: DeadlineStatus, dueDate: Day, today: Day): DeadlineBucket {
  if (status !== "open") return status;
  if (dueDate < today) return "overdue";
  return dueDate <= addDays(today, DUE_SOON_DAYS) ? "dueSoon" : "upcoming";
}

export type ReminderKind = `before:${number}` | "overdue";

/**
 * The reminder an open deadline is owed today, if any: the closest "N days before" whose day
 * has come (a larger one not yet sent is skipped, so one run never sends two), or "overdue"
 * once the day has passed. Each kind is sent once (`sent` holds those already claimed).
 */
export function reminderDue(
  deadline: { status: DeadlineStatus; dueDate: Day },
  reminderDays: readonly number[],
  sent: ReadonlySet<string>,
  today: Day,
): { send: ReminderKind; skip: ReminderKind[] } | null {
  if (deadline.status !== "open") return null;
  if (today > deadline.dueDate) return sent.has("overdue") ? null : { send: "overdue", skip: [] };
  const daysLeft = daysInclusive(today, deadline.dueDate) - 1;
  const reached = [...reminderDays].filter((n) => daysLeft <= n).sort((a, b) => a - b);
  if (reached.length === 0) return null;
  const closest = `before:${reached[0]}` as ReminderKind;
  if (sent.has(closest)) return null;
  const skip = reached
    .slice(1)
    .map((n) => `before:${n}` as ReminderKind)
    .filter((k) => !sent.has(k));
  return { send: closest, skip };
}

/** Reminder days as entered ("30, 7") → [30, 7], largest first; null when not valid. */
export function parseReminderDays(text: string): number[] | null {
  const s = text.trim();
  if (s === "") return [];
  const items = s.split(/[,;\s]+/).filter(Boolean);
  const out: number[] = [];
  for (const item of items) {
    if (!/^\d{1,3}$/.test(item)) return null;
    const n = Number(item);
    if (n < 1 || n > 365) return null;
    if (!out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => b - a).slice(0, 5);
}
