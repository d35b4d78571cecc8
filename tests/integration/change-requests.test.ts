/**
 * Change requests (issue 4) through the real routes, as the employment manager: recording a
 * request with its proposed plan, deciding it (approved on a condition, then met or failed;
 * rejected; by the funder), what each step does to the plan versions, the commitments and the
 * city's yearly totals (to the cent, by the split rule), the refusals of bad input with nothing
 * saved, who may read and decide, and the audit rows each step leaves. Each block has its own
 * copy of the demo database, in which SUMMIT's request of § 14 is still pending.
 */
import { describe, expect, it } from "vitest";
import { SEES_ALL, headersFor, useSignedIn, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import type { DB } from "../../db/connection";
import { loader as newRequestLoader, action as newRequestAction } from "~/routes/projects.$projectId.change-requests.new";
import { loader as requestLoader, action as requestAction } from "~/routes/change-requests.$requestId";
import { loader as requestsLoader } from "~/routes/change-requests._index";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";
import { loader as planLoader, action as planAction } from "~/routes/projects.$projectId.plan";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as commitmentsLoader } from "~/routes/commitments";
import { getProjectDetail } from "~/models/project.server";
import { cityCommitmentsByYear } from "~/models/commitment.server";
import { splitOverPeriod } from "~/domain/split";

const SUMMIT = "KAJDno-2025-1294";
const OTE = "KAJDno-2026-641";
const KOTONA = "KAJDno-2024-1358";
const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const CONDITION = "Mikäli hanke saa ESR-rahoituksen.";
const EMPLOYMENT = "Työllisyys- ja kansainvälisyyspalvelut";
const SUMMIT_TARGET_GROUP = "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään";

/** SUMMIT's 55 000 € over 1.4.2026–30.3.2028 and the proposed 82 500 € over 1.11.2026–31.10.2029, by the split rule. */
const OLD_YEARS = [
  { year: 2026, amountCents: 2_071_918 },
  { year: 2027, amountCents: 2_750_000 },
  { year: 2028, amountCents: 678_082 },
];
const NEW_YEARS = [
  { year: 2026, amountCents: 459_170 },
  { year: 2027, amountCents: 2_747_491 },
  { year: 2028, amountCents: 2_755_018 },
  { year: 2029, amountCents: 2_288_321 },
];

type YearRow = { year: number; confirmedCents: number; conditionalCents: number };

/* ---------- helpers ---------- */

/** A fresh demo database for the enclosing describe block, with the manager signed in. */
function scenario() {
  const ctx = useTestDatabase("demo");
  const me = useSignedIn(ctx, "manager");
  return { ctx, me };
}

/** Nested loader values ({ costs: [{ yearly: { y2027 } }] }) → the posted field names ("costs.0.yearly.y2027"). */
function fieldsOf(values: unknown, prefix = ""): Record<string, string> {
  if (values === null || values === undefined) return {};
  if (typeof values !== "object") return { [prefix]: String(values) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) Object.assign(out, fieldsOf(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

async function summitRequestId(db: DB): Promise<number> {
  const r = await db
    .selectFrom("change_request")
    .select("id")
    .where("project_id", "=", await projectIdByCase(db, SUMMIT))
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

/** What the new-request form starts from for a project, as the fields a browser posts. */
async function formFields(projectId: number): Promise<Record<string, string>> {
  const res = await callLoader(newRequestLoader, `/projects/${projectId}/change-requests/new`, { projectId: String(projectId) });
  expect(res.status).toBe(200);
  return fieldsOf((await jsonOf(res)).values);
}

const record = (projectId: number, fields: Record<string, string>, headers: Record<string, string | null> = {}) =>
  postForm(newRequestAction, `/projects/${projectId}/change-requests/new`, fields, { projectId: String(projectId) }, headers);

const decide = (id: number, fields: Record<string, string>, headers: Record<string, string | null> = {}) =>
  postForm(requestAction, `/change-requests/${id}`, { _intent: "decide", confirm: "1", ...fields }, { requestId: String(id) }, headers);

const settle = (id: number, outcome: "met" | "failed", date: string) =>
  postForm(requestAction, `/change-requests/${id}`, { _intent: "settle", confirm: "1", outcome, date }, { requestId: String(id) });

const SUMMIT_DECISION = { outcome: "approved_conditionally", body: DIVISION, date: "20.5.2026", section: "14", conditionText: CONDITION };

async function requestPage(id: number, headers?: Record<string, string>) {
  return callLoader(requestLoader, `/change-requests/${id}`, { requestId: String(id) }, headers ? { headers } : {});
}

async function pageView(id: number) {
  const res = await requestPage(id);
  expect(res.status).toBe(200);
  return (await jsonOf(res)).view;
}

async function projectPage(id: number) {
  const res = await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

async function errorsOf(res: Response): Promise<Record<string, string>> {
  expect(res.status).toBe(400);
  return (await jsonOf(res)).errors;
}

const ROW_TABLES = [
  "project",
  "plan_version",
  "plan_line",
  "plan_line_year",
  "plan_implementer",
  "commitment",
  "commitment_year",
  "change_request",
  "audit_event",
] as const;

async function rowCounts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ROW_TABLES)
    out[t] = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

interface AuditRow {
  user_id: number | null;
  tx_id: string | null;
  entity: string;
  entity_id: number;
  project_id: number | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function mark(db: DB): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.max("id").as("m"))
        .executeTakeFirstOrThrow()
    ).m ?? 0,
  );
}

async function auditSince(db: DB, id: number): Promise<AuditRow[]> {
  const rows = await db.selectFrom("audit_event").selectAll().where("id", ">", id).orderBy("id").execute();
  return rows.map((r) => ({ ...r, before: r.before_json ? JSON.parse(r.before_json) : null, after: r.after_json ? JSON.parse(r.after_json) : null }));
}

/** The rows since `since`: at least one, every one by this user, in one transaction, of this project. */
async function expectAudited(db: DB, since: number, userId: number, projectId: number): Promise<AuditRow[]> {
  const rows = await auditSince(db, since);
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1);
  expect(rows[0]!.tx_id).toMatch(/^[0-9a-f-]{36}$/);
  for (const r of rows) {
    expect(r.user_id).toBe(userId);
    expect(r.project_id).toBe(projectId);
  }
  return rows;
}

/** The project's current plan and commitments as the project page shows them (without the list of versions). */
async function currentPicture(db: DB, projectId: number) {
  const d = (await getProjectDetail(db, SEES_ALL, projectId))!;
  return {
    project: d.project,
    version: d.plan.version,
    lines: d.plan.lines,
    implementers: d.plan.implementers,
    commitments: d.commitments,
    commitmentsByYear: d.commitmentsByYear,
    planByYear: d.planByYear,
    warnings: d.warnings,
  };
}

async function versionStates(db: DB, projectId: number): Promise<[number, string][]> {
  const rows = await db.selectFrom("plan_version").select(["version_number", "state"]).where("project_id", "=", projectId).orderBy("version_number").execute();
  return rows.map((r) => [r.version_number, r.state]);
}

async function cityTotals(): Promise<{ total: YearRow[]; projects: { shortName: string; years: YearRow[] }[] }> {
  const res = await callLoader(commitmentsLoader, "/commitments");
  expect(res.status).toBe(200);
  return jsonOf(res);
}

const yearOf = (rows: YearRow[], year: number): YearRow => rows.find((r) => r.year === year) ?? { year, confirmedCents: 0, conditionalCents: 0 };

/* ---------- recording ---------- */

describe("recording a change request through the form", () => {
  const { ctx, me } = scenario();

  it("saves it pending with its proposal; it is listed oldest first and shown with the diff and the yearly effect; the current plan is untouched", async () => {
    const ote = await projectIdByCase(ctx.db, OTE);
    const employment = await organisationIdByName(ctx.db, EMPLOYMENT);
    const kaukametsa = await organisationIdByName(ctx.db, "Kaukametsän opisto");
    const before = await currentPicture(ctx.db, ote);
    const since = await mark(ctx.db);

    // OTE asks to run a year longer (to 31.12.2029) with the 21 000 € split 6 000 / 7 000 / 8 000.
    const fields = await formFields(ote);
    expect(fields).toMatchObject({ direction: "grantee_to_city", end: "31.12.2028", proposedShortName: "OTE", costModel: "flat_40" });
    const res = await record(ote, {
      ...fields,
      direction: "grantee_to_city",
      requestedByOrganisationId: String(kaukametsa),
      receivedOn: "1.6.2026",
      "kinds.extend": "on",
      "kinds.city_cofinancing": "on",
      reason: "Hanke jatkuu vuoden 2029 loppuun; omarahoitus jaetaan kolmelle vuodelle.",
      end: "31.12.2029",
      proposedTargetGroup: "Työllisyyspalveluiden asiakkaat",
      "cityCommitment.organisationId": String(employment),
      "cityCommitment.amount": "21 000",
      "cityCommitment.years.0.year": "2027",
      "cityCommitment.years.0.amount": "6 000",
      "cityCommitment.years.1.year": "2028",
      "cityCommitment.years.1.amount": "7 000",
      "cityCommitment.years.2.year": "2029",
      "cityCommitment.years.2.amount": "8 000",
    });
    expect(res.status).toBe(302);
    const id = Number(/^\/change-requests\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);

    // Stored pending, against OTE's current version, proposing version 2.
    const row = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      project_id: ote,
      direction: "grantee_to_city",
      requested_by_organisation_id: kaukametsa,
      received_on: "2026-06-01",
      state: "pending",
      condition_state: null,
      decision_date: null,
    });
    expect(JSON.parse(row.kinds)).toEqual(["extend", "city_cofinancing"]);
    expect(await versionStates(ctx.db, ote)).toEqual([
      [1, "current"],
      [2, "proposed"],
    ]);

    // Nothing in the current plan changed: the project, its plan, its commitments and figures.
    expect(await currentPicture(ctx.db, ote)).toEqual(before);

    // Listed with SUMMIT's request of 20.5.2026, oldest first, both pending.
    const list = await jsonOf(await callLoader(requestsLoader, "/change-requests"));
    expect(list.rows.map((r: { projectShortName: string; receivedOn: string; outcome: string }) => [r.projectShortName, r.receivedOn, r.outcome])).toEqual([
      ["SUMMIT", "2026-05-20", "pending"],
      ["OTE", "2026-06-01", "pending"],
    ]);

    // The request page: every change and the effect per year.
    const view = await pageView(id);
    expect(view.request).toMatchObject({
      state: "pending",
      outcome: "pending",
      requestedBy: "Kaukametsän opisto",
      baseVersionNumber: 1,
      proposedVersionNumber: 2,
      kinds: ["extend", "city_cofinancing"],
    });
    expect(view.stale).toBe(false);
    expect(view.diff.fields).toEqual([
      { field: "end", kind: "day", before: "2028-12-31", after: "2029-12-31" },
      {
        field: "project.targetGroup",
        kind: "text",
        before: "Työllisyyspalveluiden asiakkaat; työllisyyspalveluiden ja kansalaisopistojen henkilöstö",
        after: "Työllisyyspalveluiden asiakkaat",
      },
    ]);
    expect(view.diff.lines).toEqual([]);
    const commitment = view.diff.commitments[0];
    expect(commitment).toMatchObject({ change: "changed", organisationName: EMPLOYMENT });
    expect(commitment.fields.find((f: { field: string }) => f.field === "years")).toEqual({
      field: "years",
      kind: "split",
      before: [
        { year: 2027, amountCents: 700_000 },
        { year: 2028, amountCents: 700_000 },
        { year: 2029, amountCents: 700_000 },
      ],
      after: [
        { year: 2027, amountCents: 600_000 },
        { year: 2028, amountCents: 700_000 },
        { year: 2029, amountCents: 800_000 },
      ],
    });
    // Per year: the same 21 000 € in total, moved between years (the proposal carries no condition until decided).
    expect(
      view.effect.commitments.map((y: { year: number; before: { totalCents: number }; after: { totalCents: number }; differenceCents: number }) => [
        y.year,
        y.before.totalCents,
        y.after.totalCents,
        y.differenceCents,
      ]),
    ).toEqual([
      [2027, 700_000, 600_000, -100_000],
      [2028, 700_000, 700_000, 0],
      [2029, 700_000, 800_000, 100_000],
    ]);
    expect(view.effect.commitmentTotals.differenceCents).toBe(0);
    // The city's totals per year, now and if approved.
    const now = await cityCommitmentsByYear(ctx.db, SEES_ALL);
    for (const y of view.effect.city as { year: number; before: { totalCents: number }; after: { totalCents: number } }[]) {
      const t = yearOf(now.total, y.year);
      expect(y.before.totalCents).toBe(t.confirmedCents + t.conditionalCents);
      const move = y.year === 2027 ? -100_000 : y.year === 2029 ? 100_000 : 0;
      expect(y.after.totalCents).toBe(y.before.totalCents + move);
    }

    // One transaction, by the manager.
    const rows = await expectAudited(ctx.db, since, me.viewer.userId, ote);
    expect(rows.filter((r) => r.entity === "change_request").map((r) => [r.action, r.entity_id])).toEqual([["insert", id]]);
    expect(rows.some((r) => r.entity === "plan_version" && r.action === "insert" && r.after?.state === "proposed")).toBe(true);
    expect(rows.some((r) => r.entity === "project" || (r.entity === "plan_version" && r.action === "update"))).toBe(false);
  });
});

/* ---------- SUMMIT: approved on its condition, then met ---------- */

describe("SUMMIT's request of § 14 approved on its condition, then the condition met", () => {
  const { ctx, me } = scenario();

  it("makes the proposal the current version, its 82 500 € conditional over 2026–2029 in every figure, the decision on the timeline", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = await summitRequestId(ctx.db);
    expect(NEW_YEARS.map((y) => y.amountCents)).toEqual(splitOverPeriod(8_250_000, "2026-11-01", "2029-10-31").map((y) => y.amountCents));
    const totalsBefore = await cityTotals();
    // A plan editor opened before the meeting (on version 1).
    const editor = await jsonOf(await callLoader(planLoader, `/projects/${summit}/plan`, { projectId: String(summit) }));
    const view = await pageView(id);
    expect(view.request.state).toBe("pending");
    expect(
      view.effect.commitments.map((y: { year: number; before: { confirmedCents: number }; after: { totalCents: number } }) => [
        y.year,
        y.before.confirmedCents,
        y.after.totalCents,
      ]),
    ).toEqual([
      [2026, 2_071_918, 459_170],
      [2027, 2_750_000, 2_747_491],
      [2028, 678_082, 2_755_018],
      [2029, 0, 2_288_321],
    ]);
    const since = await mark(ctx.db);

    expect((await decide(id, SUMMIT_DECISION)).status).toBe(302);

    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "superseded"],
      [2, "current"],
    ]);
    const request = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({
      state: "approved_conditionally",
      condition_state: "pending",
      condition_text: CONDITION,
      decision_body: DIVISION,
      decision_date: "2026-05-20",
      decision_section: "14",
      previous_target_group: SUMMIT_TARGET_GROUP,
    });

    // The project page: the new plan, its commitment conditional with the decision as reference.
    const page = await projectPage(summit);
    expect(page.project).toMatchObject({ short_name: "SUMMIT", target_group: expect.stringMatching(/^NEET-nuoret/) });
    expect(page.plan.version).toMatchObject({ version_number: 2, start_date: "2026-11-01", end_date: "2029-10-31", total_budget_cents: 50_400_000 });
    expect(page.commitments).toEqual([
      expect.objectContaining({
        amountCents: 8_250_000,
        conditionStatus: "pending",
        conditionText: CONDITION,
        decisionBody: DIVISION,
        decisionDate: "2026-05-20",
        decisionSection: "14",
        years: NEW_YEARS,
      }),
    ]);
    expect(page.commitmentsByYear).toEqual(NEW_YEARS.map((y) => ({ year: y.year, confirmedCents: 0, conditionalCents: y.amountCents })));
    // The timeline: v1 the original plan, v2 made by the decision of 20.5.2026 § 14.
    expect(page.timeline.map((v: { versionNumber: number; state: string; request: unknown }) => [v.versionNumber, v.state, v.request])).toEqual([
      [1, "superseded", null],
      [2, "current", { id, outcome: "conditional", decisionBody: DIVISION, decisionDate: "2026-05-20", decisionSection: "14" }],
    ]);
    expect(page.timeline[1].changes.fields.map((f: { field: string }) => f.field)).toEqual(["start", "end", "totalBudgetCents", "project.targetGroup"]);
    expect(page.changeRequests).toEqual([expect.objectContaining({ id, outcome: "conditional" })]);

    // The portfolio: 82 500 € of the city's money in SUMMIT, all of it conditional.
    const portfolio = await jsonOf(await callLoader(portfolioLoader, "/"));
    expect(portfolio.rows.find((r: { shortName: string }) => r.shortName === "SUMMIT")).toMatchObject({
      totalCents: 50_400_000,
      cityCents: 8_250_000,
      cityConditionalCents: 8_250_000,
    });

    // The city's totals per year: SUMMIT's 55 000 € confirmed gone, 82 500 € conditional by the split rule.
    const totals = await cityTotals();
    expect(totals.projects.find((p) => p.shortName === "SUMMIT")!.years).toEqual(
      NEW_YEARS.map((y) => ({ year: y.year, confirmedCents: 0, conditionalCents: y.amountCents })),
    );
    for (const year of [2026, 2027, 2028, 2029]) {
      const old = OLD_YEARS.find((y) => y.year === year)?.amountCents ?? 0;
      const neu = NEW_YEARS.find((y) => y.year === year)!.amountCents;
      const b = yearOf(totalsBefore.total, year);
      expect(yearOf(totals.total, year)).toEqual({ year, confirmedCents: b.confirmedCents - old, conditionalCents: b.conditionalCents + neu });
    }
    expect(yearOf(totals.total, 2029)).toEqual({ year: 2029, confirmedCents: 0, conditionalCents: 700_000 + 2_288_321 });

    // One transaction by the manager: the request, both versions, the project, the commitment,
    // and SUMMIT's reporting deadlines following the new period (moved, one more yearly report).
    const rows = await expectAudited(ctx.db, since, me.viewer.userId, summit);
    expect([...new Set(rows.map((r) => `${r.entity}:${r.action}`))].sort()).toEqual([
      "change_request:update",
      "commitment:update",
      "deadline:insert",
      "deadline:update",
      "obligation:update",
      "plan_version:update",
      "project:update",
    ]);

    // Saving that editor now would write version 1's plan over the approved version 2: refused as stale.
    const counts = await rowCounts(ctx.db);
    const stale = await errorsOf(await postForm(planAction, `/projects/${summit}/plan`, fieldsOf(editor.values), { projectId: String(summit) }));
    expect(stale.planRevision).toBe("error.revision.stale");
    expect(await rowCounts(ctx.db)).toEqual(counts);
    expect((await projectPage(summit)).plan.version).toMatchObject({ version_number: 2, total_budget_cents: 50_400_000 });
  });

  it("refuses a second decision, and confirms the commitments when the condition is met", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = await summitRequestId(ctx.db);
    const counts = await rowCounts(ctx.db);
    const again = await errorsOf(await decide(id, { ...SUMMIT_DECISION, outcome: "rejected", date: "21.5.2026" }));
    expect(again).toEqual({ _form: "changeRequest.problem.ALREADY_DECIDED" });
    expect(await rowCounts(ctx.db)).toEqual(counts);

    const since = await mark(ctx.db);
    expect((await settle(id, "met", "1.9.2026")).status).toBe(302);
    const request = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ state: "approved_conditionally", condition_state: "met", condition_settled_on: "2026-09-01" });
    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "superseded"],
      [2, "current"],
    ]);
    const page = await projectPage(summit);
    expect(page.commitments).toEqual([expect.objectContaining({ amountCents: 8_250_000, conditionStatus: "met" })]);
    expect(page.commitmentsByYear).toEqual(NEW_YEARS.map((y) => ({ year: y.year, confirmedCents: y.amountCents, conditionalCents: 0 })));
    expect(page.timeline[1].request.outcome).toBe("condition_met");
    const totals = await cityTotals();
    expect(totals.projects.find((p) => p.shortName === "SUMMIT")!.years).toEqual(
      NEW_YEARS.map((y) => ({ year: y.year, confirmedCents: y.amountCents, conditionalCents: 0 })),
    );
    const portfolio = await jsonOf(await callLoader(portfolioLoader, "/"));
    expect(portfolio.rows.find((r: { shortName: string }) => r.shortName === "SUMMIT")).toMatchObject({ cityCents: 8_250_000, cityConditionalCents: 0 });
    const rows = await expectAudited(ctx.db, since, me.viewer.userId, summit);
    expect([...new Set(rows.map((r) => `${r.entity}:${r.action}`))].sort()).toEqual(["change_request:update", "commitment:update"]);

    // Settled once.
    const counts2 = await rowCounts(ctx.db);
    expect(await errorsOf(await settle(id, "failed", "2.9.2026"))).toEqual({ _form: "changeRequest.problem.CONDITION_ALREADY_SETTLED" });
    expect(await rowCounts(ctx.db)).toEqual(counts2);
    expect((await pageView(id)).request.outcome).toBe("condition_met");
  });
});

/* ---------- SUMMIT: approved on its condition, then the condition failed ---------- */

describe("SUMMIT's request approved on its condition, then the condition failed", () => {
  const { ctx, me } = scenario();

  it("restores the previous plan: version 1 current again with the 55 000 € confirmed, the target group as it was", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = await summitRequestId(ctx.db);
    const original = await currentPicture(ctx.db, summit);
    const totalsBefore = await cityTotals();
    expect((await decide(id, SUMMIT_DECISION)).status).toBe(302);
    expect((await projectPage(summit)).project.target_group).toMatch(/^NEET-nuoret/);

    const since = await mark(ctx.db);
    expect((await settle(id, "failed", "15.10.2026")).status).toBe(302);

    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "current"],
      [2, "rejected"],
    ]);
    const request = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ state: "approved_conditionally", condition_state: "failed", condition_settled_on: "2026-10-15" });
    const page = await projectPage(summit);
    expect(page.project).toMatchObject({ name: original.project.name, short_name: "SUMMIT", target_group: SUMMIT_TARGET_GROUP });
    expect(page.plan.version).toMatchObject({ version_number: 1, start_date: "2026-04-01", end_date: "2028-03-30", total_budget_cents: 52_000_000 });
    expect(page.commitments).toEqual([expect.objectContaining({ amountCents: 5_500_000, conditionStatus: "none", years: OLD_YEARS })]);
    expect(page.commitmentsByYear).toEqual(OLD_YEARS.map((y) => ({ year: y.year, confirmedCents: y.amountCents, conditionalCents: 0 })));
    // The plan and its figures are what they were before the request was decided.
    const now = await currentPicture(ctx.db, summit);
    const same = (p: typeof now) => ({ ...p, project: undefined, version: { ...p.version, updated_at: undefined, revision: undefined } });
    expect(same(now)).toEqual(same(original));
    expect((await cityTotals()).total).toEqual(totalsBefore.total);
    // The failed proposal counts for nothing, and the request says why.
    const proposal = await ctx.db
      .selectFrom("commitment as c")
      .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
      .select("c.condition_status")
      .where("v.project_id", "=", summit)
      .where("v.version_number", "=", 2)
      .execute();
    expect(proposal).toEqual([{ condition_status: "failed" }]);
    expect((await pageView(id)).request.outcome).toBe("condition_failed");
    expect(page.timeline.map((v: { versionNumber: number; state: string }) => [v.versionNumber, v.state])).toEqual([
      [1, "current"],
      [2, "rejected"],
    ]);

    // The period is the original one again: so are the future deadlines (the extra yearly report goes).
    const rows = await expectAudited(ctx.db, since, me.viewer.userId, summit);
    expect([...new Set(rows.map((r) => `${r.entity}:${r.action}`))].sort()).toEqual([
      "change_request:update",
      "commitment:update",
      "deadline:delete",
      "deadline:update",
      "obligation:update",
      "plan_version:update",
      "project:update",
    ]);
  });
});

/* ---------- rejected ---------- */

describe("a rejected request", () => {
  const { ctx, me } = scenario();

  it("changes nothing but its own state and its proposal's", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = await summitRequestId(ctx.db);
    const before = await currentPicture(ctx.db, summit);
    const totalsBefore = await cityTotals();
    const portfolioBefore = await jsonOf(await callLoader(portfolioLoader, "/"));
    const since = await mark(ctx.db);

    expect((await decide(id, { outcome: "rejected", body: DIVISION, date: "20.5.2026", section: "14", conditionText: "" })).status).toBe(302);

    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "current"],
      [2, "rejected"],
    ]);
    expect(await currentPicture(ctx.db, summit)).toEqual(before);
    expect(await cityTotals()).toEqual(totalsBefore);
    expect((await jsonOf(await callLoader(portfolioLoader, "/"))).rows).toEqual(portfolioBefore.rows);
    const view = await pageView(id);
    expect(view.request).toMatchObject({
      state: "rejected",
      outcome: "rejected",
      conditionState: null,
      decisionBody: DIVISION,
      decisionDate: "2026-05-20",
      decisionSection: "14",
    });
    // Its proposal's commitment untouched (no decision stamped on it).
    const proposal = await ctx.db.selectFrom("commitment").selectAll().where("plan_version_id", "=", view.proposed.version.id).execute();
    expect(proposal).toEqual([expect.objectContaining({ amount_cents: 8_250_000, condition_status: "none", decision_body: "", decision_date: null })]);

    const rows = await expectAudited(ctx.db, since, me.viewer.userId, summit);
    expect(rows.map((r) => `${r.entity}:${r.action}:${r.entity_id}`).sort()).toEqual(
      [`change_request:update:${id}`, `plan_version:update:${view.proposed.version.id}`].sort(),
    );
    expect(rows.find((r) => r.entity === "plan_version")!.after).toMatchObject({ state: "rejected" });

    // And it cannot be decided again.
    expect(await errorsOf(await decide(id, SUMMIT_DECISION))).toEqual({ _form: "changeRequest.problem.ALREADY_DECIDED" });
  });
});

/* ---------- bad input ---------- */

describe("bad input is refused with a clear message and nothing saved", () => {
  const { ctx } = scenario();

  async function expectNothingSaved(fn: () => Promise<void>) {
    const before = await rowCounts(ctx.db);
    await fn();
    expect(await rowCounts(ctx.db)).toEqual(before);
  }

  it("a proposed plan the ledger refuses: end before start, a split that does not sum, no kind of change, another cost model", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const employment = await organisationIdByName(ctx.db, EMPLOYMENT);
    const fields = { ...(await formFields(summit)), receivedOn: "20.5.2026", "kinds.postpone_start": "on" };

    await expectNothingSaved(async () => {
      const e = await errorsOf(await record(summit, { ...fields, start: "1.11.2026", end: "31.10.2026" }));
      expect(e.end).toBe("error.period.endBeforeStart");
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(
        await record(summit, {
          ...fields,
          "cityCommitment.organisationId": String(employment),
          "cityCommitment.amount": "82 500",
          "cityCommitment.years.0.year": "2026",
          "cityCommitment.years.0.amount": "20 000",
          "cityCommitment.years.1.year": "2027",
          "cityCommitment.years.1.amount": "20 000",
        }),
      );
      expect(e["cityCommitment.split"]).toMatch(/^error\.split\.sum\|/);
      expect(JSON.parse(e["cityCommitment.split"]!.split("|")[1]!)).toEqual({ expectedCents: 8_250_000, actualCents: 4_000_000 });
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(await record(summit, { ...fields, "financing.0.yearly.y2026": "100 000" }));
      expect(e["financing.0.yearlySum"]).toMatch(/^error\.split\.sum\|/);
    });
    await expectNothingSaved(async () => {
      const { "kinds.postpone_start": _k, ...withoutKinds } = fields;
      const e = await errorsOf(await record(summit, withoutKinds));
      expect(e.kinds).toBe("changeRequest.kinds.required");
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(await record(summit, { ...fields, costModel: "actual" }));
      expect(e.costModel).toMatch(/^error\.costModel\.changed/);
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(
        await record(summit, {
          ...fields,
          "cityCommitment.organisationId": String(await organisationIdByName(ctx.db, "Kajaanin Haka ry")),
          "cityCommitment.amount": "82 500",
        }),
      );
      expect(e["cityCommitment.organisationId"]).toBe("error.organisation.notCityUnit");
    });
  });

  it("a decision without a date or a body, a conditional approval without its condition", async () => {
    const id = await summitRequestId(ctx.db);
    await expectNothingSaved(async () => {
      const e = await errorsOf(await decide(id, { outcome: "approved", body: "", date: "", section: "14", conditionText: "" }));
      expect(e).toEqual({ body: "changeRequest.problem.BODY_MISSING", date: "changeRequest.problem.DATE_MISSING" });
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(await decide(id, { ...SUMMIT_DECISION, conditionText: "" }));
      expect(e).toEqual({ conditionText: "changeRequest.problem.CONDITION_TEXT_MISSING" });
    });
    await expectNothingSaved(async () => {
      const e = await errorsOf(await decide(id, { ...SUMMIT_DECISION, date: "19.5.2026" }));
      expect(e).toEqual({ date: "changeRequest.problem.DATE_BEFORE_REQUEST" });
    });
    await expectNothingSaved(async () => {
      expect(await errorsOf(await settle(id, "met", "1.9.2026"))).toEqual({ _form: "changeRequest.problem.NOT_CONDITIONAL" });
    });
    expect((await pageView(id)).request.state).toBe("pending");
  });

  it("approving a request whose base version is no longer current (a plan saved as a new version in between)", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = await summitRequestId(ctx.db);
    const plan = await jsonOf(await callLoader(planLoader, `/projects/${summit}/plan`, { projectId: String(summit) }));
    const saved = await postForm(
      planAction,
      `/projects/${summit}/plan`,
      { ...fieldsOf(plan.values), note: "Tarkistettu suunnitelma", asNewVersion: "on" },
      { projectId: String(summit) },
    );
    expect(saved.status).toBe(302);
    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "superseded"],
      [2, "proposed"],
      [3, "current"],
    ]);
    expect((await pageView(id)).stale).toBe(true);

    for (const outcome of ["approved", "approved_conditionally"]) {
      await expectNothingSaved(async () => {
        expect(await errorsOf(await decide(id, { ...SUMMIT_DECISION, outcome }))).toEqual({ _form: "changeRequest.problem.BASE_VERSION_NOT_CURRENT" });
      });
    }
    // A stale request can still be rejected; the plan saved in between stays current.
    expect((await decide(id, { ...SUMMIT_DECISION, outcome: "rejected", conditionText: "" })).status).toBe(302);
    expect(await versionStates(ctx.db, summit)).toEqual([
      [1, "superseded"],
      [2, "rejected"],
      [3, "current"],
    ]);
  });
});

/* ---------- who may read and decide ---------- */

describe("who may read and decide a request", () => {
  const { ctx } = scenario();
  const as = (account: DemoAccount) => headersFor(ctx.db, account);

  it("an association sees its own project's request (without the city's totals), not another's; only the manager decides", async () => {
    const id = await summitRequestId(ctx.db);
    const counts = await rowCounts(ctx.db);

    // SPR Oulun piiri has nothing to do with SUMMIT.
    expect((await requestPage(id, await as("spr"))).status).toBe(404);
    expect((await decide(id, SUMMIT_DECISION, await as("spr"))).status).toBe(404); // not even its to see

    // Kajaanin Haka ry leads SUMMIT: it reads the request, without the city-wide totals, and cannot decide it.
    const haka = await requestPage(id, await as("haka"));
    expect(haka.status).toBe(200);
    const hakaData = await jsonOf(haka);
    expect(hakaData.canWrite).toBe(false);
    expect(hakaData.view.effect.commitmentTotals.after.totalCents).toBe(8_250_000);
    expect(hakaData.view.effect.city).toBeNull();
    expect((await decide(id, SUMMIT_DECISION, await as("haka"))).status).toBe(403);
    expect((await settle(id, "met", "1.9.2026")).status).toBe(400); // the manager: not conditional yet

    // A committee member reads it with the city's totals, and cannot decide it.
    const committee = await requestPage(id, await as("committee"));
    expect(committee.status).toBe(200);
    const committeeData = await jsonOf(committee);
    expect(committeeData.canWrite).toBe(false);
    expect(committeeData.view.effect.city).not.toBeNull();
    expect((await decide(id, SUMMIT_DECISION, await as("committee"))).status).toBe(403);

    // Nor may a committee member record requests (an association files its own: association-change-requests.test.ts).
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    for (const account of ["committee"] as const) {
      expect(
        (await callLoader(newRequestLoader, `/projects/${summit}/change-requests/new`, { projectId: String(summit) }, { headers: await as(account) })).status,
      ).toBe(403);
      expect((await record(summit, { receivedOn: "20.5.2026", "kinds.other": "on" }, await as(account))).status).toBe(403);
    }

    // Nothing changed but the sessions made above.
    const after = await rowCounts(ctx.db);
    expect(after).toEqual(counts);
    expect((await pageView(id)).request.state).toBe("pending");
  });
});

/* ---------- the city's own request to the funder ---------- */

describe("a request from the city to the funder (Kotona Kajaanissa's staff hours)", () => {
  const { ctx, me } = scenario();

  it("is recorded and decided by the funder; the new hours become the plan, the city's commitment stays as it was", async () => {
    const kotona = await projectIdByCase(ctx.db, KOTONA);
    const city = await organisationIdByName(ctx.db, "Kajaanin kaupunki");
    const before = await currentPicture(ctx.db, kotona);
    const fields = await formFields(kotona);
    expect(fields["costs.0.hours"]).toBe("12900");

    let since = await mark(ctx.db);
    const res = await record(kotona, {
      ...fields,
      direction: "city_to_funder",
      requestedByOrganisationId: String(city),
      receivedOn: "2.2.2026",
      "kinds.staff_hours": "on",
      reason: "Kaupungin henkilöstön työaika 2,5 htv → 2 htv; SPR:n osuus ennallaan.",
      "costs.0.hours": "10320",
      "costs.0.label": "Kajaanin kaupunki, 2 htv",
    });
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    await expectAudited(ctx.db, since, me.viewer.userId, kotona);
    expect(await currentPicture(ctx.db, kotona)).toEqual(before);

    const view = await pageView(id);
    expect(view.request).toMatchObject({ direction: "city_to_funder", requestedBy: "Kajaanin kaupunki", kinds: ["staff_hours"], state: "pending" });
    const staff = view.diff.lines.find((l: { kind: string }) => l.kind === "staff");
    expect(staff.fields).toEqual(
      expect.arrayContaining([
        { field: "amountCents", kind: "money", before: 41_280_000, after: 33_024_000, differenceCents: -8_256_000 },
        { field: "staffHoursCenti", kind: "hours", before: 1_290_000, after: 1_032_000 },
      ]),
    );
    // The flat rate follows the staff costs (40 %).
    expect(view.diff.lines.find((l: { kind: string }) => l.kind === "flat_rate").fields[0]).toMatchObject({
      field: "amountCents",
      after: Math.round((33_024_000 + 15_480_000) * 0.4),
    });
    expect(view.diff.commitments).toEqual([]);

    // The funder decides (its decisions have no §).
    since = await mark(ctx.db);
    expect((await decide(id, { outcome: "approved", body: "Pohjois-Suomen elinvoimakeskus", date: "16.3.2026", section: "", conditionText: "" })).status).toBe(
      302,
    );
    await expectAudited(ctx.db, since, me.viewer.userId, kotona);
    expect(await versionStates(ctx.db, kotona)).toEqual([
      [1, "superseded"],
      [2, "current"],
    ]);
    const page = await projectPage(kotona);
    expect(page.plan.lines.find((l: { kind: string }) => l.kind === "staff")).toMatchObject({
      staffHoursCenti: 1_032_000,
      amountCents: 33_024_000,
      label: "Kajaanin kaupunki, 2 htv",
    });
    expect(page.timeline[1].request).toMatchObject({
      id,
      outcome: "approved",
      decisionBody: "Pohjois-Suomen elinvoimakeskus",
      decisionDate: "2026-03-16",
      decisionSection: "",
    });
    // The city's own commitment is carried over as it was: not conditional, not re-referenced to the funder's decision.
    expect(page.commitments).toEqual([expect.objectContaining({ amountCents: 11_558_400, conditionStatus: "none", decisionBody: "", decisionDate: null })]);
    expect(page.commitmentsByYear).toEqual(before.commitmentsByYear);
    expect((await pageView(id)).request).toMatchObject({ outcome: "approved", decisionBody: "Pohjois-Suomen elinvoimakeskus", decisionSection: "" });
  });
});
