/**
 * Employment bonus claims through the real routes and a real SQLite file (the demo data): an
 * association files with its evidence (a multipart post as a browser sends it) and sees only its
 * own claims; refusals come back at their field with 400 (or 404 for another organisation) and
 * nothing saved; a manager's two concurrent approvals (and payments) change the claim once; the
 * year's figures by month and association agree with the claims.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { pdf, exe } from "../helpers/office-files";
import { action as newAction, loader as newLoader } from "~/routes/bonus-claims.new";
import { action as claimAction, loader as claimLoader } from "~/routes/bonus-claims.$claimId._index";
import { loader as listLoader } from "~/routes/bonus-claims._index";
import { loader as homeLoader } from "~/routes/_index";
import { action as summaryAction, loader as summaryLoader } from "~/routes/bonus-claims.summary";
import { loader as fileLoader } from "~/routes/bonus-claims.$claimId.attachments.$attachmentId";
import { setAttachmentDirForTests } from "~/models/attachment.server";
import { addCalendarMonths } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay } from "~/domain/days";
import { decodeError } from "~/schemas/field-errors";

const ctx = useTestDatabase("demo");
const DIR = path.resolve("tests/.tmp", `bonus-${crypto.randomUUID()}`);
const headers = {} as Record<DemoAccount, Record<string, string>>;
const today = todayInHelsinki();
/** A start five months ago: payable now. */
const payableStart = addCalendarMonths(today, -5);
let hakaId: number;
let sprId: number;

beforeAll(async () => {
  setAttachmentDirForTests(DIR);
  for (const a of ["manager", "committee", "haka", "spr", "admin"] as const) headers[a] = await headersFor(ctx.db, a);
  hakaId = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
  sprId = await organisationIdByName(ctx.db, "Suomen Punaisen Ristin Oulun piiri");
});

afterAll(() => {
  setAttachmentDirForTests(undefined);
  fs.rmSync(DIR, { recursive: true, force: true });
});

const claimCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom("bonus_claim")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Posts the claim form as a browser does: multipart, with the evidence file (or an empty file field). */
async function file(
  account: DemoAccount,
  fields: Record<string, string>,
  evidence: { name: string; bytes: Uint8Array } | null = { name: "todiste.pdf", bytes: pdf() },
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append(
    "file",
    evidence ? new File([new Uint8Array(evidence.bytes)], evidence.name, { type: "application/pdf" }) : new File([], "", { type: "application/octet-stream" }),
  );
  const request = new Request("http://localhost/bonus-claims/new", { method: "POST", body, headers: headers[account] });
  try {
    return await newAction({ request, params: {}, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const work = (reference: string, startDate = payableStart) => ({ reference, kind: "work", startDate: formatDay(startDate), employmentCondition: "on" });
const idOf = (res: Response) => Number(/\/bonus-claims\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const errorsOf = async (res: Response) =>
  Object.fromEntries(Object.entries((await jsonOf<{ errors: Record<string, string> }>(res)).errors).map(([k, v]) => [k, decodeError(v).key]));
const revisionOf = async (id: number) => (await ctx.db.selectFrom("bonus_claim").select("revision").where("id", "=", id).executeTakeFirstOrThrow()).revision;
const post = (account: DemoAccount, id: number, fields: Record<string, string>) =>
  postForm(claimAction, `/bonus-claims/${id}`, fields, { claimId: String(id) }, headers[account]);

describe("filing a claim", () => {
  it("an association files with its evidence; the claim is payable four months after the start", async () => {
    const res = await file("haka", work("T-HAKA-1"));
    expect(res.status).toBe(302);
    const id = idOf(res);
    const row = await ctx.db.selectFrom("bonus_claim").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organisation_id: hakaId,
      status: "submitted",
      payable_on: addCalendarMonths(payableStart, 4),
      amount_cents: 100_000,
      filed_on: today,
    });
    const page = await jsonOf(await callLoader(claimLoader, `/bonus-claims/${id}`, { claimId: String(id) }, { headers: headers.haka }));
    expect(page.claim.stage).toBe("in_review");
    expect(page.attachments).toHaveLength(1);
    const dl = await callLoader(fileLoader, "x", { claimId: String(id), attachmentId: String(page.attachments[0].id) }, { headers: headers.haka });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    // Another association cannot open it or its evidence.
    expect((await callLoader(claimLoader, `/bonus-claims/${id}`, { claimId: String(id) }, { headers: headers.spr })).status).toBe(404);
    expect((await callLoader(fileLoader, "x", { claimId: String(id), attachmentId: String(page.attachments[0].id) }, { headers: headers.spr })).status).toBe(
      404,
    );
  });

  it("a claim filed before four months have passed waits for its day and cannot be approved before it", async () => {
    const start = addCalendarMonths(today, -1);
    const res = await file("haka", work("T-HAKA-EARLY", start));
    expect(res.status).toBe(302);
    const id = idOf(res);
    const page = await jsonOf(await callLoader(claimLoader, `/bonus-claims/${id}`, { claimId: String(id) }, { headers: headers.manager }));
    expect(page.claim.stage).toBe("waiting");
    const r = await post("manager", id, { intent: "review", decision: "approve", message: "", revision: String(await revisionOf(id)) });
    expect(r.status).toBe(400);
    expect(await errorsOf(r)).toEqual({ decision: "bonus.error.notYetPayable" });
    expect((await ctx.db.selectFrom("bonus_claim").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  it.each([
    ["a start in the future", { ...work("T-FUT"), startDate: formatDay(addCalendarMonths(today, 1)) }, { startDate: "bonus.error.startInFuture" }],
    ["a reference like a henkilötunnus", work("131052-308T"), { reference: "bonus.error.reference.hetu" }],
    ["a reference like a name", work("Matti Meikäläinen"), { reference: "bonus.error.reference.name" }],
    [
      "work without the employment condition",
      { reference: "T-NOCOND", kind: "work", startDate: formatDay(payableStart) },
      { employmentCondition: "bonus.error.employmentCondition" },
    ],
    [
      "studies on unemployment benefit",
      { reference: "T-UB", kind: "studies", startDate: formatDay(payableStart), studySupport: "unemployment_benefit" },
      { studySupport: "bonus.error.unemploymentBenefit" },
    ],
    ["a date not in the calendar", { ...work("T-31-2"), startDate: "31.2.2026" }, { startDate: "error.day.notInCalendar" }],
    ["a personal identity code in the note", { ...work("T-NOTE"), note: "asiakas 010203A123B" }, { note: "bonus.error.text.hetu" }],
  ])("refuses %s at its field, 400, nothing saved", async (_label, fields, expected) => {
    const before = await claimCount();
    const res = await file("haka", fields as Record<string, string>);
    expect(res.status).toBe(400);
    expect(await errorsOf(res)).toMatchObject(expected);
    expect(await claimCount()).toBe(before);
  });

  it("refuses a claim without evidence or with a program as evidence", async () => {
    const before = await claimCount();
    const none = await file("haka", work("T-NOFILE"), null);
    expect(none.status).toBe(400);
    expect(await errorsOf(none)).toEqual({ file: "bonus.error.evidenceRequired" });
    const program = await file("haka", work("T-EXE"), { name: "todiste.pdf", bytes: exe() });
    expect(program.status).toBe(400);
    expect(await errorsOf(program)).toEqual({ file: "attachment.error.executable" });
    expect(await claimCount()).toBe(before);
  });

  it("a second claim for the same reference and start is refused, however the reference is spaced or cased", async () => {
    expect((await file("haka", work("T-DUP-1"))).status).toBe(302);
    const before = await claimCount();
    const res = await file("haka", work("  t-dup-1 "));
    expect(res.status).toBe(400);
    // (The file must be chosen again: the form says so at the file field.)
    expect(await errorsOf(res)).toEqual({ reference: "bonus.error.duplicate", file: "bonus.error.fileAgain" });
    expect(await claimCount()).toBe(before);
    // Another association may use the same reference of its own.
    expect((await file("spr", work("T-DUP-1"))).status).toBe(302);
  });

  it("a claim for another association, or naming another association's project, is not found; nothing saved", async () => {
    const before = await claimCount();
    expect((await file("haka", { ...work("T-OTHER"), organisationId: String(sprId) })).status).toBe(404);
    // Kotona Kajaanissa is the city's and SPR's project, not Haka's.
    const kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    expect((await file("haka", { ...work("T-OTHERPROJ"), projectId: String(kotona) })).status).toBe(404);
    expect(await claimCount()).toBe(before);
    // SPR may name it.
    expect((await file("spr", { ...work("T-SPRPROJ"), projectId: String(kotona) })).status).toBe(302);
  });

  it("only associations file: a manager and a committee member are refused", async () => {
    expect((await callLoader(newLoader, "/bonus-claims/new", {}, { headers: headers.manager })).status).toBe(403);
    expect((await file("committee", work("T-COMM"))).status).toBe(403);
  });
});

describe("who sees which claims", () => {
  it("the front page tells a manager what waits for review and payment, and an association what waits for its answer", async () => {
    const home = async (account: DemoAccount) => (await jsonOf(await callLoader(homeLoader, "/", {}, { headers: headers[account] }))).bonus;
    const counts = async (where: (q: any) => any) =>
      Number((await where(ctx.db.selectFrom("bonus_claim").select((eb) => eb.fn.countAll<number>().as("n"))).executeTakeFirstOrThrow()).n);
    expect(await home("manager")).toMatchObject({
      key: "bonus.home.manager",
      review: await counts((q) => q.where("status", "=", "submitted").where("payable_on", "<=", today)),
      approved: await counts((q) => q.where("status", "=", "approved")),
    });
    expect(await home("spr")).toMatchObject({
      key: "bonus.home.association",
      count: await counts((q) => q.where("status", "=", "info_requested").where("organisation_id", "=", sprId)),
      to: "/bonus-claims?show=info_requested",
    });
    expect(await home("haka")).toBeNull();
    expect(await home("committee")).toBeNull();
  });

  it("an association lists only its own organisation's claims; a manager lists all; a committee member none", async () => {
    const list = async (account: DemoAccount) => jsonOf(await callLoader(listLoader, "/bonus-claims?show=all", {}, { headers: headers[account] }));
    const haka = await list("haka");
    expect(haka.claims.length).toBeGreaterThan(0);
    expect(new Set(haka.claims.map((c: { organisationId: number }) => c.organisationId))).toEqual(new Set([hakaId]));
    expect(haka.counts.all.count).toBe(
      Number(
        (
          await ctx.db
            .selectFrom("bonus_claim")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("organisation_id", "=", hakaId)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const spr = await list("spr");
    expect(new Set(spr.claims.map((c: { organisationId: number }) => c.organisationId))).toEqual(new Set([sprId]));
    const manager = await list("manager");
    expect(manager.counts.all.count).toBe(await claimCount());
    expect((await callLoader(listLoader, "/bonus-claims", {}, { headers: headers.committee })).status).toBe(403);
    // An association cannot widen its list with another organisation's id.
    const widened = await jsonOf(await callLoader(listLoader, `/bonus-claims?show=all&organisation=${sprId}`, {}, { headers: headers.haka }));
    expect(widened.counts.all.count).toBe(haka.counts.all.count);
  });
});

describe("review and payment", () => {
  it("two concurrent approvals of one claim approve it once; two concurrent payments pay it once", async () => {
    const id = idOf(await file("haka", work("T-CONC")));
    const rev = String(await revisionOf(id));
    const both = await Promise.all([
      post("manager", id, { intent: "review", decision: "approve", message: "", revision: rev }),
      post("manager", id, { intent: "review", decision: "approve", message: "", revision: rev }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([302, 400]);
    const events = await ctx.db.selectFrom("bonus_claim_event").select("action").where("claim_id", "=", id).where("action", "=", "approved").execute();
    expect(events).toHaveLength(1);
    const rev2 = String(await revisionOf(id));
    const paid = await Promise.all([
      post("manager", id, { intent: "paid", paidOn: formatDay(today), revision: rev2 }),
      post("manager", id, { intent: "paid", paidOn: formatDay(today), revision: rev2 }),
    ]);
    expect(paid.map((r) => r.status).sort()).toEqual([302, 400]);
    const row = await ctx.db.selectFrom("bonus_claim").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "paid", approved_on: today, paid_on: today });
    expect(await ctx.db.selectFrom("bonus_claim_event").select("action").where("claim_id", "=", id).where("action", "=", "paid").execute()).toHaveLength(1);
  });

  it("an edit without its version token is refused; a decision needs a choice, and a message unless approving", async () => {
    const id = idOf(await file("haka", work("T-REV")));
    expect(await errorsOf(await post("manager", id, { intent: "review", decision: "approve", message: "" }))).toEqual({ revision: "error.revision.missing" });
    const rev = String(await revisionOf(id));
    expect(await errorsOf(await post("manager", id, { intent: "review", decision: "", message: "", revision: rev }))).toEqual({ decision: "error.required" });
    expect(await errorsOf(await post("manager", id, { intent: "review", decision: "reject", message: "", revision: rev }))).toEqual({
      message: "bonus.error.messageRequired",
    });
    // Associations cannot decide; a committee member cannot either.
    expect((await post("haka", id, { intent: "review", decision: "approve", message: "", revision: rev })).status).toBe(403);
    expect((await post("committee", id, { intent: "review", decision: "approve", message: "", revision: rev })).status).toBe(403);
    expect((await ctx.db.selectFrom("bonus_claim").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  it("more evidence: the manager asks, the association answers with a file, the claim is back in review; a rejection carries its reason", async () => {
    const id = idOf(await file("spr", work("T-INFO")));
    expect(
      (await post("manager", id, { intent: "review", decision: "request_info", message: "Liittäkää työsopimus.", revision: String(await revisionOf(id)) }))
        .status,
    ).toBe(302);
    const body = new FormData();
    body.append("intent", "answer");
    body.append("revision", String(await revisionOf(id)));
    body.append("message", "Työsopimus liitteenä.");
    body.append("file", new File([new Uint8Array(pdf("Sopimus"))], "sopimus.pdf"));
    const answered = await claimAction({
      request: new Request(`http://localhost/bonus-claims/${id}`, { method: "POST", body, headers: headers.spr }),
      params: { claimId: String(id) },
      context: {},
    });
    expect(answered.status).toBe(302);
    const page = await jsonOf(await callLoader(claimLoader, `/bonus-claims/${id}`, { claimId: String(id) }, { headers: headers.spr }));
    expect(page.claim.stage).toBe("in_review");
    expect(page.attachments).toHaveLength(2);
    expect(page.events.map((e: { action: string }) => e.action)).toEqual(["filed", "info_requested", "answered"]);
    expect(
      (await post("manager", id, { intent: "review", decision: "reject", message: "Palkkatuettu työ.", revision: String(await revisionOf(id)) })).status,
    ).toBe(302);
    const rejected = await ctx.db.selectFrom("bonus_claim").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(rejected).toMatchObject({ status: "rejected", reject_reason: "Palkkatuettu työ.", rejected_on: today });
  });

  it("a withdrawn claim frees its reference and start; another organisation's claim cannot be withdrawn", async () => {
    const id = idOf(await file("haka", work("T-WD")));
    expect((await post("spr", id, { intent: "withdraw", revision: String(await revisionOf(id)) })).status).toBe(404);
    expect((await post("haka", id, { intent: "withdraw", revision: String(await revisionOf(id)) })).status).toBe(302);
    expect((await file("haka", work("T-WD"))).status).toBe(302);
  });
});

describe("the year's figures", () => {
  it("budget, approved and paid by month and association, pending, and the estimate agree with the claims", async () => {
    const year = Number(today.slice(0, 4));
    const res = await callLoader(summaryLoader, `/bonus-claims/summary?year=${year}`, {}, { headers: headers.committee });
    expect(res.status).toBe(200);
    const d = await jsonOf(res);
    const approved = await ctx.db
      .selectFrom("bonus_claim")
      .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("amount_cents").as("c")])
      .where("approved_on", ">=", `${year}-01-01`)
      .where("approved_on", "<=", `${year}-12-31`)
      .executeTakeFirstOrThrow();
    expect(d.summary.totals.approvedCount).toBe(Number(approved.n));
    expect(d.summary.totals.approvedCents).toBe(Number(approved.c));
    expect(d.summary.months.reduce((s: number, m: { approvedCents: number }) => s + m.approvedCents, 0)).toBe(Number(approved.c));
    expect(d.summary.organisations.reduce((s: number, o: { approvedCents: number }) => s + o.approvedCents, 0)).toBe(Number(approved.c));
    expect(d.summary.remainingCents).toBe(d.summary.settings.budgetCents - Number(approved.c));
    expect(d.summary.estimate.cents).toBe(Number(approved.n) * 4 * d.summary.settings.monthlySavingCents);
    // Associations do not see the city's figures.
    expect((await callLoader(summaryLoader, "/bonus-claims/summary", {}, { headers: headers.haka })).status).toBe(403);
  });

  it("a manager sets the year's budget with its version token; a committee member cannot", async () => {
    const y = "2031";
    const set = (account: DemoAccount, fields: Record<string, string>) =>
      postForm(summaryAction, "/bonus-claims/summary", { intent: "budget", year: y, ...fields }, {}, headers[account]);
    expect((await set("committee", { budget: "1 000", monthlySaving: "" })).status).toBe(403);
    expect((await set("manager", { budget: "25 000,50", monthlySaving: "412,30", revision: "" })).status).toBe(302);
    expect(await ctx.db.selectFrom("bonus_year").selectAll().where("year", "=", 2031).executeTakeFirstOrThrow()).toMatchObject({
      budget_cents: 2_500_050,
      monthly_saving_cents: 41_230,
    });
    // Saving over it without the revision is refused; with it, saved.
    expect(await errorsOf(await set("manager", { budget: "1", monthlySaving: "", revision: "" }))).toEqual({ revision: "error.revision.stale" });
    expect(await errorsOf(await set("manager", { budget: "abc", monthlySaving: "", revision: "1" }))).toEqual({ budget: "error.money.invalid" });
    expect((await set("manager", { budget: "30 000", monthlySaving: "", revision: "1" })).status).toBe(302);
    expect(await ctx.db.selectFrom("bonus_year").selectAll().where("year", "=", 2031).executeTakeFirstOrThrow()).toMatchObject({
      budget_cents: 3_000_000,
      monthly_saving_cents: null,
      revision: 2,
    });
  });
});
