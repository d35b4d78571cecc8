/**
 * The clock: "today" and the budget year as they are in Europe/Helsinki, whatever the server's
 * own time zone (a timestamp late on 31 December UTC is already the next year in Helsinki).
 */
import { helsinkiParts, yearOf, type Day } from "./days";

/** Today's day in Helsinki for the given instant (defaults to now). */
export function todayInHelsinki(now: Date = new Date()): Day {
  const p = helsinkiParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The budget year: the calendar year of today in Helsinki. */
export function currentYear(now: Date = new Date()): number {
  return yearOf(todayInHelsinki(now));
}
