/**
 * Targets, entries and pace through the routes' actions and loaders against a real SQLite file:
 * what a manager can set, what is refused (with nothing saved), what the project page and the
 * portfolio show, and that the portfolio's "behind pace" filter (SQL) agrees with the domain's
 * pace (JavaScript) on every project.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { headersFor, SEES_ALL, useSignedIn } from "../helpers/auth";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newIndicator } from "~/routes/projects.$projectId.indicators.new";
import { action as newEntry } from "~/routes/projects.$projectId.indicators.$indicatorId.entries.new";
import { action as editIndicator } from "~/routes/projects.$projectId.indicators.$indicatorId._index";
import { loader as projectPage } from "~/routes/projects.$projectId._index";
import { loader as portfolioPage } from "~/routes/_index";
import { listPortfolio } from "~/models/portfolio.server";
import { pace } from "~/domain/indicators";
import { decodeError } from "~/schemas/field-errors";

// The day of these tests: 5 December 2026 in Helsinki (set before the sign-in, so the session is of that day too).
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-05T10:00:00Z"));
});
afterAll(() => {
  vi.useRealTimers();
});

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const counts = async () => ({
  indicators: Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM indicator`.execute(ctx.db)).rows[0]!.n),
  entries: Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM indicator_entry`.execute(ctx.db)).rows[0]!.n),
});

async function errorsOf(res: Response): Promise<Record<string, string>> {
  const body = (await res.json()) as { errors: Record<string, string> };
  return Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [k, decodeError(v).key]));
}

type TargetView = {
  id: number;
  kind: string;
  value: number;
  target: number | null;
  pace: { verdict: string; rateBp: number | null } | null;
  outcome: { rateBp: number; verdict: string } | null;
  gender: { womenBp: number } | null;
};

async function targetsOf(projectId: number): Promise<TargetView[]> {
  const res = await callLoader(projectPage, `/projects/${projectId}`, { projectId: String(projectId) });
  expect(res.status).toBe(200);
  return (await jsonOf<{ targets: TargetView[] }>(res)).targets;
}

describe("targets on the project page", () => {
  it("shows Kotona Kajaanissa's reach as the agenda states it: 191 of 375, 58 % women, on track in December 2026", async () => {
    const kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    const [reach] = await targetsOf(kotona);
    expect(reach).toMatchObject({ kind: "reach", value: 191, target: 375 });
    expect(reach!.pace).toMatchObject({ verdict: "onTrack", rateBp: 5093 });
    expect(reach!.gender!.womenBp).toBe(5812);
  });

  it("shows FLOW ended with its outcome met: 100 of 121 = 82,6 % against 70 %, and the reach target met", async () => {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const t = await targetsOf(flow);
    expect(t.find((x) => x.kind === "reach")!.pace!.verdict).toBe("met");
    expect(t.find((x) => x.kind === "outcome_either")!.outcome).toEqual({ rateBp: 8264, verdict: "met" });
    expect(t.find((x) => x.kind === "partners")!.value).toBe(93);
  });

  it("a project without targets shows none, and one not started shows 'not started' for a target just set", async () => {
    const ote = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    expect(await targetsOf(ote)).toEqual([]);
    const res = await postForm(newIndicator, `/projects/${ote}/indicators/new`, { kind: "reach", target: "200" }, { projectId: String(ote) });
    expect(res.status).toBe(302);
    const [reach] = await targetsOf(ote);
    expect(reach!.pace).toMatchObject({ verdict: "notStarted", rateBp: 0 });
    expect(JSON.stringify(reach)).not.toMatch(/NaN|Infinity/);
  });
});

describe("a manager sets a target and enters values; the pace verdict follows", () => {
  it("behind, then on track after an entry; the portfolio's behind-pace filter lists it, then does not", async () => {
    const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const res = await postForm(newIndicator, `/projects/${summit}/indicators/new`, { kind: "reach", target: "300" }, { projectId: String(summit) });
    expect(res.status).toBe(302);
    const id = (await ctx.db.selectFrom("indicator").select("id").where("project_id", "=", summit).where("kind", "=", "reach").executeTakeFirstOrThrow()).id;
    const period = await ctx.db
      .selectFrom("plan_version")
      .select(["start_date", "end_date"])
      .where("project_id", "=", summit)
      .where("state", "=", "current")
      .executeTakeFirstOrThrow();
    const enter = (value: string, entryDate = "4.12.2026") =>
      postForm(newEntry, `/projects/${summit}/indicators/${id}/entries/new`, { entryDate, value }, { projectId: String(summit), indicatorId: String(id) });
    expect((await enter("1")).status).toBe(302);
    const expectedVerdict = pace({ target: 300, value: 1, entryCount: 1, start: period.start_date, end: period.end_date, today: "2026-12-05" }).verdict;
    expect(expectedVerdict).toBe("behind");
    expect((await targetsOf(summit))[0]!.pace!.verdict).toBe("behind");
    const behind = await listPortfolio(ctx.db, SEES_ALL, { pace: "behind" });
    expect(behind.rows.map((r) => r.shortName)).toContain("SUMMIT");

    expect((await enter("99")).status).toBe(302);
    const after = (await targetsOf(summit))[0]!;
    expect(after.value).toBe(100);
    expect(after.pace!.verdict).not.toBe("behind");
    const later = await listPortfolio(ctx.db, SEES_ALL, { pace: "behind" });
    expect(later.rows.map((r) => r.shortName)).not.toContain("SUMMIT");
  });

  it("the behind-pace filter (SQL) and the domain's pace agree on every project of the portfolio", async () => {
    const all = await listPortfolio(ctx.db, SEES_ALL, {}, { size: 200 });
    const behind = new Set((await listPortfolio(ctx.db, SEES_ALL, { pace: "behind" }, { size: 200 })).rows.map((r) => r.id));
    for (const r of all.rows) expect(behind.has(r.id), r.shortName).toBe(r.reach?.verdict === "behind");
    const res = await callLoader(portfolioPage, "/?pace=behind");
    expect(res.status).toBe(200);
    const page = await jsonOf<{ rows: { id: number }[]; totals: { count: number } }>(res);
    expect(page.totals.count).toBe(behind.size);
  });
});

describe("bad input is refused next to its field, with nothing saved", () => {
  async function refused(fields: Record<string, string>, field: string, key: string, kind: "reach" | "outcome_either" = "reach") {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const id = (await ctx.db.selectFrom("indicator").select("id").where("project_id", "=", flow).where("kind", "=", kind).executeTakeFirstOrThrow()).id;
    const before = await counts();
    const res = await postForm(newEntry, `/projects/${flow}/indicators/${id}/entries/new`, fields, { projectId: String(flow), indicatorId: String(id) });
    expect(res.status).toBe(400);
    expect((await errorsOf(res))[field]).toBe(key);
    expect(await counts()).toEqual(before);
  }

  it("a negative count", () => refused({ entryDate: "1.6.2025", value: "-5" }, "value", "error.count.negative"));
  it("a count that is not a whole number", () => refused({ entryDate: "1.6.2025", value: "3,5" }, "value", "error.count.invalid"));
  it("a value dated outside the project's period", () => refused({ entryDate: "1.1.2023", value: "5" }, "entryDate", "error.entry.outsidePeriod"));
  it("a gender split that does not add up", () => refused({ entryDate: "1.6.2025", value: "5", women: "2", men: "2" }, "women", "error.entry.genderSum"));
  it("an outcome count larger than those reached", () =>
    refused({ entryDate: "1.6.2025", value: "22" }, "value", "error.entry.outcomeAboveReach", "outcome_either"));
  it("a value dated in the future", async () => {
    const kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    const id = (await ctx.db.selectFrom("indicator").select("id").where("project_id", "=", kotona).executeTakeFirstOrThrow()).id;
    const before = await counts();
    const res = await postForm(
      newEntry,
      `/projects/${kotona}/indicators/${id}/entries/new`,
      { entryDate: "6.12.2026", value: "1" },
      { projectId: String(kotona), indicatorId: String(id) },
    );
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).entryDate).toBe("error.entry.future");
    expect(await counts()).toEqual(before);
  });

  it("a percentage over 100, and a second target of the same kind", async () => {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const before = await counts();
    let res = await postForm(
      newIndicator,
      `/projects/${flow}/indicators/new`,
      { kind: "outcome_work", targetKind: "percent", target: "120" },
      { projectId: String(flow) },
    );
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).target).toBe("error.percent.range");
    res = await postForm(newIndicator, `/projects/${flow}/indicators/new`, { kind: "reach", target: "10" }, { projectId: String(flow) });
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).kind).toBe("error.indicator.duplicateKind");
    expect(await counts()).toEqual(before);
  });

  it("an edit without its version token is refused", async () => {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const id = (await ctx.db.selectFrom("indicator").select("id").where("project_id", "=", flow).where("kind", "=", "reach").executeTakeFirstOrThrow()).id;
    const res = await postForm(
      editIndicator,
      `/projects/${flow}/indicators/${id}`,
      { kind: "reach", target: "130" },
      { projectId: String(flow), indicatorId: String(id) },
    );
    expect(res.status).toBe(400);
    expect((await errorsOf(res)).revision).toBe("error.revision.missing");
    const row = await ctx.db.selectFrom("indicator").select("target_value").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.target_value).toBe(120);
  });

  it("an association's representative cannot write targets (403), even on its own project", async () => {
    const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const res = await postForm(
      newIndicator,
      `/projects/${flow}/indicators/new`,
      { kind: "custom", name: "X", target: "1" },
      { projectId: String(flow) },
      await headersFor(ctx.db, "haka"),
    );
    expect(res.status).toBe(403);
  });
});
