/**
 * Committee meetings and agenda items through the routes against a real SQLite file: a meeting
 * created, an item drafted from the ledger with the next § of the body's year, a § taken twice
 * refused, the demo's OTE item flagged by the checks and finalised only with every finding
 * acknowledged (the reasons kept), editing a decided item refused, and who may do what.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { headersFor, useSignedIn } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newMeetingAction } from "~/routes/meetings.new";
import { loader as meetingsLoader } from "~/routes/meetings._index";
import { action as newItemAction, loader as newItemLoader } from "~/routes/meetings.$meetingId.items.new";
import { action as itemAction, loader as itemLoader } from "~/routes/agenda-items.$itemId";
import { loader as printLoader } from "~/routes/meetings.$meetingId.print";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$meetingId._index";
import { loader as publicLoader } from "~/routes/public.meetings.$slug";
import { decodeError } from "~/schemas/field-errors";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

let demoMeeting: number;
let ote: number;
let others: { haka: Record<string, string>; committee: Record<string, string> };

beforeAll(async () => {
  demoMeeting = (await ctx.db.selectFrom("meeting").select("id").executeTakeFirstOrThrow()).id;
  ote = (await ctx.db.selectFrom("agenda_item").select("id").where("section", "=", 15).executeTakeFirstOrThrow()).id;
  others = { haka: await headersFor(ctx.db, "haka"), committee: await headersFor(ctx.db, "committee") };
});

async function errorsOf(res: Response) {
  const data = await jsonOf<{ errors: Record<string, string> }>(res);
  return Object.fromEntries(Object.entries(data.errors).map(([k, v]) => [k, decodeError(v).key]));
}
const itemCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom("agenda_item")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("meetings", () => {
  it("the demo's meeting of 20.5.2026 with § 13, 14, 15 and 18 drafted from the ledger", async () => {
    const res = await callLoader(meetingLoader, `/meetings/${demoMeeting}`, { meetingId: String(demoMeeting) });
    expect(res.status).toBe(200);
    const d = await jsonOf(res);
    expect(d.meeting).toMatchObject({
      body: "Työllisyys- ja kansainvälisyysjaosto",
      meeting_date: "2026-05-20",
      start_time: "16:30",
      place: "Kokoustila Kekkonen",
    });
    expect(d.items.map((i: { section: number }) => i.section)).toEqual([13, 14, 15, 18]);
    // Each project's card: the city's money is its commitments of the current plan (confirmed and conditional, once).
    for (const card of d.cards as { projectId: number; cityCents: number; cityConditionalCents: number }[]) {
      const v = await ctx.db
        .selectFrom("plan_version")
        .select("id")
        .where("project_id", "=", card.projectId)
        .where("state", "=", "current")
        .executeTakeFirstOrThrow();
      const rows = await ctx.db.selectFrom("commitment").select(["amount_cents", "condition_status"]).where("plan_version_id", "=", v.id).execute();
      const live = rows.filter((r) => r.condition_status !== "failed");
      expect(card.cityCents).toBe(live.reduce((a, r) => a + r.amount_cents, 0));
      expect(card.cityConditionalCents).toBe(live.filter((r) => r.condition_status === "pending").reduce((a, r) => a + r.amount_cents, 0));
    }
    expect(d.cards.map((c: { shortName: string }) => c.shortName)).toEqual(["Kotona Kajaanissa", "SUMMIT", "OTE", "FLOW"]);
    expect((await callLoader(meetingsLoader, "/meetings")).status).toBe(200);
    const print = await jsonOf(await callLoader(printLoader, `/meetings/${demoMeeting}/print`, { meetingId: String(demoMeeting) }));
    expect(print.items).toHaveLength(4);
    expect(print.items[1].proposal).toContain("hyväksyy muutoshakemuksen");
  });

  it("creates a meeting; a bad time is refused next to its field and nothing is saved", async () => {
    const fields = {
      body: "Työllisyys- ja kansainvälisyysjaosto",
      meetingDate: "16.12.2026",
      startTime: "25:00",
      place: "Kekkonen",
      presenter: "Milla Tikkanen",
      members: "Raimo Piirainen, puheenjohtaja\nMilla Tikkanen, sihteeri",
    };
    const bad = await postForm(newMeetingAction, "/meetings/new", fields);
    expect(bad.status).toBe(400);
    expect((await errorsOf(bad)).startTime).toBe("agenda.error.time");
    const ok = await postForm(newMeetingAction, "/meetings/new", { ...fields, startTime: "16.30" });
    expect(ok.status).toBe(302);
    const id = Number(ok.headers.get("Location")!.split("/").pop());
    const m = await ctx.db.selectFrom("meeting").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ meeting_date: "2026-12-16", start_time: "16:30" });
    const members = await ctx.db.selectFrom("meeting_member").select(["name", "role"]).where("meeting_id", "=", id).orderBy("position").execute();
    expect(members).toEqual([
      { name: "Raimo Piirainen", role: "puheenjohtaja" },
      { name: "Milla Tikkanen", role: "sihteeri" },
    ]);
  });
});

describe("agenda items", () => {
  let meeting: number;
  beforeAll(async () => {
    meeting = (await ctx.db.selectFrom("meeting").select("id").where("meeting_date", "=", "2026-12-16").executeTakeFirstOrThrow()).id;
  });
  const post = (fields: Record<string, string>) => postForm(newItemAction, `/meetings/${meeting}/items/new`, fields, { meetingId: String(meeting) });

  it("drafts a change-request item from the ledger with the next § of the body's year", async () => {
    const page = await jsonOf(await callLoader(newItemLoader, `/meetings/${meeting}/items/new`, { meetingId: String(meeting) }));
    expect(page.values.section).toBe("19"); // § 13–18 are taken in 2026
    const res = await post({
      caseNumber: "KAJDno-2025-1294",
      itemType: "change_request",
      section: "",
      title: "",
      preparers: "Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö, milla.tikkanen@kajaani.fi, 044 123 4567",
      presenter: "",
    });
    expect(res.status).toBe(302);
    const item = await ctx.db.selectFrom("agenda_item").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(item).toMatchObject({ section: 19, section_year: 2026, item_type: "change_request", case_number: "KAJDno-2025-1294", status: "draft" });
    expect(item.change_request_id).not.toBeNull();
    expect(item.background).toContain("Kajaanin Haka ry (y-tunnus 0185547-3)");
    expect(item.proposal).toContain("hyväksyy muutoshakemuksen");
    expect(JSON.parse(item.preparers)).toEqual([
      { name: "Milla Tikkanen", title: "Työllisyys- ja kansainvälisyyspäällikkö", email: "milla.tikkanen@kajaani.fi", phone: "044 123 4567" },
    ]);
  });

  it("refuses a § taken twice, an unknown case number and a project item without one; nothing saved", async () => {
    const before = await itemCount();
    const taken = await post({ caseNumber: "KAJDno-2023-1068", itemType: "final_report", section: "14" });
    expect(taken.status).toBe(400);
    expect((await errorsOf(taken)).section).toBe("agenda.error.sectionTaken");
    const unknown = await post({ caseNumber: "KAJDno-0000-1", itemType: "final_report" });
    expect((await errorsOf(unknown)).caseNumber).toBe("agenda.error.noProject");
    const none = await post({ caseNumber: "", itemType: "final_report" });
    expect((await errorsOf(none)).caseNumber).toBe("agenda.error.projectNeeded");
    expect(await itemCount()).toBe(before);
  });
});

describe("the checks and finalising (§ 15 OTE)", () => {
  const url = () => `/agenda-items/${ote}`;
  const params = () => ({ itemId: String(ote) });

  it("shows the OTE inconsistency as findings where they occur", async () => {
    const d = await jsonOf(await callLoader(itemLoader, url(), params()));
    expect(d.findings.length).toBeGreaterThan(0);
    const f = d.findings.find((x: { field: string; code: string }) => x.field === "proposal" && x.code === "yearOutsidePeriod");
    expect(f).toBeDefined();
    expect(d.item.proposal.slice(f.start, f.end)).toBe(f.excerpt);
    expect(f.excerpt).toMatch(/2027.2029/);
  });

  it("refuses to finalise without a reason for every finding; finalises with them and keeps the reasons", async () => {
    const d = await jsonOf(await callLoader(itemLoader, url(), params()));
    const acks = d.findings
      .map((f: { key: string }, i: number) => [[`ack.${i}.key`, f.key] as [string, string], [`ack.${i}.reason`, ""] as [string, string]])
      .flat();
    const refused = await postForm(itemAction, url(), [["intent", "finalise"], ["revision", String(d.revision)], ...acks], params());
    expect(refused.status).toBe(400);
    expect(Object.values(await errorsOf(refused))).toContain("agenda.error.ackNeeded");
    expect((await ctx.db.selectFrom("agenda_item").select("status").where("id", "=", ote).executeTakeFirstOrThrow()).status).toBe("draft");
    const withReasons = d.findings
      .map((f: { key: string }, i: number) => [
        [`ack.${i}.key`, f.key] as [string, string],
        [`ack.${i}.reason`, "Jaoston päätös 20.5.2026: vuodet korjataan talousarviossa."] as [string, string],
      ])
      .flat();
    const ok = await postForm(itemAction, url(), [["intent", "finalise"], ["revision", String(d.revision)], ...withReasons], params());
    expect(ok.status).toBe(302);
    expect((await ctx.db.selectFrom("agenda_item").select("status").where("id", "=", ote).executeTakeFirstOrThrow()).status).toBe("final");
    const kept = await ctx.db.selectFrom("agenda_finding_ack").select(["code", "reason"]).where("item_id", "=", ote).execute();
    expect(kept).toHaveLength(d.findings.length);
    expect(kept[0]!.reason).toContain("korjataan");
  });

  it("editing returns a final item to draft; a decided item cannot be edited", async () => {
    const d = await jsonOf(await callLoader(itemLoader, url(), params()));
    const fields = { ...d.values, proposal: `${d.values.proposal} Lisäys.` };
    const res = await postForm(itemAction, url(), fields, params());
    expect(res.status).toBe(302);
    const row = await ctx.db.selectFrom("agenda_item").selectAll().where("id", "=", ote).executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
    expect(await ctx.db.selectFrom("agenda_finding_ack").select("id").where("item_id", "=", ote).execute()).toEqual([]);
    await ctx.db
      .updateTable("agenda_item")
      .set({ status: "decided", finalised_at: "2026-05-19T10:00:00.000Z", decision: "as_proposed", decided_at: "2026-05-20T15:00:00.000Z" })
      .where("id", "=", ote)
      .execute();
    const after = await jsonOf(await callLoader(itemLoader, url(), params()));
    expect(after.canWrite).toBe(false);
    const refused = await postForm(itemAction, url(), { ...after.values, proposal: "Muutettu." }, params());
    expect(refused.status).toBe(400);
    expect((await errorsOf(refused)).revision).toBe("agenda.error.decided");
    expect((await ctx.db.selectFrom("agenda_item").select("proposal").where("id", "=", ote).executeTakeFirstOrThrow()).proposal).toBe(row.proposal);
  });
});

describe("decisions", () => {
  const itemAt = async (section: number) =>
    await ctx.db.selectFrom("agenda_item").selectAll().where("section", "=", section).where("section_year", "=", 2026).executeTakeFirstOrThrow();
  const decide = async (id: number, fields: Record<string, string>) => {
    const d = await jsonOf(await callLoader(itemLoader, `/agenda-items/${id}`, { itemId: String(id) }));
    return postForm(itemAction, `/agenda-items/${id}`, { intent: "decide", revision: String(d.revision), ...fields }, { itemId: String(id) });
  };
  const finalise = async (id: number) => {
    const d = await jsonOf(await callLoader(itemLoader, `/agenda-items/${id}`, { itemId: String(id) }));
    const acks = d.findings.flatMap(
      (f: { key: string }, i: number) =>
        [
          [`ack.${i}.key`, f.key],
          [`ack.${i}.reason`, "Tarkistettu."],
        ] as [string, string][],
    );
    const res = await postForm(itemAction, `/agenda-items/${id}`, [["intent", "finalise"], ["revision", String(d.revision)], ...acks], { itemId: String(id) });
    expect(res.status).toBe(302);
  };

  it("refuses a decision on a draft, without a choice, or amended without its text", async () => {
    const summit = await itemAt(14);
    expect(summit.status).toBe("draft");
    const draft = await decide(summit.id, { decision: "as_proposed" });
    expect(draft.status).toBe(400);
    expect((await errorsOf(draft)).decision).toBe("agenda.error.notFinal");
    await finalise(summit.id);
    expect((await errorsOf(await decide(summit.id, { decision: "" }))).decision).toBe("error.required");
    expect((await errorsOf(await decide(summit.id, { decision: "amended", decisionText: "" }))).decisionText).toBe("agenda.error.decisionText");
    expect((await itemAt(14)).status).toBe("final");
  });

  it("as proposed on § 14: SUMMIT's change request is decided in the ledger with the meeting's § as its reference", async () => {
    const summit = await itemAt(14);
    const before = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", summit.change_request_id!).executeTakeFirstOrThrow();
    expect(before.state).toBe("pending");
    const res = await decide(summit.id, { decision: "as_proposed", decisionText: "" });
    expect(res.status).toBe(302);
    const item = await itemAt(14);
    expect(item).toMatchObject({ status: "decided", decision: "as_proposed", decision_text: item.proposal });
    const request = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", summit.change_request_id!).executeTakeFirstOrThrow();
    expect(request).toMatchObject({
      state: "approved_conditionally",
      decision_body: "Työllisyys- ja kansainvälisyysjaosto",
      decision_date: "2026-05-20",
      decision_section: "14",
      condition_text: "Mikäli hanke saa ESR-rahoituksen.",
    });
    // Deciding again is refused; nothing changes.
    expect((await decide(summit.id, { decision: "rejected", decisionText: "Hylätään." })).status).toBe(400);
    expect((await ctx.db.selectFrom("change_request").select("state").where("id", "=", summit.change_request_id!).executeTakeFirstOrThrow()).state).toBe(
      "approved_conditionally",
    );
  });

  it("a tabled item moves to a later meeting of the body with its history; § 18 is noted", async () => {
    const flow = await itemAt(18);
    await finalise(flow.id);
    const later = (await ctx.db.selectFrom("meeting").select("id").where("meeting_date", "=", "2026-12-16").executeTakeFirstOrThrow()).id;
    expect((await errorsOf(await decide(flow.id, { decision: "tabled", toMeetingId: "" }))).toMeetingId).toBe("error.required");
    const res = await decide(flow.id, { decision: "tabled", toMeetingId: String(later) });
    expect(res.status).toBe(302);
    const moved = await ctx.db.selectFrom("agenda_item").selectAll().where("continues_item_id", "=", flow.id).executeTakeFirstOrThrow();
    expect(res.headers.get("Location")).toBe(`/agenda-items/${moved.id}`);
    expect(moved).toMatchObject({ meeting_id: later, status: "draft", title: flow.title, proposal: flow.proposal });
    expect((await itemAt(18)).decision).toBe("tabled");
    await finalise(moved.id);
    expect((await decide(moved.id, { decision: "noted" })).status).toBe(302);
    expect(await ctx.db.selectFrom("agenda_item").select(["status", "decision"]).where("id", "=", moved.id).executeTakeFirstOrThrow()).toEqual({
      status: "decided",
      decision: "noted",
    });
  });
});

describe("publication (Kuntalaki § 140)", () => {
  const publish = (intent: string) => postForm(meetingAction, `/meetings/${demoMeeting}`, { intent }, { meetingId: String(demoMeeting) });

  it("refuses to publish an agenda with an item not finalised; publishes once every item is; the minutes once every item is decided", async () => {
    const refused = await publish("agenda");
    expect(refused.status).toBe(400);
    expect((await errorsOf(refused)).publish).toBe("agenda.error.unfinished");
    expect(
      (await ctx.db.selectFrom("meeting").select("agenda_published_at").where("id", "=", demoMeeting).executeTakeFirstOrThrow()).agenda_published_at,
    ).toBeNull();
    // § 13: a part marked not public, then finalised.
    const kotona = await ctx.db.selectFrom("agenda_item").selectAll().where("meeting_id", "=", demoMeeting).where("section", "=", 13).executeTakeFirstOrThrow();
    const d = await jsonOf(await callLoader(itemLoader, `/agenda-items/${kotona.id}`, { itemId: String(kotona.id) }));
    const edited = await postForm(
      itemAction,
      `/agenda-items/${kotona.id}`,
      { ...d.values, background: `${d.values.background}\n\n⟦Henkilöstöasia: ei julkinen.⟧` },
      { itemId: String(kotona.id) },
    );
    expect(edited.status).toBe(302);
    const d2 = await jsonOf(await callLoader(itemLoader, `/agenda-items/${kotona.id}`, { itemId: String(kotona.id) }));
    const acks = d2.findings.flatMap(
      (f: { key: string }, i: number) =>
        [
          [`ack.${i}.key`, f.key],
          [`ack.${i}.reason`, "Tarkistettu."],
        ] as [string, string][],
    );
    expect(
      (
        await postForm(itemAction, `/agenda-items/${kotona.id}`, [["intent", "finalise"], ["revision", String(d2.revision)], ...acks], {
          itemId: String(kotona.id),
        })
      ).status,
    ).toBe(302);
    const ok = await publish("agenda");
    expect(ok.status).toBe(302);
    const m = await ctx.db.selectFrom("meeting").selectAll().where("id", "=", demoMeeting).executeTakeFirstOrThrow();
    expect(m.public_slug).toMatch(/^2026-05-20-/);
    expect(m.agenda_published_at).not.toBeNull();
    expect((await errorsOf(await publish("minutes"))).publish).toBe("agenda.error.undecided");
  });

  it("the public agenda opens without signing in, without contact details or text marked not public", async () => {
    const m = await ctx.db.selectFrom("meeting").select("public_slug").where("id", "=", demoMeeting).executeTakeFirstOrThrow();
    const res = await callLoader(publicLoader, `/public/meetings/${m.public_slug}`, { slug: m.public_slug! }, { headers: { Cookie: "" } });
    expect(res.status).toBe(200);
    const text = JSON.stringify(await jsonOf(res));
    expect(text).toContain('"section":13');
    expect(text).toContain("Milla Tikkanen");
    expect(text).not.toMatch(/@kajaani\.fi/);
    expect(text).not.toContain("Henkilöstöasia");
    expect(text).not.toContain("⟦");
    expect((await callLoader(publicLoader, "/public/meetings/nope", { slug: "nope" })).status).toBe(404);
  });
});

describe("who may", () => {
  it("an association's representative sees no meetings; a committee member reads but does not write", async () => {
    expect((await callLoader(meetingsLoader, "/meetings", {}, { headers: others.haka })).status).toBe(403);
    expect((await callLoader(itemLoader, `/agenda-items/${ote}`, { itemId: String(ote) }, { headers: others.haka })).status).toBe(403);
    expect((await callLoader(meetingLoader, `/meetings/${demoMeeting}`, { meetingId: String(demoMeeting) }, { headers: others.committee })).status).toBe(200);
    const before = await itemCount();
    const res = await postForm(
      newItemAction,
      `/meetings/${demoMeeting}/items/new`,
      { caseNumber: "KAJDno-2023-1068", itemType: "final_report" },
      { meetingId: String(demoMeeting) },
      others.committee,
    );
    expect(res.status).toBe(403);
    expect(await itemCount()).toBe(before);
  });
});
