/**
 * The export at a size over SQLite's variable limit (32 766): a generated ledger of 16 areas ×
 * 300 projects (4 800 projects, about 6 900 plan versions and 27 500 plan lines, so more
 * version and line ids than one statement may name) imported into an empty database, exported
 * through the stream, the export imported into a second empty database: the same counts, the
 * same city commitments and portfolio figures to the cent, the same targets, deadlines and
 * payment applications, the same employment bonus claims (about 7 000, with their history and
 * evidence) and year's bonus figures, and the same export again.
 * Slow (about 45 s on 2 cores): run with `npm run test:national` (CI runs it), not `npm test`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";
import { EXPORT_CHUNK_PROJECTS } from "~/models/ledger-export.server";
import { cityCommitmentsByYear } from "~/models/commitment.server";
import { portfolioFunding } from "~/models/funding.server";
import { bonusYearSummary } from "~/models/bonus.server";
import { MAX_PAGE_SIZE } from "~/domain/paging";
import { exportText } from "../helpers/export";
import { SEES_ALL } from "../helpers/auth";

/** SQLite's default limit of variables in one statement. */
const SQLITE_MAX_VARIABLES = 32_766;
const AREAS = 16;
const PROJECTS_PER_AREA = 300;

// Not tests/.tmp: `npm test`'s global setup empties that folder, and may run at the same time.
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), "hankevahti-national-"));
const parameterCounts: number[] = [];

async function emptyDatabase(name: string): Promise<DB> {
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: openSqlite(path.join(DIR, `${name}.sqlite`)) }),
    log: (event) => {
      parameterCounts.push(event.query.parameters.length);
    },
  });
  await migrateToLatestOrThrow(db);
  return db;
}

const TABLES = [
  "organisation",
  "project",
  "plan_version",
  "plan_line",
  "plan_line_year",
  "plan_implementer",
  "commitment",
  "commitment_year",
  "change_request",
  "indicator",
  "indicator_entry",
  "obligation",
  "deadline",
  "payment_application",
  "bonus_year",
  "bonus_claim",
  "bonus_claim_event",
  "bonus_claim_attachment",
] as const;

async function counts(db: DB): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES)
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

/** The city's commitments under the plans in force and all money in them, summed in SQL (independent of the app's figures). */
async function sums(db: DB) {
  const commitments = await db
    .selectFrom("commitment as c")
    .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
    .select((eb) => eb.fn.sum<number>("c.amount_cents").as("cents"))
    .where("v.state", "=", "current")
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom("plan_line")
    .select(["side", "kind", (eb) => eb.fn.sum<number>("amount_cents").as("cents")])
    .groupBy(["side", "kind"])
    .orderBy("side")
    .orderBy("kind")
    .execute();
  // The follow-up: reach and outcomes, deadlines per status, payment applications (entries' source aside: 'import' in both).
  const targets = await db
    .selectFrom("indicator")
    .select([
      "kind",
      (eb) => eb.fn.sum<number>("value_total").as("value"),
      (eb) => eb.fn.sum<number>("women_total").as("women"),
      (eb) => eb.fn.countAll<number>().as("n"),
    ])
    .groupBy("kind")
    .orderBy("kind")
    .execute();
  const deadlines = await db
    .selectFrom("deadline")
    .select(["kind", "status", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.max("due_date").as("last")])
    .groupBy(["kind", "status"])
    .orderBy("kind")
    .orderBy("status")
    .execute();
  const payments = await db
    .selectFrom("payment_application")
    .select(["status", (eb) => eb.fn.sum<number>("amount_applied_cents").as("applied"), (eb) => eb.fn.sum<number>("amount_approved_cents").as("approved")])
    .groupBy("status")
    .orderBy("status")
    .execute();
  return {
    commitmentCents: Number(commitments.cents),
    lines: lines.map((l) => ({ ...l, cents: Number(l.cents) })),
    targets: targets.map((t) => ({ ...t, value: Number(t.value), women: Number(t.women), n: Number(t.n) })),
    deadlines: deadlines.map((d) => ({ ...d, n: Number(d.n) })),
    payments: payments.map((p) => ({ ...p, applied: Number(p.applied), approved: Number(p.approved) })),
  };
}

/** The portfolio's funding by year and source, in total and for every project, page by page (ids aside: the figures are what matter). */
async function portfolio(db: DB) {
  const first = await portfolioFunding(db, SEES_ALL, {}, { page: 1, size: MAX_PAGE_SIZE });
  const projects = [...first.projects];
  for (let page = 2; page <= first.page.pageCount; page++) projects.push(...(await portfolioFunding(db, SEES_ALL, {}, { page, size: MAX_PAGE_SIZE })).projects);
  return {
    years: first.years,
    total: first.total,
    leverage: first.leverageCentsPerEuro,
    commitmentCents: first.commitmentCents,
    projects: projects.map(({ projectId: _id, ...p }) => p),
  };
}

let source: DB;
let target: DB;

beforeAll(async () => {
  source = await emptyDatabase("source");
  target = await emptyDatabase("target");
});

afterAll(async () => {
  await source?.destroy();
  await target?.destroy();
  fs.rmSync(DIR, { recursive: true, force: true });
});

describe(`export at national size (${AREAS} × ${PROJECTS_PER_AREA} projects)`, () => {
  it("imports back into an empty database with the same figures to the cent, never naming more values than a step's", async () => {
    const generated = generateLedger({ areas: AREAS, projectsPerArea: PROJECTS_PER_AREA, seed: 1 });
    const loaded = await importLedger(source, generated);
    expect(loaded.ok, JSON.stringify(loaded).slice(0, 2000)).toBe(true);
    const sourceCounts = await counts(source);
    expect(sourceCounts.project).toBe(AREAS * PROJECTS_PER_AREA);
    // More ids than one statement may name: an export that listed them all would fail.
    expect(sourceCounts.plan_version + sourceCounts.plan_line).toBeGreaterThan(SQLITE_MAX_VARIABLES);
    // Every project has its targets and obligations; deadlines (about 35 000) over the limit too.
    expect(sourceCounts.indicator).toBeGreaterThanOrEqual(AREAS * PROJECTS_PER_AREA);
    expect(sourceCounts.obligation).toBeGreaterThanOrEqual(2 * AREAS * PROJECTS_PER_AREA);
    expect(sourceCounts.deadline).toBeGreaterThan(SQLITE_MAX_VARIABLES);
    expect(sourceCounts.payment_application).toBeGreaterThan(0);
    // About 1.5 bonus claims a project, each with its history and evidence.
    expect(sourceCounts.bonus_claim).toBeGreaterThan(AREAS * PROJECTS_PER_AREA);
    expect(sourceCounts.bonus_claim_event).toBeGreaterThan(2 * sourceCounts.bonus_claim);
    expect(sourceCounts.bonus_year).toBeGreaterThan(0);

    const now = new Date("2026-05-20T09:00:00Z");
    parameterCounts.length = 0;
    const t0 = performance.now();
    const text = await exportText(source, { now });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `export: ${(text.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s, ${parameterCounts.length} statements, at most ${Math.max(...parameterCounts)} values in one`,
    );
    // A step's projects have at most three plan versions each.
    expect(Math.max(...parameterCounts)).toBeLessThanOrEqual(3 * EXPORT_CHUNK_PROJECTS);

    const doc = JSON.parse(text);
    expect(doc.projects).toHaveLength(AREAS * PROJECTS_PER_AREA);
    const imported = await importLedger(target, doc);
    expect(imported.ok, JSON.stringify(imported).slice(0, 2000)).toBe(true);

    expect(await counts(target)).toEqual(sourceCounts);
    expect(await sums(target)).toEqual(await sums(source));
    const [cityBefore, cityAfter] = [await cityCommitmentsByYear(source, SEES_ALL), await cityCommitmentsByYear(target, SEES_ALL)];
    expect(cityAfter).toEqual(cityBefore); // per year, per unit, per project (both databases number alike)
    expect(cityBefore.years.length).toBeGreaterThan(0);
    const [portfolioBefore, portfolioAfter] = [await portfolio(source), await portfolio(target)];
    expect(portfolioBefore.projects).toHaveLength(AREAS * PROJECTS_PER_AREA);
    expect(portfolioAfter).toEqual(portfolioBefore);
    for (const year of [2025, 2026]) expect(await bonusYearSummary(target, year)).toEqual(await bonusYearSummary(source, year));
    // Both databases were empty: the same ids, so exported again it is the same text.
    expect(await exportText(target, { now })).toBe(text);
  });
});
