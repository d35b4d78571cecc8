/**
 * Spreadsheets out (issue 21; docs/spreadsheets.md): the portfolio as filtered, the city's
 * commitments by year, a project's plan by year, the deadline view, reports and employment bonus
 * claims, each as XLSX (exceljs's streaming writer) or CSV (UTF-8 with BOM, `;`, CRLF).
 *
 * A table is typed columns and its rows in steps: each step is one read of the database (a page of
 * EXPORT_STEP_ROWS rows through the same model functions the pages use, so the figures are the
 * page's), turned into rows only when the client has taken the previous step's bytes. Neither
 * format holds more than a step: the XLSX is zipped as it is written (PassThrough → the Response's
 * ReadableStream), the CSV is text a step at a time. Money is written from integer cents (numbers
 * with a euro format in XLSX, "1234,50" in CSV), days as dates (d.m.yyyy), text neutralised
 * against formulas (app/domain/spreadsheet.ts), the header row frozen and the columns sized from
 * the header, the first step and any totals known beforehand.
 *
 * Totals: a "sum" row is the sum of the data rows written above it, kept in integer cents while
 * the rows pass; in XLSX it is a SUM formula over the column with that sum as its cached result,
 * in CSV the figure. Figures rows (the plan's totals, the commitments' units and the city, the
 * accepted reports) are the model's own figures, written as they are.
 *
 * Like the JSON export (decision 008) an error after the first byte cannot become an error page:
 * it is logged in one line and the body ends early (a CSV without its totals, an XLSX that does not
 * open). Consistency is per step: rows written during an export may be missed or seen twice.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { DB } from "../../db/connection";
import type { Translate } from "~/i18n";
import type { Viewer } from "~/domain/permissions";
import type { Day } from "~/domain/days";
import { todayInHelsinki, currentYear } from "~/domain/clock";
import { formatInteger } from "~/domain/money";
import { fillYears, type CommitmentYearTotals } from "~/domain/plan";
import { displayYears, type YearRange } from "~/domain/year-range";
import { bucketOf } from "~/domain/obligations";
import { COST_KINDS, FINANCING_KINDS } from "~/domain/vocabulary";
import {
  centsToEuros,
  columnLetter,
  columnWidths,
  CSV_BOM,
  CSV_CONTENT_TYPE,
  csvHeader,
  csvLine,
  DATE_FORMAT,
  dayToDate,
  exportFileName,
  INTEGER_FORMAT,
  MONEY_FORMAT,
  neutraliseFormula,
  parseFormat,
  sheetName,
  XLSX_CONTENT_TYPE,
  type CellValue,
  type Column,
  type ColumnKind,
  type SpreadsheetFormat,
} from "~/domain/spreadsheet";
import { listPortfolio, type PortfolioFilters } from "./portfolio.server";
import { cityCommitmentsByYear } from "./commitment.server";
import { listDeadlines, type DeadlineFilters } from "./deadline.server";
import { listClaims, type ClaimFilter } from "./bonus.server";
import type { ProjectDetail } from "./project.server";
import { projectVisible } from "./scope.server";
import { sql } from "kysely";

/** Rows read and written per step (one SQL read, one piece of the body). */
export const EXPORT_STEP_ROWS = 500;

/**
 * The deadline view's rows per step. listDeadlines reads pages by offset, and a page deep into
 * ~100 000 deadlines costs ~130 ms at national size: 500-row steps took 13 s in all, 2 000-row
 * steps ~4 s (a step of 2 000 deadlines is still well under a megabyte).
 */
export const DEADLINE_STEP_ROWS = 2000;

/** A row of values in the columns' order. `total`: a row of figures (bold), not counted or summed as data. */
export interface ValuesRow {
  values: CellValue[];
  total?: boolean;
}

/** The sums of the data rows above, in the given columns (money or integer), with a label made of their count in the first column. */
export interface SumRow {
  sum: { label: (count: number) => string; columns: readonly number[] };
}

export type TableRow = ValuesRow | SumRow;

export interface Table {
  /** The worksheet's name. */
  name: string;
  columns: Column[];
  /** Values that size the columns besides the header and the first step (totals known beforehand). */
  sizing?: CellValue[][];
  /** The rows, a step at a time. */
  steps: AsyncIterable<TableRow[]>;
}

const isSum = (r: TableRow): r is SumRow => "sum" in r;

/** Count and running sums (integer cents or counts) of the data rows written so far. */
class Tally {
  count = 0;
  readonly sums: number[];
  constructor(private readonly columns: readonly Column[]) {
    this.sums = columns.map(() => 0);
  }
  add(values: readonly CellValue[]) {
    this.count++;
    this.columns.forEach((c, i) => {
      const v = values[i];
      if ((c.kind === "money" || c.kind === "integer") && typeof v === "number") this.sums[i]! += v;
    });
  }
  /** The values of a sum row: the label in the first column, the sums in the named columns. */
  values(row: SumRow): CellValue[] {
    return this.columns.map((_, i) => (i === 0 ? row.sum.label(this.count) : row.sum.columns.includes(i) ? this.sums[i]! : null));
  }
}

/* ---------- the two formats ---------- */

/** The columns of a sum row: its label is text in the first column, whatever that column holds in the rows above (a due date, say). */
function labelledColumns(columns: readonly Column[]): Column[] {
  return columns.map((c, i) => (i === 0 ? { ...c, kind: "text" } : c));
}

function logStop(what: string, bytes: number, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${what} stopped after ${bytes} bytes: ${message.split("\n")[0]}`);
}

/** The CSV as a byte stream: BOM and header, then one step's lines per read; sum rows as figures. */
function csvStream(table: Table, what: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const tally = new Tally(table.columns);
  const labelled = labelledColumns(table.columns);
  let steps: AsyncIterator<TableRow[]> | null = null;
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let text = "";
          if (steps === null) {
            steps = table.steps[Symbol.asyncIterator]();
            text = CSV_BOM + csvHeader(table.columns);
          }
          const next = await steps.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          for (const row of next.value) {
            if (isSum(row)) text += csvLine(labelled, tally.values(row));
            else {
              if (!row.total) tally.add(row.values);
              text += csvLine(table.columns, row.values);
            }
          }
          const piece = encoder.encode(text);
          bytes += piece.byteLength;
          controller.enqueue(piece);
        } catch (error) {
          logStop(what, bytes, error);
          controller.close();
        }
      },
      async cancel() {
        await steps?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

const NUM_FMT: Record<ColumnKind, string | undefined> = { text: undefined, money: MONEY_FORMAT, date: DATE_FORMAT, integer: INTEGER_FORMAT };

/** A value as an exceljs cell value: euros as a number, a day as a UTC-midnight Date, text neutralised (a string cell, never a formula). */
function xlsxValue(kind: ColumnKind, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === "") return null;
  switch (kind) {
    case "money":
      return centsToEuros(Number(value));
    case "date":
      return dayToDate(String(value));
    case "integer":
      return Number(value);
    case "text":
      return neutraliseFormula(String(value));
  }
}

/** After a step is written, how long to wait for zipped bytes before writing the next (deflate may hold a small step back until more comes). */
const SETTLE_MS = 25;

/**
 * The XLSX as a byte stream. exceljs's streaming WorkbookWriter zips into a PassThrough; each read
 * of the body takes what the PassThrough holds, and only when it holds nothing does the next step
 * get read from the database and written (its rows committed at once). Nothing is read ahead of the
 * client, so a slow client holds the export back instead of letting it pile up in memory.
 */
function xlsxStream(table: Table, what: string): ReadableStream<Uint8Array> {
  // The writer (and its zip and deflate streams) only once the body is read: an unread body (HEAD) costs nothing.
  let writer: XlsxWriter | null = null;
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) => (writer ??= xlsxWriter(table, what)).pull(controller),
      cancel: () => writer?.cancel(),
    },
    { highWaterMark: 0 },
  );
}

interface XlsxWriter {
  pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void>;
  cancel(): Promise<void>;
}

/** The workbook being written: its zip's output, the sheet once the first step sized it, the running sums. */
function xlsxWriter(table: Table, what: string): XlsxWriter {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Hankevahti";
  const tally = new Tally(table.columns);
  let steps: AsyncIterator<TableRow[]> | null = null;
  let sheet: ExcelJS.Worksheet | null = null;
  let exhausted = false;
  let failure: unknown = null;
  let bytes = 0;
  /** Whether a row other than a data row has been written (data rows after it could not be summed as one range). */
  let pastData = false;
  let gap = false;
  out.on("error", (e) => (failure ??= e));

  const settle = (ms: number | null) =>
    new Promise<void>((resolve) => {
      const done = () => {
        if (timer) clearTimeout(timer);
        out.off("readable", done);
        out.off("end", done);
        out.off("error", done);
        resolve();
      };
      const timer = ms === null ? null : setTimeout(done, ms);
      out.once("readable", done);
      out.once("end", done);
      out.once("error", done);
    });

  function open(first: readonly TableRow[]): ExcelJS.Worksheet {
    const sample = [...(table.sizing ?? []), ...first.filter((r): r is ValuesRow => !isSum(r)).map((r) => r.values)];
    const widths = columnWidths(table.columns, sample);
    const ws = workbook.addWorksheet(sheetName(table.name), { views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }] });
    ws.columns = table.columns.map((c, i) => ({ width: widths[i], style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
    const header = ws.addRow(table.columns.map((c) => neutraliseFormula(c.header)));
    header.font = { bold: true };
    header.commit();
    return ws;
  }

  function write(ws: ExcelJS.Worksheet, rows: readonly TableRow[]) {
    for (const row of rows) {
      let added: ExcelJS.Row;
      if (isSum(row)) {
        if (gap) throw new Error("a sum row needs the data rows in one range");
        pastData = true;
        const values = tally.values(row);
        const first = 2;
        const last = first + tally.count - 1;
        added = ws.addRow(
          table.columns.map((c, i) => {
            if (i === 0) return xlsxValue("text", values[i] ?? null);
            if (!row.sum.columns.includes(i)) return xlsxValue(c.kind, values[i] ?? null);
            const result = xlsxValue(c.kind, values[i] ?? 0) as number;
            // No data rows: the figure 0 (a SUM over no rows would reach into the header).
            return tally.count === 0 ? result : { formula: `SUM(${columnLetter(i + 1)}${first}:${columnLetter(i + 1)}${last})`, result };
          }),
        );
        added.font = { bold: true };
      } else {
        added = ws.addRow(table.columns.map((c, i) => xlsxValue(c.kind, row.values[i] ?? null)));
        if (row.total) {
          added.font = { bold: true };
          pastData = true;
        } else {
          // Sum rows sum the data rows as one range from row 2: they come before any other row.
          gap ||= pastData;
          tally.add(row.values);
        }
      }
      added.commit();
    }
  }

  return {
    async pull(controller) {
      try {
        for (;;) {
          if (failure) throw failure;
          const chunk = out.read() as Buffer | null;
          if (chunk !== null) {
            bytes += chunk.byteLength;
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            return;
          }
          if (out.readableEnded) {
            controller.close();
            return;
          }
          if (exhausted) {
            await settle(null);
            continue;
          }
          steps ??= table.steps[Symbol.asyncIterator]();
          const next = await steps.next();
          if (next.done) {
            exhausted = true;
            sheet ??= open([]);
            sheet.commit();
            // Resolves once the zip is finished, which needs this stream to be read: not awaited here.
            workbook.commit().catch((e: unknown) => {
              failure ??= e;
              out.emit("error", e);
            });
          } else {
            sheet ??= open(next.value);
            write(sheet, next.value);
          }
          await settle(SETTLE_MS);
        }
      } catch (error) {
        logStop(what, bytes, error);
        controller.close();
        out.destroy();
      }
    },
    async cancel() {
      await steps?.return?.();
      out.destroy();
    },
  };
}

/** The table in the format as a byte stream; `what` names it in the log line of an error. */
export function spreadsheetStream(table: Table, format: SpreadsheetFormat, what = "spreadsheet export"): ReadableStream<Uint8Array> {
  return format === "csv" ? csvStream(table, what) : xlsxStream(table, what);
}

/**
 * The download: the streamed body with its type and file name (`<base>-<today in Helsinki>.<format>`),
 * never cached. No Content-Length: the size is known only at the end (the browser shows the bytes so far).
 */
export function spreadsheetResponse(request: Request, table: Table, format: SpreadsheetFormat, base: string, today: Day = todayInHelsinki()): Response {
  const url = new URL(request.url);
  return new Response(spreadsheetStream(table, format, `GET ${url.pathname}`), {
    headers: {
      "Content-Type": format === "csv" ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${exportFileName(base, today, format)}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** The format the request asks for (`?format=xlsx`, the default, or `csv`); anything else is answered 400 in the viewer's words. */
export function requestedFormat(request: Request, t: Translate): SpreadsheetFormat {
  const raw = new URL(request.url).searchParams.get("format");
  const format = parseFormat(raw);
  if (format === null)
    throw new Response(t("export.error.format", { value: (raw ?? "").slice(0, 20) }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  return format;
}

/* ---------- the tables ---------- */

const col = (header: string, kind: ColumnKind): Column => ({ header, kind });

/** The Helsinki day of an instant stored as UTC ISO text (null stays null). */
const dayOf = (iso: string | null): Day | null => (iso ? todayInHelsinki(new Date(iso)) : null);

/**
 * The portfolio as filtered on its page (every page of it, in the page's order): the table's
 * columns with the rows' sub-lines as their own columns, and the totals of every column of money
 * and the warnings. The first read happens here, so that its totals size the columns.
 */
export async function portfolioTable(
  db: DB,
  viewer: Viewer,
  filters: PortfolioFilters,
  t: Translate,
  { now = new Date(), stepRows = EXPORT_STEP_ROWS }: { now?: Date; stepRows?: number } = {},
): Promise<Table> {
  const year = currentYear(now);
  const columns = [
    col(t("export.col.name"), "text"),
    col(t("export.col.shortName"), "text"),
    col(t("export.col.caseNumber"), "text"),
    col(t("export.col.lead"), "text"),
    col(t("portfolio.col.status"), "text"),
    col(t("export.col.start"), "date"),
    col(t("export.col.end"), "date"),
    col(t("portfolio.col.total"), "money"),
    col(t("portfolio.col.esr"), "money"),
    col(t("portfolio.col.own"), "money"),
    col(t("portfolio.col.city"), "money"),
    col(t("export.col.cityConditional"), "money"),
    col(t("portfolio.col.thisYear", { year }), "money"),
    col(t("export.col.reached"), "integer"),
    col(t("export.col.reachTarget"), "integer"),
    col(t("portfolio.col.warnings"), "integer"),
  ];
  const first = await listPortfolio(db, viewer, filters, { page: 1, size: stepRows }, now);
  const T = first.totals;
  const toRows = (rows: typeof first.rows): TableRow[] =>
    rows.map((r) => ({
      values: [
        r.name,
        r.shortName,
        r.caseNumber,
        r.leadName,
        t(`status.${r.status}`),
        r.start,
        r.end,
        r.totalCents,
        r.esrCents,
        r.ownCents,
        r.cityCents,
        r.cityConditionalCents,
        r.thisYearCents,
        r.reach?.value ?? null,
        r.reach?.target ?? null,
        r.warningCount,
      ],
    }));
  async function* steps(): AsyncGenerator<TableRow[]> {
    if (first.rows.length > 0) yield toRows(first.rows);
    for (let page = 2; page <= first.page.pageCount; page++) {
      const next = await listPortfolio(db, viewer, filters, { page, size: stepRows }, now);
      // The list shrank while it was read: the page moved back to the last one, already written.
      if (next.page.page !== page || next.rows.length === 0) break;
      yield toRows(next.rows);
    }
    yield [{ sum: { label: (count) => t("portfolio.totals", { count: formatInteger(count) }), columns: [7, 8, 9, 10, 11, 12, 15] } }];
  }
  return {
    name: t("export.sheet.portfolio"),
    columns,
    sizing: [
      [null, null, null, null, null, null, null, T.totalCents, T.esrCents, T.ownCents, T.cityCents, T.cityConditionalCents, T.thisYearCents, null, null, null],
    ],
    steps: steps(),
  };
}

/**
 * The city's commitments by year (the commitments page): three rows (confirmed, conditional,
 * total) for every project with commitments in the range, then for every unit, then the city in
 * total, with a column per year (the page's years) and a total column. Units and the city are the
 * page's figures from the running totals; the projects come a step at a time.
 */
export async function commitmentsTable(
  db: DB,
  viewer: Viewer,
  range: YearRange,
  t: Translate,
  { stepRows = EXPORT_STEP_ROWS }: { stepRows?: number } = {},
): Promise<Table> {
  const projectsPerStep = Math.max(1, Math.floor(stepRows / 3));
  const first = await cityCommitmentsByYear(db, viewer, range, { page: 1, size: projectsPerStep });
  const years = displayYears(first.years, range);
  const columns = [
    col(t("export.col.level"), "text"),
    col(t("export.col.shortName"), "text"),
    col(t("export.col.name"), "text"),
    col(t("cityCommitments.kind"), "text"),
    ...years.map((y) => col(String(y), "money")),
    col(t("common.total"), "money"),
  ];
  const kinds = [
    { label: t("commitments.confirmed"), value: (r: CommitmentYearTotals) => r.confirmedCents },
    { label: t("commitments.conditional"), value: (r: CommitmentYearTotals) => r.conditionalCents },
    { label: t("cityCommitments.unitTotal"), value: (r: CommitmentYearTotals) => r.confirmedCents + r.conditionalCents },
  ];
  const group = (level: string, shortName: string | null, name: string, list: readonly CommitmentYearTotals[], total: boolean): TableRow[] => {
    const filled = years.length > 0 ? fillYears(list, years[0]!, years[years.length - 1]!) : [];
    return kinds.map((k) => {
      const cells = filled.map(k.value);
      return { values: [level, shortName, name, k.label, ...cells, cells.reduce((a, c) => a + c, 0)], total };
    });
  };
  const projectRows = (list: typeof first.projects): TableRow[] => list.flatMap((p) => group(t("export.level.project"), p.shortName, p.name, p.years, false));
  async function* steps(): AsyncGenerator<TableRow[]> {
    if (years.length > 0) {
      if (first.projects.length > 0) yield projectRows(first.projects);
      for (let page = 2; page <= first.page.pageCount; page++) {
        const next = await cityCommitmentsByYear(db, viewer, range, { page, size: projectsPerStep });
        if (next.page.page !== page || next.projects.length === 0) break;
        yield projectRows(next.projects);
      }
    }
    yield [
      ...first.units.flatMap((u) => group(t("export.level.unit"), null, u.name, u.years, true)),
      ...group(t("export.level.city"), null, t("cityCommitments.allUnits"), first.total, true),
    ];
  }
  const cityTotals = group("", null, "", first.total, true).map((r) => (r as ValuesRow).values);
  return { name: t("export.sheet.commitments"), columns, sizing: cityTotals, steps: steps() };
}

/** The deadline view as filtered (its standing, kind, implementer, unit, person responsible), every page of it in the page's order, with the count. */
export function deadlinesTable(
  db: DB,
  viewer: Viewer,
  filters: DeadlineFilters,
  t: Translate,
  today: Day,
  { stepRows = DEADLINE_STEP_ROWS }: { stepRows?: number } = {},
): Table {
  const columns = [
    col(t("deadlines.col.due"), "date"),
    col(t("deadlines.col.status"), "text"),
    col(t("export.col.submitted"), "date"),
    col(t("export.col.decided"), "date"),
    col(t("export.col.shortName"), "text"),
    col(t("export.col.name"), "text"),
    col(t("export.col.caseNumber"), "text"),
    col(t("deadlines.col.kind"), "text"),
    col(t("export.col.title"), "text"),
    col(t("export.col.periodStart"), "date"),
    col(t("export.col.periodEnd"), "date"),
    col(t("deadlines.col.responsible"), "text"),
  ];
  async function* steps(): AsyncGenerator<TableRow[]> {
    for (let page = 1; ; page++) {
      const list = await listDeadlines(db, viewer, filters, { page, size: stepRows }, today);
      if (list.page.page !== page || list.rows.length === 0) break;
      yield list.rows.map((r) => ({
        values: [
          r.dueDate,
          t(`bucket.${bucketOf(r.status, r.dueDate, today)}`),
          r.submittedOn,
          r.decidedOn,
          r.shortName,
          r.projectName,
          r.caseNumber,
          t(`obligationKind.${r.kind}`),
          r.title,
          r.periodStart,
          r.periodEnd,
          r.responsibleName,
        ],
      }));
      if (page >= list.page.pageCount) break;
    }
    yield [{ sum: { label: (count) => t("export.totals.deadlines", { count: formatInteger(count) }), columns: [] } }];
  }
  return { name: t("export.sheet.deadlines"), columns, steps: steps() };
}

/**
 * A project's plan by calendar year as on its page: the cost kinds in the plan, the costs in total,
 * the financing sources in the plan and the total, a column per year and a total column. One
 * project's plan is a few rows: one step.
 */
export function planTable(detail: ProjectDetail, t: Translate): Table {
  const table = detail.planByYear;
  const years = table.years.map((y) => y.year);
  const columns = [col(t("plan.kind"), "text"), ...years.map((y) => col(String(y), "money")), col(t("common.total"), "money")];
  const line = (label: string, cents: number[], total = false): ValuesRow => ({ values: [label, ...cents, cents.reduce((a, c) => a + c, 0)], total });
  const hasCosts = detail.plan.lines.some((l) => l.side === "cost");
  const rows: ValuesRow[] = [
    ...COST_KINDS.filter((k) => table.total.costs[k] > 0).map((k) =>
      line(
        t(`costKind.${k}`),
        table.years.map((y) => y.costs[k]),
      ),
    ),
    ...(hasCosts
      ? [
          line(
            t("plan.costsTotal"),
            table.years.map((y) => y.costsTotalCents),
            true,
          ),
        ]
      : []),
    ...FINANCING_KINDS.filter((k) => table.total.financing[k] > 0).map((k) =>
      line(
        t(`financingKind.${k}`),
        table.years.map((y) => y.financing[k]),
      ),
    ),
    line(
      t("common.total"),
      table.years.map((y) => y.totalCents),
      true,
    ),
  ];
  async function* steps(): AsyncGenerator<TableRow[]> {
    yield rows;
  }
  return { name: `${t("export.sheet.plan")} ${detail.project.short_name}`, columns, steps: steps() };
}

/**
 * Reports with their figures: one project's (newest period first, as on its page) or every report
 * of the projects the viewer sees (by project, then newest first), a step at a time by keyset on
 * (project id, report id); then the accepted reports' figures in total.
 */
export function reportsTable(
  db: DB,
  viewer: Viewer,
  projectId: number | null,
  t: Translate,
  { stepRows = EXPORT_STEP_ROWS }: { stepRows?: number } = {},
): Table {
  const columns = [
    col(t("export.col.shortName"), "text"),
    col(t("export.col.caseNumber"), "text"),
    col(t("report.col.report"), "text"),
    col(t("report.col.status"), "text"),
    col(t("export.col.periodStart"), "date"),
    col(t("export.col.periodEnd"), "date"),
    col(t("deadlines.col.due"), "date"),
    col(t("export.col.submitted"), "date"),
    col(t("export.col.accepted"), "date"),
    col(t("export.col.reachedWomen"), "integer"),
    col(t("export.col.reachedMen"), "integer"),
    col(t("export.col.reachedOther"), "integer"),
    col(t("export.col.reachedTotal"), "integer"),
    col(t("export.col.outcomeWork"), "integer"),
    col(t("export.col.outcomeEducation"), "integer"),
    col(t("export.col.outcomeOther"), "integer"),
    col(t("report.col.partners"), "integer"),
    col(t("report.col.costs"), "money"),
    col(t("export.col.esrReceived"), "money"),
    col(t("export.col.cityReceived"), "money"),
    col(t("export.col.otherReceived"), "money"),
  ];
  const FIGURES = 9; // the columns from here on are counts and money: the accepted reports' totals sum them.
  async function* steps(): AsyncGenerator<TableRow[]> {
    const accepted = { count: 0, sums: columns.map(() => 0) };
    let after: { projectId: number; sortKey: string; id: number } | null = null;
    for (;;) {
      let q = db
        .selectFrom("report as r")
        .innerJoin("project as p", "p.id", "r.project_id")
        .leftJoin("deadline as d", "d.id", "r.deadline_id")
        .select([
          "r.id",
          "r.project_id",
          "p.short_name",
          "p.case_number",
          "r.kind",
          "r.status",
          "r.submission_count",
          "r.period_start",
          "r.period_end",
          "d.due_date",
          "r.submitted_at",
          "r.accepted_at",
          "r.reached_women",
          "r.reached_men",
          "r.reached_other",
          "r.reached_total",
          "r.outcome_work",
          "r.outcome_education",
          "r.outcome_other",
          "r.partners",
          "r.esr_received_cents",
          "r.city_received_cents",
          "r.other_received_cents",
          sql<string>`COALESCE(r.period_end, d.due_date, '')`.as("sort_key"),
          (eb) =>
            eb
              .selectFrom("report_cost as c")
              .select((e2) => e2.fn.coalesce(e2.fn.sum<number>("c.amount_cents"), e2.lit(0)).as("s"))
              .whereRef("c.report_id", "=", "r.id")
              .as("cost"),
        ])
        .where(projectVisible(viewer, "p"));
      if (projectId !== null) q = q.where("r.project_id", "=", projectId);
      // By project, then newest period first (the project page's order), then id: a keyset on all three.
      if (after)
        q = q.where(
          sql<boolean>`(r.project_id > ${after.projectId} OR (r.project_id = ${after.projectId} AND (COALESCE(r.period_end, d.due_date, '') < ${after.sortKey} OR (COALESCE(r.period_end, d.due_date, '') = ${after.sortKey} AND r.id < ${after.id}))))`,
        );
      const rows = await q
        .orderBy("r.project_id")
        .orderBy(sql`COALESCE(r.period_end, d.due_date, '')`, "desc")
        .orderBy("r.id", "desc")
        .limit(stepRows)
        .execute();
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      after = { projectId: last.project_id, sortKey: last.sort_key, id: last.id };
      yield rows.map((r) => {
        const values: CellValue[] = [
          r.short_name,
          r.case_number,
          t(`report.kind.${r.kind}`),
          t(r.status === "submitted" && r.submission_count > 1 ? "report.status.resubmitted" : `report.status.${r.status}`),
          r.period_start,
          r.period_end,
          r.due_date,
          dayOf(r.submitted_at),
          dayOf(r.accepted_at),
          r.reached_women,
          r.reached_men,
          r.reached_other,
          r.reached_total,
          r.outcome_work,
          r.outcome_education,
          r.outcome_other,
          r.partners,
          Number(r.cost ?? 0),
          r.esr_received_cents,
          r.city_received_cents,
          r.other_received_cents,
        ];
        if (r.status === "accepted") {
          accepted.count++;
          values.forEach((v, i) => {
            if (i >= FIGURES && typeof v === "number") accepted.sums[i]! += v;
          });
        }
        return { values };
      });
      if (rows.length < stepRows) break;
    }
    yield [
      {
        values: columns.map((_, i) =>
          i === 0 ? t("export.totals.reports", { count: formatInteger(accepted.count) }) : i >= FIGURES ? accepted.sums[i]! : null,
        ),
        total: true,
      },
    ];
  }
  return { name: t("export.sheet.reports"), columns, steps: steps() };
}

/** Employment bonus claims as on their list (the same list and organisation, an association's own only), every page of it, with the count and the sum. */
export function bonusClaimsTable(
  db: DB,
  viewer: Viewer,
  opts: { filter: ClaimFilter; organisationId: number | null },
  t: Translate,
  today: Day,
  { stepRows = EXPORT_STEP_ROWS }: { stepRows?: number } = {},
): Table {
  const columns = [
    col(t("bonus.col.reference"), "text"),
    col(t("bonus.col.organisation"), "text"),
    col(t("portfolio.col.project"), "text"),
    col(t("bonus.col.kind"), "text"),
    col(t("bonus.col.start"), "date"),
    col(t("bonus.col.payable"), "date"),
    col(t("bonus.col.stage"), "text"),
    col(t("export.col.filed"), "date"),
    col(t("export.col.approved"), "date"),
    col(t("export.col.paid"), "date"),
    col(t("bonus.col.amount"), "money"),
  ];
  async function* steps(): AsyncGenerator<TableRow[]> {
    for (let page = 1; ; page++) {
      const list = await listClaims(db, viewer, { ...opts, page, size: stepRows }, today);
      if (list.page.page !== page || list.claims.length === 0) break;
      yield list.claims.map((c) => ({
        values: [
          c.reference,
          c.organisationName,
          c.projectName,
          t(`bonus.kind.${c.kind}`),
          c.startDate,
          c.payableOn,
          t(`bonus.stage.${c.stage}`, { payableDay: c.payableOn, approvedDay: c.approvedOn ?? "", paidDay: c.paidOn ?? "", rejectedDay: c.rejectedOn ?? "" }),
          c.filedOn,
          c.approvedOn,
          c.paidOn,
          c.amountCents,
        ],
      }));
      if (page >= list.page.pageCount) break;
    }
    yield [{ sum: { label: (count) => t("export.totals.claims", { count: formatInteger(count) }), columns: [10] } }];
  }
  return { name: t("export.sheet.bonusClaims"), columns, steps: steps() };
}
