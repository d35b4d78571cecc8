/**
 * The audit trail: every mutation through the routes leaves exactly the expected audit rows
 * (who, one transaction, entity, id, before/after values), a refused mutation leaves none, audit
 * rows cannot be changed or deleted, and the project page shows the history to those who may
 * see the project.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { headersFor, useSignedIn, viewerOf } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newProjectAction } from "~/routes/projects.new";
import { action as editProjectAction, loader as editProjectLoader } from "~/routes/projects.$projectId.edit";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as newCommitmentAction } from "~/routes/projects.$projectId.commitments.new";
import { action as editCommitmentAction, loader as editCommitmentLoader } from "~/routes/projects.$projectId.commitments.$commitmentId";
import { action as newOrgAction } from "~/routes/organisations.new";
import { action as editOrgAction, loader as editOrgLoader } from "~/routes/organisations.$organisationId";
import { action as accountAction } from "~/routes/account";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";

const ctx = useTestDatabase("demo");
const manager = useSignedIn(ctx, "manager");

interface AuditRow {
  id: number;
  user_id: number | null;
  tx_id: string | null;
  entity: string;
  entity_id: number;
  project_id: number | null;
  action: "insert" | "update" | "delete";
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The id of the newest audit row: what a test's mutation adds comes after it. */
async function mark(): Promise<number> {
  const row = await ctx.db
    .selectFrom("audit_event")
    .select((eb) => eb.fn.max("id").as("m"))
    .executeTakeFirstOrThrow();
  return Number(row.m ?? 0);
}

async function auditSince(id: number): Promise<AuditRow[]> {
  const rows = await ctx.db.selectFrom("audit_event").selectAll().where("id", ">", id).orderBy("id").execute();
  return rows.map(({ before_json, after_json, at: _at, ...r }) => ({
    ...r,
    before: before_json ? JSON.parse(before_json) : null,
    after: after_json ? JSON.parse(after_json) : null,
  }));
}

async function auditCount(): Promise<number> {
  return Number(
    (
      await ctx.db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** "entity:action:id" for each row, sorted: compares what was written without caring for order. */
const keysOf = (rows: AuditRow[]) => rows.map((r) => `${r.entity}:${r.action}:${r.entity_id}`).sort();

/** Every row was written by this user, in one transaction, and belongs to this project. */
function expectOneTransaction(rows: AuditRow[], userId: number, projectId: number | null) {
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1);
  expect(rows[0]!.tx_id).toMatch(/^[0-9a-f-]{36}$/);
  for (const r of rows) {
    expect(r.user_id).toBe(userId);
    expect(r.project_id).toBe(projectId);
  }
}

/** Nested loader values ({ costs: [{ yearly: { y2027 } }] }) → the posted field names ("costs.0.yearly.y2027"). */
function fieldsOf(values: unknown, prefix = ""): Record<string, string> {
  if (values === null || values === undefined) return {};
  if (typeof values !== "object") return { [prefix]: String(values) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) Object.assign(out, fieldsOf(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

async function planRows(projectId: number) {
  const v = await ctx.db.selectFrom("plan_version").select("id").where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirstOrThrow();
  const lines = await ctx.db.selectFrom("plan_line").select("id").where("plan_version_id", "=", v.id).execute();
  const years = await ctx.db
    .selectFrom("plan_line_year")
    .select("plan_line_id")
    .where("plan_line_id", "in", lines.length ? lines.map((l) => l.id) : [-1])
    .execute();
  const implementers = await ctx.db.selectFrom("plan_implementer").select("id").where("plan_version_id", "=", v.id).execute();
  return { versionId: v.id, lines: lines.map((l) => l.id), years: years.map((y) => y.plan_line_id), implementers: implementers.map((i) => i.id) };
}

let haka: number;
let employment: number;
let newProjectId: number;
/** SUMMIT's facts before the edit below. */
const summitBefore = { name: "", targetGroup: "" };

beforeAll(async () => {
  haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
  employment = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
});

describe("audit rows of each mutation", () => {
  it("creating a project: the project, its plan version, lines, yearly amounts and implementer, by the manager in one transaction", async () => {
    const m = await mark();
    const res = await postForm(newProjectAction, "/projects/new", {
      name: "Nuorten polku",
      shortName: "POLKU",
      caseNumber: "KAJDno-2026-900",
      leadOrganisationId: String(haka),
      status: "planning",
      start: "1.1.2027",
      end: "31.12.2028",
      costModel: "flat_40",
      "costs.0.kind": "staff",
      "costs.0.amount": "100 000",
      "financing.0.kind": "esr",
      "financing.0.amount": "112 000",
      "financing.0.yearly.y2027": "56 000",
      "financing.0.yearly.y2028": "56 000",
    });
    expect(res.status).toBe(302);
    newProjectId = Number(res.headers.get("Location")!.split("/").pop());
    const rows = await auditSince(m);
    expectOneTransaction(rows, manager.viewer.userId, newProjectId);
    const plan = await planRows(newProjectId);
    expect(plan.lines).toHaveLength(3); // staff, flat rate 40 %, ESR
    expect(keysOf(rows)).toEqual(
      [
        `project:insert:${newProjectId}`,
        `plan_version:insert:${plan.versionId}`,
        ...plan.lines.map((id) => `plan_line:insert:${id}`),
        ...plan.years.map((id) => `plan_line_year:insert:${id}`),
        ...plan.implementers.map((id) => `plan_implementer:insert:${id}`),
      ].sort(),
    );
    expect(plan.years).toHaveLength(2);
    expect(plan.implementers).toHaveLength(1);
    for (const r of rows) expect(r.before).toBeNull();
    const project = rows.find((r) => r.entity === "project")!;
    expect(project.after).toMatchObject({
      name: "Nuorten polku",
      short_name: "POLKU",
      case_number: "KAJDno-2026-900",
      lead_organisation_id: haka,
      status: "planning",
      revision: 1,
    });
    expect(rows.find((r) => r.entity === "plan_version")!.after).toMatchObject({
      start_date: "2027-01-01",
      end_date: "2028-12-31",
      total_budget_cents: 14_000_000,
    });
    expect(rows.filter((r) => r.entity === "plan_line_year").map((r) => r.after)).toEqual([
      { plan_line_id: expect.any(Number), year: 2027, amount_cents: 5_600_000 },
      { plan_line_id: expect.any(Number), year: 2028, amount_cents: 5_600_000 },
    ]);
  });

  it("editing a project: one update row with the values before and after, revision incremented", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294"); // SUMMIT
    const loaded = await jsonOf(await callLoader(editProjectLoader, `/projects/${id}/edit`, { projectId: String(id) }));
    Object.assign(summitBefore, { name: loaded.project.name, targetGroup: loaded.project.target_group });
    const m = await mark();
    const res = await postForm(
      editProjectAction,
      `/projects/${id}/edit`,
      { ...loaded.values, name: "SUMMIT – uusi nimi", targetGroup: "Nuoret aikuiset" },
      { projectId: String(id) },
    );
    expect(res.status).toBe(302);
    const rows = await auditSince(m);
    expect(keysOf(rows)).toEqual([`project:update:${id}`]);
    expectOneTransaction(rows, manager.viewer.userId, id);
    const [r] = rows;
    expect(r!.before).toMatchObject({ name: loaded.project.name, target_group: loaded.project.target_group, revision: loaded.project.revision });
    expect(r!.after).toMatchObject({ name: "SUMMIT – uusi nimi", target_group: "Nuoret aikuiset", revision: loaded.project.revision + 1 });
    // the rest of the row is there unchanged, as JSON
    expect(r!.after!.case_number).toBe("KAJDno-2025-1294");
    expect(r!.before!.case_number).toBe("KAJDno-2025-1294");
    const stored = await ctx.db.selectFrom("project").select(["name", "revision"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: "SUMMIT – uusi nimi", revision: loaded.project.revision + 1 });
  });

  it("saving a plan: the version's update and only the yearly amounts that changed, in the project's trail", async () => {
    const before = await planRows(newProjectId);
    const loaded = await jsonOf(await callLoader(planLoader, `/projects/${newProjectId}/plan`, { projectId: String(newProjectId) }));
    const fields = fieldsOf(loaded.values);
    fields["financing.0.yearly.y2027"] = "50 000";
    fields["financing.0.yearly.y2028"] = "62 000";
    fields.note = "Vuosijako korjattu";
    const m = await mark();
    const res = await postForm(planAction, `/projects/${newProjectId}/plan`, fields, { projectId: String(newProjectId) });
    expect(res.status).toBe(302);
    const rows = await auditSince(m);
    const after = await planRows(newProjectId);
    expectOneTransaction(rows, manager.viewer.userId, newProjectId);
    expect(after).toEqual(before); // the same rows, updated in place
    const line = before.years[0]!; // the financing line that has entered yearly amounts
    expect(keysOf(rows)).toEqual([`plan_line_year:update:${line}`, `plan_line_year:update:${line}`, `plan_version:update:${before.versionId}`].sort());
    const version = rows.find((r) => r.entity === "plan_version")!;
    expect(version.before).toMatchObject({ note: "", revision: 1 });
    expect(version.after).toMatchObject({ note: "Vuosijako korjattu", revision: 2 });
    const years = rows.filter((r) => r.entity === "plan_line_year");
    expect(years.map((r) => [r.before!.year, r.before!.amount_cents, r.after!.amount_cents])).toEqual([
      [2027, 5_600_000, 5_000_000],
      [2028, 5_600_000, 6_200_000],
    ]);
  });

  it("adding, editing and deleting a commitment, with its yearly split", async () => {
    const m1 = await mark();
    const created = await postForm(
      newCommitmentAction,
      `/projects/${newProjectId}/commitments/new`,
      {
        organisationId: String(employment),
        amount: "21 000",
        "years.0.year": "2027",
        "years.0.amount": "10 000",
        "years.1.year": "2028",
        "years.1.amount": "11 000",
      },
      { projectId: String(newProjectId) },
    );
    expect(created.status).toBe(302);
    const added = await auditSince(m1);
    const commitmentId = added.find((r) => r.entity === "commitment")!.entity_id;
    expect(keysOf(added)).toEqual([`commitment:insert:${commitmentId}`, `commitment_year:insert:${commitmentId}`, `commitment_year:insert:${commitmentId}`]);
    expectOneTransaction(added, manager.viewer.userId, newProjectId);
    expect(added.find((r) => r.entity === "commitment")!.after).toMatchObject({ organisation_id: employment, amount_cents: 2_100_000, revision: 1 });
    expect(added.filter((r) => r.entity === "commitment_year").map((r) => r.after)).toEqual([
      { commitment_id: commitmentId, year: 2027, amount_cents: 1_000_000 },
      { commitment_id: commitmentId, year: 2028, amount_cents: 1_100_000 },
    ]);

    const params = { projectId: String(newProjectId), commitmentId: String(commitmentId) };
    const loaded = await jsonOf(await callLoader(editCommitmentLoader, "/", params));
    const fields = fieldsOf(loaded.values);
    fields.amount = "24 000";
    fields["years.1.amount"] = "14 000";
    fields.decisionDate = "1.3.2026";
    const m2 = await mark();
    expect((await postForm(editCommitmentAction, "/", fields, params)).status).toBe(302);
    const edited = await auditSince(m2);
    expectOneTransaction(edited, manager.viewer.userId, newProjectId);
    // Only the year that changed is written.
    expect(keysOf(edited)).toEqual([`commitment:update:${commitmentId}`, `commitment_year:update:${commitmentId}`]);
    expect(edited.find((r) => r.entity === "commitment_year")!.after).toEqual({ commitment_id: commitmentId, year: 2028, amount_cents: 1_400_000 });
    const update = edited.find((r) => r.entity === "commitment")!;
    expect(update.before).toMatchObject({ amount_cents: 2_100_000, decision_date: null, revision: 1 });
    expect(update.after).toMatchObject({ amount_cents: 2_400_000, decision_date: "2026-03-01", revision: 2 });

    const m3 = await mark();
    expect((await postForm(editCommitmentAction, "/", { _intent: "delete" }, params)).status).toBe(302);
    const deleted = await auditSince(m3);
    expectOneTransaction(deleted, manager.viewer.userId, newProjectId);
    expect(keysOf(deleted)).toEqual([`commitment:delete:${commitmentId}`, `commitment_year:delete:${commitmentId}`, `commitment_year:delete:${commitmentId}`]);
    for (const r of deleted) expect(r.after).toBeNull();
    expect(deleted.find((r) => r.entity === "commitment")!.before).toMatchObject({ amount_cents: 2_400_000, revision: 2 });
    expect(
      deleted
        .filter((r) => r.entity === "commitment_year")
        .map((r) => r.before!.amount_cents)
        .sort(),
    ).toEqual([1_000_000, 1_400_000]);
  });

  it("creating and editing an organisation: one insert row, then one update row (no project)", async () => {
    const m1 = await mark();
    const res = await postForm(newOrgAction, "/organisations/new", { name: "Testiyhdistys ry", kind: "association", businessId: "0737546-2" });
    expect(res.status).toBe(302);
    const created = await auditSince(m1);
    const orgId = await organisationIdByName(ctx.db, "Testiyhdistys ry");
    expect(keysOf(created)).toEqual([`organisation:insert:${orgId}`]);
    expectOneTransaction(created, manager.viewer.userId, null);
    expect(created[0]!.after).toMatchObject({ name: "Testiyhdistys ry", kind: "association", business_id: "0737546-2", revision: 1 });

    const loaded = await jsonOf(await callLoader(editOrgLoader, `/organisations/${orgId}`, { organisationId: String(orgId) }));
    const m2 = await mark();
    const edit = await postForm(editOrgAction, `/organisations/${orgId}`, { ...loaded.values, shortName: "Testi" }, { organisationId: String(orgId) });
    expect(edit.status).toBe(302);
    const updated = await auditSince(m2);
    expect(keysOf(updated)).toEqual([`organisation:update:${orgId}`]);
    expectOneTransaction(updated, manager.viewer.userId, null);
    expect(updated[0]!.before).toMatchObject({ short_name: "", revision: 1 });
    expect(updated[0]!.after).toMatchObject({ short_name: "Testi", revision: 2 });
  });

  it("changing a password: one app_user update row by the user, without the password hash", async () => {
    const spr = await viewerOf(ctx.db, "spr");
    const headers = await headersFor(ctx.db, "spr");
    const m = await mark();
    const res = await postForm(accountAction, "/account", { currentPassword: "hankevahti-demo", newPassword: "uusi-salasana-2026" }, {}, headers);
    expect(res.status).toBe(200);
    const rows = await auditSince(m);
    expect(keysOf(rows)).toEqual([`app_user:update:${spr.userId}`]);
    expectOneTransaction(rows, spr.userId, null);
    expect(rows[0]!.before).toMatchObject({ email: spr.email, is_demo: 1 });
    expect(rows[0]!.after).toMatchObject({ email: spr.email, is_demo: 0 });
    for (const json of [rows[0]!.before, rows[0]!.after]) expect(Object.keys(json!)).not.toContain("password_hash");
    const raw = await ctx.db.selectFrom("audit_event").select(["before_json", "after_json"]).where("id", "=", rows[0]!.id).executeTakeFirstOrThrow();
    expect(`${raw.before_json}${raw.after_json}`).not.toMatch(/scrypt|password/);
  });
});

describe("refused mutations", () => {
  it("leave no audit rows and an empty audit context", async () => {
    const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const before = await auditCount();
    const dup = await postForm(newProjectAction, "/projects/new", {
      name: "Kaksoiskappale",
      shortName: "DUP",
      caseNumber: "KAJDno-2025-1294",
      leadOrganisationId: String(haka),
      status: "planning",
      start: "1.1.2027",
      end: "31.12.2027",
      costModel: "flat_40",
      "costs.0.kind": "staff",
      "costs.0.amount": "1 000",
    });
    expect(dup.status).toBe(400);
    const loaded = await jsonOf(await callLoader(planLoader, `/projects/${summit}/plan`, { projectId: String(summit) }));
    const stale = await postForm(
      planAction,
      `/projects/${summit}/plan`,
      { ...fieldsOf(loaded.values), planRevision: "0", note: "ei tallennu" },
      { projectId: String(summit) },
    );
    expect(stale.status).toBe(400);
    const unknownOrg = await postForm(
      planAction,
      `/projects/${summit}/plan`,
      { ...fieldsOf(loaded.values), "implementers.0.organisationId": "99999" },
      { projectId: String(summit) },
    );
    expect(unknownOrg.status).toBe(400);
    const notCity = await postForm(newCommitmentAction, "/", { organisationId: String(haka), amount: "1 000" }, { projectId: String(summit) });
    expect(notCity.status).toBe(400);
    const tooLong = await postForm(
      editProjectAction,
      "/",
      { ...(await jsonOf(await callLoader(editProjectLoader, "/", { projectId: String(summit) }))).values, name: "x".repeat(10_000) },
      { projectId: String(summit) },
    );
    expect(tooLong.status).toBe(400);
    expect(await auditCount()).toBe(before);
    expect(await ctx.db.selectFrom("audit_context").selectAll().execute()).toEqual([{ id: 1, user_id: null, tx_id: null }]);
  });
});

describe("audit rows are permanent", () => {
  it("cannot be updated or deleted, not even with SQL", async () => {
    const before = await ctx.db.selectFrom("audit_event").selectAll().orderBy("id").execute();
    await expect(sql`UPDATE audit_event SET user_id = 999, after_json = '{}' WHERE id = ${before[0]!.id}`.execute(ctx.db)).rejects.toThrow(
      /audit rows cannot be changed/,
    );
    await expect(ctx.db.updateTable("audit_event").set({ entity: "x" }).execute()).rejects.toThrow(/audit rows cannot be changed/);
    await expect(sql`DELETE FROM audit_event WHERE id = ${before[0]!.id}`.execute(ctx.db)).rejects.toThrow(/audit rows cannot be deleted/);
    await expect(ctx.db.deleteFrom("audit_event").execute()).rejects.toThrow(/audit rows cannot be deleted/);
    expect(await ctx.db.selectFrom("audit_event").selectAll().orderBy("id").execute()).toEqual(before);
  });
});

describe("history on the project page", () => {
  it("shows a manager's change with the user's name and the values before and after", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const data = await jsonOf(await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }));
    const entry = data.history.find((e: { entity: string; action: string }) => e.entity === "project" && e.action === "update");
    expect(entry).toMatchObject({ userName: "Paula Päällikkö", entityId: id });
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { field: "name", before: summitBefore.name, after: "SUMMIT – uusi nimi" },
        { field: "target_group", before: summitBefore.targetGroup, after: "Nuoret aikuiset" },
      ]),
    );
    // only what changed, without bookkeeping fields
    expect(entry.changes.map((c: { field: string }) => c.field).sort()).toEqual(["name", "target_group"]);
    // the seed's rows were written by the system
    expect(data.history.some((e: { userName: string | null; action: string }) => e.userName === null && e.action === "insert")).toBe(true);
    // every entry belongs to this project
    const ids = data.history.map((e: { id: number }) => e.id);
    const rows = await ctx.db.selectFrom("audit_event").select(["id", "project_id"]).where("id", "in", ids).execute();
    expect(new Set(rows.map((r) => r.project_id))).toEqual(new Set([id]));
  });

  it("an association's representative sees the history of their own projects only", async () => {
    const headers = await headersFor(ctx.db, "haka");
    const own = await projectIdByCase(ctx.db, "KAJDno-2025-1294"); // SUMMIT, led by Haka
    const ownData = await jsonOf(await callLoader(projectLoader, `/projects/${own}`, { projectId: String(own) }, { headers }));
    expect(ownData.history.length).toBeGreaterThan(0);
    expect(ownData.history.some((e: { userName: string | null }) => e.userName === "Paula Päällikkö")).toBe(true);
    for (const other of ["KAJDno-2024-1358", "KAJDno-2026-641"]) {
      const id = await projectIdByCase(ctx.db, other); // Kotona Kajaanissa, OTE: Haka is not part of them
      const res = await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }, { headers });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/history|Päällikkö/);
    }
  });
});

describe("the project page's history is bounded", () => {
  it("shows the latest ten saves and says how many there are; ?history=all shows them all", async () => {
    const { updateProject, getProject } = await import("~/models/project.server");
    const { SEES_ALL } = await import("../helpers/auth");
    const id = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    for (let i = 0; i < 12; i++) {
      const p = (await getProject(ctx.db, SEES_ALL, id))!;
      await updateProject(
        ctx.db,
        { userId: manager.viewer.userId },
        id,
        {
          name: p.name,
          shortName: p.short_name,
          caseNumber: p.case_number,
          leadOrganisationId: p.lead_organisation_id,
          funderOrganisationId: p.funder_organisation_id,
          programme: p.programme,
          specificObjective: p.specific_objective,
          targetGroup: p.target_group,
          description: `Kuvaus ${i}`,
          status: p.status,
          euShareBp: p.eu_share_bp,
        },
        p.revision,
      );
    }
    const saves = Number(
      (await sql<{ n: number }>`SELECT COUNT(DISTINCT COALESCE(tx_id, 'row-' || id)) AS n FROM audit_event WHERE project_id = ${id}`.execute(ctx.db)).rows[0]!
        .n,
    );
    expect(saves).toBeGreaterThan(12);
    const d = await jsonOf(await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }));
    expect(d.historySaves).toEqual({ total: saves, shown: 10, all: false });
    expect(new Set(d.history.map((e: { txId: string }) => e.txId)).size).toBe(10);
    expect(d.history[0].changes).toContainEqual({ field: "description", before: "Kuvaus 10", after: "Kuvaus 11" });
    const all = await jsonOf(await callLoader(projectLoader, `/projects/${id}?history=all`, { projectId: String(id) }));
    expect(all.historySaves.all).toBe(true);
    expect(all.historySaves.shown).toBeGreaterThan(10);
    expect(all.history.length).toBeGreaterThan(d.history.length);
    expect(all.history.length).toBeLessThanOrEqual(200);
  });
});
