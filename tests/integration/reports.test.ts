/**
 * Reports from grantees through the routes, as a browser without JavaScript posts them, against a
 * real SQLite file and a real SMTP listener: drafts, submission against the plan (refused with the
 * field's message, nothing saved), the receipt by e-mail, the review (return with comments,
 * resubmission, acceptance once even when two managers accept at the same time), what
 * acceptance adds to the indicators and the realised figures, the refund, and scope (another
 * organisation's report is 404, a committee member reads but cannot write).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { headersFor, useSignedIn } from "../helpers/auth";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { loader as reportLoader } from "~/routes/reports.$reportId._index";
import { action as editAction, loader as editLoader } from "~/routes/reports.$reportId.edit";
import { action as reviewAction, loader as reviewLoader } from "~/routes/reports.$reportId.review";
import { loader as receiptLoader } from "~/routes/reports.$reportId.receipt";
import { action as startAction, loader as startLoader } from "~/routes/deadlines.$deadlineId_.report";
import { action as refundAction, loader as refundLoader } from "~/routes/projects.$projectId.refund";
import { decodeError } from "~/schemas/field-errors";

const inbox: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as { port: number }).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_URL;
});

const ctx = useTestDatabase("demo");
const signedIn = useSignedIn(ctx, "haka");

const SUMMIT = "KAJDno-2025-1294";
const FLOW = "KAJDno-2023-1068";
let summit: number;
let reportId: number;
let deadlineId: number;
let other: { spr: Record<string, string>; committee: Record<string, string>; manager: Record<string, string>; manager2: Record<string, string> };

beforeAll(async () => {
  summit = await projectIdByCase(ctx.db, SUMMIT);
  const r = await ctx.db.selectFrom("report").select(["id", "deadline_id"]).where("project_id", "=", summit).executeTakeFirstOrThrow();
  reportId = r.id;
  deadlineId = r.deadline_id!;
  other = {
    spr: await headersFor(ctx.db, "spr"),
    committee: await headersFor(ctx.db, "committee"),
    manager: await headersFor(ctx.db, "manager"),
    manager2: await headersFor(ctx.db, "manager"),
  };
});

const complete = (o: Record<string, string> = {}): Record<string, string> => ({
  periodStart: "1.4.2026",
  periodEnd: "31.3.2027",
  reachedWomen: "8",
  reachedMen: "5",
  reachedOther: "1",
  reachedTotal: "14",
  outcomeWork: "2",
  outcomeEducation: "3",
  outcomeOther: "1",
  partners: "4",
  esrReceived: "80 000",
  cityReceived: "20 000,00",
  otherReceived: "0",
  "costs.staff.amount": "71 428,57",
  "costs.staff.explanation": "",
  doneText: "Ryhmät aloittivat syksyllä.",
  changesText: "",
  nextText: "Toinen vuosi.",
  ...o,
});

const row = () => ctx.db.selectFrom("report").selectAll().where("id", "=", reportId).executeTakeFirstOrThrow();
/** Posts to the form (save, autosave, submit), or with intent "review" to the manager's review. */
const post = (fields: Record<string, string>, headers: Record<string, string | null> = {}, id = reportId) => {
  const { intent, ...rest } = fields;
  return intent === "review"
    ? postForm(reviewAction, `/reports/${id}/review`, rest, { reportId: String(id) }, headers)
    : postForm(editAction, `/reports/${id}/edit`, fields, { reportId: String(id) }, headers);
};
async function errorsOf(res: Response) {
  const data = await jsonOf<{ errors: Record<string, string> }>(res);
  return Object.fromEntries(Object.entries(data.errors).map(([k, v]) => [k, decodeError(v).key]));
}
const reachOf = async (projectId: number) =>
  (await ctx.db
    .selectFrom("indicator")
    .select(["id", "value_total", "entry_count"])
    .where("project_id", "=", projectId)
    .where("kind", "=", "reach")
    .executeTakeFirst()) ?? null;

describe("the association's draft", () => {
  it("opens the draft of its own project for editing", async () => {
    const res = await callLoader(reportLoader, `/reports/${reportId}`, { reportId: String(reportId) });
    expect(res.status).toBe(200);
    const d = await jsonOf(res);
    expect(d.canEdit).toBe(true);
    expect(d.canReview).toBe(false);
    expect(d.report.status).toBe("draft");
    const edit = await jsonOf(await callLoader(editLoader, `/reports/${reportId}/edit`, { reportId: String(reportId) }));
    expect(edit.costRows.map((c: { kind: string }) => c.kind)).toEqual(["staff", "flat_rate"]);
    expect(edit.values.reachedTotal).toBe("14");
    // The review is a manager's.
    expect((await callLoader(reviewLoader, `/reports/${reportId}/review`, { reportId: String(reportId) })).status).toBe(403);
  });

  it("the deadline's report page leads to the existing report", async () => {
    const res = await callLoader(startLoader, `/deadlines/${deadlineId}/report`, { deadlineId: String(deadlineId) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/reports/${reportId}`);
  });

  it("refuses inconsistent counts with the field's message, and saves nothing", async () => {
    const before = await row();
    const cases: [Record<string, string>, string, string][] = [
      [{ reachedTotal: "20" }, "reachedTotal", "report.error.totalAboveParts"],
      [{ reachedTotal: "10" }, "reachedTotal", "report.error.partsAboveTotal"],
      [{ outcomeWork: "15" }, "outcomeWork", "report.error.outcomeAboveReached"],
      [{ reachedMen: "-1" }, "reachedMen", "error.count.negative"],
      [{ esrReceived: "paljon" }, "esrReceived", "error.money.invalid"],
      [{ "costs.staff.amount": "12,345" }, "costs.staff.amount", "error.money.decimals"],
      [{ periodEnd: "31.2.2027" }, "periodEnd", "error.day.notInCalendar"],
    ];
    for (const [o, field, key] of cases) {
      const res = await post({ ...complete(o), intent: "save", revision: String(before.revision) });
      expect(res.status, JSON.stringify(o)).toBe(400);
      expect((await errorsOf(res))[field]).toBe(key);
    }
    const after = await row();
    expect(after.revision).toBe(before.revision);
    expect(after.reached_total).toBe(before.reached_total);
  });

  it("saves a draft (a plain post) and continues it later", async () => {
    const before = await row();
    const res = await post({ ...complete({ doneText: "Ensimmäinen luonnos." }), intent: "save", revision: String(before.revision) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/reports/${reportId}/edit`);
    const after = await row();
    expect(after.status).toBe("draft");
    expect(after.done_text).toBe("Ensimmäinen luonnos.");
    expect(after.city_received_cents).toBe(20_000_00);
    const costs = await ctx.db.selectFrom("report_cost").select(["kind", "amount_cents"]).where("report_id", "=", reportId).orderBy("kind").execute();
    // The flat rate is computed by the cost model: 40 % of 71 428,57 € = 28 571,43 €.
    expect(costs).toEqual([
      { kind: "flat_rate", amount_cents: 28_571_43 },
      { kind: "staff", amount_cents: 71_428_57 },
    ]);
  });

  it("autosaves (with JavaScript) and answers with the new revision", async () => {
    const before = await row();
    const res = await post({ ...complete({ nextText: "Autosave" }), intent: "autosave", revision: String(before.revision) });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.revision).toBe(before.revision + 1);
    expect((await row()).next_text).toBe("Autosave");
  });

  it("refuses a save over a newer revision", async () => {
    const before = await row();
    const res = await post({ ...complete(), intent: "save", revision: String(before.revision - 1) });
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).revision).toBe("error.revision.stale");
  });

  it("refuses to submit an incomplete report, keeping the draft intact", async () => {
    const before = await row();
    const res = await post({
      ...complete({ reachedMen: "", reachedTotal: "9", cityReceived: "", doneText: "" }),
      intent: "submit",
      revision: String(before.revision),
    });
    expect(res.status).toBe(400);
    const errors = await errorsOf(res);
    expect(errors.reachedMen).toBe("report.error.requiredToSubmit");
    expect(errors.cityReceived).toBe("report.error.requiredToSubmit");
    expect(errors.doneText).toBe("report.error.requiredToSubmit");
    const after = await row();
    expect(after).toEqual(before);
  });

  it("refuses a period outside the project's", async () => {
    const before = await row();
    const res = await post({ ...complete({ periodStart: "1.1.2026" }), intent: "submit", revision: String(before.revision) });
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).periodStart).toBe("report.error.outsideProject");
    expect((await row()).status).toBe("draft");
  });
});

describe("scope", () => {
  it("another organisation's representative gets 404 for the report, its receipt and its deadline", async () => {
    expect((await callLoader(reportLoader, `/reports/${reportId}`, { reportId: String(reportId) }, { headers: other.spr })).status).toBe(404);
    expect((await callLoader(editLoader, `/reports/${reportId}/edit`, { reportId: String(reportId) }, { headers: other.spr })).status).toBe(404);
    const before = await row();
    const res = await post({ ...complete(), intent: "save", revision: String(before.revision) }, other.spr);
    expect(res.status).toBe(404);
    expect((await postForm(startAction, `/deadlines/${deadlineId}/report`, {}, { deadlineId: String(deadlineId) }, other.spr)).status).toBe(404);
    expect(await row()).toEqual(before);
  });

  it("a committee member reads the report but cannot write or review it", async () => {
    const res = await callLoader(reportLoader, `/reports/${reportId}`, { reportId: String(reportId) }, { headers: other.committee });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).canEdit).toBe(false);
    expect((await callLoader(editLoader, `/reports/${reportId}/edit`, { reportId: String(reportId) }, { headers: other.committee })).status).toBe(403);
    const before = await row();
    expect((await post({ ...complete(), intent: "save", revision: String(before.revision) }, other.committee)).status).toBe(403);
    expect((await post({ intent: "review", decision: "accept" }, other.committee)).status).toBe(403);
    expect(await row()).toEqual(before);
  });
});

describe("submission, review and acceptance", () => {
  let reachBefore: { value_total: number; entry_count: number } | null;

  it("submits a complete report: locked, the deadline submitted, a receipt page and a receipt by e-mail", async () => {
    reachBefore = await reachOf(summit);
    const before = await row();
    inbox.length = 0;
    const res = await post({ ...complete(), intent: "submit", revision: String(before.revision) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/reports/${reportId}/receipt`);
    const after = await row();
    expect(after.status).toBe("submitted");
    expect(after.submission_count).toBe(1);
    expect(after.submitted_by).toBe(signedIn.viewer.userId);
    const d = await ctx.db.selectFrom("deadline").select(["status", "submitted_on"]).where("id", "=", deadlineId).executeTakeFirstOrThrow();
    expect(d.status).toBe("submitted");
    expect(d.submitted_on).not.toBeNull();
    const receipt = await callLoader(receiptLoader, `/reports/${reportId}/receipt`, { reportId: String(reportId) });
    expect(receipt.status).toBe(200);
    expect((await jsonOf(receipt)).email).toBe(signedIn.viewer.email);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual([signedIn.viewer.email]);
    expect(inbox[0]!.raw).toContain(`/reports/${reportId}`);
  });

  it("refuses a second submission of the locked report", async () => {
    const before = await row();
    const res = await post({ ...complete({ reachedTotal: "14" }), intent: "submit", revision: String(before.revision) });
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).revision).toBe("report.error.locked");
    expect(await row()).toEqual(before);
  });

  it("the manager returns it with comments per section (a comment is required)", async () => {
    const none = await post({ intent: "review", decision: "return" }, other.manager);
    expect(none.status).toBe(400);
    expect((await errorsOf(none)).comment_general).toBe("report.error.returnNeedsComment");
    const unchosen = await post({ intent: "review", comment_general: "x" }, other.manager);
    expect(unchosen.status).toBe(400);
    expect((await row()).status).toBe("submitted");
    const res = await post(
      { intent: "review", decision: "return", comment_costs: "Henkilöstökulut eivät täsmää.", comment_reach: "Tarkista naisten määrä." },
      other.manager,
    );
    expect(res.status).toBe(302);
    expect((await row()).status).toBe("returned");
    const comments = await ctx.db.selectFrom("report_comment").select(["section", "round"]).where("report_id", "=", reportId).orderBy("section").execute();
    expect(comments).toEqual([
      { section: "costs", round: 1 },
      { section: "reach", round: 1 },
    ]);
    const d = await ctx.db.selectFrom("deadline").select("status").where("id", "=", deadlineId).executeTakeFirstOrThrow();
    expect(d.status).toBe("returned");
    // The association sees the comments beside the form again.
    const page = await jsonOf(await callLoader(editLoader, `/reports/${reportId}/edit`, { reportId: String(reportId) }));
    expect(page.comments.map((c: { section: string }) => c.section).sort()).toEqual(["costs", "reach"]);
  });

  it("a returned report cannot be accepted", async () => {
    const res = await post({ intent: "review", decision: "accept" }, other.manager);
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).decision).toBe("report.error.notSubmitted");
  });

  it("the association fixes and resubmits", async () => {
    const before = await row();
    const res = await post({ ...complete({ "costs.staff.amount": "70 000" }), intent: "submit", revision: String(before.revision) });
    expect(res.status).toBe(302);
    const after = await row();
    expect(after.status).toBe("submitted");
    expect(after.submission_count).toBe(2);
  });

  it("two managers accepting at the same time: accepted once, the indicators grow once", async () => {
    const [a, b] = await Promise.all([
      post({ intent: "review", decision: "accept" }, other.manager),
      post({ intent: "review", decision: "accept" }, other.manager2),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 400]);
    expect((await row()).status).toBe("accepted");
    const reach = await reachOf(summit);
    expect(reach!.value_total).toBe((reachBefore?.value_total ?? 0) + 14);
    expect(reach!.entry_count).toBe((reachBefore?.entry_count ?? 0) + 1);
    const entries = await ctx.db.selectFrom("indicator_entry").select(["indicator_id", "value", "women"]).where("report_id", "=", reportId).execute();
    expect(entries.find((e) => e.indicator_id === reach!.id)).toMatchObject({ value: 14, women: 8 });
    // Accepting again changes nothing.
    const again = await post({ intent: "review", decision: "accept" }, other.manager);
    expect(again.status).toBe(400);
    expect((await reachOf(summit))!.value_total).toBe(reach!.value_total);
    const d = await ctx.db.selectFrom("deadline").select("status").where("id", "=", deadlineId).executeTakeFirstOrThrow();
    expect(d.status).toBe("accepted");
  });

  it("its realised costs become the project's realised figures per year, exact to the cent", async () => {
    const years = await ctx.db.selectFrom("realised_year").selectAll().where("project_id", "=", summit).orderBy("year").execute();
    expect(years.map((y) => y.year)).toEqual([2026, 2027]);
    // 70 000 € staff + 28 000 € flat rate.
    expect(years.reduce((a, y) => a + y.cost_cents, 0)).toBe(98_000_00);
    expect(years.reduce((a, y) => a + y.city_cents, 0)).toBe(20_000_00);
  });

  it("an accepted report cannot be edited, returned or submitted again", async () => {
    const before = await row();
    expect((await post({ ...complete(), intent: "save", revision: String(before.revision) })).status).toBe(400);
    expect((await post({ intent: "review", decision: "return", comment_general: "x" }, other.manager)).status).toBe(400);
    expect(await row()).toEqual(before);
  });
});

describe("refund of overpaid co-financing (FLOW: final report accepted in the demo)", () => {
  let flow: number;
  beforeAll(async () => {
    flow = await projectIdByCase(ctx.db, FLOW);
  });

  it("computes the basis from the accepted reports", async () => {
    const res = await callLoader(refundLoader, `/projects/${flow}/refund`, { projectId: String(flow) }, { headers: other.manager });
    expect(res.status).toBe(200);
    const v = (await jsonOf(res)).view;
    expect(v.final).toBe(true);
    expect(v.basis.realisedCents).toBe(378_000_00);
    expect(v.basis.dueCents).toBe(75_600_00);
    expect(v.basis.paidCents).toBe(80_000_00);
    expect(v.basis.overpaidCents).toBe(4_400_00);
  });

  it("the association cannot claim; the manager confirms the claim once, then marks it paid", async () => {
    expect((await postForm(refundAction, `/projects/${flow}/refund`, { intent: "claim", claimedOn: "1.12.2026" }, { projectId: String(flow) })).status).toBe(
      403,
    );
    const claim = await postForm(
      refundAction,
      `/projects/${flow}/refund`,
      { intent: "claim", claimedOn: "1.12.2026", note: "" },
      { projectId: String(flow) },
      other.manager,
    );
    expect(claim.status).toBe(302);
    const r = await ctx.db.selectFrom("refund").selectAll().where("project_id", "=", flow).executeTakeFirstOrThrow();
    expect(r.amount_cents).toBe(4_400_00);
    expect(r.status).toBe("claimed");
    const twice = await postForm(
      refundAction,
      `/projects/${flow}/refund`,
      { intent: "claim", claimedOn: "2.12.2026" },
      { projectId: String(flow) },
      other.manager,
    );
    expect(twice.status).toBe(400);
    const early = await postForm(
      refundAction,
      `/projects/${flow}/refund`,
      { intent: "paid", paidOn: "30.11.2026", revision: String(r.revision) },
      { projectId: String(flow) },
      other.manager,
    );
    expect(early.status).toBe(400);
    const paid = await postForm(
      refundAction,
      `/projects/${flow}/refund`,
      { intent: "paid", paidOn: "3.12.2026", revision: String(r.revision) },
      { projectId: String(flow) },
      other.manager,
    );
    expect(paid.status).toBe(302);
    expect(await ctx.db.selectFrom("refund").select(["status", "paid_on"]).where("project_id", "=", flow).executeTakeFirstOrThrow()).toEqual({
      status: "paid",
      paid_on: "2026-12-03",
    });
  });

  it("nothing to claim on a project whose final report is not accepted", async () => {
    const res = await postForm(
      refundAction,
      `/projects/${summit}/refund`,
      { intent: "claim", claimedOn: "1.12.2026" },
      { projectId: String(summit) },
      other.manager,
    );
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).claimedOn).toBe("refund.error.notFinal");
  });
});
