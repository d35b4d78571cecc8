/**
 * Spreadsheet exports (issue 21) through their real routes on the demo data: each file read back
 * (XLSX with exceljs, CSV parsed as Finnish Excel reads it) holds the page's figures to the cent,
 * dates as dates of the right day, the header frozen and in the viewer's language, the totals of
 * the page; filters and organisation scoping as on the pages; formulas neutralised; the body a
 * stream read a piece at a time, also over several steps of a larger generated ledger.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { headersFor, SEES_ALL, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { openDatabase, type DB } from "../../db/connection";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";
import { listPortfolio, type PortfolioRow } from "~/models/portfolio.server";
import { portfolioTable, spreadsheetStream } from "~/models/spreadsheet-export.server";
import { langCookie } from "~/utils/i18n.server";
import { translator } from "~/i18n";
import { todayInHelsinki } from "~/domain/clock";
import { MONEY_FORMAT, DATE_FORMAT } from "~/domain/spreadsheet";
import { loader as portfolioPage } from "~/routes/_index";
import { loader as commitmentsPage } from "~/routes/commitments";
import { loader as deadlinesPage } from "~/routes/deadlines._index";
import { loader as projectPage } from "~/routes/projects.$projectId._index";
import { loader as claimsPage } from "~/routes/bonus-claims._index";
import { action as newProjectAction } from "~/routes/projects.new";
import { loader as portfolioExport } from "~/routes/exports.portfolio";
import { loader as commitmentsExport } from "~/routes/exports.commitments";
import { loader as deadlinesExport } from "~/routes/exports.deadlines";
import { loader as planExport } from "~/routes/exports.projects.$projectId.plan";
import { loader as reportsExport } from "~/routes/exports.reports";
import { loader as claimsExport } from "~/routes/exports.bonus-claims";

const ctx = useTestDatabase("demo");
const headers = {} as Record<DemoAccount, Record<string, string>>;
const ids = {} as { summit: number; kotona: number; flow: number; ote: number; spr: number };
const today = todayInHelsinki();

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

beforeAll(async () => {
  for (const a of ["admin", "manager", "committee", "haka", "spr"] as const) headers[a] = await headersFor(ctx.db, a);
  ids.summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
  ids.kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
  ids.flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
  ids.ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
  ids.spr = await organisationIdByName(ctx.db, "Suomen Punaisen Ristin Oulun piiri");
});

const as = (account: DemoAccount, loader: Loader, url: string, params: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  callLoader(loader, url, params, { headers: { ...headers[account], ...extra } });

/** The signed-in cookie plus the language cookie (as the language switch sets it). */
async function inEnglish(account: DemoAccount): Promise<Record<string, string>> {
  const lang = (await langCookie.serialize("en")).split(";")[0]!;
  return { Cookie: `${headers[account].Cookie}; ${lang}` };
}

/** A worksheet's cells as rows of values (0-based columns), the header first. */
type Cell = ExcelJS.CellValue;
async function xlsxOf(res: Response): Promise<{ ws: ExcelJS.Worksheet; rows: Cell[][] }> {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const rows: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) rows.push(Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(r).getCell(i + 1).value));
  return { ws, rows };
}

/** A CSV body as Finnish Excel reads it: BOM, `;`, CRLF line ends, quoted fields with doubled quotes. */
async function csvOf(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  // Response.text() would drop the BOM: decode keeping it.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      // A bare line feed outside quotes would be a line end Finnish Excel does not expect here.
      expect(c).not.toBe("\n");
      field += c;
    }
  }
  return rows;
}

/** Finnish decimals ("1234,50", "-0,05") to integer cents, without float arithmetic. */
function fiCents(text: string): number {
  const m = /^(-?)(\d+),(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a Finnish money figure: ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}
/** "1.4.2026" to "2026-04-01". */
function fiDay(text: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (!m) throw new Error(`not a Finnish date: ${JSON.stringify(text)}`);
  return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
}
/** An XLSX money cell to cents (it must be a number). */
function cents(v: Cell): number {
  expect(typeof v).toBe("number");
  return Math.round((v as number) * 100);
}
/** An XLSX date cell to its day (it must be a Date at midnight UTC). */
function day(v: Cell): string {
  expect(v).toBeInstanceOf(Date);
  expect((v as Date).getTime() % 86_400_000).toBe(0);
  return (v as Date).toISOString().slice(0, 10);
}
/** A sum cell: a SUM formula over the column with its result cached. */
function sum(v: Cell): { formula: string; result: number } {
  expect(v).toMatchObject({ formula: expect.stringMatching(/^SUM\([A-Z]+2:[A-Z]+\d+\)$/) });
  return v as unknown as { formula: string; result: number };
}

interface PageRow {
  name: string;
  shortName: string;
  caseNumber: string;
  status: string;
  start: string;
  end: string;
  totalCents: number;
  esrCents: number;
  ownCents: number;
  cityCents: number;
  cityConditionalCents: number;
  thisYearCents: number;
  warningCount: number;
  reach: { value: number; target: number | null } | null;
}
const MONEY_KEYS = ["totalCents", "esrCents", "ownCents", "cityCents", "cityConditionalCents", "thisYearCents"] as const;
const MONEY_COLUMNS = [7, 8, 9, 10, 11, 12];

describe("the portfolio", () => {
  it("round trip in XLSX: every figure the page's to the cent, real dates, header frozen and sized, totals the page's", async () => {
    const page = await jsonOf(await as("manager", portfolioPage, "/"));
    const res = await as("manager", portfolioExport, "/exports/portfolio");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="hankesalkku-${today}.xlsx"`);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Length")).toBeNull();
    const { ws, rows } = await xlsxOf(res);
    expect(ws.name).toBe("Hankesalkku");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const [header, ...rest] = rows;
    expect(header!.slice(0, 8)).toEqual(["Nimi", "Lyhenne", "Diaarinumero", "Päätoteuttaja", "Tila", "Alkaa", "Päättyy", "Kokonaisbudjetti"]);
    expect(header![12]).toBe(`Sitoumus ${page.thisYear}`);
    expect(ws.getRow(1).font?.bold).toBe(true);
    const body = rest.slice(0, -1);
    const totals = rest[rest.length - 1]!;
    expect(body).toHaveLength(page.totals.count);
    // The page's order (by name) and its figures.
    expect(body.map((r) => r[2])).toEqual(page.rows.map((r: PageRow) => r.caseNumber));
    page.rows.forEach((p: PageRow, i: number) => {
      const r = body[i]!;
      expect(r.slice(0, 3)).toEqual([p.name, p.shortName, p.caseNumber]);
      expect(r[4]).toBe(translator("fi")(`status.${p.status}` as never));
      expect(day(r[5]!)).toBe(p.start);
      expect(day(r[6]!)).toBe(p.end);
      MONEY_KEYS.forEach((k, j) => expect(cents(r[MONEY_COLUMNS[j]!]!), `${p.shortName} ${k}`).toBe(p[k]));
      expect(r[13]).toBe(p.reach?.value ?? null);
      expect(r[14]).toBe(p.reach?.target ?? null);
      expect(r[15]).toBe(p.warningCount);
    });
    // Formats: euros and d.m.yyyy, bold totals.
    expect(ws.getRow(2).getCell(8).numFmt).toBe(MONEY_FORMAT);
    expect(ws.getRow(2).getCell(6).numFmt).toBe(DATE_FORMAT);
    expect(ws.getRow(rows.length).font?.bold).toBe(true);
    // The totals: SUM formulas over the rows, their cached results the page's totals.
    expect(totals[0]).toBe(`Yhteensä (${page.totals.count} hanketta)`);
    MONEY_KEYS.forEach((k, j) => {
      const s = sum(totals[MONEY_COLUMNS[j]!]!);
      const letter = String.fromCharCode(65 + MONEY_COLUMNS[j]!);
      expect(s.formula).toBe(`SUM(${letter}2:${letter}${rows.length - 1})`);
      expect(Math.round(s.result * 100), k).toBe(page.totals[k]);
    });
    expect(sum(totals[15]!).result).toBe(page.totals.warningCount);
    // Sized: every column at least as wide as its header, money wide enough for its figures.
    header!.forEach((h, i) => expect(ws.getColumn(i + 1).width!).toBeGreaterThanOrEqual(String(h).length));
    expect(ws.getColumn(8).width!).toBeGreaterThanOrEqual(14);
  });

  it("round trip in CSV: BOM, semicolons, CRLF, Finnish decimals and dates, the totals as figures", async () => {
    const page = await jsonOf(await as("manager", portfolioPage, "/"));
    const res = await as("manager", portfolioExport, "/exports/portfolio?format=csv");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="hankesalkku-${today}.csv"`);
    const [header, ...rest] = await csvOf(res);
    expect(header![0]).toBe("Nimi");
    expect(header).toHaveLength(16);
    const body = rest.slice(0, -1);
    const totals = rest[rest.length - 1]!;
    expect(body.map((r) => r[2])).toEqual(page.rows.map((r: PageRow) => r.caseNumber));
    page.rows.forEach((p: PageRow, i: number) => {
      const r = body[i]!;
      expect(r).toHaveLength(16);
      expect(fiDay(r[5]!)).toBe(p.start);
      expect(fiDay(r[6]!)).toBe(p.end);
      MONEY_KEYS.forEach((k, j) => expect(fiCents(r[MONEY_COLUMNS[j]!]!), `${p.shortName} ${k}`).toBe(p[k]));
      expect(r[15]).toBe(String(p.warningCount));
    });
    expect(totals[0]).toBe(`Yhteensä (${page.totals.count} hanketta)`);
    MONEY_KEYS.forEach((k, j) => expect(fiCents(totals[MONEY_COLUMNS[j]!]!), k).toBe(page.totals[k]));
    expect(totals[15]).toBe(String(page.totals.warningCount));
    // SUMMIT's 520 000 € as Finnish Excel reads it: no thousands separator, a decimal comma.
    expect(body.find((r) => r[1] === "SUMMIT")![7]).toBe("520000,00");
  });

  it("respects the page's filters and order; a bad filter is left out as on the page", async () => {
    for (const query of ["?status=running", "?year=2027", "?q=summit", "?sort=total&dir=desc", "?status=bogus", "?unit=abc&year=20x7"]) {
      const page = await jsonOf(await as("manager", portfolioPage, `/${query}`));
      const { rows } = await xlsxOf(await as("manager", portfolioExport, `/exports/portfolio${query}&format=xlsx`));
      expect(
        rows.slice(1, -1).map((r) => r[2]),
        query,
      ).toEqual(page.rows.map((r: PageRow) => r.caseNumber));
      expect(Math.round(sum(rows[rows.length - 1]![7]!).result * 100), query).toBe(page.totals.totalCents);
    }
    const running = await csvOf(await as("manager", portfolioExport, "/exports/portfolio?status=running&format=csv"));
    expect(running.slice(1, -1).map((r) => r[1])).toEqual(["Kotona Kajaanissa"]);
  });

  it("an association's export holds only its own organisation's projects", async () => {
    for (const account of ["haka", "spr"] as const) {
      const page = await jsonOf(await as(account, portfolioPage, "/"));
      const { rows } = await xlsxOf(await as(account, portfolioExport, "/exports/portfolio"));
      expect(rows.slice(1, -1).map((r) => r[1])).toEqual(page.rows.map((r: PageRow) => r.shortName));
      expect(Math.round(sum(rows[rows.length - 1]![10]!).result * 100)).toBe(page.totals.cityCents);
    }
    const spr = await csvOf(await as("spr", portfolioExport, "/exports/portfolio?format=csv"));
    expect(spr.slice(1, -1).map((r) => r[1])).toEqual(["Kotona Kajaanissa"]);
    // Naming another organisation as the implementer changes nothing of the scope.
    const haka = await csvOf(await as("haka", portfolioExport, `/exports/portfolio?format=csv&org=${ids.spr}`));
    expect(haka.slice(1, -1).map((r) => r[1])).not.toContain("Kotona Kajaanissa");
  });

  it("signs in first, and refuses an unknown format with 400 in the viewer's words", async () => {
    const anon = await callLoader(portfolioExport, "/exports/portfolio", {}, { headers: { Cookie: "" } });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/exports/portfolio")}`);
    const bad = await as("manager", portfolioExport, "/exports/portfolio?format=pdf");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("xlsx tai csv");
    const badEn = await callLoader(portfolioExport, "/exports/portfolio?format=pdf", {}, { headers: await inEnglish("manager") });
    expect(await badEn.text()).toContain("xlsx or csv");
  });
});

describe("drafts and formulas", () => {
  let draft: number;
  const NAME = '=HYPERLINK("http://x","y")';

  beforeAll(async () => {
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const res = await postForm(
      newProjectAction,
      "/projects/new",
      {
        name: NAME,
        shortName: "@LUONNOS",
        caseNumber: "-KAJDno-2026-980",
        leadOrganisationId: String(haka),
        status: "planning",
        start: "1.1.2027",
        end: "31.12.2028",
        costModel: "flat_40",
        "costs.0.kind": "staff",
        "costs.0.amount": "100 000",
      },
      {},
      headers.manager,
    );
    expect(res.status).toBe(302);
    draft = Number(res.headers.get("Location")!.split("/").pop());
  });

  it("neutralises a text that would start a formula, in both formats; the XLSX cell is a string, never a formula", async () => {
    const { ws, rows } = await xlsxOf(await as("manager", portfolioExport, "/exports/portfolio?status=planning"));
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(0, 3)).toEqual([`'${NAME}`, "'@LUONNOS", "'-KAJDno-2026-980"]);
    expect(ws.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
    // Its money stays numbers.
    expect(cents(rows[1]![7]!)).toBe(14_000_000);
    const csv = await csvOf(await as("manager", portfolioExport, "/exports/portfolio?status=planning&format=csv"));
    expect(csv[1]!.slice(0, 3)).toEqual([`'${NAME}`, "'@LUONNOS", "'-KAJDno-2026-980"]);
    const raw = new TextDecoder().decode(await (await as("manager", portfolioExport, "/exports/portfolio?status=planning&format=csv")).arrayBuffer());
    expect(raw).toContain(`"'=HYPERLINK(""http://x"",""y"")";'@LUONNOS;'-KAJDno-2026-980;`);
    // The plan's sheet carries the neutralised short name too.
    const plan = await xlsxOf(await as("manager", planExport, `/exports/projects/${draft}/plan`, { projectId: String(draft) }));
    expect(plan.ws.name.startsWith("Suunnitelma vuosittain")).toBe(true);
  });

  it("a committee member does not see the draft (as on the page): not in the portfolio's export, its plan a 404", async () => {
    const { rows } = await xlsxOf(await as("committee", portfolioExport, "/exports/portfolio"));
    expect(rows.slice(1, -1).map((r) => r[1])).toEqual(["FLOW", "Kotona Kajaanissa", "OTE", "SUMMIT"]);
    expect((await as("committee", planExport, `/exports/projects/${draft}/plan`, { projectId: String(draft) })).status).toBe(404);
    expect((await as("committee", reportsExport, `/exports/reports?project=${draft}`)).status).toBe(404);
    const manager = await xlsxOf(await as("manager", portfolioExport, "/exports/portfolio"));
    expect(manager.rows.slice(1, -1).map((r) => r[1])).toContain("'@LUONNOS");
  });
});

describe("the city's commitments by year", () => {
  it("the page's years, projects, units and city totals to the cent, in XLSX and CSV", async () => {
    const page = await jsonOf(await as("manager", commitmentsPage, "/commitments"));
    const { ws, rows } = await xlsxOf(await as("manager", commitmentsExport, "/exports/commitments"));
    expect(ws.views[0]).toMatchObject({ state: "frozen" });
    const header = rows[0]!;
    expect(header).toEqual(["Taso", "Lyhenne", "Nimi", "Sitoumus", ...page.years.map(String), "Yhteensä"]);
    const yearCol = (y: number) => 4 + page.years.indexOf(y);
    const byLevel = (level: string) => rows.filter((r) => r[0] === level);
    const projects = byLevel("Hanke");
    expect(projects).toHaveLength(3 * page.projects.length);
    for (const p of page.projects as { shortName: string; years: { year: number; confirmedCents: number; conditionalCents: number }[] }[]) {
      const [confirmed, conditional, total] = projects.filter((r) => r[1] === p.shortName);
      expect([confirmed![3], conditional![3], total![3]]).toEqual(["Vahvistettu", "Ehdollinen", "Yhteensä"]);
      for (const y of p.years) {
        expect(cents(confirmed![yearCol(y.year)]!)).toBe(y.confirmedCents);
        expect(cents(conditional![yearCol(y.year)]!)).toBe(y.conditionalCents);
        expect(cents(total![yearCol(y.year)]!)).toBe(y.confirmedCents + y.conditionalCents);
      }
    }
    const city = byLevel("Kaupunki");
    expect(city.map((r) => r[2])).toEqual(["Kaupunki yhteensä", "Kaupunki yhteensä", "Kaupunki yhteensä"]);
    for (const y of page.total as { year: number; confirmedCents: number; conditionalCents: number }[]) {
      expect(cents(city[0]![yearCol(y.year)]!)).toBe(y.confirmedCents);
      expect(cents(city[1]![yearCol(y.year)]!)).toBe(y.conditionalCents);
      // The city's total is the sum of the projects' rows (one figure, one meaning).
      expect(projects.filter((r) => r[3] === "Vahvistettu").reduce((a, r) => a + cents(r[yearCol(y.year)]!), 0)).toBe(y.confirmedCents);
    }
    const totalCol = header.length - 1;
    const grand = (page.total as { confirmedCents: number; conditionalCents: number }[]).reduce((a, y) => a + y.confirmedCents + y.conditionalCents, 0);
    expect(cents(city[2]![totalCol]!)).toBe(grand);
    expect(byLevel("Yksikkö").map((r) => r[2])).toEqual(page.units.flatMap((u: { name: string }) => [u.name, u.name, u.name]));
    // CSV: the same figures.
    const csv = await csvOf(await as("manager", commitmentsExport, "/exports/commitments?format=csv"));
    expect(csv[0]).toEqual(header);
    expect(fiCents(csv[csv.length - 1]![totalCol]!)).toBe(grand);
  });

  it("keeps to the page's year range", async () => {
    const page = await jsonOf(await as("manager", commitmentsPage, "/commitments?from=2027&to=2028"));
    const csv = await csvOf(await as("manager", commitmentsExport, "/exports/commitments?from=2027&to=2028&format=csv"));
    expect(csv[0]!.slice(4, -1)).toEqual(page.years.map(String));
    expect(csv[0]!.slice(4, -1)).toEqual(["2027", "2028"]);
  });

  it("is refused to an association (403), as the page is", async () => {
    expect((await as("haka", commitmentsExport, "/exports/commitments")).status).toBe(403);
  });
});

describe("a project's plan by year", () => {
  it("the page's plan by year and source to the cent", async () => {
    const params = { projectId: String(ids.kotona) };
    const page = await jsonOf(await as("manager", projectPage, `/projects/${ids.kotona}`, params));
    const res = await as("manager", planExport, `/exports/projects/${ids.kotona}/plan`, params);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="kotona-kajaanissa-suunnitelma-${today}.xlsx"`);
    const { ws, rows } = await xlsxOf(res);
    expect(ws.views[0]).toMatchObject({ state: "frozen" });
    const years = page.planByYear.years as {
      year: number;
      costs: Record<string, number>;
      costsTotalCents: number;
      totalCents: number;
      financing: Record<string, number>;
    }[];
    const fi = translator("fi");
    expect(rows[0]).toEqual(["Laji", ...years.map((y) => String(y.year)), "Yhteensä"]);
    // The page's rows: the cost kinds in the plan, the costs in total, the sources in the plan, the total.
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      fi("costKind.staff"),
      fi("costKind.flat_rate"),
      "Kustannukset yhteensä",
      fi("financingKind.esr"),
      fi("financingKind.own"),
      "Yhteensä",
    ]);
    const row = (label: string) => rows.find((r) => r[0] === label)!;
    years.forEach((y, i) => {
      expect(cents(row(fi("costKind.staff"))[i + 1]!)).toBe(y.costs.staff);
      expect(cents(row(fi("costKind.flat_rate"))[i + 1]!)).toBe(y.costs.flat_rate);
      expect(cents(row("Kustannukset yhteensä")[i + 1]!)).toBe(y.costsTotalCents);
      expect(cents(row(fi("financingKind.esr"))[i + 1]!)).toBe(y.financing.esr);
      expect(cents(row(fi("financingKind.own"))[i + 1]!)).toBe(y.financing.own);
      expect(cents(row("Yhteensä")[i + 1]!)).toBe(y.totalCents);
    });
    const last = years.length + 1;
    expect(cents(row("Yhteensä")[last]!)).toBe(page.plan.version.total_budget_cents);
    expect(cents(row("Kustannukset yhteensä")[last]!)).toBe(page.planByYear.total.costsTotalCents);
    expect(ws.getRow(rows.length).font?.bold).toBe(true);
    const csv = await csvOf(await as("manager", planExport, `/exports/projects/${ids.kotona}/plan?format=csv`, params));
    expect(csv.map((r) => r[0])).toEqual(rows.map((r) => r[0]));
    expect(fiCents(csv[csv.length - 1]![last]!)).toBe(page.plan.version.total_budget_cents);
  });

  it("another organisation's project, an unknown or a malformed id is a 404", async () => {
    expect((await as("haka", planExport, `/exports/projects/${ids.kotona}/plan`, { projectId: String(ids.kotona) })).status).toBe(404);
    expect((await as("spr", planExport, `/exports/projects/${ids.summit}/plan`, { projectId: String(ids.summit) })).status).toBe(404);
    expect((await as("manager", planExport, "/exports/projects/99999/plan", { projectId: "99999" })).status).toBe(404);
    expect((await as("manager", planExport, "/exports/projects/x/plan", { projectId: "x" })).status).toBe(404);
    expect((await as("haka", planExport, `/exports/projects/${ids.summit}/plan`, { projectId: String(ids.summit) })).status).toBe(200);
  });
});

describe("the deadline view", () => {
  it("every row of the page's standing, in its order, with real dates", async () => {
    for (const query of ["", "?bucket=all", "?bucket=overdue", "?bucket=accepted", "?bucket=bogus"]) {
      const page = await jsonOf(await as("manager", deadlinesPage, `/deadlines${query}`));
      const sep = query ? "&" : "?";
      const { rows } = await xlsxOf(await as("manager", deadlinesExport, `/exports/deadlines${query}`));
      expect(rows[0]!.slice(0, 2)).toEqual(["Määräpäivä", "Tila"]);
      const body = rows.slice(1, -1);
      expect(
        body.map((r) => day(r[0]!)),
        query,
      ).toEqual(page.rows.map((r: { dueDate: string }) => r.dueDate));
      expect(body.map((r) => r[4])).toEqual(page.rows.map((r: { shortName: string }) => r.shortName));
      expect(rows[rows.length - 1]![0]).toBe(`Yhteensä (${page.page.total} määräaikaa)`);
      const csv = await csvOf(await as("manager", deadlinesExport, `/exports/deadlines${query}${sep}format=csv`));
      expect(csv.slice(1, -1).map((r) => fiDay(r[0]!))).toEqual(page.rows.map((r: { dueDate: string }) => r.dueDate));
    }
    const overdue = await csvOf(await as("manager", deadlinesExport, "/exports/deadlines?bucket=overdue&format=csv"));
    expect(new Set(overdue.slice(1, -1).map((r) => r[1]))).toEqual(new Set(["Myöhässä"]));
  });

  it("an association sees only its own projects' deadlines", async () => {
    const page = await jsonOf(await as("haka", deadlinesPage, "/deadlines?bucket=all"));
    const csv = await csvOf(await as("haka", deadlinesExport, "/exports/deadlines?bucket=all&format=csv"));
    expect(csv.slice(1, -1).map((r) => r[4])).toEqual(page.rows.map((r: { shortName: string }) => r.shortName));
    expect(csv.slice(1, -1).map((r) => r[4])).not.toContain("Kotona Kajaanissa");
  });
});

describe("reports", () => {
  it("a project's reports with their figures, and the accepted reports in total", async () => {
    const params = { projectId: String(ids.flow) };
    const page = await jsonOf(await as("manager", projectPage, `/projects/${ids.flow}`, params));
    const res = await as("manager", reportsExport, `/exports/reports?project=${ids.flow}`);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="flow-raportit-${today}.xlsx"`);
    const { rows } = await xlsxOf(res);
    const body = rows.slice(1, -1);
    const reports = page.reports as { kind: string; status: string; costCents: number; reachedTotal: number | null; periodEnd: string | null }[];
    expect(body).toHaveLength(reports.length);
    reports.forEach((r, i) => {
      expect(body[i]![0]).toBe("FLOW");
      expect(cents(body[i]![17]!)).toBe(r.costCents);
      expect(body[i]![12]).toBe(r.reachedTotal);
      if (r.periodEnd) expect(day(body[i]![5]!)).toBe(r.periodEnd);
    });
    const accepted = reports.filter((r) => r.status === "accepted");
    const totals = rows[rows.length - 1]!;
    expect(totals[0]).toBe(`Hyväksytyt raportit yhteensä (${accepted.length})`);
    expect(cents(totals[17]!)).toBe(accepted.reduce((a, r) => a + r.costCents, 0));
    // The accepted reports' costs are the realised figures on the page.
    expect(cents(totals[17]!)).toBe(page.realised.reduce((a: number, y: { cost_cents: number }) => a + y.cost_cents, 0));
  });

  it("every report the viewer may see without a project; another organisation's project is a 404", async () => {
    const all = await csvOf(await as("manager", reportsExport, "/exports/reports?format=csv"));
    expect(new Set(all.slice(1, -1).map((r) => r[0]))).toEqual(new Set(["Kotona Kajaanissa", "SUMMIT", "FLOW"]));
    const haka = await csvOf(await as("haka", reportsExport, "/exports/reports?format=csv"));
    expect(new Set(haka.slice(1, -1).map((r) => r[0]))).toEqual(new Set(["SUMMIT", "FLOW"]));
    expect((await as("haka", reportsExport, `/exports/reports?project=${ids.kotona}`)).status).toBe(404);
    expect((await as("haka", reportsExport, "/exports/reports?project=abc")).status).toBe(404);
  });
});

describe("employment bonus claims", () => {
  it("the list's claims, count and sum; the list's filter; amounts as numbers", async () => {
    for (const query of ["", "?show=all", "?show=paid", "?show=bogus"]) {
      const page = await jsonOf(await as("manager", claimsPage, `/bonus-claims${query}`));
      const { rows } = await xlsxOf(await as("manager", claimsExport, `/exports/bonus-claims${query}`));
      expect(rows[0]!.slice(0, 3)).toEqual(["Viite", "Yhdistys", "Hanke"]);
      expect(rows.slice(1, -1).map((r) => r[0])).toEqual(page.claims.map((c: { reference: string }) => c.reference));
      rows.slice(1, -1).forEach((r, i) => expect(cents(r[10]!)).toBe(page.claims[i].amountCents));
      const shown = page.counts[page.filter];
      expect(rows[rows.length - 1]![0]).toBe(`Yhteensä (${shown.count} hakemusta)`);
      if (shown.count > 0) expect(Math.round(sum(rows[rows.length - 1]![10]!).result * 100)).toBe(shown.cents);
    }
  });

  it("an association's export holds only its own claims, whatever organisation it names; a committee member is refused", async () => {
    const csv = await csvOf(await as("haka", claimsExport, `/exports/bonus-claims?show=all&organisation=${ids.spr}&format=csv`));
    const refs = csv.slice(1, -1).map((r) => r[0]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.startsWith("HAKA-"))).toBe(true);
    expect((await as("committee", claimsExport, "/exports/bonus-claims")).status).toBe(403);
  });
});

describe("who may download (the rows proposed for tests/integration/access-matrix.test.ts)", () => {
  type Who = "anon" | "admin" | "manager" | "committee" | "haka";
  type Outcome = "ok" | "login" | 401 | 403 | 404;
  const page = (o: Partial<Record<Who, Outcome>>): Record<Who, Outcome> => ({ anon: "login", admin: "ok", manager: "ok", committee: "ok", haka: "ok", ...o });
  const outcome = (res: Response): Outcome | string =>
    res.status >= 300 && res.status < 400
      ? res.headers.get("Location")!.startsWith("/login")
        ? "login"
        : "ok"
      : res.status === 200
        ? "ok"
        : res.status === 401 || res.status === 403 || res.status === 404
          ? (res.status as Outcome)
          : `unexpected ${res.status}`;
  const RULES: { label: string; loader: Loader; url: () => string; params?: () => Record<string, string>; expected: Record<Who, Outcome> }[] = [
    { label: "portfolio", loader: portfolioExport, url: () => "/exports/portfolio", expected: page({}) },
    { label: "commitments", loader: commitmentsExport, url: () => "/exports/commitments", expected: page({ haka: 403 }) },
    { label: "deadlines", loader: deadlinesExport, url: () => "/exports/deadlines", expected: page({}) },
    {
      label: "plan",
      loader: planExport,
      url: () => `/exports/projects/${ids.summit}/plan`,
      params: () => ({ projectId: String(ids.summit) }),
      expected: page({}),
    },
    {
      label: "plan (foreign)",
      loader: planExport,
      url: () => `/exports/projects/${ids.kotona}/plan`,
      params: () => ({ projectId: String(ids.kotona) }),
      expected: page({ haka: 404 }),
    },
    { label: "reports", loader: reportsExport, url: () => `/exports/reports?project=${ids.summit}`, expected: page({}) },
    { label: "reports (foreign)", loader: reportsExport, url: () => `/exports/reports?project=${ids.kotona}`, expected: page({ haka: 404 }) },
    { label: "bonus claims", loader: claimsExport, url: () => "/exports/bonus-claims", expected: page({ committee: 403 }) },
  ];

  it("answers each role as the page it comes from", async () => {
    for (const rule of RULES) {
      for (const who of ["anon", "admin", "manager", "committee", "haka"] as const) {
        const h = who === "anon" ? { Cookie: "" } : headers[who];
        const res = await callLoader(rule.loader, rule.url(), rule.params?.() ?? {}, { headers: h });
        expect(outcome(res), `${rule.label} as ${who}`).toBe(rule.expected[who]);
        await res.body?.cancel();
      }
    }
  });
});

describe("languages", () => {
  const KINDS: { label: string; loader: Loader; url: string; params?: () => Record<string, string>; fi: string; en: string }[] = [
    { label: "portfolio", loader: portfolioExport, url: "/exports/portfolio", fi: "Nimi", en: "Name" },
    { label: "commitments", loader: commitmentsExport, url: "/exports/commitments", fi: "Taso", en: "Level" },
    { label: "deadlines", loader: deadlinesExport, url: "/exports/deadlines", fi: "Määräpäivä", en: "Due" },
    { label: "plan", loader: planExport, url: "/exports/projects/{id}/plan", params: () => ({ projectId: String(ids.summit) }), fi: "Laji", en: "Kind" },
    { label: "reports", loader: reportsExport, url: "/exports/reports?project={id}", fi: "Lyhenne", en: "Short name" },
    { label: "bonus claims", loader: claimsExport, url: "/exports/bonus-claims", fi: "Viite", en: "Reference" },
  ];

  it("each kind answers 200 with a readable workbook, headers in Finnish by default and in English with the language cookie", async () => {
    for (const k of KINDS) {
      const url = k.url.replace("{id}", String(ids.summit));
      const fi = await xlsxOf(await as("manager", k.loader, url, k.params?.() ?? {}));
      expect(fi.rows[0]![0], k.label).toBe(k.fi);
      expect(fi.ws.views[0]?.state, k.label).toBe("frozen");
      const en = await xlsxOf(await callLoader(k.loader, url, k.params?.() ?? {}, { headers: await inEnglish("manager") }));
      expect(en.rows[0]![0], k.label).toBe(k.en);
      const csv = await csvOf(
        await callLoader(k.loader, `${url}${url.includes("?") ? "&" : "?"}format=csv`, k.params?.() ?? {}, { headers: await inEnglish("manager") }),
      );
      expect(csv[0]![0], k.label).toBe(k.en);
    }
    const en = await xlsxOf(await callLoader(portfolioExport, "/exports/portfolio", {}, { headers: await inEnglish("manager") }));
    expect(en.ws.name).toBe("Portfolio");
    expect(en.rows.slice(1, -1).map((r) => r[4])).toContain("Running");
    expect(en.rows[en.rows.length - 1]![0]).toBe(`Total (${en.rows.length - 2} projects)`);
  });
});

describe("streaming", () => {
  it("the body is a stream read a piece at a time, one step of rows per piece", async () => {
    const res = await as("manager", portfolioExport, "/exports/portfolio?format=csv");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value).toBeInstanceOf(Uint8Array);
    await reader.cancel();

    const t = translator("fi");
    const stream = spreadsheetStream(await portfolioTable(ctx.db, SEES_ALL, {}, t, { stepRows: 1 }), "csv");
    const pieces: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(decoder.decode(chunk));
    // Header with the first row, then one row per piece, then the totals.
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(pieces[1]!.split("\r\n").filter(Boolean)).toHaveLength(1);
  });

  it("reads a step only when the client has taken the previous one's bytes (a slow client holds the export back)", async () => {
    for (const format of ["xlsx", "csv"] as const) {
      let stepsRead = 0;
      const columns = [
        { header: "Nimi", kind: "text" as const },
        { header: "Summa", kind: "money" as const },
      ];
      async function* steps() {
        for (let i = 0; i < 1000; i++) {
          stepsRead++;
          yield Array.from({ length: 500 }, (_, j) => ({ values: [`Rivi ${i}-${j} ${"x".repeat(40)}`, (i * 500 + j) * 137] }));
        }
      }
      const reader = spreadsheetStream({ name: "Testi", columns, steps: steps() }, format).getReader();
      for (let i = 0; i < 3; i++) expect((await reader.read()).done).toBe(false);
      await new Promise((r) => setTimeout(r, 300));
      // A few steps at most, not the 1 000 the table has.
      expect(stepsRead, format).toBeLessThanOrEqual(4);
      await reader.cancel();
    }
  });

  describe("over many steps of a larger ledger", () => {
    let dir: string;
    let big: DB;
    beforeAll(async () => {
      // Not tests/.tmp: `npm test`'s global setup empties that folder, and may run at the same time.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "hankevahti-sheets-"));
      big = openDatabase(path.join(dir, "big.sqlite"));
      await migrateToLatestOrThrow(big);
      const result = await importLedger(big, generateLedger({ areas: 2, projectsPerArea: 300, seed: 3 }));
      expect(result.ok).toBe(true);
    }, 120_000);
    afterAll(async () => {
      await big.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("XLSX and CSV hold every project once, in order, with the totals of the whole list", async () => {
      const t = translator("fi");
      const now = new Date();
      const pages: PortfolioRow[] = [];
      for (let page = 1; ; page++) {
        const p = await listPortfolio(big, SEES_ALL, { sort: "total", dir: "desc" }, { page, size: 200 }, now);
        pages.push(...p.rows);
        if (page >= p.page.pageCount) break;
      }
      const whole = await listPortfolio(big, SEES_ALL, { sort: "total", dir: "desc" }, { size: 1 }, now);
      expect(pages).toHaveLength(600);

      const chunks: Uint8Array[] = [];
      const xlsx = spreadsheetStream(await portfolioTable(big, SEES_ALL, { sort: "total", dir: "desc" }, t, { now, stepRows: 70 }), "xlsx");
      for await (const chunk of xlsx as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      const { rows } = await xlsxOf(
        new Response(Buffer.concat(chunks), { headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } }),
      );
      expect(rows.slice(1, -1).map((r) => r[2])).toEqual(pages.map((p) => p.caseNumber));
      rows.slice(1, -1).forEach((r, i) => expect(cents(r[7]!)).toBe(pages[i]!.totalCents));
      const totals = rows[rows.length - 1]!;
      expect(sum(totals[7]!).formula).toBe("SUM(H2:H601)");
      MONEY_KEYS.forEach((k, j) => expect(Math.round(sum(totals[MONEY_COLUMNS[j]!]!).result * 100), k).toBe(whole.totals[k]));

      const csvPieces: Uint8Array[] = [];
      const csv = spreadsheetStream(await portfolioTable(big, SEES_ALL, { sort: "total", dir: "desc" }, t, { now, stepRows: 70 }), "csv");
      for await (const chunk of csv as unknown as AsyncIterable<Uint8Array>) csvPieces.push(chunk);
      expect(csvPieces.length).toBe(Math.ceil(600 / 70) + 1);
      const parsed = await csvOf(new Response(Buffer.concat(csvPieces), { headers: { "Content-Type": "text/csv; charset=utf-8" } }));
      expect(parsed.slice(1, -1).map((r) => r[2])).toEqual(pages.map((p) => p.caseNumber));
      MONEY_KEYS.forEach((k, j) => expect(fiCents(parsed[parsed.length - 1]![MONEY_COLUMNS[j]!]!), k).toBe(whole.totals[k]));
    }, 60_000);

    it("a client that goes away stops the export", async () => {
      const t = translator("fi");
      const stream = spreadsheetStream(await portfolioTable(big, SEES_ALL, {}, t, { stepRows: 50 }), "xlsx");
      const reader = stream.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      expect(await reader.closed.then(() => "closed")).toBe("closed");
    });
  });
});
