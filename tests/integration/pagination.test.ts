/**
 * Lists a page at a time: page boundaries, filters combined, totals that do not depend on the
 * page, the state in the URL, and bad paging input (the page moves to the nearest page that
 * exists; the API answers 400 naming the parameter; never a 500, never an unbounded answer).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { useSignedIn } from "../helpers/auth";
import { callLoader, jsonOf } from "../helpers/http";
import { generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as fundingLoader } from "~/routes/funding";
import { loader as commitmentsLoader } from "~/routes/commitments";
import { loader as apiProjects } from "~/routes/api.v1.projects._index";
import { loader as apiFunding } from "~/routes/api.v1.funding";
import { loader as apiCommitments } from "~/routes/api.v1.commitments";
import { DEFAULT_PAGE_SIZE, lenientPage, pageOf, parsePaging } from "~/domain/paging";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

beforeAll(async () => {
  // 4 demo projects + 2 areas × 60 generated ones = 124 projects: three pages of 50.
  const result = await importLedger(ctx.db, generateLedger({ areas: 2, projectsPerArea: 60, seed: 5 }));
  expect(result.ok).toBe(true);
}, 60_000);

describe("paging arithmetic", () => {
  it("moves a page number to the nearest page that exists", () => {
    expect(pageOf(124, 1, 50)).toMatchObject({ page: 1, offset: 0, pageCount: 3 });
    expect(pageOf(124, 3, 50)).toMatchObject({ page: 3, offset: 100, pageCount: 3 });
    expect(pageOf(124, 99_999, 50)).toMatchObject({ page: 3, offset: 100 });
    expect(pageOf(124, -1, 50)).toMatchObject({ page: 1, offset: 0 });
    expect(pageOf(0, 5, 50)).toMatchObject({ page: 1, offset: 0, pageCount: 1, total: 0 });
    expect(pageOf(100, 2, 50)).toMatchObject({ page: 2, pageCount: 2 });
  });
  it("reads page and limit strictly for the API and leniently for a page", () => {
    expect(parsePaging(null, null)).toEqual({ page: 1, size: DEFAULT_PAGE_SIZE, problems: [] });
    expect(parsePaging("2", "10")).toEqual({ page: 2, size: 10, problems: [] });
    expect(parsePaging("-1", null).problems).toEqual([{ parameter: "page", value: "-1", code: "notPositiveInteger" }]);
    expect(parsePaging("0", null).problems[0]!.code).toBe("notPositiveInteger");
    expect(parsePaging("1.5", null).problems[0]!.code).toBe("notPositiveInteger");
    expect(parsePaging(null, "100000")).toMatchObject({ size: 200, problems: [{ parameter: "limit", code: "tooLarge", max: 200 }] });
    expect(lenientPage("-1")).toBe(1);
    expect(lenientPage("abc")).toBe(1);
    expect(lenientPage("99999")).toBe(99_999);
  });
});

describe("the portfolio page", () => {
  it("shows 50 rows a page, every project exactly once over the pages, the same totals on each", async () => {
    const pages = [];
    for (const n of [1, 2, 3]) pages.push(await jsonOf(await callLoader(portfolioLoader, `/?page=${n}`)));
    expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 24]);
    const ids = pages.flatMap((p) => p.rows.map((r: { id: number }) => r.id));
    expect(new Set(ids).size).toBe(124);
    expect(pages[1].totals).toEqual(pages[0].totals);
    expect(pages[2].totals).toEqual(pages[0].totals);
    expect(pages[0].totals.count).toBe(124);
    expect(pages[0].totals.totalCents).toBe(pages.flatMap((p) => p.rows).reduce((a: number, r: { totalCents: number }) => a + r.totalCents, 0));
    expect(pages.map((p) => p.page.page)).toEqual([1, 2, 3]);
  });

  it("keeps the order across a page boundary (sorted by total, descending)", async () => {
    const a = await jsonOf(await callLoader(portfolioLoader, "/?sort=total&dir=desc&page=1"));
    const b = await jsonOf(await callLoader(portfolioLoader, "/?sort=total&dir=desc&page=2"));
    const totals = [...a.rows, ...b.rows].map((r: { totalCents: number }) => r.totalCents);
    expect(totals).toEqual([...totals].sort((x, y) => y - x));
  });

  it("combines filters; the totals cover the whole filtered set, whatever the page", async () => {
    const unit = (await ctx.db.selectFrom("organisation").select("id").where("name", "=", "Työllisyysalue 01").executeTakeFirstOrThrow()).id;
    const q = `/?unit=${unit}&status=running&year=2026`;
    const all = await jsonOf(await callLoader(portfolioLoader, q));
    const rows = all.rows as { id: number; status: string; start: string; end: string; totalCents: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "running" && r.start <= "2026-12-31" && r.end >= "2026-01-01")).toBe(true);
    expect(all.totals.count).toBe(rows.length);
    expect(all.totals.totalCents).toBe(rows.reduce((s, r) => s + r.totalCents, 0));
    const searched = await jsonOf(await callLoader(portfolioLoader, `${q}&q=hanke 01`));
    expect(searched.rows.map((r: { id: number }) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it("filters by the organisation that leads or implements a project", async () => {
    const org = (await ctx.db.selectFrom("organisation").select("id").where("name", "=", "Yhdistys 01-1 ry").executeTakeFirstOrThrow()).id;
    const d = await jsonOf(await callLoader(portfolioLoader, `/?org=${org}`));
    expect(d.implementer).toEqual({ id: org, name: "Yhdistys 01-1 ry" });
    const ids = d.rows.map((r: { id: number }) => r.id) as number[];
    expect(ids.length).toBeGreaterThan(0);
    const expected = await ctx.db
      .selectFrom("project as p")
      .select("p.id")
      .where((eb) =>
        eb.or([
          eb("p.lead_organisation_id", "=", org),
          eb.exists(
            eb
              .selectFrom("plan_implementer as i")
              .innerJoin("plan_version as v", "v.id", "i.plan_version_id")
              .select("i.id")
              .whereRef("v.project_id", "=", "p.id")
              .where("v.state", "=", "current")
              .where("i.organisation_id", "=", org),
          ),
        ]),
      )
      .execute();
    expect(d.totals.count).toBe(expected.length);
    expect(expected.length).toBeLessThanOrEqual(50); // one page holds them all
    expect([...ids].sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
  });

  it("moves ?page=-1 and ?page=99999 to the nearest page; a bad sort or status is named beside its field, not a 500", async () => {
    const low = await callLoader(portfolioLoader, "/?page=-1");
    expect(low.status).toBe(200);
    expect((await jsonOf(low)).page.page).toBe(1);
    const high = await jsonOf(await callLoader(portfolioLoader, "/?page=99999"));
    expect(high.page.page).toBe(3);
    expect(high.rows).toHaveLength(24);
    const bad = await callLoader(portfolioLoader, "/?sort=nonsense&status=maybe&unit=abc&funder=999999&limit=100000");
    expect(bad.status).toBe(200);
    const d = await jsonOf(bad);
    expect(Object.keys(d.problems).sort()).toEqual(["funder", "sort", "status", "unit"]);
    expect(d.rows).toHaveLength(50);
  });
});

describe("the funding and commitments pages", () => {
  it("page their projects with totals over every project", async () => {
    const f1 = (await jsonOf(await callLoader(fundingLoader, "/funding"))).funding;
    const f3 = (await jsonOf(await callLoader(fundingLoader, "/funding?page=3"))).funding;
    expect(f1.projects).toHaveLength(50);
    expect(f3.projects).toHaveLength(24);
    expect(f3.total).toEqual(f1.total);
    expect(f1.page.total).toBe(124);
    const c1 = await jsonOf(await callLoader(commitmentsLoader, "/commitments"));
    const c9 = await jsonOf(await callLoader(commitmentsLoader, "/commitments?page=9"));
    expect(c1.projects).toHaveLength(25);
    expect(c9.page.page).toBe(c1.page.pageCount);
    expect(c9.total).toEqual(c1.total);
  });
});

describe("the API lists", () => {
  it("pages with limit, counts, totals and links to the next page", async () => {
    const a = await jsonOf(await callLoader(apiProjects, "/api/v1/projects?limit=100&sort=start"));
    expect(a).toMatchObject({ page: 1, limit: 100, pageCount: 2, count: 124 });
    expect(a.projects).toHaveLength(100);
    expect(a.next).toBe("/api/v1/projects?limit=100&sort=start&page=2");
    expect(a.previous).toBeNull();
    const b = await jsonOf(await callLoader(apiProjects, a.next));
    expect(b.projects).toHaveLength(24);
    expect(b.next).toBeNull();
    expect(b.totals).toEqual(a.totals);
    expect(new Set([...a.projects, ...b.projects].map((p: { id: number }) => p.id)).size).toBe(124);
  });

  it("answers 400 naming the parameter for bad paging, sorting and filters, and a page beyond the last", async () => {
    const cases: [string, string][] = [
      ["/api/v1/projects?page=-1", "page"],
      ["/api/v1/projects?page=0", "page"],
      ["/api/v1/projects?page=99999", "page"],
      ["/api/v1/projects?limit=100000", "limit"],
      ["/api/v1/projects?limit=abc", "limit"],
      ["/api/v1/projects?sort=nonsense", "sort"],
      ["/api/v1/projects?status=maybe", "status"],
      ["/api/v1/projects?unit=999999", "unit"],
      ["/api/v1/projects?funder=x", "funder"],
      ["/api/v1/projects?org=999999", "org"],
      ["/api/v1/funding?page=99999", "page"],
      ["/api/v1/funding?limit=100000", "limit"],
      ["/api/v1/commitments?page=-1", "page"],
    ];
    for (const [url, parameter] of cases) {
      const loader = url.startsWith("/api/v1/funding") ? apiFunding : url.startsWith("/api/v1/commitments") ? apiCommitments : apiProjects;
      const res = await callLoader(loader, url);
      expect(res.status, url).toBe(400);
      const body = await jsonOf(res);
      expect(body.parameter, url).toBe(parameter);
      expect(body.message.length, url).toBeGreaterThan(10);
    }
  });

  it("pages the funding and commitments API's projects with the totals over all", async () => {
    const f = await jsonOf(await callLoader(apiFunding, "/api/v1/funding?limit=10&page=2"));
    expect(f).toMatchObject({ page: 2, limit: 10, pageCount: 13, projectCount: 124 });
    expect(f.projects).toHaveLength(10);
    const c = await jsonOf(await callLoader(apiCommitments, "/api/v1/commitments?limit=200"));
    expect(c.projects.length).toBe(c.projectCount);
  });
});
