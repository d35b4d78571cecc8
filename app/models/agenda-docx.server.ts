/**
 * An agenda, or one of its items, as a Word document (DOCX) for the case-management system, in the
 * agenda's own form and language (Finnish): the meeting's body, day and time, place and
 * participants, the list of items, then each item on a page of its own: §, title, case number,
 * "Valmistelijat / lisätiedot" with each preparer's contact details, the background, "Ehdotus"
 * with the presenter and the proposal, and "Päätös" with the decision once decided.
 *
 * The internal version: the parts marked not public (between ⟦ and ⟧) are included, without the
 * marks. Headings use Word's heading styles (Otsikko 1–3), so the document has a structure the
 * receiving system and Word's navigation see. Server-only: the `docx` library stays out of the
 * browser bundle.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun, type ParagraphChild } from "docx";
import type { AgendaItem, Preparer } from "./agenda.server";
import { preparersOf } from "./agenda.server";
import { formatDay } from "~/domain/days";
import { translateDynamic, translator } from "~/i18n";

/** The agenda's language. */
const t = translator("fi");

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export interface DocxMeeting {
  body: string;
  meeting_date: string;
  start_time: string;
  place: string;
  members: { name: string; role: string }[];
}

export interface DocxItem {
  section: number;
  title: string;
  caseNumber: string;
  preparers: Preparer[];
  presenter: string;
  background: string;
  proposal: string;
  status: string;
  decision: string | null;
  decisionText: string;
}

/** An item row (as getItem returns it) in the form the document takes. */
export function docxItemOf(
  i: Pick<AgendaItem, "section" | "title" | "case_number" | "preparers" | "presenter" | "background" | "proposal" | "status" | "decision" | "decision_text">,
): DocxItem {
  return {
    section: i.section,
    title: i.title,
    caseNumber: i.case_number,
    preparers: preparersOf(i.preparers),
    presenter: i.presenter,
    background: i.background,
    proposal: i.proposal,
    status: i.status,
    decision: i.decision,
    decisionText: i.decision_text,
  };
}

/** The text as written, with the marks of its non-public parts removed (as on the item's page). */
const shownText = (text: string) => text.replace(/[⟦⟧]/g, "");

/** Runs of a paragraph's text, its single line breaks kept as line breaks. */
function lines(text: string): ParagraphChild[] {
  return text.split(/\r?\n/).map((line, n) => new TextRun({ text: line, break: n > 0 ? 1 : undefined }));
}

/** The text's paragraphs (split on blank lines), as on the item's page. */
function paragraphs(text: string): Paragraph[] {
  return shownText(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new Paragraph({ children: lines(p) }));
}

const plain = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreakBefore = false) =>
  new Paragraph({ heading: level, pageBreakBefore, children: [new TextRun(text)] });

/** "Aika 20.5.2026, klo 16:30". */
const when = (m: Pick<DocxMeeting, "meeting_date" | "start_time">) => `${formatDay(m.meeting_date)}, klo ${m.start_time}`;

/** One item in the agenda's form. */
function itemParagraphs(i: DocxItem, newPage: boolean): Paragraph[] {
  const out: Paragraph[] = [heading(`§ ${i.section}`, HeadingLevel.HEADING_1, newPage), heading(i.title, HeadingLevel.HEADING_2)];
  if (i.caseNumber) out.push(plain(i.caseNumber));
  if (i.preparers.length > 0) {
    out.push(new Paragraph({ keepNext: true, children: [new TextRun({ text: `${t("item.preparers")}:`, bold: true })] }));
    for (const p of i.preparers) out.push(plain([p.name, p.title, p.email, p.phone].filter(Boolean).join(", ")));
  }
  out.push(...paragraphs(i.background));
  out.push(heading(t("item.proposal"), HeadingLevel.HEADING_3));
  if (i.presenter) out.push(plain(`${t("item.presenter")}: ${i.presenter}`));
  out.push(...paragraphs(i.proposal));
  if (i.status === "decided" && i.decision) {
    out.push(heading(t("decision.title"), HeadingLevel.HEADING_3));
    const text = paragraphs(i.decisionText);
    out.push(...(text.length > 0 ? text : [plain(translateDynamic("fi", `decision.${i.decision}`))]));
  }
  return out;
}

const FONT = "Arial";

function document(title: string, children: Paragraph[]): Document {
  const headingStyle = (sizePt: number) => ({
    run: { font: FONT, size: sizePt * 2, bold: true, color: "000000" },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true },
  });
  return new Document({
    title,
    creator: "Hankevahti",
    lastModifiedBy: "Hankevahti",
    description: title,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: "fi-FI" } }, paragraph: { spacing: { after: 160 } } },
        title: headingStyle(20),
        heading1: headingStyle(16),
        heading2: headingStyle(13),
        heading3: headingStyle(11),
      },
    },
    sections: [{ children }],
  });
}

/** The whole agenda: the meeting, the list of items, and each item on a page of its own. */
export async function agendaDocx(meeting: DocxMeeting, items: DocxItem[]): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(meeting.body)] }),
    plain(`${t("meetings.col.date")} ${when(meeting)}`),
    plain(`${t("meeting.place")} ${meeting.place || "–"}`),
  ];
  if (meeting.members.length > 0) {
    children.push(heading(t("meeting.members"), HeadingLevel.HEADING_2));
    for (const p of meeting.members) children.push(plain(p.role ? `${p.name}, ${p.role}` : p.name));
  }
  children.push(heading(t("meeting.items"), HeadingLevel.HEADING_2));
  for (const i of items) children.push(plain(`§ ${i.section} ${i.title}`));
  for (const i of items) children.push(...itemParagraphs(i, true));
  return Packer.toBuffer(document(`Esityslista: ${meeting.body} ${formatDay(meeting.meeting_date)}`, children));
}

/** One item, headed by its meeting (body, day and time, place). */
export async function agendaItemDocx(meeting: Omit<DocxMeeting, "members">, item: DocxItem): Promise<Buffer> {
  const children: Paragraph[] = [plain(`${meeting.body}, ${when(meeting)}${meeting.place ? `, ${meeting.place}` : ""}`), ...itemParagraphs(item, false)];
  return Packer.toBuffer(document(`§ ${item.section} ${item.title}: ${meeting.body} ${formatDay(meeting.meeting_date)}`, children));
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback, and the name percent-encoded (RFC 5987/6266). */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7E]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The document as a download, never cached. */
export function docxResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": DOCX_CONTENT_TYPE,
      "Content-Length": String(bytes.length),
      "Content-Disposition": contentDisposition(fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
