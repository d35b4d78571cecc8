/**
 * The forms of meetings and agenda items. People are typed one per line, as the agenda writes
 * them: members "Raimo Piirainen, puheenjohtaja"; preparers "Milla Tikkanen, Työllisyys- ja
 * kansainvälisyyspäällikkö, milla.tikkanen@kajaani.fi, 044 123 4567" (the e-mail address and
 * the phone number are recognised wherever they are on the line).
 */
import { defineForm, rows, str, type FieldParser } from "./form";
import { ITEM_TYPES } from "~/domain/agenda-draft";

const lines = (s: string | undefined) =>
  (s ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function parseMembers(text: string | undefined): { name: string; role: string }[] {
  return lines(text).map((l) => {
    const [name, ...rest] = l.split(",").map((x) => x.trim());
    return { name: name ?? "", role: rest.join(", ") };
  });
}

export function parsePreparers(text: string | undefined): { name: string; title: string; email: string; phone: string }[] {
  return lines(text).map((l) => {
    const parts = l
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
    const email = parts.find((p) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p)) ?? "";
    const phone = parts.find((p) => p !== email && /^\+?[\d\s()-]{6,}$/.test(p)) ?? "";
    const rest = parts.filter((p) => p !== email && p !== phone);
    return { name: rest[0] ?? "", title: rest.slice(1).join(", "), email, phone };
  });
}

/** The preparers as the form's text again. */
export function preparersText(list: readonly { name: string; title: string; email: string; phone: string }[]): string {
  return list.map((p) => [p.name, p.title, p.email, p.phone].filter(Boolean).join(", ")).join("\n");
}

function section(f: FieldParser, value: string | undefined, required: boolean): number | null {
  const s = (value ?? "").trim().replace(/^§\s*/, "");
  if (s === "") {
    if (required) f.issue(["section"], "error.required");
    return null;
  }
  if (!/^\d{1,4}$/.test(s) || Number(s) < 1) {
    f.issue(["section"], "agenda.error.section");
    return null;
  }
  return Number(s);
}

function preparers(f: FieldParser, text: string | undefined) {
  const list = parsePreparers(f.text(["preparers"], text, { max: 4000 }));
  if (list.some((p) => !p.name)) f.issue(["preparers"], "agenda.error.preparer");
  return list;
}

export const meetingSchema = defineForm({ body: str(), meetingDate: str(), startTime: str(), place: str(), presenter: str(), members: str() }, (raw, f) => {
  const startTime = f.text(["startTime"], raw.startTime, { required: true, max: 5 }).replace(".", ":");
  if (startTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime.padStart(5, "0"))) f.issue(["startTime"], "agenda.error.time");
  const members = parseMembers(f.text(["members"], raw.members, { max: 4000 }));
  return {
    body: f.text(["body"], raw.body, { required: true, max: 200 }),
    meetingDate: f.day(["meetingDate"], raw.meetingDate, { required: true }) ?? "",
    startTime: startTime.padStart(5, "0"),
    place: f.text(["place"], raw.place, { max: 200 }),
    presenter: f.text(["presenter"], raw.presenter, { max: 200 }),
    members,
  };
});
export type MeetingInput = NonNullable<ReturnType<typeof meetingSchema.parse>>;

export const newItemSchema = defineForm({ caseNumber: str(), itemType: str(), section: str(), title: str(), preparers: str(), presenter: str() }, (raw, f) => {
  const itemType = f.choice(["itemType"], raw.itemType, ITEM_TYPES) ?? "other";
  const caseNumber = f.text(["caseNumber"], raw.caseNumber, { max: 100 });
  const title = f.text(["title"], raw.title, { max: 500 });
  if (itemType === "other" && !caseNumber && !title) f.issue(["title"], "error.required");
  return {
    itemType,
    caseNumber,
    section: section(f, raw.section, false),
    title,
    preparers: preparers(f, raw.preparers),
    presenter: f.text(["presenter"], raw.presenter, { max: 200 }),
  };
});
export type NewItemInput = NonNullable<ReturnType<typeof newItemSchema.parse>>;

export const itemSchema = defineForm(
  { section: str(), title: str(), caseNumber: str(), preparers: str(), presenter: str(), background: str(), proposal: str(), revision: str() },
  (raw, f) => ({
    section: section(f, raw.section, true) ?? 0,
    title: f.text(["title"], raw.title, { required: true, max: 500 }),
    caseNumber: f.text(["caseNumber"], raw.caseNumber, { max: 100 }),
    preparers: preparers(f, raw.preparers),
    presenter: f.text(["presenter"], raw.presenter, { max: 200 }),
    background: f.text(["background"], raw.background, { max: 50000 }),
    proposal: f.text(["proposal"], raw.proposal, { max: 20000 }),
  }),
);
export type ItemInput = NonNullable<ReturnType<typeof itemSchema.parse>>;

/** Finalising: a reason for each finding the page listed (`key` names the finding). */
export const finaliseSchema = defineForm({ revision: str(), intent: str(), ack: rows({ key: str(), reason: str() }) }, (raw, f) => {
  const reasons: Record<string, string> = {};
  (raw.ack ?? []).forEach((a, i) => {
    const reason = f.text(["ack", i, "reason"], a.reason, { max: 2000 });
    if (!reason) f.issue(["ack", i, "reason"], "agenda.error.ackNeeded");
    reasons[a.key ?? ""] = reason;
  });
  return { reasons };
});

export const DECISIONS = ["as_proposed", "amended", "tabled", "rejected", "noted"] as const;

/** Recording the decision on an item: none is preselected; an amended decision needs its text; a tabled one its meeting. */
export const decisionSchema = defineForm({ decision: str(), decisionText: str(), toMeetingId: str(), revision: str(), intent: str() }, (raw, f) => {
  const decision = f.choice(["decision"], raw.decision, DECISIONS);
  const decisionText = f.text(["decisionText"], raw.decisionText, { max: 20000 });
  if ((decision === "amended" || decision === "rejected") && !decisionText) f.issue(["decisionText"], "agenda.error.decisionText");
  const toMeetingId = decision === "tabled" ? f.id(["toMeetingId"], raw.toMeetingId, { required: true }) : null;
  return { decision: decision ?? "noted", decisionText, toMeetingId };
});

/** Publishing a meeting's agenda or minutes (a button; the rules are the model's). */
export const publishSchema = defineForm({ intent: str() }, (raw, f) => ({
  what: f.choice(["publish"], raw.intent, ["agenda", "minutes"] as const) ?? "agenda",
}));
