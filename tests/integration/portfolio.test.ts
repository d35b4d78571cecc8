import { describe, expect, it } from "vitest";
import { useSignedIn } from "../helpers/auth";
import { useTestDatabase, projectIdByCase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

describe("portfolio loader", () => {
  it("lists the four demo projects with their figures", async () => {
    const res = await callLoader(portfolioLoader, "/");
    expect(res.status).toBe(200);
    const data = await jsonOf(res);
    expect(data.rows.map((r: { shortName: string }) => r.shortName).sort()).toEqual(["FLOW", "Kotona Kajaanissa", "OTE", "SUMMIT"]);
    const summit = data.rows.find((r: { shortName: string }) => r.shortName === "SUMMIT");
    expect(summit).toMatchObject({ totalCents: 52_000_000, esrCents: 41_600_000, ownCents: 10_400_000, cityCents: 5_500_000 });
  });

  it("filters by status through the URL", async () => {
    const data = await jsonOf(await callLoader(portfolioLoader, "/?status=committee_conditional"));
    expect(data.rows.map((r: { shortName: string }) => r.shortName)).toEqual(["OTE"]);
  });

  it("filters by year: only projects running in 2029", async () => {
    const data = await jsonOf(await callLoader(portfolioLoader, "/?year=2029"));
    expect(data.rows).toHaveLength(0);
    const d2027 = await jsonOf(await callLoader(portfolioLoader, "/?year=2027"));
    expect(d2027.rows.map((r: { shortName: string }) => r.shortName).sort()).toEqual(["Kotona Kajaanissa", "OTE", "SUMMIT"]);
  });

  it("sorts by total budget, descending", async () => {
    const data = await jsonOf(await callLoader(portfolioLoader, "/?sort=total&dir=desc"));
    const totals = data.rows.map((r: { totalCents: number }) => r.totalCents);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });
});

describe("project loader", () => {
  it("shows SUMMIT's commitment split over 2026–2028 to the cent", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const data = await jsonOf(await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }));
    expect(data.commitmentsByYear).toEqual([
      { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
      { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
    ]);
  });

  it("warns that OTE's commitment is split over a year outside the period", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2026-641");
    const data = await jsonOf(await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }));
    const codes = data.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain("COMMITMENT_YEAR_OUTSIDE_PERIOD");
    expect(data.warnings.find((w: { code: string }) => w.code === "COMMITMENT_YEAR_OUTSIDE_PERIOD").params.years).toBe("2029");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await callLoader(projectLoader, "/projects/9999", { projectId: "9999" })).status).toBe(404);
    expect((await callLoader(projectLoader, "/projects/abc", { projectId: "abc" })).status).toBe(404);
  });
});
