/**
 * Two mechanisms every page rests on: which projects a viewer sees (projectVisible, the SQL
 * condition under every read) and in-place writes of a plan's lines and of entered years
 * (writePlanContents, writeYears), which keep the audit trail to what really changed.
 */
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, projectIdByCase, organisationIdByName } from "../helpers/db";
import { SEES_ALL } from "../helpers/auth";
import { projectVisible } from "~/models/scope.server";
import { loadPlanBundles } from "~/models/plan.server";
import { savePlan } from "~/models/plan-write.server";
import { getCommitment, updateCommitment } from "~/models/commitment.server";
import { SYSTEM } from "~/models/audit.server";
import type { Viewer } from "~/domain/permissions";
import type { PlanInput } from "~/schemas/ledger";
import type { DB } from "../../db/connection";

const ctx = useTestDatabase("demo");

const viewer = (role: Viewer["role"], organisationId: number | null = null): Viewer => ({ ...SEES_ALL, role, organisationId });

async function visibleCases(db: DB, v: Viewer): Promise<string[]> {
  const rows = await db.selectFrom("project as p").select("p.case_number").where(projectVisible(v, "p")).orderBy("p.case_number").execute();
  return rows.map((r) => r.case_number);
}

describe("projectVisible", () => {
  it("a manager sees every project, a committee member all but drafts", async () => {
    const all = (await ctx.db.selectFrom("project").select("case_number").orderBy("case_number").execute()).map((r) => r.case_number);
    expect(await visibleCases(ctx.db, viewer("manager"))).toEqual(all);
    const drafts = (await ctx.db.selectFrom("project").select("case_number").where("status", "=", "planning").execute()).map((r) => r.case_number);
    expect(await visibleCases(ctx.db, viewer("committee"))).toEqual(all.filter((c) => !drafts.includes(c)));
  });

  it("an association sees the projects it leads, funds or implements under the current plan, and only those", async () => {
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const expected = await sql<{ case_number: string }>`
      SELECT p.case_number FROM project p WHERE p.lead_organisation_id = ${haka} OR p.funder_organisation_id = ${haka}
        OR EXISTS (SELECT 1 FROM plan_implementer i JOIN plan_version v ON v.id = i.plan_version_id WHERE v.project_id = p.id AND v.state = 'current' AND i.organisation_id = ${haka})
      ORDER BY p.case_number`.execute(ctx.db);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(await visibleCases(ctx.db, viewer("association", haka))).toEqual(expected.rows.map((r) => r.case_number));
    expect(await visibleCases(ctx.db, viewer("association", null))).toEqual([]);
  });

  it("an implementer of a superseded version only does not see the project", async () => {
    const spr = await organisationIdByName(ctx.db, "Suomen Punaisen Ristin Oulun piiri");
    const before = await visibleCases(ctx.db, viewer("association", spr));
    const hidden = (await ctx.db.selectFrom("project").select("case_number").orderBy("case_number").execute())
      .map((r) => r.case_number)
      .find((c) => !before.includes(c))!;
    expect(hidden).toBeDefined();
    const kotona = await projectIdByCase(ctx.db, hidden);
    const current = await ctx.db
      .selectFrom("plan_version")
      .select(["id", "cost_model", "flat_rate_bp"])
      .where("project_id", "=", kotona)
      .where("state", "=", "current")
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto("plan_version")
      .values({
        project_id: kotona,
        version_number: 99,
        state: "superseded",
        start_date: "2025-01-01",
        end_date: "2025-12-31",
        total_budget_cents: 0,
        cost_model: current.cost_model,
        flat_rate_bp: current.flat_rate_bp,
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      })
      .execute();
    const old = await ctx.db
      .selectFrom("plan_version")
      .select("id")
      .where("project_id", "=", kotona)
      .where("version_number", "=", 99)
      .executeTakeFirstOrThrow();
    await ctx.db.insertInto("plan_implementer").values({ plan_version_id: old.id, organisation_id: spr, role: "co", budget_cents: null }).execute();
    expect(current.id).not.toBe(old.id);
    expect(await visibleCases(ctx.db, viewer("association", spr))).toEqual(before);
  });
});

async function auditOf(db: DB, fromId: number) {
  return (await db.selectFrom("audit_event").select(["entity", "action", "before_json", "after_json"]).where("id", ">", fromId).orderBy("id").execute()).map(
    (r) => ({
      entity: r.entity,
      action: r.action,
    }),
  );
}
const lastAuditId = async (db: DB) => Number((await sql<{ m: number }>`SELECT COALESCE(MAX(id), 0) AS m FROM audit_event`.execute(db)).rows[0]!.m);

describe("in-place writes keep the audit trail to what changed", () => {
  it("a plan saved with one line's label changed updates that one line, nothing else", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const v = await ctx.db.selectFrom("plan_version").selectAll().where("project_id", "=", id).where("state", "=", "current").executeTakeFirstOrThrow();
    const b = (await loadPlanBundles(ctx.db, { versionIds: [v.id] })).get(v.id)!;
    const plan: PlanInput = {
      start: v.start_date,
      end: v.end_date,
      totalBudgetCents: v.total_budget_cents,
      costModel: v.cost_model,
      flatRateBp: v.flat_rate_bp,
      note: v.note,
      lines: b.lines.map((l, i) => ({
        side: l.side,
        kind: l.kind,
        organisationId: l.organisationId,
        label: i === b.lines.length - 1 ? `${l.label} (tarkennettu)` : l.label,
        amountCents: l.amountCents,
        statedPercentBp: l.statedPercentBp,
        staffHoursCenti: l.staffHoursCenti,
        hourlyRateCents: l.hourlyRateCents,
        years: l.entered,
      })),
      implementers: b.implementers.map((x) => ({ organisationId: x.organisationId, role: x.role, budgetCents: x.budgetCents })),
    };
    const from = await lastAuditId(ctx.db);
    await savePlan(ctx.db, SYSTEM, id, plan, { revision: v.revision, asNewVersion: false });
    expect(await auditOf(ctx.db, from)).toEqual([
      { entity: "plan_version", action: "update" },
      { entity: "plan_line", action: "update" },
    ]);
  });

  it("a commitment's split with one year changed updates that year only; a year added is one insert", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const cid = (
      await ctx.db
        .selectFrom("commitment as c")
        .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
        .select("c.id")
        .where("v.project_id", "=", id)
        .where("v.state", "=", "current")
        .executeTakeFirstOrThrow()
    ).id;
    const c = (await getCommitment(ctx.db, id, cid))!;
    expect(c.years.length).toBeGreaterThan(1);
    const input = {
      organisationId: c.organisation_id,
      amountCents: c.amount_cents,
      conditionStatus: c.condition_status,
      conditionText: c.condition_text,
      annualBudgetReservation: c.annual_budget_reservation === 1,
      decisionBody: c.decision_body,
      decisionDate: c.decision_date,
      decisionSection: c.decision_section,
      note: c.note,
    };
    const moved = c.years.map((y, i) => (i === 0 ? { ...y, amountCents: y.amountCents - 100 } : i === 1 ? { ...y, amountCents: y.amountCents + 100 } : y));
    let from = await lastAuditId(ctx.db);
    await updateCommitment(ctx.db, SYSTEM, id, cid, { ...input, years: moved }, c.revision);
    expect(await auditOf(ctx.db, from)).toEqual([
      { entity: "commitment", action: "update" },
      { entity: "commitment_year", action: "update" },
      { entity: "commitment_year", action: "update" },
    ]);
    const c2 = (await getCommitment(ctx.db, id, cid))!;
    from = await lastAuditId(ctx.db);
    const last = c2.years[c2.years.length - 1]!;
    const split = [...c2.years.slice(0, -1), { year: last.year, amountCents: last.amountCents - 100 }, { year: last.year + 1, amountCents: 100 }];
    await updateCommitment(ctx.db, SYSTEM, id, cid, { ...input, years: split }, c2.revision);
    expect(await auditOf(ctx.db, from)).toEqual([
      { entity: "commitment", action: "update" },
      { entity: "commitment_year", action: "update" },
      { entity: "commitment_year", action: "insert" },
    ]);
  });
});
