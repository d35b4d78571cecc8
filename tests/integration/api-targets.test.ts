/**
 * The follow-up in the JSON API: GET /api/v1/projects/:id carries the project's targets (with
 * their entries, gender split and pace or outcome rate on today's date), its reporting
 * obligations with their deadlines, and its payment applications against the plan's ESR; and
 * GET /api/v1/deadlines lists deadlines a page at a time, filtered by standing, scoped by the
 * caller (an association's token sees only its own organisation's projects), a bad parameter a 400.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase, projectIdByCase } from "../helpers/db";
import { headersFor, viewerOf } from "../helpers/auth";
import { callLoader, jsonOf } from "../helpers/http";
import { createApiToken } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { loader as projectApi } from "~/routes/api.v1.projects.$projectId";
import { loader as deadlinesApi } from "~/routes/api.v1.deadlines";
import { DEADLINE_BUCKETS } from "~/domain/obligations";

const ctx = useTestDatabase("demo");

const KOTONA = "KAJDno-2024-1358";
const FLOW = "KAJDno-2023-1068";
const SUMMIT = "KAJDno-2025-1294";

async function projectDoc(caseNumber: string) {
  const id = await projectIdByCase(ctx.db, caseNumber);
  const res = await callLoader(projectApi, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers: await headersFor(ctx.db, "manager") });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

describe("GET /api/v1/projects/:id, follow-up", () => {
  it("Kotona Kajaanissa: reach 191 of 375 with 111 women of 191 reported, its obligations and two approved payment applications", async () => {
    const d = await projectDoc(KOTONA);
    const reach = d.targets.find((t: { kind: string }) => t.kind === "reach");
    expect(reach).toMatchObject({ kind: "reach", targetKind: "count", target: 375, value: 191, entryCount: 2, lastEntryDate: "2026-05-05" });
    expect(reach.gender).toMatchObject({ women: 111, men: 80, other: 0, reported: 191 });
    expect(reach.pace).toEqual({
      verdict: expect.any(String),
      rateBp: 5093,
      elapsedBp: expect.any(Number),
      expectedToDate: expect.any(Number),
      projectedEnd: expect.any(Number),
    });
    expect(reach.outcome).toBeNull();
    expect(reach.entries).toEqual([
      { date: "2025-11-30", value: 96, women: 55, men: 41, other: 0, note: "Syksyn 2025 ryhmät", source: "manager" },
      { date: "2026-05-05", value: 95, women: 56, men: 39, other: 0, note: "Tilanne väliraportissa (§ 13, 20.5.2026)", source: "manager" },
    ]);

    expect(d.obligations.map((o: { kind: string }) => o.kind)).toEqual(["committee_report", "final_report", "payment_application", "yearly_report"]);
    const committee = d.obligations[0];
    expect(committee).toMatchObject({ timesPerYear: 2, responsibleName: expect.any(String) });
    expect(committee.deadlines.length).toBeGreaterThan(1);
    const accepted = committee.deadlines.find((x: { dueDate: string }) => x.dueDate === "2026-05-30");
    expect(accepted).toMatchObject({ status: "accepted", standing: "accepted", decidedOn: "2026-05-20", seq: expect.any(Number) });
    for (const o of d.obligations)
      for (const x of o.deadlines) {
        expect(Object.keys(x)).toEqual(["id", "seq", "periodStart", "periodEnd", "dueDate", "status", "standing", "submittedOn", "decidedOn", "note"]);
        expect(DEADLINE_BUCKETS).toContain(x.standing);
      }

    const pay = d.paymentApplications;
    expect(pay.applications).toHaveLength(2);
    expect(pay.applications.map((a: { status: string; amountApprovedCents: number }) => [a.status, a.amountApprovedCents])).toEqual([
      ["approved", 11_842_050],
      ["approved", 13_190_620],
    ]);
    expect(pay.approvedCents).toBe(11_842_050 + 13_190_620);
    expect(pay.appliedCents).toBe(pay.approvedCents);
    expect(pay.stillToApplyCents).toBe(pay.planEsrCents - pay.appliedCents);
  });

  it("FLOW: the outcome rate 8264 bp met against 70 %, and 93 partners", async () => {
    const d = await projectDoc(FLOW);
    const byKind = Object.fromEntries(d.targets.map((t: { kind: string }) => [t.kind, t]));
    expect(byKind.reach).toMatchObject({ target: 120, value: 121 });
    expect(byKind.outcome_either).toMatchObject({ targetKind: "percent", target: 7000, value: 100, outcome: { rateBp: 8264, verdict: "met" }, pace: null });
    expect(byKind.partners).toMatchObject({ value: 93, target: null, gender: null });
    expect(d.obligations.map((o: { kind: string }) => o.kind)).toEqual(["yearly_report", "final_report"]);
    expect(d.paymentApplications.applications).toEqual([]);
  });
});

describe("GET /api/v1/deadlines", () => {
  it("lists a page with the counts per standing; ?bucket=overdue gives only overdue ones", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const all = await jsonOf(await callLoader(deadlinesApi, "/api/v1/deadlines", {}, { headers }));
    expect(all).toMatchObject({ page: 1, limit: 50, previous: null });
    const total = DEADLINE_BUCKETS.reduce((a, b) => a + all.counts[b], 0);
    expect(all.count).toBe(total);
    expect(all.deadlines.length).toBe(Math.min(50, total));
    const res = await callLoader(deadlinesApi, "/api/v1/deadlines?bucket=overdue", {}, { headers });
    expect(res.status).toBe(200);
    const overdue = await jsonOf(res);
    expect(overdue.count).toBe(all.counts.overdue);
    expect(overdue.deadlines.length).toBe(Math.min(50, all.counts.overdue));
    for (const x of overdue.deadlines) {
      expect(x.standing).toBe("overdue");
      expect(x.status).toBe("open");
      expect(x.dueDate < overdue.today).toBe(true);
    }
  });

  it("an association's token sees only the deadlines of its own organisation's projects", async () => {
    const haka = await viewerOf(ctx.db, "haka");
    const { token } = await createApiToken(ctx.db, SYSTEM, haka.userId, { name: "määräajat" });
    const res = await callLoader(deadlinesApi, "/api/v1/deadlines?limit=200", {}, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const d = await jsonOf(res);
    const seen = new Set(d.deadlines.map((x: { project: { caseNumber: string } }) => x.project.caseNumber));
    expect([...seen].sort()).toEqual([FLOW, SUMMIT].sort());
    const managerView = await jsonOf(await callLoader(deadlinesApi, "/api/v1/deadlines?limit=200", {}, { headers: await headersFor(ctx.db, "manager") }));
    expect(managerView.deadlines.some((x: { project: { caseNumber: string } }) => x.project.caseNumber === KOTONA)).toBe(true);
    expect(d.count).toBeLessThan(managerView.count);
  });

  it("answers 400 naming the parameter for a bad standing, page or limit", async () => {
    const headers = await headersFor(ctx.db, "manager");
    for (const [query, parameter] of [
      ["bucket=nonsense", "bucket"],
      ["kind=weekly", "kind"],
      ["limit=201", "limit"],
      ["page=0", "page"],
      ["page=999", "page"],
      ["responsible=abc", "responsible"],
    ] as const) {
      const res = await callLoader(deadlinesApi, `/api/v1/deadlines?${query}`, {}, { headers });
      expect(res.status, query).toBe(400);
      const body = await jsonOf(res);
      expect(body).toMatchObject({ error: "bad_request", parameter });
      expect(body.message.length).toBeGreaterThan(10);
    }
  });
});
