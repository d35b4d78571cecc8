/**
 * The per-user iCalendar feed of deadlines (RFC 5545, made with `ics`): a secret URL per user,
 * /calendar/<token>.ics. Only the token's SHA-256 is stored (like sessions and API tokens), so
 * the database alone cannot open a feed; creating a new one replaces the old, which then stops
 * working. The feed holds the deadlines of the projects the user may see now (the same scoping
 * as every page: projectVisible), from 12 months back and all future ones, at most
 * FEED_MAX_EVENTS, one all-day event each whose UID follows the deadline row (it stays the same
 * when the date moves).
 */
import { createEvents, type EventAttributes } from "ics";
import type { DB } from "../../db/connection";
import type { Viewer } from "~/domain/permissions";
import { addDays, addMonths, type DeadlineStatus, type ObligationKind } from "~/domain/obligations";
import type { Day } from "~/domain/days";
import { translator, type Lang, type Translate } from "~/i18n";
import { randomToken, sha256 } from "./password.server";
import { projectVisible } from "./scope.server";
import { toViewer } from "./user.server";

/** The most events one feed holds (the future ones first, then the past ones, newest first). */
export const FEED_MAX_EVENTS = 2000;
/** How far back the feed goes. */
export const FEED_MONTHS_BACK = 12;
export const FEED_TIME_ZONE = "Europe/Helsinki";
const PRODUCT_ID = "-//Hankevahti//Deadlines//FI";
/** Events rendered between two yields to the event loop (ics validates each one, ~0.5 ms). */
const CHUNK = 200;

/**
 * Creates the user's feed, or replaces the one they had (its URL stops working); returns the
 * token, which is not stored and cannot be shown again.
 */
export async function createCalendarFeed(db: DB, userId: number, now = new Date()): Promise<string> {
  const token = randomToken();
  const hash = sha256(token);
  await db
    .insertInto("calendar_feed")
    .values({ user_id: userId, token_hash: hash, created_at: now.toISOString() })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ token_hash: hash, created_at: now.toISOString() }))
    .execute();
  return token;
}

/** Removes the user's feed; false when there was none. */
export async function revokeCalendarFeed(db: DB, userId: number): Promise<boolean> {
  const r = await db.deleteFrom("calendar_feed").where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** When the user's feed was created (a UTC instant), or null when they have none. */
export async function getCalendarFeed(db: DB, userId: number): Promise<{ createdAt: string } | null> {
  const row = await db.selectFrom("calendar_feed").select("created_at").where("user_id", "=", userId).executeTakeFirst();
  return row ? { createdAt: row.created_at } : null;
}

export async function calendarFeedExists(db: DB, userId: number): Promise<boolean> {
  return (await getCalendarFeed(db, userId)) !== null;
}

/** The feed's owner, if the token is one that exists and its user is active. */
export async function viewerForFeedToken(db: DB, token: string): Promise<Viewer | null> {
  // Every token, well-formed or not, takes this same path: one hash, one indexed lookup.
  const row = await db
    .selectFrom("calendar_feed as f")
    .innerJoin("app_user as u", "u.id", "f.user_id")
    .select(["u.id", "u.name", "u.email", "u.role", "u.organisation_id", "u.active"])
    .where("f.token_hash", "=", sha256(token))
    .executeTakeFirst();
  return row && row.active === 1 ? toViewer(row) : null;
}

export interface FeedDeadline {
  id: number;
  kind: ObligationKind;
  title: string;
  dueDate: Day;
  status: DeadlineStatus;
  periodStart: Day | null;
  periodEnd: Day | null;
  revision: number;
  updatedAt: string;
  projectId: number;
  projectName: string;
  shortName: string;
  caseNumber: string;
}

/**
 * The deadlines of the feed, by date: every one due today or later (up to the limit), then as
 * many of the last 12 months as still fit, the newest first. Scoped by the viewer.
 */
export async function listFeedDeadlines(db: DB, viewer: Viewer, today: Day, limit = FEED_MAX_EVENTS): Promise<FeedDeadline[]> {
  const base = db
    .selectFrom("deadline as d")
    .innerJoin("project as p", "p.id", "d.project_id")
    .innerJoin("obligation as o", "o.id", "d.obligation_id")
    .select([
      "d.id",
      "d.kind",
      "o.title",
      "d.due_date",
      "d.status",
      "d.period_start",
      "d.period_end",
      "d.revision",
      "d.updated_at",
      "p.id as project_id",
      "p.name as project_name",
      "p.short_name",
      "p.case_number",
    ])
    .where(projectVisible(viewer, "p"));
  const future = await base.where("d.due_date", ">=", today).orderBy("d.due_date").orderBy("d.id").limit(limit).execute();
  const past =
    future.length < limit
      ? await base
          .where("d.due_date", ">=", addMonths(today, -FEED_MONTHS_BACK))
          .where("d.due_date", "<", today)
          .orderBy("d.due_date", "desc")
          .orderBy("d.id", "desc")
          .limit(limit - future.length)
          .execute()
      : [];
  return [...past.reverse(), ...future].map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    dueDate: r.due_date,
    status: r.status,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    revision: r.revision,
    updatedAt: r.updated_at,
    projectId: r.project_id,
    projectName: r.project_name,
    shortName: r.short_name,
    caseNumber: r.case_number,
  }));
}

/** What a deadline is called: its kind, or a single obligation's own title. */
export function deadlineName(t: Translate, kind: ObligationKind, title: string): string {
  if (kind === "single") return title.trim() || t("calendar.kind.single");
  return t(`calendar.kind.${kind}`);
}

export const deadlineUid = (id: number) => `deadline-${id}@hankevahti`;

const dayArray = (day: Day): [number, number, number] => [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];

function eventOf(d: FeedDeadline, t: Translate, baseUrl: string, now: Date): EventAttributes {
  const period =
    d.periodStart && d.periodEnd
      ? t("calendar.event.period", { startDay: d.periodStart, endDay: d.periodEnd })
      : d.periodStart
        ? t("calendar.event.periodFrom", { startDay: d.periodStart })
        : d.periodEnd
          ? t("calendar.event.periodUntil", { endDay: d.periodEnd })
          : null;
  const description = [
    t("calendar.event.project", { name: d.projectName === d.shortName ? d.projectName : `${d.projectName} (${d.shortName})` }),
    t("calendar.event.caseNumber", { caseNumber: d.caseNumber }),
    t("calendar.event.status", { status: t(`calendar.status.${d.status}`) }),
    period,
  ].filter((line): line is string => line !== null);
  const updated = Date.parse(d.updatedAt);
  return {
    uid: deadlineUid(d.id),
    title: `${d.shortName}: ${deadlineName(t, d.kind, d.title)}`,
    description: description.join("\n"),
    start: dayArray(d.dueDate),
    end: dayArray(addDays(d.dueDate, 1)),
    url: `${baseUrl}/projects/${d.projectId}`,
    sequence: Math.max(0, d.revision - 1),
    ...(Number.isFinite(updated) ? { lastModified: updated } : {}),
    transp: "TRANSPARENT",
    busyStatus: "FREE",
    // DTSTAMP: when this copy of the event was made (ics reads `timestamp`, not in its types).
    ...({ timestamp: now.getTime() } as object),
  };
}

function unwrap<T>(r: { error: Error | null; value: T | null }): T {
  if (r.error || r.value === null) throw r.error ?? new Error("ics returned nothing");
  return r.value;
}

/** The events of a chunk, without the calendar around them. */
function eventsOnly(text: string): string {
  const from = text.indexOf("BEGIN:VEVENT\r\n");
  const to = text.lastIndexOf("END:VEVENT\r\n");
  return from < 0 || to < 0 ? "" : text.slice(from, to + "END:VEVENT\r\n".length);
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with a space,
 * and a UTF-8 character is never cut in two (ics folds by characters, which lets a line of
 * Finnish text run past 75 octets).
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, "utf8") <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, "utf8");
    if (octets + n > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** Unfolds whatever ics folded and folds every line again by octets; adds X-WR-TIMEZONE. */
function normalise(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  if (lines.at(-1) === "") lines.pop();
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    if (line.startsWith("X-WR-CALNAME:")) out.push(`X-WR-TIMEZONE:${FEED_TIME_ZONE}`);
  }
  return out.map(foldLine).join("\r\n") + "\r\n";
}

/**
 * The feed's text: a VCALENDAR (PUBLISH, named, Europe/Helsinki) with one all-day event per
 * deadline. Renders in chunks and yields between them, so a long feed does not hold up others.
 */
export async function calendarText(deadlines: readonly FeedDeadline[], options: { baseUrl: string; now?: Date; lang?: Lang }): Promise<string> {
  const t = translator(options.lang ?? "fi");
  const now = options.now ?? new Date();
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const whole = unwrap(createEvents([], { productId: PRODUCT_ID, method: "PUBLISH", calName: t("calendar.feedName") }));
  const footer = "END:VCALENDAR\r\n";
  let body = "";
  for (let i = 0; i < deadlines.length; i += CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    body += eventsOnly(unwrap(createEvents(deadlines.slice(i, i + CHUNK).map((d) => eventOf(d, t, baseUrl, now)))));
  }
  if (!whole.endsWith(footer)) throw new Error("unexpected calendar from ics");
  return normalise(whole.slice(0, -footer.length) + body + footer);
}

/**
 * The feed of a token, or null when the token is wrong, malformed, revoked or its user is
 * inactive (the caller answers all of these alike). `baseUrl` is the site's origin for the
 * project links.
 */
export async function feedForToken(db: DB, token: string, today: Day, options: { baseUrl: string; now?: Date; lang?: Lang }): Promise<string | null> {
  const viewer = await viewerForFeedToken(db, token);
  if (!viewer) return null;
  return calendarText(await listFeedDeadlines(db, viewer, today), options);
}
