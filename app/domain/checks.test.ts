/**
 * Unit tests of the consistency checks: every warning code comes from a minimal case of its own
 * and from nothing in a consistent plan; the agenda's own contradictions (OTE's 2027–2029,
 * SUMMIT's 104 000 € against 55 000 €) are caught; rounding of derived yearly amounts is never
 * taken for a mismatch.
 */
import { seededRandom as rng } from "./random";
import { describe, expect, it } from "vitest";
import { applyRate } from "./money";
import { applyCostModel, type CommitmentData, type PlanData, type PlanLineData } from "./plan";
import { WARNING_CODES, checkPlan, statedPercentMatches, type CheckContext, type Warning, type WarningCode } from "./checks";

/* ---------- fixtures ---------- */

const ELINVOIMA = 1;
const EMPLOYMENT = 2; // city unit
const KAUKAMETSA = 3; // city unit
const HAKA = 4; // association
const CITY = 5;

const ctx: CheckContext = {
  names: new Map([
    [ELINVOIMA, "Pohjois-Suomen elinvoimakeskus"],
    [EMPLOYMENT, "Työllisyys- ja kansainvälisyyspalvelut"],
    [KAUKAMETSA, "Kaukametsän opisto"],
    [HAKA, "Kajaanin Haka ry"],
    [CITY, "Kajaanin kaupunki"],
  ]),
  cityOrganisationIds: new Set([CITY, EMPLOYMENT, KAUKAMETSA]),
};

const SUMMIT_PERIOD = { start: "2026-04-01", end: "2028-03-30" };

let keys = 0;
function line(side: PlanLineData["side"], kind: PlanLineData["kind"], amountCents: number, extra: Partial<PlanLineData> = {}): PlanLineData {
  const organisationId = extra.organisationId ?? null;
  return {
    key: `l${++keys}`,
    side,
    kind,
    organisationId,
    organisationIsCity: organisationId !== null && ctx.cityOrganisationIds.has(organisationId),
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
  return { ...SUMMIT_PERIOD, totalBudgetCents: 0, costModel: "flat_40", flatRateBp: 4000, lines: [], implementers: [], ...p };
}

function commitment(c: Partial<CommitmentData> & Pick<CommitmentData, "organisationId" | "amountCents">): CommitmentData {
  return {
    key: `c${++keys}`,
    conditionStatus: "none",
    decisionBody: "Työllisyys- ja kansainvälisyysjaosto",
    decisionDate: "2026-05-20",
    decisionSection: "14",
    entered: null,
    ...c,
  };
}

const codes = (ws: Warning[]) => ws.map((w) => w.code);
const check = (p: PlanData, cs: CommitmentData[] = []) => checkPlan(p, cs, ctx);

/**
 * A consistent plan: 100 000 € of staff costs under the 40 % flat rate (issue 9), financed 80 % by
 * ESR and 20 % by the city's employment services, which committed exactly that; all yearly
 * amounts derived with the split rule.
 */
function consistent(): { plan: PlanData; commitments: CommitmentData[] } {
  const p = applyCostModel(
    plan({
      totalBudgetCents: 14_000_000,
      lines: [
        line("cost", "staff", 10_000_000),
        line("financing", "esr", 11_200_000, { organisationId: ELINVOIMA, statedPercentBp: 8000 }),
        line("financing", "own", 2_800_000, { organisationId: EMPLOYMENT, statedPercentBp: 2000 }),
      ],
      implementers: [{ organisationId: HAKA, role: "lead", budgetCents: 14_000_000 }],
    }),
  );
  return { plan: p, commitments: [commitment({ organisationId: EMPLOYMENT, amountCents: 2_800_000 })] };
}

/* ---------- every code from a minimal case ---------- */

const minimal: Record<WarningCode, () => Warning[]> = {
  FINANCING_TOTAL_MISMATCH: () => check(plan({ totalBudgetCents: 200, lines: [line("financing", "own", 100)] })),
  PERCENT_MISMATCH: () => check(plan({ totalBudgetCents: 100_000, lines: [line("financing", "own", 100_000, { statedPercentBp: 9000 })] })),
  COMMITMENT_YEAR_OUTSIDE_PERIOD: () =>
    check(plan(), [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 300,
        entered: [
          { year: 2026, amountCents: 100 },
          { year: 2028, amountCents: 100 },
          { year: 2029, amountCents: 100 },
        ],
      }),
    ]),
  LINE_YEAR_OUTSIDE_PERIOD: () =>
    check(plan({ totalBudgetCents: 100, lines: [line("financing", "own", 100, { entered: [{ year: 2025, amountCents: 100 }] })] })),
  IMPLEMENTER_SHARES_EXCEED_TOTAL: () =>
    check(
      plan({
        totalBudgetCents: 100,
        implementers: [
          { organisationId: HAKA, role: "lead", budgetCents: 60 },
          { organisationId: EMPLOYMENT, role: "co", budgetCents: 41 },
        ],
      }),
    ),
  COMMITMENT_WITHOUT_DECISION: () => check(plan(), [commitment({ organisationId: EMPLOYMENT, amountCents: 100, decisionBody: "", decisionDate: null })]),
  COSTS_FINANCING_MISMATCH: () =>
    check(plan({ costModel: "actual", flatRateBp: null, totalBudgetCents: 200, lines: [line("cost", "other", 100), line("financing", "own", 200)] })),
  COSTS_FINANCING_MISMATCH_YEAR: () =>
    check(
      plan({
        costModel: "actual",
        flatRateBp: null,
        totalBudgetCents: 1000,
        lines: [line("cost", "other", 1000, { entered: [{ year: 2027, amountCents: 1000 }] }), line("financing", "own", 1000)],
      }),
    ),
  ESR_RATE_VARIES: () =>
    check(
      plan({ totalBudgetCents: 1000, lines: [line("financing", "esr", 800, { entered: [{ year: 2027, amountCents: 800 }] }), line("financing", "own", 200)] }),
    ),
  FLAT_RATE_MISMATCH: () => check(plan({ lines: [line("cost", "staff", 1000), line("cost", "flat_rate", 300)] })),
  COST_KIND_NOT_IN_MODEL: () => check(plan({ lines: [line("cost", "purchased", 1000)] })),
  CITY_FINANCING_COMMITMENT_MISMATCH: () =>
    check(plan({ totalBudgetCents: 1000, lines: [line("financing", "own", 1000, { organisationId: EMPLOYMENT })] }), [
      commitment({ organisationId: EMPLOYMENT, amountCents: 999 }),
    ]),
  CITY_FINANCING_COMMITMENT_MISMATCH_YEAR: () =>
    check(plan({ totalBudgetCents: 1000, lines: [line("financing", "own", 1000, { organisationId: EMPLOYMENT })] }), [
      commitment({ organisationId: EMPLOYMENT, amountCents: 1000, entered: [{ year: 2027, amountCents: 1000 }] }),
    ]),
};

describe("checkPlan: each warning from a minimal case", () => {
  it("has a minimal case for every code", () => {
    expect(Object.keys(minimal).sort()).toEqual([...WARNING_CODES].sort());
  });

  it.each(WARNING_CODES.map((c) => [c]))("%s comes from its minimal case, alone", (code) => {
    const ws = minimal[code]();
    expect(ws.length).toBeGreaterThan(0);
    expect(new Set(codes(ws))).toEqual(new Set([code]));
  });

  it("an empty plan has nothing to warn about", () => {
    expect(check(plan())).toEqual([]);
  });
});

describe("checkPlan: a consistent plan has no warnings", () => {
  it("100 000 € staff + 40 % flat rate = 140 000 €, 80 % ESR, 20 % committed by the city", () => {
    const { plan: p, commitments } = consistent();
    expect(check(p, commitments)).toEqual([]);
  });

  it("SUMMIT's plan with the commitment matching its own funding", () => {
    const p = plan({
      totalBudgetCents: 52_000_000,
      lines: [
        line("financing", "esr", 41_600_000, { organisationId: ELINVOIMA, statedPercentBp: 8000 }),
        line("financing", "own", 10_400_000, { organisationId: EMPLOYMENT, statedPercentBp: 2000 }),
      ],
      implementers: [{ organisationId: HAKA, role: "lead", budgetCents: 52_000_000 }],
    });
    expect(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 10_400_000 })])).toEqual([]);
  });

  it("entered yearly amounts that agree with each other", () => {
    const years = (a: number, b: number) => [
      { year: 2027, amountCents: a },
      { year: 2028, amountCents: b },
    ];
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      costModel: "actual",
      flatRateBp: null,
      totalBudgetCents: 1_000_000,
      lines: [
        line("cost", "staff", 700_000, { entered: years(300_000, 400_000) }),
        line("cost", "other", 300_000, { entered: years(100_000, 200_000) }),
        line("financing", "esr", 800_000, { entered: years(320_000, 480_000) }),
        line("financing", "own", 200_000, { organisationId: EMPLOYMENT, entered: years(80_000, 120_000) }),
      ],
    });
    expect(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 200_000, entered: years(80_000, 120_000) })])).toEqual([]);
  });

  it("a failed commitment beside a matching one does not count", () => {
    const { plan: p, commitments } = consistent();
    expect(check(p, [...commitments, commitment({ organisationId: EMPLOYMENT, amountCents: 999_999, conditionStatus: "failed" })])).toEqual([]);
  });

  it("a pending commitment counts like a confirmed one", () => {
    const { plan: p } = consistent();
    expect(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 2_800_000, conditionStatus: "pending" })])).toEqual([]);
  });
});

/* ---------- consistent plans generated at random: no warning from rounding ---------- */

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("checkPlan: rounding of derived yearly amounts is not a mismatch", () => {
  it("gives no warning for generated consistent plans (several staff lines, several own-funding lines, several commitments per unit)", () => {
    const random = rng(140_000);
    const int = (n: number) => Math.floor(random() * n);
    const failures: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      const start = addDays("2025-01-01", int(1500));
      const end = addDays(start, int(1900));
      const model = (["flat_40", "flat_staff", "actual"] as const)[i % 3]!;
      const flatRateBp = model === "flat_40" ? 4000 : model === "flat_staff" ? 500 + int(2000) : null;
      const costLines = Array.from({ length: 1 + int(3) }, () => line("cost", "staff", 1 + int(30_000_000)));
      if (model !== "flat_40") costLines.push(line("cost", "other", int(5_000_000)));
      const costed = applyCostModel(plan({ start, end, costModel: model, flatRateBp, lines: costLines }));
      const total = costed.lines.reduce((a, l) => a + l.amountCents, 0);
      const esrBp = 6000 + int(3000);
      const esr = applyRate(total, esrBp);
      // The rest is own funding in 1–3 lines, covered by city units or the association.
      const payers = [EMPLOYMENT, KAUKAMETSA, HAKA];
      const ownLines: PlanLineData[] = [];
      let left = total - esr;
      const n = 1 + int(3);
      for (let k = 0; k < n; k++) {
        const amount = k === n - 1 ? left : int(left + 1);
        left -= amount;
        ownLines.push(line("financing", k % 2 === 0 ? "own" : "municipal", amount, { organisationId: payers[int(3)]! }));
      }
      const p: PlanData = {
        ...costed,
        totalBudgetCents: total,
        lines: [...costed.lines, line("financing", "esr", esr, { organisationId: ELINVOIMA }), ...ownLines],
        implementers: [{ organisationId: HAKA, role: "lead", budgetCents: total }],
      };
      // Each city unit commits what the plan attributes to it, in one or two commitments.
      const commitments: CommitmentData[] = [];
      for (const unit of [EMPLOYMENT, KAUKAMETSA]) {
        const owed = ownLines.filter((l) => l.organisationId === unit).reduce((a, l) => a + l.amountCents, 0);
        if (owed === 0 && !ownLines.some((l) => l.organisationId === unit)) continue;
        const first = i % 2 === 0 ? owed : int(owed + 1);
        commitments.push(commitment({ organisationId: unit, amountCents: first }));
        if (first !== owed) commitments.push(commitment({ organisationId: unit, amountCents: owed - first, conditionStatus: "pending" }));
      }
      const ws = check(p, commitments);
      if (ws.length > 0) failures.push({ i, start, end, model, warnings: ws });
    }
    expect(failures).toEqual([]);
  });

  it("does not take the cents of four derived financing lines for a varying ESR rate (it used to say 80 % ≠ 80 %)", () => {
    const own = [41_439, 83_049, 76_429];
    const esr = 4 * (41_439 + 83_049 + 76_429); // exactly 80 % of the total
    const p = plan({
      costModel: "actual",
      flatRateBp: null,
      totalBudgetCents: esr + 41_439 + 83_049 + 76_429,
      lines: [line("financing", "esr", esr), ...own.map((o) => line("financing", "own", o))],
    });
    expect(check(p)).toEqual([]);
  });

  it("gives no warning for the issue's 140 000 € example over any SUMMIT-like period", () => {
    const { plan: base, commitments } = consistent();
    const failures: unknown[] = [];
    for (const [start, end] of [
      ["2026-04-01", "2028-03-30"],
      ["2025-05-01", "2028-04-30"],
      ["2026-11-15", "2029-12-31"],
      ["2027-01-01", "2028-12-31"],
      ["2027-12-31", "2028-01-01"],
    ] as const) {
      const ws = check({ ...base, start, end }, commitments);
      if (ws.length > 0) failures.push({ start, end, ws });
    }
    expect(failures).toEqual([]);
  });
});

describe("checkPlan: tolerating rounding does not hide real differences", () => {
  it("flags costs and financing a year apart even when every other line is derived", () => {
    const { plan: p } = consistent();
    const staff = p.lines.find((l) => l.kind === "staff")!;
    // Staff costs all in 2027 now; the flat rate follows them, the financing does not.
    const moved = applyCostModel({ ...p, lines: p.lines.map((l) => (l === staff ? { ...l, entered: [{ year: 2027, amountCents: 10_000_000 }] } : l)) });
    const ws = check(moved).filter((w) => w.code === "COSTS_FINANCING_MISMATCH_YEAR");
    expect(ws.map((w) => w.params.year)).toEqual([2026, 2027, 2028]);
    expect(ws[1]!.params).toMatchObject({ year: 2027, costsCents: 14_000_000, financingCents: 7_000_000 });
  });

  it("flags a 1-cent difference between entered costs and entered financing", () => {
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      costModel: "actual",
      flatRateBp: null,
      totalBudgetCents: 1000,
      lines: [
        line("cost", "other", 1000, {
          entered: [
            { year: 2027, amountCents: 500 },
            { year: 2028, amountCents: 500 },
          ],
        }),
        line("financing", "own", 1000, {
          entered: [
            { year: 2027, amountCents: 501 },
            { year: 2028, amountCents: 499 },
          ],
        }),
      ],
    });
    expect(check(p)).toEqual([
      { code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: 2027, costsCents: 500, financingCents: 501 } },
      { code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: 2028, costsCents: 500, financingCents: 499 } },
    ]);
  });

  it("flags an ESR rate that varies by more than rounding, with three financing lines", () => {
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: 21_000_000,
      lines: [
        line("financing", "esr", 16_800_000, {
          entered: [
            { year: 2027, amountCents: 8_000_000 },
            { year: 2028, amountCents: 8_800_000 },
          ],
        }),
        line("financing", "own", 2_100_000, { organisationId: KAUKAMETSA }),
        line("financing", "own", 2_100_000, { organisationId: EMPLOYMENT }),
      ],
    });
    const ws = check(p).filter((w) => w.code === "ESR_RATE_VARIES");
    expect(ws.map((w) => w.params.year)).toEqual([2027, 2028]);
    expect(ws[0]!.params).toEqual({ year: 2027, rateBp: 7923, overallBp: 8000 });
  });

  it("flags a commitment whose years differ from the plan's by a euro", () => {
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: 2_100_000,
      lines: [line("financing", "own", 2_100_000, { organisationId: EMPLOYMENT })],
    });
    // The split rule gives 1 048 564 / 1 051 436; entered 100 cents off.
    const ws = check(p, [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 2_100_000,
        entered: [
          { year: 2027, amountCents: 1_048_664 },
          { year: 2028, amountCents: 1_051_336 },
        ],
      }),
    ]);
    expect(ws.map((w) => [w.code, w.params.year, w.params.planCents, w.params.committedCents])).toEqual([
      ["CITY_FINANCING_COMMITMENT_MISMATCH_YEAR", 2027, 1_048_564, 1_048_664],
      ["CITY_FINANCING_COMMITMENT_MISMATCH_YEAR", 2028, 1_051_436, 1_051_336],
    ]);
  });

  it("accepts a commitment entered exactly as the split rule gives it", () => {
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: 2_100_000,
      lines: [line("financing", "own", 2_100_000, { organisationId: EMPLOYMENT })],
    });
    const ws = check(p, [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 2_100_000,
        entered: [
          { year: 2027, amountCents: 1_048_564 },
          { year: 2028, amountCents: 1_051_436 },
        ],
      }),
    ]);
    expect(ws).toEqual([]);
  });

  it("flags a 1-cent difference between an entered line and an entered commitment", () => {
    const years = (a: number, b: number) => [
      { year: 2027, amountCents: a },
      { year: 2028, amountCents: b },
    ];
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: 1000,
      lines: [line("financing", "own", 1000, { organisationId: EMPLOYMENT, entered: years(500, 500) })],
    });
    expect(codes(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 1000, entered: years(501, 499) })]))).toEqual([
      "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
      "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
    ]);
  });
});

/* ---------- the agenda's cases ---------- */

describe("checkPlan: the agenda's cases", () => {
  it("OTE: 21 000 € entered as 7 000 € for 2027, 2028 and 2029 on a 2027–2028 project is outside the period in 2029", () => {
    const p = plan({
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: 21_000_000,
      lines: [
        line("financing", "esr", 16_800_000, { organisationId: ELINVOIMA, statedPercentBp: 8000 }),
        line("financing", "own", 2_100_000, { organisationId: KAUKAMETSA }),
        line("financing", "own", 2_100_000, { organisationId: EMPLOYMENT }),
      ],
    });
    const ote = commitment({
      organisationId: EMPLOYMENT,
      amountCents: 2_100_000,
      conditionStatus: "pending",
      entered: [
        { year: 2027, amountCents: 700_000 },
        { year: 2028, amountCents: 700_000 },
        { year: 2029, amountCents: 700_000 },
      ],
    });
    const kaukametsa = commitment({ organisationId: KAUKAMETSA, amountCents: 2_100_000 });
    const ws = check(p, [ote, kaukametsa]);
    expect(ws.filter((w) => w.code === "COMMITMENT_YEAR_OUTSIDE_PERIOD")).toEqual([
      {
        code: "COMMITMENT_YEAR_OUTSIDE_PERIOD",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", years: "2029", startDay: "2027-01-01", endDay: "2028-12-31", amountCents: 2_100_000 },
      },
    ]);
    // The same entry also puts the plan's and the commitment's years apart, 2029 included.
    expect(
      ws.filter((w) => w.code === "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR").map((w) => [w.params.year, w.params.planCents, w.params.committedCents]),
    ).toEqual([
      [2027, 1_048_564, 700_000],
      [2028, 1_051_436, 700_000],
      [2029, 0, 700_000],
    ]);
    expect(codes(ws).sort()).toEqual([
      "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
      "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
      "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
      "COMMITMENT_YEAR_OUTSIDE_PERIOD",
    ]);
  });

  it("OTE: several years outside the period are listed together; zero amounts are not", () => {
    const ws = check(plan({ start: "2027-01-01", end: "2028-12-31" }), [
      commitment({
        organisationId: EMPLOYMENT,
        amountCents: 2_100_000,
        entered: [
          { year: 2026, amountCents: 700_000 },
          { year: 2027, amountCents: 700_000 },
          { year: 2029, amountCents: 700_000 },
          { year: 2030, amountCents: 0 },
        ],
      }),
    ]);
    expect(ws).toHaveLength(1);
    expect(ws[0]!.params.years).toBe("2026, 2029");
  });

  it("SUMMIT: 104 000 € of own funding covered by the employment services against their 55 000 € commitment", () => {
    const p = plan({
      totalBudgetCents: 52_000_000,
      lines: [
        line("financing", "esr", 41_600_000, { organisationId: ELINVOIMA, statedPercentBp: 8000, label: "Suunniteltu ESR-rahoitus" }),
        line("financing", "own", 10_400_000, { organisationId: EMPLOYMENT, statedPercentBp: 2000, label: "Jaoston myöntämä omarahoitusosuus" }),
      ],
      implementers: [{ organisationId: HAKA, role: "lead", budgetCents: 52_000_000 }],
    });
    const summit = commitment({ organisationId: EMPLOYMENT, amountCents: 5_500_000 });
    expect(check(p, [summit])).toEqual([
      {
        code: "CITY_FINANCING_COMMITMENT_MISMATCH",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", planCents: 10_400_000, committedCents: 5_500_000, differenceCents: 4_900_000 },
      },
    ]);
    // As in the demo data, where the agenda gives no decision date.
    expect(codes(check(p, [{ ...summit, decisionDate: null }]))).toEqual(["COMMITMENT_WITHOUT_DECISION", "CITY_FINANCING_COMMITMENT_MISMATCH"]);
  });
});

/* ---------- each check's details ---------- */

describe("checkPlan: details", () => {
  it("FINANCING_TOTAL_MISMATCH states both sums and the difference; no financing lines, no check", () => {
    expect(minimal.FINANCING_TOTAL_MISMATCH()).toEqual([
      { code: "FINANCING_TOTAL_MISMATCH", params: { financingCents: 100, totalCents: 200, differenceCents: 100 } },
    ]);
    expect(check(plan({ totalBudgetCents: 52_000_000 }))).toEqual([]);
  });

  it("PERCENT_MISMATCH names the line and states both percentages", () => {
    const ws = check(
      plan({
        totalBudgetCents: 52_000_000,
        lines: [
          line("financing", "esr", 41_600_000, { organisationId: ELINVOIMA, statedPercentBp: 8000 }),
          line("financing", "own", 10_400_000, { organisationId: HAKA, statedPercentBp: 2500 }),
        ],
      }),
    );
    expect(ws).toEqual([
      {
        code: "PERCENT_MISMATCH",
        params: { kind: "own", label: "Kajaanin Haka ry", statedBp: 2500, actualBp: 2000, amountCents: 10_400_000 },
      },
    ]);
  });

  it("PERCENT_MISMATCH prefers the line's label to its organisation's name", () => {
    const ws = check(
      plan({ totalBudgetCents: 1000, lines: [line("financing", "own", 1000, { organisationId: HAKA, label: "Omarahoitus", statedPercentBp: 5000 })] }),
    );
    expect(ws[0]!.params.label).toBe("Omarahoitus");
  });

  it("LINE_YEAR_OUTSIDE_PERIOD states the line, the year and the period", () => {
    expect(minimal.LINE_YEAR_OUTSIDE_PERIOD()).toEqual([
      { code: "LINE_YEAR_OUTSIDE_PERIOD", params: { kind: "own", label: "", year: 2025, startDay: "2026-04-01", endDay: "2028-03-30" } },
    ]);
  });

  it("IMPLEMENTER_SHARES_EXCEED_TOTAL only when the shares exceed the total", () => {
    expect(minimal.IMPLEMENTER_SHARES_EXCEED_TOTAL()).toEqual([{ code: "IMPLEMENTER_SHARES_EXCEED_TOTAL", params: { sharesCents: 101, totalCents: 100 } }]);
    const exact = plan({
      totalBudgetCents: 100,
      implementers: [
        { organisationId: HAKA, role: "lead", budgetCents: 60 },
        { organisationId: EMPLOYMENT, role: "co", budgetCents: 40 },
        { organisationId: KAUKAMETSA, role: "co", budgetCents: null },
      ],
    });
    expect(check(exact)).toEqual([]);
  });

  it("COMMITMENT_WITHOUT_DECISION when the body or the date is missing", () => {
    const cases: Partial<CommitmentData>[] = [{ decisionBody: "" }, { decisionBody: "   " }, { decisionDate: null }];
    for (const c of cases) {
      expect(check(plan(), [commitment({ organisationId: HAKA, amountCents: 100, ...c })])).toEqual([
        { code: "COMMITMENT_WITHOUT_DECISION", params: { organisation: "Kajaanin Haka ry", amountCents: 100 } },
      ]);
    }
    // The section (§) is not required.
    expect(check(plan(), [commitment({ organisationId: HAKA, amountCents: 100, decisionSection: "" })])).toEqual([]);
  });

  it("names an organisation it does not know by its id", () => {
    const ws = check(plan(), [commitment({ organisationId: 99, amountCents: 1, decisionBody: "" })]);
    expect(ws[0]!.params.organisation).toBe("#99");
  });

  it("COSTS_FINANCING_MISMATCH in total is reported instead of the years", () => {
    expect(minimal.COSTS_FINANCING_MISMATCH()).toEqual([{ code: "COSTS_FINANCING_MISMATCH", params: { costsCents: 100, financingCents: 200 } }]);
  });

  it("COSTS_FINANCING_MISMATCH_YEAR for each year that differs", () => {
    expect(minimal.COSTS_FINANCING_MISMATCH_YEAR()).toEqual([
      { code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: 2026, costsCents: 0, financingCents: 377 } },
      { code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: 2027, costsCents: 1000, financingCents: 500 } },
      { code: "COSTS_FINANCING_MISMATCH_YEAR", params: { year: 2028, costsCents: 0, financingCents: 123 } },
    ]);
  });

  it("compares costs and financing only when both are planned", () => {
    expect(check(plan({ costModel: "actual", flatRateBp: null, lines: [line("cost", "other", 100)] }))).toEqual([]);
  });

  it("ESR_RATE_VARIES states the year's rate and the overall rate", () => {
    expect(minimal.ESR_RATE_VARIES()).toEqual([
      { code: "ESR_RATE_VARIES", params: { year: 2026, rateBp: 0, overallBp: 8000 } },
      { code: "ESR_RATE_VARIES", params: { year: 2027, rateBp: 8889, overallBp: 8000 } },
      { code: "ESR_RATE_VARIES", params: { year: 2028, rateBp: 0, overallBp: 8000 } },
    ]);
  });

  it("FLAT_RATE_MISMATCH against rate × staff costs, also when the flat-rate line is missing", () => {
    expect(minimal.FLAT_RATE_MISMATCH()).toEqual([{ code: "FLAT_RATE_MISMATCH", params: { expectedCents: 400, actualCents: 300 } }]);
    expect(check(plan({ lines: [line("cost", "staff", 1000)] }))).toEqual([{ code: "FLAT_RATE_MISMATCH", params: { expectedCents: 400, actualCents: 0 } }]);
    expect(check(plan({ costModel: "flat_staff", flatRateBp: 1500, lines: [line("cost", "staff", 1000), line("cost", "flat_rate", 150)] }))).toEqual([]);
    expect(codes(check(plan({ costModel: "flat_staff", flatRateBp: 1500, lines: [line("cost", "staff", 1000), line("cost", "flat_rate", 151)] })))).toEqual([
      "FLAT_RATE_MISMATCH",
    ]);
    // A flat-rate line without staff costs must be zero.
    expect(check(plan({ lines: [line("cost", "flat_rate", 1)] }))).toEqual([{ code: "FLAT_RATE_MISMATCH", params: { expectedCents: 0, actualCents: 1 } }]);
  });

  it("COST_KIND_NOT_IN_MODEL names the kind and the model", () => {
    expect(minimal.COST_KIND_NOT_IN_MODEL()).toEqual([{ code: "COST_KIND_NOT_IN_MODEL", params: { kind: "purchased", model: "flat_40" } }]);
    // A flat-rate line under actual costs is not allowed, and has no rate to be checked against.
    expect(check(plan({ costModel: "actual", flatRateBp: null, lines: [line("cost", "flat_rate", 100)] }))).toEqual([
      { code: "COST_KIND_NOT_IN_MODEL", params: { kind: "flat_rate", model: "actual" } },
    ]);
    expect(codes(check(plan({ costModel: "lump_sum", flatRateBp: null, lines: [line("cost", "staff", 100)] })))).toEqual(["COST_KIND_NOT_IN_MODEL"]);
    expect(check(plan({ costModel: "lump_sum", flatRateBp: null, lines: [line("cost", "lump_sum", 100)] }))).toEqual([]);
  });

  it("CITY_FINANCING_COMMITMENT_MISMATCH counts a unit's own and municipal lines together, and its commitments together", () => {
    const p = plan({
      totalBudgetCents: 1000,
      lines: [line("financing", "own", 600, { organisationId: EMPLOYMENT }), line("financing", "municipal", 400, { organisationId: EMPLOYMENT })],
    });
    expect(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 700 }), commitment({ organisationId: EMPLOYMENT, amountCents: 300 })])).toEqual([]);
    expect(check(p, [commitment({ organisationId: EMPLOYMENT, amountCents: 700 })])).toEqual([
      {
        code: "CITY_FINANCING_COMMITMENT_MISMATCH",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", planCents: 1000, committedCents: 700, differenceCents: 300 },
      },
    ]);
  });

  it("CITY_FINANCING_COMMITMENT_MISMATCH when a unit the plan counts on has committed nothing, or only a failed commitment", () => {
    const p = plan({ totalBudgetCents: 1000, lines: [line("financing", "own", 1000, { organisationId: KAUKAMETSA })] });
    expect(check(p).map((w) => [w.code, w.params.committedCents])).toEqual([["CITY_FINANCING_COMMITMENT_MISMATCH", 0]]);
    expect(check(p, [commitment({ organisationId: KAUKAMETSA, amountCents: 1000, conditionStatus: "failed" })]).map((w) => w.code)).toEqual([
      "CITY_FINANCING_COMMITMENT_MISMATCH",
    ]);
  });

  it("does not compare commitments of a unit the plan attributes no money to, nor money of others", () => {
    const p = plan({
      totalBudgetCents: 1000,
      lines: [
        line("financing", "own", 500, { organisationId: HAKA }),
        line("financing", "esr", 500, { organisationId: EMPLOYMENT }), // ESR is never the city's money
      ],
    });
    expect(check(p, [commitment({ organisationId: KAUKAMETSA, amountCents: 12_345 })])).toEqual([]);
  });

  it("CITY_FINANCING_COMMITMENT_MISMATCH_YEAR for each year, in year order", () => {
    expect(minimal.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR()).toEqual([
      {
        code: "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", year: 2026, planCents: 377, committedCents: 0 },
      },
      {
        code: "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", year: 2027, planCents: 500, committedCents: 1000 },
      },
      {
        code: "CITY_FINANCING_COMMITMENT_MISMATCH_YEAR",
        params: { organisation: "Työllisyys- ja kansainvälisyyspalvelut", year: 2028, planCents: 123, committedCents: 0 },
      },
    ]);
  });
});

/* ---------- stated percentages ---------- */

describe("statedPercentMatches", () => {
  it("accepts SUMMIT's 20 % and 80 % of 520 000 €", () => {
    expect(statedPercentMatches(2000, 10_400_000, 52_000_000)).toBe(true);
    expect(statedPercentMatches(8000, 41_600_000, 52_000_000)).toBe(true);
    expect(statedPercentMatches(2100, 10_400_000, 52_000_000)).toBe(false);
  });

  it("compares at the precision the percentage is stated in, rounding the actual share", () => {
    // FLOW: 100 of 121 is 82,644… %. Rounded to whole percents that is 83 %, so the agenda's
    // "82 %" (truncated) does not match; 83 %, 82,6 % and 82,64 % do.
    expect(statedPercentMatches(8200, 100, 121)).toBe(false);
    expect(statedPercentMatches(8300, 100, 121)).toBe(true);
    expect(statedPercentMatches(8260, 100, 121)).toBe(true);
    expect(statedPercentMatches(8270, 100, 121)).toBe(false);
    expect(statedPercentMatches(8264, 100, 121)).toBe(true);
    expect(statedPercentMatches(8265, 100, 121)).toBe(false);
  });

  it("rounds an exact half up", () => {
    // 1 of 8 is 12,5 %.
    expect(statedPercentMatches(1300, 1, 8)).toBe(true);
    expect(statedPercentMatches(1200, 1, 8)).toBe(false);
    expect(statedPercentMatches(1250, 1, 8)).toBe(true);
    // 205 of 1 000 is 20,5 %.
    expect(statedPercentMatches(2100, 205, 1000)).toBe(true);
    expect(statedPercentMatches(2000, 205, 1000)).toBe(false);
  });

  it("compares against a zero total: only nothing is any share of nothing", () => {
    expect(statedPercentMatches(0, 0, 0)).toBe(true);
    expect(statedPercentMatches(2000, 0, 0)).toBe(true);
    expect(statedPercentMatches(2000, 1, 0)).toBe(false);
  });

  it("takes 0 % and 100 % at whole-percent precision", () => {
    expect(statedPercentMatches(0, 0, 1000)).toBe(true);
    expect(statedPercentMatches(0, 4, 1000)).toBe(true); // 0,4 % rounds to 0 %
    expect(statedPercentMatches(0, 5, 1000)).toBe(false); // 0,5 % rounds to 1 %
    expect(statedPercentMatches(10_000, 1000, 1000)).toBe(true);
    expect(statedPercentMatches(10_000, 994, 1000)).toBe(false);
  });
});
