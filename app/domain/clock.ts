/**
 * The clock: "today" and the budget year as they are in Europe/Helsinki, whatever the server's
 * own time zone (a timestamp late on 31 December UTC is already the next year in Helsinki).
 */
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";
import { TIME_ZONE, yearOf, type Day } from "./days";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Today's day in Helsinki for the given instant (defaults to now). */
export function todayInHelsinki(now: Date = new Date()): Day {
  return dayjs(now).tz(TIME_ZONE).format("YYYY-MM-DD");
}

/** The budget year: the calendar year of today in Helsinki. */
export function currentYear(now: Date = new Date()): number {
  return yearOf(todayInHelsinki(now));
}
