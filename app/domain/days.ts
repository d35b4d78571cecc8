/**
 * Days are "YYYY-MM-DD" strings (a calendar day, no time zone); instants are UTC ISO strings.
 * "Today" and "this budget year" are those of Europe/Helsinki (app/domain/clock.ts). This file
 * is plain arithmetic, light enough for the browser.
 */

export type Day = string;
export const TIME_ZONE = "Europe/Helsinki";

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): value is Day {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * Reads a day as typed: "2026-04-01" or Finnish "1.4.2026" / "01.04.2026".
 * Returns null when it is not a real calendar day.
 */
export function parseDay(input: string): Day | null {
  const s = input.trim();
  if (DAY_RE.test(s)) return isDay(s) ? s : null;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (!m) return null;
  const day = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isDay(day) ? day : null;
}

/** "2026-04-01" → "1.4.2026". */
export function formatDay(day: Day): string {
  const m = DAY_RE.exec(day);
  if (!m) return day;
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}

export function formatPeriod(start: Day, end: Day): string {
  return `${formatDay(start)}–${formatDay(end)}`;
}

export function yearOf(day: Day): number {
  return Number(day.slice(0, 4));
}

const utcMs = (d: Day) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));

/** Number of days from a to b, both included (a ≤ b). */
export function daysInclusive(a: Day, b: Day): number {
  return Math.round((utcMs(b) - utcMs(a)) / 86_400_000) + 1;
}

/** The days of the period start..end (both included) that fall in each calendar year. */
export function daysPerYear(start: Day, end: Day): { year: number; days: number }[] {
  if (end < start) throw new RangeError(`period ends before it starts: ${start}..${end}`);
  const out: { year: number; days: number }[] = [];
  for (let y = yearOf(start); y <= yearOf(end); y++) {
    const from = y === yearOf(start) ? start : `${y}-01-01`;
    const to = y === yearOf(end) ? end : `${y}-12-31`;
    out.push({ year: y, days: daysInclusive(from, to) });
  }
  return out;
}

export function yearsOf(start: Day, end: Day): number[] {
  const years: number[] = [];
  for (let y = yearOf(start); y <= yearOf(end); y++) years.push(y);
  return years;
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** The one formatter of Helsinki time for the process (building one is the costly part). */
const helsinki = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant's date and time on Helsinki's clocks, as digits ("2026", "05", "01", "09", "30"). The one place Helsinki time is computed. */
export function helsinkiParts(instant: Date): { year: string; month: string; day: string; hour: string; minute: string } {
  const p: Record<string, string> = {};
  for (const x of helsinki.formatToParts(instant)) p[x.type] = x.value;
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! };
}

/** An instant (UTC ISO) shown in Helsinki time: "23.11.2026 15.42". */
export function formatInstant(iso: string): string {
  const p = helsinkiParts(new Date(iso));
  return `${Number(p.day)}.${Number(p.month)}.${p.year} ${p.hour}.${p.minute}`;
}
