/**
 * Spreadsheets out (issue 21, docs/spreadsheets.md): the pure pieces both formats share. A table
 * is a list of typed columns (text, money in integer cents, a day, an integer) and rows of values
 * of those types; the XLSX writer (app/models/spreadsheet-export.server.ts) turns them into
 * number and date cells with formats, the CSV writer into text as Finnish Excel reads it.
 *
 * Every text value goes through `neutraliseFormula` in both formats (OWASP's CSV injection): a
 * cell whose text starts with =, +, -, @, a tab or a carriage return gets a single quote in front,
 * so that no spreadsheet program runs it as a formula. Numbers, money and days are never text and
 * are never changed (a negative amount stays a negative number).
 */
import type { Cents } from "./money";
import type { Day } from "./days";

export const SPREADSHEET_FORMATS = ["xlsx", "csv"] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** Euros with two decimals and the sign after a space; Excel shows the groups and the comma of the reader's locale. */
export const MONEY_FORMAT = '#,##0.00 "€"';
/** A day as Finns write it: 1.4.2026. */
export const DATE_FORMAT = "d.m.yyyy";
/** Whole numbers with the locale's thousands groups. */
export const INTEGER_FORMAT = "#,##0";

export type ColumnKind = "text" | "money" | "date" | "integer";

export interface Column {
  header: string;
  kind: ColumnKind;
}

/** A value of a column: text (string), money (integer cents), a day (YYYY-MM-DD), an integer; null is an empty cell. */
export type CellValue = string | number | null;

/** The characters that make a spreadsheet program read a text as a formula (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text with a single quote in front when it would otherwise start a formula; any other text as it is. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Euros as a number (exact to the cent as far as a double holds it: 1234.5 for 123 450 cents). */
export function centsToEuros(cents: Cents): number {
  return cents / 100;
}

/** Money as Finnish Excel reads it from a CSV file: "1234,50", "-0,05" (no thousands groups, two decimals), from integer cents without float arithmetic. */
export function csvMoney(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not whole cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day as an Excel date: midnight UTC of that day, which Excel stores as the whole day number (no time zone can move it). */
export function dayToDate(day: Day): Date {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** A day in a CSV file: 1.4.2026. */
export function csvDay(day: Day): string {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}

/** One value as CSV text, quoted when it holds the separator, a quote or a line break. */
export function csvValue(kind: ColumnKind, value: CellValue): string {
  if (value === null || value === "") return "";
  switch (kind) {
    case "money":
      return csvMoney(Number(value));
    case "date":
      return csvDay(String(value));
    case "integer":
      return String(Math.trunc(Number(value)));
    case "text": {
      const text = neutraliseFormula(String(value));
      return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }
  }
}

export const CSV_SEPARATOR = ";";
export const CSV_LINE_END = "\r\n";
export const CSV_BOM = "\uFEFF";

/** One row as a CSV line (with its CRLF). */
export function csvLine(columns: readonly Column[], values: readonly CellValue[]): string {
  return columns.map((c, i) => csvValue(c.kind, values[i] ?? null)).join(CSV_SEPARATOR) + CSV_LINE_END;
}

/** The header row as a CSV line (headers are text: neutralised and quoted like any text). */
export function csvHeader(columns: readonly Column[]): string {
  return columns.map((c) => csvValue("text", c.header)).join(CSV_SEPARATOR) + CSV_LINE_END;
}

/** How many characters a value takes when Excel shows it in its column's format ("12 345,67 €", "30.11.2026"). */
export function displayLength(kind: ColumnKind, value: CellValue): number {
  if (value === null) return 0;
  switch (kind) {
    case "money": {
      const digits = String(Math.trunc(Math.abs(Number(value)) / 100)).length;
      // digits, a group separator every three, ",00", " €", a minus sign.
      return digits + Math.floor((digits - 1) / 3) + 5 + (Number(value) < 0 ? 1 : 0);
    }
    case "date":
      return 10;
    case "integer": {
      const digits = String(Math.trunc(Math.abs(Number(value)))).length;
      return digits + Math.floor((digits - 1) / 3) + (Number(value) < 0 ? 1 : 0);
    }
    case "text":
      return Math.max(
        0,
        ...neutraliseFormula(String(value))
          .split(/\r?\n/)
          .map((l) => l.length),
      );
  }
}

export const MIN_COLUMN_WIDTH = 6;
export const MAX_COLUMN_WIDTH = 60;

/**
 * Column widths (in Excel's characters) that fit the header and the sample's values, with a
 * little room, at most MAX_COLUMN_WIDTH (a long name wraps into the next column's space rather
 * than making the sheet unreadable). The sample is the first step of rows and any totals known
 * beforehand: the XLSX format fixes the widths before its first row.
 */
export function columnWidths(columns: readonly Column[], sample: readonly (readonly CellValue[])[]): number[] {
  return columns.map((c, i) => {
    let width = c.header.length;
    for (const row of sample) width = Math.max(width, displayLength(c.kind, row[i] ?? null));
    // Money columns keep room for a total a digit or two longer than the sample's figures.
    if (c.kind === "money") width = Math.max(width + 2, 14);
    return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width + 2));
  });
}

/** The letters of a column (1-based): 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A worksheet's name as Excel allows it: at most 31 characters, none of []:*?/\ , not empty. */
export function sheetName(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "");
  return Array.from(clean).slice(0, 31).join("").trim() || "Sheet1";
}

/** A name for a file name: ASCII letters, digits and hyphens (ä → a, ö → o, å → a), at most 40 characters. */
export function fileSlug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "hanke"
  );
}

/** The file's name: `hankesalkku-2026-12-08.xlsx`. */
export function exportFileName(base: string, today: Day, format: SpreadsheetFormat): string {
  return `${base}-${today}.${format}`;
}

/** The format asked for with ?format= (xlsx when none is named); null for anything else. */
export function parseFormat(raw: string | null): SpreadsheetFormat | null {
  const text = (raw ?? "").trim().toLowerCase();
  if (text === "") return "xlsx";
  return (SPREADSHEET_FORMATS as readonly string[]).includes(text) ? (text as SpreadsheetFormat) : null;
}
