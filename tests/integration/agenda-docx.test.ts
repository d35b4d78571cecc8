/**
 * The agenda and one agenda item as Word documents (DOCX) through their routes against the demo
 * database: the download's headers, a real OOXML package (its parts read back out of the ZIP),
 * the item in the agenda's form with its preparers, proposal and, once decided, decision; the
 * parts marked not public included without their marks; who may download it.
 */
import { inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { headersFor, useSignedIn } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { callLoader } from "../helpers/http";
import { loader as meetingDocxLoader } from "~/routes/meetings.$meetingId.docx";
import { loader as itemDocxLoader } from "~/routes/agenda-items.$itemId.docx";
import { sniffAttachment, zipEntries } from "~/domain/attachment";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let meetingId: number;
let ote: { id: number; proposal: string };

beforeAll(async () => {
  meetingId = (await ctx.db.selectFrom("meeting").select("id").where("meeting_date", "=", "2026-05-20").executeTakeFirstOrThrow()).id;
  ote = await ctx.db.selectFrom("agenda_item").select(["id", "proposal"]).where("section", "=", 15).executeTakeFirstOrThrow();
});

/** The parts of the ZIP package by name, as text (stored or deflated entries). */
function parts(bytes: Uint8Array): Map<string, string> {
  const entries = zipEntries(bytes);
  expect(entries, "a ZIP whose central directory holds together").not.toBeNull();
  const out = new Map<string, string>();
  for (const e of entries!) {
    const h = e.localHeaderOffset;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = h + 30 + view.readUInt16LE(h + 26) + view.readUInt16LE(h + 28);
    const raw = view.subarray(start, start + e.compressedSize);
    expect([0, 8]).toContain(e.method);
    out.set(e.name, (e.method === 8 ? inflateRawSync(raw) : raw).toString("utf8"));
  }
  return out;
}

/** The document's text: one line per paragraph (and per line break), tags stripped, entities decoded. */
function textOf(documentXml: string): string {
  return documentXml
    .replace(/<w:br\/>|<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

async function download(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe(DOCX);
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(sniffAttachment(bytes, "x.docx")).toMatchObject({ ok: true, extension: "docx" });
  const p = parts(bytes);
  const documentXml = p.get("word/document.xml");
  expect(documentXml, "word/document.xml").toBeDefined();
  expect(documentXml!.startsWith("<?xml")).toBe(true);
  expect(documentXml).toContain("<w:document");
  expect(documentXml!.trimEnd().endsWith("</w:document>")).toBe(true);
  const types = p.get("[Content_Types].xml");
  expect(types, "[Content_Types].xml").toBeDefined();
  expect(types).toContain('PartName="/word/document.xml"');
  expect(types).toContain("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
  return { documentXml: documentXml!, styles: p.get("word/styles.xml") ?? "", text: textOf(documentXml!) };
}

function expectOteItem(text: string) {
  expect(text).toContain("§ 15");
  expect(text).toContain("Ohjaavalla otteella parempaan tulevaisuuteen");
  expect(text).toContain("KAJDno-2026-641");
  expect(text).toContain("Valmistelijat / lisätiedot:");
  expect(text).toContain("Eeva-Maria Nivalainen, Kaukametsän opiston ja Kainuun musiikkiopiston rehtori, eeva-maria.nivalainen@kajaani.fi");
  expect(text).toContain("milla.tikkanen@kajaani.fi");
  expect(text).toContain("\nEhdotus\n");
  expect(text).toContain("Esittelijä: Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö");
  expect(ote.proposal.length).toBeGreaterThan(0);
  expect(squash(text)).toContain(squash(ote.proposal));
}

describe("agenda as DOCX", () => {
  it("the whole agenda of 20.5.2026: meeting, participants, the list of items, then every item on a page of its own", async () => {
    const res = await callLoader(meetingDocxLoader, `/meetings/${meetingId}/docx`, { meetingId: String(meetingId) });
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="esityslista-2026-05-20.docx"; filename*=UTF-8''esityslista-2026-05-20.docx`);
    const { documentXml, styles, text } = await download(res);
    expect(text).toContain("Työllisyys- ja kansainvälisyysjaosto");
    expect(text).toContain("Aika 20.5.2026, klo 16:30");
    expect(text).toContain("Paikka Kokoustila Kekkonen");
    expect(text).toContain("Osallistujat");
    expect(text).toContain("Käsiteltävät asiat");
    for (const s of [13, 14, 15, 18]) expect(text).toContain(`\n§ ${s}\n`);
    const rows = await ctx.db.selectFrom("agenda_item").select(["section", "title"]).where("meeting_id", "=", meetingId).orderBy("section").execute();
    const list = rows.map((r) => `§ ${r.section} ${r.title}`).join("\n");
    expect(text).toContain(`\nKäsiteltävät asiat\n${list}\n`);
    expectOteItem(text);
    // Word's own heading styles, not bold text; each item starts a new page.
    expect(documentXml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(documentXml).toContain('<w:pStyle w:val="Heading3"/>');
    expect(styles).toContain('w:styleId="Heading1"');
    expect(documentXml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(4);
    expect(text).not.toContain("Päätös");
  });

  it("one item: pykala-15-2026-05-20.docx, headed by its meeting", async () => {
    const res = await callLoader(itemDocxLoader, `/agenda-items/${ote.id}/docx`, { itemId: String(ote.id) });
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="pykala-15-2026-05-20.docx"; filename*=UTF-8''pykala-15-2026-05-20.docx`);
    const { text } = await download(res);
    expect(text).toContain("Työllisyys- ja kansainvälisyysjaosto, 20.5.2026, klo 16:30, Kokoustila Kekkonen");
    expectOteItem(text);
    expect(text).not.toContain("§ 13");
  });

  it("includes the parts marked not public without their marks, and the decision once decided", async () => {
    const item = await ctx.db.selectFrom("agenda_item").select(["id", "background"]).where("section", "=", 13).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await ctx.db
      .updateTable("agenda_item")
      .set({
        background: `${item.background}\n\n⟦Sisäinen huomio & <arvio>.⟧`,
        status: "decided",
        finalised_at: now,
        decision: "amended",
        decision_text: "Jaosto merkitsee väliraportin tiedoksi.\n\nLisäksi jaosto pyytää seuraavan raportin marraskuussa.",
        decided_at: now,
      })
      .where("id", "=", item.id)
      .execute();
    const { text, documentXml } = await download(await callLoader(itemDocxLoader, `/agenda-items/${item.id}/docx`, { itemId: String(item.id) }));
    expect(text).toContain("\nSisäinen huomio & <arvio>.\n");
    expect(text).not.toMatch(/[⟦⟧]/);
    expect(text).toMatch(/\nPäätös\nJaosto merkitsee väliraportin tiedoksi.\nLisäksi jaosto pyytää seuraavan raportin marraskuussa.\n/);
    expect(documentXml).toContain("&amp; &lt;arvio&gt;");
  });

  it("is refused to an association's representative (403) and is a 404 for an unknown id", async () => {
    const haka = await headersFor(ctx.db, "haka");
    expect((await callLoader(meetingDocxLoader, `/meetings/${meetingId}/docx`, { meetingId: String(meetingId) }, { headers: haka })).status).toBe(403);
    expect((await callLoader(itemDocxLoader, `/agenda-items/${ote.id}/docx`, { itemId: String(ote.id) }, { headers: haka })).status).toBe(403);
    expect((await callLoader(meetingDocxLoader, "/meetings/999999/docx", { meetingId: "999999" })).status).toBe(404);
    expect((await callLoader(itemDocxLoader, "/agenda-items/999999/docx", { itemId: "999999" })).status).toBe(404);
  });
});
