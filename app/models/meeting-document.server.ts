/**
 * The committee's meetings as the JSON API shows them (docs/api.md, "Meetings"): a page of
 * meetings, one meeting with its members and the items the caller may see (an item about a
 * project the caller may not see is left out, as on the meeting's page), and the minutes in a
 * Popolo-like form for publication (no preparer's e-mail address or phone number, no text
 * between ⟦ and ⟧). Read only; who may read them is the route's (portfolio:aggregate).
 */
import { preparersOf } from "./agenda.server";
import type { Tx } from "../../db/connection";
import type { Viewer } from "~/domain/permissions";
import { formatDay, helsinkiParts } from "~/domain/days";
import { pageOf, type Page } from "~/domain/paging";
import { publicText } from "~/components/agenda-text";
import { projectVisible } from "./scope.server";

/** An item the viewer may see: about no project, or about a project they may see. */
function visibleItems(tx: Tx, viewer: Viewer) {
  return tx
    .selectFrom("agenda_item as i")
    .leftJoin("project as p", "p.id", "i.project_id")
    .where((eb) => eb.or([eb("i.project_id", "is", null), projectVisible(viewer, "p")]));
}

/** A page of meetings, newest first (by day, then id), each with the number of items the viewer may see. */
export async function meetingListJson(db: Tx, viewer: Viewer, paging: { page: number; size: number }): Promise<{ page: Page; meetings: MeetingRowJson[] }> {
  const total = Number(
    (
      await db
        .selectFrom("meeting")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const page = pageOf(total, paging.page, paging.size);
  const rows = await db
    .selectFrom("meeting as m")
    .select(["m.id", "m.body", "m.meeting_date", "m.start_time", "m.place", "m.agenda_published_at", "m.minutes_published_at"])
    .select((eb) =>
      eb
        .selectFrom("agenda_item as i")
        .leftJoin("project as p", "p.id", "i.project_id")
        .select((e2) => e2.fn.countAll<number>().as("n"))
        .whereRef("i.meeting_id", "=", "m.id")
        .where((e2) => e2.or([e2("i.project_id", "is", null), projectVisible(viewer, "p")]))
        .as("item_count"),
    )
    .orderBy("m.meeting_date", "desc")
    .orderBy("m.id", "desc")
    .limit(page.size)
    .offset(page.offset)
    .execute();
  return {
    page,
    meetings: rows.map((m) => ({
      id: m.id,
      body: m.body,
      date: m.meeting_date,
      startTime: m.start_time,
      place: m.place,
      itemCount: Number(m.item_count ?? 0),
      agendaPublishedAt: m.agenda_published_at,
      minutesPublishedAt: m.minutes_published_at,
      url: `/api/v1/meetings/${m.id}`,
    })),
  };
}

export interface MeetingRowJson {
  id: number;
  body: string;
  date: string;
  startTime: string;
  place: string;
  itemCount: number;
  agendaPublishedAt: string | null;
  minutesPublishedAt: string | null;
  url: string;
}

/** The meeting with its members and the items the viewer may see (by §), with their acknowledged findings; undefined when there is no such meeting. */
async function readMeeting(db: Tx, viewer: Viewer, meetingId: number) {
  const meeting = await db.selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirst();
  if (!meeting) return undefined;
  const members = await db
    .selectFrom("meeting_member")
    .select(["name", "role"])
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const items = await visibleItems(db, viewer).selectAll("i").where("i.meeting_id", "=", meetingId).orderBy("i.section").orderBy("i.id").execute();
  const acks = await db
    .selectFrom("agenda_finding_ack as a")
    .innerJoin("agenda_item as i", "i.id", "a.item_id")
    .select(["a.item_id", "a.code", "a.excerpt", "a.reason", "a.created_at"])
    .where("i.meeting_id", "=", meetingId)
    .orderBy("a.item_id")
    .orderBy("a.id")
    .execute();
  return { meeting, members, items, acks };
}

/** GET /api/v1/meetings/:id: the meeting, its members, and its items the viewer may see. */
export async function meetingJson(db: Tx, viewer: Viewer, meetingId: number) {
  const r = await readMeeting(db, viewer, meetingId);
  if (!r) return undefined;
  const { meeting: m } = r;
  return {
    id: m.id,
    body: m.body,
    date: m.meeting_date,
    startTime: m.start_time,
    place: m.place,
    presenter: m.presenter,
    publicSlug: m.public_slug,
    agendaPublishedAt: m.agenda_published_at,
    minutesPublishedAt: m.minutes_published_at,
    members: r.members.map((p) => ({ name: p.name, role: p.role })),
    items: r.items.map((i) => ({
      id: i.id,
      section: i.section,
      year: i.section_year,
      type: i.item_type,
      projectId: i.project_id,
      caseNumber: i.case_number,
      changeRequestId: i.change_request_id,
      title: i.title,
      preparers: preparersOf(i.preparers),
      presenter: i.presenter,
      background: i.background,
      proposal: i.proposal,
      status: i.status,
      finalisedAt: i.finalised_at,
      decision: i.decision,
      decisionText: i.decision_text,
      decidedAt: i.decided_at,
      continuesItemId: i.continues_item_id,
      acknowledgedFindings: r.acks.filter((a) => a.item_id === i.id).map((a) => ({ code: a.code, excerpt: a.excerpt, reason: a.reason, at: a.created_at })),
    })),
  };
}

/**
 * A wall-clock time in Helsinki as an ISO date-time with its offset that day:
 * "2026-05-20", "16:30" → "2026-05-20T16:30:00+03:00" (+02:00 in winter).
 */
export function helsinkiDateTime(day: string, time: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const offsetAt = (instant: number) => {
    const p = helsinkiParts(new Date(instant));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - instant;
  };
  // The offset of the instant that shows this wall time (checked once more across a change of offset).
  let offset = offsetAt(wall - offsetAt(wall));
  if (offsetAt(wall - offset) !== offset) offset = offsetAt(wall);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const hh = String(Math.trunc(Math.abs(minutes) / 60)).padStart(2, "0");
  const mm = String(Math.abs(minutes) % 60).padStart(2, "0");
  return `${day}T${time}:00${sign}${hh}:${mm}`;
}

/** The Popolo contexts of the terms the document borrows (see docs/api.md on how it differs). */
export const POPOLO_CONTEXT = [
  "http://www.popoloproject.com/contexts/event.jsonld",
  "http://www.popoloproject.com/contexts/motion.jsonld",
  "http://www.popoloproject.com/contexts/vote_event.jsonld",
] as const;

/**
 * GET /api/v1/meetings/:id/popolo: the meeting as a Popolo-like event with its items as motions
 * and their decisions, for publication: the texts without what is between ⟦ and ⟧, the preparers
 * with their names and titles only.
 */
export async function meetingPopolo(db: Tx, viewer: Viewer, meetingId: number) {
  const r = await readMeeting(db, viewer, meetingId);
  if (!r) return undefined;
  const { meeting: m } = r;
  return {
    "@context": POPOLO_CONTEXT,
    event: {
      id: m.id,
      name: `${m.body} ${formatDay(m.meeting_date)}`,
      start_date: helsinkiDateTime(m.meeting_date, m.start_time),
      location: m.place,
      organization: { name: m.body },
      attendees: r.members.map((p) => ({ name: p.name, role: p.role })),
    },
    items: r.items.map((i) => ({
      id: i.id,
      identifier: `§ ${i.section}`,
      title: publicText(i.title).trim(),
      case_number: i.case_number,
      preparers: preparersOf(i.preparers).map((p) => ({ name: p.name, title: p.title })),
      motion: { text: publicText(i.proposal).trim(), presenter: i.presenter || m.presenter },
      decision:
        i.status === "decided" && i.decision !== null
          ? // The body decided at the meeting: its day is the decision's (decidedAt, when it was recorded, is in the JSON API).
            { result: i.decision, text: publicText(i.decision_text).trim(), date: m.meeting_date }
          : null,
    })),
  };
}
