/**
 * Reports in the JSON API: GET /api/v1/projects/:id carries the project's reports with their
 * states and figures, the realised figures per year, and the refund computed from the accepted
 * reports (FLOW's final report accepted in the demo; SUMMIT's yearly report a draft).
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase, projectIdByCase } from "../helpers/db";
import { headersFor } from "../helpers/auth";
import { callLoader, jsonOf } from "../helpers/http";
import { loader as projectApi } from "~/routes/api.v1.projects.$projectId";

const ctx = useTestDatabase("demo");

async function projectDoc(caseNumber: string) {
  const id = await projectIdByCase(ctx.db, caseNumber);
  const res = await callLoader(projectApi, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers: await headersFor(ctx.db, "committee") });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

describe("GET /api/v1/projects/:id, reports", () => {
  it("FLOW: the accepted final report, its realised figures per year and the refund basis", async () => {
    const d = await projectDoc("KAJDno-2023-1068");
    expect(d.reports).toHaveLength(1);
    expect(d.reports[0]).toMatchObject({
      kind: "final",
      status: "accepted",
      periodStart: "2023-09-01",
      periodEnd: "2025-12-31",
      reached: { total: 121 },
      outcomes: { work: 64, education: 36 },
      partners: 93,
      received: { cityCents: 80_000_00 },
    });
    expect(d.reports[0].costs).toEqual(
      expect.arrayContaining([
        { kind: "staff", amountCents: 270_000_00, explanation: "" },
        { kind: "flat_rate", amountCents: 108_000_00, explanation: "" },
      ]),
    );
    expect(d.reports[0].costs).toHaveLength(2);
    const sum = (k: string) => d.realisedYears.reduce((a: number, y: Record<string, number>) => a + y[k]!, 0);
    expect(d.realisedYears.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025]);
    expect(sum("costCents")).toBe(378_000_00);
    expect(sum("cityCents")).toBe(80_000_00);
    expect(d.refund).toMatchObject({
      final: true,
      claim: null,
      basis: { realisedCents: 378_000_00, dueCents: 75_600_00, paidCents: 80_000_00, overpaidCents: 4_400_00 },
    });
    // The report's figures are the targets' entries (source "report"): 121 reached, 100 outcomes, 93 partners.
    const reach = d.targets.find((t: { kind: string }) => t.kind === "reach");
    expect(reach.value).toBe(121);
    expect(reach.entries).toEqual([expect.objectContaining({ value: 121, source: "report" })]);
    expect(d.targets.find((t: { kind: string }) => t.kind === "outcome_either").value).toBe(100);
    expect(d.targets.find((t: { kind: string }) => t.kind === "partners").value).toBe(93);
  });

  it("SUMMIT: the yearly report as a draft; no refund while nothing is accepted", async () => {
    const d = await projectDoc("KAJDno-2025-1294");
    expect(d.reports).toEqual([
      expect.objectContaining({ kind: "yearly", status: "draft", submissionCount: 0, reached: { women: 8, men: 5, other: 1, total: 14 } }),
    ]);
    expect(d.realisedYears).toEqual([]);
    expect(d.refund).toBeNull();
  });
});
