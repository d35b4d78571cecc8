/** The JSON API (/api/v1/...) against the demo portfolio: figures to the cent, filters, 400s and 404s, the export. */
import { SEES_ALL, headersFor, useSignedIn } from "../helpers/auth";
import { describe, expect, it } from "vitest";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { loader as projectsLoader } from "~/routes/api.v1.projects._index";
import { loader as projectLoader } from "~/routes/api.v1.projects.$projectId";
import { loader as commitmentsLoader } from "~/routes/api.v1.commitments";
import { loader as exportLoader } from "~/routes/api.v1.export";
import { getProjectDetail } from "~/models/project.server";
import { decideChangeRequest } from "~/models/change-request.server";
import { SYSTEM } from "~/models/audit.server";
import { langCookie } from "~/utils/i18n.server";

const ctx = useTestDatabase("demo");
const me = useSignedIn(ctx, "manager");

const SUMMIT = "KAJDno-2025-1294";
const OTE = "KAJDno-2026-641";

async function project(caseNumber: string) {
  const id = await projectIdByCase(ctx.db, caseNumber);
  const res = await callLoader(projectLoader, `/api/v1/projects/${id}`, { projectId: String(id) });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  return jsonOf(res);
}

const sum = (xs: { amountCents: number }[]) => xs.reduce((a, x) => a + x.amountCents, 0);

describe("GET /api/v1/projects/:id", () => {
  it("gives SUMMIT's commitments and plan by year to the cent", async () => {
    const d = await project(SUMMIT);
    expect(d.commitmentsByYear).toEqual([
      { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
      { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
    ]);
    expect(d.planByYear.map((y: { year: number; totalCents: number }) => [y.year, y.totalCents])).toEqual([
      [2026, 19_589_041],
      [2027, 26_000_000],
      [2028, 6_410_959],
    ]);
    expect(d.planByYear.map((y: { financing: { esr: number; own: number } }) => [y.financing.esr, y.financing.own])).toEqual([
      [15_671_233, 3_917_808],
      [20_800_000, 5_200_000],
      [5_128_767, 1_282_192],
    ]);
  });

  it("gives the facts, the current plan with each line's years, commitments, versions and warnings in both languages", async () => {
    const d = await project(SUMMIT);
    expect(d).toMatchObject({ shortName: "SUMMIT", caseNumber: SUMMIT, status: "applied", lead: { name: "Kajaanin Haka ry" }, euShareBp: 6000 });
    expect(d.plan).toMatchObject({
      start: "2026-04-01",
      end: "2028-03-30",
      totalBudgetCents: 52_000_000,
      costModel: "flat_40",
      versionNumber: 1,
      state: "current",
    });
    const esr = d.plan.financingLines.find((l: { kind: string }) => l.kind === "esr");
    expect(esr).toMatchObject({
      amountCents: 41_600_000,
      statedPercentBp: 8000,
      shareBp: 8000,
      yearsEntered: false,
      organisation: { name: "Pohjois-Suomen elinvoimakeskus" },
    });
    for (const l of [...d.plan.costLines, ...d.plan.financingLines]) expect(sum(l.years)).toBe(l.amountCents);
    expect(d.plan.implementers).toEqual([{ organisation: { id: expect.any(Number), name: "Kajaanin Haka ry" }, role: "lead", budgetCents: 52_000_000 }]);
    expect(d.commitments).toHaveLength(1);
    expect(d.commitments[0]).toMatchObject({
      amountCents: 5_500_000,
      conditionStatus: "none",
      yearsEntered: false,
      organisation: { name: "Työllisyys- ja kansainvälisyyspalvelut" },
    });
    expect(d.commitments[0].years).toEqual([
      { year: 2026, amountCents: 2_071_918 },
      { year: 2027, amountCents: 2_750_000 },
      { year: 2028, amountCents: 678_082 },
    ]);
    // The change request of § 14 (pending in the test data) has proposed version 2.
    expect(d.versions).toEqual([
      expect.objectContaining({ versionNumber: 2, state: "proposed", totalBudgetCents: 50_400_000 }),
      expect.objectContaining({ versionNumber: 1, state: "current", totalBudgetCents: 52_000_000 }),
    ]);
    // The same warnings as the project page, each with its texts.
    const page = (await getProjectDetail(ctx.db, SEES_ALL, d.id))!;
    expect(d.warnings.map((w: { code: string; params: unknown }) => ({ code: w.code, params: w.params }))).toEqual(page.warnings);
    for (const w of d.warnings) {
      expect(w.message.fi).toMatch(/\S/);
      expect(w.message.en).toMatch(/\S/);
      expect(w.message.en).not.toEqual(w.message.fi);
      expect(w.message.en).not.toContain("{");
    }
  });

  it("gives every plan version with its totals and commitments by year, and the change request of § 14 with its diff and yearly effect", async () => {
    const d = await project(SUMMIT);
    const [v2, v1] = d.versions;
    expect(v1).toMatchObject({
      versionNumber: 1,
      state: "current",
      start: "2026-04-01",
      end: "2028-03-30",
      totalBudgetCents: 52_000_000,
      costModel: "flat_40",
      changeRequestId: null,
    });
    expect(v1.totals).toMatchObject({
      financing: { esr: 41_600_000, own: 10_400_000 },
      financingTotalCents: 52_000_000,
      cityCents: 10_400_000,
      totalCents: 52_000_000,
    });
    expect(v1.commitmentsByYear).toEqual(d.commitmentsByYear);
    // The proposal (pending): 82 500 € over its own period 1.11.2026–31.10.2029, by the split rule.
    expect(v2).toMatchObject({ versionNumber: 2, state: "proposed", start: "2026-11-01", end: "2029-10-31", totalBudgetCents: 50_400_000 });
    expect(v2.totals).toMatchObject({ financing: { esr: 40_320_000, own: 10_080_000 }, cityCents: 8_250_000, totalCents: 50_400_000 });
    expect(v2.commitmentsByYear.map((y: { year: number; confirmedCents: number }) => [y.year, y.confirmedCents])).toEqual([
      [2026, 459_170],
      [2027, 2_747_491],
      [2028, 2_755_018],
      [2029, 2_288_321],
    ]);

    expect(d.changeRequests).toHaveLength(1);
    const r = d.changeRequests[0];
    expect(v2.changeRequestId).toBe(r.id);
    expect(r).toMatchObject({
      direction: "grantee_to_city",
      decidedBy: "city",
      requestedBy: { name: "Kajaanin Haka ry" },
      receivedOn: "2026-05-20",
      kinds: ["postpone_start", "extend", "budget", "financing_plan", "city_cofinancing", "target_group"],
      state: "pending",
      outcome: "pending",
      conditionText: "",
      conditionState: null,
      decisionBody: "",
      decisionDate: null,
      decisionSection: "",
      baseVersionNumber: 1,
      proposedVersionNumber: 2,
      stale: false,
      proposed: { shortName: "SUMMIT" },
    });
    expect(r.diff.fields).toContainEqual({ field: "totalBudgetCents", kind: "money", before: 52_000_000, after: 50_400_000, differenceCents: -1_600_000 });
    expect(r.diff.commitments[0].fields[0]).toEqual({ field: "amountCents", kind: "money", before: 5_500_000, after: 8_250_000, differenceCents: 2_750_000 });
    expect(r.effect.commitmentTotals).toMatchObject({ before: { totalCents: 5_500_000 }, after: { totalCents: 8_250_000 }, differenceCents: 2_750_000 });
    expect(r.effect.commitments.map((y: { year: number; differenceCents: number }) => [y.year, y.differenceCents])).toEqual([
      [2026, 459_170 - 2_071_918],
      [2027, 2_747_491 - 2_750_000],
      [2028, 2_755_018 - 678_082],
      [2029, 2_288_321],
    ]);
    // The city's totals in 2029 if approved: OTE's conditional 7 000 € and SUMMIT's share.
    expect(r.effect.city.find((y: { year: number }) => y.year === 2029)).toMatchObject({
      before: { conditionalCents: 700_000, confirmedCents: 0 },
      after: { conditionalCents: 700_000, confirmedCents: 2_288_321 },
    });
    expect(r.effect.planTotals).toMatchObject({ beforeCents: 52_000_000, afterCents: 50_400_000, differenceCents: -1_600_000 });
    expect(r.effect).not.toHaveProperty("planBefore");
  });

  it("shows an association its own project's requests without the city's totals, and no one else's project", async () => {
    const id = await projectIdByCase(ctx.db, SUMMIT);
    const haka = await jsonOf(
      await callLoader(projectLoader, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers: await headersFor(ctx.db, "haka") }),
    );
    expect(haka.changeRequests).toHaveLength(1);
    expect(haka.changeRequests[0].effect.commitmentTotals.after.totalCents).toBe(8_250_000);
    expect(haka.changeRequests[0].effect.city).toBeNull();
    expect(haka.changeRequests[0].effect.cityTotals).toBeNull();
    const spr = await callLoader(projectLoader, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers: await headersFor(ctx.db, "spr") });
    expect(spr.status).toBe(404);
  });

  it("warns that OTE's commitment is split over a year outside the period", async () => {
    const d = await project(OTE);
    const w = d.warnings.find((x: { code: string }) => x.code === "COMMITMENT_YEAR_OUTSIDE_PERIOD");
    expect(w).toBeDefined();
    expect(w.params.years).toBe("2029");
    expect(w.message.en).toContain("2029");
    expect(w.message.en).toContain("1.1.2027–31.12.2028");
    expect(w.message.fi).toContain("toteutusajan");
    expect(d.commitments[0]).toMatchObject({ amountCents: 2_100_000, conditionStatus: "pending", yearsEntered: true });
    expect(d.commitmentsByYear).toEqual([
      { year: 2027, confirmedCents: 0, conditionalCents: 700_000 },
      { year: 2028, confirmedCents: 0, conditionalCents: 700_000 },
      { year: 2029, confirmedCents: 0, conditionalCents: 700_000 },
    ]);
  });

  it("answers 404 JSON for an unknown or malformed id, in the request's language", async () => {
    for (const id of ["999999", "abc", "1.5", "-1"]) {
      const res = await callLoader(projectLoader, `/api/v1/projects/${id}`, { projectId: id });
      expect(res.status).toBe(404);
      expect(await jsonOf(res)).toEqual({ error: "not_found", message: "Hanketta ei löydy." });
    }
    const en = await callLoader(projectLoader, "/api/v1/projects/999999?lang=en", { projectId: "999999" });
    expect(await jsonOf(en)).toEqual({ error: "not_found", message: "No such project." });
  });
});

describe("GET /api/v1/projects", () => {
  it("lists every project with its current plan's key figures", async () => {
    const d = await jsonOf(await callLoader(projectsLoader, "/api/v1/projects"));
    expect(d.count).toBe(4);
    expect(d.projects.map((p: { shortName: string }) => p.shortName).sort()).toEqual(["FLOW", "Kotona Kajaanissa", "OTE", "SUMMIT"]);
    const summit = d.projects.find((p: { shortName: string }) => p.shortName === "SUMMIT");
    expect(summit).toMatchObject({
      caseNumber: SUMMIT,
      start: "2026-04-01",
      end: "2028-03-30",
      totalCents: 52_000_000,
      esrCents: 41_600_000,
      ownCents: 10_400_000,
      cityCents: 5_500_000,
      url: `/api/v1/projects/${summit.id}`,
    });
  });

  it("filters by status, year and text like the portfolio", async () => {
    const byStatus = await jsonOf(await callLoader(projectsLoader, "/api/v1/projects?status=committee_conditional"));
    expect(byStatus.projects.map((p: { shortName: string }) => p.shortName)).toEqual(["OTE"]);
    expect((await jsonOf(await callLoader(projectsLoader, "/api/v1/projects?year=2029"))).count).toBe(0);
    const q = await jsonOf(await callLoader(projectsLoader, "/api/v1/projects?q=summit"));
    expect(q.projects.map((p: { shortName: string }) => p.shortName)).toEqual(["SUMMIT"]);
  });

  it("answers 400 naming the bad filter", async () => {
    const res = await callLoader(projectsLoader, "/api/v1/projects?status=flying&lang=en");
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ error: "bad_request", parameter: "status" });
    expect(body.message).toContain("flying");
    const year = await callLoader(projectsLoader, "/api/v1/projects?year=26");
    expect(year.status).toBe(400);
    expect(await jsonOf(year)).toMatchObject({ parameter: "year" });
  });
});

describe("GET /api/v1/commitments", () => {
  type Row = { year: number; confirmedCents: number; conditionalCents: number };

  it("gives the city's totals per year, confirmed and conditional apart, and per unit", async () => {
    const d = await jsonOf(await callLoader(commitmentsLoader, "/api/v1/commitments"));
    const total = new Map<number, Row>(d.total.map((r: Row) => [r.year, r]));
    // OTE's 7 000 € a year is conditional (only if ESR+ funding is granted), also in 2029.
    expect(total.get(2029)).toEqual({ year: 2029, confirmedCents: 0, conditionalCents: 700_000 });
    expect(total.get(2027)!.conditionalCents).toBe(700_000);
    // The totals are the sums of the units' and of the projects' years.
    for (const r of d.total as Row[]) {
      const units = d.units.flatMap((u: { years: Row[] }) => u.years.filter((y) => y.year === r.year));
      expect(units.reduce((a: number, y: Row) => a + y.confirmedCents, 0)).toBe(r.confirmedCents);
      const projects = d.projects.flatMap((p: { years: Row[] }) => p.years.filter((y) => y.year === r.year));
      expect(projects.reduce((a: number, y: Row) => a + y.conditionalCents, 0)).toBe(r.conditionalCents);
    }
    const summit = d.projects.find((p: { shortName: string }) => p.shortName === "SUMMIT");
    expect(summit.years.filter((y: Row) => y.confirmedCents > 0)).toEqual([
      { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
      { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
    ]);
  });

  it("keeps to the years from..to", async () => {
    const all = await jsonOf(await callLoader(commitmentsLoader, "/api/v1/commitments"));
    const d = await jsonOf(await callLoader(commitmentsLoader, "/api/v1/commitments?from=2027&to=2028"));
    expect(d).toMatchObject({ from: 2027, to: 2028, years: [2027, 2028] });
    expect(d.total).toEqual(all.total.filter((r: Row) => r.year >= 2027 && r.year <= 2028));
    const late = await jsonOf(await callLoader(commitmentsLoader, "/api/v1/commitments?from=2029"));
    expect(late.years).toEqual([2029]);
    expect(late.total).toEqual([{ year: 2029, confirmedCents: 0, conditionalCents: 700_000 }]);
    expect(late.projects.map((p: { shortName: string }) => p.shortName)).toEqual(["OTE"]);
    const empty = await jsonOf(await callLoader(commitmentsLoader, "/api/v1/commitments?from=2031&to=2032"));
    expect(empty.total).toEqual([
      { year: 2031, confirmedCents: 0, conditionalCents: 0 },
      { year: 2032, confirmedCents: 0, conditionalCents: 0 },
    ]);
  });

  it("answers 400 for a bad year or a reversed range, naming the parameter in the request's language", async () => {
    const bad = await callLoader(commitmentsLoader, "/api/v1/commitments?from=20x6");
    expect(bad.status).toBe(400);
    const fi = await jsonOf(bad);
    expect(fi).toMatchObject({ error: "bad_request", parameter: "from" });
    expect(fi.message).toBe("Parametrin from pitää olla vuosi neljällä numerolla (esim. 2027), nyt ”20x6”.");

    const cookie = await langCookie.serialize("en");
    const en = await callLoader(commitmentsLoader, "/api/v1/commitments?to=202", {}, { headers: { Cookie: `${me.headers.Cookie}; ${cookie.split(";")[0]}` } });
    expect(en.status).toBe(400);
    expect(await jsonOf(en)).toEqual({
      error: "bad_request",
      parameter: "to",
      message: "The parameter to must be a year with four digits (e.g. 2027), not “202”.",
    });

    const reversed = await callLoader(commitmentsLoader, "/api/v1/commitments?from=2028&to=2027&lang=en");
    expect(reversed.status).toBe(400);
    expect(await jsonOf(reversed)).toEqual({ error: "bad_request", parameter: "from", message: "The parameter from (2028) cannot be greater than to (2027)." });
  });
});

describe("GET /api/v1/export", () => {
  it("returns the whole ledger as a named, versioned JSON document", async () => {
    const res = await callLoader(exportLoader, "/api/v1/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="hankevahti-\d{4}-\d{2}-\d{2}\.json"$/);
    const d = await jsonOf(res);
    expect(d).toMatchObject({ format: "hankevahti-ledger", version: 1 });
    expect(d.organisations).toHaveLength(7);
    expect(d.projects).toHaveLength(4);
    const refs = new Set(d.organisations.map((o: { ref: string }) => o.ref));
    for (const p of d.projects) {
      expect(refs.has(p.lead)).toBe(true);
      expect(p.planVersions.filter((v: { state: string }) => v.state === "current")).toHaveLength(1);
    }
    const kotona = d.projects.find((p: { shortName: string }) => p.shortName === "Kotona Kajaanissa");
    const v = kotona.planVersions[0];
    expect(v.costModel).toBe("flat_40");
    expect(v.costLines[0]).toMatchObject({ kind: "staff", staffHoursCenti: 1_290_000, hourlyRateCents: 3_200, amountCents: 41_280_000 });
    expect(v.costLines.find((l: { kind: string }) => l.kind === "flat_rate")).toMatchObject({ amountCents: 22_704_000, years: [] });
    const ote = d.projects.find((p: { shortName: string }) => p.shortName === "OTE");
    expect(ote.planVersions[0].commitments[0]).toMatchObject({
      amountCents: 2_100_000,
      conditionStatus: "pending",
      decisionDate: "2026-05-20",
      years: [
        { year: 2027, amountCents: 700_000 },
        { year: 2028, amountCents: 700_000 },
        { year: 2029, amountCents: 700_000 },
      ],
    });
  });
});

describe("GET /api/v1/projects/:id after SUMMIT's change", () => {
  it("keeps the original plan's years and commitments in version 1 once version 2 is in force", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const request = await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", id).executeTakeFirstOrThrow();
    await decideChangeRequest(ctx.db, SYSTEM, request.id, {
      action: "decide",
      outcome: "approved_conditionally",
      body: "Työllisyys- ja kansainvälisyysjaosto",
      date: "2026-05-20",
      section: "14",
      conditionText: "Mikäli hanke saa ESR-rahoituksen.",
    });
    const d = await jsonOf(await callLoader(projectLoader, `/api/v1/projects/${id}`, { projectId: String(id) }));
    const v1 = d.versions.find((v: { versionNumber: number }) => v.versionNumber === 1);
    expect(
      v1.planByYear.map((y: { year: number; totalCents: number; financing: { esr: number; own: number } }) => [
        y.year,
        y.totalCents,
        y.financing.esr,
        y.financing.own,
      ]),
    ).toEqual([
      [2026, 19_589_041, 15_671_233, 3_917_808],
      [2027, 26_000_000, 20_800_000, 5_200_000],
      [2028, 6_410_959, 5_128_767, 1_282_192],
    ]);
    expect(v1.commitmentsByYear).toEqual([
      { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
      { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
    ]);
    expect(d.versions.find((v: { versionNumber: number }) => v.versionNumber === 2).state).toBe("current");
  });
});
