/**
 * Pages of a list: which rows a page number names, and how a page number or size read from a
 * URL is settled. Pages count from 1; a list with no rows still has page 1.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page {
  /** The page shown (1-based, never beyond the last). */
  page: number;
  /** Rows per page. */
  size: number;
  /** Rows before this page. */
  offset: number;
  /** How many pages the list has (at least 1). */
  pageCount: number;
  /** How many rows the whole list has. */
  total: number;
}

/** The page `requested` of a list of `total` rows, moved to the nearest page that exists. */
export function pageOf(total: number, requested: number, size: number): Page {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pageCount);
  return { page, size, offset: (page - 1) * size, pageCount, total };
}

export type PagingProblem = { parameter: "page" | "limit"; value: string; code: "notPositiveInteger" | "tooLarge"; max?: number };

/**
 * A page number and size from their text (as in a URL). Strict: anything but a positive whole
 * number (within the size's maximum) is a problem; an empty or missing value is the default.
 */
export function parsePaging(
  rawPage: string | null,
  rawLimit: string | null,
  maxSize = MAX_PAGE_SIZE,
): { page: number; size: number; problems: PagingProblem[] } {
  const problems: PagingProblem[] = [];
  const read = (raw: string | null, parameter: "page" | "limit", fallback: number, max: number): number => {
    const text = (raw ?? "").trim();
    if (text === "") return fallback;
    if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
      problems.push({ parameter, value: text.slice(0, 40), code: "notPositiveInteger" });
      return fallback;
    }
    if (Number(text) > max) {
      problems.push({ parameter, value: text.slice(0, 40), code: "tooLarge", max });
      return max;
    }
    return Number(text);
  };
  const page = read(rawPage, "page", 1, 999_999_999);
  const size = read(rawLimit, "limit", DEFAULT_PAGE_SIZE, maxSize);
  return { page, size, problems };
}

/**
 * A page number from a page's own URL, leniently: a person who edits `?page=-1` or
 * `?page=99999` gets the nearest page that exists rather than an error.
 */
export function lenientPage(raw: string | null): number {
  const text = (raw ?? "").trim();
  if (/^-\d+$/.test(text)) return 1;
  return /^\d{1,9}$/.test(text) ? Math.max(1, Number(text)) : 1;
}
