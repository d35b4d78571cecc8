/**
 * The clock: "today" and the budget year as they are in Europe/Helsinki, whatever the server's
 * own time zone (a timestamp late on 31 December UTC is already the next year in Helsinki).
 */
import { TIME_ZONE, yearOf, type Day } from "./days";

/**
 * One formatter for the process (dayjs's time zone plugin builds one on every call, a tenth of
 * a project page's time): the calendar date in Helsinki as numbers.
 */
const helsinki = new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's day in Helsinki for the given instant (defaults to now). */
export function todayInHelsinki(now: Date = new Date()): Day {
  const parts: Record<string, string> = {};
  for (const p of helsinki.formatToParts(now)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The budget year: the calendar year of today in Helsinki. */
export function currentYear(now: Date = new Date()): number {
  return yearOf(todayInHelsinki(now));
}
