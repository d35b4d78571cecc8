/** The ledger file's rules, without a database: every problem with its JSON path. */
import { describe, expect, it } from "vitest";
import { formatPath, type FileProblem } from "./ledger-file";
import { validateLedgerFile, type LedgerSnapshot } from "./ledger-file-rules";

const snapshot: LedgerSnapshot = {
  organisations: [
    { id: 1, name: "Kajaanin kaupunki", kind: "city", businessId: null },
    { id: 2, name: "Työllisyyspalvelut", kind: "city_unit", businessId: null },
    { id: 3, name: "Pohjois-Suomen elinvoimakeskus", kind: "funder", businessId: null },
    { id: 4, name: "Kaksoisnimi", kind: "other", businessId: null },
    { id: 5, name: "Kaksoisnimi", kind: "other", businessId: null },
    { id: 6, name: "Vanha yhdistys ry", kind: "association", businessId: "1572860-0" },
  ],
  caseNumbers: new Set(["OLD-1"]),
};

type Json = any; // the tests build and break documents freely

/** A small valid file: an association leads a project; the city's unit commits 21 000 € over three years. */
function doc(): Json {
  return {
    format: "hankevahti-ledger",
    version: 1,
    organisations: [{ ref: "haka", name: "Kajaanin Haka ry", kind: "association", businessId: "0185547-3" }],
    projects: [
      {
        name: "Testihanke",
        shortName: "TESTI",
        caseNumber: "T-1",
        lead: "haka",
        funder: "Pohjois-Suomen elinvoimakeskus",
        status: "planning",
        planVersions: [
          {
            versionNumber: 1,
            state: "current",
            start: "2027-01-01",
            end: "2029-12-31",
            totalBudgetCents: 21_000_000,
            costModel: "flat_40",
            flatRateBp: 4000,
            costLines: [
              { kind: "staff", amountCents: 15_000_000, staffHoursCenti: 500_000, hourlyRateCents: 3_000 },
              { kind: "flat_rate", amountCents: 6_000_000 },
            ],
            financingLines: [
              { kind: "esr", organisation: "Pohjois-Suomen elinvoimakeskus", amountCents: 16_800_000, statedPercentBp: 8000 },
              {
                kind: "own",
                organisation: "Työllisyyspalvelut",
                amountCents: 4_200_000,
                years: [
                  { year: 2027, amountCents: 1_400_000 },
                  { year: 2028, amountCents: 1_400_000 },
                  { year: 2029, amountCents: 1_400_000 },
                ],
              },
            ],
            implementers: [{ organisation: "haka", role: "lead", budgetCents: 21_000_000 }],
            commitments: [
              {
                organisation: "Työllisyyspalvelut",
                amountCents: 2_100_000,
                conditionStatus: "pending",
                conditionText: "Mikäli hanke saa ESR+-rahoituksen.",
                years: [
                  { year: 2027, amountCents: 700_000 },
                  { year: 2028, amountCents: 700_000 },
                  { year: 2029, amountCents: 700_000 },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

function problemsOf(d: unknown, snap: LedgerSnapshot = snapshot): FileProblem[] {
  const r = validateLedgerFile(d, snap);
  return r.ok ? [] : r.problems;
}

function only(d: unknown, snap?: LedgerSnapshot): FileProblem {
  const ps = problemsOf(d, snap);
  expect(ps).toHaveLength(1);
  return ps[0]!;
}

const V = "projects[0].planVersions[0]";

describe("a valid file", () => {
  it("passes, with references resolved to the file and the database and defaults filled in", () => {
    const r = validateLedgerFile(doc(), snapshot);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.refs.get("haka")).toEqual({ file: 0 });
    expect(r.plan.refs.get("Työllisyyspalvelut")).toEqual({ db: 2 });
    expect(r.plan.organisations).toEqual([expect.objectContaining({ index: 0, match: null })]);
    const p = r.plan.projects[0]!;
    expect(p.euShareBp).toBe(6000);
    expect(p.planVersions[0]!.commitments[0]!.annualBudgetReservation).toBe(true);
    expect(p.planVersions[0]!.costLines[1]!.years).toEqual([]);
  });

  it("allows a commitment split over a year outside the period (a warning, not an error)", () => {
    const d = doc();
    d.projects[0].planVersions[0].end = "2028-12-31";
    d.projects[0].planVersions[0].financingLines[1].years = [];
    expect(problemsOf(d)).toEqual([]);
  });

  it("refers to an existing organisation by business ID", () => {
    const d = doc();
    d.projects[0].planVersions[0].implementers.push({ organisation: "1572860-0", role: "co" });
    const r = validateLedgerFile(d, snapshot);
    expect(r.ok && r.plan.refs.get("1572860-0")).toEqual({ db: 6 });
  });
});

describe("the header", () => {
  it("must name the format and a supported version", () => {
    expect(only({ ...doc(), format: "other" })).toMatchObject({ path: "format", key: "import.format.unknown" });
    expect(only({ ...doc(), version: 2 })).toMatchObject({ path: "version", key: "import.version.unsupported" });
    expect(only([])).toMatchObject({ path: "$", key: "import.type.object" });
    expect(only({ ...doc(), extra: 1 })).toMatchObject({ path: "$", key: "import.unknownField", params: { fields: "extra" } });
  });
});

describe("money, days and percentages", () => {
  it("takes amounts only as non-negative integer cents", () => {
    for (const [value, key] of [
      [-100, "error.money.negative"],
      [12.5, "import.cents"],
      ["12,3,4", "import.cents"],
      [null, "import.cents"],
    ] as const) {
      const d = doc();
      d.projects[0].planVersions[0].financingLines[0].amountCents = value;
      expect(only(d)).toMatchObject({ path: `${V}.financingLines[0].amountCents`, key });
    }
    const d = doc();
    delete d.projects[0].planVersions[0].totalBudgetCents;
    expect(only(d)).toMatchObject({ path: `${V}.totalBudgetCents`, key: "error.required" });
  });

  it("refuses a period that ends before it starts, and days that are not days", () => {
    const d = doc();
    d.projects[0].planVersions[0].end = "2026-12-31";
    expect(problemsOf(d)).toContainEqual({ path: `${V}.end`, key: "error.period.endBeforeStart" });
    const e = doc();
    e.projects[0].planVersions[0].start = "1.1.2027";
    e.projects[0].planVersions[0].commitments[0].decisionDate = "2026-02-30";
    expect(problemsOf(e)).toEqual([
      { path: `${V}.start`, key: "import.day" },
      { path: `${V}.commitments[0].decisionDate`, key: "import.day" },
    ]);
  });

  it("keeps percentages within 0–100 % and the flat rate to its cost model", () => {
    const d = doc();
    d.projects[0].planVersions[0].financingLines[0].statedPercentBp = 10_001;
    expect(only(d)).toMatchObject({ path: `${V}.financingLines[0].statedPercentBp`, key: "import.bp" });
    const e = doc();
    e.projects[0].planVersions[0].flatRateBp = 3000;
    expect(only(e)).toMatchObject({ path: `${V}.flatRateBp`, key: "import.flatRate.fixed" });
    const f = doc();
    Object.assign(f.projects[0].planVersions[0], { costModel: "flat_staff", flatRateBp: null, costLines: [] });
    expect(only(f)).toMatchObject({ path: `${V}.flatRateBp`, key: "import.flatRate.required" });
    const g = doc();
    Object.assign(g.projects[0].planVersions[0], { costModel: "actual", flatRateBp: 1500, costLines: [] });
    expect(only(g)).toMatchObject({ path: `${V}.flatRateBp`, key: "import.flatRate.notAllowed" });
  });
});

describe("entered yearly amounts", () => {
  it("must sum exactly to their commitment", () => {
    const d = doc();
    d.projects[0].planVersions[0].commitments[0].years[2].amountCents = 600_000;
    expect(only(d)).toEqual({ path: `${V}.commitments[0].years`, key: "error.split.sum", params: { expectedCents: 2_100_000, actualCents: 2_000_000 } });
  });

  it("must sum exactly to their line, name each year once, and stay inside the period", () => {
    const d = doc();
    d.projects[0].planVersions[0].financingLines[1].years = [
      { year: 2027, amountCents: 1_400_000 },
      { year: 2027, amountCents: 1_400_000 },
      { year: 2030, amountCents: 1_400_000 },
    ];
    expect(problemsOf(d)).toEqual([
      { path: `${V}.financingLines[1].years[1].year`, key: "error.year.duplicate", params: { year: 2027 } },
      { path: `${V}.financingLines[1].years[2].year`, key: "error.year.outsidePeriod", params: { year: 2030 } },
    ]);
    const e = doc();
    e.projects[0].planVersions[0].financingLines[1].years[0].amountCents = 1_399_999;
    expect(only(e)).toMatchObject({
      path: `${V}.financingLines[1].years`,
      key: "error.split.sum",
      params: { expectedCents: 4_200_000, actualCents: 4_199_999 },
    });
  });

  it("takes years as integers 1900–2200", () => {
    const d = doc();
    d.projects[0].planVersions[0].commitments[0].years[0].year = "2027";
    expect(problemsOf(d)).toContainEqual({ path: `${V}.commitments[0].years[0].year`, key: "import.year" });
  });
});

describe("the cost model", () => {
  it("checks staff hours × rate and the computed flat rate", () => {
    const d = doc();
    d.projects[0].planVersions[0].costLines[0].amountCents = 14_000_000;
    expect(problemsOf(d)).toEqual([
      { path: `${V}.costLines[0].amountCents`, key: "import.staff.amount", params: { expectedCents: 15_000_000, actualCents: 14_000_000 } },
      { path: `${V}.costLines[1].amountCents`, key: "import.flatRate.amount", params: { expectedCents: 5_600_000, actualCents: 6_000_000 } },
    ]);
    const e = doc();
    e.projects[0].planVersions[0].costLines[0].hourlyRateCents = null;
    expect(only(e)).toMatchObject({ path: `${V}.costLines[0].hourlyRateCents`, key: "import.staff.pair" });
  });

  it("refuses cost kinds outside the model and yearly amounts on the computed flat rate", () => {
    const d = doc();
    d.projects[0].planVersions[0].costLines.push({ kind: "purchased", amountCents: 0 });
    d.projects[0].planVersions[0].costLines[1].years = [{ year: 2027, amountCents: 6_000_000 }];
    expect(problemsOf(d)).toEqual([
      { path: `${V}.costLines[1].years`, key: "import.flatRate.years" },
      { path: `${V}.costLines[2].kind`, key: "import.costKind.notInModel", params: { kind: "purchased", model: "flat_40" } },
    ]);
  });

  it("is the same in every version, and exactly one version is current", () => {
    const d = doc();
    const v2 = structuredClone(d.projects[0].planVersions[0]);
    Object.assign(v2, { versionNumber: 2, costModel: "actual", flatRateBp: null, costLines: [] });
    d.projects[0].planVersions.push(v2);
    expect(problemsOf(d)).toEqual([
      { path: "projects[0].planVersions", key: "import.versions.current", params: { count: 2 } },
      { path: "projects[0].planVersions[1].costModel", key: "error.costModel.changed", params: { model: "flat_40" } },
    ]);
    const e = doc();
    e.projects[0].planVersions[0].state = "superseded";
    expect(only(e)).toMatchObject({ path: "projects[0].planVersions", key: "import.versions.current", params: { count: 0 } });
  });
});

describe("organisations", () => {
  it("checks the business ID's check digit and format", () => {
    const d = doc();
    d.organisations[0].businessId = "0185547-4";
    expect(only(d)).toEqual({ path: "organisations[0].businessId", key: "error.businessId.checkDigit" });
    d.organisations[0].businessId = "185547_3";
    expect(only(d)).toEqual({ path: "organisations[0].businessId", key: "error.businessId.format" });
  });

  it("reports a reference to an organisation that is nowhere, or ambiguous", () => {
    const d = doc();
    d.projects[0].lead = "nobody";
    d.projects[0].planVersions[0].implementers[0].organisation = "Kaksoisnimi";
    expect(problemsOf(d)).toEqual([
      { path: "projects[0].lead", key: "import.organisation.unknown", params: { ref: "nobody" } },
      { path: `${V}.implementers[0].organisation`, key: "import.organisation.ambiguous", params: { ref: "Kaksoisnimi" } },
    ]);
  });

  it("matches the file's organisations by business ID, else by exact name", () => {
    const d = doc();
    d.organisations.push(
      { ref: "old", name: "Uusi nimi ry", kind: "association", businessId: "1572860-0" },
      { ref: "unit", name: "Työllisyyspalvelut", kind: "city_unit", parent: "Kajaanin kaupunki" },
    );
    const r = validateLedgerFile(d, snapshot);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.organisations.map((o) => o.match)).toEqual([null, { id: 6, by: "businessId" }, { id: 2, by: "name" }]);
  });

  it("refuses a match of another kind, and a same-named organisation with another business ID", () => {
    const d = doc();
    d.organisations.push(
      { ref: "x", name: "Kajaanin kaupunki", kind: "association" },
      { ref: "y", name: "Vanha yhdistys ry", kind: "association", businessId: "0185547-3" },
    );
    expect(problemsOf(d)).toEqual([
      {
        path: "organisations[1].kind",
        key: "import.organisation.kindMismatch",
        params: { name: "Kajaanin kaupunki", existingKind: "city", kind: "association" },
      },
      { path: "organisations[2].businessId", key: "import.businessId.duplicate", params: { other: "organisations[0]" } },
      { path: "organisations[2].businessId", key: "import.organisation.businessIdConflict", params: { name: "Vanha yhdistys ry", existing: "1572860-0" } },
    ]);
  });

  it("needs a city unit's parent to be the city, and no cycles", () => {
    const d = doc();
    d.organisations.push(
      { ref: "u1", name: "Yksikkö 1", kind: "city_unit" },
      { ref: "u2", name: "Yksikkö 2", kind: "city_unit", parent: "haka" },
      { ref: "a", name: "A", kind: "other", parent: "b" },
      { ref: "b", name: "B", kind: "other", parent: "a" },
    );
    expect(problemsOf(d)).toEqual([
      { path: "organisations[1].parent", key: "error.parentRequired" },
      { path: "organisations[2].parent", key: "import.organisation.parentNotCity", params: { ref: "haka", kind: "association" } },
      { path: "organisations[3].parent", key: "import.organisation.parentCycle" },
      { path: "organisations[4].parent", key: "import.organisation.parentCycle" },
    ]);
  });

  it("only lets the city or its units commit", () => {
    const d = doc();
    d.projects[0].planVersions[0].commitments[0].organisation = "haka";
    expect(only(d)).toEqual({ path: `${V}.commitments[0].organisation`, key: "error.organisation.notCityUnit" });
  });
});

describe("projects", () => {
  it("refuses duplicate case numbers in the file and against the database", () => {
    const d = doc();
    d.projects.push(structuredClone(d.projects[0]));
    d.projects[0].caseNumber = "OLD-1";
    d.projects[1].caseNumber = "OLD-1";
    expect(problemsOf(d)).toEqual([
      { path: "projects[0].caseNumber", key: "error.caseNumber.duplicate" },
      { path: "projects[1].caseNumber", key: "import.caseNumber.duplicate", params: { caseNumber: "OLD-1", other: "projects[0]" } },
      { path: "projects[1].caseNumber", key: "error.caseNumber.duplicate" },
    ]);
  });

  it("reports unknown fields and every problem of every project at once", () => {
    const d = doc();
    d.projects.push(structuredClone(d.projects[0]));
    d.projects[1].caseNumber = "T-2";
    d.projects[0].planVersions[0].commitments[0].amountCents = "21 000";
    d.projects[0].planVersions[0].totalBudgetCents = -1;
    d.projects[0].planVersions[0].end = "2026-12-31";
    d.projects[1].planVersions[0].costLines[0].amountCent = 1;
    d.projects[1].planVersions[0].commitments[0].years[0].amountCents = 1;
    expect(problemsOf(d)).toEqual([
      { path: `${V}.totalBudgetCents`, key: "error.money.negative" },
      { path: `${V}.commitments[0].amountCents`, key: "import.cents" },
      { path: "projects[1].planVersions[0].costLines[0]", key: "import.unknownField", params: { fields: "amountCent" } },
      // The version's own fields that can be read still serve the rules.
      { path: `${V}.end`, key: "error.period.endBeforeStart" },
      { path: "projects[1].planVersions[0].commitments[0].years", key: "error.split.sum", params: { expectedCents: 2_100_000, actualCents: 1_400_001 } },
    ]);
  });
});

describe("change requests", () => {
  const R = "projects[0].changeRequests[0]";

  /** The small file with a second version proposed by a request (pending unless changed). */
  function withRequest(): Json {
    const d = doc();
    const v2 = structuredClone(d.projects[0].planVersions[0]);
    Object.assign(v2, { versionNumber: 2, state: "proposed", end: "2030-12-31" });
    d.projects[0].planVersions.push(v2);
    d.projects[0].changeRequests = [
      {
        direction: "grantee_to_city",
        requestedBy: "haka",
        receivedOn: "2026-05-04",
        kinds: ["extend"],
        baseVersionNumber: 1,
        proposedVersionNumber: 2,
        proposedName: "Testihanke",
        proposedShortName: "TESTI",
        state: "pending",
      },
    ];
    return d;
  }

  /** The same request decided: approved on a condition (v2 current, v1 superseded). */
  function conditional(): Json {
    const d = withRequest();
    d.projects[0].planVersions[0].state = "superseded";
    d.projects[0].planVersions[1].state = "current";
    Object.assign(d.projects[0].changeRequests[0], {
      state: "approved_conditionally",
      conditionState: "pending",
      conditionText: "Mikäli hanke saa ESR-rahoituksen.",
      decisionBody: "Jaosto",
      decisionDate: "2026-05-20",
      decisionSection: "14",
      previousName: "Testihanke",
      previousShortName: "TESTI",
      previousTargetGroup: "",
    });
    return d;
  }

  it("pass when pending, decided on a condition, condition met or failed, rejected; defaults filled in", () => {
    const r = validateLedgerFile(withRequest(), snapshot);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.plan.projects[0]!.changeRequests[0]).toMatchObject({
        reason: "",
        proposedTargetGroup: "",
        conditionState: null,
        decisionDate: null,
        previousName: null,
      });
    expect(problemsOf(conditional())).toEqual([]);
    const met = conditional();
    Object.assign(met.projects[0].changeRequests[0], { conditionState: "met", conditionSettledOn: "2026-09-01" });
    expect(problemsOf(met)).toEqual([]);
    const failed = conditional();
    Object.assign(failed.projects[0].changeRequests[0], { conditionState: "failed", conditionSettledOn: "2026-09-01" });
    failed.projects[0].planVersions[0].state = "current";
    failed.projects[0].planVersions[1].state = "rejected";
    expect(problemsOf(failed)).toEqual([]);
    const rejected = withRequest();
    Object.assign(rejected.projects[0].changeRequests[0], { state: "rejected", decisionBody: "Jaosto", decisionDate: "2026-05-20" });
    rejected.projects[0].planVersions[1].state = "rejected";
    expect(problemsOf(rejected)).toEqual([]);
    // A file without change requests at all is still a valid file.
    expect(problemsOf(doc())).toEqual([]);
  });

  it("name versions that exist, the base before the proposal, each proposal once", () => {
    const d = withRequest();
    d.projects[0].changeRequests[0].proposedVersionNumber = 3;
    expect(problemsOf(d)).toEqual([
      { path: `${R}.proposedVersionNumber`, key: "import.changeRequest.versionUnknown", params: { versionNumber: 3 } },
      // v2 is then nobody's proposal.
      { path: "projects[0].planVersions[1].state", key: "import.versions.withoutRequest", params: { state: "proposed" } },
    ]);
    const order = withRequest();
    Object.assign(order.projects[0].changeRequests[0], { baseVersionNumber: 2, proposedVersionNumber: 1 });
    expect(problemsOf(order).map((p) => [p.path, p.key])).toEqual([
      [`${R}.baseVersionNumber`, "import.changeRequest.baseState"],
      [`${R}.proposedVersionNumber`, "import.changeRequest.versionOrder"],
      [`${R}.proposedVersionNumber`, "import.changeRequest.proposedState"],
      ["projects[0].planVersions[1].state", "import.versions.withoutRequest"],
    ]);
    const twice = withRequest();
    twice.projects[0].changeRequests.push(structuredClone(twice.projects[0].changeRequests[0]));
    expect(only(twice)).toEqual({
      path: "projects[0].changeRequests[1].proposedVersionNumber",
      key: "import.changeRequest.proposalShared",
      params: { versionNumber: 2, other: R },
    });
  });

  it("keep states, conditions and decisions consistent, like the database's checks", () => {
    const kinds = withRequest();
    kinds.projects[0].changeRequests[0].kinds = ["extend", "extend"];
    expect(only(kinds)).toMatchObject({ path: `${R}.kinds[1]`, key: "import.changeRequest.kindRepeated" });
    const none = withRequest();
    none.projects[0].changeRequests[0].kinds = [];
    expect(only(none)).toMatchObject({ path: `${R}.kinds`, key: "import.array.empty" });
    const noText = conditional();
    noText.projects[0].changeRequests[0].conditionText = "";
    expect(only(noText)).toMatchObject({ path: `${R}.conditionText`, key: "changeRequest.problem.CONDITION_TEXT_MISSING" });
    const early = conditional();
    Object.assign(early.projects[0].changeRequests[0], { conditionState: "met", conditionSettledOn: "2026-05-19" });
    expect(only(early)).toMatchObject({ path: `${R}.conditionSettledOn`, key: "changeRequest.problem.DATE_BEFORE_DECISION" });
    const unsettled = conditional();
    unsettled.projects[0].changeRequests[0].conditionSettledOn = "2026-09-01";
    expect(only(unsettled)).toMatchObject({ path: `${R}.conditionSettledOn`, key: "import.changeRequest.settledWithoutSettlement" });
    const names = withRequest();
    names.projects[0].changeRequests[0].previousName = "Vanha nimi";
    expect(only(names)).toMatchObject({ path: `${R}.previousName`, key: "import.changeRequest.previousNotApproved" });
    const partial = conditional();
    partial.projects[0].changeRequests[0].previousShortName = null;
    expect(only(partial)).toMatchObject({ path: `${R}.previousShortName`, key: "error.required" });
    const state = withRequest();
    state.projects[0].changeRequests[0].state = "approved_later";
    expect(only(state)).toMatchObject({ path: `${R}.state`, key: "import.choice" });
  });
});

describe("formatPath", () => {
  it("writes JSON paths", () => {
    expect(formatPath(["projects", 1, "planVersions", 0, "commitments", 0, "years"])).toBe("projects[1].planVersions[0].commitments[0].years");
    expect(formatPath([])).toBe("$");
  });
});

describe("targets, obligations and payment applications", () => {
  const P = "projects[0]";
  /** The small file with a reach and an outcome target, a committee report with two deadlines, an application. */
  function withFollowUp(): Json {
    const d = doc();
    Object.assign(d.projects[0], {
      targets: [
        { kind: "reach", target: 100, entries: [{ date: "2027-06-30", value: 40, women: 20, men: 19, other: 1 }] },
        { kind: "outcome_work", targetKind: "percent", target: 5000, entries: [{ date: "2027-06-30", value: 10 }] },
      ],
      obligations: [
        {
          kind: "committee_report",
          timesPerYear: 2,
          deadlines: [
            {
              seq: 1,
              periodStart: "2027-01-01",
              periodEnd: "2027-06-30",
              dueDate: "2027-07-30",
              status: "accepted",
              submittedOn: "2027-07-20",
              decidedOn: "2027-08-15",
            },
            { seq: 2, periodStart: "2027-07-01", periodEnd: "2027-12-31", dueDate: "2028-01-30" },
          ],
        },
      ],
      paymentApplications: [
        {
          periodStart: "2027-01-01",
          periodEnd: "2027-06-30",
          amountAppliedCents: 1_000_000,
          status: "approved",
          submittedOn: "2027-08-01",
          decidedOn: "2027-09-01",
          amountApprovedCents: 900_000,
        },
      ],
    });
    return d;
  }
  const asOf: LedgerSnapshot = { ...snapshot, today: "2027-12-31" };

  it("passes when every rule holds, with the defaults filled in", () => {
    const r = validateLedgerFile(withFollowUp(), asOf);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const p = r.plan.projects[0]!;
    expect(p.targets[0]).toMatchObject({ kind: "reach", name: "", unit: "", targetKind: "count", target: 100 });
    expect(p.targets[1]!.entries[0]).toEqual({ date: "2027-06-30", value: 10, women: null, men: null, other: null, note: "" });
    expect(p.obligations[0]).toMatchObject({ title: "", everyMonths: null, dueDate: null, reminderDays: [30, 7] });
    expect(p.obligations[0]!.daysAfter).toBeUndefined();
    expect(p.obligations[0]!.deadlines[1]).toMatchObject({ status: "open", submittedOn: null, decidedOn: null, note: "" });
    // Without the lists, a project is as it always was.
    const plain = validateLedgerFile(doc(), snapshot);
    expect(plain.ok && plain.plan.projects[0]).toMatchObject({ targets: [], obligations: [], paymentApplications: [] });
  });

  it("keeps entries inside the current period and not after today, with a gender split that adds up", () => {
    const d = withFollowUp();
    d.projects[0].targets[0].entries.push(
      { date: "2026-12-31", value: 1 },
      { date: "2028-01-01", value: 1 },
      { date: "2027-07-01", value: 3, women: 1, men: 1, other: 0 },
    );
    expect(problemsOf(d, asOf).map((p) => [p.path, p.key])).toEqual([
      [`${P}.targets[0].entries[1].date`, "error.entry.outsidePeriod"],
      [`${P}.targets[0].entries[2].date`, "error.entry.future"],
      [`${P}.targets[0].entries[3].women`, "error.entry.genderSum"],
    ]);
  });

  it("keeps outcomes within those reached, one target of a fixed kind, percentages for outcomes only", () => {
    const d = withFollowUp();
    d.projects[0].targets[1].entries[0].value = 41;
    d.projects[0].targets.push({ kind: "outcome_work", targetKind: "count", target: 5 }, { kind: "partners", targetKind: "percent", target: 100 });
    expect(problemsOf(d, asOf).map((p) => [p.path, p.key])).toEqual([
      [`${P}.targets[2].kind`, "import.target.kindRepeated"],
      [`${P}.targets[3].targetKind`, "import.target.percentOnlyOutcome"],
      [`${P}.targets[1].entries`, "error.entry.outcomeAboveReach"],
    ]);
  });

  it("wants an obligation's rule fields as its kind does, and its deadlines' dates as their status does", () => {
    const d = withFollowUp();
    const o = d.projects[0].obligations[0];
    o.timesPerYear = 5;
    o.dueDate = "2027-05-01";
    o.deadlines[1] = { ...o.deadlines[1], seq: 1, status: "submitted", decidedOn: "2028-02-01" };
    d.projects[0].obligations.push({ kind: "single", deadlines: [] });
    expect(problemsOf(d, asOf).map((p) => [p.path, p.key])).toEqual([
      [`${P}.obligations[0].timesPerYear`, "error.obligation.timesPerYear"],
      [`${P}.obligations[0].dueDate`, "import.obligation.fieldNotAllowed"],
      [`${P}.obligations[0].deadlines[1].seq`, "import.deadline.seqRepeated"],
      [`${P}.obligations[0].deadlines[1].submittedOn`, "error.required"],
      [`${P}.obligations[0].deadlines[1].decidedOn`, "import.deadline.decidedNotAllowed"],
      [`${P}.obligations[1].dueDate`, "error.required"],
      [`${P}.obligations[1].title`, "error.required"],
    ]);
  });

  it("wants a payment application's dates and amounts as its status does, and its period touching the plan's", () => {
    const d = withFollowUp();
    d.projects[0].paymentApplications.push(
      { periodStart: "2030-01-01", periodEnd: "2030-06-30", amountAppliedCents: 100, status: "submitted", submittedOn: "2030-07-01", amountApprovedCents: 100 },
      {
        periodStart: "2027-01-01",
        periodEnd: "2027-06-30",
        amountAppliedCents: 100,
        status: "partly_approved",
        submittedOn: "2027-08-01",
        decidedOn: "2027-07-01",
      },
    );
    expect(problemsOf(d, asOf).map((p) => [p.path, p.key])).toEqual([
      [`${P}.paymentApplications[1].periodStart`, "payment.error.outsidePlan"],
      [`${P}.paymentApplications[1].amountApprovedCents`, "payment.error.approvedNotDecided"],
      [`${P}.paymentApplications[2].decidedOn`, "payment.error.decidedBeforeSubmitted"],
      [`${P}.paymentApplications[2].amountApprovedCents`, "payment.error.approvedRequired"],
    ]);
  });
});
