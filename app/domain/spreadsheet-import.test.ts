import { describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { catalogues, type MessageKey } from "~/i18n";
import { COST_MODELS, PROJECT_STATUSES } from "./vocabulary";
import {
  COLUMN_KEYS,
  EXAMPLE_CASE_NUMBER,
  LEAD_KINDS,
  MAX_ROWS,
  columnLetter,
  mapHeader,
  markDuplicateCaseNumbers,
  normaliseLabel,
  parseRow,
  readCsv,
  sniffSpreadsheet,
  toCsv,
  totalsOf,
  zipUnpackedBytes,
  type Cell,
  type ColumnKey,
  type FileColumn,
  type Vocabulary,
} from "./spreadsheet-import";
import { docx, pdf, xlsx, zip } from "../../tests/helpers/office-files";

const both = (key: string) => [catalogues.fi[key as MessageKey], catalogues.en[key as MessageKey]];
const map = <K extends string>(keys: readonly K[], f: (k: K) => string[]) => Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, string[]>;
/** The vocabulary as the server builds it from the catalogue. */
const V: Vocabulary = {
  headers: map(COLUMN_KEYS, (k) => both(`sheetImport.col.${k}`)),
  status: map(PROJECT_STATUSES, (s) => both(`status.${s}`)),
  costModel: map(COST_MODELS, (m) => [...both(`costModel.${m}`), ...both(`sheetImport.costModel.${m}`)]),
  leadKind: map(LEAD_KINDS, (k) => both(`orgKind.${k}`)),
};
const FI = (k: ColumnKey) => catalogues.fi[`sheetImport.col.${k}` as MessageKey];
const EN = (k: ColumnKey) => catalogues.en[`sheetImport.col.${k}` as MessageKey];

const bytes = (s: string) => new TextEncoder().encode(s);

describe("what a file is", () => {
  it("takes an XLSX workbook and UTF-8 text, from the bytes alone", () => {
    expect(sniffSpreadsheet(xlsx())).toEqual({ ok: true, kind: "xlsx" });
    expect(sniffSpreadsheet(bytes("Diaarinumero;Nimi\r\nA-1;Hanke\r\n"))).toEqual({ ok: true, kind: "csv" });
    expect(sniffSpreadsheet(bytes("\uFEFFDiaarinumero;Nimi\nA-1;Älä\n"))).toEqual({ ok: true, kind: "csv" });
  });

  it("refuses each kind of bad file with its own message", () => {
    const problem = (b: Uint8Array) => {
      const r = sniffSpreadsheet(b);
      return r.ok ? null : r.problem.key;
    };
    expect(problem(new Uint8Array())).toBe("sheetImport.error.empty");
    expect(problem(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe("sheetImport.error.empty");
    expect(problem(new Uint8Array(10 * 1024 * 1024 + 1))).toBe("sheetImport.error.tooLarge");
    expect(problem(xlsx({ macro: "vba" }))).toBe("sheetImport.error.macro");
    expect(problem(xlsx({ macro: "hiddenVba" }))).toBe("sheetImport.error.macro");
    expect(problem(xlsx({ macro: "macrosheet" }))).toBe("sheetImport.error.macro");
    expect(problem(docx())).toBe("sheetImport.error.notSpreadsheet");
    expect(problem(pdf())).toBe("sheetImport.error.notSpreadsheet");
    expect(problem(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe("sheetImport.error.notSpreadsheet");
    expect(problem(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe("sheetImport.error.oldExcel");
    // Latin-1 "ä": not UTF-8.
    expect(problem(new Uint8Array([...bytes("Nimi;Tila\nK"), 0xe4, ...bytes("ytt;x\n")]))).toBe("sheetImport.error.encoding");
    expect(problem(bytes("#!/bin/sh\necho hi\n"))).toBe("sheetImport.error.notSpreadsheet");
  });

  it("refuses a workbook that unpacks to more than the limit (a ZIP bomb costs nothing)", () => {
    const bomb = xlsx();
    const big = zip([
      { name: "[Content_Types].xml", data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>' },
      { name: "xl/workbook.xml", data: "<workbook/>" },
      { name: "xl/worksheets/sheet1.xml", data: new Uint8Array(30 * 1024 * 1024) },
    ]);
    expect(big.length).toBeLessThan(100 * 1024);
    expect(zipUnpackedBytes(big)).toBeGreaterThan(30 * 1024 * 1024);
    expect(sniffSpreadsheet(big)).toEqual({ ok: false, problem: { key: "sheetImport.error.unpackedTooLarge" } });
    expect(zipUnpackedBytes(bomb)).toBeLessThan(10_000);
    expect(zlib).toBeDefined();
  });
});

describe("CSV", () => {
  it("reads ';' (Excel in Finland), ',' and tab, with quotes, doubled quotes and line breaks in fields", () => {
    const semi = readCsv('Nimi;Summa\r\n"Hanke; ""A""";"1 234,50"\r\n\r\nB;12\r\n');
    expect(semi.separator).toBe(";");
    expect(semi.rows).toEqual([
      { row: 1, cells: ["Nimi", "Summa"] },
      { row: 2, cells: ['Hanke; "A"', "1 234,50"] },
      // The empty record keeps its number.
      { row: 4, cells: ["B", "12"] },
    ]);
    const comma = readCsv('Nimi,Summa,Kuvaus\nA,"1 234,50","kaksi\nriviä"\nB,,x');
    expect(comma.separator).toBe(",");
    expect(comma.rows[1]).toEqual({ row: 2, cells: ["A", "1 234,50", "kaksi\nriviä"] });
    expect(comma.rows[2]).toEqual({ row: 3, cells: ["B", null, "x"] });
    expect(readCsv("a\tb\n1\t2\n").separator).toBe("\t");
  });

  it("writes what it reads back (a byte order mark first, fields quoted when needed)", () => {
    const rows = [
      ["Nimi", "Summa"],
      ['A; "B"', "1 234,50"],
      ["=SUM(A1)", " x "],
    ];
    const text = toCsv(rows);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(readCsv(text.slice(1)).rows.map((r) => r.cells)).toEqual([
      ["Nimi", "Summa"],
      ['A; "B"', "1 234,50"],
      ["=SUM(A1)", " x "],
    ]);
  });
});

describe("the header", () => {
  const ALL = new Set<number>();

  it("every header of either language names one column only", () => {
    const seen = new Map<string, ColumnKey>();
    for (const k of COLUMN_KEYS) {
      for (const h of [...V.headers[k], k]) {
        const n = normaliseLabel(h);
        if (seen.has(n)) expect(seen.get(n), h).toBe(k);
        seen.set(n, k);
      }
    }
  });

  it("matches Finnish, English and mixed headers in any order, case, spacing and units aside", () => {
    const r = mapHeader([FI("name"), "  CASE NUMBER ", EN("shortName"), "tila", FI("start"), "End", FI("lead"), "Kokonaisbudjetti", "ESR-osuus %"], V, ALL);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.columns.map((c) => `${c.letter}:${c.key}`)).toEqual([
        "A:name",
        "B:caseNumber",
        "C:shortName",
        "D:status",
        "E:start",
        "F:end",
        "G:lead",
        "H:totalBudget",
        "I:esrShare",
      ]);
  });

  it("names unknown columns and missing required ones, all at once", () => {
    const r = mapHeader([FI("caseNumber"), FI("name"), "Vastuuhenkilö", "Huomautus"], V, ALL);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual({ key: "sheetImport.error.unknownColumns", params: { columns: "C: Vastuuhenkilö; D: Huomautus" } });
    const missing = r.problems.find((p) => p.key === "sheetImport.error.missingColumns")!;
    expect(String(missing.params!.columns)).toContain("Lyhenne");
    expect(String(missing.params!.columns)).toContain("ESR-rahoitus (€) / ESR-osuus (%)");
  });

  it("refuses a column twice, and data under an empty header", () => {
    const required = [FI("caseNumber"), FI("name"), FI("shortName"), FI("status"), FI("start"), FI("end"), FI("lead"), FI("totalBudget"), FI("esr")];
    const twice = mapHeader([...required, EN("esr")], V, ALL);
    expect(twice.ok ? [] : twice.problems).toEqual([{ key: "sheetImport.error.duplicateColumn", params: { header: "ESR funding (€)", letters: "I, J" } }]);
    const blank = mapHeader([...required, null], V, new Set([9]));
    expect(blank.ok ? [] : blank.problems).toEqual([{ key: "sheetImport.error.blankHeader", params: { letter: "J" } }]);
    // An empty header with nothing under it is no column at all.
    expect(mapHeader([...required, null, ""], V, new Set([0])).ok).toBe(true);
  });

  it("says when the first row is not a header at all", () => {
    const r = mapHeader(["Lorem ipsum", "dolor"], V, ALL);
    expect(r.ok ? null : r.problems[0]!.key).toBe("sheetImport.error.noHeader");
  });

  it("names columns as a spreadsheet does", () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });
});

describe("a row", () => {
  const columns: FileColumn[] = COLUMN_KEYS.map((key, index) => ({ index, letter: columnLetter(index), header: FI(key), key }));
  const row = (values: Partial<Record<ColumnKey, Cell>>, n = 2) =>
    parseRow(
      n,
      COLUMN_KEYS.map((k) => values[k] ?? null),
      columns,
      V,
    );
  const base: Partial<Record<ColumnKey, Cell>> = {
    caseNumber: "KAJDno-2026-1",
    name: "Hanke",
    shortName: "H",
    status: "Käynnissä",
    start: "1.4.2026",
    end: "31.3.2028",
    lead: "Kajaanin Haka ry",
    totalBudget: "520 000",
    esrShare: "80",
  };
  const problems = (r: ReturnType<typeof row>) => r.problems.map((p) => `${p.column}:${p.key}`);

  it("reads Finnish amounts and days, computes the ESR funding from its share and the own funding from the rest", () => {
    const r = row({ ...base, totalBudget: "12 345,00", esrShare: "80 %", city: "1\u00a0000,00", start: "1.4.2026", end: "2028-03-30" });
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({
      caseNumber: "KAJDno-2026-1",
      status: "running",
      start: "2026-04-01",
      end: "2028-03-30",
      costModel: "flat_40",
      totalCents: 1_234_500,
      esrShareBp: 8000,
      esrCents: 987_600,
      cityCents: 100_000,
      ownCents: 1_234_500 - 987_600 - 100_000,
    });
    expect(row({ ...base, totalBudget: "1234,5" }).values.totalCents).toBe(123_450);
    expect(row({ ...base, totalBudget: "1\u202f234,50 €" }).values.totalCents).toBe(123_450);
  });

  it("reads a workbook's number, percentage and date cells", () => {
    const r = row({
      ...base,
      totalBudget: 520000,
      esr: 416000.0000000001,
      esrShare: { percent: 80.00000000000001 },
      start: { day: "2026-04-01" },
      end: { day: "2028-03-30" },
    });
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({ totalCents: 52_000_000, esrCents: 41_600_000, esrShareBp: 8000, ownCents: 10_400_000, start: "2026-04-01" });
    expect(problems(row({ ...base, totalBudget: 12.345 }))).toEqual(["totalBudget:error.money.decimals"]);
    expect(problems(row({ ...base, totalBudget: -5 }))).toContain("totalBudget:error.money.negative");
  });

  it("reports a day that is not in the calendar at its column, and the end before the start", () => {
    expect(row({ ...base, end: "31.2.2027" }).problems).toEqual([{ column: "end", key: "error.day.notInCalendar", params: { day: "31.2.2027" } }]);
    expect(problems(row({ ...base, start: "huhtikuu 2026" }))).toEqual(["start:error.day.invalid"]);
    expect(problems(row({ ...base, start: 46113 }))).toEqual(["start:error.day.invalid"]);
    expect(problems(row({ ...base, start: "1.4.2028", end: "1.4.2026" }))).toEqual(["end:error.period.endBeforeStart"]);
  });

  it("checks the business ID's check digit, and reads an old six-digit one", () => {
    expect(row({ ...base, leadBusinessId: "0185547-4" }).problems).toEqual([{ column: "leadBusinessId", key: "error.businessId.checkDigit" }]);
    expect(problems(row({ ...base, leadBusinessId: "185547" }))).toEqual(["leadBusinessId:error.businessId.format"]);
    expect(row({ ...base, leadBusinessId: "185547-3" }).values.leadBusinessId).toBe("0185547-3");
  });

  it("keeps text as text, never evaluated", () => {
    const r = row({ ...base, name: "=SUM(A1)", shortName: "  +1  tai   -1 ", targetGroup: "Nuoret\r\ntyönhakijat" });
    expect(r.problems).toEqual([]);
    expect(r.values.name).toBe("=SUM(A1)");
    expect(r.values.shortName).toBe("+1 tai -1");
    expect(r.values.targetGroup).toBe("Nuoret\ntyönhakijat");
    expect(problems(row({ ...base, name: "a\u0000b" }))).toEqual(["name:error.text.controlCharacters"]);
    // The export's neutralising quote is dropped; any other quote stays.
    expect(row({ ...base, name: "'=HYPERLINK(x)", shortName: "'80-luku" }).values).toMatchObject({ name: "=HYPERLINK(x)", shortName: "'80-luku" });
    expect(row({ ...base, shortName: "x".repeat(61) }).problems).toEqual([{ column: "shortName", key: "error.tooLong", params: { max: 60 } }]);
    // A case number typed as a number cell is its digits.
    expect(row({ ...base, caseNumber: 1294 }).values.caseNumber).toBe("1294");
  });

  it("reads statuses, cost models and kinds in either language or as codes", () => {
    expect(row({ ...base, status: "Conditionally approved by the committee" }).values.status).toBe("committee_conditional");
    expect(row({ ...base, status: "final_report_accepted" }).values.status).toBe("final_report_accepted");
    expect(row({ ...base, status: "HAETTU" }).values.status).toBe("applied");
    expect(row({ ...base, status: "Valmis" }).problems).toEqual([{ column: "status", key: "sheetImport.error.status", params: { value: "Valmis" } }]);
    expect(row({ ...base, costModel: "Tosiasialliset kustannukset" }).values.costModel).toBe("actual");
    expect(row({ ...base, costModel: "Lump sum" }).values.costModel).toBe("lump_sum");
    expect(row({ ...base, costModel: "Flat rate 40 %" }).values.costModel).toBe("flat_40");
    expect(row({ ...base, costModel: "Flat rate, muu osuus", flatRate: "15" }).values).toMatchObject({ costModel: "flat_staff", flatRateBp: 1500 });
    expect(problems(row({ ...base, costModel: "flat_staff" }))).toEqual(["flatRate:sheetImport.error.flatRateRequired"]);
    expect(problems(row({ ...base, flatRate: "15" }))).toEqual(["flatRate:sheetImport.error.flatRateNotAllowed"]);
    expect(row({ ...base, leadKind: "Yritys" }).values.leadKind).toBe("company");
    expect(problems(row({ ...base, leadKind: "Säätiö" }))).toEqual(["leadKind:sheetImport.error.leadKind"]);
  });

  it("checks the financing: ESR given somehow, share and amount agreeing, the parts adding up to the total", () => {
    expect(problems(row({ ...base, esrShare: null }))).toEqual(["esr:sheetImport.error.esrRequired"]);
    expect(row({ ...base, esr: "400 000" }).problems).toEqual([
      {
        column: "esrShare",
        key: "sheetImport.error.esrShareMismatch",
        params: { shareBp: 8000, totalCents: 52_000_000, expectedCents: 41_600_000, esrCents: 40_000_000 },
      },
    ]);
    expect(row({ ...base, esr: "416 000", own: "104 000" }).problems).toEqual([]);
    expect(problems(row({ ...base, own: "100 000" }))).toEqual(["own:sheetImport.error.financingSum"]);
    expect(problems(row({ ...base, city: "200 000" }))).toEqual(["esrShare:sheetImport.error.financingOver"]);
    expect(row({ ...base, esrShare: null, esr: "416 000", city: "55 000" }).values).toMatchObject({
      esrCents: 41_600_000,
      cityCents: 5_500_000,
      ownCents: 4_900_000,
    });
  });

  it("takes the city's unit, condition and decision only with the city's money", () => {
    const r = row({ ...base, cityUnit: "Työllisyyspalvelut", decisionDate: "20.5.2026", decisionSection: 15 });
    expect(problems(r)).toEqual([
      "cityUnit:sheetImport.error.cityOnly",
      "decisionDate:sheetImport.error.cityOnly",
      "decisionSection:sheetImport.error.cityOnly",
    ]);
    const ok = row({ ...base, city: "55 000", cityUnit: "Työllisyyspalvelut", decisionDate: "20.5.2026", decisionSection: 15, condition: "Mikäli ESR." });
    expect(ok.problems).toEqual([]);
    expect(ok.values).toMatchObject({ decisionDate: "2026-05-20", decisionSection: "15", condition: "Mikäli ESR." });
  });

  it("reports every required value missing, error cells and formulas without a result", () => {
    expect(problems(row({ caseNumber: "X-1" }))).toEqual([
      "name:error.required",
      "shortName:error.required",
      "status:error.required",
      "start:error.required",
      "end:error.required",
      "lead:error.required",
      "totalBudget:error.required",
      "esr:sheetImport.error.esrRequired",
    ]);
    expect(row({ ...base, totalBudget: { error: "#DIV/0!" } }).problems).toEqual([
      { column: "totalBudget", key: "sheetImport.error.cellError", params: { value: "#DIV/0!" } },
    ]);
    expect(problems(row({ ...base, totalBudget: { error: "noResult" } }))).toEqual(["totalBudget:sheetImport.error.noResult"]);
  });

  it("refuses the template's example row", () => {
    expect(problems(row({ ...base, caseNumber: EXAMPLE_CASE_NUMBER }))).toEqual(["caseNumber:sheetImport.error.exampleRow"]);
  });

  it("marks every row of a case number that repeats, naming the others", () => {
    const rows = [row({ ...base }, 2), row({ ...base, caseNumber: "B" }, 3), row({ ...base }, 4), row({ ...base }, 7)];
    markDuplicateCaseNumbers(rows);
    expect(rows.map((r) => r.problems.map((p) => p.params?.rows ?? ""))).toEqual([["4, 7"], [], ["2, 7"], ["2, 4"]]);
  });

  it("sums the rows' figures", () => {
    const t = totalsOf([row({ ...base }), row({ ...base, totalBudget: "1 000", esrShare: "50" })]);
    expect(t).toEqual({ rows: 2, totalCents: 52_100_000, esrCents: 41_650_000, ownCents: 10_450_000, cityCents: 0 });
    expect(MAX_ROWS).toBe(2000);
  });
});
