import { describe, expect, it } from "vitest";
import {
  addCalendarMonths,
  avoidedCostEstimate,
  checkClaim,
  claimStage,
  duplicateOf,
  looksLikeHetu,
  payableOn,
  referenceKey,
  referenceProblem,
  type FiledClaim,
} from "./bonus";

describe("payable day: start + four calendar months, clamped to the month's end", () => {
  it("a start on 31 October is payable on the last day of February", () => {
    expect(payableOn("2026-10-31")).toBe("2027-02-28");
    // …which is the 29th in a leap year.
    expect(payableOn("2027-10-31")).toBe("2028-02-29");
  });
  it("a start on 30 November is payable on 30 March", () => {
    expect(payableOn("2026-11-30")).toBe("2027-03-30");
  });
  it("a start on 29 February is payable on 29 June", () => {
    expect(payableOn("2028-02-29")).toBe("2028-06-29");
  });
  it("crosses the year and keeps ordinary days", () => {
    expect(payableOn("2026-09-15")).toBe("2027-01-15");
    expect(payableOn("2026-01-31")).toBe("2026-05-31");
    expect(addCalendarMonths("2026-08-31", 1)).toBe("2026-09-30");
    expect(addCalendarMonths("2026-12-31", 2)).toBe("2027-02-28");
  });
});

describe("stage shown", () => {
  it("a claim filed before its payable day waits, then is in review", () => {
    expect(claimStage("submitted", "2027-02-28", "2027-02-27")).toBe("waiting");
    expect(claimStage("submitted", "2027-02-28", "2027-02-28")).toBe("in_review");
    expect(claimStage("paid", "2027-02-28", "2026-01-01")).toBe("paid");
  });
});

describe("the rules of filing", () => {
  const today = "2026-12-08";
  it("studies on unemployment benefit are refused with the rule's reason", () => {
    expect(checkClaim({ kind: "studies", startDate: "2026-05-01", employmentCondition: false, studySupport: "unemployment_benefit" }, today)).toEqual([
      { field: "studySupport", problem: "unemploymentBenefit" },
    ]);
    expect(checkClaim({ kind: "studies", startDate: "2026-05-01", employmentCondition: false, studySupport: "study_grant" }, today)).toEqual([]);
    expect(checkClaim({ kind: "studies", startDate: "2026-05-01", employmentCondition: false, studySupport: null }, today)).toEqual([
      { field: "studySupport", problem: "required" },
    ]);
  });
  it("work must meet the employment condition", () => {
    expect(checkClaim({ kind: "work", startDate: "2026-05-01", employmentCondition: false, studySupport: null }, today)).toEqual([
      { field: "employmentCondition", problem: "required" },
    ]);
  });
  it("a start in the future is refused; a start less than four months ago is not", () => {
    expect(checkClaim({ kind: "work", startDate: "2026-12-09", employmentCondition: true, studySupport: null }, today)).toEqual([
      { field: "startDate", problem: "future" },
    ]);
    expect(checkClaim({ kind: "work", startDate: today, employmentCondition: true, studySupport: null }, today)).toEqual([]);
  });
});

describe("references", () => {
  it("refuses anything that looks like a henkilötunnus, valid or not", () => {
    for (const s of ["131052-308T", "131052-308t", "010203A123B", "HAKA 131052-308T", "010594Y9032", "131052308T", "1310523086"])
      expect(looksLikeHetu(s), s).toBe(true);
    expect(referenceProblem("131052-308T")).toBe("hetu");
    for (const s of ["HAKA-2026-014", "H-17", "asiakas 12", "2026-05-01/3", "20260501-0013"]) expect(looksLikeHetu(s), s).toBe(false);
  });
  it("refuses what looks like a name, and characters of e-mail addresses", () => {
    expect(referenceProblem("Matti Meikäläinen")).toBe("name");
    expect(referenceProblem("Anna-Liisa Virtanen")).toBe("name");
    expect(referenceProblem("matti@example.fi")).toBe("characters");
    expect(referenceProblem("HAKA-2026-014")).toBeNull();
    expect(referenceProblem("  ")).toBe("required");
    expect(referenceProblem("x".repeat(41))).toBe("tooLong");
  });
  it("a duplicate: the same association's reference (however spaced or cased) with the same start", () => {
    const filed: FiledClaim[] = [
      { id: 1, referenceKey: referenceKey("haka-2026-014"), startDate: "2026-05-01", status: "submitted" },
      { id: 2, referenceKey: referenceKey("HAKA-2026-015"), startDate: "2026-05-01", status: "withdrawn" },
      { id: 3, referenceKey: referenceKey("HAKA-2026-016"), startDate: "2026-05-01", status: "rejected" },
    ];
    expect(duplicateOf(filed, " HAKA-2026-014 ", "2026-05-01")?.id).toBe(1);
    expect(duplicateOf(filed, "HAKA-2026-014", "2026-06-01")).toBeNull();
    expect(duplicateOf(filed, "HAKA-2026-015", "2026-05-01")).toBeNull();
    expect(duplicateOf(filed, "haka-2026-016", "2026-05-01")?.id).toBe(3);
    expect(referenceKey("haka  2026–14")).toBe("HAKA 2026-14");
  });
});

describe("avoided costs", () => {
  it("four months at the monthly figure per approved claim, exact", () => {
    expect(avoidedCostEstimate(3, 40_050)).toBe(480_600);
    expect(avoidedCostEstimate(0, 40_000)).toBe(0);
  });
});
