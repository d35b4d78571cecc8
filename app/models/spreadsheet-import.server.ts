/**
 * Projects from a spreadsheet (issue 21; docs/spreadsheets.md, "Import"): a manager uploads an
 * XLSX workbook or a CSV file of projects, sees every row as it will be stored with its problems
 * at their row and column, and confirms. The rows become a ledger file (docs/import-format.md)
 * that the JSON import's own code checks and writes (app/models/ledger-import.server.ts), so
 * every rule of that import applies and the audit trail is written; a project whose case number
 * the ledger already has is skipped, so the same file imported again adds nothing.
 *
 * The upload is kept (`spreadsheet_upload`, migration 0011) with its rows as read, so that the
 * preview can be paged and the confirmation does not need the file again; only its uploader
 * opens it, and a preview older than a day is refused. Confirming imports once: the upload's
 * state moves from preview to imported with a conditional UPDATE in the import's transaction.
 *
 * The workbook is read with exceljs's streaming reader (first sheet, cells by their value; a
 * formula by its saved result, never evaluated), which keeps memory bounded whatever the file
 * holds; the bytes were judged first (app/domain/spreadsheet-import.ts, sniffSpreadsheet).
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { DB, Tx } from "../../db/connection";
import { catalogues, type Lang, type MessageKey } from "~/i18n";
import type { Day } from "~/domain/days";
import { COST_MODELS, PROJECT_STATUSES, isCityKind } from "~/domain/vocabulary";
import { validateBusinessId } from "~/domain/business-id";
import { pageOf, type Page } from "~/domain/paging";
import type { Viewer } from "~/domain/permissions";
import {
  COLUMN_KEYS,
  COLUMN_TYPES,
  ESR_COLUMNS,
  EXAMPLE_CASE_NUMBER,
  LEAD_KINDS,
  MAX_COLUMNS,
  MAX_ROWS,
  REQUIRED_COLUMNS,
  decodeUtf8,
  mapHeader,
  markDuplicateCaseNumbers,
  parseRow,
  readCsv,
  sniffSpreadsheet,
  toCsv,
  totalsOf,
  type Cell,
  type ColumnKey,
  type FileColumn,
  type FileProblem,
  type LeadKind,
  type ParsedRow,
  type RowProblem,
  type SheetRow,
  type Totals,
  type Vocabulary,
} from "~/domain/spreadsheet-import";
import { LEDGER_FORMAT, LEDGER_FORMAT_VERSION, type FileProblem as LedgerProblem } from "~/schemas/ledger-file";
import type { ExistingOrganisation } from "~/schemas/ledger-file-rules";
import { importLedgerIn, loadLedgerSnapshot, validateLedger } from "./ledger-import.server";
import { audited } from "./audit.server";

export { MAX_ROWS };

/** A preview is kept this long; after it, confirming is refused and its rows are cleared. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
/** Rows per page of the preview. */
export const PREVIEW_PAGE_SIZE = 50;
/** Problems listed at the file field when no row of a file can be imported. */
const LISTED_PROBLEMS = 20;

/* ---------- the words of the file ---------- */

let vocabularyCache: Vocabulary | null = null;

/** Headers and values in both languages, from the message catalogue. */
export function spreadsheetVocabulary(): Vocabulary {
  if (vocabularyCache) return vocabularyCache;
  const both = (key: string) => [catalogues.fi[key as MessageKey], catalogues.en[key as MessageKey]];
  const map = <K extends string>(keys: readonly K[], words: (k: K) => string[]) => Object.fromEntries(keys.map((k) => [k, words(k)])) as Record<K, string[]>;
  vocabularyCache = {
    headers: map(COLUMN_KEYS, (k) => both(`sheetImport.col.${k}`)),
    status: map(PROJECT_STATUSES, (s) => both(`status.${s}`)),
    costModel: map(COST_MODELS, (m) => [...both(`costModel.${m}`), ...both(`sheetImport.costModel.${m}`)]),
    leadKind: map(LEAD_KINDS, (k) => both(`orgKind.${k}`)),
  };
  return vocabularyCache;
}

/* ---------- reading a file ---------- */

export type ReadResult = { ok: true; kind: "xlsx" | "csv"; columns: FileColumn[]; rows: ParsedRow[] } | { ok: false; problems: FileProblem[] };

/** Reads a file's project rows (the header and every row), or says why it cannot be read at all. */
export async function readSpreadsheet(bytes: Uint8Array): Promise<ReadResult> {
  const sniffed = sniffSpreadsheet(bytes);
  if (!sniffed.ok) return { ok: false, problems: [sniffed.problem] };
  const sheet = sniffed.kind === "csv" ? readCsv(decodeUtf8(bytes) ?? "").rows : await readWorkbook(bytes);
  if (!Array.isArray(sheet)) return { ok: false, problems: [sheet] };
  const [header, ...data] = sheet;
  if (!header) return { ok: false, problems: [{ key: "sheetImport.error.empty" }] };
  if (data.length === 0) return { ok: false, problems: [{ key: "sheetImport.error.noRows" }] };
  if (data.length > MAX_ROWS) return { ok: false, problems: [{ key: "sheetImport.error.tooManyRows", params: { max: MAX_ROWS } }] };
  const dataColumns = new Set<number>();
  for (const r of data) r.cells.forEach((c, i) => c !== null && c !== "" && dataColumns.add(i));
  const vocabulary = spreadsheetVocabulary();
  const mapped = mapHeader(header.cells, vocabulary, dataColumns);
  if (!mapped.ok) return { ok: false, problems: mapped.problems };
  const rows = data.map((r) => parseRow(r.row, r.cells, mapped.columns, vocabulary));
  markDuplicateCaseNumbers(rows);
  return { ok: true, kind: sniffed.kind, columns: mapped.columns, rows };
}

/** Names of the template's instructions sheet: never read as projects. */
const INSTRUCTION_SHEETS = new Set(["ohje", "instructions"]);

/**
 * The rows of a workbook's first sheet (its instructions sheet aside), as cells; stops reading
 * past MAX_ROWS rows. A problem when the workbook cannot be read or has no sheet.
 */
async function readWorkbook(bytes: Uint8Array): Promise<SheetRow[] | FileProblem> {
  const rows: SheetRow[] = [];
  let found = false;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "cache",
      worksheets: "emit",
      entries: "ignore",
    });
    for await (const sheet of reader as AsyncIterable<AsyncIterable<ExcelJS.Row> & { name?: string }>) {
      if (found || INSTRUCTION_SHEETS.has((sheet.name ?? "").trim().toLowerCase())) {
        // Another sheet: its rows are read past, not kept.
        for await (const row of sheet) void row;
        continue;
      }
      found = true;
      for await (const row of sheet) {
        const cells: Cell[] = [];
        let any = false;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (col > MAX_COLUMNS + 1) return;
          const c = cellOf(cell.value, cell.numFmt);
          cells[col - 1] = c;
          if (c !== null && c !== "") any = true;
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= null;
        if (!any) continue;
        rows.push({ row: row.number, cells });
        // The header and one row more than allowed are enough to say the file is too long.
        if (rows.length > MAX_ROWS + 1) return rows;
      }
    }
  } catch {
    return { key: "sheetImport.error.unreadable" };
  }
  if (!found) return { key: "sheetImport.error.noSheet" };
  return rows;
}

/** A date format (days, months and years; times and text in quotes or brackets aside). */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[dy]/i.test(bare) && !/^general$/i.test(bare);
}

/** An Excel serial day number (1900 system) as a day. */
function serialDay(serial: number): Day | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** An exceljs cell value as a Cell: a formula by its saved result, a date cell by its UTC day, rich text as its text. */
export function cellOf(value: unknown, numFmt?: string): Cell {
  let v = value;
  if (v !== null && typeof v === "object" && !(v instanceof Date) && ("formula" in v || "sharedFormula" in v)) {
    v = (v as { result?: unknown }).result;
    if (v === undefined || v === null) return { error: "noResult" };
  }
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { error: "#VALUE!" } : { day: v.toISOString().slice(0, 10) };
  if (typeof v === "number") {
    if (isDateFormat(numFmt)) {
      const day = serialDay(v);
      return day ? { day } : { error: "#VALUE!" };
    }
    return numFmt?.includes("%") ? { percent: v * 100 } : v;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "object") {
    const o = v as { richText?: { text?: string }[]; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? "").join("");
    if (o.error !== undefined) return { error: String(o.error) };
    if (typeof o.text === "string") return o.text;
  }
  return { error: "#VALUE!" };
}

/* ---------- checking the rows against the ledger ---------- */

export type RowStatus = "valid" | "error" | "exists" | "created";

/** One row's standing against the ledger: its problems found there, and which organisations it would create. */
export interface RowCheck {
  status: RowStatus;
  problems: RowProblem[];
  newOrganisations: ("lead" | "funder")[];
  /** The project created from it (after the import). */
  projectId?: number;
}

export interface Summary {
  checkedAt: string;
  counts: { valid: number; error: number; exists: number; created: number };
  totals: { valid: Totals; all: Totals };
}

interface Evaluation {
  checks: RowCheck[];
  /** The ledger file of the valid rows, and the row (by place in `rows`) of each of its projects. */
  document: LedgerDocument;
  projectRows: number[];
}

interface LedgerDocument {
  format: string;
  version: number;
  organisations: { ref: string; name: string; kind: string; businessId: string | null }[];
  projects: Record<string, unknown>[];
}

/** Where each part of a project in the ledger file came from: a column of its row. */
const PROJECT_FIELDS: Record<string, ColumnKey> = {
  name: "name",
  shortName: "shortName",
  caseNumber: "caseNumber",
  lead: "lead",
  funder: "funder",
  programme: "programme",
  targetGroup: "targetGroup",
  status: "status",
};
const VERSION_FIELDS: Record<string, ColumnKey> = {
  start: "start",
  end: "end",
  totalBudgetCents: "totalBudget",
  costModel: "costModel",
  flatRateBp: "flatRate",
  implementers: "lead",
};
const COMMITMENT_FIELDS: Record<string, ColumnKey> = {
  organisation: "cityUnit",
  conditionText: "condition",
  conditionStatus: "condition",
  decisionBody: "decisionBody",
  decisionDate: "decisionDate",
  decisionSection: "decisionSection",
};

const normalName = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
/** How names are matched: spacing and case aside (the ledger's own spelling is what the file then refers to). */
const nameKey = (s: string) => normalName(s).toLocaleLowerCase("fi");

/**
 * The rows against the ledger as it is now: a row whose case number the ledger has is skipped
 * ("exists"); a row with problems of its own is an error; the others have their organisations
 * resolved (an existing one by business ID, else by its exact name; the city's unit by its name
 * or short name; otherwise a new one) and are checked as a ledger file by the JSON import's own
 * rules, each problem brought back to its row and column.
 */
async function evaluate(tx: Tx, rows: readonly ParsedRow[]): Promise<Evaluation> {
  const snapshot = await loadLedgerSnapshot(tx);
  const cityShortNames = await tx.selectFrom("organisation").select(["id", "short_name"]).where("kind", "in", ["city", "city_unit"]).execute();
  const checks: RowCheck[] = rows.map((r) => ({ status: r.problems.length > 0 ? "error" : "valid", problems: [], newOrganisations: [] }));
  const orgs = organisationResolver(snapshot.organisations, new Map(cityShortNames.map((o) => [o.id, o.short_name])));
  const candidates: number[] = [];
  rows.forEach((r, i) => {
    const check = checks[i]!;
    if (r.values.caseNumber !== null && snapshot.caseNumbers.has(r.values.caseNumber)) {
      check.status = "exists";
      return;
    }
    if (check.status === "error") return;
    const issue = (column: ColumnKey | null, key: MessageKey, params?: Record<string, string | number>) =>
      check.problems.push({ column, key, ...(params ? { params } : {}) });
    const v = r.values;
    const lead = orgs.lead(v.lead!, v.leadBusinessId, v.leadKind ?? "association", r.row, issue);
    const funder = v.funder === null ? null : orgs.funder(v.funder, r.row, issue);
    if ((v.cityCents ?? 0) > 0) orgs.cityUnit(v.cityUnit, issue);
    if (lead && "new" in lead) check.newOrganisations.push("lead");
    if (funder && "new" in funder) check.newOrganisations.push("funder");
    if (check.problems.length > 0) check.status = "error";
    else candidates.push(i);
  });

  // The valid rows as a ledger file, checked by the JSON import's rules (a dry run: nothing is
  // written); the rows it finds problems in are held back, and the rest is checked again.
  let built = buildDocument(rows, candidates, orgs);
  for (let round = 0; round < 3; round++) {
    const problems = await validateLedger(tx, built.document);
    if (problems.length === 0) break;
    for (const [i, p] of placeProblems(problems, built)) {
      checks[i]!.problems.push(p);
      checks[i]!.status = "error";
    }
    built = buildDocument(
      rows,
      candidates.filter((i) => checks[i]!.status === "valid"),
      orgs,
    );
  }
  return { checks, document: built.document, projectRows: built.projectRows };
}

type OrgRef = { db: ExistingOrganisation } | { new: string };
type Issue = (column: ColumnKey | null, key: MessageKey, params?: Record<string, string | number>) => void;

/** Resolves the organisations the rows name, and keeps the new ones (each once, with the row that named it first). */
function organisationResolver(existing: readonly ExistingOrganisation[], cityShortNames: ReadonlyMap<number, string>) {
  const byBusinessId = new Map(existing.filter((o) => o.businessId !== null).map((o) => [o.businessId!, o]));
  const byName = new Map<string, ExistingOrganisation[]>();
  for (const o of existing) byName.set(nameKey(o.name), [...(byName.get(nameKey(o.name)) ?? []), o]);
  const fresh = new Map<string, { ref: string; name: string; kind: string; businessId: string | null; row: number }>();
  const freshById = new Map<string, string>();

  const create = (name: string, businessId: string | null, kind: string, row: number, issue: Issue, nameColumn: ColumnKey): OrgRef | null => {
    const key = nameKey(name);
    const known = fresh.get(key);
    if (known) {
      if (businessId !== null && known.businessId !== null && known.businessId !== businessId) {
        issue("leadBusinessId", "sheetImport.error.orgOtherBusinessId", { name, businessId: known.businessId, row: known.row });
        return null;
      }
      if (businessId !== null && known.businessId === null) {
        known.businessId = businessId;
        freshById.set(businessId, key);
      }
      return { new: known.ref };
    }
    const sameId = businessId !== null ? freshById.get(businessId) : undefined;
    if (sameId !== undefined) {
      const other = fresh.get(sameId)!;
      issue(nameColumn, "sheetImport.error.orgOtherName", { businessId: businessId!, name: other.name, row: other.row });
      return null;
    }
    const ref = `sheet-org-${fresh.size + 1}`;
    fresh.set(key, { ref, name, kind, businessId, row });
    if (businessId !== null) freshById.set(businessId, key);
    return { new: ref };
  };

  return {
    newOrganisations: () => [...fresh.values()],
    /** The lead: by business ID, else by exact name (not when both have business IDs that differ), else new. */
    lead(name: string, businessId: string | null, kind: LeadKind, row: number, issue: Issue): OrgRef | null {
      const n = normalName(name);
      const byId = businessId !== null ? byBusinessId.get(businessId) : undefined;
      if (byId) return { db: byId };
      const named = byName.get(nameKey(n)) ?? [];
      if (named.length > 1) {
        issue("lead", "sheetImport.error.orgAmbiguous", { name: n });
        return null;
      }
      if (named.length === 1) {
        const only = named[0]!;
        if (businessId !== null && only.businessId !== null) {
          issue("leadBusinessId", "sheetImport.error.orgBusinessIdConflict", { name: only.name, existing: only.businessId });
          return null;
        }
        return { db: only };
      }
      return create(n, businessId, kind, row, issue, "lead");
    },
    /** The funder: by business ID (when it is one), else by exact name, else a new funder. */
    funder(name: string, row: number, issue: Issue): OrgRef | null {
      const n = normalName(name);
      const asId = validateBusinessId(n);
      const byId = asId.ok ? byBusinessId.get(asId.value) : undefined;
      if (byId) return { db: byId };
      const named = byName.get(nameKey(n)) ?? [];
      if (named.length > 1) {
        issue("funder", "sheetImport.error.orgAmbiguous", { name: n });
        return null;
      }
      if (named.length === 1) return { db: named[0]! };
      return create(n, null, "funder", row, issue, "funder");
    },
    /** The city's unit that commits its money: by name or short name; none given: the city itself. */
    cityUnit(name: string | null, issue: Issue): OrgRef | null {
      const city = existing.filter((o) => isCityKind(o.kind));
      if (name === null) {
        const cities = city.filter((o) => o.kind === "city");
        if (cities.length === 1) return { db: cities[0]! };
        issue("cityUnit", "sheetImport.error.cityUnitRequired");
        return null;
      }
      const n = nameKey(name);
      const matches = existing.filter((o) => nameKey(o.name) === n || nameKey(cityShortNames.get(o.id) ?? "") === n);
      const cityMatches = matches.filter((o) => isCityKind(o.kind));
      if (cityMatches.length === 1) return { db: cityMatches[0]! };
      if (cityMatches.length > 1) issue("cityUnit", "sheetImport.error.orgAmbiguous", { name });
      else if (matches.length > 0) issue("cityUnit", "sheetImport.error.cityUnitNotCity", { name });
      else issue("cityUnit", "sheetImport.error.cityUnitUnknown", { name });
      return null;
    },
  };
}

/** The reference a ledger file uses for an organisation: a new one's ref, an existing one's business ID or (unique) name. */
function refOf(o: OrgRef): string {
  return "new" in o ? o.new : (o.db.businessId ?? o.db.name);
}

interface Built {
  document: LedgerDocument;
  projectRows: number[];
  /** The column of each financing line of each project. */
  lineColumns: ColumnKey[][];
  /** Each new organisation's place in the file, with the rows (by place in `rows`) and columns that name it. */
  organisationUses: { row: number; column: ColumnKey }[][];
}

/** The chosen rows as a ledger file (docs/import-format.md): their new organisations, and a project with one current plan version each. */
function buildDocument(rows: readonly ParsedRow[], chosen: readonly number[], orgs: ReturnType<typeof organisationResolver>): Built {
  const used = new Map<string, { row: number; column: ColumnKey }[]>();
  const projects: Record<string, unknown>[] = [];
  const lineColumns: ColumnKey[][] = [];
  const quiet: Issue = () => undefined;
  for (const i of chosen) {
    const v = rows[i]!.values;
    // Resolved again: every reference is as when the row was checked (a resolver remembers its new organisations).
    const lead = orgs.lead(v.lead!, v.leadBusinessId, v.leadKind ?? "association", rows[i]!.row, quiet)!;
    const funder = v.funder === null ? null : orgs.funder(v.funder, rows[i]!.row, quiet)!;
    const cityCents = v.cityCents ?? 0;
    const city = cityCents > 0 ? orgs.cityUnit(v.cityUnit, quiet)! : null;
    const noteUse = (o: OrgRef | null, column: ColumnKey) => {
      if (o && "new" in o) used.set(o.new, [...(used.get(o.new) ?? []), { row: i, column }]);
    };
    noteUse(lead, "lead");
    noteUse(funder, "funder");
    const lines: Record<string, unknown>[] = [];
    const columns: ColumnKey[] = [];
    if ((v.esrCents ?? 0) > 0) {
      lines.push({ kind: "esr", organisation: funder ? refOf(funder) : null, amountCents: v.esrCents, statedPercentBp: v.esrShareBp });
      columns.push(v.esrShareBp !== null && rows[i]!.raw.esr === undefined ? "esrShare" : "esr");
    }
    if ((v.ownCents ?? 0) > 0) {
      lines.push({ kind: "own", organisation: refOf(lead), amountCents: v.ownCents });
      columns.push("own");
    }
    if (city) {
      lines.push({ kind: "municipal", organisation: refOf(city), amountCents: cityCents });
      columns.push("city");
    }
    lineColumns.push(columns);
    projects.push({
      name: v.name,
      shortName: v.shortName,
      caseNumber: v.caseNumber,
      lead: refOf(lead),
      funder: funder ? refOf(funder) : null,
      programme: v.programme ?? "",
      targetGroup: v.targetGroup ?? "",
      status: v.status,
      planVersions: [
        {
          versionNumber: 1,
          state: "current",
          start: v.start,
          end: v.end,
          totalBudgetCents: v.totalCents,
          costModel: v.costModel,
          flatRateBp: v.costModel === "flat_staff" ? v.flatRateBp : null,
          costLines: [],
          financingLines: lines,
          implementers: [{ organisation: refOf(lead), role: "lead", budgetCents: null }],
          commitments: city
            ? [
                {
                  organisation: refOf(city),
                  amountCents: cityCents,
                  conditionStatus: v.condition === null ? "none" : "pending",
                  conditionText: v.condition ?? "",
                  decisionBody: v.decisionBody ?? "",
                  decisionDate: v.decisionDate,
                  decisionSection: v.decisionSection ?? "",
                },
              ]
            : [],
        },
      ],
    });
  }
  const organisations = orgs.newOrganisations().filter((o) => used.has(o.ref));
  return {
    document: {
      format: LEDGER_FORMAT,
      version: LEDGER_FORMAT_VERSION,
      organisations: organisations.map((o) => ({ ref: o.ref, name: o.name, kind: o.kind, businessId: o.businessId })),
      projects,
    },
    projectRows: [...chosen],
    lineColumns,
    organisationUses: organisations.map((o) => used.get(o.ref)!),
  };
}

/** Each problem of the ledger file at the rows (by place in `rows`) and columns it came from. */
function placeProblems(problems: readonly LedgerProblem[], built: Built): [number, RowProblem][] {
  const out: [number, RowProblem][] = [];
  for (const p of problems) {
    const message = { key: p.key, ...(p.params ? { params: p.params } : {}) };
    const project = /^projects\[(\d+)\](?:\.(.*))?$/.exec(p.path);
    if (project) {
      const j = Number(project[1]);
      const row = built.projectRows[j];
      if (row === undefined) continue;
      out.push([row, { column: columnOfPath(project[2] ?? "", built.lineColumns[j] ?? []), ...message }]);
      continue;
    }
    const organisation = /^organisations\[(\d+)\](?:\.(\w+))?/.exec(p.path);
    if (organisation) {
      for (const u of built.organisationUses[Number(organisation[1])] ?? [])
        out.push([u.row, { column: organisation[2] === "businessId" ? "leadBusinessId" : u.column, ...message }]);
      continue;
    }
    // A problem of the file as a whole (not expected from a file built here): every project is held back.
    built.projectRows.forEach((row) => out.push([row, { column: null, ...message }]));
  }
  return out;
}

function columnOfPath(rest: string, lineColumns: readonly ColumnKey[]): ColumnKey | null {
  const m = /^(\w+)/.exec(rest);
  if (!m) return null;
  if (m[1] !== "planVersions") return PROJECT_FIELDS[m[1]!] ?? null;
  const version = /^planVersions\[\d+\]\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?/.exec(rest);
  if (!version) return null;
  const [, field, index, sub] = version;
  if (field === "financingLines") return lineColumns[Number(index)] ?? null;
  if (field === "commitments") return (sub && COMMITMENT_FIELDS[sub]) || "city";
  return VERSION_FIELDS[field!] ?? null;
}

function summaryOf(rows: readonly ParsedRow[], checks: readonly RowCheck[], at: string): Summary {
  const counts = { valid: 0, error: 0, exists: 0, created: 0 };
  for (const c of checks) counts[c.status]++;
  const importable = rows.filter((_, i) => checks[i]!.status === "valid" || checks[i]!.status === "created");
  return { checkedAt: at, counts, totals: { valid: totalsOf(importable), all: totalsOf(rows) } };
}

/* ---------- uploads ---------- */

export interface UploadedSpreadsheet {
  fileName: string;
  bytes: Uint8Array;
}

/** A problem of a row, named for the person: its row, its column's letter and header in the file. */
export interface PlacedProblem {
  row: number;
  letter: string | null;
  header: string | null;
  key: string;
  params?: Record<string, string | number>;
}

export type CreateResult = { ok: true; id: number } | { ok: false; problems: FileProblem[]; rowProblems: PlacedProblem[]; moreRowProblems: number };

/** The name an upload is shown under: the last part of the path, without control characters, at most 200 characters. */
function uploadName(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = (name.split(/[/\\]/).pop() ?? "").replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "").trim();
  return Array.from(base || "taulukko")
    .slice(0, 200)
    .join("");
}

/**
 * Reads and checks an uploaded file and keeps it as a preview of its uploader. Nothing is kept
 * when the file cannot be read at all (not a spreadsheet, empty, macros, unknown or missing
 * columns…) or when none of its rows can be imported: then every problem is returned (those of
 * the rows at most 20, with their rows and columns).
 */
export async function createUpload(db: DB, viewer: Viewer, file: UploadedSpreadsheet, now = new Date()): Promise<CreateResult> {
  const read = await readSpreadsheet(file.bytes);
  if (!read.ok) return { ok: false, problems: read.problems, rowProblems: [], moreRowProblems: 0 };
  const evaluation = await evaluate(db, read.rows);
  const at = now.toISOString();
  const summary = summaryOf(read.rows, evaluation.checks, at);
  if (summary.counts.valid === 0 && summary.counts.error > 0) {
    const placed = read.rows.flatMap((r, i) => placedProblems(r, evaluation.checks[i]!, read.columns));
    return {
      ok: false,
      problems: [{ key: "sheetImport.error.nothingValid", params: { errors: summary.counts.error } }],
      rowProblems: placed.slice(0, LISTED_PROBLEMS),
      moreRowProblems: Math.max(0, placed.length - LISTED_PROBLEMS),
    };
  }
  await expireOld(db, now);
  const { id } = await db
    .insertInto("spreadsheet_upload")
    .values({
      user_id: viewer.userId,
      file_name: uploadName(file.fileName),
      file_kind: read.kind,
      size_bytes: file.bytes.length,
      sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
      row_count: read.rows.length,
      columns_json: JSON.stringify(read.columns),
      rows_json: JSON.stringify(read.rows),
      check_json: JSON.stringify(evaluation.checks),
      summary_json: JSON.stringify(summary),
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id };
}

function placedProblems(row: ParsedRow, check: RowCheck, columns: readonly FileColumn[]): PlacedProblem[] {
  if (check.status === "exists") return [];
  return [...row.problems, ...check.problems].map((p) => {
    const column = p.column === null ? undefined : columns.find((c) => c.key === p.column);
    return { row: row.row, letter: column?.letter ?? null, header: column?.header ?? null, key: p.key, ...(p.params ? { params: p.params } : {}) };
  });
}

/** Previews older than a day become expired, their rows cleared (their counts stay). */
async function expireOld(db: Tx, now: Date): Promise<void> {
  await db
    .updateTable("spreadsheet_upload")
    .set({ status: "expired", rows_json: "[]", check_json: "[]" })
    .where("status", "=", "preview")
    .where("created_at", "<=", cutoff(now))
    .execute();
}

const cutoff = (now: Date) => new Date(now.getTime() - UPLOAD_TTL_MS).toISOString();

/** The uploader's recent uploads, newest first. */
export async function listUploads(db: DB, viewer: Viewer, now = new Date(), limit = 10) {
  const rows = await db
    .selectFrom("spreadsheet_upload")
    .select(["id", "file_name", "status", "created_at", "imported_at", "row_count", "summary_json"])
    .where("user_id", "=", viewer.userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    status: standing(r.status, r.created_at, now),
    createdAt: r.created_at,
    importedAt: r.imported_at,
    rowCount: r.row_count,
    counts: (JSON.parse(r.summary_json) as Summary).counts,
  }));
}

const standing = (status: "preview" | "imported" | "expired", createdAt: string, now: Date) =>
  status === "preview" && createdAt <= cutoff(now) ? ("expired" as const) : status;

export interface ImportResultSummary {
  created: number;
  skipped: number;
  errors: number;
  organisationsCreated: string[];
}

export interface PreviewRow {
  row: number;
  status: RowStatus;
  raw: ParsedRow["raw"];
  values: ParsedRow["values"];
  newOrganisations: RowCheck["newOrganisations"];
  projectId: number | null;
  problems: PlacedProblem[];
}

export type RowFilter = "all" | "valid" | "error" | "exists" | "created";

/**
 * An upload as its uploader sees it: its state, counts and totals, and a page of its rows with
 * their problems. Null when there is no such upload or it is someone else's.
 */
export async function uploadView(db: DB, viewer: Viewer, id: number, opts: { page: number; filter: RowFilter }, now = new Date()) {
  const u = await db.selectFrom("spreadsheet_upload").selectAll().where("id", "=", id).where("user_id", "=", viewer.userId).executeTakeFirst();
  if (!u) return null;
  const status = standing(u.status, u.created_at, now);
  const summary = JSON.parse(u.summary_json) as Summary;
  const columns = JSON.parse(u.columns_json) as FileColumn[];
  const base = {
    id: u.id,
    fileName: u.file_name,
    kind: u.file_kind,
    sizeBytes: u.size_bytes,
    rowCount: u.row_count,
    createdAt: u.created_at,
    importedAt: u.imported_at,
    expiresAt: new Date(new Date(u.created_at).getTime() + UPLOAD_TTL_MS).toISOString(),
    mode: u.mode,
    status,
    summary,
    columns,
    result: u.result_json === null ? null : (JSON.parse(u.result_json) as ImportResultSummary),
    sameFileImportedAt: await sameFileImported(db, u.sha256, u.id),
  };
  if (status === "expired") return { ...base, page: pageOf(0, 1, PREVIEW_PAGE_SIZE), rows: [] as PreviewRow[] };
  const rows = JSON.parse(u.rows_json) as ParsedRow[];
  const checks = JSON.parse(u.check_json) as RowCheck[];
  const chosen = rows.map((r, i) => ({ r, c: checks[i]! })).filter(({ c }) => opts.filter === "all" || c.status === opts.filter);
  const page: Page = pageOf(chosen.length, opts.page, PREVIEW_PAGE_SIZE);
  return {
    ...base,
    page,
    rows: chosen.slice(page.offset, page.offset + page.size).map(({ r, c }): PreviewRow => ({
      row: r.row,
      status: c.status,
      raw: r.raw,
      values: r.values,
      newOrganisations: c.newOrganisations,
      projectId: c.projectId ?? null,
      problems: placedProblems(r, c, columns),
    })),
  };
}

/** Whether the upload is the viewer's own (anyone else's, or none: a 404). */
export async function ownsUpload(db: DB, viewer: Viewer, id: number): Promise<boolean> {
  const row = await db.selectFrom("spreadsheet_upload").select("id").where("id", "=", id).where("user_id", "=", viewer.userId).executeTakeFirst();
  return row !== undefined;
}

/** When a file with the same bytes was last imported (by anyone), other than this upload. */
async function sameFileImported(db: DB, sha256: string, id: number): Promise<string | null> {
  const row = await db
    .selectFrom("spreadsheet_upload")
    .select("imported_at")
    .where("sha256", "=", sha256)
    .where("status", "=", "imported")
    .where("id", "<>", id)
    .orderBy("imported_at", "desc")
    .executeTakeFirst();
  return row?.imported_at ?? null;
}

/* ---------- confirming ---------- */

export type ImportMode = "valid" | "all";

export type ConfirmOutcome =
  | { kind: "imported"; result: ImportResultSummary }
  | { kind: "notFound" }
  | { kind: "expired" }
  | { kind: "alreadyImported" }
  /** All or nothing, and rows have errors: nothing was imported. */
  | { kind: "refused"; errors: number };

class Stop extends Error {
  constructor(
    readonly outcome: ConfirmOutcome,
    readonly recheck?: { checks: RowCheck[]; summary: Summary },
  ) {
    super(outcome.kind);
  }
}

/**
 * Imports an upload's rows: the valid ones (`valid`), or all of them or none (`all`: nothing when
 * any row has an error). The rows are checked again against the ledger as it is now, in the same
 * transaction as the writes, which first moves the upload from preview to imported with a
 * conditional UPDATE: a second confirmation (a double click, another tab) finds it imported and
 * imports nothing. Rows whose case number the ledger has are skipped.
 */
export async function confirmUpload(db: DB, viewer: Viewer, id: number, mode: ImportMode, now = new Date()): Promise<ConfirmOutcome> {
  const at = now.toISOString();
  try {
    return await audited(db, { userId: viewer.userId }, async (tx) => {
      const claimed = await tx
        .updateTable("spreadsheet_upload")
        .set({ status: "imported", imported_at: at, mode })
        .where("id", "=", id)
        .where("user_id", "=", viewer.userId)
        .where("status", "=", "preview")
        .where("created_at", ">", cutoff(now))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) throw new Stop(await whyNot(tx, viewer, id));
      const u = await tx.selectFrom("spreadsheet_upload").select(["rows_json"]).where("id", "=", id).executeTakeFirstOrThrow();
      const rows = JSON.parse(u.rows_json) as ParsedRow[];
      const evaluation = await evaluate(tx, rows);
      const errors = evaluation.checks.filter((c) => c.status === "error").length;
      if (mode === "all" && errors > 0)
        throw new Stop({ kind: "refused", errors }, { checks: evaluation.checks, summary: summaryOf(rows, evaluation.checks, at) });
      const imported = await importLedgerIn(tx, evaluation.document);
      // The rows were checked by the same rules a moment ago in this transaction: a refusal now is a fault.
      if (!imported.ok) throw new Error(`spreadsheet import: checked rows refused (${imported.problems[0]?.path ?? "?"})`);
      imported.summary.projects.forEach((p, j) => {
        const check = evaluation.checks[evaluation.projectRows[j]!]!;
        check.status = "created";
        check.projectId = p.id;
      });
      const summary = summaryOf(rows, evaluation.checks, at);
      const result: ImportResultSummary = {
        created: summary.counts.created,
        skipped: summary.counts.exists,
        errors: summary.counts.error,
        organisationsCreated: imported.summary.organisations.filter((o) => o.action === "created").map((o) => o.name),
      };
      await tx
        .updateTable("spreadsheet_upload")
        .set({ check_json: JSON.stringify(evaluation.checks), summary_json: JSON.stringify(summary), result_json: JSON.stringify(result) })
        .where("id", "=", id)
        .execute();
      return { kind: "imported" as const, result };
    });
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.recheck) {
      // Nothing was imported; the preview shows the rows as they were checked just now.
      await db
        .updateTable("spreadsheet_upload")
        .set({ check_json: JSON.stringify(e.recheck.checks), summary_json: JSON.stringify(e.recheck.summary) })
        .where("id", "=", id)
        .where("status", "=", "preview")
        .execute();
    }
    return e.outcome;
  }
}

async function whyNot(tx: Tx, viewer: Viewer, id: number): Promise<ConfirmOutcome> {
  const u = await tx.selectFrom("spreadsheet_upload").select(["status"]).where("id", "=", id).where("user_id", "=", viewer.userId).executeTakeFirst();
  if (!u) return { kind: "notFound" };
  return u.status === "imported" ? { kind: "alreadyImported" } : { kind: "expired" };
}

/* ---------- the template ---------- */

/** The template's example row, in the language's own words. */
function exampleRow(lang: Lang): Record<ColumnKey, string | number | { day: Day }> {
  const t = (key: string) => catalogues[lang][key as MessageKey];
  return {
    caseNumber: EXAMPLE_CASE_NUMBER,
    name: t("sheetImport.example.name"),
    shortName: t("sheetImport.example.shortName"),
    status: t("status.applied"),
    start: { day: "2027-01-01" },
    end: { day: "2028-12-31" },
    lead: t("sheetImport.example.lead"),
    leadBusinessId: "1234567-1",
    leadKind: t("orgKind.association"),
    funder: t("sheetImport.example.funder"),
    programme: t("sheetImport.example.programme"),
    targetGroup: t("sheetImport.example.targetGroup"),
    costModel: t("sheetImport.costModel.flat_40"),
    flatRate: "",
    totalBudget: 250000,
    esrShare: 80,
    esr: 200000,
    own: 25000,
    city: 25000,
    cityUnit: "",
    condition: t("sheetImport.example.condition"),
    decisionBody: t("sheetImport.example.decisionBody"),
    decisionDate: { day: "2026-05-20" },
    decisionSection: "15",
  };
}

const TEMPLATE_SHEET: Record<Lang, string> = { fi: "Hankkeet", en: "Projects" };
const INSTRUCTIONS_SHEET: Record<Lang, string> = { fi: "Ohje", en: "Instructions" };

/** The template as an XLSX workbook: the header and the example row, and a sheet explaining each column. */
export async function templateWorkbook(lang: Lang): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) =>
    catalogues[lang][key as MessageKey].replace(/\{(\w+)\}/g, (w, n: string) => (params && n in params ? String(params[n]) : w));
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hankevahti";
  const sheet = wb.addWorksheet(TEMPLATE_SHEET[lang], { views: [{ state: "frozen", ySplit: 1 }] });
  const example = exampleRow(lang);
  sheet.columns = COLUMN_KEYS.map((key) => ({
    header: t(`sheetImport.col.${key}`),
    key,
    width: Math.max(14, Math.min(40, t(`sheetImport.col.${key}`).length + 4)),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(COLUMN_KEYS.map((k) => example[k]).map((v) => (typeof v === "object" ? new Date(`${v.day}T00:00:00Z`) : v)));
  COLUMN_KEYS.forEach((key, i) => {
    const cell = sheet.getRow(2).getCell(i + 1);
    const { type } = COLUMN_TYPES[key];
    if (type === "day") cell.numFmt = "d.m.yyyy";
    if (type === "money") cell.numFmt = "# ##0.00";
  });

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET[lang]);
  help.columns = [
    { header: t("sheetImport.help.column"), width: 30 },
    { header: t("sheetImport.help.required"), width: 12 },
    { header: t("sheetImport.help.what"), width: 90 },
    { header: t("sheetImport.help.example"), width: 28 },
  ];
  help.getRow(1).font = { bold: true };
  for (const key of COLUMN_KEYS) {
    const value = example[key];
    help.addRow([
      t(`sheetImport.col.${key}`),
      t(REQUIRED_HELP[key]),
      t(`sheetImport.help.${key}`),
      typeof value === "object" ? `${Number(value.day.slice(8))}.${Number(value.day.slice(5, 7))}.${value.day.slice(0, 4)}` : String(value),
    ]);
  }
  help.addRow([]);
  for (const key of [
    "sheetImport.help.general1",
    "sheetImport.help.general2",
    "sheetImport.help.general3",
    "sheetImport.help.general4",
    "sheetImport.help.general5",
  ])
    help.addRow([t(key, { max: MAX_ROWS })]);
  help.getColumn(3).alignment = { wrapText: true, vertical: "top" };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template as CSV (`;`-separated, UTF-8 with a byte order mark): the header and the example row. */
export function templateCsv(lang: Lang): string {
  const example = exampleRow(lang);
  const text = (v: string | number | { day: Day }) =>
    typeof v === "object"
      ? `${Number(v.day.slice(8))}.${Number(v.day.slice(5, 7))}.${v.day.slice(0, 4)}`
      : typeof v === "number"
        ? new Intl.NumberFormat("fi-FI", { useGrouping: true, maximumFractionDigits: 2 }).format(v).replace(/[\u00a0\u202f]/g, " ")
        : v;
  return toCsv([COLUMN_KEYS.map((k) => catalogues[lang][`sheetImport.col.${k}` as MessageKey]), COLUMN_KEYS.map((k) => text(example[k]))]);
}

const REQUIRED_HELP: Record<ColumnKey, string> = Object.fromEntries(
  COLUMN_KEYS.map((k) => [
    k,
    REQUIRED_COLUMNS.includes(k) ? "sheetImport.help.yes" : ESR_COLUMNS.includes(k) ? "sheetImport.help.esrEither" : "sheetImport.help.no",
  ]),
) as Record<ColumnKey, string>;
