/**
 * Small real files for the attachment tests: a PDF, and DOCX / XLSX files written as real ZIPs
 * (local headers, central directory, end record; entries deflated with node's zlib unless
 * stored), with or without macros.
 */
import zlib from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipInput {
  name: string;
  data: string | Uint8Array;
  /** 0: stored; 8 (default): deflated. */
  method?: 0 | 8;
  /** Written as a local entry but left out of the central directory. */
  hidden?: boolean;
}

/** A ZIP archive of the entries, as office programs write them. */
export function zip(entries: ZipInput[], comment = ""): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    if (!e.hidden) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0800, 8);
      central.writeUInt16LE(method, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(body.length, 20);
      central.writeUInt32LE(raw.length, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
    }
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, "utf8");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = entries.filter((e) => !e.hidden).length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, cd, end, commentBytes]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

function contentTypes(overrides: Record<string, string>, defaults: Record<string, string> = {}): string {
  return (
    XML +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    Object.entries(defaults)
      .map(([ext, type]) => `<Default Extension="${ext}" ContentType="${type}"/>`)
      .join("") +
    Object.entries(overrides)
      .map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`)
      .join("") +
    "</Types>"
  );
}

const rels = (target: string) => `${XML}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${OFFICE_DOC}" Target="${target}"/></Relationships>`;

/** A one-paragraph Word document. */
export function docx(text = "Vuosiraportin liite"): Buffer {
  return zip([
    {
      name: "[Content_Types].xml",
      data: contentTypes({ "/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" }),
    },
    { name: "_rels/.rels", data: rels("word/document.xml") },
    {
      name: "word/document.xml",
      data: `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    },
  ]);
}

const SHEET = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData></worksheet>`;
const WORKBOOK = `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Talous" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `${XML}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A one-sheet workbook; `macro` adds a VBA project and the macro-enabled content type (an .xlsm). */
export function xlsx(opts: { macro?: "vba" | "contentType" | "macrosheet" | "hiddenVba"; stored?: boolean } = {}): Buffer {
  const method = opts.stored ? 0 : 8;
  const main =
    opts.macro === "vba" || opts.macro === "contentType"
      ? "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  const overrides: Record<string, string> = {
    "/xl/workbook.xml": main,
    "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  };
  const entries: ZipInput[] = [
    { name: "_rels/.rels", data: rels("xl/workbook.xml"), method },
    { name: "xl/workbook.xml", data: WORKBOOK, method },
    { name: "xl/_rels/workbook.xml.rels", data: WORKBOOK_RELS, method },
    { name: "xl/worksheets/sheet1.xml", data: SHEET, method },
  ];
  if (opts.macro === "vba") entries.push({ name: "xl/vbaProject.bin", data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]) });
  if (opts.macro === "hiddenVba") entries.push({ name: "xl/vbaProject.bin", data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), hidden: true, method: 0 });
  if (opts.macro === "macrosheet") {
    overrides["/xl/macrosheets/sheet2.xml"] = "application/vnd.ms-excel.macrosheet+xml";
    entries.push({ name: "xl/macrosheets/sheet2.xml", data: SHEET.replace("worksheet", "xm:macrosheet"), method });
  }
  const defaults: Record<string, string> = opts.macro === "vba" ? { bin: "application/vnd.ms-office.vbaProject" } : {};
  return zip([{ name: "[Content_Types].xml", data: contentTypes(overrides, defaults), method }, ...entries]);
}

export { pdf } from "../../app/utils/pdf";

/** The start of a Windows program: an MZ header and its PE signature. */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}
