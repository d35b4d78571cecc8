import zlib from "node:zlib";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { ATTACHMENT_TYPES, inflateRaw, MAX_ATTACHMENT_BYTES, safeFileName, sniffAttachment, zipEntries } from "./attachment";
import { docx, exe, pdf, xlsx, zip } from "../../tests/helpers/office-files";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("sniffAttachment: the type comes from the bytes", () => {
  it("recognises a PDF, a DOCX and an XLSX", () => {
    expect(sniffAttachment(pdf(), "raportti.pdf")).toEqual({ ok: true, extension: "pdf", contentType: ATTACHMENT_TYPES.pdf });
    expect(sniffAttachment(docx(), "raportti.docx")).toEqual({ ok: true, extension: "docx", contentType: ATTACHMENT_TYPES.docx });
    expect(sniffAttachment(xlsx(), "talous.xlsx")).toEqual({ ok: true, extension: "xlsx", contentType: ATTACHMENT_TYPES.xlsx });
    expect(sniffAttachment(xlsx({ stored: true }), "talous.xlsx")).toMatchObject({ ok: true, extension: "xlsx" });
  });

  it("ignores the name: a DOCX renamed .pdf is a DOCX, a PDF named .xlsx a PDF", () => {
    expect(sniffAttachment(docx(), "raportti.pdf")).toMatchObject({ ok: true, extension: "docx" });
    expect(sniffAttachment(pdf(), "talous.xlsx")).toMatchObject({ ok: true, extension: "pdf" });
    expect(sniffAttachment(xlsx(), "")).toMatchObject({ ok: true, extension: "xlsx" });
  });

  it("refuses an empty file and one over 10 MiB", () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    expect(sniffAttachment(new Uint8Array(0), "tyhja.pdf")).toEqual({ ok: false, error: "empty" });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf());
    expect(sniffAttachment(big, "iso.pdf")).toEqual({ ok: false, error: "tooLarge" });
    const exact = new Uint8Array(MAX_ATTACHMENT_BYTES);
    exact.set(pdf());
    expect(sniffAttachment(exact, "raja.pdf")).toMatchObject({ ok: true, extension: "pdf" });
  });

  it("refuses programs whatever their name: an EXE renamed .pdf, ELF, Mach-O, scripts", () => {
    expect(sniffAttachment(exe(), "lasku.pdf")).toEqual({ ok: false, error: "executable" });
    expect(sniffAttachment(bytes("\x7fELF\x02\x01\x01\0\0\0"), "raportti.docx")).toEqual({ ok: false, error: "executable" });
    for (const magic of ["\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe"])
      expect(sniffAttachment(bytes(`${magic}\0\0\0\x07`), "talous.xlsx")).toEqual({ ok: false, error: "executable" });
    expect(sniffAttachment(bytes("#!/bin/sh\nrm -rf ~\n"), "ohje.pdf")).toEqual({ ok: false, error: "executable" });
    // Bytes that are no known program under a program's name: refused as a program too.
    expect(sniffAttachment(bytes("@echo off\r\ndel *.*\r\n"), "asenna.bat")).toEqual({ ok: false, error: "executable" });
  });

  it("refuses documents with macros: a VBA project, a macro-enabled content type, an Excel 4.0 macro sheet, a hidden entry", () => {
    expect(sniffAttachment(xlsx({ macro: "vba" }), "talous.xlsx")).toEqual({ ok: false, error: "macro" });
    expect(sniffAttachment(xlsx({ macro: "contentType" }), "talous.xlsx")).toEqual({ ok: false, error: "macro" });
    expect(sniffAttachment(xlsx({ macro: "macrosheet" }), "talous.xlsx")).toEqual({ ok: false, error: "macro" });
    expect(sniffAttachment(xlsx({ macro: "hiddenVba" }), "talous.xlsx")).toEqual({ ok: false, error: "macro" });
    const docm = zip([
      {
        name: "[Content_Types].xml",
        data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
      },
      { name: "word/document.xml", data: "<w:document/>" },
      { name: "word/vbaProject.bin", data: "VBA" },
    ]);
    expect(sniffAttachment(docm, "raportti.docx")).toEqual({ ok: false, error: "macro" });
  });

  it("refuses anything else: text, images, other ZIPs, a broken ZIP, legacy Office files", () => {
    expect(sniffAttachment(bytes("Hei, tässä raportti."), "raportti.txt")).toEqual({ ok: false, error: "unsupported" });
    expect(sniffAttachment(bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "kuva.pdf")).toEqual({ ok: false, error: "unsupported" });
    expect(sniffAttachment(zip([{ name: "readme.txt", data: "hello" }]), "arkisto.docx")).toEqual({ ok: false, error: "unsupported" });
    expect(sniffAttachment(docx().subarray(0, 200), "katkennut.docx")).toEqual({ ok: false, error: "unsupported" });
    expect(sniffAttachment(bytes("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "vanha.doc")).toEqual({ ok: false, error: "unsupported" });
    // Word and Excel at once, and a document without its content types, are not what they claim.
    const both = zip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document/>" },
      { name: "xl/workbook.xml", data: "<workbook/>" },
    ]);
    expect(sniffAttachment(both, "kumpi.docx")).toEqual({ ok: false, error: "unsupported" });
    expect(sniffAttachment(zip([{ name: "word/document.xml", data: "<w:document/>" }]), "raportti.docx")).toEqual({ ok: false, error: "unsupported" });
  });

  it("reads the central directory behind a ZIP comment", () => {
    const withComment = zip(
      [
        { name: "[Content_Types].xml", data: "<Types/>" },
        { name: "word/document.xml", data: "<w:document/>" },
      ],
      "Kommentti",
    );
    expect(zipEntries(withComment)?.map((e) => e.name)).toEqual(["[Content_Types].xml", "word/document.xml"]);
    expect(sniffAttachment(withComment, "raportti.docx")).toMatchObject({ ok: true, extension: "docx" });
  });
});

describe("inflateRaw", () => {
  it("inflates what zlib deflates (stored, fixed and dynamic blocks), and stops at its limit", () => {
    const samples = [
      Buffer.alloc(0),
      Buffer.from("a"),
      Buffer.from("<Types>".repeat(5000)),
      crypto.randomBytes(70_000),
      Buffer.from(Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join("")),
    ];
    for (const s of samples)
      for (const level of [0, 1, 9]) {
        const out = inflateRaw(new Uint8Array(zlib.deflateRawSync(s, { level })), 1 << 20);
        expect(out && Buffer.from(out).equals(s)).toBe(true);
      }
    const bomb = zlib.deflateRawSync(Buffer.alloc(5 * 1024 * 1024));
    expect(inflateRaw(new Uint8Array(bomb), 1 << 20)).toBeNull();
    expect(inflateRaw(new Uint8Array([0xff, 0xff, 0xff]), 1024)).toBeNull();
  });
});

describe("safeFileName", () => {
  it("keeps a good name", () => {
    expect(safeFileName("Vuosiraportti 2026.pdf", "pdf")).toBe("Vuosiraportti 2026.pdf");
    expect(safeFileName("Talous.XLSX", "xlsx")).toBe("Talous.xlsx");
  });

  it("drops the path and control characters, and normalises to NFC", () => {
    expect(safeFileName("C:\\Users\\haka\\Documents\\raportti.docx", "docx")).toBe("raportti.docx");
    expect(safeFileName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(safeFileName("rap\u0000ort\u001bti\u007f.pdf", "pdf")).toBe("raportti.pdf");
    expect(safeFileName("lasku\u202Efdp.exe", "pdf")).toBe("laskufdp.pdf");
    expect(safeFileName("Va\u0308liraportti.pdf", "pdf")).toBe("Väliraportti.pdf");
  });

  it("replaces a wrong extension with the sniffed type's, and adds a missing one", () => {
    expect(safeFileName("raportti.pdf", "docx")).toBe("raportti.docx");
    expect(safeFileName("lasku.pdf.exe", "pdf")).toBe("lasku.pdf.pdf");
    expect(safeFileName("talous", "xlsx")).toBe("talous.xlsx");
    expect(safeFileName("Raportti v1.2", "pdf")).toBe("Raportti v1.2.pdf");
    expect(safeFileName("Liite 1. Talous", "xlsx")).toBe("Liite 1. Talous.xlsx");
  });

  it("names a nameless file, and keeps at most 200 characters with the extension", () => {
    expect(safeFileName("", "pdf")).toBe("liite.pdf");
    expect(safeFileName("...", "pdf")).toBe("liite.pdf");
    expect(safeFileName(".pdf", "pdf")).toBe("pdf.pdf");
    const long = safeFileName(`${"ä".repeat(300)}.docx`, "docx");
    expect(long).toHaveLength(200);
    expect(long.endsWith("ä.docx")).toBe(true);
    // Never half an emoji.
    const emoji = safeFileName(`${"😀".repeat(150)}.pdf`, "pdf");
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(emoji).toBe(`${"😀".repeat(98)}.pdf`);
  });
});
