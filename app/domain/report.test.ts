import { describe, expect, it } from "vitest";
import {
  checkCounts,
  checkSubmission,
  costRows,
  isEditable,
  nextStatus,
  realisedByYear,
  reportKindFor,
  withComputedCosts,
  type ReportFigures,
  type ReportPlan,
} from "./report";

const plan: ReportPlan = {
  start: "2026-04-01",
  end: "2028-03-30",
  totalBudgetCents: 520_000_00,
  costModel: "flat_40",
  flatRateBp: 4000,
  plannedByKind: {},
};

const full: ReportFigures = {
  periodStart: "2026-04-01",
  periodEnd: "2027-03-31",
  reachedWomen: 8,
  reachedMen: 5,
  reachedOther: 1,
  reachedTotal: 14,
  outcomeWork: 2,
  outcomeEducation: 3,
  outcomeOther: 1,
  partners: 4,
  esrReceivedCents: 100_000_00,
  cityReceivedCents: 20_000_00,
  otherReceivedCents: 0,
  costs: [{ kind: "staff", amountCents: 100_000_00, explanation: "" }],
  doneText: "Ryhmät aloittivat.",
  changesText: "",
  nextText: "",
};

describe("report states", () => {
  it("allows draft → submitted → returned → submitted → accepted, and nothing else", () => {
    expect(nextStatus("draft", "submit")).toBe("submitted");
    expect(nextStatus("submitted", "return")).toBe("returned");
    expect(nextStatus("returned", "submit")).toBe("submitted");
    expect(nextStatus("submitted", "accept")).toBe("accepted");
    expect(nextStatus("draft", "accept")).toBeNull();
    expect(nextStatus("draft", "return")).toBeNull();
    expect(nextStatus("submitted", "submit")).toBeNull();
    expect(nextStatus("submitted", "save")).toBeNull();
    expect(nextStatus("returned", "accept")).toBeNull();
    for (const a of ["save", "submit", "return", "accept"] as const) expect(nextStatus("accepted", a)).toBeNull();
    expect(isEditable("draft")).toBe(true);
    expect(isEditable("returned")).toBe(true);
    expect(isEditable("submitted")).toBe(false);
    expect(isEditable("accepted")).toBe(false);
  });

  it("knows which obligations ask for a report", () => {
    expect(reportKindFor("yearly_report")).toBe("yearly");
    expect(reportKindFor("final_report")).toBe("final");
    expect(reportKindFor("payment_application")).toBeNull();
  });
});

describe("checkCounts", () => {
  it("accepts consistent counts and partial drafts", () => {
    expect(checkCounts(full)).toEqual([]);
    expect(checkCounts({ ...full, reachedMen: null, reachedOther: null, reachedTotal: 14 })).toEqual([]);
  });
  it("refuses a total above the sum of its parts, parts above the total, outcomes above those reached", () => {
    expect(checkCounts({ ...full, reachedTotal: 15 })).toEqual([{ path: "reachedTotal", key: "report.error.totalAboveParts", params: { parts: 14 } }]);
    expect(checkCounts({ ...full, reachedTotal: 13 })[0]).toMatchObject({ path: "reachedTotal", key: "report.error.partsAboveTotal" });
    expect(checkCounts({ ...full, outcomeWork: 15 })[0]).toMatchObject({ path: "outcomeWork", key: "report.error.outcomeAboveReached" });
    expect(checkCounts({ ...full, outcomeWork: 6, outcomeEducation: 6, outcomeOther: 6 })[0]).toMatchObject({
      key: "report.error.outcomesAboveReached",
      params: { outcomes: 18, reached: 14 },
    });
  });
});

describe("costs", () => {
  it("asks for the kinds of the cost model and computes the flat rate", () => {
    expect(costRows(plan)).toEqual([
      { kind: "staff", computed: false },
      { kind: "flat_rate", computed: true },
    ]);
    expect(withComputedCosts([{ kind: "staff", amountCents: 100_000_01, explanation: "" }], plan)).toEqual([
      { kind: "staff", amountCents: 100_000_01, explanation: "" },
      { kind: "flat_rate", amountCents: 40_000_00, explanation: "" },
    ]);
    expect(costRows({ costModel: "actual", flatRateBp: null }).map((r) => r.kind)).toEqual(["staff", "purchased", "other"]);
  });
});

describe("checkSubmission", () => {
  it("passes a complete report inside the project and the plan", () => {
    expect(checkSubmission(full, plan, {})).toEqual([]);
  });
  it("needs every figure filled in", () => {
    const issues = checkSubmission({ ...full, reachedMen: null, cityReceivedCents: null, doneText: "" }, plan, {});
    expect(issues.map((i) => i.path).sort()).toEqual(["cityReceived", "doneText", "reachedMen"]);
  });
  it("refuses a period outside the project's", () => {
    const issues = checkSubmission({ ...full, periodStart: "2026-03-01", periodEnd: "2028-04-30" }, plan, {});
    expect(issues).toContainEqual({ path: "periodStart", key: "report.error.outsideProject", params: { startDay: "2026-04-01", endDay: "2028-03-30" } });
    expect(issues).toContainEqual({ path: "periodEnd", key: "report.error.outsideProject", params: { startDay: "2026-04-01", endDay: "2028-03-30" } });
  });
  it("needs an explanation for costs above the plan's line, counting the accepted reports before", () => {
    const withLines = { ...plan, plannedByKind: { staff: 300_000_00, flat_rate: 120_000_00 } };
    expect(checkSubmission(full, withLines, { staff: 150_000_00 })).toEqual([]);
    const over = checkSubmission(full, withLines, { staff: 250_000_00 });
    expect(over).toContainEqual({
      path: "costs.staff.explanation",
      key: "report.error.costAbovePlan",
      params: { plannedCents: 300_000_00, soFarCents: 350_000_00 },
    });
    expect(
      checkSubmission({ ...full, costs: [{ kind: "staff", amountCents: 100_000_00, explanation: "Palkkaratkaisu nosti kuluja." }] }, withLines, {
        staff: 250_000_00,
      }),
    ).toEqual([]);
  });
  it("needs an explanation for costs above the total budget", () => {
    const issues = checkSubmission({ ...full, costs: [{ kind: "staff", amountCents: 400_000_00, explanation: "" }] }, plan, {});
    expect(issues).toContainEqual({
      path: "costs.staff.explanation",
      key: "report.error.totalAboveBudget",
      params: { budgetCents: 520_000_00, soFarCents: 560_000_00 },
    });
  });
});

describe("realisedByYear", () => {
  it("spreads each amount over the period's days exactly", () => {
    const years = realisedByYear("2026-04-01", "2027-03-31", { costCents: 140_000_00, esrCents: 100_000_00, cityCents: 20_000_00, otherCents: 1 });
    expect(years.map((y) => y.year)).toEqual([2026, 2027]);
    expect(years.reduce((a, y) => a + y.costCents, 0)).toBe(140_000_00);
    expect(years.reduce((a, y) => a + y.otherCents, 0)).toBe(1);
    // 275 of 365 days in 2026
    expect(years[0]!.cityCents).toBe(15_068_49);
  });
});
