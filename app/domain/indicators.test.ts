/**
 * Unit tests of reach, outcomes and pace: Kotona Kajaanissa's reach on the day of its interim
 * report and later, the verdicts of a project not started, ended, without entries or without a
 * target (never a NaN), the exact ±10 % boundaries, FLOW's outcome rate and gender shares.
 */
import { describe, expect, it } from "vitest";
import { PACE_TOLERANCE_PERCENT, genderShares, outcomeRate, pace, rateBp, roundDiv, type Pace, type PaceInput } from "./indicators";

/** Kotona Kajaanissa: 1.5.2025–30.4.2028, reach target 375, 191 reached in one entry. */
const KOTONA: Omit<PaceInput, "today"> = { target: 375, value: 191, entryCount: 1, start: "2025-05-01", end: "2028-04-30" };

function expectNoNaN(p: Pace) {
  for (const key of ["periodDays", "elapsedDays", "elapsedBp", "rateBp", "expectedToDate", "projectedEnd"] as const) {
    const v = p[key];
    if (v !== null) expect(Number.isFinite(v), `${key} = ${v}`).toBe(true);
  }
}

describe("roundDiv and rateBp", () => {
  it("round halves up", () => {
    expect(roundDiv(1, 2)).toBe(1);
    expect(roundDiv(3, 2)).toBe(2);
    expect(roundDiv(1, 3)).toBe(0);
    expect(roundDiv(2, 3)).toBe(1);
    expect(roundDiv(0, 7)).toBe(0);
    expect(roundDiv(144_375, 1096)).toBe(132); // 131.7
  });

  it("gives basis points, null without a whole", () => {
    expect(rateBp(1, 3)).toBe(3333);
    expect(rateBp(2, 3)).toBe(6667);
    expect(rateBp(0, 5)).toBe(0);
    expect(rateBp(191, 375)).toBe(5093);
    expect(rateBp(5, 0)).toBeNull();
    expect(rateBp(5, null)).toBeNull();
  });
});

describe("pace: Kotona Kajaanissa", () => {
  it("is ahead on the day of its interim report (20.5.2026)", () => {
    const p = pace({ ...KOTONA, today: "2026-05-20" });
    expect(p).toEqual({
      verdict: "ahead",
      periodDays: 1096,
      elapsedDays: 385,
      elapsedBp: 3513, // 385 / 1096 = 35.13 %
      rateBp: 5093, // 191 / 375 = 50.9 %
      expectedToDate: 132, // 375 × 385 / 1096 = 131.7
      projectedEnd: 544, // 191 × 1096 / 385 = 543.7
    });
  });

  it("is on track on 5.12.2026 with the same 191 (191 of 200 expected, within 10 %)", () => {
    // elapsed: 365 days to 30.4.2026 + 214 (May–Nov) + 5 = 584.
    // value × periodDays × 100 = 191 × 1096 × 100 = 20 933 600
    // behind bound: 375 × 584 × 90 = 19 710 000 (not below it)
    // ahead bound: 375 × 584 × 110 = 24 090 000 (not above it) → on track
    const p = pace({ ...KOTONA, today: "2026-12-05" });
    expect(p).toEqual({
      verdict: "onTrack",
      periodDays: 1096,
      elapsedDays: 584,
      elapsedBp: 5328, // 53.28 %
      rateBp: 5093,
      expectedToDate: 200, // 375 × 584 / 1096 = 199.8
      projectedEnd: 358, // 191 × 1096 / 584 = 358.4
    });
  });

  it("counts the start day and the last day as elapsed", () => {
    expect(pace({ ...KOTONA, today: "2025-05-01" }).elapsedDays).toBe(1);
    const last = pace({ ...KOTONA, today: "2028-04-30" });
    expect(last.elapsedDays).toBe(1096);
    expect(last.elapsedBp).toBe(10_000);
    expect(last.verdict).toBe("behind"); // still running on its last day: 191 < 90 % of 375
  });
});

describe("pace: special verdicts", () => {
  it("is not started before the start, with nothing elapsed and no NaN", () => {
    const p = pace({ ...KOTONA, value: 0, entryCount: 0, today: "2025-04-30" });
    expect(p.verdict).toBe("notStarted");
    expect(p.elapsedDays).toBe(0);
    expect(p.elapsedBp).toBe(0);
    expect(p.projectedEnd).toBeNull();
    expect(p.expectedToDate).toBe(0);
    expect(p.rateBp).toBe(0);
    expect(p.periodDays).toBe(1096);
    expectNoNaN(p);
  });

  it("is not started even with entries recorded ahead of the start", () => {
    const p = pace({ ...KOTONA, today: "2025-01-01" });
    expect(p.verdict).toBe("notStarted");
    expect(p.projectedEnd).toBeNull();
    expectNoNaN(p);
  });

  it("has no target before the start when none is set", () => {
    const p = pace({ ...KOTONA, target: null, today: "2025-04-30" });
    expect(p.verdict).toBe("noTarget");
    expect(p.rateBp).toBeNull();
    expect(p.expectedToDate).toBeNull();
    expectNoNaN(p);
  });

  it("is met or missed once ended, with the whole period elapsed", () => {
    const met = pace({ ...KOTONA, value: 375, today: "2028-05-01" });
    expect(met.verdict).toBe("met");
    expect(met.elapsedDays).toBe(1096);
    expect(met.elapsedBp).toBe(10_000);
    expect(met.expectedToDate).toBe(375);
    expect(met.projectedEnd).toBe(375);
    expect(met.rateBp).toBe(10_000);

    const over = pace({ ...KOTONA, value: 400, today: "2030-01-01" });
    expect(over.verdict).toBe("met");
    expect(over.elapsedBp).toBe(10_000);

    const missed = pace({ ...KOTONA, value: 374, today: "2028-05-01" });
    expect(missed.verdict).toBe("missed");
    expect(missed.elapsedBp).toBe(10_000);

    const empty = pace({ ...KOTONA, value: 0, entryCount: 0, today: "2028-05-01" });
    expect(empty.verdict).toBe("missed");
    expect(empty.projectedEnd).toBeNull();
    for (const p of [met, over, missed, empty]) expectNoNaN(p);
  });

  it("has no entries while running without any", () => {
    const p = pace({ ...KOTONA, value: 0, entryCount: 0, today: "2026-05-20" });
    expect(p.verdict).toBe("noEntries");
    expect(p.projectedEnd).toBeNull();
    expect(p.expectedToDate).toBe(132);
    expect(p.rateBp).toBe(0);
    expectNoNaN(p);
  });

  it("has no target when none is set (null or 0), and no rate", () => {
    for (const target of [null, 0]) {
      const p = pace({ ...KOTONA, target, today: "2026-05-20" });
      expect(p.verdict).toBe("noTarget");
      expect(p.rateBp).toBeNull();
      expect(p.expectedToDate).toBeNull();
      expect(p.projectedEnd).toBe(544);
      expectNoNaN(p);
    }
    expect(pace({ ...KOTONA, target: null, today: "2028-05-01" }).verdict).toBe("noTarget");
  });

  it("is met while running once the target is reached", () => {
    expect(pace({ ...KOTONA, value: 375, today: "2025-06-01" }).verdict).toBe("met");
  });
});

describe("pace: the tolerance boundaries are strict", () => {
  // 100 days (1.1.–10.4.2025), 50 elapsed on 19.2.2025, target 1000 → 500 expected by today.
  const base = { target: 1000, entryCount: 1, start: "2025-01-01", end: "2025-04-10", today: "2025-02-19" };

  it("has 100 days, 50 elapsed and 500 expected", () => {
    const p = pace({ ...base, value: 500 });
    expect(p.periodDays).toBe(100);
    expect(p.elapsedDays).toBe(50);
    expect(p.expectedToDate).toBe(500);
    expect(p.verdict).toBe("onTrack");
    expect(PACE_TOLERANCE_PERCENT).toBe(10);
  });

  it.each([
    [449, "behind"],
    [450, "onTrack"], // exactly 90 %
    [550, "onTrack"], // exactly 110 %
    [551, "ahead"],
  ] as const)("%i of 500 expected is %s", (value, verdict) => {
    expect(pace({ ...base, value }).verdict).toBe(verdict);
  });

  it("compares exactly, without rounding the expected value (Kotona on 5.12.2026)", () => {
    // 375 × 584 × 90 / (1096 × 100) = 179.84…: 179 is behind, 180 on track.
    const k = { ...KOTONA, today: "2026-12-05" };
    expect(pace({ ...k, value: 179 }).verdict).toBe("behind");
    expect(pace({ ...k, value: 180 }).verdict).toBe("onTrack");
    // 375 × 584 × 110 / (1096 × 100) = 219.80…: 219 on track, 220 ahead.
    expect(pace({ ...k, value: 219 }).verdict).toBe("onTrack");
    expect(pace({ ...k, value: 220 }).verdict).toBe("ahead");
  });
});

describe("outcomeRate", () => {
  it("is met for FLOW: 100 of 121 = 82.6 % against 70 %", () => {
    expect(outcomeRate(100, 121, 7000)).toEqual({ rateBp: 8264, verdict: "met" });
  });

  it("is below the target under it, met exactly at it", () => {
    expect(outcomeRate(80, 121, 7000)).toEqual({ rateBp: 6612, verdict: "below" }); // 66.1 %
    expect(outcomeRate(84, 121, 7000)).toEqual({ rateBp: 6942, verdict: "below" }); // 69.4 %
    expect(outcomeRate(85, 121, 7000)).toEqual({ rateBp: 7025, verdict: "met" });
    expect(outcomeRate(7, 10, 7000)).toEqual({ rateBp: 7000, verdict: "met" });
  });

  it("is exact where the rounded rate would mislead", () => {
    // 6999.5 bp rounds to 7000 but is below 70 %.
    expect(outcomeRate(13_999, 20_000, 7000)).toEqual({ rateBp: 7000, verdict: "below" });
  });

  it("has no entries when nobody is reached", () => {
    expect(outcomeRate(0, 0, 7000)).toEqual({ rateBp: null, verdict: "noEntries" });
  });

  it("has no target without one", () => {
    expect(outcomeRate(100, 121, null)).toEqual({ rateBp: 8264, verdict: "noTarget" });
    expect(outcomeRate(0, 0, null)).toEqual({ rateBp: null, verdict: "noTarget" });
  });
});

describe("genderShares", () => {
  it("gives the shares of those reported: 111 women of 191 = 58.1 %", () => {
    expect(genderShares({ women: 111, men: 80, other: 0, reported: 191 })).toEqual({ womenBp: 5812, menBp: 4188, otherBp: 0 });
  });

  it("counts only those reported", () => {
    expect(genderShares({ women: 1, men: 2, other: 1, reported: 4 })).toEqual({ womenBp: 2500, menBp: 5000, otherBp: 2500 });
  });

  it("is null when nobody's gender was reported", () => {
    expect(genderShares({ women: 0, men: 0, other: 0, reported: 0 })).toBeNull();
  });
});
