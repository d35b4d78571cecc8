/**
 * The query planner on the hot pages (EXPLAIN QUERY PLAN of every statement their loaders run):
 * a project's page, a change request's page and the API's project read only through indexes
 * (no full scan but of the few organisations and running totals); the portfolio-wide lists
 * scan only the one table they must sum (the projects, through a covering index), never the
 * plan lines, commitments or their years. SQLite plans without statistics, so the demo data
 * gives the plans of the national data set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kysely, SqliteDialect } from "kysely";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { useTestDatabase, projectIdByCase } from "../helpers/db";
import { headersFor, useSignedIn } from "../helpers/auth";
import { callLoader } from "../helpers/http";
import { setDbForTests } from "~/utils/db.server";
import { loader as portfolio } from "~/routes/_index";
import { loader as funding } from "~/routes/funding";
import { loader as commitments } from "~/routes/commitments";
import { loader as project } from "~/routes/projects.$projectId._index";
import { loader as changeRequest } from "~/routes/change-requests.$requestId";
import { loader as apiProject } from "~/routes/api.v1.projects.$projectId";
import { loader as apiProjects } from "~/routes/api.v1.projects._index";
import { loader as deadlines } from "~/routes/deadlines._index";
import { loader as bonusClaims } from "~/routes/bonus-claims._index";
import { loader as bonusSummary } from "~/routes/bonus-claims.summary";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

let raw: ReturnType<typeof openSqlite>;
let logged: { sql: string; parameters: readonly unknown[] }[] = [];
let logging: DB;

beforeAll(() => {
  raw = openSqlite((ctx as unknown as { file: string }).file);
  logging = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    log: (e) => {
      if (e.level === "query") logged.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  setDbForTests(logging);
});
afterAll(async () => {
  await logging.destroy();
  setDbForTests(ctx.db);
});

/** The full scans (table or index) of every statement a loader ran. */
async function scansOf(run: () => Promise<Response>): Promise<string[]> {
  logged = [];
  const res = await run();
  expect(res.status).toBe(200);
  const scans = new Set<string>();
  for (const q of logged) {
    if (!/^\s*select/i.test(q.sql)) continue;
    const plan = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
    for (const p of plan) {
      const m = /^SCAN (\w+)/.exec(p.detail);
      if (m) scans.add(tableOf(m[1]!, q.sql));
    }
  }
  return [...scans].sort();
}

/** A scanned alias as its table's name. */
function tableOf(alias: string, sqlText: string): string {
  const m = new RegExp(`"(\\w+)" as "${alias}"`).exec(sqlText);
  return m ? m[1]! : alias;
}

const SMALL = ["organisation", "commitment_total", "funding_total"];

describe("EXPLAIN QUERY PLAN of the hot loaders", () => {
  it("a project's page, a change request's page and the API project: no full scan of a large table", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const request = await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", id).executeTakeFirstOrThrow();
    for (const run of [
      () => callLoader(project, `/projects/${id}`, { projectId: String(id) }),
      () => callLoader(changeRequest, `/change-requests/${request.id}`, { requestId: String(request.id) }),
      () => callLoader(apiProject, `/api/v1/projects/${id}`, { projectId: String(id) }),
    ]) {
      const scans = await scansOf(run);
      expect(scans.filter((t) => !SMALL.includes(t))).toEqual([]);
    }
  });

  it("the lists scan only the projects they sum, never plan lines, commitments or their years", async () => {
    const allowed = [...SMALL, "project", "project_figure"];
    for (const [loader, url] of [
      [portfolio, "/"],
      [portfolio, "/?sort=thisYear&dir=desc&page=2"],
      [funding, "/funding?from=2026&to=2027"],
      [commitments, "/commitments"],
      [apiProjects, "/api/v1/projects?status=running"],
    ] as const) {
      const scans = await scansOf(() => callLoader(loader, url));
      expect(
        scans.filter((t) => !allowed.includes(t)),
        url,
      ).toEqual([]);
    }
  });

  it("the deadline view counts standings as index ranges and reads a page of overdue deadlines through the status index", async () => {
    const plans: string[] = [];
    logged = [];
    const res = await callLoader(deadlines, "/deadlines?bucket=overdue");
    expect(res.status).toBe(200);
    for (const q of logged) {
      if (!/\bdeadline\b/.test(q.sql)) continue;
      const plan = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
      plans.push(...plan.map((p) => p.detail).filter((d) => /deadline|\bd\b/.test(d)));
    }
    expect(plans.length).toBeGreaterThan(0);
    // (The report of each listed deadline: one search of report's unique deadline_id index per row.)
    for (const d of plans)
      expect(d, d).toMatch(
        /USING (COVERING )?INDEX deadline_(status_due|due|project)_idx|USING INTEGER PRIMARY KEY|^SEARCH r USING COVERING INDEX sqlite_autoindex_report_1 \(deadline_id=\?\)$/,
      );
    // Ranges (SEARCH), never a pass over every deadline, not even through an index (SCAN).
    expect(plans.filter((d) => /^SCAN/.test(d))).toEqual([]);
  });

  it("an association's deadline view reads its projects' deadlines through the project index, not every deadline", async () => {
    logged = [];
    const res = await callLoader(deadlines, "/deadlines", {}, { headers: await headersFor(ctx.db, "haka") });
    expect(res.status).toBe(200);
    const details: string[] = [];
    for (const q of logged) {
      if (!/\bdeadline\b/.test(q.sql)) continue;
      const plan = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
      details.push(...plan.map((p) => p.detail));
    }
    expect(
      details.some((d) => /SEARCH d USING (COVERING )?INDEX deadline_project_idx/.test(d)),
      details.join("\n"),
    ).toBe(true);
  });

  it("bonus claims: the review list and the year's figures read index ranges; the counts and sums beside a list read only the covering index", async () => {
    for (const url of ["/bonus-claims", "/bonus-claims?show=paid", "/bonus-claims/summary?year=2026"]) {
      logged = [];
      const res = await callLoader(url.includes("summary") ? bonusSummary : bonusClaims, url);
      expect(res.status).toBe(200);
      const details: string[] = [];
      for (const q of logged) {
        if (!/\bbonus_claim\b/.test(q.sql)) continue;
        const plan = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
        details.push(...plan.map((p) => p.detail).filter((d) => /bonus_claim|^(SCAN|SEARCH) c\b/.test(d)));
      }
      expect(details.length, url).toBeGreaterThan(0);
      // A pass over every claim only through a covering index (the counts of each list), never over the rows.
      expect(
        details.filter((d) => /^SCAN/.test(d) && !/USING COVERING INDEX/.test(d)),
        `${url}\n${details.join("\n")}`,
      ).toEqual([]);
    }
  });
});
