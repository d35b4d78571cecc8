/**
 * The committee's meetings in the JSON API: the list, one meeting with its members and items, and
 * the minutes in a Popolo-like form, read by a committee member with a session and with a bearer
 * token; the demo's meeting of 20.5.2026 (§ 13, 14, 15, 18 in Kokoustila Kekkonen). The Popolo
 * output carries no preparer's e-mail address or phone number and no text between ⟦ and ⟧; an
 * item about a project the caller may not see is left out everywhere; an association gets 403,
 * an unknown meeting 404, a bad page 400.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { headersFor, viewerOf } from "../helpers/auth";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { createApiToken } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { helsinkiDateTime } from "~/models/meeting-document.server";
import { loader as listApi } from "~/routes/api.v1.meetings";
import { loader as meetingApi } from "~/routes/api.v1.meetings.$meetingId";
import { loader as popoloApi } from "~/routes/api.v1.meetings.$meetingId.popolo";

const ctx = useTestDatabase("demo");

const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const SUMMIT = "KAJDno-2025-1294";
const OTE = "KAJDno-2026-641";

let meetingId: number;
let committee: Record<string, string>;
let bearer: Record<string, string>;

beforeAll(async () => {
  meetingId = (await ctx.db.selectFrom("meeting").select("id").executeTakeFirstOrThrow()).id;
  committee = await headersFor(ctx.db, "committee");
  const { token } = await createApiToken(ctx.db, SYSTEM, (await viewerOf(ctx.db, "committee")).userId, { name: "kokoukset" });
  bearer = { Authorization: `Bearer ${token}` };
});

const detail = (id: number | string, headers: Record<string, string>) =>
  callLoader(meetingApi, `/api/v1/meetings/${id}`, { meetingId: String(id) }, { headers });
const popolo = (id: number | string, headers: Record<string, string>) =>
  callLoader(popoloApi, `/api/v1/meetings/${id}/popolo`, { meetingId: String(id) }, { headers });

describe("GET /api/v1/meetings", () => {
  it("lists the demo's meeting for a committee member, with a session and with a token", async () => {
    for (const headers of [committee, bearer]) {
      const res = await callLoader(listApi, "/api/v1/meetings", {}, { headers });
      expect(res.status).toBe(200);
      const body = await jsonOf(res);
      expect(body).toMatchObject({ page: 1, limit: 50, pageCount: 1, total: 1, next: null, previous: null });
      expect(body.meetings).toEqual([
        {
          id: meetingId,
          body: DIVISION,
          date: "2026-05-20",
          startTime: "16:30",
          place: "Kokoustila Kekkonen",
          itemCount: 4,
          agendaPublishedAt: null,
          minutesPublishedAt: null,
          url: `/api/v1/meetings/${meetingId}`,
        },
      ]);
    }
  });

  it("is newest first, a page at a time, and a bad page or limit is a 400 naming it", async () => {
    const later = await ctx.db
      .insertInto("meeting")
      .values({
        body: DIVISION,
        meeting_date: "2026-06-17",
        start_time: "16:30",
        created_by: null,
        created_at: "2026-05-21T08:00:00.000Z",
        updated_at: "2026-05-21T08:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      const first = await jsonOf(await callLoader(listApi, "/api/v1/meetings?limit=1", {}, { headers: committee }));
      expect(first).toMatchObject({ page: 1, limit: 1, pageCount: 2, total: 2, next: "/api/v1/meetings?limit=1&page=2", previous: null });
      expect(first.meetings.map((m: { id: number; itemCount: number }) => [m.id, m.itemCount])).toEqual([[later.id, 0]]);
      const second = await jsonOf(await callLoader(listApi, "/api/v1/meetings?limit=1&page=2", {}, { headers: committee }));
      expect(second).toMatchObject({ page: 2, next: null, previous: "/api/v1/meetings?limit=1&page=1" });
      expect(second.meetings.map((m: { id: number }) => m.id)).toEqual([meetingId]);
      for (const [query, parameter] of [
        ["page=3&limit=1", "page"],
        ["page=0", "page"],
        ["limit=201", "limit"],
        ["limit=abc", "limit"],
      ] as const) {
        const res = await callLoader(listApi, `/api/v1/meetings?${query}`, {}, { headers: committee });
        expect(res.status, query).toBe(400);
        expect(await jsonOf(res)).toMatchObject({ error: "bad_request", parameter });
      }
    } finally {
      await ctx.db.deleteFrom("meeting").where("id", "=", later.id).execute();
    }
  });
});

describe("GET /api/v1/meetings/:id", () => {
  it("reads the meeting with its ten members and its four items, with a session and with a token", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const request = await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", summit).executeTakeFirstOrThrow();
    for (const headers of [committee, bearer]) {
      const res = await detail(meetingId, headers);
      expect(res.status).toBe(200);
      const m = await jsonOf(res);
      expect(m).toMatchObject({
        id: meetingId,
        body: DIVISION,
        date: "2026-05-20",
        startTime: "16:30",
        place: "Kokoustila Kekkonen",
        presenter: "Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö",
        agendaPublishedAt: null,
        minutesPublishedAt: null,
      });
      expect(m.members).toHaveLength(10);
      expect(m.members[0]).toEqual({ name: "Raimo Piirainen", role: "puheenjohtaja" });
      expect(m.items.map((i: { section: number }) => i.section)).toEqual([13, 14, 15, 18]);
      const s14 = m.items[1];
      expect(Object.keys(s14)).toEqual([
        "id",
        "section",
        "year",
        "type",
        "projectId",
        "caseNumber",
        "changeRequestId",
        "title",
        "preparers",
        "presenter",
        "background",
        "proposal",
        "status",
        "finalisedAt",
        "decision",
        "decisionText",
        "decidedAt",
        "continuesItemId",
        "acknowledgedFindings",
      ]);
      expect(s14).toMatchObject({
        section: 14,
        year: 2026,
        type: "change_request",
        projectId: summit,
        caseNumber: SUMMIT,
        changeRequestId: request.id,
        status: "draft",
        decision: null,
        continuesItemId: null,
        acknowledgedFindings: [],
      });
      // The JSON API is for the city's own readers: the preparers' contact details are there.
      expect(s14.preparers).toEqual([
        { name: "Milla Tikkanen", title: "Työllisyys- ja kansainvälisyyspäällikkö", email: "milla.tikkanen@kajaani.fi", phone: "" },
      ]);
      expect(s14.proposal.length).toBeGreaterThan(0);
    }
  });

  it("answers 404 for an unknown or malformed id, 403 to an association, 401 without a session", async () => {
    for (const id of ["999999", "abc", "1e3"]) {
      const res = await detail(id, committee);
      expect(res.status, id).toBe(404);
      expect(await jsonOf(res)).toMatchObject({ error: "not_found" });
      expect((await popolo(id, bearer)).status, id).toBe(404);
    }
    const haka = await headersFor(ctx.db, "haka");
    const { token } = await createApiToken(ctx.db, SYSTEM, (await viewerOf(ctx.db, "haka")).userId, { name: "haka" });
    for (const headers of [haka, { Authorization: `Bearer ${token}` }]) {
      expect((await callLoader(listApi, "/api/v1/meetings", {}, { headers })).status).toBe(403);
      const res = await detail(meetingId, headers);
      expect(res.status).toBe(403);
      expect(await jsonOf(res)).toEqual({ error: "forbidden" });
      expect((await popolo(meetingId, headers)).status).toBe(403);
    }
    expect((await callLoader(listApi, "/api/v1/meetings", {}, { headers: {} })).status).toBe(401);
    expect((await detail(meetingId, { Authorization: "Bearer hv_nonsense" })).status).toBe(401);
  });
});

describe("GET /api/v1/meetings/:id/popolo", () => {
  it("gives the event and its four items as motions, without any e-mail address", async () => {
    for (const headers of [committee, bearer]) {
      const res = await popolo(meetingId, headers);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain("@kajaani.fi");
      expect(text).not.toMatch(/"(email|phone)"/);
      const doc = JSON.parse(text);
      expect(doc["@context"]).toEqual(expect.arrayContaining(["http://www.popoloproject.com/contexts/event.jsonld"]));
      expect(doc.event).toEqual({
        id: meetingId,
        name: `${DIVISION} 20.5.2026`,
        start_date: "2026-05-20T16:30:00+03:00",
        location: "Kokoustila Kekkonen",
        organization: { name: DIVISION },
        attendees: expect.arrayContaining([
          { name: "Raimo Piirainen", role: "puheenjohtaja" },
          { name: "Milla Tikkanen", role: "sihteeri" },
        ]),
      });
      expect(doc.event.attendees).toHaveLength(10);
      expect(doc.items.map((i: { identifier: string }) => i.identifier)).toEqual(["§ 13", "§ 14", "§ 15", "§ 18"]);
      const s15 = doc.items[2];
      expect(s15).toMatchObject({ identifier: "§ 15", case_number: OTE, decision: null });
      expect(s15.preparers.map((p: { name: string }) => p.name)).toEqual(["Eeva-Maria Nivalainen", "Milla Tikkanen"]);
      expect(Object.keys(s15.preparers[0])).toEqual(["name", "title"]);
      expect(s15.motion.text.length).toBeGreaterThan(0);
      expect(s15.motion.presenter).toBe("Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö");
    }
  });

  it("leaves out what is between ⟦ and ⟧ and gives a decided item's result", async () => {
    const item = await ctx.db.selectFrom("agenda_item").select(["id", "proposal"]).where("section", "=", 18).executeTakeFirstOrThrow();
    await ctx.db
      .updateTable("agenda_item")
      .set({
        proposal: `${item.proposal}\n\n⟦Ei julkinen: neuvottelu kesken.⟧`,
        status: "decided",
        finalised_at: "2026-05-19T10:00:00.000Z",
        decision: "noted",
        decision_text: "Merkitään tiedoksi. ⟦Sisäinen huomautus.⟧",
        decided_at: "2026-05-20T14:10:00.000Z",
      })
      .where("id", "=", item.id)
      .execute();
    const doc = await jsonOf(await popolo(meetingId, committee));
    const s18 = doc.items[3];
    expect(s18.motion.text).not.toContain("Ei julkinen");
    expect(s18.motion.text).not.toMatch(/[⟦⟧]/);
    expect(s18.decision).toEqual({ result: "noted", text: "Merkitään tiedoksi.", date: "2026-05-20" });
    // The JSON API keeps the text as written, marks and all (its readers are the city's own).
    const m = await jsonOf(await detail(meetingId, committee));
    expect(m.items[3]).toMatchObject({ status: "decided", decision: "noted", decidedAt: "2026-05-20T14:10:00.000Z" });
    expect(m.items[3].proposal).toContain("⟦Ei julkinen: neuvottelu kesken.⟧");
  });

  it("leaves out an item about a project the caller may not see (a committee member sees no drafts)", async () => {
    const ote = await projectIdByCase(ctx.db, OTE);
    const { status } = await ctx.db.selectFrom("project").select("status").where("id", "=", ote).executeTakeFirstOrThrow();
    await ctx.db.updateTable("project").set({ status: "planning" }).where("id", "=", ote).execute();
    try {
      const list = await jsonOf(await callLoader(listApi, "/api/v1/meetings", {}, { headers: committee }));
      expect(list.meetings[0].itemCount).toBe(3);
      const m = await jsonOf(await detail(meetingId, committee));
      expect(m.items.map((i: { section: number }) => i.section)).toEqual([13, 14, 18]);
      const doc = await jsonOf(await popolo(meetingId, committee));
      expect(doc.items.map((i: { identifier: string }) => i.identifier)).toEqual(["§ 13", "§ 14", "§ 18"]);
      // A manager sees every project, and every item.
      const manager = await headersFor(ctx.db, "manager");
      expect((await jsonOf(await detail(meetingId, manager))).items).toHaveLength(4);
    } finally {
      await ctx.db.updateTable("project").set({ status }).where("id", "=", ote).execute();
    }
  });
});

describe("the meeting's start in Helsinki time", () => {
  it("has the day's offset: +03:00 in summer, +02:00 in winter", () => {
    expect(helsinkiDateTime("2026-05-20", "16:30")).toBe("2026-05-20T16:30:00+03:00");
    expect(helsinkiDateTime("2026-01-14", "09:00")).toBe("2026-01-14T09:00:00+02:00");
    // The days the clocks change: before and after the change.
    expect(helsinkiDateTime("2026-03-29", "02:30")).toBe("2026-03-29T02:30:00+02:00");
    expect(helsinkiDateTime("2026-03-29", "05:00")).toBe("2026-03-29T05:00:00+03:00");
    expect(helsinkiDateTime("2026-10-25", "01:00")).toBe("2026-10-25T01:00:00+03:00");
    expect(helsinkiDateTime("2026-10-25", "12:00")).toBe("2026-10-25T12:00:00+02:00");
  });
});
