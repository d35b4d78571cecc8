/**
 * Employment bonus claims in the JSON API (GET /api/v1/bonus-claims): a manager's token reads
 * every association's claims, an association's token only its own organisation's (the year's
 * figures not at all), a committee member (who may see the year's figures but not the claims)
 * gets 403 with a session and with a token alike; the lists of the claims page as `status`, a
 * page at a time; a bad `page`, `limit`, `status` or `year` is a 400 naming it; money is integer
 * cents. Claims are filed, reviewed and paid through the model on days of 2025.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, viewerOf } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { createApiToken } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { fileClaim, markClaimPaid, reviewClaim, setBonusYear, type ClaimInput } from "~/models/bonus.server";
import { setAttachmentDirForTests } from "~/models/attachment.server";
import type { Viewer } from "~/domain/permissions";
import { loader as claimsApi } from "~/routes/api.v1.bonus-claims";

const ctx = useTestDatabase("demo");
const DIR = path.resolve("tests/.tmp", `api-bonus-${crypto.randomUUID()}`);

const FLOW = "KAJDno-2023-1068"; // Haka's project
const pdf = (name: string) => ({ fileName: `${name}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4\n% ${name}\n%%EOF\n`) });

const bearer = {} as Record<"manager" | "haka" | "committee", Record<string, string>>;
let hakaId: number;
let sprId: number;
let flowId: number;

const revisionOf = async (id: number) => (await ctx.db.selectFrom("bonus_claim").select("revision").where("id", "=", id).executeTakeFirstOrThrow()).revision;

beforeAll(async () => {
  setAttachmentDirForTests(DIR);
  for (const who of ["manager", "haka", "committee"] as const) {
    const { token } = await createApiToken(ctx.db, SYSTEM, (await viewerOf(ctx.db, who)).userId, { name: "bonus" });
    bearer[who] = { Authorization: `Bearer ${token}` };
  }
  hakaId = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
  sprId = await organisationIdByName(ctx.db, "Suomen Punaisen Ristin Oulun piiri");
  flowId = await projectIdByCase(ctx.db, FLOW);
  const manager = await viewerOf(ctx.db, "manager");
  const haka = await viewerOf(ctx.db, "haka");
  const spr = await viewerOf(ctx.db, "spr");
  const file = (who: Viewer, input: Partial<ClaimInput> & Pick<ClaimInput, "reference" | "startDate">, on: string) =>
    fileClaim(
      ctx.db,
      { userId: who.userId },
      who,
      { organisationId: null, projectId: null, kind: "work", employmentCondition: true, studySupport: null, note: "", ...input },
      pdf(input.reference),
      on,
    );
  const approve = async (id: number, on: string) =>
    reviewClaim(ctx.db, { userId: manager.userId }, manager, id, { decision: "approve", message: "", revision: await revisionOf(id) }, on);
  const paid = await file(haka, { reference: "API-PAID-1", startDate: "2025-01-15", projectId: flowId }, "2025-02-01");
  await approve(paid, "2025-05-20");
  await markClaimPaid(ctx.db, { userId: manager.userId }, manager, paid, { paidOn: "2025-06-02", revision: await revisionOf(paid) }, "2025-06-02");
  await approve(await file(haka, { reference: "API-APPROVED-2", startDate: "2025-03-03" }, "2025-03-10"), "2025-07-04");
  await file(
    haka,
    { reference: "API-REVIEW-3", startDate: "2025-06-02", kind: "studies", employmentCondition: false, studySupport: "study_grant" },
    "2025-06-20",
  );
  const sprPaid = await file(spr, { reference: "API-SPR-4", startDate: "2025-02-03" }, "2025-02-10");
  await approve(sprPaid, "2025-06-03");
  await file(spr, { reference: "API-SPR-5", startDate: "2025-08-11" }, "2025-08-12");
  await setBonusYear(ctx.db, { userId: manager.userId }, { year: 2025, budgetCents: 300_000, monthlySavingCents: 41_050, revision: null });
});

afterAll(() => {
  setAttachmentDirForTests(undefined);
  fs.rmSync(DIR, { recursive: true, force: true });
});

const get = (query: string, headers: Record<string, string>) => callLoader(claimsApi, `/api/v1/bonus-claims${query}`, {}, { headers });

/** Every claim of a list, page after page (following `next`). */
async function all(query: string, headers: Record<string, string>) {
  const rows = [];
  let url: string | null = `/api/v1/bonus-claims${query}`;
  while (url) {
    const res = await callLoader(claimsApi, url, {}, { headers });
    expect(res.status, url).toBe(200);
    const body: any = await jsonOf(res);
    rows.push(...body.claims);
    url = body.next;
  }
  return rows;
}

const count = async (organisationId?: number) =>
  Number(
    (
      await ctx.db
        .selectFrom("bonus_claim")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .$if(organisationId !== undefined, (q) => q.where("organisation_id", "=", organisationId!))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("GET /api/v1/bonus-claims", () => {
  it("gives a manager's token every association's claims, newest first, money in integer cents", async () => {
    const res = await get("", bearer.manager);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    const total = await count();
    expect(body).toMatchObject({ filters: { status: "all", year: null }, page: 1, limit: 50, count: total, summary: null, previous: null });
    expect(body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.counts.all).toEqual({ count: total, amountCents: total * 100_000 });
    for (const list of Object.values(body.counts) as { count: number; amountCents: number }[]) expect(Number.isInteger(list.amountCents)).toBe(true);
    const ids = body.claims.map((c: { id: number }) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const organisations = new Set(body.claims.map((c: { organisation: { id: number } }) => c.organisation.id));
    expect(organisations).toEqual(new Set([hakaId, sprId]));

    const paid = body.claims.find((c: { reference: string }) => c.reference === "API-PAID-1");
    expect(Object.keys(paid)).toEqual([
      "id",
      "organisation",
      "project",
      "reference",
      "kind",
      "startDate",
      "employmentCondition",
      "studySupport",
      "payableOn",
      "amountCents",
      "status",
      "stage",
      "filedOn",
      "approvedOn",
      "rejectedOn",
      "rejectReason",
      "paidOn",
    ]);
    expect(paid).toEqual({
      id: expect.any(Number),
      organisation: { id: hakaId, name: "Kajaanin Haka ry" },
      project: { id: flowId, name: "FLOW" },
      reference: "API-PAID-1",
      kind: "work",
      startDate: "2025-01-15",
      employmentCondition: true,
      studySupport: null,
      payableOn: "2025-05-15",
      amountCents: 100_000,
      status: "paid",
      stage: "paid",
      filedOn: "2025-02-01",
      approvedOn: "2025-05-20",
      rejectedOn: null,
      rejectReason: "",
      paidOn: "2025-06-02",
    });
    expect(body.claims.find((c: { reference: string }) => c.reference === "API-REVIEW-3")).toMatchObject({
      kind: "studies",
      employmentCondition: false,
      studySupport: "study_grant",
      status: "submitted",
      stage: "in_review",
      project: null,
    });
  });

  it("gives an association's token only its own organisation's claims, and no year's figures", async () => {
    const own = await all("?limit=2", bearer.haka);
    expect(own).toHaveLength(await count(hakaId));
    expect(own.every((c) => c.organisation.id === hakaId)).toBe(true);
    expect(own.map((c) => c.reference)).toEqual(expect.arrayContaining(["API-PAID-1", "API-APPROVED-2", "API-REVIEW-3"]));
    expect(own.map((c) => c.reference)).not.toContain("API-SPR-4");
    const body = await jsonOf(await get("?year=2025", bearer.haka));
    expect(body.counts.all.count).toBe(await count(hakaId));
    expect(body.summary).toBeNull();
  });

  it("answers 403 to a committee member, with a session and with a token, and 401 without either", async () => {
    for (const headers of [await headersFor(ctx.db, "committee"), bearer.committee]) {
      const res = await get("", headers);
      expect(res.status).toBe(403);
      expect(await jsonOf(res)).toEqual({ error: "forbidden" });
    }
    expect((await get("", {})).status).toBe(401);
  });

  it("lists one list of the claims page with `status`, a page at a time with links", async () => {
    const paid = await jsonOf(await get("?status=paid", bearer.manager));
    expect(paid.claims.length).toBeGreaterThan(0);
    expect(paid.claims.every((c: { status: string }) => c.status === "paid")).toBe(true);
    expect(paid.count).toBe(paid.counts.paid.count);
    const review = await jsonOf(await get("?status=review", bearer.manager));
    expect(review.claims.every((c: { status: string; stage: string }) => c.status === "submitted" && c.stage === "in_review")).toBe(true);
    expect(review.claims.map((c: { reference: string }) => c.reference)).toEqual(expect.arrayContaining(["API-REVIEW-3", "API-SPR-5"]));
    // The review queue: oldest payable first.
    const payable = review.claims.map((c: { payableOn: string }) => c.payableOn);
    expect(payable).toEqual([...payable].sort());

    const first = await jsonOf(await get("?status=approved&limit=1", bearer.manager));
    expect(first).toMatchObject({ page: 1, limit: 1, previous: null, filters: { status: "approved" } });
    expect(first.pageCount).toBe(first.count);
    if (first.pageCount > 1) expect(first.next).toBe("/api/v1/bonus-claims?status=approved&limit=1&page=2");
    expect(await all("?status=approved&limit=1", bearer.manager)).toHaveLength(first.count);
  });

  it("adds the year's figures for a manager, in integer cents", async () => {
    const body = await jsonOf(await get("?year=2025&status=paid", bearer.manager));
    const s = body.summary;
    const approved = await ctx.db
      .selectFrom("bonus_claim")
      .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("amount_cents").as("cents")])
      .where("approved_on", ">=", "2025-01-01")
      .where("approved_on", "<=", "2025-12-31")
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({
      year: 2025,
      budgetCents: 300_000,
      monthlySavingCents: 41_050,
      approvedCount: Number(approved.n),
      approvedCents: Number(approved.cents),
      remainingCents: 300_000 - Number(approved.cents),
      estimate: { amountCents: Number(approved.n) * 4 * 41_050, approvedCount: Number(approved.n), monthlySavingCents: 41_050 },
    });
    expect(s.approvedCount).toBeGreaterThanOrEqual(3);
    expect(s.months).toHaveLength(12);
    expect(s.months[4]).toMatchObject({ month: 5, approvedCount: expect.any(Number) });
    expect(s.months.reduce((a: number, m: { approvedCents: number }) => a + m.approvedCents, 0)).toBe(s.approvedCents);
    expect(s.organisations.map((o: { id: number }) => o.id)).toEqual(expect.arrayContaining([hakaId, sprId]));
    expect(s.organisationCount).toBe(s.organisations.length);
    const walk = (v: unknown, key = ""): void => {
      if (key.endsWith("Cents") && v !== null) expect(Number.isInteger(v), key).toBe(true);
      if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(s);
    walk(body.claims);
  });

  it("answers 400 naming the parameter for a bad page, limit, status or year, and a page beyond the last", async () => {
    for (const [query, parameter] of [
      ["?page=0", "page"],
      ["?page=abc", "page"],
      ["?limit=201", "limit"],
      ["?limit=-1", "limit"],
      ["?status=pending", "status"],
      ["?status=ALL", "status"],
      ["?year=25", "year"],
      ["?page=999", "page"],
    ] as const) {
      const res = await get(query, bearer.manager);
      expect(res.status, query).toBe(400);
      expect(await jsonOf(res), query).toMatchObject({ error: "bad_request", parameter, message: expect.any(String) });
    }
    const res = await get("?status=pending&lang=en", bearer.manager);
    expect((await jsonOf(res)).message).toBe(
      "The value “pending” of the parameter status is not valid. Allowed values: review, waiting, info_requested, approved, paid, rejected, withdrawn, all.",
    );
  });
});
