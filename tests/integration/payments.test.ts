/**
 * Payment applications to the funder, posted as a browser without JavaScript would: recorded,
 * summed against the current plan's ESR funding to the cent, refused with the field's message
 * (nothing saved), guarded by role, project and revision, and deleted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { headersFor, useSignedIn } from "../helpers/auth";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newPaymentAction, loader as newPaymentLoader } from "~/routes/projects.$projectId.payments.new";
import { action as editPaymentAction, loader as editPaymentLoader } from "~/routes/projects.$projectId.payments.$paymentId";
import { paymentSummary } from "~/models/payment.server";
import { decodeError } from "~/schemas/field-errors";
import { translateDynamic } from "~/i18n";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const SUMMIT = "KAJDno-2025-1294"; // led by Kajaanin Haka ry
const KOTONA = "KAJDno-2024-1358"; // led by the city; Haka has no part in it

let summit: number;
let plan: { start: string; end: string; esrCents: number };

beforeAll(async () => {
  summit = await projectIdByCase(ctx.db, SUMMIT);
  const v = await ctx.db
    .selectFrom("plan_version")
    .select(["id", "start_date", "end_date"])
    .where("project_id", "=", summit)
    .where("state", "=", "current")
    .executeTakeFirstOrThrow();
  // The ESR funding of the plan, summed here independently of the model.
  const esr = await sql<{
    s: number;
  }>`SELECT COALESCE(SUM(amount_cents), 0) AS s FROM plan_line WHERE plan_version_id = ${v.id} AND side = 'financing' AND kind = 'esr'`.execute(ctx.db);
  plan = { start: v.start_date, end: v.end_date, esrCents: Number(esr.rows[0]!.s) };
});

/** "2026-11-01" → "1.11.2026", as a person types it. */
const fiDay = (d: string) => `${Number(d.slice(8, 10))}.${Number(d.slice(5, 7))}.${d.slice(0, 4)}`;

function fields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    periodStart: fiDay(plan.start),
    periodEnd: "31.12.2026",
    amountApplied: "12 345,67",
    status: "submitted",
    submittedOn: "15.1.2027",
    decidedOn: "",
    amountApproved: "",
    note: "",
    ...overrides,
  };
}

async function rowCount(): Promise<number> {
  return Number(
    (
      await ctx.db
        .selectFrom("payment_application")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

async function errorsOf(res: Response): Promise<Record<string, { key: string; params?: Record<string, string | number> }>> {
  const data = await jsonOf<{ errors: Record<string, string> }>(res);
  return Object.fromEntries(Object.entries(data.errors).map(([k, v]) => [k, decodeError(v)]));
}

const post = (f: Record<string, string>, projectId = summit, headers: Record<string, string | null> = {}) =>
  postForm(newPaymentAction, `/projects/${projectId}/payments/new`, f, { projectId: String(projectId) }, headers);

async function createdId(res: Response): Promise<number> {
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe(`/projects/${summit}`);
  const row = await ctx.db.selectFrom("payment_application").select("id").where("project_id", "=", summit).orderBy("id", "desc").executeTakeFirstOrThrow();
  return row.id;
}

describe("payment applications", () => {
  it("a manager records an application with a plain form post and it is summed against the plan's ESR", async () => {
    expect(plan.esrCents).toBeGreaterThan(0);
    const form = await callLoader(newPaymentLoader, `/projects/${summit}/payments/new`, { projectId: String(summit) });
    expect(form.status).toBe(200);
    expect(await jsonOf(form)).toMatchObject({ projectId: summit, shortName: "SUMMIT", planStart: plan.start, planEnd: plan.end });

    const id = await createdId(await post(fields()));
    const row = await ctx.db.selectFrom("payment_application").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      project_id: summit,
      period_start: plan.start,
      period_end: "2026-12-31",
      amount_applied_cents: 1_234_567,
      status: "submitted",
      submitted_on: "2027-01-15",
      decided_on: null,
      amount_approved_cents: null,
      revision: 1,
    });
    const audit = await ctx.db
      .selectFrom("audit_event")
      .select(["action", "project_id"])
      .where("entity", "=", "payment_application")
      .where("entity_id", "=", id)
      .execute();
    expect(audit).toEqual([{ action: "insert", project_id: summit }]);

    const s = await paymentSummary(ctx.db, summit);
    expect(s.planEsrCents).toBe(plan.esrCents);
    expect(s.appliedCents).toBe(1_234_567);
    expect(s.approvedCents).toBe(0);
    expect(s.stillToApplyCents).toBe(plan.esrCents - 1_234_567);
    expect(s.applications.map((a) => a.id)).toEqual([id]);
  });

  it("still to apply is the plan's ESR minus applied, to the cent: drafts and rejected ones left out, decided ones at the amount approved", async () => {
    const add = async (f: Record<string, string>) => createdId(await post(fields(f)));
    await add({
      periodStart: "1.1.2027",
      periodEnd: "31.3.2027",
      amountApplied: "20 000,01",
      status: "approved",
      submittedOn: "5.4.2027",
      decidedOn: "1.5.2027",
      amountApproved: "20 000,01",
    });
    await add({
      periodStart: "1.4.2027",
      periodEnd: "30.6.2027",
      amountApplied: "30 000",
      status: "partly_approved",
      submittedOn: "5.7.2027",
      decidedOn: "1.8.2027",
      amountApproved: "29 999,99",
    });
    await add({
      periodStart: "1.7.2027",
      periodEnd: "30.9.2027",
      amountApplied: "40 000",
      status: "rejected",
      submittedOn: "5.10.2027",
      decidedOn: "1.11.2027",
    });
    await add({ periodStart: "1.10.2027", periodEnd: "31.12.2027", amountApplied: "50 000", status: "draft", submittedOn: "" });
    // A period that only touches the plan's period (ends on its first day) is accepted.
    await add({ periodStart: "1.1.2020", periodEnd: fiDay(plan.start), amountApplied: "1", status: "draft", submittedOn: "" });
    const s = await paymentSummary(ctx.db, summit);
    const applied = 1_234_567 + 2_000_001 + 2_999_999;
    expect(s.appliedCents).toBe(applied);
    expect(s.approvedCents).toBe(2_000_001 + 2_999_999);
    expect(s.stillToApplyCents).toBe(plan.esrCents - applied);
    expect(s.planEsrCents - s.appliedCents).toBe(s.stillToApplyCents);
    // Every application is listed, by the period's start.
    expect(s.applications.map((a) => a.status)).toEqual(["draft", "submitted", "approved", "partly_approved", "rejected", "draft"]);
    const starts = s.applications.map((a) => a.periodStart);
    expect([...starts].sort()).toEqual(starts);
  });

  it("refuses an amount approved above the amount applied with the field's message, and saves nothing", async () => {
    const before = await rowCount();
    const res = await post(fields({ status: "approved", decidedOn: "1.6.2027", amountApplied: "1 000", amountApproved: "1 000,01" }));
    expect(res.status).toBe(400);
    const e = await errorsOf(res);
    expect(e.amountApproved).toEqual({ key: "payment.error.approvedAboveApplied", params: { appliedCents: 100_000 } });
    expect(translateDynamic("fi", e.amountApproved!.key, e.amountApproved!.params)).toMatch(
      /^Hyväksytty summa ei voi olla suurempi kuin haettu summa 1\s000\s€\.$/,
    );
    expect(translateDynamic("en", e.amountApproved!.key, e.amountApproved!.params)).toContain("cannot exceed the amount applied");
    expect(await rowCount()).toBe(before);
  });

  it("refuses a negative amount, a reversed period, a period wholly outside the plan, and missing or misplaced decision data", async () => {
    const before = await rowCount();
    const negative = await post(fields({ amountApplied: "-100" }));
    expect(negative.status).toBe(400);
    expect((await errorsOf(negative)).amountApplied?.key).toBe("error.money.negative");

    const reversed = await post(fields({ periodStart: "1.5.2027", periodEnd: "30.4.2027", submittedOn: "1.5.2027" }));
    expect(reversed.status).toBe(400);
    expect((await errorsOf(reversed)).periodEnd?.key).toBe("payment.error.periodReversed");

    const outside = await post(fields({ periodStart: "1.1.2020", periodEnd: "31.12.2020", submittedOn: "1.2.2021" }));
    expect(outside.status).toBe(400);
    expect((await errorsOf(outside)).periodStart).toEqual({ key: "payment.error.outsidePlan", params: { startDay: plan.start, endDay: plan.end } });

    const noSubmission = await post(fields({ submittedOn: "" }));
    expect((await errorsOf(noSubmission)).submittedOn?.key).toBe("payment.error.submittedRequired");

    const noDecision = await post(fields({ status: "approved", amountApproved: "100" }));
    expect((await errorsOf(noDecision)).decidedOn?.key).toBe("payment.error.decidedRequired");

    const decidedEarly = await post(fields({ status: "rejected", decidedOn: "14.1.2027" }));
    expect((await errorsOf(decidedEarly)).decidedOn).toEqual({ key: "payment.error.decidedBeforeSubmitted", params: { submittedDay: "2027-01-15" } });

    const approvedMissing = await post(fields({ status: "partly_approved", decidedOn: "1.6.2027" }));
    expect((await errorsOf(approvedMissing)).amountApproved?.key).toBe("payment.error.approvedRequired");

    const approvedTooSoon = await post(fields({ status: "submitted", amountApproved: "100" }));
    expect((await errorsOf(approvedTooSoon)).amountApproved?.key).toBe("payment.error.approvedNotDecided");

    expect(await rowCount()).toBe(before);
  });

  it("an association's representative cannot record one (403); an unknown project or an application of another project is 404", async () => {
    const before = await rowCount();
    const haka = await headersFor(ctx.db, "haka");
    // Haka leads SUMMIT and reads it, but writes nothing; Kotona Kajaanissa it cannot even see.
    expect((await post(fields(), summit, haka)).status).toBe(403);
    const kotona = await projectIdByCase(ctx.db, KOTONA);
    expect((await post(fields(), kotona, haka)).status).toBe(403);
    expect((await callLoader(newPaymentLoader, "/", { projectId: String(summit) }, { headers: haka })).status).toBe(403);

    expect((await post(fields(), 999_999)).status).toBe(404);
    expect((await callLoader(newPaymentLoader, "/", { projectId: "999999" })).status).toBe(404);
    // SUMMIT's application addressed through another project's URL is not found, to read, edit or delete.
    const { id } = await ctx.db.selectFrom("payment_application").select("id").where("project_id", "=", summit).orderBy("id").executeTakeFirstOrThrow();
    const elsewhere = { projectId: String(kotona), paymentId: String(id) };
    expect((await callLoader(editPaymentLoader, "/", elsewhere)).status).toBe(404);
    expect((await postForm(editPaymentAction, "/", { ...fields(), revision: "1" }, elsewhere)).status).toBe(404);
    expect((await postForm(editPaymentAction, "/", { _intent: "delete" }, elsewhere)).status).toBe(404);
    expect((await postForm(editPaymentAction, "/", { _intent: "delete" }, { projectId: String(summit), paymentId: String(id) }, haka)).status).toBe(403);
    expect(await rowCount()).toBe(before);
  });

  it("edits with the revision it was loaded at, refuses a stale revision, then deletes", async () => {
    const id = await createdId(await post(fields({ periodStart: "1.6.2027", periodEnd: "30.6.2027", amountApplied: "500" })));
    const params = { projectId: String(summit), paymentId: String(id) };
    const loaded = await jsonOf<{ values: Record<string, string> }>(await callLoader(editPaymentLoader, "/", params));
    expect(loaded.values).toMatchObject({
      periodStart: "1.6.2027",
      periodEnd: "30.6.2027",
      amountApplied: "500,00",
      status: "submitted",
      submittedOn: "15.1.2027",
      revision: "1",
    });

    const saved = await postForm(editPaymentAction, "/", { ...loaded.values, status: "approved", decidedOn: "1.7.2027", amountApproved: "450" }, params);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/projects/${summit}`);
    const row = await ctx.db.selectFrom("payment_application").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "approved", decided_on: "2027-07-01", amount_approved_cents: 45_000, revision: 2 });

    // A second editor who loaded revision 1 is refused, and what the first saved stays.
    const stale = await postForm(editPaymentAction, "/", { ...loaded.values, note: "myöhässä" }, params);
    expect(stale.status).toBe(400);
    expect((await errorsOf(stale)).revision?.key).toBe("error.revision.stale");
    expect(await ctx.db.selectFrom("payment_application").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(row);
    // Without a revision the edit is refused too.
    const { revision: _revision, ...noRevision } = loaded.values;
    expect((await errorsOf(await postForm(editPaymentAction, "/", noRevision, params))).revision?.key).toBe("error.revision.missing");

    const before = await paymentSummary(ctx.db, summit);
    const del = await postForm(editPaymentAction, "/", { _intent: "delete" }, params);
    expect(del.status).toBe(302);
    expect(del.headers.get("Location")).toBe(`/projects/${summit}`);
    expect(await ctx.db.selectFrom("payment_application").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    const after = await paymentSummary(ctx.db, summit);
    expect(after.applications.map((a) => a.id)).not.toContain(id);
    expect(after.appliedCents).toBe(before.appliedCents - 45_000);
    expect(after.stillToApplyCents).toBe(plan.esrCents - after.appliedCents);
    const audit = await ctx.db
      .selectFrom("audit_event")
      .select("action")
      .where("entity", "=", "payment_application")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["insert", "update", "delete"]);
    expect((await callLoader(editPaymentLoader, "/", params)).status).toBe(404);
  });
});
