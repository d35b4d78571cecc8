/**
 * Importing projects from a spreadsheet (issue 21) through the real routes and a real SQLite
 * file (the demo data): the template, an XLSX or CSV upload (a multipart post as a browser sends
 * it), the preview with every problem at its row and column, and the confirmation ("valid rows"
 * or "all or nothing") that imports once. The workbooks are written here with exceljs; CSVs are
 * strings. Bad files are refused with 400 at the file field (413 past the body limit) and
 * nothing is kept; another manager's upload is a 404; associations and committee members 403.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import ExcelJS from "exceljs";
import type { RequestHandler } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { docx, pdf, xlsx } from "../helpers/office-files";
import { createApp } from "../../scripts/app";
import { FORM_BODY_LIMIT } from "../../scripts/http-guards";
import { action as uploadAction, loader as uploadLoader } from "~/routes/projects.import._index";
import { action as confirmAction, loader as previewLoader } from "~/routes/projects.import.$uploadId";
import { loader as templateLoader } from "~/routes/projects.import.template";
import { catalogues, type MessageKey } from "~/i18n";
import { COLUMN_KEYS, MAX_SPREADSHEET_BYTES, type ColumnKey } from "~/domain/spreadsheet-import";
import { createSession, createUser } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { decodeError } from "~/schemas/field-errors";

const ctx = useTestDatabase("demo");
type Account = DemoAccount | "manager2";
const headers = {} as Record<Account, Record<string, string>>;

beforeAll(async () => {
  for (const a of ["manager", "committee", "haka", "admin"] as const) headers[a] = await headersFor(ctx.db, a);
  const other = await createUser(ctx.db, SYSTEM, {
    email: "toinen.paallikko@hankevahti.test",
    name: "Toinen Päällikkö",
    role: "manager",
    organisationId: null,
    password: "salasana-123456",
  });
  const cookie = (await (await import("~/utils/auth.server")).sessionCookie().serialize(await createSession(ctx.db, other))).split(";")[0]!;
  headers.manager2 = { Cookie: cookie, Origin: "http://localhost" };
});

/* ---------- files ---------- */

const FI = (k: ColumnKey) => catalogues.fi[`sheetImport.col.${k}` as MessageKey];
const EN = (k: ColumnKey) => catalogues.en[`sheetImport.col.${k}` as MessageKey];
type Row = Partial<Record<ColumnKey, unknown>>;

/** The columns most files here use (the Finnish headers). */
const KEYS: ColumnKey[] = [
  "caseNumber",
  "name",
  "shortName",
  "status",
  "start",
  "end",
  "lead",
  "leadBusinessId",
  "funder",
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
];

let serial = 0;
/** A valid project row with a fresh case number (Finnish text cells), with overrides. */
function project(over: Row = {}): Row {
  serial++;
  return {
    caseNumber: `TAULU-2026-${serial}`,
    name: `Taulukkohanke ${serial}`,
    shortName: `TH${serial}`,
    status: "Haettu",
    start: "1.1.2027",
    end: "31.12.2028",
    lead: "Kajaanin Haka ry",
    totalBudget: "100 000",
    esrShare: "80",
    ...over,
  };
}

async function workbook(
  rows: Row[],
  opts: { keys?: ColumnKey[]; header?: (k: ColumnKey) => string; extraHeaders?: string[]; setup?: (ws: ExcelJS.Worksheet) => void } = {},
): Promise<Uint8Array> {
  const keys = opts.keys ?? KEYS;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Hankkeet");
  ws.addRow([...keys.map(opts.header ?? FI), ...(opts.extraHeaders ?? [])]);
  for (const r of rows) ws.addRow(keys.map((k) => r[k] ?? null));
  opts.setup?.(ws);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function csv(rows: Row[], opts: { separator?: string; bom?: boolean; keys?: ColumnKey[]; header?: (k: ColumnKey) => string } = {}): Uint8Array {
  const sep = opts.separator ?? ";";
  const keys = opts.keys ?? KEYS;
  const quote = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[";,\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [keys.map(opts.header ?? FI), ...rows.map((r) => keys.map((k) => r[k]))].map((r) => r.map(quote).join(sep)).join("\r\n") + "\r\n";
  return new TextEncoder().encode((opts.bom ? "\uFEFF" : "") + text);
}

/* ---------- requests ---------- */

async function upload(account: Account, file: { name: string; bytes: Uint8Array } | null): Promise<Response> {
  const body = new FormData();
  body.append("file", file ? new File([new Uint8Array(file.bytes)], file.name) : new File([], "", { type: "application/octet-stream" }));
  const request = new Request("http://localhost/projects/import", { method: "POST", body, headers: headers[account] });
  try {
    return await uploadAction({ request, params: {}, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function uploadedId(res: Response): number {
  expect(res.status, "upload redirects to its preview").toBe(302);
  const m = /^\/projects\/import\/(\d+)$/.exec(res.headers.get("Location") ?? "");
  expect(m).not.toBeNull();
  return Number(m![1]);
}

async function uploadOk(bytes: Uint8Array, name = "hankkeet.xlsx", account: Account = "manager"): Promise<number> {
  const res = await upload(account, { name, bytes });
  if (res.status !== 302) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
  return uploadedId(res);
}

async function fileError(res: Response): Promise<{ key: string; params?: Record<string, string | number>; all: string[]; rows: any[] }> {
  expect(res.status).toBe(400);
  const body = await jsonOf(res);
  return { ...decodeError(body.errors.file), all: body.problems, rows: body.rowProblems };
}

const preview = (id: number, query = "", account: Account = "manager") =>
  callLoader(previewLoader, `/projects/import/${id}${query}`, { uploadId: String(id) }, { headers: headers[account] });
const confirm = (id: number, mode: string | null, account: Account = "manager") =>
  postForm(confirmAction, `/projects/import/${id}`, mode === null ? {} : { mode }, { uploadId: String(id) }, headers[account]);

const count = async (table: "project" | "spreadsheet_upload" | "organisation" | "commitment") =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** What a project was stored as: its plan's figures to the cent. */
async function stored(caseNumber: string) {
  const p = await ctx.db.selectFrom("project").selectAll().where("case_number", "=", caseNumber).executeTakeFirstOrThrow();
  const v = await ctx.db.selectFrom("plan_version").selectAll().where("project_id", "=", p.id).where("state", "=", "current").executeTakeFirstOrThrow();
  const lines = await ctx.db
    .selectFrom("plan_line")
    .select(["side", "kind", "amount_cents", "organisation_id", "stated_percent_bp"])
    .where("plan_version_id", "=", v.id)
    .orderBy("position")
    .execute();
  const commitments = await ctx.db.selectFrom("commitment").selectAll().where("plan_version_id", "=", v.id).execute();
  const figure = await ctx.db.selectFrom("project_figure").selectAll().where("project_id", "=", p.id).executeTakeFirst();
  return { p, v, lines, commitments, figure };
}

/* ---------- the template ---------- */

describe("the template", () => {
  it("is a workbook in the user's language: the header, an example row and an instructions sheet explaining each column", async () => {
    for (const [lang, sheets, header] of [
      ["fi", ["Hankkeet", "Ohje"], FI],
      ["en", ["Projects", "Instructions"], EN],
    ] as const) {
      const res = await callLoader(templateLoader, `/projects/import/template?format=xlsx&lang=${lang}`, {}, { headers: headers.manager });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename=".+\.xlsx"/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets.map((w) => w.name)).toEqual(sheets);
      const [data, help] = wb.worksheets;
      expect((data!.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMN_KEYS.map(header));
      expect(data!.rowCount).toBe(2);
      // The instructions: a row per column after the heading row.
      const helped = help!.getColumn(1).values.slice(2, 2 + COLUMN_KEYS.length);
      expect(helped).toEqual(COLUMN_KEYS.map(header));
      expect(String(help!.getRow(2).getCell(3).value)).toContain(lang === "fi" ? "diaarinumero" : "case number");
    }
  });

  it("is the same as CSV: ';'-separated UTF-8 with a byte order mark", async () => {
    const res = await callLoader(templateLoader, "/projects/import/template?format=csv", {}, { headers: headers.manager });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [head, example] = text.slice(1).split("\r\n");
    expect(head).toBe(COLUMN_KEYS.map(FI).join(";"));
    expect(example).toContain("250 000");
    expect(example).toContain("1.1.2027");
    expect((await callLoader(templateLoader, "/projects/import/template?format=pdf", {}, { headers: headers.manager })).status).toBe(404);
  });

  it("filled in (the example row replaced) imports, and the example row itself is refused", async () => {
    const res = await callLoader(templateLoader, "/projects/import/template?format=xlsx", {}, { headers: headers.manager });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const example = await wb.xlsx.writeBuffer();
    const refused = await fileError(await upload("manager", { name: "pohja.xlsx", bytes: new Uint8Array(example) }));
    expect(refused.rows[0]).toMatchObject({ row: 2, letter: "A", key: "sheetImport.error.exampleRow" });

    const ws = wb.worksheets[0]!;
    ws.getCell("A2").value = "POHJA-2026-1";
    ws.getCell("B2").value = "Pohjasta tuotu hanke";
    ws.getCell("C2").value = "POHJA1";
    const second = (ws.getRow(2).values as unknown[]).slice(1);
    ws.addRow(["POHJA-2026-2", "Toinen pohjahanke", "POHJA2", ...second.slice(3)]);
    const id = await uploadOk(new Uint8Array(await wb.xlsx.writeBuffer()), "pohja.xlsx");
    const view = (await jsonOf(await preview(id))).view;
    expect(view.summary.counts).toEqual({ valid: 2, error: 0, exists: 0, created: 0 });
    expect(view.rows[0].newOrganisations).toEqual(["lead"]);
    expect((await confirm(id, "valid")).status).toBe(302);
    const { p, v, lines, commitments } = await stored("POHJA-2026-2");
    expect(p).toMatchObject({
      name: "Toinen pohjahanke",
      status: "applied",
      programme: "Uudistuva ja osaava Suomi 2021–2027",
      target_group: "Nuoret työnhakijat",
    });
    expect(v).toMatchObject({ start_date: "2027-01-01", end_date: "2028-12-31", total_budget_cents: 25_000_000, cost_model: "flat_40" });
    expect(lines.map((l) => [l.kind, l.amount_cents, l.stated_percent_bp])).toEqual([
      ["esr", 20_000_000, 8000],
      ["own", 2_500_000, null],
      ["municipal", 2_500_000, null],
    ]);
    expect(commitments[0]).toMatchObject({
      amount_cents: 2_500_000,
      condition_status: "pending",
      condition_text: "Mikäli hanke saa ESR+-rahoituksen.",
      decision_date: "2026-05-20",
      decision_section: "15",
      organisation_id: await organisationIdByName(ctx.db, "Kajaanin kaupunki"),
    });
    // One new organisation for both rows, with its business ID.
    const orgs = await ctx.db.selectFrom("organisation").select(["name", "business_id", "kind"]).where("name", "=", "Esimerkkiyhdistys ry").execute();
    expect(orgs).toEqual([{ name: "Esimerkkiyhdistys ry", business_id: "1234567-1", kind: "association" }]);
  });
});

/* ---------- valid files ---------- */

describe("a workbook of valid rows", () => {
  it("is previewed without saving anything, then imported with the right figures to the cent and the audit trail", async () => {
    const rows = [
      project({
        caseNumber: "XL-2026-1",
        name: "Ensimmäinen",
        totalBudget: 520000,
        esr: 416000,
        esrShare: 80,
        city: 55000,
        own: 49000,
        cityUnit: "Työllisyyspalvelut",
        decisionBody: "Työllisyys- ja kansainvälisyysjaosto",
        decisionDate: new Date(Date.UTC(2026, 4, 20)),
        decisionSection: 14,
        funder: "Pohjois-Suomen elinvoimakeskus",
      }),
      project({
        caseNumber: "XL-2026-2",
        name: "Toinen",
        lead: "Uusi Yhdistys ry",
        leadBusinessId: "2345678-0",
        totalBudget: "1 234,56",
        esrShare: null,
        esr: "987,65",
        start: new Date(Date.UTC(2026, 3, 1)),
        end: "31.3.2027",
      }),
    ];
    const before = { projects: await count("project"), orgs: await count("organisation") };
    const id = await uploadOk(await workbook(rows));
    expect(await count("project")).toBe(before.projects);
    const res = await preview(id);
    expect(res.status).toBe(200);
    const { view } = await jsonOf(res);
    expect(view.status).toBe("preview");
    expect(view.summary.counts).toEqual({ valid: 2, error: 0, exists: 0, created: 0 });
    expect(view.summary.totals.valid).toEqual({ rows: 2, totalCents: 52_123_456, esrCents: 41_698_765, ownCents: 4_900_000 + 24_691, cityCents: 5_500_000 });
    expect(view.rows[1].values).toMatchObject({ start: "2026-04-01", end: "2027-03-31", totalCents: 123_456, esrCents: 98_765, ownCents: 24_691 });
    expect(view.rows[1].newOrganisations).toEqual(["lead"]);
    expect(view.rows[0].newOrganisations).toEqual([]);

    const done = await confirm(id, "valid");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/projects/import/${id}`);
    expect(await count("project")).toBe(before.projects + 2);
    expect(await count("organisation")).toBe(before.orgs + 1);

    const first = await stored("XL-2026-1");
    expect(first.p).toMatchObject({ name: "Ensimmäinen", status: "applied", lead_organisation_id: await organisationIdByName(ctx.db, "Kajaanin Haka ry") });
    expect(first.p.funder_organisation_id).toBe(await organisationIdByName(ctx.db, "Pohjois-Suomen elinvoimakeskus"));
    expect(first.v).toMatchObject({ total_budget_cents: 52_000_000, start_date: "2027-01-01", end_date: "2028-12-31", version_number: 1 });
    const unit = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    expect(first.lines).toEqual([
      { side: "financing", kind: "esr", amount_cents: 41_600_000, organisation_id: first.p.funder_organisation_id, stated_percent_bp: 8000 },
      { side: "financing", kind: "own", amount_cents: 4_900_000, organisation_id: first.p.lead_organisation_id, stated_percent_bp: null },
      { side: "financing", kind: "municipal", amount_cents: 5_500_000, organisation_id: unit, stated_percent_bp: null },
    ]);
    expect(first.commitments).toHaveLength(1);
    expect(first.commitments[0]).toMatchObject({
      organisation_id: unit,
      amount_cents: 5_500_000,
      condition_status: "none",
      decision_body: "Työllisyys- ja kansainvälisyysjaosto",
      decision_date: "2026-05-20",
      decision_section: "14",
    });
    expect(first.figure).toMatchObject({ total_budget_cents: 52_000_000, esr_cents: 41_600_000, commitment_cents: 5_500_000 });
    const second = await stored("XL-2026-2");
    expect(second.v.total_budget_cents).toBe(123_456);
    expect(second.lines.map((l) => l.amount_cents)).toEqual([98_765, 24_691]);
    const lead = await ctx.db.selectFrom("organisation").selectAll().where("id", "=", second.p.lead_organisation_id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ name: "Uusi Yhdistys ry", business_id: "2345678-0", kind: "association" });

    // The audit trail names the manager.
    const manager = await ctx.db.selectFrom("app_user").select("id").where("role", "=", "manager").orderBy("id").executeTakeFirstOrThrow();
    const audit = await ctx.db
      .selectFrom("audit_event")
      .select(["user_id"])
      .where("entity", "=", "project")
      .where("entity_id", "=", first.p.id)
      .where("action", "=", "insert")
      .execute();
    expect(audit).toEqual([{ user_id: manager.id }]);

    // The result page says what happened, and links the rows to their projects.
    const after = (await jsonOf(await preview(id))).view;
    expect(after.status).toBe("imported");
    expect(after.result).toEqual({ created: 2, skipped: 0, errors: 0, organisationsCreated: ["Uusi Yhdistys ry"] });
    expect(after.rows.map((r: any) => [r.status, r.projectId])).toEqual([
      ["created", first.p.id],
      ["created", second.p.id],
    ]);
  });
});

describe("organisations", () => {
  it("are matched by business ID or name (case and spacing aside), a new one created once, and conflicts reported at their columns", async () => {
    const orgs = await count("organisation");
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const bytes = await workbook([
      project({ caseNumber: "ORG-1", lead: "  KAJAANIN   haka RY " }),
      project({ caseNumber: "ORG-2", lead: "Jokin nimi", leadBusinessId: "185547-3" }),
      project({ caseNumber: "ORG-3", lead: "Uusi Osuuskunta", leadBusinessId: "2222222-9", funder: "Uusi Rahoittaja" }),
      project({ caseNumber: "ORG-4", lead: "uusi osuuskunta", funder: "Uusi Rahoittaja" }),
      project({ caseNumber: "ORG-5", lead: "Uusi Osuuskunta", leadBusinessId: "3333333-8" }),
      project({ caseNumber: "ORG-6", lead: "Toinen Uusi", leadBusinessId: "2222222-9" }),
      project({ caseNumber: "ORG-7", city: "1 000", cityUnit: "Kajaanin Haka ry" }),
      project({ caseNumber: "ORG-8", city: "1 000", cityUnit: "Kuvitteellinen virasto" }),
      project({ caseNumber: "ORG-9", city: "1 000", cityUnit: "kaukametsä" }),
    ]);
    const id = await uploadOk(bytes);
    const { view } = await jsonOf(await preview(id));
    expect(view.rows.map((r: any) => [r.row, r.status, r.newOrganisations, r.problems.map((p: any) => `${p.letter}:${p.key}`)])).toEqual([
      [2, "valid", [], []],
      [3, "valid", [], []],
      [4, "valid", ["lead", "funder"], []],
      [5, "valid", ["lead", "funder"], []],
      [6, "error", [], ["H:sheetImport.error.orgOtherBusinessId"]],
      [7, "error", [], ["G:sheetImport.error.orgOtherName"]],
      [8, "error", [], ["O:sheetImport.error.cityUnitNotCity"]],
      [9, "error", [], ["O:sheetImport.error.cityUnitUnknown"]],
      [10, "valid", [], []],
    ]);
    expect((await confirm(id, "valid")).status).toBe(302);
    expect((await stored("ORG-1")).p.lead_organisation_id).toBe(haka);
    expect((await stored("ORG-2")).p.lead_organisation_id).toBe(haka);
    const three = await stored("ORG-3");
    expect((await stored("ORG-4")).p).toMatchObject({
      lead_organisation_id: three.p.lead_organisation_id,
      funder_organisation_id: three.p.funder_organisation_id,
    });
    const created = await ctx.db
      .selectFrom("organisation")
      .select(["name", "kind", "business_id"])
      .where("id", "in", [three.p.lead_organisation_id, three.p.funder_organisation_id!])
      .orderBy("name")
      .execute();
    expect(created).toEqual([
      { name: "Uusi Osuuskunta", kind: "association", business_id: "2222222-9" },
      { name: "Uusi Rahoittaja", kind: "funder", business_id: null },
    ]);
    expect(await count("organisation")).toBe(orgs + 2);
    expect((await stored("ORG-9")).commitments[0]!.organisation_id).toBe(await organisationIdByName(ctx.db, "Kaukametsän opisto"));
  });
});

describe("a file with errors on several rows", () => {
  const file = () =>
    workbook([
      project({ caseNumber: "VIRHE-1" }),
      project({ caseNumber: "VIRHE-2", end: "31.2.2027" }),
      project({ caseNumber: "VIRHE-3", leadBusinessId: "0185547-4" }),
      project({ caseNumber: "VIRHE-4", totalBudget: "sata tuhatta", status: "Valmis" }),
      project({ caseNumber: "VIRHE-5", esrShare: "80", esr: "50 000" }),
      project({ caseNumber: "VIRHE-6" }),
      project({ caseNumber: "VIRHE-6" }),
      project({ caseNumber: "VIRHE-8", lead: "Kajaanin Haka ry", leadBusinessId: "7654321-2" }),
      project({ caseNumber: "VIRHE-9" }),
    ]);

  it("reports every problem at once, at its row and column, in the user's language, with nothing saved", async () => {
    const before = await count("project");
    const id = await uploadOk(await file());
    const { view } = await jsonOf(await preview(id, "?show=error"));
    expect(view.summary.counts).toEqual({ valid: 2, error: 7, exists: 0, created: 0 });
    const at = (r: any) => r.problems.map((p: any) => `${p.row}${p.letter}:${p.key}`);
    expect(view.rows.flatMap(at)).toEqual([
      "3F:error.day.notInCalendar",
      "4H:error.businessId.checkDigit",
      "5D:sheetImport.error.status",
      "5J:error.money.invalid",
      "6K:sheetImport.error.esrShareMismatch",
      "7A:sheetImport.error.duplicateCase",
      "8A:sheetImport.error.duplicateCase",
      "9H:sheetImport.error.orgBusinessIdConflict",
    ]);
    expect(view.rows[0].problems[0]).toMatchObject({ header: "Päättyy", params: { day: "31.2.2027" } });
    expect(view.rows[0].raw.end).toBe("31.2.2027");
    expect(await count("project")).toBe(before);
  });

  it("with 'all or nothing' saves nothing (400 at the choice); with 'valid rows' saves the valid ones and reports the rest", async () => {
    const before = await count("project");
    const id = await uploadOk(await file());
    const refused = await confirm(id, "all");
    expect(refused.status).toBe(400);
    const body = await jsonOf(refused);
    expect(decodeError(body.errors.mode)).toEqual({ key: "sheetImport.error.allOrNothing", params: { errors: 7 } });
    expect(await count("project")).toBe(before);
    expect((await jsonOf(await preview(id))).view.status).toBe("preview");

    expect((await confirm(id, null)).status).toBe(400);
    const done = await confirm(id, "valid");
    expect(done.status).toBe(302);
    expect(await count("project")).toBe(before + 2);
    await projectIdByCase(ctx.db, "VIRHE-1");
    await projectIdByCase(ctx.db, "VIRHE-9");
    const { view } = await jsonOf(await preview(id));
    expect(view.result).toMatchObject({ created: 2, skipped: 0, errors: 7 });
    expect(view.mode).toBe("valid");
  });
});

describe("Finnish formats", () => {
  it("reads '1 234,50' (also with no-break spaces), '1234,5' and '1.4.2026' from text cells and a CSV alike", async () => {
    const rows = [
      project({ caseNumber: "FI-1", totalBudget: "1 234,50", esrShare: "60", start: "1.4.2026", end: "30.3.2028" }),
      project({
        caseNumber: "FI-2",
        totalBudget: "2\u00a0469,00 €",
        esrShare: null,
        esr: "1234,5",
        own: "1\u202f234,50",
        start: "01.04.2026",
        end: "2028-03-30",
      }),
    ];
    for (const [bytes, name, prefix] of [
      [await workbook(rows), "suomi.xlsx", "X"],
      [csv(rows.map((r) => ({ ...r, caseNumber: `${r.caseNumber as string}-CSV` }))), "suomi.csv", "C"],
    ] as const) {
      const id = await uploadOk(bytes, name);
      expect((await confirm(id, "all")).status, prefix).toBe(302);
    }
    for (const suffix of ["", "-CSV"]) {
      const a = await stored(`FI-1${suffix}`);
      expect(a.v).toMatchObject({ total_budget_cents: 123_450, start_date: "2026-04-01", end_date: "2028-03-30" });
      expect(a.lines.map((l) => l.amount_cents)).toEqual([74_070, 49_380]);
      const b = await stored(`FI-2${suffix}`);
      expect(b.v).toMatchObject({ total_budget_cents: 246_900, start_date: "2026-04-01" });
      expect(b.lines.map((l) => l.amount_cents)).toEqual([123_450, 123_450]);
    }
  });
});

describe("formulas", () => {
  it("keeps a formula-looking text as text, reads a formula cell by its saved result, and refuses one without a result", async () => {
    const bytes = await workbook(
      [project({ caseNumber: "KAAVA-1", name: "=SUM(A1)", shortName: "+KAAVA" }), project({ caseNumber: "KAAVA-2" }), project({ caseNumber: "KAAVA-3" })],
      {
        setup: (ws) => {
          const budget = KEYS.indexOf("totalBudget") + 1;
          const start = KEYS.indexOf("start") + 1;
          ws.getRow(3).getCell(budget).value = { formula: "1000*300", result: 300000 } as ExcelJS.CellFormulaValue;
          ws.getRow(3).getCell(start).value = { formula: "DATE(2027,2,1)", result: new Date(Date.UTC(2027, 1, 1)) } as ExcelJS.CellFormulaValue;
          ws.getRow(3).getCell(start).numFmt = "d.m.yyyy";
          ws.getRow(4).getCell(budget).value = { formula: "1000*300" } as ExcelJS.CellFormulaValue;
        },
      },
    );
    const id = await uploadOk(bytes, "kaavat.xlsx");
    const { view } = await jsonOf(await preview(id));
    expect(view.rows.map((r: any) => r.status)).toEqual(["valid", "valid", "error"]);
    expect(view.rows[2].problems[0]).toMatchObject({ row: 4, key: "sheetImport.error.noResult" });
    expect((await confirm(id, "valid")).status).toBe(302);
    const text = await stored("KAAVA-1");
    expect(text.p).toMatchObject({ name: "=SUM(A1)", short_name: "+KAAVA" });
    const formula = await stored("KAAVA-2");
    expect(formula.v).toMatchObject({ total_budget_cents: 30_000_000, start_date: "2027-02-01" });
  });
});

describe("importing the same file again", () => {
  it("creates the projects once: the second time every row is already in the ledger and skipped", async () => {
    const bytes = await workbook([project({ caseNumber: "TOISTO-1" }), project({ caseNumber: "TOISTO-2" })]);
    const first = await uploadOk(bytes);
    expect((await confirm(first, "valid")).status).toBe(302);
    const projects = await count("project");

    const again = await uploadOk(bytes);
    const { view } = await jsonOf(await preview(again));
    expect(view.summary.counts).toEqual({ valid: 0, error: 0, exists: 2, created: 0 });
    expect(view.sameFileImportedAt).not.toBeNull();
    expect((await confirm(again, "all")).status).toBe(302);
    expect(await count("project")).toBe(projects);
    expect((await jsonOf(await preview(again))).view.result).toMatchObject({ created: 0, skipped: 2, errors: 0 });
  });

  it("a second confirmation of one upload (a double click, two tabs) imports once", async () => {
    const id = await uploadOk(await workbook([project({ caseNumber: "TUPLA-1" }), project({ caseNumber: "TUPLA-2" })]));
    const before = await count("project");
    const [a, b] = await Promise.all([confirm(id, "valid"), confirm(id, "all")]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(await count("project")).toBe(before + 2);
    expect((await confirm(id, "valid")).status).toBe(302);
    expect(await count("project")).toBe(before + 2);
    // The second confirmation found the upload imported and ran nothing: the result is the first's.
    const { view } = await jsonOf(await preview(id));
    expect(["valid", "all"]).toContain(view.mode);
    expect(view.result).toMatchObject({ created: 2, skipped: 0, errors: 0 });
  });
});

describe("CSV", () => {
  it("with a byte order mark and ';', and with ',' (quoted Finnish amounts), both import", async () => {
    const semi = csv([project({ caseNumber: "CSV-1", totalBudget: "10 000,50", esrShare: "50", name: 'Hanke "A"; osa 1' })], { bom: true });
    const comma = csv([project({ caseNumber: "CSV-2", totalBudget: "10 000,50", esrShare: "50", name: "Hanke B, osa 2" })], { separator: ",", header: EN });
    for (const bytes of [semi, comma]) expect((await confirm(await uploadOk(bytes, "hankkeet.csv"), "all")).status).toBe(302);
    expect((await stored("CSV-1")).p.name).toBe('Hanke "A"; osa 1');
    expect((await stored("CSV-2")).p.name).toBe("Hanke B, osa 2");
    expect((await stored("CSV-2")).lines.map((l) => l.amount_cents)).toEqual([500_025, 500_025]);
  });
});

/* ---------- bad input ---------- */

describe("bad input is refused at the file field with 400, nothing kept", () => {
  const refused = async (file: { name: string; bytes: Uint8Array } | null) => {
    const before = { uploads: await count("spreadsheet_upload"), projects: await count("project") };
    const e = await fileError(await upload("manager", file));
    expect(await count("spreadsheet_upload")).toBe(before.uploads);
    expect(await count("project")).toBe(before.projects);
    return e;
  };

  it("no file, an empty file, a file that is not a spreadsheet, old Excel, a workbook with macros, CSV not in UTF-8", async () => {
    expect((await refused(null)).key).toBe("sheetImport.error.missingFile");
    expect((await refused({ name: "tyhja.csv", bytes: new Uint8Array() })).key).toBe("sheetImport.error.empty");
    expect((await refused({ name: "hankkeet.xlsx", bytes: pdf() })).key).toBe("sheetImport.error.notSpreadsheet");
    expect((await refused({ name: "hankkeet.xlsx", bytes: docx() })).key).toBe("sheetImport.error.notSpreadsheet");
    expect((await refused({ name: "kuva.csv", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]) })).key).toBe(
      "sheetImport.error.notSpreadsheet",
    );
    expect((await refused({ name: "vanha.xls", bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) })).key).toBe(
      "sheetImport.error.oldExcel",
    );
    expect((await refused({ name: "makrot.xlsm", bytes: xlsx({ macro: "vba" }) })).key).toBe("sheetImport.error.macro");
    expect((await refused({ name: "latin1.csv", bytes: new Uint8Array([...new TextEncoder().encode("Diaarinumero;Nimi\nA;K"), 0xe4, 0x0a]) })).key).toBe(
      "sheetImport.error.encoding",
    );
    // Only the header: no projects.
    expect((await refused({ name: "otsikot.csv", bytes: csv([]) })).key).toBe("sheetImport.error.noRows");
  });

  it("unknown columns (named) and a missing required column", async () => {
    const unknown = await refused({ name: "x.xlsx", bytes: await workbook([project()], { extraHeaders: ["Vastuuhenkilö", "Budjetti 2027"] }) });
    expect(unknown).toMatchObject({ key: "sheetImport.error.unknownColumns", params: { columns: "T: Vastuuhenkilö; U: Budjetti 2027" } });
    const missing = await refused({ name: "x.xlsx", bytes: await workbook([project()], { keys: KEYS.filter((k) => k !== "start") }) });
    expect(missing).toMatchObject({ key: "sheetImport.error.missingColumns", params: { columns: "Alkaa" } });
    // In English when the user's language is English.
    expect(catalogues.en["sheetImport.error.missingColumns"]).toBe("Required columns are missing: {columns}.");
  });

  it("a business ID whose check digit fails, a day not in the calendar, a case number twice: at their rows and columns", async () => {
    const bid = await refused({ name: "y.xlsx", bytes: await workbook([project({ leadBusinessId: "0185547-4" })]) });
    expect(bid.key).toBe("sheetImport.error.nothingValid");
    expect(bid.rows).toEqual([{ row: 2, letter: "H", header: "Päätoteuttajan y-tunnus", key: "error.businessId.checkDigit" }]);
    const day = await refused({ name: "p.csv", bytes: csv([project({ start: "31.2.2027" })]) });
    expect(day.rows).toEqual([{ row: 2, letter: "E", header: "Alkaa", key: "error.day.notInCalendar", params: { day: "31.2.2027" } }]);
    const twice = await refused({ name: "d.xlsx", bytes: await workbook([project({ caseNumber: "SAMA-1" }), project({ caseNumber: "SAMA-1" })]) });
    expect(twice.rows.map((r: any) => `${r.row}${r.letter}:${r.key}:${r.params.rows}`)).toEqual([
      "2A:sheetImport.error.duplicateCase:3",
      "3A:sheetImport.error.duplicateCase:2",
    ]);
  });

  it("a file over 10 MB is refused by the action too (the server refuses a larger body before reading it)", async () => {
    const big = new Uint8Array(MAX_SPREADSHEET_BYTES + 1);
    expect((await refused({ name: "iso.csv", bytes: big })).key).toBe("sheetImport.error.tooLarge");
  });
});

describe("the server's body limit on the upload", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const handler: RequestHandler = (_req, res) => {
      const body = res.locals.body as Buffer | undefined;
      res.json({ bodyBytes: body?.length ?? null });
    };
    const app = createApp({ handler, trustProxy: 0 });
    server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a 50 MB file with 413 before it is read, speaking of the file", async () => {
    const res = await fetch(`${base}/projects/import`, { method: "POST", body: new Uint8Array(50 * 1024 * 1024) }).catch(() => null);
    if (res) {
      expect(res.status).toBe(413);
      expect(await res.text()).toContain("Tiedosto on liian suuri");
    }
  });

  it("lets a 10 MB file and its form through to the upload, and keeps the form limit for the confirmation", async () => {
    const ok = await fetch(`${base}/projects/import`, { method: "POST", body: new Uint8Array(MAX_SPREADSHEET_BYTES + 60 * 1024) });
    expect(ok.status).toBe(200);
    const confirmPost = await fetch(`${base}/projects/import/1`, { method: "POST", body: new Uint8Array(FORM_BODY_LIMIT + 1) }).catch(() => null);
    if (confirmPost) expect(confirmPost.status).toBe(413);
  });
});

/* ---------- who may ---------- */

describe("access", () => {
  it("another manager cannot open or confirm your upload (404), and it is not among their uploads", async () => {
    const id = await uploadOk(await workbook([project({ caseNumber: "OMA-1" })]));
    expect((await preview(id, "", "manager2")).status).toBe(404);
    expect((await confirm(id, "valid", "manager2")).status).toBe(404);
    expect((await confirm(999_999, "valid")).status).toBe(404);
    const theirs = await jsonOf(await callLoader(uploadLoader, "/projects/import", {}, { headers: headers.manager2 }));
    expect(theirs.uploads.map((u: any) => u.id)).not.toContain(id);
    const mine = await jsonOf(await callLoader(uploadLoader, "/projects/import", {}, { headers: headers.manager }));
    expect(mine.uploads[0]).toMatchObject({ id, status: "preview" });
    expect((await jsonOf(await preview(id))).view.status).toBe("preview");
  });

  it("an association's representative, a committee member and an administrator get 403; nothing is kept", async () => {
    const id = await uploadOk(await workbook([project({ caseNumber: "KIELTO-1" })]));
    const uploads = await count("spreadsheet_upload");
    const bytes = await workbook([project()]);
    for (const who of ["haka", "committee", "admin"] as const) {
      expect((await callLoader(uploadLoader, "/projects/import", {}, { headers: headers[who] })).status, who).toBe(403);
      expect((await upload(who, { name: "x.xlsx", bytes })).status, who).toBe(403);
      expect((await callLoader(templateLoader, "/projects/import/template", {}, { headers: headers[who] })).status, who).toBe(403);
      expect((await preview(id, "", who)).status, who).toBe(403);
      expect((await confirm(id, "valid", who)).status, who).toBe(403);
    }
    expect(await count("spreadsheet_upload")).toBe(uploads);
    expect((await jsonOf(await preview(id))).view.status).toBe("preview");
  });
});

describe("an old preview", () => {
  it("expires after a day: the page says so (410), confirming is refused, and a new upload clears its rows", async () => {
    const id = await uploadOk(await workbook([project({ caseNumber: "VANHA-1" })]));
    await ctx.db
      .updateTable("spreadsheet_upload")
      .set({ created_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() })
      .where("id", "=", id)
      .execute();
    const page = await preview(id);
    expect(page.status).toBe(410);
    expect((await jsonOf(page)).view).toMatchObject({ status: "expired", rows: [] });
    const before = await count("project");
    const refused = await confirm(id, "valid");
    expect(refused.status).toBe(410);
    expect(decodeError((await jsonOf(refused)).errors.mode).key).toBe("sheetImport.error.expired");
    expect(await count("project")).toBe(before);
    await uploadOk(await workbook([project()]));
    const row = await ctx.db.selectFrom("spreadsheet_upload").select(["status", "rows_json"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "expired", rows_json: "[]" });
  });
});

describe("the preview's pages", () => {
  it("shows 50 rows a page with the totals of all of them beside", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => project({ caseNumber: `SIVU-${i + 1}`, totalBudget: "1 000,01", esrShare: "50" }));
    const id = await uploadOk(await workbook(rows));
    const first = (await jsonOf(await preview(id))).view;
    expect(first.rows).toHaveLength(50);
    expect(first.page).toMatchObject({ page: 1, pageCount: 3, total: 120 });
    expect(first.summary.totals.valid).toMatchObject({ rows: 120, totalCents: 120 * 100_001 });
    const last = (await jsonOf(await preview(id, "?page=3"))).view;
    expect(last.rows.map((r: any) => r.row)).toEqual(Array.from({ length: 20 }, (_, i) => 102 + i));
  });
});
