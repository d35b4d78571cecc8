/**
 * Projects from a spreadsheet (issue 21, docs/spreadsheets.md "Import"): the template's columns,
 * what a file is (an XLSX workbook or a CSV text, decided from its bytes), reading a CSV,
 * matching a header row written in either language, and reading each row's cells into a
 * project's values with every problem at its row and column. Pure: no I/O and no catalogue; the
 * workbook itself is read on the server (app/models/spreadsheet-import.server.ts), which hands
 * its cells here as `Cell`s, and the labels a header or a status may be written with come in as
 * a `Vocabulary` built from the message catalogue.
 *
 * Row numbers are the spreadsheet's own: the header is row 1, the first project row 2 (a CSV's
 * records are numbered the same way, as a spreadsheet program shows them).
 */
import type { MessageKey } from "~/i18n";
import { applyRate, parseMoney, parsePercent, MAX_CENTS, type Cents } from "./money";
import { isDay, parseDay, type Day } from "./days";
import { validateBusinessId } from "./business-id";
import { statedPercentMatches } from "./checks";
import { sniffAttachment } from "./attachment";
import type { CostModel, ProjectStatus } from "./vocabulary";

/* ---------- limits ---------- */

/** The largest file accepted (the server refuses a larger body before it is read: scripts/http-guards.ts). */
export const MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024;
/** A workbook's parts unpacked, at most (a ZIP of 10 MB can unpack to gigabytes). */
export const MAX_UNPACKED_BYTES = 25 * 1024 * 1024;
/** Project rows in one file, at most. */
export const MAX_ROWS = 2000;
/** Columns read, at most: anything further right is refused as too wide. */
export const MAX_COLUMNS = 100;
/** The case number of the template's example row: a row with it is refused (the example was left in). */
export const EXAMPLE_CASE_NUMBER = "ESIMERKKI-2026-1";

/* ---------- the columns ---------- */

export const COLUMN_KEYS = [
  "caseNumber",
  "name",
  "shortName",
  "status",
  "start",
  "end",
  "lead",
  "leadBusinessId",
  "leadKind",
  "funder",
  "programme",
  "targetGroup",
  "costModel",
  "flatRate",
  "totalBudget",
  "esrShare",
  "esr",
  "own",
  "city",
  "cityUnit",
  "condition",
  "decisionBody",
  "decisionDate",
  "decisionSection",
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** Columns the header must have. The ESR funding needs one of `esr` and `esrShare` (ESR_COLUMNS). */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ["caseNumber", "name", "shortName", "status", "start", "end", "lead", "totalBudget"];
export const ESR_COLUMNS: readonly ColumnKey[] = ["esr", "esrShare"];

/** What a column holds, and the longest text it takes. */
export const COLUMN_TYPES: Record<ColumnKey, { type: "text" | "money" | "percent" | "day" | "choice" | "businessId"; max?: number; multiline?: boolean }> = {
  caseNumber: { type: "text", max: 60 },
  name: { type: "text", max: 300 },
  shortName: { type: "text", max: 60 },
  status: { type: "choice" },
  start: { type: "day" },
  end: { type: "day" },
  lead: { type: "text", max: 200 },
  leadBusinessId: { type: "businessId" },
  leadKind: { type: "choice" },
  funder: { type: "text", max: 200 },
  programme: { type: "text", max: 300 },
  targetGroup: { type: "text", max: 1000, multiline: true },
  costModel: { type: "choice" },
  flatRate: { type: "percent" },
  totalBudget: { type: "money" },
  esrShare: { type: "percent" },
  esr: { type: "money" },
  own: { type: "money" },
  city: { type: "money" },
  cityUnit: { type: "text", max: 200 },
  condition: { type: "text", max: 1000, multiline: true },
  decisionBody: { type: "text", max: 200 },
  decisionDate: { type: "day" },
  decisionSection: { type: "text", max: 20 },
};

/** The kinds a new lead organisation may be created as (the city and its units must already be in the ledger). */
export const LEAD_KINDS = ["association", "municipality", "company", "other"] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

/**
 * The words the file may use: each column's headers and each choice's values, in both languages
 * (built from the message catalogue by the server; the codes themselves are always accepted).
 */
export interface Vocabulary {
  headers: Record<ColumnKey, readonly string[]>;
  status: Record<ProjectStatus, readonly string[]>;
  costModel: Record<CostModel, readonly string[]>;
  leadKind: Record<LeadKind, readonly string[]>;
}

/** How a header or a value is compared: case, spaces, punctuation, a unit in brackets and the required mark (*) aside. */
export function normaliseLabel(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** "A" for column 0, "Z" for 25, "AA" for 26: as a spreadsheet names its columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/* ---------- cells and problems ---------- */

/**
 * A cell as read: text; a number (a number cell of a workbook); a boolean; a day (a date cell,
 * its UTC day); a percentage (a number cell formatted as a percentage, already × 100: 0,8 → 80);
 * an error value (`#DIV/0!`, or `noResult` for a formula without a saved result); or empty.
 */
export type Cell = string | number | boolean | { day: Day } | { percent: number } | { error: string } | null;

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** A problem of one row, at its column (null: the row as a whole). */
export interface RowProblem extends Problem {
  column: ColumnKey | null;
}

/** A problem of the file as a whole: it cannot be read at all, and nothing is kept. */
export type FileProblem = Problem;

/* ---------- what a file is ---------- */

export type SniffedKind = { ok: true; kind: "xlsx" | "csv" } | { ok: false; problem: FileProblem };

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Decided from the bytes alone, never from the name or the type the browser sends: an XLSX
 * workbook (a ZIP whose directory lists `xl/workbook.xml`, without macros), or else UTF-8 text
 * (a CSV). Refused, each with its own message: an empty file, one over the limit, a workbook
 * with macros (.xlsm), the old binary Excel format (.xls), text that is not UTF-8, and anything
 * else (a PDF, a Word document, a picture, a program).
 */
export function sniffSpreadsheet(bytes: Uint8Array): SniffedKind {
  const refuse = (key: MessageKey): SniffedKind => ({ ok: false, problem: { key } });
  if (bytes.length === 0 || (bytes.length === 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return refuse("sheetImport.error.empty");
  if (bytes.length > MAX_SPREADSHEET_BYTES) return refuse("sheetImport.error.tooLarge");
  if (OLE2.every((b, i) => bytes[i] === b)) return refuse("sheetImport.error.oldExcel");
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    // A ZIP: an Office document, judged by the attachments' sniffer (macros included).
    const sniffed = sniffAttachment(bytes, "");
    if (!sniffed.ok) return refuse(sniffed.error === "macro" ? "sheetImport.error.macro" : "sheetImport.error.notSpreadsheet");
    if (sniffed.extension !== "xlsx") return refuse("sheetImport.error.notSpreadsheet");
    const unpacked = zipUnpackedBytes(bytes);
    if (unpacked === null || unpacked > MAX_UNPACKED_BYTES) return refuse("sheetImport.error.unpackedTooLarge");
    return { ok: true, kind: "xlsx" };
  }
  // Text: no NUL or other control characters but tab and line breaks (form feed and such aside).
  let control = 0;
  for (let i = 0; i < Math.min(bytes.length, 64 * 1024); i++) {
    const b = bytes[i]!;
    if (b === 0) return refuse("sheetImport.error.notSpreadsheet");
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (control > 0) return refuse("sheetImport.error.notSpreadsheet");
  // Programs and documents whose bytes happen to be printable (a PDF's header, a script).
  if (startsWithText(bytes, "%PDF-") || startsWithText(bytes, "#!") || startsWithText(bytes, "MZ")) return refuse("sheetImport.error.notSpreadsheet");
  if (decodeUtf8(bytes) === null) return refuse("sheetImport.error.encoding");
  return { ok: true, kind: "csv" };
}

function startsWithText(bytes: Uint8Array, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (bytes[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** UTF-8 text without its byte order mark; null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } catch {
    return null;
  }
}

/**
 * The sum of a ZIP's entries' unpacked sizes, from its central directory (null when the
 * directory cannot be read, or an entry declares ZIP64 sizes: far beyond any limit here).
 */
export function zipUnpackedBytes(b: Uint8Array): number | null {
  const u16 = (at: number) => b[at]! | (b[at + 1]! << 8);
  const u32 = (at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  let eocd = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(eocd + 10);
  const offset = u32(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) return null;
  let total = 0;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || u32(p) !== 0x02014b50) return null;
    const size = u32(p + 24);
    if (size === 0xffffffff) return null;
    total += size;
    p += 46 + u16(p + 28) + u16(p + 30) + u16(p + 32);
  }
  return total;
}

/* ---------- CSV ---------- */

export interface SheetRow {
  /** The row's number as a spreadsheet shows it (the header is 1). */
  row: number;
  cells: Cell[];
}

/**
 * Reads CSV text (RFC 4180: fields in double quotes may hold the separator, line breaks and
 * doubled quotes) with the separator its first line uses most: `;` (what Excel writes in Finland),
 * `,` or a tab. Records are numbered from 1 as a spreadsheet shows them; empty records are left
 * out (their numbers are not reused). Cells are text, or null when empty.
 */
export function readCsv(text: string): { rows: SheetRow[]; separator: string } {
  const separator = detectSeparator(text);
  const rows: SheetRow[] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let number = 1;
  const endRecord = () => {
    record.push(field);
    field = "";
    if (record.some((c) => c.trim() !== "")) rows.push({ row: number, cells: record.map((c) => (c.trim() === "" ? null : c)) });
    record = [];
    number++;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (c === separator) {
      record.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else field += c;
  }
  if (field !== "" || record.length > 0) endRecord();
  return { rows, separator };
}

function detectSeparator(text: string): string {
  const counts = new Map<string, number>([
    [";", 0],
    [",", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ";";
  for (const [s, n] of counts) if (n > counts.get(best)!) best = s;
  return best;
}

/** A CSV text of the rows (each field quoted when it must be), with a byte order mark so that Excel reads it as UTF-8. */
export function toCsv(rows: readonly (readonly string[])[], separator = ";"): string {
  const quote = (s: string) => (/[";,\t\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  return "\uFEFF" + rows.map((r) => r.map(quote).join(separator)).join("\r\n") + "\r\n";
}

/* ---------- the header ---------- */

/** A column of the file: where it is, its header as written, and the template's column it is (null: an empty header). */
export interface FileColumn {
  index: number;
  letter: string;
  header: string;
  key: ColumnKey | null;
}

export type HeaderResult = { ok: true; columns: FileColumn[] } | { ok: false; problems: FileProblem[] };

/**
 * Matches the header row to the template's columns, in either language (also mixed), by the
 * header's words alone. Every problem at once: columns not in the template (named), required
 * columns missing, a column twice, a column with data but no header. `dataColumns` are the
 * indexes of columns with anything below the header.
 */
export function mapHeader(cells: readonly Cell[], vocabulary: Vocabulary, dataColumns: ReadonlySet<number>): HeaderResult {
  const byLabel = new Map<string, ColumnKey>();
  for (const key of COLUMN_KEYS) {
    byLabel.set(normaliseLabel(key), key);
    for (const h of vocabulary.headers[key]) byLabel.set(normaliseLabel(h), key);
  }
  const problems: FileProblem[] = [];
  const columns: FileColumn[] = [];
  const unknown: string[] = [];
  const seen = new Map<ColumnKey, FileColumn>();
  const width = Math.max(cells.length, ...[...dataColumns].map((i) => i + 1), 0);
  if (width > MAX_COLUMNS) return { ok: false, problems: [{ key: "sheetImport.error.tooManyColumns", params: { max: MAX_COLUMNS } }] };
  for (let index = 0; index < width; index++) {
    const header = cellText(cells[index] ?? null).replace(/\s+/g, " ");
    const letter = columnLetter(index);
    if (header === "") {
      if (dataColumns.has(index)) problems.push({ key: "sheetImport.error.blankHeader", params: { letter } });
      continue;
    }
    const key = byLabel.get(normaliseLabel(header)) ?? null;
    if (key === null) {
      unknown.push(`${letter}: ${header.slice(0, 60)}`);
      continue;
    }
    const other = seen.get(key);
    if (other) {
      problems.push({ key: "sheetImport.error.duplicateColumn", params: { header, letters: `${other.letter}, ${letter}` } });
      continue;
    }
    const column = { index, letter, header, key };
    seen.set(key, column);
    columns.push(column);
  }
  if (seen.size === 0)
    return { ok: false, problems: [{ key: "sheetImport.error.noHeader", params: { example: vocabulary.headers.caseNumber[0] ?? "caseNumber" } }] };
  if (unknown.length > 0) problems.push({ key: "sheetImport.error.unknownColumns", params: { columns: unknown.join("; ") } });
  const missing = REQUIRED_COLUMNS.filter((k) => !seen.has(k)).map((k) => vocabulary.headers[k][0] ?? k);
  if (!ESR_COLUMNS.some((k) => seen.has(k))) missing.push(ESR_COLUMNS.map((k) => vocabulary.headers[k][0] ?? k).join(" / "));
  if (missing.length > 0) problems.push({ key: "sheetImport.error.missingColumns", params: { columns: missing.join(", ") } });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns };
}

/* ---------- a row ---------- */

/** A row's values as read; each is null when the cell is empty or cannot be read (its problem says why). */
export interface RowValues {
  caseNumber: string | null;
  name: string | null;
  shortName: string | null;
  status: ProjectStatus | null;
  start: Day | null;
  end: Day | null;
  lead: string | null;
  leadBusinessId: string | null;
  leadKind: LeadKind | null;
  funder: string | null;
  programme: string | null;
  targetGroup: string | null;
  costModel: CostModel | null;
  flatRateBp: number | null;
  totalCents: Cents | null;
  /** The ESR share as the file states it (basis points). */
  esrShareBp: number | null;
  /** The ESR funding: as given, or the share of the total (halves up). */
  esrCents: Cents | null;
  /** The own funding: as given, or what the total leaves after ESR and the city. */
  ownCents: Cents | null;
  cityCents: Cents | null;
  cityUnit: string | null;
  condition: string | null;
  decisionBody: string | null;
  decisionDate: Day | null;
  decisionSection: string | null;
}

export interface ParsedRow {
  row: number;
  /** The cells of the template's columns as text (as the file shows them, at most 300 characters each), for the preview. */
  raw: Partial<Record<ColumnKey, string>>;
  values: RowValues;
  problems: RowProblem[];
}

/** A cell's text: numbers in Finnish form, days as d.m.yyyy. */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell.trim();
  if (typeof cell === "number") return String(cell).replace(".", ",");
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  if ("day" in cell) {
    const [y, m, d] = cell.day.split("-");
    return `${Number(d)}.${Number(m)}.${y}`;
  }
  if ("percent" in cell) return `${String(cell.percent).replace(".", ",")} %`;
  return cell.error === "noResult" ? "" : cell.error;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Reads one row's cells into a project's values, with a problem at its column for every cell
 * that cannot be read, every required value missing and every rule between the values (end
 * before start, ESR share and amount disagreeing, financing not adding up to the total, the
 * city's decision without the city's money). Text is stored as text, never evaluated: a name
 * "=SUM(A1)" stays that text.
 */
export function parseRow(row: number, cells: readonly Cell[], columns: readonly FileColumn[], vocabulary: Vocabulary): ParsedRow {
  const problems: RowProblem[] = [];
  const raw: ParsedRow["raw"] = {};
  const cellOf = new Map<ColumnKey, Cell>();
  for (const c of columns) {
    if (c.key === null) continue;
    const cell = cells[c.index] ?? null;
    cellOf.set(c.key, cell);
    const text = cellText(cell);
    if (text !== "") raw[c.key] = text.slice(0, 300);
  }
  const issue = (column: ColumnKey | null, key: MessageKey, params?: Record<string, string | number>) =>
    problems.push({ column, key, ...(params ? { params } : {}) });
  const failed = (key: ColumnKey) => problems.some((p) => p.column === key);
  /** An empty required value (not one whose cell held an error: that is reported already). */
  const missing = (key: ColumnKey, required: boolean) => {
    if (required && !failed(key)) issue(key, "error.required");
  };

  /** The cell of a column, or null when it is empty; an error value is reported here. */
  const present = (key: ColumnKey): Exclude<Cell, null> | null => {
    const cell = cellOf.get(key) ?? null;
    if (cell === null || (typeof cell === "string" && cell.trim() === "")) return null;
    if (typeof cell === "object" && "error" in cell) {
      if (cell.error === "noResult") issue(key, "sheetImport.error.noResult");
      else issue(key, "sheetImport.error.cellError", { value: cell.error });
      return null;
    }
    return cell;
  };

  const text = (key: ColumnKey, required = false): string | null => {
    const cell = present(key);
    if (cell === null) {
      missing(key, required);
      return null;
    }
    const { max = 500, multiline = false } = COLUMN_TYPES[key];
    let s = cellText(cell).normalize("NFC");
    s = multiline ? s.replace(/\r\n?/g, "\n").trim() : s.replace(/\s+/g, " ").trim();
    // The quote the export puts before text that would start a formula ('=…, '+…, '-…, '@…) is dropped again.
    if (/^'[=+\-@]/.test(s)) s = s.slice(1);
    if (CONTROL.test(s)) {
      issue(key, "error.text.controlCharacters");
      return null;
    }
    if (s.length > max) {
      issue(key, "error.tooLong", { max });
      return null;
    }
    return s === "" ? null : s;
  };

  const money = (key: ColumnKey, required = false): Cents | null => {
    const cell = present(key);
    if (cell === null) {
      missing(key, required);
      return null;
    }
    if (typeof cell === "number") {
      const cents = Math.round(cell * 100);
      if (!Number.isFinite(cell)) issue(key, "error.money.invalid");
      else if (cell < 0) issue(key, "error.money.negative");
      else if (Math.abs(cell * 100 - cents) > 1e-6 * Math.max(1, Math.abs(cell))) issue(key, "error.money.decimals");
      else if (cents > MAX_CENTS) issue(key, "error.money.tooLarge");
      else return cents;
      return null;
    }
    if (typeof cell !== "string") {
      issue(key, "error.money.invalid");
      return null;
    }
    const r = parseMoney(cell);
    if (r.ok) return r.value;
    const keys = { negative: "error.money.negative", tooManyDecimals: "error.money.decimals", tooLarge: "error.money.tooLarge" } as const;
    issue(key, r.error in keys ? keys[r.error as keyof typeof keys] : "error.money.invalid");
    return null;
  };

  const percent = (key: ColumnKey): number | null => {
    const cell = present(key);
    if (cell === null) return null;
    const value = typeof cell === "number" ? cell : typeof cell === "object" && "percent" in cell ? cell.percent : null;
    if (value !== null) {
      const bp = Math.round(value * 100);
      if (!Number.isFinite(value) || value < 0 || bp > 10_000) issue(key, "error.percent.range");
      else if (Math.abs(value * 100 - bp) > 1e-6) issue(key, "error.percent.invalid");
      else return bp;
      return null;
    }
    if (typeof cell !== "string") {
      issue(key, "error.percent.invalid");
      return null;
    }
    const r = parsePercent(cell);
    if (r.ok) return r.value;
    issue(key, r.error === "tooLarge" || r.error === "negative" ? "error.percent.range" : "error.percent.invalid");
    return null;
  };

  const day = (key: ColumnKey, required = false): Day | null => {
    const cell = present(key);
    if (cell === null) {
      missing(key, required);
      return null;
    }
    if (typeof cell === "object" && "day" in cell) {
      if (isDay(cell.day)) return cell.day;
      issue(key, "error.day.invalid");
      return null;
    }
    if (typeof cell !== "string") {
      issue(key, "error.day.invalid");
      return null;
    }
    const s = cell.trim();
    const parsed = parseDay(s);
    if (parsed) return parsed;
    // Written as a day, but no such day in the calendar (31.2.2027).
    if (/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(s) || /^\d{4}-\d{2}-\d{2}$/.test(s)) issue(key, "error.day.notInCalendar", { day: s });
    else issue(key, "error.day.invalid");
    return null;
  };

  const choice = <T extends string>(key: ColumnKey, labels: Record<T, readonly string[]>, problem: MessageKey, required = false): T | null => {
    const cell = present(key);
    if (cell === null) {
      missing(key, required);
      return null;
    }
    const wanted = normaliseLabel(cellText(cell));
    for (const [value, words] of Object.entries(labels) as [T, readonly string[]][]) {
      if (normaliseLabel(value) === wanted || words.some((w) => normaliseLabel(w) === wanted)) return value;
    }
    issue(key, problem, { value: cellText(cell).slice(0, 60) });
    return null;
  };

  const businessId = (key: ColumnKey): string | null => {
    const cell = present(key);
    if (cell === null) return null;
    const r = validateBusinessId(cellText(cell));
    if (r.ok) return r.value;
    issue(key, r.error === "format" ? "error.businessId.format" : "error.businessId.checkDigit");
    return null;
  };

  const caseNumber = text("caseNumber", true);
  if (caseNumber === EXAMPLE_CASE_NUMBER) issue("caseNumber", "sheetImport.error.exampleRow");
  const values: RowValues = {
    caseNumber,
    name: text("name", true),
    shortName: text("shortName", true),
    status: choice("status", vocabulary.status, "sheetImport.error.status", true),
    start: day("start", true),
    end: day("end", true),
    lead: text("lead", true),
    leadBusinessId: businessId("leadBusinessId"),
    leadKind: choice("leadKind", vocabulary.leadKind, "sheetImport.error.leadKind"),
    funder: text("funder"),
    programme: text("programme"),
    targetGroup: text("targetGroup"),
    costModel: choice("costModel", vocabulary.costModel, "sheetImport.error.costModel"),
    flatRateBp: percent("flatRate"),
    totalCents: money("totalBudget", true),
    esrShareBp: percent("esrShare"),
    esrCents: money("esr"),
    ownCents: money("own"),
    cityCents: money("city"),
    cityUnit: text("cityUnit"),
    condition: text("condition"),
    decisionBody: text("decisionBody"),
    decisionDate: day("decisionDate"),
    decisionSection: text("decisionSection"),
  };
  // No cost model given: the 40 % flat rate, the ESR+ programme's usual model.
  if (values.costModel === null && !failed("costModel")) values.costModel = "flat_40";

  if (values.start && values.end && values.end < values.start) issue("end", "error.period.endBeforeStart");

  // The flat rate belongs to the model "flat rate N %" only (the 40 % model's is always 40 %).
  if (values.costModel === "flat_staff" && values.flatRateBp === null && !failed("flatRate")) issue("flatRate", "sheetImport.error.flatRateRequired");
  if (
    values.costModel !== null &&
    values.costModel !== "flat_staff" &&
    values.flatRateBp !== null &&
    !(values.costModel === "flat_40" && values.flatRateBp === 4000)
  )
    issue("flatRate", "sheetImport.error.flatRateNotAllowed");

  // The financing: ESR (an amount, a share of the total, or both agreeing), the city's money, and the own funding.
  const total = values.totalCents;
  const city = values.cityCents ?? 0;
  // The column the ESR funding comes from: its amount when given, else its share.
  const esrColumn: ColumnKey = values.esrCents !== null || (values.esrShareBp === null && cellOf.has("esr")) ? "esr" : "esrShare";
  if (values.esrCents === null && values.esrShareBp === null && !failed("esr") && !failed("esrShare")) issue(esrColumn, "sheetImport.error.esrRequired");
  if (total !== null && values.esrShareBp !== null) {
    const fromShare = applyRate(total, values.esrShareBp);
    if (values.esrCents === null && !failed("esr")) values.esrCents = fromShare;
    else if (values.esrCents !== null && !statedPercentMatches(values.esrShareBp, values.esrCents, total))
      issue("esrShare", "sheetImport.error.esrShareMismatch", {
        shareBp: values.esrShareBp,
        totalCents: total,
        expectedCents: fromShare,
        esrCents: values.esrCents,
      });
  }
  const esr = values.esrCents;
  if (total !== null && esr !== null && !failed("city") && !failed("own")) {
    if (values.ownCents === null) {
      if (esr + city > total) issue(esrColumn, "sheetImport.error.financingOver", { sumCents: esr + city, totalCents: total });
      else values.ownCents = total - esr - city;
    } else if (esr + values.ownCents + city !== total) {
      issue("own", "sheetImport.error.financingSum", {
        esrCents: esr,
        ownCents: values.ownCents,
        cityCents: city,
        sumCents: esr + values.ownCents + city,
        totalCents: total,
      });
    }
  }
  // The city's decision belongs to the city's money.
  if (city === 0 && !failed("city")) {
    for (const key of ["cityUnit", "condition", "decisionBody", "decisionDate", "decisionSection"] as const) {
      if (values[key] !== null) issue(key, "sheetImport.error.cityOnly");
    }
  }
  return { row, raw, values, problems };
}

/**
 * A case number on more than one row: a problem on each of them (which row is right is for the
 * person to say), naming the other rows.
 */
export function markDuplicateCaseNumbers(rows: readonly ParsedRow[]): void {
  const byCase = new Map<string, ParsedRow[]>();
  for (const r of rows) {
    const c = r.values.caseNumber;
    if (c !== null) byCase.set(c, [...(byCase.get(c) ?? []), r]);
  }
  for (const [caseNumber, same] of byCase) {
    if (same.length < 2) continue;
    for (const r of same) {
      const others = same.filter((o) => o !== r).map((o) => o.row);
      r.problems.push({ column: "caseNumber", key: "sheetImport.error.duplicateCase", params: { caseNumber, rows: others.join(", ") } });
    }
  }
}

/* ---------- totals ---------- */

export interface Totals {
  rows: number;
  totalCents: Cents;
  esrCents: Cents;
  ownCents: Cents;
  cityCents: Cents;
}

export const NO_TOTALS: Totals = { rows: 0, totalCents: 0, esrCents: 0, ownCents: 0, cityCents: 0 };

/** The sums of the rows' figures (a figure that could not be read counts as nothing). */
export function totalsOf(rows: readonly Pick<ParsedRow, "values">[]): Totals {
  const t = { ...NO_TOTALS };
  for (const { values: v } of rows) {
    t.rows++;
    t.totalCents += v.totalCents ?? 0;
    t.esrCents += v.esrCents ?? 0;
    t.ownCents += v.ownCents ?? 0;
    t.cityCents += v.cityCents ?? 0;
  }
  return t;
}
