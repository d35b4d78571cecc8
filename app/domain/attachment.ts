/**
 * Attachments of reports: what a file is, decided from its bytes alone (never from the name or
 * the type the browser sends), and the name it is stored and offered under.
 *
 * Accepted: PDF (the bytes start with `%PDF-`), DOCX and XLSX (a ZIP whose central directory
 * lists `word/document.xml` or `xl/workbook.xml`, with its `[Content_Types].xml`). Refused, each
 * with its own reason: an empty file; one over MAX_ATTACHMENT_BYTES; a program (a Windows `MZ`
 * executable, ELF, Mach-O, a `#!` script, or unrecognised bytes under a program's extension);
 * a document with macros (a `vbaProject.bin`, `vbaData.xml` or Excel 4.0 macro sheet among its
 * entries, or a macro-enabled content type); anything else.
 *
 * Pure: no I/O, nothing from node. The ZIP's `[Content_Types].xml` is usually deflated, so a
 * small inflater (RFC 1951) is included; it stops at 1 MiB of output.
 */

/** The largest attachment: 10 MiB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The longest file name kept (the database's limit). */
export const MAX_FILE_NAME_CHARS = 200;

export const ATTACHMENT_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export type AttachmentExtension = keyof typeof ATTACHMENT_TYPES;
export type AttachmentContentType = (typeof ATTACHMENT_TYPES)[AttachmentExtension];
export type SniffError = "empty" | "tooLarge" | "executable" | "macro" | "unsupported";
export type SniffResult = { ok: true; contentType: AttachmentContentType; extension: AttachmentExtension } | { ok: false; error: SniffError };

/** The extension of a stored content type (undefined for anything else). */
export function extensionOf(contentType: string): AttachmentExtension | undefined {
  return (Object.keys(ATTACHMENT_TYPES) as AttachmentExtension[]).find((e) => ATTACHMENT_TYPES[e] === contentType);
}

/** Extensions of programs and scripts: unrecognised bytes under one of these are refused as a program. */
const PROGRAM_EXTENSIONS = new Set(
  (
    "exe com bat cmd msi msp scr pif cpl dll sys ps1 psm1 vbs vbe js jse wsf wsh hta jar " +
    "sh bash zsh csh command app run elf so dylib apk appimage deb rpm dmg pkg lnk reg py pl rb"
  ).split(" "),
);

const ok = (extension: AttachmentExtension): SniffResult => ({ ok: true, extension, contentType: ATTACHMENT_TYPES[extension] });
const refused = (error: SniffError): SniffResult => ({ ok: false, error });

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const PDF = ascii("%PDF-");
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const EXECUTABLE_MAGIC: readonly (readonly number[])[] = [
  ascii("MZ"), // Windows and DOS programs, DLLs
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], // Mach-O 32-bit
  [0xfe, 0xed, 0xfa, 0xcf], // Mach-O 64-bit
  [0xce, 0xfa, 0xed, 0xfe], // Mach-O 32-bit, little-endian
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64-bit, little-endian
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal (and Java classes)
  ascii("#!"), // scripts
];

/** The last extension of a name, lower-case ("" when there is none). */
function extensionOfName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** What the bytes are. `fileName` only chooses between "executable" and "unsupported" for bytes that are neither. */
export function sniffAttachment(bytes: Uint8Array, fileName: string): SniffResult {
  if (bytes.length === 0) return refused("empty");
  if (bytes.length > MAX_ATTACHMENT_BYTES) return refused("tooLarge");
  if (EXECUTABLE_MAGIC.some((m) => startsWith(bytes, m))) return refused("executable");
  if (startsWith(bytes, PDF)) return ok("pdf");
  if (startsWith(bytes, ZIP_LOCAL)) return sniffOfficeZip(bytes);
  return refused(PROGRAM_EXTENSIONS.has(extensionOfName(fileName)) ? "executable" : "unsupported");
}

// ---------------------------------------------------------------------------------------------
// ZIP (PKWARE APPNOTE 6.3): the end of central directory record, the central directory (with
// ZIP64 where its fields say so), and the local file headers.

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;
const latin1 = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/** The entries of the central directory, or null when the ZIP's structure does not hold together. */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  // The end record is the last 22 bytes plus a comment of up to 65 535 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--) {
    if (u32(b, i) === SIG_EOCD && i + 22 + u16(b, i + 20) <= b.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = u16(b, eocd + 10);
  let size = u32(b, eocd + 12);
  let offset = u32(b, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== SIG_ZIP64_LOCATOR) return null;
    const at = u64(b, loc + 8);
    if (at + 56 > b.length || u32(b, at) !== SIG_ZIP64_EOCD) return null;
    count = u64(b, at + 32);
    size = u64(b, at + 40);
    offset = u64(b, at + 48);
  }
  if (offset + size > b.length || count > size / 46) return null;
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || u32(b, p) !== SIG_CENTRAL) return null;
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > b.length) return null;
    let compressedSize = u32(b, p + 20);
    const uncompressedSize = u32(b, p + 24);
    let localHeaderOffset = u32(b, p + 42);
    // ZIP64 extended information: the 8-byte values of the fields that are 0xFFFFFFFF, in order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
      const id = u16(b, x);
      const len = u16(b, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === 0xffffffff) q += 8;
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + len) {
          compressedSize = u64(b, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff && q + 8 <= x + 4 + len) localHeaderOffset = u64(b, q);
      }
      x += 4 + len;
    }
    entries.push({ name: latin1(b, p + 46, p + 46 + nameLength), method: u16(b, p + 10), compressedSize, localHeaderOffset });
    p = end;
  }
  return entries;
}

/**
 * The names of every local file header found anywhere in the bytes: an entry left out of the
 * central directory (or a ZIP stored inside the ZIP) is still seen by the macro check.
 */
function localHeaderNames(b: Uint8Array): string[] {
  const names: string[] = [];
  for (let i = 0; i + 30 <= b.length; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b || b[i + 2] !== 0x03 || b[i + 3] !== 0x04) continue;
    const nameLength = u16(b, i + 26);
    if (nameLength > 0 && nameLength <= 1024 && i + 30 + nameLength <= b.length) names.push(latin1(b, i + 30, i + 30 + nameLength));
  }
  return names;
}

/** The bytes of an entry (stored or deflated), at most `limit` of them; null when they cannot be read. */
function entryData(b: Uint8Array, e: ZipEntry, limit: number): Uint8Array | null {
  const h = e.localHeaderOffset;
  if (h + 30 > b.length || u32(b, h) !== SIG_LOCAL) return null;
  const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  const end = start + e.compressedSize;
  if (end > b.length) return null;
  const raw = b.subarray(start, end);
  if (e.method === 0) return raw.length <= limit ? raw : null;
  if (e.method === 8) return inflateRaw(raw, limit);
  return null;
}

/** An OPC part name as compared: forward slashes, no leading slash, lower-case (part names ignore case). */
const partName = (name: string) => name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();

const MACRO_PARTS = new Set(["vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml"]);
/** A part that holds macros: VBA, or an Excel 4.0 macro sheet. */
function isMacroPart(name: string): boolean {
  const segments = partName(name).split("/");
  return MACRO_PARTS.has(segments[segments.length - 1]!) || segments.includes("macrosheets");
}
/** Content types of macro-enabled documents and of macro parts. */
const MACRO_CONTENT_TYPE = /macroenabled|vbaproject|macrosheet/i;

function sniffOfficeZip(b: Uint8Array): SniffResult {
  const entries = zipEntries(b);
  if (!entries) return refused("unsupported");
  if (entries.some((e) => isMacroPart(e.name)) || localHeaderNames(b).some(isMacroPart)) return refused("macro");
  const names = new Set(entries.map((e) => partName(e.name)));
  const word = names.has("word/document.xml");
  const excel = names.has("xl/workbook.xml");
  if (word === excel) return refused("unsupported");
  const types = entries.find((e) => partName(e.name) === "[content_types].xml");
  const xml = types ? entryData(b, types, 1024 * 1024) : null;
  if (!xml) return refused("unsupported");
  // UTF-8 or UTF-16: the content types are ASCII either way once the zero bytes are dropped.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(xml).replace(/\0/g, "");
  if (MACRO_CONTENT_TYPE.test(text)) return refused("macro");
  return ok(word ? "docx" : "xlsx");
}

// ---------------------------------------------------------------------------------------------
// Inflate (RFC 1951), after Mark Adler's puff.c: enough for [Content_Types].xml, with a ceiling
// on the output so that a ZIP bomb costs nothing.

class InflateError extends Error {}

interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const counts = new Uint16Array(16);
  const symbols = new Uint16Array(n);
  for (let s = 0; s < n; s++) counts[lengths[s]!] = counts[lengths[s]!]! + 1;
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left = (left << 1) - counts[len]!;
    if (left < 0) throw new InflateError("over-subscribed code");
  }
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len]! + counts[len]!;
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len !== 0) symbols[offsets[len]!] = s;
    if (len !== 0) offsets[len] = offsets[len]! + 1;
  }
  return { counts, symbols };
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

let fixedCodes: { lit: Huffman; dist: Huffman } | null = null;
function fixed() {
  if (!fixedCodes) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedCodes = { lit: huffman(l, 288), dist: huffman(new Uint8Array(30).fill(5), 30) };
  }
  return fixedCodes;
}

/** Inflates raw deflate data; null when it is malformed or would be longer than `limit` bytes. */
export function inflateRaw(input: Uint8Array, limit: number): Uint8Array | null {
  let pos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  let out = new Uint8Array(Math.min(limit, Math.max(1024, input.length * 4)));
  let outLen = 0;

  const bits = (need: number): number => {
    while (bitCount < need) {
      if (pos >= input.length) throw new InflateError("out of input");
      bitBuf |= input[pos++]! << bitCount;
      bitCount += 8;
    }
    const v = bitBuf & ((1 << need) - 1);
    bitBuf >>>= need;
    bitCount -= need;
    return v;
  };
  const put = (byte: number) => {
    if (outLen === out.length) {
      if (outLen >= limit) throw new InflateError("too long");
      const bigger = new Uint8Array(Math.min(limit, out.length * 2));
      bigger.set(out);
      out = bigger;
    }
    out[outLen++] = byte;
  };
  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len]!;
      if (code - count < first) return h.symbols[index + (code - first)]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new InflateError("bad code");
  };
  const codes = (lit: Huffman, dist: Huffman) => {
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) put(sym);
      else if (sym === 256) return;
      else {
        const li = sym - 257;
        if (li >= 29) throw new InflateError("bad length");
        const length = LENGTH_BASE[li]! + bits(LENGTH_EXTRA[li]!);
        const di = decode(dist);
        if (di >= 30) throw new InflateError("bad distance");
        const distance = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
        if (distance > outLen) throw new InflateError("distance too far");
        for (let i = 0; i < length; i++) put(out[outLen - distance]!);
      }
    }
  };
  const dynamic = () => {
    const nlen = bits(5) + 257;
    const ndist = bits(5) + 1;
    const ncode = bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError("bad counts");
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]!] = bits(3);
    const lencode = huffman(lengths, 19);
    let i = 0;
    const all = new Uint8Array(nlen + ndist);
    while (i < nlen + ndist) {
      const sym = decode(lencode);
      if (sym < 16) all[i++] = sym;
      else {
        let value = 0;
        let repeat: number;
        if (sym === 16) {
          if (i === 0) throw new InflateError("repeat with no first length");
          value = all[i - 1]!;
          repeat = 3 + bits(2);
        } else if (sym === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        if (i + repeat > nlen + ndist) throw new InflateError("too many lengths");
        while (repeat--) all[i++] = value;
      }
    }
    if (all[256] === 0) throw new InflateError("no end-of-block code");
    codes(huffman(all.subarray(0, nlen), nlen), huffman(all.subarray(nlen), ndist));
  };

  try {
    let last = 0;
    while (!last) {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        bitBuf = 0;
        bitCount = 0;
        if (pos + 4 > input.length) throw new InflateError("out of input");
        const len = u16(input, pos);
        if ((len ^ 0xffff) !== u16(input, pos + 2)) throw new InflateError("bad stored length");
        pos += 4;
        if (pos + len > input.length) throw new InflateError("out of input");
        for (let i = 0; i < len; i++) put(input[pos++]!);
      } else if (type === 1) codes(fixed().lit, fixed().dist);
      else if (type === 2) dynamic();
      else throw new InflateError("bad block type");
    }
  } catch (e) {
    if (e instanceof InflateError) return null;
    throw e;
  }
  return out.subarray(0, outLen);
}

// ---------------------------------------------------------------------------------------------
// File names

/** Control characters (C0, DEL, C1) and the bidirectional controls that can disguise an extension. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * The name an attachment is kept and offered under: the last part of the path only, without
 * control characters, trimmed, at most MAX_FILE_NAME_CHARS characters, and ending in the
 * extension of its sniffed type. A wrong extension (1–5 letters or digits after the last dot,
 * at least one a letter: "raportti.pdf" for a DOCX) is replaced; a name without one gets it.
 */
export function safeFileName(name: string, extension: AttachmentExtension): string {
  let base = (name.split(/[/\\]/).pop() ?? "").normalize("NFC").replace(UNSAFE_CHARACTERS, "");
  base = base.replace(/\s+/g, " ").replace(/^[\s.]+|[\s.]+$/g, "");
  const dot = base.lastIndexOf(".");
  const current = dot > 0 ? base.slice(dot + 1) : "";
  let stem = /^[A-Za-z0-9]{1,5}$/.test(current) && /[A-Za-z]/.test(current) ? base.slice(0, dot) : base;
  stem = stem.replace(/[\s.]+$/, "");
  if (stem === "") stem = "liite";
  const room = MAX_FILE_NAME_CHARS - extension.length - 1;
  // Cut by characters, never inside a surrogate pair.
  const chars = Array.from(stem);
  let cut = "";
  for (const c of chars) {
    if (cut.length + c.length > room) break;
    cut += c;
  }
  return `${cut.replace(/[\s.]+$/, "") || "liite"}.${extension}`;
}
