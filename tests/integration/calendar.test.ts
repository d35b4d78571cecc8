/**
 * The per-user iCalendar feed: who sees which deadlines (the same scoping as the pages), the
 * feed's RFC 5545 structure, stable UIDs, the secret URL (404 alike for every wrong token,
 * regenerating and revoking), and the account page's calendar section beside the password change.
 */
import { insertDeadline } from "../helpers/deadlines";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import type { ObligationKind } from "../../db/schema";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { EMAIL, useSignedIn, viewerOf } from "../helpers/auth";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { loader as feedLoader } from "~/routes/calendar.$token";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import {
  calendarFeedExists,
  createCalendarFeed,
  feedForToken,
  FEED_MAX_EVENTS,
  foldLine,
  listFeedDeadlines,
  revokeCalendarFeed,
} from "~/models/calendar.server";
import { addDays, addMonths } from "~/domain/obligations";
import { todayInHelsinki } from "~/domain/clock";
import { randomToken } from "~/models/password.server";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const TODAY = todayInHelsinki();
const BASE = "http://localhost";
const CASES = { summit: "KAJDno-2025-1294", kotona: "KAJDno-2024-1358", ote: "KAJDno-2026-641", flow: "KAJDno-2023-1068" } as const;
type Key = keyof typeof CASES;

const ids = {} as Record<Key, number>;
/** Deadline ids by project. */
const deadlines: Record<Key, number[]> = { summit: [], kotona: [], ote: [], flow: [] };
let tooOld = 0;
let longTitle = 0;

async function userId(db: DB, account: keyof typeof EMAIL): Promise<number> {
  return (await db.selectFrom("app_user").select("id").where("email", "=", EMAIL[account]).executeTakeFirstOrThrow()).id;
}

/** An obligation with one deadline, written directly (the project's period as its generation period). */
async function addDeadline(
  db: DB,
  projectId: number,
  d: {
    kind: ObligationKind;
    dueDate: string;
    title?: string;
    status?: "open" | "submitted" | "accepted" | "returned";
    periodStart?: string | null;
    periodEnd?: string | null;
  },
): Promise<number> {
  return insertDeadline(db, projectId, d);
}

/** Every deadline of these projects that a feed of today holds (the demo data's own as well as this file's). */
async function inWindow(keys: Key[]): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("deadline")
    .select("id")
    .where(
      "project_id",
      "in",
      keys.map((k) => ids[k]),
    )
    .where("due_date", ">=", addMonths(TODAY, -12))
    .execute();
  return rows.map((r) => uid(r.id));
}

const uidsOf = (ics: string) => [...unfold(ics).matchAll(/^UID:(.*)$/gm)].map((m) => m[1]!);
const uid = (id: number) => `deadline-${id}@hankevahti`;
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "").replace(/\r\n/g, "\n");

/** The events of a feed as maps of property name (with parameters) → value. */
function eventsOf(ics: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of unfold(ics).split("\n")) {
    if (line === "BEGIN:VEVENT") current = new Map();
    else if (line === "END:VEVENT") {
      out.push(current!);
      current = null;
    } else if (current) {
      const i = line.indexOf(":");
      current.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return out;
}

async function feedOf(account: "manager" | "committee" | "haka" | "spr", today = TODAY): Promise<string> {
  const token = await createCalendarFeed(ctx.db, await userId(ctx.db, account));
  const text = await feedForToken(ctx.db, token, today, { baseUrl: BASE });
  expect(text).not.toBeNull();
  return text!;
}

beforeAll(async () => {
  for (const k of Object.keys(CASES) as Key[]) ids[k] = await projectIdByCase(ctx.db, CASES[k]);
  for (const k of Object.keys(CASES) as Key[]) {
    deadlines[k].push(await addDeadline(ctx.db, ids[k], { kind: "yearly_report", dueDate: addDays(TODAY, 40) }));
    deadlines[k].push(await addDeadline(ctx.db, ids[k], { kind: "payment_application", dueDate: addMonths(TODAY, -6), status: "accepted" }));
  }
  deadlines.summit.push(await addDeadline(ctx.db, ids.summit, { kind: "committee_report", dueDate: TODAY }));
  deadlines.flow.push(await addDeadline(ctx.db, ids.flow, { kind: "final_report", dueDate: addDays(TODAY, 400), status: "submitted" }));
  longTitle = await addDeadline(ctx.db, ids.summit, {
    kind: "single",
    dueDate: addDays(TODAY, 3),
    title: "Tilintarkastajan lausunto työllisyyspalveluiden ja yhdistyksen yhteisestä hankkeesta, äöå-merkit mukana",
    periodStart: null,
    periodEnd: null,
  });
  deadlines.summit.push(longTitle);
  // More than 12 months ago: not in any feed.
  tooOld = await addDeadline(ctx.db, ids.summit, { kind: "yearly_report", dueDate: addDays(addMonths(TODAY, -12), -1) });
});

describe("who sees which deadlines", () => {
  it("a manager's feed holds exactly the deadlines of every project, 12 months back and all future ones, by date", async () => {
    const ics = await feedOf("manager");
    const expected = await inWindow(["summit", "kotona", "ote", "flow"]);
    expect(new Set(uidsOf(ics))).toEqual(new Set(expected));
    expect(uidsOf(ics)).toHaveLength(expected.length);
    for (const id of Object.values(deadlines).flat()) expect(uidsOf(ics)).toContain(uid(id));
    expect(uidsOf(ics)).not.toContain(uid(tooOld));
    const starts = eventsOf(ics).map((e) => e.get("DTSTART;VALUE=DATE")!);
    expect(starts).toEqual([...starts].sort());
  });

  it("an association's feed (Kajaanin Haka ry) holds its own projects' deadlines and nothing of another organisation's", async () => {
    const ics = await feedOf("haka");
    const expected = await inWindow(["summit", "flow"]);
    expect(new Set(uidsOf(ics))).toEqual(new Set(expected));
    for (const id of [...deadlines.summit, ...deadlines.flow]) expect(uidsOf(ics)).toContain(uid(id));
    for (const id of [...deadlines.kotona, ...deadlines.ote]) expect(ics).not.toContain(uid(id));
    expect(unfold(ics)).not.toContain("Kotona Kajaanissa");
    expect(unfold(ics)).not.toContain(CASES.ote);
    // the same as the model's list for the viewer
    const listed = await listFeedDeadlines(ctx.db, await viewerOf(ctx.db, "haka"), TODAY);
    expect(listed.map((d) => uid(d.id)).sort()).toEqual([...expected].sort());
  });

  it("a committee member's feed leaves out projects being planned (drafts)", async () => {
    await ctx.db.updateTable("project").set({ status: "planning" }).where("id", "=", ids.ote).execute();
    try {
      const committee = await feedOf("committee");
      for (const id of deadlines.ote) expect(committee).not.toContain(uid(id));
      expect(new Set(uidsOf(committee))).toEqual(new Set(await inWindow(["summit", "kotona", "flow"])));
      // a manager still sees the draft's deadlines
      const manager = await feedOf("manager");
      for (const id of deadlines.ote) expect(manager).toContain(uid(id));
    } finally {
      await ctx.db.updateTable("project").set({ status: "committee_conditional" }).where("id", "=", ids.ote).execute();
    }
  });

  it("keeps to FEED_MAX_EVENTS, the future ones first", async () => {
    const viewer = await viewerOf(ctx.db, "manager");
    const two = await listFeedDeadlines(ctx.db, viewer, TODAY, 2);
    const firstFuture = await ctx.db.selectFrom("deadline").select("id").where("due_date", ">=", TODAY).orderBy("due_date").orderBy("id").limit(2).execute();
    expect(two.map((d) => d.id)).toEqual(firstFuture.map((r) => r.id));
    expect(FEED_MAX_EVENTS).toBe(2000);
  });
});

describe("the feed's text (RFC 5545)", () => {
  let ics = "";
  beforeAll(async () => {
    ics = await feedOf("manager");
  });

  it("uses CRLF line endings and folds every line at 75 octets without splitting a character", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    const physical = ics.slice(0, -2).split("\r\n");
    expect(physical.join("")).not.toMatch(/[\r\n]/); // no bare CR or LF
    for (const line of physical) expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(" "))).toBe(true); // the long title was folded
    expect(ics).not.toContain("\uFFFD");
    // folding keeps the text: the long title reads back whole
    const event = eventsOf(ics).find((e) => e.get("UID") === uid(longTitle))!;
    expect(event.get("SUMMARY")).toBe("SUMMIT: Tilintarkastajan lausunto työllisyyspalveluiden ja yhdistyksen yhteisestä hankkeesta\\, äöå-merkit mukana");
    expect(
      foldLine("ä".repeat(80))
        .split("\r\n")
        .map((l) => Buffer.byteLength(l)),
    ).toEqual([74, 75, 13]);
  });

  it("nests BEGIN/END in pairs: one VCALENDAR around the VEVENTs", () => {
    const stack: string[] = [];
    let calendars = 0;
    for (const line of unfold(ics).split("\n").filter(Boolean)) {
      if (line.startsWith("BEGIN:")) {
        stack.push(line.slice(6));
        if (line === "BEGIN:VCALENDAR") calendars++;
      } else if (line.startsWith("END:")) expect(stack.pop()).toBe(line.slice(4));
      else expect(stack.length, line).toBeGreaterThan(0);
    }
    expect(stack).toEqual([]);
    expect(calendars).toBe(1);
    expect(unfold(ics).startsWith("BEGIN:VCALENDAR\n")).toBe(true);
    expect(unfold(ics).endsWith("END:VCALENDAR\n")).toBe(true);
  });

  it("has the calendar's properties: VERSION, PRODID, METHOD:PUBLISH, its name and time zone", () => {
    const head = unfold(ics).split("BEGIN:VEVENT")[0]!;
    expect(head).toContain("VERSION:2.0\n");
    expect(head).toMatch(/^PRODID:.+$/m);
    expect(head).toContain("METHOD:PUBLISH\n");
    expect(head).toContain("X-WR-CALNAME:Hankevahti – määräajat\n");
    expect(head).toContain("X-WR-TIMEZONE:Europe/Helsinki\n");
  });

  it("makes each deadline one all-day event: DATE start, the next day as end, UID, DTSTAMP, Finnish summary, description and the project's URL", () => {
    const events = eventsOf(ics);
    expect(events).toHaveLength(uidsOf(ics).length);
    for (const e of events) {
      expect(e.get("UID")).toMatch(/^deadline-\d+@hankevahti$/);
      expect(e.get("DTSTAMP")).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e.get("DTSTART;VALUE=DATE")).toMatch(/^\d{8}$/);
      expect(e.get("DTEND;VALUE=DATE")).toMatch(/^\d{8}$/);
      expect(e.has("DTSTART")).toBe(false); // never a date-time
    }
    const id = deadlines.summit[0]!;
    const e = events.find((x) => x.get("UID") === uid(id))!;
    const due = addDays(TODAY, 40);
    expect(e.get("DTSTART;VALUE=DATE")).toBe(due.replaceAll("-", ""));
    expect(e.get("DTEND;VALUE=DATE")).toBe(addDays(due, 1).replaceAll("-", ""));
    expect(e.get("SUMMARY")).toBe("SUMMIT: vuosiraportti");
    expect(e.get("URL")).toBe(`${BASE}/projects/${ids.summit}`);
    const description = e.get("DESCRIPTION")!;
    expect(description).toContain("SUMMIT");
    expect(description).toContain(CASES.summit);
    expect(description).toContain("Tila: avoin");
    expect(description).toContain("Kausi: 1.4.2026–30.3.2028");
    const payment = events.find((x) => x.get("UID") === uid(deadlines.kotona[1]!))!;
    expect(payment.get("SUMMARY")).toBe("Kotona Kajaanissa: maksatushakemus");
    expect(payment.get("DESCRIPTION")).toContain("Tila: hyväksytty");
    const committee = events.find((x) => x.get("UID") === uid(deadlines.summit[2]!))!;
    expect(committee.get("SUMMARY")).toBe("SUMMIT: raportti jaostolle");
  });

  it("keeps a deadline's UID when its date moves", async () => {
    const id = deadlines.kotona[0]!;
    const moved = addDays(TODAY, 55);
    const before = eventsOf(await feedOf("manager"));
    await ctx.db.updateTable("deadline").set({ due_date: moved, updated_at: new Date().toISOString() }).where("id", "=", id).execute();
    const after = eventsOf(await feedOf("manager"));
    expect(after.map((e) => e.get("UID")).sort()).toEqual(before.map((e) => e.get("UID")).sort());
    const e = after.find((x) => x.get("UID") === uid(id))!;
    expect(e.get("DTSTART;VALUE=DATE")).toBe(moved.replaceAll("-", ""));
  });

  it("an account with no deadlines to see still gets a valid, empty calendar", async () => {
    const ics = await feedOf("spr", addDays(TODAY, 5000));
    expect(unfold(ics)).toContain("X-WR-TIMEZONE:Europe/Helsinki\n");
    expect(uidsOf(ics)).toEqual([]);
  });
});

describe("GET /calendar/<token>.ics", () => {
  const get = (token: string) => callLoader(feedLoader, `/calendar/${encodeURIComponent(token)}`, { token }, { headers: { Cookie: "" } });

  it("serves the feed with its headers, without a session, with absolute links to this site", async () => {
    const token = await createCalendarFeed(ctx.db, await userId(ctx.db, "haka"));
    const res = await get(`${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=300");
    expect(res.headers.get("Content-Disposition")).toBe('inline; filename="hankevahti.ics"');
    const text = await res.text();
    expect(uidsOf(text)).toContain(uid(deadlines.summit[0]!));
    expect(unfold(text)).toContain(`URL:http://localhost/projects/${ids.summit}\n`);
  });

  it("answers a wrong, a malformed, a suffix-less, a revoked token and an inactive user's alike: 404 with the same plain body", async () => {
    const haka = await userId(ctx.db, "haka");
    const revokedToken = await createCalendarFeed(ctx.db, haka);
    await revokeCalendarFeed(ctx.db, haka);
    const committee = await userId(ctx.db, "committee");
    const inactiveToken = await createCalendarFeed(ctx.db, committee);
    await ctx.db.updateTable("app_user").set({ active: 0 }).where("id", "=", committee).execute();
    try {
      const tokens = [`${randomToken()}.ics`, "not a token.ics", "../../etc/passwd.ics", ".ics", randomToken(), `${revokedToken}.ics`, `${inactiveToken}.ics`];
      const answers = await Promise.all(tokens.map(get));
      const bodies = new Set<string>();
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
        bodies.add(await res.text());
      }
      expect(bodies.size).toBe(1);
      expect([...bodies][0]).not.toMatch(/user|käyttäjä|revoked|inactive/i);
    } finally {
      await ctx.db.updateTable("app_user").set({ active: 1 }).where("id", "=", committee).execute();
    }
    // the same token works again once the account is active
    expect((await get(`${inactiveToken}.ics`)).status).toBe(200);
  });

  it("regenerating stops the old URL; only the hash of the token is stored", async () => {
    const manager = await userId(ctx.db, "manager");
    const first = await createCalendarFeed(ctx.db, manager);
    expect((await get(`${first}.ics`)).status).toBe(200);
    const second = await createCalendarFeed(ctx.db, manager);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await get(`${first}.ics`)).status).toBe(404);
    expect((await get(`${second}.ics`)).status).toBe(200);
    const rows = await ctx.db.selectFrom("calendar_feed").selectAll().where("user_id", "=", manager).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(second);
  });
});

describe("the account page's calendar section", () => {
  const feedPath = (url: string) => new URL(url).pathname.slice("/calendar/".length);

  afterAll(async () => {
    await revokeCalendarFeed(ctx.db, await userId(ctx.db, "manager"));
  });

  it("creates the feed with a plain post, shows its full URL once, regenerates (the old URL stops) and revokes it", async () => {
    const manager = await userId(ctx.db, "manager");
    await revokeCalendarFeed(ctx.db, manager);
    expect((await jsonOf(await callLoader(accountLoader, "/account"))).calendarCreatedDay).toBeNull();

    const created = await postForm(accountAction, "/account", { intent: "calendar-create" });
    expect(created.status).toBe(200);
    const c = await jsonOf(created);
    expect(c).toMatchObject({ ok: true, calendar: "created" });
    expect(c.feedUrl).toMatch(/^http:\/\/localhost\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await callLoader(feedLoader, new URL(c.feedUrl).pathname, { token: feedPath(c.feedUrl) })).status).toBe(200);
    // the page now says a feed exists, and does not show its URL again
    const page = await jsonOf(await callLoader(accountLoader, "/account"));
    expect(page.calendarCreatedDay).toBe(TODAY);
    expect(JSON.stringify(page)).not.toContain(feedPath(c.feedUrl).replace(".ics", ""));

    const again = await jsonOf(await postForm(accountAction, "/account", { intent: "calendar-create" }));
    expect(again).toMatchObject({ ok: true, calendar: "regenerated" });
    expect((await callLoader(feedLoader, "/calendar/x", { token: feedPath(c.feedUrl) })).status).toBe(404);
    expect((await callLoader(feedLoader, "/calendar/x", { token: feedPath(again.feedUrl) })).status).toBe(200);

    const revoked = await jsonOf(await postForm(accountAction, "/account", { intent: "calendar-revoke" }));
    expect(revoked).toEqual({ ok: true, calendar: "revoked" });
    expect(await calendarFeedExists(ctx.db, manager)).toBe(false);
    expect((await callLoader(feedLoader, "/calendar/x", { token: feedPath(again.feedUrl) })).status).toBe(404);
    expect(await jsonOf(await postForm(accountAction, "/account", { intent: "calendar-revoke" }))).toEqual({ ok: true, calendar: "revokedNone" });
  });

  it("refuses a calendar post from another site or without a session, and leaves the password change as it was", async () => {
    expect((await postForm(accountAction, "/account", { intent: "calendar-create" }, {}, { Origin: "https://evil.example" })).status).toBe(403);
    const anonymous = await postForm(accountAction, "/account", { intent: "calendar-create" }, {}, { Cookie: null });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect(await calendarFeedExists(ctx.db, await userId(ctx.db, "manager"))).toBe(false);
    // a post without an intent is still the password change
    const wrong = await postForm(accountAction, "/account", { currentPassword: "väärä-salasana", newPassword: "uusi-salasana-2026" });
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).errors.currentPassword).toBe("auth.password.wrong");
  });
});
