/**
 * Unit tests of change requests: the decision rules (one decision per request, approval only
 * on the current base version, conditions settled once), the plan diff (SUMMIT's original plan
 * against the proposal of the agenda's § 14, line matching, split comparison), the change kinds
 * a diff implies, and the yearly effect (money moved between years with no change in total, a
 * new period across the leap year 2028, the city's totals with other projects present).
 */
import { describe, expect, it } from "vitest";
import { commitmentsByYear, commitmentYears, planByYear, type CommitmentData, type PlanData, type PlanLineData } from "./plan";
import { splitOverPeriod } from "./split";
import {
  CHANGE_KINDS,
  DECIDED_BY,
  REQUEST_TRANSITIONS,
  canRecord,
  canWithdraw,
  checkDecision,
  commitmentStatusAfterDecision,
  compareRequestsOldestFirst,
  diffPlans,
  impliedChangeKinds,
  isStale,
  proposalInForce,
  requestOutcome,
  snapshotCommitmentYears,
  yearlyEffect,
  type DecisionAction,
  type DecisionSubject,
  type FieldChange,
  type PlanSnapshot,
  type SnapshotCommitment,
} from "./change-request";

/* ---------- fixtures ---------- */

const ELINVOIMA = 1; // funder
const EMPLOYMENT = 2; // city unit: employment services
const KAUKAMETSA = 3; // city unit: adult education centre
const HAKA = 4; // association
const CITY = new Set([EMPLOYMENT, KAUKAMETSA]);
const names = new Map([
  [ELINVOIMA, "Pohjois-Suomen elinvoimakeskus"],
  [EMPLOYMENT, "Työllisyys- ja kansainvälisyyspalvelut"],
  [KAUKAMETSA, "Kaukametsän opisto"],
  [HAKA, "Kajaanin Haka ry"],
]);

let keys = 0;
function line(side: PlanLineData["side"], kind: PlanLineData["kind"], amountCents: number, extra: Partial<PlanLineData> = {}): PlanLineData {
  const organisationId = extra.organisationId ?? null;
  return {
    key: `l${++keys}`,
    side,
    kind,
    organisationId,
    organisationIsCity: organisationId !== null && CITY.has(organisationId),
    label: "",
    amountCents,
    statedPercentBp: null,
    staffHoursCenti: null,
    hourlyRateCents: null,
    entered: null,
    ...extra,
  };
}

function plan(p: Partial<PlanData> = {}): PlanData {
  return { start: "2026-04-01", end: "2028-03-30", totalBudgetCents: 0, costModel: "flat_40", flatRateBp: 4000, lines: [], implementers: [], ...p };
}

function commitment(c: Partial<SnapshotCommitment> & Pick<CommitmentData, "organisationId" | "amountCents">): SnapshotCommitment {
  return {
    key: `c${++keys}`,
    conditionStatus: "none",
    decisionBody: "Työllisyys- ja kansainvälisyysjaosto",
    decisionDate: "2025-06-01",
    decisionSection: "",
    entered: null,
    ...c,
  };
}

/** SUMMIT's original plan as the agenda's § 14 states it (and the demo data holds it). */
const SUMMIT_NAME = "Summit – Kohti koulutusta, kohti työelämää";
function summitCurrent(): PlanSnapshot {
  return {
    plan: plan({
      totalBudgetCents: 52_000_000,
      lines: [
        line("financing", "esr", 41_600_000, { organisationId: ELINVOIMA, statedPercentBp: 8000, label: "Suunniteltu ESR-rahoitus" }),
        line("financing", "own", 10_400_000, { organisationId: EMPLOYMENT, statedPercentBp: 2000, label: "Jaoston myöntämä omarahoitusosuus" }),
      ],
      implementers: [{ organisationId: HAKA, role: "lead", budgetCents: 52_000_000 }],
    }),
    commitments: [commitment({ organisationId: EMPLOYMENT, amountCents: 5_500_000, conditionText: "" })],
    project: { name: SUMMIT_NAME, shortName: "SUMMIT", targetGroup: "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään" },
  };
}

/**
 * The association's proposal: start at the end of 2026, run a year longer, 504 000 € in total,
 * ESR 80 % = 403 200 €, own funding 20 % = 100 800 € of which the city's employment services
 * 82 500 € (conditional on ESR funding), NEET youth as the target group.
 */
function summitProposed(): PlanSnapshot {
  return {
    plan: plan({
      start: "2026-11-01",
      end: "2029-10-31",
      totalBudgetCents: 50_400_000,
      lines: [
        line("financing", "esr", 40_320_000, { organisationId: ELINVOIMA, statedPercentBp: 8000, label: "Suunniteltu ESR-rahoitus" }),
        line("financing", "own", 8_250_000, { organisationId: EMPLOYMENT, label: "Jaoston myöntämä omarahoitusosuus" }),
        line("financing", "own", 1_830_000, { organisationId: HAKA, label: "Yhdistyksen omarahoitus" }),
      ],
      implementers: [{ organisationId: HAKA, role: "lead", budgetCents: 50_400_000 }],
    }),
    commitments: [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 8_250_000,
        conditionStatus: "pending",
        conditionText: "ESR-rahoituksen myöntyminen",
        decisionDate: null,
      }),
    ],
    project: { name: SUMMIT_NAME, shortName: "SUMMIT", targetGroup: "NEET-nuoret (15–29-vuotiaat, jotka eivät ole työssä eivätkä koulutuksessa)" },
  };
}

const byField = (fields: readonly FieldChange[], field: string) => fields.find((f) => f.field === field);

/* ---------- vocabulary and decisions ---------- */

describe("vocabulary", () => {
  it("names the change kinds and who decides each direction", () => {
    expect(CHANGE_KINDS).toEqual([
      "postpone_start",
      "extend",
      "shorten",
      "budget",
      "financing_plan",
      "city_cofinancing",
      "target_group",
      "name",
      "staff_hours",
      "other",
    ]);
    expect(DECIDED_BY).toEqual({ grantee_to_city: "city", city_to_funder: "funder" });
  });

  it("lets only a pending request be decided", () => {
    expect(REQUEST_TRANSITIONS.pending).toEqual(["approved", "approved_conditionally", "rejected", "withdrawn"]);
    for (const s of ["approved", "approved_conditionally", "rejected", "withdrawn"] as const) expect(REQUEST_TRANSITIONS[s]).toEqual([]);
    expect(canWithdraw({ state: "pending" })).toBe(true);
    for (const s of ["approved", "approved_conditionally", "rejected", "withdrawn"] as const) expect(canWithdraw({ state: s })).toBe(false);
    expect(canRecord({ state: "withdrawn", conditionState: null }, { action: "decide", outcome: "approved" })).toBe(false);
    expect(canRecord({ state: "pending", conditionState: null }, { action: "decide", outcome: "rejected" })).toBe(true);
    expect(canRecord({ state: "rejected", conditionState: null }, { action: "decide", outcome: "approved" })).toBe(false);
    expect(canRecord({ state: "approved_conditionally", conditionState: "pending" }, { action: "settle_condition", outcome: "met" })).toBe(true);
    expect(canRecord({ state: "approved_conditionally", conditionState: "met" }, { action: "settle_condition", outcome: "failed" })).toBe(false);
    expect(canRecord({ state: "approved", conditionState: null }, { action: "settle_condition", outcome: "met" })).toBe(false);
  });

  it("tells a request's standing and whether its proposal is in force", () => {
    expect(requestOutcome({ state: "pending", conditionState: null })).toBe("pending");
    expect(requestOutcome({ state: "approved_conditionally", conditionState: "pending" })).toBe("conditional");
    expect(requestOutcome({ state: "approved_conditionally", conditionState: "met" })).toBe("condition_met");
    expect(requestOutcome({ state: "approved_conditionally", conditionState: "failed" })).toBe("condition_failed");
    expect(proposalInForce({ state: "approved", conditionState: null })).toBe("yes");
    expect(proposalInForce({ state: "approved_conditionally", conditionState: "pending" })).toBe("conditional");
    expect(proposalInForce({ state: "approved_conditionally", conditionState: "met" })).toBe("yes");
    expect(proposalInForce({ state: "approved_conditionally", conditionState: "failed" })).toBe("no");
    expect(proposalInForce({ state: "rejected", conditionState: null })).toBe("no");
  });

  it("gives the proposed commitments the condition of a conditional approval", () => {
    expect(commitmentStatusAfterDecision({ state: "pending", conditionState: null }, "none")).toBeNull();
    expect(commitmentStatusAfterDecision({ state: "rejected", conditionState: null }, "none")).toBeNull();
    expect(commitmentStatusAfterDecision({ state: "approved", conditionState: null }, "none")).toBe("none");
    expect(commitmentStatusAfterDecision({ state: "approved", conditionState: null }, "pending")).toBe("pending");
    expect(commitmentStatusAfterDecision({ state: "approved_conditionally", conditionState: "pending" }, "none")).toBe("pending");
    expect(commitmentStatusAfterDecision({ state: "approved_conditionally", conditionState: "met" }, "pending")).toBe("met");
    expect(commitmentStatusAfterDecision({ state: "approved_conditionally", conditionState: "failed" }, "none")).toBe("failed");
  });

  it("marks pending requests on an old base as stale and sorts oldest first", () => {
    expect(isStale({ state: "pending", baseVersionId: 7 }, 7)).toBe(false);
    expect(isStale({ state: "pending", baseVersionId: 7 }, 8)).toBe(true);
    expect(isStale({ state: "approved", baseVersionId: 7 }, 8)).toBe(false);
    const list = [
      { id: 3, receivedDay: "2026-05-02" },
      { id: 1, receivedDay: "2026-05-02" },
      { id: 2, receivedDay: "2026-04-20" },
    ];
    expect([...list].sort(compareRequestsOldestFirst).map((r) => r.id)).toEqual([2, 1, 3]);
  });
});

describe("checkDecision", () => {
  const pending: DecisionSubject = { state: "pending", conditionState: null, baseVersionId: 10, receivedDay: "2026-04-15", decisionDay: null };
  const decide = (
    outcome: "approved" | "approved_conditionally" | "rejected",
    extra: Partial<Extract<DecisionAction, { action: "decide" }>> = {},
  ): DecisionAction => ({
    action: "decide",
    outcome,
    body: "Työllisyys- ja kansainvälisyysjaosto",
    date: "2026-05-20",
    section: "14",
    conditionText: outcome === "approved_conditionally" ? "ESR-rahoituksen myöntyminen" : "",
    ...extra,
  });
  const codes = (r: ReturnType<typeof checkDecision>) => (r.ok ? [] : r.problems.map((p) => p.code));

  it("records SUMMIT's conditional approval of 20.5.2026 (§ 14)", () => {
    expect(checkDecision(pending, 10, decide("approved_conditionally"))).toEqual({
      ok: true,
      next: { state: "approved_conditionally", conditionState: "pending" },
    });
    expect(checkDecision(pending, 10, decide("approved"))).toEqual({ ok: true, next: { state: "approved", conditionState: null } });
    expect(checkDecision(pending, 10, decide("rejected"))).toEqual({ ok: true, next: { state: "rejected", conditionState: null } });
  });

  it("refuses a second decision on a decided request", () => {
    for (const state of ["approved", "approved_conditionally", "rejected"] as const) {
      const decided: DecisionSubject = { ...pending, state, conditionState: state === "approved_conditionally" ? "pending" : null, decisionDay: "2026-05-20" };
      for (const outcome of ["approved", "approved_conditionally", "rejected"] as const) {
        expect(codes(checkDecision(decided, 10, decide(outcome)))).toEqual(["ALREADY_DECIDED"]);
      }
    }
  });

  it("approves only while the request's base version is the current one; a stale request can still be rejected", () => {
    expect(codes(checkDecision(pending, 11, decide("approved")))).toEqual(["BASE_VERSION_NOT_CURRENT"]);
    expect(codes(checkDecision(pending, 11, decide("approved_conditionally")))).toEqual(["BASE_VERSION_NOT_CURRENT"]);
    expect(codes(checkDecision(pending, null, decide("approved")))).toEqual(["BASE_VERSION_NOT_CURRENT"]);
    expect(checkDecision(pending, 11, decide("rejected")).ok).toBe(true);
  });

  it("needs the body, the date and, for a conditional approval, the condition", () => {
    const r = checkDecision(pending, 10, decide("approved_conditionally", { body: "  ", date: null, conditionText: " " }));
    expect(r).toEqual({
      ok: false,
      problems: [
        { code: "BODY_MISSING", field: "body" },
        { code: "DATE_MISSING", field: "date" },
        { code: "CONDITION_TEXT_MISSING", field: "conditionText" },
      ],
    });
    // The § may be empty (a funder's decision has none).
    expect(checkDecision(pending, 10, decide("approved", { section: "" })).ok).toBe(true);
    expect(codes(checkDecision(pending, 10, decide("approved", { date: "2026-04-14" })))).toEqual(["DATE_BEFORE_REQUEST"]);
    expect(checkDecision(pending, 10, decide("approved", { date: "2026-04-15" })).ok).toBe(true);
  });

  it("settles a conditional approval's condition once, met or failed", () => {
    const conditional: DecisionSubject = { ...pending, state: "approved_conditionally", conditionState: "pending", decisionDay: "2026-05-20" };
    // The base version need not be current any more: the approval made a new version.
    expect(checkDecision(conditional, 11, { action: "settle_condition", outcome: "met", date: "2026-09-01" })).toEqual({
      ok: true,
      next: { state: "approved_conditionally", conditionState: "met" },
    });
    expect(checkDecision(conditional, 11, { action: "settle_condition", outcome: "failed", date: "2026-09-01" })).toEqual({
      ok: true,
      next: { state: "approved_conditionally", conditionState: "failed" },
    });
    expect(codes(checkDecision({ ...conditional, conditionState: "met" }, 11, { action: "settle_condition", outcome: "failed", date: "2026-09-01" }))).toEqual([
      "CONDITION_ALREADY_SETTLED",
    ]);
    expect(codes(checkDecision(conditional, 11, { action: "settle_condition", outcome: "met", date: null }))).toEqual(["DATE_MISSING"]);
    expect(codes(checkDecision(conditional, 11, { action: "settle_condition", outcome: "met", date: "2026-05-19" }))).toEqual(["DATE_BEFORE_DECISION"]);
    expect(codes(checkDecision(pending, 10, { action: "settle_condition", outcome: "met", date: "2026-09-01" }))).toEqual(["NOT_CONDITIONAL"]);
    expect(
      codes(
        checkDecision({ ...pending, state: "approved", decisionDay: "2026-05-20" }, 11, { action: "settle_condition", outcome: "met", date: "2026-09-01" }),
      ),
    ).toEqual(["NOT_CONDITIONAL"]);
  });
});

/* ---------- the plan diff ---------- */

describe("diffPlans", () => {
  it("shows every change of SUMMIT's request (§ 14): 520 000 € → 504 000 €, 55 000 € → 82 500 €, NEET youth", () => {
    const d = diffPlans(summitCurrent(), summitProposed(), names);
    expect(d.empty).toBe(false);
    expect(d.fields).toEqual([
      { field: "start", kind: "day", before: "2026-04-01", after: "2026-11-01" },
      { field: "end", kind: "day", before: "2028-03-30", after: "2029-10-31" },
      { field: "totalBudgetCents", kind: "money", before: 52_000_000, after: 50_400_000, differenceCents: -1_600_000 },
      {
        field: "project.targetGroup",
        kind: "text",
        before: "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään",
        after: "NEET-nuoret (15–29-vuotiaat, jotka eivät ole työssä eivätkä koulutuksessa)",
      },
    ]);

    expect(d.lines.map((l) => [l.change, l.kind, l.organisationName])).toEqual([
      ["changed", "esr", "Pohjois-Suomen elinvoimakeskus"],
      ["changed", "own", "Työllisyys- ja kansainvälisyyspalvelut"],
      ["added", "own", "Kajaanin Haka ry"],
    ]);
    const [esr, city, haka] = d.lines;
    expect(esr!.fields).toEqual([{ field: "amountCents", kind: "money", before: 41_600_000, after: 40_320_000, differenceCents: -1_280_000 }]);
    expect(city!.organisationIsCity).toBe(true);
    expect(city!.fields).toEqual([
      { field: "amountCents", kind: "money", before: 10_400_000, after: 8_250_000, differenceCents: -2_150_000 },
      { field: "statedPercentBp", kind: "percent", before: 2000, after: null },
    ]);
    expect(haka!.beforeKey).toBeNull();
    expect(haka!.fields).toEqual([
      { field: "amountCents", kind: "money", before: null, after: 1_830_000, differenceCents: null },
      { field: "label", kind: "text", before: null, after: "Yhdistyksen omarahoitus" },
    ]);
    // Own funding stays 20 %: 82 500 € + 18 300 € = 100 800 €.
    expect(8_250_000 + 1_830_000).toBe(10_080_000);

    expect(d.implementers).toEqual([
      {
        change: "changed",
        organisationId: HAKA,
        organisationName: "Kajaanin Haka ry",
        fields: [{ field: "budgetCents", kind: "money", before: 52_000_000, after: 50_400_000, differenceCents: -1_600_000 }],
      },
    ]);
    expect(d.commitments).toHaveLength(1);
    expect(d.commitments[0]!.change).toBe("changed");
    expect(d.commitments[0]!.fields).toEqual([
      { field: "amountCents", kind: "money", before: 5_500_000, after: 8_250_000, differenceCents: 2_750_000 },
      { field: "conditionStatus", kind: "code", before: "none", after: "pending" },
      { field: "conditionText", kind: "text", before: null, after: "ESR-rahoituksen myöntyminen" },
    ]);

    expect(impliedChangeKinds(d)).toEqual(["postpone_start", "extend", "budget", "financing_plan", "city_cofinancing", "target_group"]);
  });

  it("finds nothing between a plan and its copy (with other keys, split order and zero years)", () => {
    const a = summitCurrent();
    a.plan.lines[1] = {
      ...a.plan.lines[1]!,
      entered: [
        { year: 2026, amountCents: 6_000_000 },
        { year: 2027, amountCents: 4_400_000 },
      ],
    };
    const b: PlanSnapshot = {
      ...a,
      plan: {
        ...a.plan,
        lines: a.plan.lines.map((l) => ({
          ...l,
          key: `${l.key}-copy`,
          entered: l.entered && [...l.entered, { year: 2028, amountCents: 0 }].reverse(),
        })),
      },
      commitments: a.commitments.map((c) => ({ ...c, key: "other", decisionDate: "2026-05-20" })),
    };
    const d = diffPlans(a, b);
    expect(d).toEqual({ fields: [], lines: [], implementers: [], commitments: [], empty: true });
    expect(impliedChangeKinds(d)).toEqual([]);
  });

  it("matches a line whose label changed, and tells lines of one kind and organisation apart by label", () => {
    const before: PlanSnapshot = {
      plan: plan({
        costModel: "actual",
        lines: [
          line("cost", "purchased", 100_000, { label: "Tilavuokrat" }),
          line("cost", "purchased", 200_000, { label: "Koulutukset" }),
          line("cost", "other", 50_000, { label: "Matkat" }),
        ],
      }),
      commitments: [],
    };
    const after: PlanSnapshot = {
      plan: plan({
        costModel: "actual",
        lines: [
          line("cost", "purchased", 250_000, { label: "Koulutukset" }),
          line("cost", "purchased", 100_000, { label: "Tilavuokrat" }),
          line("cost", "other", 50_000, { label: "Matka- ja majoituskulut" }),
        ],
      }),
      commitments: [],
    };
    const d = diffPlans(before, after);
    expect(d.lines.map((l) => [l.change, l.kind, l.label, l.fields.map((f) => f.field)])).toEqual([
      ["changed", "purchased", "Koulutukset", ["amountCents"]],
      ["changed", "other", "Matka- ja majoituskulut", ["label"]],
    ]);
    expect(impliedChangeKinds(d)).toEqual(["financing_plan"]);

    const removed = diffPlans(before, { ...after, plan: { ...after.plan, lines: after.plan.lines.slice(0, 2) } });
    expect(removed.lines.at(-1)).toMatchObject({
      change: "removed",
      kind: "other",
      label: "Matkat",
      afterKey: null,
      fields: [
        { field: "amountCents", before: 50_000, after: null },
        { field: "label", before: "Matkat", after: null },
      ],
    });
  });

  it("derives shorten, name, staff hours and other", () => {
    const staff = (hours: number) => line("cost", "staff", 0, { key: "s", staffHoursCenti: hours, hourlyRateCents: 3500 });
    const a: PlanSnapshot = { plan: plan({ lines: [staff(172_000)] }), commitments: [], project: { name: "Vanha", shortName: "V" } };
    const b: PlanSnapshot = {
      plan: plan({ start: "2026-03-01", end: "2027-12-31", lines: [staff(86_000)] }),
      commitments: [],
      project: { name: "Uusi", shortName: "V" },
    };
    const d = diffPlans(a, b);
    expect(byField(d.fields, "project.name")).toEqual({ field: "project.name", kind: "text", before: "Vanha", after: "Uusi" });
    expect(byField(d.fields, "project.shortName")).toBeUndefined();
    expect(d.lines[0]!.fields).toEqual([{ field: "staffHoursCenti", kind: "hours", before: 172_000, after: 86_000 }]);
    expect(impliedChangeKinds(d)).toEqual(["shorten", "financing_plan", "name", "staff_hours", "other"]);
  });

  it("compares the project's fields only when both sides give them", () => {
    const a = summitCurrent();
    const b = { ...summitCurrent(), project: undefined };
    expect(diffPlans(a, b).empty).toBe(true);
    expect(diffPlans(a, { ...a, project: { targetGroup: " NEET-nuoret " } }).fields).toEqual([
      { field: "project.targetGroup", kind: "text", before: "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään", after: "NEET-nuoret" },
    ]);
  });
});

/* ---------- the yearly effect ---------- */

describe("yearlyEffect", () => {
  it("moves money between years without changing the total", () => {
    const current = summitCurrent();
    current.plan.lines[1] = {
      ...current.plan.lines[1]!,
      entered: [
        { year: 2026, amountCents: 6_000_000 },
        { year: 2027, amountCents: 3_400_000 },
        { year: 2028, amountCents: 1_000_000 },
      ],
    };
    current.commitments = [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 5_500_000,
        entered: [
          { year: 2026, amountCents: 4_000_000 },
          { year: 2027, amountCents: 1_500_000 },
        ],
      }),
    ];
    const proposed: PlanSnapshot = {
      ...current,
      plan: {
        ...current.plan,
        lines: current.plan.lines.map((l, i) =>
          i === 1
            ? {
                ...l,
                entered: [
                  { year: 2026, amountCents: 2_000_000 },
                  { year: 2027, amountCents: 6_400_000 },
                  { year: 2028, amountCents: 2_000_000 },
                ],
              }
            : l,
        ),
      },
      commitments: [
        commitment({
          organisationId: EMPLOYMENT,
          amountCents: 5_500_000,
          entered: [
            { year: 2026, amountCents: 1_500_000 },
            { year: 2027, amountCents: 4_000_000 },
          ],
        }),
      ],
    };

    const d = diffPlans(current, proposed);
    expect(d.fields).toEqual([]);
    expect(d.commitments[0]!.fields).toEqual([
      {
        field: "years",
        kind: "split",
        before: [
          { year: 2026, amountCents: 4_000_000 },
          { year: 2027, amountCents: 1_500_000 },
        ],
        after: [
          { year: 2026, amountCents: 1_500_000 },
          { year: 2027, amountCents: 4_000_000 },
        ],
      },
    ]);
    expect(d.lines.map((l) => l.fields.map((f) => f.field))).toEqual([["years"]]);
    expect(impliedChangeKinds(d)).toEqual(["financing_plan", "city_cofinancing"]);

    const e = yearlyEffect(current, proposed);
    expect(e.commitments.map((y) => [y.year, y.before.confirmedCents, y.after.confirmedCents, y.differenceCents])).toEqual([
      [2026, 4_000_000, 1_500_000, -2_500_000],
      [2027, 1_500_000, 4_000_000, 2_500_000],
    ]);
    expect(e.commitmentTotals.differenceCents).toBe(0);
    expect(e.commitmentTotals.before.totalCents).toBe(5_500_000);
    // The plan's own line moved too: 4 000 000 cents out of 2026, into 2027 (3 000 000) and 2028 (1 000 000).
    expect(e.plan.map((y) => [y.year, y.cityDifferenceCents])).toEqual([
      [2026, -4_000_000],
      [2027, 3_000_000],
      [2028, 1_000_000],
    ]);
    expect(e.plan.map((y) => y.differenceCents)).toEqual([-4_000_000, 3_000_000, 1_000_000]);
    expect(e.planTotals.differenceCents).toBe(0);
    expect(e.planTotals.cityDifferenceCents).toBe(0);
    expect(e.planTotals.beforeCents).toBe(52_000_000);
  });

  it("follows SUMMIT's new period across the leap year 2028, cent by cent", () => {
    // Before: 55 000 € over 1.4.2026–30.3.2028 = 275 + 365 + 90 days (29.2.2028 included) = 730.
    // After: 82 500 € over 1.11.2026–31.10.2029 = 61 + 365 + 366 + 304 days = 1 096.
    const e = yearlyEffect(summitCurrent(), summitProposed());
    expect(
      e.commitments.map((y) => [
        y.year,
        y.before.confirmedCents,
        y.before.conditionalCents,
        y.after.confirmedCents,
        y.after.conditionalCents,
        y.differenceCents,
      ]),
    ).toEqual([
      [2026, 2_071_918, 0, 0, 459_170, -1_612_748],
      [2027, 2_750_000, 0, 0, 2_747_491, -2_509],
      [2028, 678_082, 0, 0, 2_755_018, 2_076_936],
      [2029, 0, 0, 0, 2_288_321, 2_288_321],
    ]);
    // The split rule of plan.ts, the same for the yearly tables and for this view.
    expect(splitOverPeriod(8_250_000, "2026-11-01", "2029-10-31").map((y) => y.amountCents)).toEqual([459_170, 2_747_491, 2_755_018, 2_288_321]);
    expect(e.commitmentTotals).toEqual({
      before: { confirmedCents: 5_500_000, conditionalCents: 0, totalCents: 5_500_000 },
      after: { confirmedCents: 0, conditionalCents: 8_250_000, totalCents: 8_250_000 },
      differenceCents: 2_750_000,
      confirmedDifferenceCents: -5_500_000,
      conditionalDifferenceCents: 8_250_000,
    });
    expect(e.city).toBeNull();

    // The plan's yearly totals: each line split on its own, summed per year.
    expect(e.plan.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029]);
    expect(e.planTotals).toMatchObject({
      beforeCents: 52_000_000,
      afterCents: 50_400_000,
      differenceCents: -1_600_000,
      cityBeforeCents: 10_400_000,
      cityAfterCents: 8_250_000,
    });
    const esrAfter = splitOverPeriod(40_320_000, "2026-11-01", "2029-10-31");
    const cityAfter = splitOverPeriod(8_250_000, "2026-11-01", "2029-10-31");
    const hakaAfter = splitOverPeriod(1_830_000, "2026-11-01", "2029-10-31");
    e.plan.forEach((y, i) => {
      expect(y.afterCents).toBe(esrAfter[i]!.amountCents + cityAfter[i]!.amountCents + hakaAfter[i]!.amountCents);
      expect(y.cityAfterCents).toBe(cityAfter[i]!.amountCents);
    });
    expect(e.plan[3]!.beforeCents).toBe(0);
    expect(e.planBefore).toEqual(planByYear(summitCurrent().plan).years);
    expect(e.planAfter.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029]);
  });

  it("counts an approval on a condition as conditional, whatever the proposal says", () => {
    const proposed = summitProposed();
    proposed.commitments = proposed.commitments.map((c) => ({ ...c, conditionStatus: "none" }));
    expect(yearlyEffect(summitCurrent(), proposed).commitmentTotals.after).toEqual({ confirmedCents: 8_250_000, conditionalCents: 0, totalCents: 8_250_000 });
    expect(yearlyEffect(summitCurrent(), proposed, { proposedAs: "conditional" }).commitmentTotals.after).toEqual({
      confirmedCents: 0,
      conditionalCents: 8_250_000,
      totalCents: 8_250_000,
    });
    expect(snapshotCommitmentYears(proposed, "conditional").every((y) => y.confirmedCents === 0)).toBe(true);
  });

  it("gives the city's total commitment per year if the request is approved, with other projects present", () => {
    // OTE: 21 000 € per unit "over 2027–2029" (as the agenda has it), conditional on ESR+ funding.
    const otePeriod = { start: "2027-01-01", end: "2028-12-31" };
    const oteSplit = [2027, 2028, 2029].map((year) => ({ year, amountCents: 700_000 }));
    // Kotona Kajaanissa: the city's own share, confirmed, with an explicit split.
    const kotonaPeriod = { start: "2025-05-01", end: "2028-04-30" };
    const kotonaSplit = [
      { year: 2025, amountCents: 3_000_000 },
      { year: 2026, amountCents: 5_000_000 },
      { year: 2027, amountCents: 5_000_000 },
      { year: 2028, amountCents: 2_000_000 },
    ];
    const summit = summitCurrent();
    const summitPeriod = { start: summit.plan.start, end: summit.plan.end };
    const portfolio = [
      { conditionStatus: "pending" as const, years: commitmentYears({ amountCents: 2_100_000, entered: oteSplit }, otePeriod) },
      { conditionStatus: "pending" as const, years: commitmentYears({ amountCents: 2_100_000, entered: oteSplit }, otePeriod) },
      { conditionStatus: "none" as const, years: commitmentYears({ amountCents: 15_000_000, entered: kotonaSplit }, kotonaPeriod) },
      // A commitment whose condition failed counts for nothing, before and after.
      { conditionStatus: "failed" as const, years: commitmentYears({ amountCents: 9_900_000, entered: null }, kotonaPeriod) },
      ...summit.commitments.map((c) => ({ conditionStatus: c.conditionStatus, years: commitmentYears(c, summitPeriod) })),
    ];
    const cityTotals = commitmentsByYear(portfolio);
    expect(cityTotals).toEqual([
      { year: 2025, confirmedCents: 3_000_000, conditionalCents: 0 },
      { year: 2026, confirmedCents: 7_071_918, conditionalCents: 0 },
      { year: 2027, confirmedCents: 7_750_000, conditionalCents: 1_400_000 },
      { year: 2028, confirmedCents: 2_678_082, conditionalCents: 1_400_000 },
      { year: 2029, confirmedCents: 0, conditionalCents: 1_400_000 },
    ]);

    const e = yearlyEffect(summit, summitProposed(), { cityTotals });
    expect(e.city!.map((y) => [y.year, y.after.confirmedCents, y.after.conditionalCents, y.after.totalCents, y.differenceCents])).toEqual([
      [2025, 3_000_000, 0, 3_000_000, 0],
      [2026, 5_000_000, 459_170, 5_459_170, -1_612_748],
      [2027, 5_000_000, 4_147_491, 9_147_491, -2_509],
      [2028, 2_000_000, 4_155_018, 6_155_018, 2_076_936],
      [2029, 0, 3_688_321, 3_688_321, 2_288_321],
    ]);
    expect(e.city!.map((y) => y.before.totalCents)).toEqual([3_000_000, 7_071_918, 9_150_000, 4_078_082, 1_400_000]);
    // The whole portfolio changes by exactly what this project changes.
    expect(e.cityTotals!.differenceCents).toBe(e.commitmentTotals.differenceCents);
    expect(e.cityTotals!.differenceCents).toBe(2_750_000);
    // The project's own table keeps to its own years.
    expect(e.commitments.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029]);
  });

  it("refuses city totals that do not contain the project's current commitments", () => {
    const without = [{ year: 2026, confirmedCents: 1_000_000, conditionalCents: 0 }];
    expect(() => yearlyEffect(summitCurrent(), summitProposed(), { cityTotals: without })).toThrow(RangeError);
  });

  it("keeps a rejected or empty proposal at no difference", () => {
    const e = yearlyEffect(summitCurrent(), summitCurrent(), { cityTotals: snapshotCommitmentYears(summitCurrent()) });
    expect(e.commitments.every((y) => y.differenceCents === 0)).toBe(true);
    expect(e.city!.every((y) => y.differenceCents === 0 && y.after.totalCents === y.before.totalCents)).toBe(true);
    expect(e.plan.every((y) => y.differenceCents === 0)).toBe(true);
  });
});
