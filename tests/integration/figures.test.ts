/**
 * The derived figures (migration 0006) and the city-wide aggregates summed from them:
 * - every kind of write is visible on the next read (no stale row, no dirty mark left behind);
 * - on generated data with superseded versions, conditional and failed commitments, entered
 *   splits and decisions, the aggregates equal the per-project figures computed here with the
 *   domain's own functions and summed in JavaScript, for each viewer and filter, before and
 *   after a run of random edits; the running totals equal a recount from the rows.
 */
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openDatabase, type DB } from "../../db/connection";
import { generateLedger } from "../../scripts/generate-ledger";
import { useTestDatabase, projectIdByCase, organisationIdByName } from "../helpers/db";
import { SEES_ALL } from "../helpers/auth";
import { importLedger } from "~/models/ledger-import.server";
import { listPortfolio } from "~/models/portfolio.server";
import { portfolioFunding } from "~/models/funding.server";
import { cityCommitmentsByYear, cityTotalsWithout, createCommitment, deleteCommitment, getCommitment, updateCommitment } from "~/models/commitment.server";
import { getProject, updateProject } from "~/models/project.server";
import { loadPlanBundles } from "~/models/plan.server";
import { cityOrganisationIds, getOrganisation, updateOrganisation } from "~/models/organisation.server";
import { decideChangeRequest } from "~/models/change-request.server";
import { SYSTEM } from "~/models/audit.server";
import { checkPlan } from "~/domain/checks";
import { commitmentsByYear, commitmentYears, planByYear, type CommitmentYearTotals } from "~/domain/plan";
import { fundingTotal, projectFundingYears, sumFundingYears, type FundingYear } from "~/domain/funding";
import { currentYear } from "~/domain/clock";
import { seededRandom } from "~/domain/random";
import { STATUS_TRANSITIONS, type ProjectStatus } from "~/domain/vocabulary";
import type { Viewer } from "~/domain/permissions";
import type { CommitmentInput } from "~/schemas/commitment";

const COMMITTEE: Viewer = { ...SEES_ALL, role: "committee" };

/** What the aggregates must say, computed from every current plan with the domain's functions. */
async function expected(db: DB, opts: { statuses?: ProjectStatus[]; unitId?: number; from?: number; to?: number } = {}) {
  const cityIds = await cityOrganisationIds(db);
  const bundles = await loadPlanBundles(db, { allCurrent: true, viewer: SEES_ALL }, cityIds);
  const projects = new Map((await db.selectFrom("project").select(["id", "status", "eu_share_bp"]).execute()).map((p) => [p.id, p]));
  const year = currentYear();
  const inRange = (y: number) => (opts.from === undefined || y >= opts.from) && (opts.to === undefined || y <= opts.to);
  const portfolio = { count: 0, totalCents: 0, esrCents: 0, ownCents: 0, cityCents: 0, thisYearCents: 0, warningCount: 0 };
  const fundingLists: FundingYear[][] = [];
  let fundingCommitments = 0;
  let projectsWithCommitments = 0;
  const commitmentLists: { organisationId: number; conditionStatus: "none" | "pending" | "met" | "failed"; years: { year: number; amountCents: number }[] }[] =
    [];
  for (const b of bundles.values()) {
    const p = projects.get(b.version.project_id)!;
    if (opts.statuses && !opts.statuses.includes(p.status)) continue;
    const financiers = new Set([
      ...b.lines.filter((l) => l.side === "financing" && l.organisationId !== null).map((l) => l.organisationId!),
      ...b.commitments.map((c) => c.organisationId),
    ]);
    if (opts.unitId !== undefined && !financiers.has(opts.unitId)) continue;
    const period = { start: b.data.start, end: b.data.end };
    const active = b.commitmentData.filter((c) => c.conditionStatus !== "failed");
    const splits = b.commitmentData.map((c) => ({ organisationId: c.organisationId, conditionStatus: c.conditionStatus, years: commitmentYears(c, period) }));
    portfolio.count++;
    portfolio.totalCents += b.data.totalBudgetCents;
    portfolio.esrCents += b.lines.filter((l) => l.side === "financing" && l.kind === "esr").reduce((a, l) => a + l.amountCents, 0);
    portfolio.ownCents += b.lines.filter((l) => l.side === "financing" && (l.kind === "own" || l.kind === "municipal")).reduce((a, l) => a + l.amountCents, 0);
    portfolio.cityCents += active.reduce((a, c) => a + c.amountCents, 0);
    portfolio.thisYearCents += splits
      .filter((c) => c.conditionStatus !== "failed")
      .reduce((a, c) => a + (c.years.find((y) => y.year === year)?.amountCents ?? 0), 0);
    portfolio.warningCount += checkPlan(b.data, b.commitmentData, { names: new Map(), cityOrganisationIds: cityIds }).length;
    const years = projectFundingYears(planByYear(b.data).years, p.eu_share_bp).filter((y) => inRange(y.year));
    if (years.length > 0 || (opts.from === undefined && opts.to === undefined)) fundingLists.push(years);
    fundingCommitments += splits
      .filter((c) => c.conditionStatus !== "failed")
      .flatMap((c) => c.years)
      .filter((y) => inRange(y.year))
      .reduce((a, y) => a + y.amountCents, 0);
    commitmentLists.push(...splits.map((c) => ({ ...c, years: c.years.filter((y) => inRange(y.year)) })));
    if (splits.some((c) => c.conditionStatus !== "failed" && c.years.some((y) => inRange(y.year)))) projectsWithCommitments++;
  }
  const fundingYears = sumFundingYears(fundingLists);
  const units = new Map<number, CommitmentYearTotals[]>();
  for (const id of new Set(commitmentLists.map((c) => c.organisationId))) {
    const years = commitmentsByYear(commitmentLists.filter((c) => c.organisationId === id));
    if (years.length > 0) units.set(id, years);
  }
  return {
    portfolio,
    fundingYears,
    fundingTotal: fundingTotal(fundingYears),
    fundingCommitments,
    commitmentTotal: commitmentsByYear(commitmentLists),
    units,
    projectsWithCommitments,
  };
}

async function expectAggregatesMatch(db: DB) {
  const statusesOf = (v: Viewer): ProjectStatus[] | undefined =>
    v.role === "committee" ? ["applied", "committee_conditional", "funded", "running", "ended", "final_report_accepted", "rejected", "withdrawn"] : undefined;
  const unit = (await db.selectFrom("organisation").select("id").where("kind", "=", "city_unit").orderBy("id").executeTakeFirst())?.id;
  for (const viewer of [SEES_ALL, COMMITTEE]) {
    const e = await expected(db, { statuses: statusesOf(viewer) });
    const { page: _page, ...totals } = { ...(await listPortfolio(db, viewer, {}, { size: 1 })).totals, page: 0 };
    expect(totals, `portfolio totals for ${viewer.role}`).toEqual({ ...e.portfolio, cityConditionalCents: totals.cityConditionalCents });
    const f = await portfolioFunding(db, viewer);
    expect(
      f.years.map(({ leverageCentsPerEuro: _l, ...y }) => y),
      `funding years for ${viewer.role}`,
    ).toEqual(e.fundingYears);
    expect(f.total).toEqual(e.fundingTotal);
    expect(f.commitmentCents).toBe(e.fundingCommitments);
    expect(f.page.total).toBe(e.portfolio.count);
    const c = await cityCommitmentsByYear(db, viewer);
    expect(c.total, `commitment totals for ${viewer.role}`).toEqual(e.commitmentTotal);
    expect(c.page.total, `projects with commitments for ${viewer.role}`).toBe(e.projectsWithCommitments);
    expect(new Map(c.units.map((u) => [u.organisationId, u.years]))).toEqual(e.units);
  }
  // The city's totals leaving one project out, plus that project's own years, are the city's totals.
  const all = await expected(db);
  for (const row of await db.selectFrom("project_figure").select("project_id").orderBy("project_id").limit(3).execute()) {
    const without = await cityTotalsWithout(db, row.project_id);
    const own = (
      await db
        .selectFrom("commitment_year_figure")
        .select(["year", "state", "amount_cents"])
        .where("project_id", "=", row.project_id)
        .where("state", "<>", "failed")
        .execute()
    ).map((c) => ({
      conditionStatus: c.state === "conditional" ? ("pending" as const) : ("none" as const),
      years: [{ year: c.year, amountCents: c.amount_cents }],
    }));
    const sum = commitmentsByYear([
      ...without.map((w) => ({ conditionStatus: "none" as const, years: [{ year: w.year, amountCents: w.confirmedCents }] })),
      ...without.map((w) => ({ conditionStatus: "pending" as const, years: [{ year: w.year, amountCents: w.conditionalCents }] })),
      ...own,
    ]);
    expect(sum, `city totals without project ${row.project_id}`).toEqual(all.commitmentTotal);
  }
  // A status, a unit (co-financing), a year range.
  const running = await expected(db, { statuses: ["running"] });
  expect((await listPortfolio(db, SEES_ALL, { status: "running" }, { size: 1 })).totals.totalCents).toBe(running.portfolio.totalCents);
  expect((await portfolioFunding(db, SEES_ALL, { status: "running" })).total).toEqual(running.fundingTotal);
  if (unit !== undefined) {
    const byUnit = await expected(db, { unitId: unit });
    expect((await listPortfolio(db, SEES_ALL, { unitId: unit }, { size: 1 })).totals.count).toBe(byUnit.portfolio.count);
    expect((await portfolioFunding(db, SEES_ALL, { unitId: unit })).total).toEqual(byUnit.fundingTotal);
  }
  const ranged = await expected(db, { from: 2025, to: 2026 });
  const fr = await portfolioFunding(db, SEES_ALL, { from: 2025, to: 2026 });
  expect(fr.years.map(({ leverageCentsPerEuro: _l, ...y }) => y)).toEqual(ranged.fundingYears);
  expect(fr.commitmentCents).toBe(ranged.fundingCommitments);
  const cr = await cityCommitmentsByYear(db, SEES_ALL, { from: 2025, to: 2026 });
  expect(cr.total).toEqual(ranged.commitmentTotal);
  expect(cr.page.total).toBe(ranged.projectsWithCommitments);
}

/** The running totals equal a recount from the per-project rows; nothing is left marked dirty. */
async function expectRunningTotalsExact(db: DB) {
  expect(await db.selectFrom("figure_dirty").selectAll().execute()).toEqual([]);
  const recount = await sql<Record<string, number>>`
    SELECT f.status, 0 AS financier_id, y.year, SUM(y.esr_cents) AS esr, SUM(y.city_cents) AS city, SUM(y.eu_cents) AS eu, SUM(y.confirmed_cents + y.conditional_cents) AS commitments,
      SUM(y.confirmed_cents) AS confirmed, SUM(y.conditional_cents) AS conditional, SUM(y.split_rows) AS splits, COUNT(*) AS n
    FROM project_year_figure y JOIN project_figure f ON f.project_id = y.project_id GROUP BY f.status, y.year
    UNION ALL
    SELECT f.status, pf.organisation_id, y.year, SUM(y.esr_cents), SUM(y.city_cents), SUM(y.eu_cents), SUM(y.confirmed_cents + y.conditional_cents),
      SUM(y.confirmed_cents), SUM(y.conditional_cents), SUM(y.split_rows), COUNT(*)
    FROM project_year_figure y JOIN project_figure f ON f.project_id = y.project_id JOIN project_financier pf ON pf.project_id = y.project_id GROUP BY f.status, pf.organisation_id, y.year
    ORDER BY 1, 2, 3`.execute(db);
  const stored = await sql<Record<string, number>>`
    SELECT status, financier_id, year, esr_cents AS esr, city_cents AS city, eu_cents AS eu, commitment_cents AS commitments,
      confirmed_cents AS confirmed, conditional_cents AS conditional, split_rows AS splits, year_rows AS n FROM funding_total ORDER BY 1, 2, 3`.execute(db);
  expect(stored.rows).toEqual(recount.rows);
  const recountC = await sql`
    SELECT f.status, c.organisation_id, c.year, SUM(CASE WHEN c.state = 'confirmed' THEN c.amount_cents ELSE 0 END) AS confirmed,
      SUM(CASE WHEN c.state = 'conditional' THEN c.amount_cents ELSE 0 END) AS conditional, COUNT(*) AS n
    FROM commitment_year_figure c JOIN project_figure f ON f.project_id = c.project_id WHERE c.state <> 'failed' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  const recountP =
    await sql`SELECT status, COUNT(*) AS n, SUM(commitment_split_rows > 0) AS withCommitments, SUM(total_budget_cents) AS budget, SUM(esr_cents) AS esr, SUM(own_cents) AS own, SUM(commitment_cents) AS city,
    SUM(commitment_conditional_cents) AS conditional, SUM(warning_count) AS warnings FROM project_figure GROUP BY status ORDER BY status`.execute(db);
  const storedP =
    await sql`SELECT status, projects AS n, commitment_projects AS withCommitments, total_budget_cents AS budget, esr_cents AS esr, own_cents AS own, commitment_cents AS city,
    commitment_conditional_cents AS conditional, warning_count AS warnings FROM portfolio_total ORDER BY status`.execute(db);
  expect(storedP.rows).toEqual(recountP.rows);
  const storedC =
    await sql`SELECT status, organisation_id, year, confirmed_cents AS confirmed, conditional_cents AS conditional, split_rows AS n FROM commitment_total ORDER BY 1, 2, 3`.execute(
      db,
    );
  expect(storedC.rows).toEqual(recountC.rows);
}

function commitmentInput(c: NonNullable<Awaited<ReturnType<typeof getCommitment>>>, change: Partial<CommitmentInput> = {}): CommitmentInput {
  return {
    organisationId: c.organisation_id,
    amountCents: c.amount_cents,
    conditionStatus: c.condition_status,
    conditionText: c.condition_text,
    annualBudgetReservation: c.annual_budget_reservation === 1,
    decisionBody: c.decision_body,
    decisionDate: c.decision_date,
    decisionSection: c.decision_section,
    note: c.note,
    years: c.years,
    ...change,
  };
}

async function projectInput(db: DB, id: number, change: Record<string, unknown> = {}) {
  const p = (await getProject(db, SEES_ALL, id))!;
  return {
    input: {
      name: p.name,
      shortName: p.short_name,
      caseNumber: p.case_number,
      leadOrganisationId: p.lead_organisation_id,
      funderOrganisationId: p.funder_organisation_id,
      programme: p.programme,
      specificObjective: p.specific_objective,
      targetGroup: p.target_group,
      description: p.description,
      status: p.status,
      euShareBp: p.eu_share_bp,
      ...change,
    } as Parameters<typeof updateProject>[3],
    revision: p.revision,
  };
}

describe("derived figures are fresh after every kind of write (demo data)", () => {
  const ctx = useTestDatabase("demo");

  it("starts consistent", async () => {
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);
  });

  it("a new commitment, its change and its removal show on the next read", async () => {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const unit = (await ctx.db.selectFrom("organisation").select("id").where("kind", "=", "city_unit").orderBy("id").executeTakeFirstOrThrow()).id;
    const before = (await listPortfolio(ctx.db, SEES_ALL, {}, {})).rows.find((r) => r.id === flow)!.cityCents;
    const id = (await createCommitment(ctx.db, SYSTEM, flow, {
      organisationId: unit,
      amountCents: 123_456,
      conditionStatus: "pending",
      conditionText: "Testiehto",
      annualBudgetReservation: true,
      decisionBody: "Jaosto",
      decisionDate: "2026-01-15",
      decisionSection: "7",
      note: "",
      years: [],
    }))!;
    const row = async () => (await listPortfolio(ctx.db, SEES_ALL, {}, {})).rows.find((r) => r.id === flow)!;
    expect((await row()).cityCents).toBe(before + 123_456);
    expect((await row()).cityConditionalCents).toBeGreaterThanOrEqual(123_456);
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);

    const c = (await getCommitment(ctx.db, flow, id))!;
    await updateCommitment(ctx.db, SYSTEM, flow, id, commitmentInput(c, { conditionStatus: "failed" }), c.revision);
    expect((await row()).cityCents).toBe(before);
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);

    await deleteCommitment(ctx.db, SYSTEM, flow, id);
    expect((await row()).cityCents).toBe(before);
    expect(await ctx.db.selectFrom("commitment_year_figure").select("commitment_id").where("commitment_id", "=", id).execute()).toEqual([]);
    await expectRunningTotalsExact(ctx.db);
  });

  it("a renamed project sorts and is found by its new name; a status change moves its money between statuses", async () => {
    const ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const { input, revision } = await projectInput(ctx.db, ote, { name: "Ääriviiva – uusi nimi" });
    await updateProject(ctx.db, SYSTEM, ote, input, revision);
    const byName = (await listPortfolio(ctx.db, SEES_ALL, { sort: "name" }, {})).rows.map((r) => r.id);
    expect(byName[byName.length - 1]).toBe(ote); // "Ä" after "Z" in Finnish
    expect((await listPortfolio(ctx.db, SEES_ALL, { q: "ääriviiva" }, {})).rows.map((r) => r.id)).toEqual([ote]);
    expect((await listPortfolio(ctx.db, SEES_ALL, { q: "AARIVIIVA" }, {})).rows).toEqual([]); // ä is a letter of its own

    const status = (await getProject(ctx.db, SEES_ALL, ote))!.status;
    const next = STATUS_TRANSITIONS[status].find((s) => s !== "planning")!;
    const beforeNext = (await portfolioFunding(ctx.db, SEES_ALL, { status: next })).total.totalCents;
    const moved = (await portfolioFunding(ctx.db, SEES_ALL, { status })).total.totalCents;
    const p = await projectInput(ctx.db, ote, { status: next });
    await updateProject(ctx.db, SYSTEM, ote, p.input, p.revision);
    expect((await portfolioFunding(ctx.db, SEES_ALL, { status: next })).total.totalCents).toBe(beforeNext + moved);
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);
  });

  it("an organisation that stops being a city unit stops counting as the city's money", async () => {
    const unitId = (
      await ctx.db
        .selectFrom("plan_line as l")
        .innerJoin("organisation as o", "o.id", "l.organisation_id")
        .select("o.id")
        .where("o.kind", "=", "city_unit")
        .where("l.side", "=", "financing")
        .executeTakeFirstOrThrow()
    ).id;
    const before = (await portfolioFunding(ctx.db, SEES_ALL)).total.cityCents;
    const o = (await getOrganisation(ctx.db, unitId))!;
    await ctx.db
      .updateTable("commitment")
      .set({ organisation_id: await organisationIdByName(ctx.db, "Kajaanin kaupunki") })
      .where("organisation_id", "=", unitId)
      .execute();
    await updateOrganisation(
      ctx.db,
      SYSTEM,
      unitId,
      { name: o.name, shortName: o.short_name, kind: "association", businessId: o.business_id, parentId: null },
      o.revision,
    );
    expect((await portfolioFunding(ctx.db, SEES_ALL)).total.cityCents).toBeLessThan(before);
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);
  });

  it("an approved change request moves the current version marker and the city's totals", async () => {
    const pending = await ctx.db
      .selectFrom("change_request")
      .select(["id", "project_id", "proposed_version_id"])
      .where("state", "=", "pending")
      .executeTakeFirst();
    if (!pending) return;
    const without = await cityTotalsWithout(ctx.db, pending.project_id);
    await decideChangeRequest(ctx.db, SYSTEM, pending.id, {
      action: "decide",
      outcome: "approved",
      body: "Jaosto",
      date: "2026-11-30",
      section: "12",
      conditionText: "",
    });
    const marker = await ctx.db.selectFrom("project_figure").select("plan_version_id").where("project_id", "=", pending.project_id).executeTakeFirstOrThrow();
    expect(marker.plan_version_id).toBe(pending.proposed_version_id);
    expect(await cityTotalsWithout(ctx.db, pending.project_id)).toEqual(without);
    await expectRunningTotalsExact(ctx.db);
    await expectAggregatesMatch(ctx.db);
  });
});

describe("aggregates equal the domain's per-project figures on generated data (property)", () => {
  let db: DB;
  let file: string;
  beforeAll(async () => {
    file = path.resolve("tests/.tmp", `fig-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(path.resolve("tests/.tmp/template-empty.sqlite"), file);
    db = openDatabase(file);
    const result = await importLedger(db, generateLedger({ areas: 3, projectsPerArea: 80, seed: 11 }));
    expect(result.ok).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await db.destroy();
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  });

  it("after import", async () => {
    await expectRunningTotalsExact(db);
    await expectAggregatesMatch(db);
  });

  it("after a run of random edits: statuses, conditions, new and removed commitments, decisions", async () => {
    const rnd = seededRandom(2026);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const ids = (await db.selectFrom("project").select("id").execute()).map((r) => r.id);
    const units = (await db.selectFrom("organisation").select("id").where("kind", "in", ["city", "city_unit"]).execute()).map((r) => r.id);
    for (let i = 0; i < 40; i++) {
      const id = pick(ids);
      const what = Math.floor(rnd() * 5);
      if (what === 0) {
        const p = await projectInput(db, id);
        const options = STATUS_TRANSITIONS[p.input.status];
        if (options.length > 0) await updateProject(db, SYSTEM, id, { ...p.input, status: pick(options) }, p.revision);
      } else if (what === 1 || what === 2) {
        const c = await db
          .selectFrom("commitment as c")
          .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
          .select("c.id")
          .where("v.project_id", "=", id)
          .where("v.state", "=", "current")
          .execute();
        if (c.length === 0) continue;
        const cid = pick(c).id;
        if (what === 1) {
          const row = (await getCommitment(db, id, cid))!;
          const status = pick(["none", "pending", "met", "failed"] as const);
          await updateCommitment(
            db,
            SYSTEM,
            id,
            cid,
            commitmentInput(row, { conditionStatus: status, conditionText: status === "none" ? "" : "Ehto" }),
            row.revision,
          );
        } else await deleteCommitment(db, SYSTEM, id, cid);
      } else if (what === 3) {
        await createCommitment(db, SYSTEM, id, {
          organisationId: pick(units),
          amountCents: 1 + Math.floor(rnd() * 5_000_000),
          conditionStatus: "none",
          conditionText: "",
          annualBudgetReservation: true,
          decisionBody: "Jaosto",
          decisionDate: "2026-06-01",
          decisionSection: "3",
          note: "",
          years: [],
        });
      } else {
        const r = await db
          .selectFrom("change_request")
          .select(["id", "received_on"])
          .where("state", "=", "pending")
          .where("received_on", "<=", "2026-11-30")
          .orderBy("id")
          .executeTakeFirst();
        if (!r) continue;
        const outcome = pick(["approved", "approved_conditionally", "rejected"] as const);
        await decideChangeRequest(db, SYSTEM, r.id, {
          action: "decide",
          outcome,
          body: "Jaosto",
          date: r.received_on,
          section: "9",
          conditionText: outcome === "approved_conditionally" ? "ESR-päätös" : "",
        });
      }
    }
    await expectRunningTotalsExact(db);
    await expectAggregatesMatch(db);
  }, 60_000);
});
