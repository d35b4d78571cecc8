import { describe, expect, it } from "vitest";
import {
  columnLetter,
  columnWidths,
  csvDay,
  csvHeader,
  csvLine,
  csvMoney,
  csvValue,
  dayToDate,
  displayLength,
  exportFileName,
  fileSlug,
  MAX_COLUMN_WIDTH,
  neutraliseFormula,
  parseFormat,
  sheetName,
  type Column,
} from "./spreadsheet";

describe("neutraliseFormula (OWASP CSV injection)", () => {
  it.each(["=", "+", "-", "@", "\t", "\r"])("puts a single quote before a text starting with %j", (start) => {
    expect(neutraliseFormula(`${start}HYPERLINK("http://x","y")`)).toBe(`'${start}HYPERLINK("http://x","y")`);
    expect(neutraliseFormula(start)).toBe(`'${start}`);
  });

  it("leaves any other text as it is, a formula character inside or at the end included", () => {
    for (const text of ["SUMMIT", "", " =1+1", "a=b", "1-2", "x@y.fi", "Kotona Kajaanissa", "'quoted", "\n=1", "1+1="])
      expect(neutraliseFormula(text)).toBe(text);
  });

  it("is applied to CSV text but never to numbers, money or days (a negative amount stays a number)", () => {
    expect(csvValue("text", "=1+2")).toBe("'=1+2");
    expect(csvValue("text", "-5")).toBe("'-5");
    expect(csvValue("money", -500)).toBe("-5,00");
    expect(csvValue("integer", -3)).toBe("-3");
    expect(csvValue("date", "2026-04-01")).toBe("1.4.2026");
  });
});

describe("CSV values as Finnish Excel reads them", () => {
  it("writes money from integer cents with a decimal comma and no thousands groups", () => {
    expect(csvMoney(0)).toBe("0,00");
    expect(csvMoney(5)).toBe("0,05");
    expect(csvMoney(123450)).toBe("1234,50");
    expect(csvMoney(2071918)).toBe("20719,18");
    expect(csvMoney(-5)).toBe("-0,05");
    expect(csvMoney(-123456)).toBe("-1234,56");
    expect(csvMoney(10_000_000_000_000)).toBe("100000000000,00");
    expect(() => csvMoney(1.5)).toThrow();
  });

  it("writes days as d.m.yyyy", () => {
    expect(csvDay("2026-04-01")).toBe("1.4.2026");
    expect(csvDay("2028-12-31")).toBe("31.12.2028");
    expect(() => csvDay("1.4.2026")).toThrow();
  });

  it("quotes text holding the separator, a quote or a line break, doubling quotes", () => {
    expect(csvValue("text", "a;b")).toBe('"a;b"');
    expect(csvValue("text", 'say "hi"')).toBe('"say ""hi"""');
    expect(csvValue("text", "two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvValue("text", '=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvValue("text", "plain, text")).toBe("plain, text");
    expect(csvValue("text", null)).toBe("");
    expect(csvValue("money", null)).toBe("");
  });

  it("joins a row with semicolons and ends it with CRLF", () => {
    const columns: Column[] = [
      { header: "Nimi", kind: "text" },
      { header: "Alkaa", kind: "date" },
      { header: "Summa", kind: "money" },
      { header: "Määrä", kind: "integer" },
    ];
    expect(csvHeader(columns)).toBe("Nimi;Alkaa;Summa;Määrä\r\n");
    expect(csvLine(columns, ["SUMMIT", "2026-04-01", 5500000, 12])).toBe("SUMMIT;1.4.2026;55000,00;12\r\n");
    expect(csvLine(columns, ["-x", null, null, null])).toBe("'-x;;;\r\n");
  });
});

describe("XLSX values", () => {
  it("a day is midnight UTC of that day, whatever the time zone (Excel stores the whole day number)", () => {
    expect(dayToDate("2026-04-01").toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(dayToDate("2028-03-30").getTime() % 86_400_000).toBe(0);
    expect(() => dayToDate("2026-4-1")).toThrow();
  });

  it("names columns by letters", () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("sizes columns to the header and the values as shown, within limits", () => {
    const columns: Column[] = [
      { header: "Nimi", kind: "text" },
      { header: "Kokonaisbudjetti", kind: "money" },
      { header: "Alkaa", kind: "date" },
    ];
    const widths = columnWidths(columns, [
      ["Kotona Kajaanissa", 52000000, "2026-04-01"],
      ["x".repeat(200), 1_350_000_000_000, null],
    ]);
    expect(widths[0]).toBe(MAX_COLUMN_WIDTH);
    // "13 500 000 000,00 €" is 19 characters.
    expect(displayLength("money", 1_350_000_000_000)).toBe(19);
    expect(widths[1]).toBeGreaterThanOrEqual(19);
    expect(widths[2]).toBeGreaterThanOrEqual(10);
    expect(columnWidths(columns, [])[0]).toBeGreaterThanOrEqual(6);
  });

  it("names sheets within Excel's rules", () => {
    expect(sheetName("Suunnitelma vuosittain Kotona Kajaanissa")).toHaveLength(31);
    expect(sheetName("a/b:c*d?[e]")).toBe("a b c d e");
    expect(sheetName("  ")).toBe("Sheet1");
  });
});

describe("files and formats", () => {
  it("makes ASCII file names", () => {
    expect(fileSlug("Kotona Kajaanissa")).toBe("kotona-kajaanissa");
    expect(fileSlug("Äänestä Örö Å")).toBe("aanesta-oro-a");
    expect(fileSlug('=HYPERLINK("x")')).toBe("hyperlink-x");
    expect(fileSlug("???")).toBe("hanke");
    expect(exportFileName("hankesalkku", "2026-12-08", "xlsx")).toBe("hankesalkku-2026-12-08.xlsx");
  });

  it("reads the format: xlsx by default, csv, nothing else", () => {
    expect(parseFormat(null)).toBe("xlsx");
    expect(parseFormat("")).toBe("xlsx");
    expect(parseFormat("CSV")).toBe("csv");
    expect(parseFormat("xlsx")).toBe("xlsx");
    expect(parseFormat("pdf")).toBeNull();
  });
});
