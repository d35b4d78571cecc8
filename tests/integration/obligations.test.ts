/**
 * Reporting obligations and deadlines against a real SQLite file: generated on creation, moved
 * (future open ones only) when the period changes through a plan version or a decided change
 * request, refused with a message on bad input, and the deadline view's standings and scope.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { headersFor, SEES_ALL, useSignedIn, viewerOf } from "../helpers/auth";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newObligation } from "~/routes/projects.$projectId.obligations.new";
import { action as editDeadline } from "~/routes/deadlines.$deadlineId";
import { loader as deadlinesPage } from "~/routes/deadlines._index";
import { loader as portfolioPage } from "~/routes/_index";
import { listDeadlines } from "~/models/deadline.server";
import { responsibleCandidates } from "~/models/obligation.server";
import { loadPlanBundles } from "~/models/plan.server";
import { savePlan } from "~/models/plan-write.server";
import { decideChangeRequest } from "~/models/change-request.server";
import { SYSTEM } from "~/models/audit.server";
import { bucketOf, generateDeadlines } from "~/domain/obligations";
import { decodeError } from "~/schemas/field-errors";
import type { PlanInput } from "~/schemas/ledger";

const TODAY = "2026-12-05";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${TODAY}T10:00:00Z`));
});
afterAll(() => {
  vi.useRealTimers();
});

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const deadlineCount = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM deadline`.execute(ctx.db)).rows[0]!.n);
const obligationCount = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM obligation`.execute(ctx.db)).rows[0]!.n);

async function deadlinesOf(projectId: number) {
  return ctx.db.selectFrom("deadline").selectAll().where("project_id", "=", projectId).orderBy("obligation_id").orderBy("seq").execute();
}

async function currentPlan(projectId: number): Promise<{ plan: PlanInput; revision: number }> {
  const v = await ctx.db.selectFrom("plan_version").selectAll().where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirstOrThrow();
  const b = (await loadPlanBundles(ctx.db, { versionIds: [v.id] })).get(v.id)!;
  return {
    revision: v.revision,
    plan: {
      start: v.start_date,
      end: v.end_date,
      totalBudgetCents: v.total_budget_cents,
      costModel: v.cost_model,
      flatRateBp: v.flat_rate_bp,
      note: v.note,
      lines: b.lines.map((l) => ({
        side: l.side,
        kind: l.kind,
        organisationId: l.organisationId,
        label: l.label,
        amountCents: l.amountCents,
        statedPercentBp: l.statedPercentBp,
        staffHoursCenti: l.staffHoursCenti,
        hourlyRateCents: l.hourlyRateCents,
        years: l.entered,
      })),
      implementers: b.implementers.map((x) => ({ organisationId: x.organisationId, role: x.role, budgetCents: x.budgetCents })),
    },
  };
}

describe("obligations and their deadlines", () => {
  it("a manager adds payment applications every 4 months: the deadlines cover the period, the last one cut at the end", async () => {
    const ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const before = (await deadlinesOf(ote)).length;
    const res = await postForm(
      newObligation,
      `/projects/${ote}/obligations/new`,
      { kind: "payment_application", everyMonths: "4", daysAfter: "60", reminderDays: "30, 7" },
      { projectId: String(ote) },
    );
    expect(res.status).toBe(302);
    const rows = (await deadlinesOf(ote)).filter((d) => d.kind === "payment_application");
    expect(rows.length).toBe(6);
    expect(rows[0]).toMatchObject({ period_start: "2027-01-01", period_end: "2027-04-30", due_date: "2027-06-29", status: "open" });
    expect(rows.at(-1)).toMatchObject({ period_start: "2028-09-01", period_end: "2028-12-31", due_date: "2029-03-01" });
    expect((await deadlinesOf(ote)).length).toBe(before + 6);
  });

  it("refuses an obligation every 0 months, 5 times a year, bad reminder days and an interim report outside the period, saving nothing", async () => {
    const ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const before = { o: await obligationCount(), d: await deadlineCount() };
    const cases: [Record<string, string>, string, string][] = [
      [{ kind: "payment_application", everyMonths: "0" }, "everyMonths", "error.obligation.everyMonths"],
      [{ kind: "committee_report", timesPerYear: "5" }, "timesPerYear", "error.obligation.timesPerYear"],
      [{ kind: "yearly_report", reminderDays: "huomenna" }, "reminderDays", "error.obligation.reminderDays"],
      [{ kind: "interim_report", dueDate: "1.1.2026" }, "dueDate", "error.obligation.dueOutsidePeriod"],
      [{ kind: "single", dueDate: "31.2.2027", title: "Tarkastus" }, "dueDate", "error.day.notInCalendar"],
    ];
    for (const [fields, field, key] of cases) {
      const res = await postForm(newObligation, `/projects/${ote}/obligations/new`, fields, { projectId: String(ote) });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = (await res.json()) as { errors: Record<string, string> };
      expect(decodeError(body.errors[field]!).key).toBe(key);
    }
    expect({ o: await obligationCount(), d: await deadlineCount() }).toEqual(before);
  });

  it("a new plan version that moves the start moves only the future open deadlines; submitted and past ones stay", async () => {
    const kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    const before = await deadlinesOf(kotona);
    const { plan, revision } = await currentPlan(kotona);
    await savePlan(ctx.db, SYSTEM, kotona, { ...plan, start: "2025-06-01" }, { revision, asNewVersion: true });
    const after = await deadlinesOf(kotona);
    const obligations = await ctx.db.selectFrom("obligation").selectAll().where("project_id", "=", kotona).execute();
    for (const o of obligations) {
      expect(o.gen_start).toBe("2025-06-01");
      const generated = generateDeadlines(
        { kind: o.kind, timesPerYear: o.times_per_year, everyMonths: o.every_months, daysAfter: o.days_after, dueDate: o.due_date },
        "2025-06-01",
        "2028-04-30",
      );
      for (const old of before.filter((d) => d.obligation_id === o.id)) {
        const now = after.find((d) => d.id === old.id);
        if (old.status !== "open" || old.due_date <= TODAY) expect(now, `kept ${old.kind} ${old.seq}`).toEqual(old);
        else {
          const g = generated.find((x) => x.seq === old.seq);
          if (g) expect(now, `moved ${old.kind} ${old.seq}`).toMatchObject({ id: old.id, due_date: g.dueDate, period_start: g.periodStart });
          else expect(now).toBeUndefined();
        }
      }
    }
    // The committee report due 30.11.2026 was overdue: it stays; the next one moves from 30.5.2027 to 30.6.2027.
    const committee = after.filter((d) => d.kind === "committee_report");
    expect(committee.find((d) => d.seq === 3)).toMatchObject({ due_date: "2026-11-30", status: "open" });
    expect(committee.find((d) => d.seq === 4)).toMatchObject({ due_date: "2027-06-30", period_start: "2026-12-01" });
  });

  it("a decided change request that moves the period moves SUMMIT's future deadlines in the same transaction", async () => {
    const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const request = await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", summit).executeTakeFirstOrThrow();
    const before = await deadlinesOf(summit);
    expect(before.find((d) => d.kind === "yearly_report")!.period_start).toBe("2026-04-01");
    await decideChangeRequest(ctx.db, SYSTEM, request.id, {
      action: "decide",
      outcome: "approved_conditionally",
      body: "Työllisyys- ja kansainvälisyysjaosto",
      date: "2026-05-20",
      section: "14",
      conditionText: "Mikäli hanke saa ESR-rahoituksen.",
    });
    const v = await ctx.db
      .selectFrom("plan_version")
      .select(["start_date", "end_date"])
      .where("project_id", "=", summit)
      .where("state", "=", "current")
      .executeTakeFirstOrThrow();
    const after = await deadlinesOf(summit);
    const yearly = after.filter((d) => d.kind === "yearly_report");
    expect(yearly[0]!.period_start).toBe(v.start_date);
    expect(yearly[0]!.id).toBe(before.find((d) => d.kind === "yearly_report")!.id);
    expect(after.find((d) => d.kind === "final_report")!.period_end).toBe(v.end_date);
  });

  it("recording a deadline's state needs its version token, and a decision before the submission is refused", async () => {
    const ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const d = (await deadlinesOf(ote))[0]!;
    let res = await postForm(editDeadline, `/deadlines/${d.id}`, { status: "submitted", submittedOn: "1.12.2026" }, { deadlineId: String(d.id) });
    expect(res.status).toBe(400);
    res = await postForm(
      editDeadline,
      `/deadlines/${d.id}`,
      { status: "accepted", submittedOn: "3.12.2026", decidedOn: "1.12.2026", revision: String(d.revision) },
      { deadlineId: String(d.id) },
    );
    expect(res.status).toBe(400);
    expect((await ctx.db.selectFrom("deadline").select("status").where("id", "=", d.id).executeTakeFirstOrThrow()).status).toBe("open");
    res = await postForm(
      editDeadline,
      `/deadlines/${d.id}`,
      { status: "submitted", submittedOn: "3.12.2026", revision: String(d.revision) },
      { deadlineId: String(d.id) },
    );
    expect(res.status).toBe(302);
    expect(await ctx.db.selectFrom("deadline").select(["status", "submitted_on"]).where("id", "=", d.id).executeTakeFirstOrThrow()).toEqual({
      status: "submitted",
      submitted_on: "2026-12-03",
    });
  });
});

describe("who may be made responsible", () => {
  it("managers and admins, and the representatives of the project's own organisations; never a committee member or another association", async () => {
    const names = async (caseNumber: string) => (await responsibleCandidates(ctx.db, await projectIdByCase(ctx.db, caseNumber))).map((u) => u.name);
    const flow = await names("KAJDno-2023-1068");
    expect(flow.some((n) => n.startsWith("Hanna Haka"))).toBe(true);
    expect(flow.some((n) => n.startsWith("Paula Päällikkö"))).toBe(true);
    expect(flow.some((n) => n.startsWith("Sami SPR") || n.startsWith("Jussi Jäsen"))).toBe(false);
    const kotona = await names("KAJDno-2024-1358");
    expect(kotona.some((n) => n.startsWith("Sami SPR"))).toBe(true);
    expect(kotona.some((n) => n.startsWith("Hanna Haka"))).toBe(false);
  });
});

describe("the deadline view", () => {
  it("counts every standing as the deadlines' own states say, and the overdue filter lists only overdue ones", async () => {
    const all = await ctx.db.selectFrom("deadline").select(["status", "due_date"]).execute();
    const expected = { upcoming: 0, dueSoon: 0, overdue: 0, submitted: 0, accepted: 0, returned: 0 };
    for (const d of all) expected[bucketOf(d.status, d.due_date, TODAY)]++;
    const page = await listDeadlines(ctx.db, SEES_ALL, {}, {}, TODAY);
    expect(page.counts).toEqual(expected);
    const res = await callLoader(deadlinesPage, "/deadlines?bucket=overdue");
    expect(res.status).toBe(200);
    const data = await jsonOf<{ rows: { status: string; dueDate: string; shortName: string }[]; page: { total: number } }>(res);
    expect(data.page.total).toBe(expected.overdue);
    expect(data.rows.length).toBeGreaterThan(0);
    for (const r of data.rows) expect(bucketOf(r.status as "open", r.dueDate, TODAY)).toBe("overdue");
    expect(data.rows.map((r) => r.shortName)).toContain("Kotona Kajaanissa");
  });

  it("an association's representative sees only its own organisation's projects' deadlines; a wrong filter value is said, not used", async () => {
    const haka = await viewerOf(ctx.db, "haka");
    const page = await listDeadlines(ctx.db, haka, {}, { size: 200 }, TODAY);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(new Set(page.rows.map((r) => r.shortName))).toEqual(new Set(["SUMMIT", "FLOW"]));
    const res = await callLoader(deadlinesPage, "/deadlines?bucket=soon&kind=x", {}, { headers: await headersFor(ctx.db, "haka") });
    expect(res.status).toBe(200);
    const data = await jsonOf<{ problems: Record<string, string>; rows: { shortName: string }[] }>(res);
    expect(Object.keys(data.problems).sort()).toEqual(["bucket", "kind"]);
    expect(data.rows.every((r) => r.shortName === "SUMMIT" || r.shortName === "FLOW")).toBe(true);
  });

  it("an association's own page lists what is due from it, what was returned to it and what it submitted; a manager's portfolio has no such section", async () => {
    type Own = { organisation: string; open: { shortName: string; status: string }[]; returned: unknown[]; submitted: { shortName: string }[] } | null;
    const own = (await jsonOf<{ ownDeadlines: Own }>(await callLoader(portfolioPage, "/", {}, { headers: await headersFor(ctx.db, "haka") }))).ownDeadlines!;
    expect(own.organisation).toBe("Kajaanin Haka ry");
    expect(own.open.length).toBeGreaterThan(0);
    expect(own.open.every((r) => r.status === "open" && (r.shortName === "SUMMIT" || r.shortName === "FLOW"))).toBe(true);
    expect(own.returned).toEqual([]);
    const manager = await jsonOf<{ ownDeadlines: Own }>(await callLoader(portfolioPage, "/"));
    expect(manager.ownDeadlines).toBeNull();
  });
});
