import { describe, expect, it } from "vitest";
import { projectPhase } from "./phase";

describe("projectPhase", () => {
  it("counts the days to the start, the days left (today included) and the days since the end", () => {
    expect(projectPhase("2026-11-01", "2029-10-31", "2026-10-30")).toEqual({ kind: "not_started", daysToStart: 2 });
    expect(projectPhase("2026-11-01", "2029-10-31", "2026-11-01")).toEqual({ kind: "running", daysLeft: 1096, elapsedShare: 0 });
    expect(projectPhase("2026-11-01", "2029-10-31", "2029-10-31")).toMatchObject({ kind: "running", daysLeft: 1 });
    expect(projectPhase("2026-11-01", "2029-10-31", "2029-11-01")).toEqual({ kind: "ended", daysSinceEnd: 1 });
  });

  it("gives the share of the period elapsed, never below 0 or above 1", () => {
    const p = projectPhase("2026-01-01", "2026-12-31", "2026-07-02");
    expect(p.kind).toBe("running");
    if (p.kind === "running") expect(p.elapsedShare).toBeCloseTo(182 / 365, 10);
    expect(projectPhase("2026-05-01", "2026-05-01", "2026-05-01")).toEqual({ kind: "running", daysLeft: 1, elapsedShare: 0 });
  });
});
