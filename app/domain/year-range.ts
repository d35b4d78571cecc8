/**
 * A range of calendar years as it comes from a URL (?from=2026&to=2029): parsed and checked
 * without throwing, so pages can ignore a bad value with a message and the API can answer 400.
 * Also the years a table or chart shows for a range.
 */

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
/** A table or chart fills at most this many years of an explicit range; wider ranges show only the years with data. */
export const MAX_FILLED_YEARS = 12;

export interface YearRange {
  from: number | null;
  to: number | null;
}

export type YearRangeProblem =
  | { field: "from" | "to"; code: "notYear"; value: string }
  | { field: "from" | "to"; code: "outOfRange"; value: string; min: number; max: number }
  | { field: "to"; code: "reversed"; from: number; to: number };

function parseOne(field: "from" | "to", raw: string | null | undefined, problems: YearRangeProblem[]): number | null {
  const s = (raw ?? "").trim();
  if (s === "") return null;
  if (!/^\d{4}$/.test(s)) {
    problems.push({ field, code: "notYear", value: s.slice(0, 40) });
    return null;
  }
  const year = Number(s);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    problems.push({ field, code: "outOfRange", value: s, min: MIN_YEAR, max: MAX_YEAR });
    return null;
  }
  return year;
}

/**
 * Reads from/to. A missing or empty value means "no limit". A value that is not a year is
 * reported and left out; a range that ends before it starts is reported and left out whole.
 */
export function parseYearRange(from: string | null | undefined, to: string | null | undefined): YearRange & { problems: YearRangeProblem[] } {
  const problems: YearRangeProblem[] = [];
  const f = parseOne("from", from, problems);
  const t = parseOne("to", to, problems);
  if (f !== null && t !== null && f > t) {
    problems.push({ field: "to", code: "reversed", from: f, to: t });
    return { from: null, to: null, problems };
  }
  return { from: f, to: t, problems };
}

export function inYearRange(year: number, range: YearRange): boolean {
  return (range.from === null || year >= range.from) && (range.to === null || year <= range.to);
}

/**
 * The years to show as columns: every year from the first to the last year with data (gaps
 * filled), or the whole explicit range when both ends are given and it is not too wide.
 */
export function displayYears(dataYears: readonly number[], range: YearRange): number[] {
  if (range.from !== null && range.to !== null && range.to - range.from < MAX_FILLED_YEARS) return yearsBetween(range.from, range.to);
  const inside = dataYears.filter((y) => inYearRange(y, range));
  if (inside.length === 0) return [];
  return yearsBetween(Math.min(...inside), Math.max(...inside));
}

function yearsBetween(a: number, b: number): number[] {
  const out: number[] = [];
  for (let y = a; y <= b; y++) out.push(y);
  return out;
}
