/**
 * Export and import against real SQLite files: the demo ledger exported and imported into an
 * empty migrated database gives the same figures, plan versions and change requests (SUMMIT's
 * request of § 14 pending, and decided on its condition); every kind of bad file is refused
 * with the problem's JSON path and nothing saved; the CLI exits non-zero on a bad file.
 */
import { SEES_ALL, headersFor } from "../helpers/auth";
import { seedDemoUsers } from "../../app/models/demo.server";
import { SYSTEM } from "~/models/audit.server";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf } from "../helpers/http";
import { openDatabase, type DB } from "../../db/connection";
import { setDbForTests } from "~/utils/db.server";
import { importLedger } from "~/models/ledger-import.server";
import { exportedDocument } from "../helpers/export";
import { getProjectDetail } from "~/models/project.server";
import { listPortfolio } from "~/models/portfolio.server";
import { cityCommitmentsByYear } from "~/models/commitment.server";
import { savePlan } from "~/models/plan-write.server";
import { decideChangeRequest } from "~/models/change-request.server";
import { loader as projectApi } from "~/routes/api.v1.projects.$projectId";
import type { LedgerFile } from "~/schemas/ledger-file";

const source = useTestDatabase("demo");

const TMP = path.resolve("tests/.tmp");
const opened: { db: DB; file: string }[] = [];

/** Another database of this test file: a copy of a template, not wired into the app. */
function copyOf(kind: "empty" | "demo"): { db: DB; file: string } {
  const file = path.join(TMP, `import-${crypto.randomUUID()}.sqlite`);
  fs.copyFileSync(path.join(TMP, `template-${kind}.sqlite`), file);
  const entry = { db: openDatabase(file), file };
  opened.push(entry);
  return entry;
}

afterAll(async () => {
  for (const { db, file } of opened) {
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
});

const TABLES = [
  "organisation",
  "project",
  "plan_version",
  "plan_line",
  "plan_line_year",
  "plan_implementer",
  "commitment",
  "commitment_year",
  "change_request",
  "indicator",
  "indicator_entry",
  "obligation",
  "deadline",
  "payment_application",
  "report",
  "report_cost",
  "report_comment",
  "report_attachment",
  "realised_year",
  "refund",
] as const;

async function counts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}

/** The export with what legitimately differs between two databases (ids in refs, the export time) taken out. */
function comparable(doc: LedgerFile) {
  const names = new Map(doc.organisations.map((o) => [o.ref, o.name]));
  const json = JSON.stringify({ ...doc, exportedAt: undefined }, (key, value) =>
    ["ref", "parent", "lead", "funder", "organisation"].includes(key) && typeof value === "string" ? (names.get(value) ?? value) : value,
  );
  return JSON.parse(json);
}

/** The figures of a project's page and API, without ids. */
async function figures(db: DB, caseNumber: string) {
  const d = (await getProjectDetail(db, SEES_ALL, await projectIdByCase(db, caseNumber)))!;
  return {
    planByYear: d.planByYear.years,
    planTotal: d.planByYear.total,
    commitmentsByYear: d.commitmentsByYear,
    commitments: d.commitments.map((c) => ({
      amountCents: c.amountCents,
      years: c.years,
      organisation: c.organisationName,
      conditionStatus: c.conditionStatus,
    })),
    warnings: d.warnings,
    publicFunding: d.publicFunding,
    versions: d.versions.map((v) => ({ n: v.version_number, state: v.state, start: v.start_date, end: v.end_date, total: v.total_budget_cents })),
  };
}

async function demoExport(): Promise<LedgerFile> {
  return structuredClone(await exportedDocument(source.db));
}

const SUMMIT = "KAJDno-2025-1294";
const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";

/** A copy of the demo ledger in which SUMMIT's request of § 14 was approved on 20.5.2026 on its condition. */
async function decidedCopy(): Promise<{ db: DB; file: string; requestId: number }> {
  const from = copyOf("demo");
  const summitId = await projectIdByCase(from.db, SUMMIT);
  const { id } = await from.db.selectFrom("change_request").select("id").where("project_id", "=", summitId).executeTakeFirstOrThrow();
  await decideChangeRequest(from.db, SYSTEM, id, {
    action: "decide",
    outcome: "approved_conditionally",
    body: DIVISION,
    date: "2026-05-20",
    section: "14",
    conditionText: "Mikäli hanke saa ESR-rahoituksen.",
  });
  return { ...from, requestId: id };
}

/** GET /api/v1/projects/:id of a project in another database, as the committee sees it. */
async function apiDocument(db: DB, caseNumber: string) {
  setDbForTests(db);
  try {
    if (!(await db.selectFrom("app_user").select("id").executeTakeFirst())) await seedDemoUsers(db); // the ledger file carries no accounts
    const headers = await headersFor(db, "committee");
    const id = await projectIdByCase(db, caseNumber);
    return await jsonOf(await callLoader(projectApi, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers }));
  } finally {
    setDbForTests(source.db);
  }
}

/**
 * A document without what differs between two databases: ids (also as line keys), the last
 * change's time, and the person responsible for an obligation and an entry's source (accounts
 * are not in the ledger file: imported obligations have no one responsible, imported entries
 * are marked 'import').
 */
function withoutIds(value: unknown): unknown {
  const drop = new Set([
    "id",
    "versionId",
    "organisationId",
    "changeRequestId",
    "deadlineId",
    "beforeKey",
    "afterKey",
    "updatedAt",
    "responsibleName",
    "source",
  ]);
  return JSON.parse(JSON.stringify(value, (key, v) => (drop.has(key) ? undefined : v)));
}

describe("export → import into an empty database", () => {
  it("reproduces the same ledger and the same figures", async () => {
    const doc = await demoExport();
    const target = copyOf("empty");
    const result = await importLedger(target.db, JSON.parse(JSON.stringify(doc)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.projects.map((p) => p.caseNumber).sort()).toEqual(["KAJDno-2023-1068", "KAJDno-2024-1358", "KAJDno-2025-1294", "KAJDno-2026-641"]);
    expect(result.summary.organisations.every((o) => o.action === "created")).toBe(true);
    expect(await counts(target.db)).toEqual(await counts(source.db));

    for (const p of doc.projects) expect(await figures(target.db, p.caseNumber)).toEqual(await figures(source.db, p.caseNumber));
    expect(await cityCommitmentsByYear(target.db, SEES_ALL)).toMatchObject({
      years: (await cityCommitmentsByYear(source.db, SEES_ALL)).years,
      total: (await cityCommitmentsByYear(source.db, SEES_ALL)).total,
    });
    const strip = (rows: Awaited<ReturnType<typeof listPortfolio>>["rows"]) => rows.map(({ id: _id, ...r }) => r);
    expect(strip((await listPortfolio(target.db, SEES_ALL)).rows)).toEqual(strip((await listPortfolio(source.db, SEES_ALL)).rows));
    // Exported again, it is the same document.
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
  });

  it("gives the same SUMMIT figures through the API", async () => {
    const target = copyOf("empty");
    expect((await importLedger(target.db, await demoExport())).ok).toBe(true);
    setDbForTests(target.db);
    try {
      await seedDemoUsers(target.db); // the ledger file carries no accounts
      const headers = await headersFor(target.db, "committee");
      const id = await projectIdByCase(target.db, "KAJDno-2025-1294");
      const d = await jsonOf(await callLoader(projectApi, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers }));
      expect(d.commitmentsByYear).toEqual([
        { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
        { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
        { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
      ]);
      expect(d.planByYear.map((y: { totalCents: number }) => y.totalCents)).toEqual([19_589_041, 26_000_000, 6_410_959]);
    } finally {
      setDbForTests(source.db);
    }
  });

  it("carries every plan version, entered yearly amounts, staff hours and the cost model", async () => {
    // A second version of SUMMIT with costs as hours × rate under the 40 % flat rate and ESR entered by year.
    const from = copyOf("demo");
    const summitId = await projectIdByCase(from.db, "KAJDno-2025-1294");
    const current = await from.db
      .selectFrom("plan_version")
      .select("revision")
      .where("project_id", "=", summitId)
      .where("state", "=", "current")
      .executeTakeFirstOrThrow();
    await savePlan(
      from.db,
      SYSTEM,
      summitId,
      {
        start: "2026-04-01",
        end: "2028-03-30",
        totalBudgetCents: 52_000_000,
        costModel: "flat_40",
        flatRateBp: 4000,
        note: "Muutos",
        lines: [
          {
            side: "cost",
            kind: "staff",
            organisationId: null,
            label: "Henkilöstö",
            amountCents: 0,
            statedPercentBp: null,
            staffHoursCenti: 1_160_714,
            hourlyRateCents: 3_200,
            years: [],
          },
          {
            side: "financing",
            kind: "esr",
            organisationId: null,
            label: "",
            amountCents: 41_600_000,
            statedPercentBp: 8000,
            staffHoursCenti: null,
            hourlyRateCents: null,
            years: [
              { year: 2026, amountCents: 15_000_000 },
              { year: 2027, amountCents: 20_000_000 },
              { year: 2028, amountCents: 6_600_000 },
            ],
          },
          {
            side: "financing",
            kind: "own",
            organisationId: null,
            label: "",
            amountCents: 10_400_000,
            statedPercentBp: 2000,
            staffHoursCenti: null,
            hourlyRateCents: null,
            years: [],
          },
        ],
        implementers: [],
      },
      { revision: current.revision, asNewVersion: true },
    );
    const doc = await exportedDocument(from.db);
    const summit = doc.projects.find((p) => p.caseNumber === "KAJDno-2025-1294")!;
    // v2 is the proposal of the change request of § 14 (pending in the test data); the plan
    // saved above as a new version is v3 and supersedes v1, so the request is now stale.
    expect(summit.planVersions.map((v) => [v.versionNumber, v.state])).toEqual([
      [1, "superseded"],
      [2, "proposed"],
      [3, "current"],
    ]);
    expect(summit.changeRequests).toEqual([expect.objectContaining({ state: "pending", baseVersionNumber: 1, proposedVersionNumber: 2 })]);
    expect(summit.planVersions[2]!.costLines[0]).toMatchObject({ staffHoursCenti: 1_160_714, hourlyRateCents: 3_200, amountCents: 37_142_848 });
    expect(summit.planVersions[2]!.costLines[1]).toMatchObject({ kind: "flat_rate", amountCents: 14_857_139 });
    expect(summit.planVersions[2]!.financingLines[0]!.years).toEqual([
      { year: 2026, amountCents: 15_000_000 },
      { year: 2027, amountCents: 20_000_000 },
      { year: 2028, amountCents: 6_600_000 },
    ]);

    const target = copyOf("empty");
    const result = await importLedger(target.db, JSON.parse(JSON.stringify(doc)));
    expect(result.ok).toBe(true);
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
    for (const p of doc.projects) expect(await figures(target.db, p.caseNumber)).toEqual(await figures(from.db, p.caseNumber));
  });

  it("carries SUMMIT's change request decided on its condition: the same request, versions and figures", async () => {
    const from = await decidedCopy();
    const doc = await exportedDocument(from.db);
    const summit = doc.projects.find((p) => p.caseNumber === SUMMIT)!;
    expect(summit.planVersions.map((v) => [v.versionNumber, v.state, v.totalBudgetCents])).toEqual([
      [1, "superseded", 52_000_000],
      [2, "current", 50_400_000],
    ]);
    expect(summit.planVersions[1]!.commitments).toEqual([
      expect.objectContaining({
        amountCents: 8_250_000,
        conditionStatus: "pending",
        conditionText: "Mikäli hanke saa ESR-rahoituksen.",
        decisionBody: DIVISION,
        decisionDate: "2026-05-20",
        decisionSection: "14",
        years: [],
      }),
    ]);
    expect(summit.changeRequests).toEqual([
      expect.objectContaining({
        direction: "grantee_to_city",
        requestedBy: doc.organisations.find((o) => o.name === "Kajaanin Haka ry")!.ref,
        receivedOn: "2026-05-20",
        kinds: ["postpone_start", "extend", "budget", "financing_plan", "city_cofinancing", "target_group"],
        baseVersionNumber: 1,
        proposedVersionNumber: 2,
        state: "approved_conditionally",
        conditionState: "pending",
        conditionText: "Mikäli hanke saa ESR-rahoituksen.",
        conditionSettledOn: null,
        decisionBody: DIVISION,
        decisionDate: "2026-05-20",
        decisionSection: "14",
        previousTargetGroup: "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään",
      }),
    ]);

    const target = copyOf("empty");
    const result = await importLedger(target.db, JSON.parse(JSON.stringify(doc)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.projects.find((p) => p.caseNumber === SUMMIT)).toMatchObject({ versions: 2, commitments: 2, changeRequests: 1 });
    expect(await counts(target.db)).toEqual(await counts(from.db));
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
    for (const p of doc.projects) expect(await figures(target.db, p.caseNumber)).toEqual(await figures(from.db, p.caseNumber));
    expect((await cityCommitmentsByYear(target.db, SEES_ALL)).total).toEqual((await cityCommitmentsByYear(from.db, SEES_ALL)).total);

    // Through the API: the same versions (the original 55 000 € still there by year), the same request.
    const before = await apiDocument(from.db, SUMMIT);
    const after = await apiDocument(target.db, SUMMIT);
    expect(withoutIds(after)).toEqual(withoutIds(before));
    expect(after.commitmentsByYear).toEqual([
      { year: 2026, confirmedCents: 0, conditionalCents: 459_170 },
      { year: 2027, confirmedCents: 0, conditionalCents: 2_747_491 },
      { year: 2028, confirmedCents: 0, conditionalCents: 2_755_018 },
      { year: 2029, confirmedCents: 0, conditionalCents: 2_288_321 },
    ]);
    expect(after.versions.find((v: { versionNumber: number }) => v.versionNumber === 1)).toMatchObject({
      state: "superseded",
      commitmentsByYear: [
        { year: 2026, confirmedCents: 2_071_918, conditionalCents: 0 },
        { year: 2027, confirmedCents: 2_750_000, conditionalCents: 0 },
        { year: 2028, confirmedCents: 678_082, conditionalCents: 0 },
      ],
    });
    expect(after.changeRequests).toEqual([
      expect.objectContaining({
        state: "approved_conditionally",
        outcome: "conditional",
        decisionSection: "14",
        baseVersionNumber: 1,
        proposedVersionNumber: 2,
      }),
    ]);

    // The imported request is a live one: its condition can be settled, and the commitments follow.
    const imported = await target.db.selectFrom("change_request").select("id").executeTakeFirstOrThrow();
    await decideChangeRequest(target.db, SYSTEM, imported.id, { action: "settle_condition", outcome: "met", date: "2026-09-01" });
    const settled = await apiDocument(target.db, SUMMIT);
    expect(settled.commitmentsByYear.map((y: { confirmedCents: number }) => y.confirmedCents)).toEqual([459_170, 2_747_491, 2_755_018, 2_288_321]);
    expect(settled.changeRequests[0]).toMatchObject({ outcome: "condition_met", conditionState: "met", conditionSettledOn: "2026-09-01" });
  });

  it("uses the organisations that already exist (by business ID, else by name)", async () => {
    const doc = await demoExport();
    const target = copyOf("empty");
    // Without the meetings: their items name the projects by place in the whole file.
    expect((await importLedger(target.db, { ...doc, projects: doc.projects.slice(0, 1), meetings: [], bonusClaims: [] })).ok).toBe(true);
    const result = await importLedger(target.db, { ...doc, projects: doc.projects.slice(1), meetings: [], bonusClaims: [] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.organisations.filter((o) => o.action === "matchedByBusinessId").map((o) => o.name)).toEqual(["Kajaanin Haka ry"]);
    expect(result.summary.organisations.filter((o) => o.action === "matchedByName")).toHaveLength(6);
    expect((await counts(target.db)).organisation).toBe(7);
    expect((await counts(target.db)).project).toBe(4);
  });
});

describe("the example of docs/import-format.md", () => {
  it("imports into an empty database as it stands", async () => {
    const md = fs.readFileSync(path.resolve("docs/import-format.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)![1]!);
    const target = copyOf("empty");
    const result = await importLedger(target.db, example);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.organisations.map((o) => [o.name, o.action])).toEqual([
      ["Kajaanin Haka ry", "created"],
      ["Kajaanin kaupunki", "created"],
      ["Työllisyys- ja kansainvälisyyspalvelut", "created"],
    ]);
  });

  it("names the organisation it actually used when the file calls it something else", async () => {
    const md = fs.readFileSync(path.resolve("docs/import-format.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)![1]!);
    example.organisations[0].name = "Review Yhdistys ry";
    const result = await importLedger(copyOf("demo").db, example);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.organisations[0]).toMatchObject({ name: "Review Yhdistys ry", databaseName: "Kajaanin Haka ry", action: "matchedByBusinessId" });
  });

  it("imports into the demo ledger, using the organisations already there", async () => {
    const md = fs.readFileSync(path.resolve("docs/import-format.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)![1]!);
    const target = copyOf("demo");
    const result = await importLedger(target.db, example);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.organisations.map((o) => [o.name, o.action])).toEqual([
      ["Kajaanin Haka ry", "matchedByBusinessId"],
      ["Kajaanin kaupunki", "matchedByName"],
      ["Työllisyys- ja kansainvälisyyspalvelut", "matchedByName"],
    ]);
    const d = (await getProjectDetail(target.db, SEES_ALL, result.summary.projects[0]!.id))!;
    expect(d.plan.lines.find((l) => l.kind === "flat_rate")!.amountCents).toBe(6_000_000);
    expect(d.commitmentsByYear.map((y) => y.conditionalCents)).toEqual([700_000, 700_000, 700_000]);
    expect(d.warnings.map((w) => w.code)).toContain("CITY_FINANCING_COMMITMENT_MISMATCH");
  });
});

describe("a bad file", () => {
  type Case = { name: string; change: (d: any) => void; path: string; key: string };
  const cases: Case[] = [
    {
      name: "a negative amount",
      change: (d) => (d.projects[1].planVersions[0].financingLines[0].amountCents = -100),
      path: "projects[1].planVersions[0].financingLines[0].amountCents",
      key: "error.money.negative",
    },
    {
      name: "an amount that is not integer cents",
      change: (d) => (d.projects[1].planVersions[0].totalBudgetCents = "520 000,00"),
      path: "projects[1].planVersions[0].totalBudgetCents",
      key: "import.cents",
    },
    {
      name: "a fraction of a cent",
      change: (d) => (d.projects[2].planVersions[0].commitments[0].amountCents = 2_100_000.5),
      path: "projects[2].planVersions[0].commitments[0].amountCents",
      key: "import.cents",
    },
    {
      name: "an end before the start",
      change: (d) => (d.projects[1].planVersions[0].end = "2026-03-31"),
      path: "projects[1].planVersions[0].end",
      key: "error.period.endBeforeStart",
    },
    {
      name: "a split that does not sum",
      change: (d) => (d.projects[2].planVersions[0].commitments[0].years[2].amountCents = 600_000),
      path: "projects[2].planVersions[0].commitments[0].years",
      key: "error.split.sum",
    },
    { name: "an unknown organisation", change: (d) => (d.projects[0].lead = "org-999"), path: "projects[0].lead", key: "import.organisation.unknown" },
    {
      name: "a wrong business-ID check digit",
      change: (d) => (d.organisations.find((o: { businessId: string | null }) => o.businessId).businessId = "0185547-4"),
      path: "organisations[3].businessId",
      key: "error.businessId.checkDigit",
    },
    {
      name: "a duplicate case number",
      change: (d) => (d.projects[3].caseNumber = d.projects[0].caseNumber),
      path: "projects[3].caseNumber",
      key: "import.caseNumber.duplicate",
    },
    {
      name: "a plan-line year outside the period",
      change: (d) => (d.projects[1].planVersions[0].financingLines[1].years = [{ year: 2029, amountCents: 10_400_000 }]),
      path: "projects[1].planVersions[0].financingLines[1].years[0].year",
      key: "error.year.outsidePeriod",
    },
    {
      name: "a flat rate over 100 %",
      change: (d) => Object.assign(d.projects[1].planVersions[0], { costModel: "flat_staff", flatRateBp: 15_000 }),
      path: "projects[1].planVersions[0].flatRateBp",
      key: "import.bp",
    },
  ];

  for (const c of cases) {
    it(`is refused for ${c.name}, with its path, and nothing is saved`, async () => {
      const doc = await demoExport();
      c.change(doc);
      const target = copyOf("empty");
      const before = await counts(target.db);
      const result = await importLedger(target.db, JSON.parse(JSON.stringify(doc)));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([expect.objectContaining({ path: c.path, key: c.key })]);
      expect(await counts(target.db)).toEqual(before);
    });
  }

  // SUMMIT (projects[1]) with its request of § 14, pending or (in `decided`) approved on its condition.
  const requestCases: (Case & { decided?: boolean; problems?: [string, string][] })[] = [
    {
      name: "a request naming a version the project lacks",
      change: (d) => (d.projects[1].changeRequests[0].baseVersionNumber = 9),
      path: "projects[1].changeRequests[0].baseVersionNumber",
      key: "import.changeRequest.versionUnknown",
    },
    {
      name: "a pending request whose proposal is not in state proposed",
      change: (d) => (d.projects[1].planVersions[1].state = "superseded"),
      path: "projects[1].changeRequests[0].proposedVersionNumber",
      key: "import.changeRequest.proposedState",
    },
    {
      name: "a proposed version that no request proposes",
      change: (d) => (d.projects[1].changeRequests = []),
      path: "",
      key: "",
      problems: [
        ["projects[1].planVersions[1].state", "import.versions.withoutRequest"],
        // § 14 of the demo's meeting names SUMMIT's request.
        ["meetings[0].items[1].changeRequest", "import.choice"],
      ],
    },
    {
      name: "a pending request with a decision date",
      change: (d) => (d.projects[1].changeRequests[0].decisionDate = "2026-05-20"),
      path: "projects[1].changeRequests[0].decisionDate",
      key: "import.changeRequest.decisionOnPending",
    },
    {
      name: "an unknown requester",
      change: (d) => (d.projects[1].changeRequests[0].requestedBy = "org-999"),
      path: "projects[1].changeRequests[0].requestedBy",
      key: "import.organisation.unknown",
    },
    {
      name: "an unknown kind of change",
      change: (d) => (d.projects[1].changeRequests[0].kinds = ["postpone_start", "rename"]),
      path: "projects[1].changeRequests[0].kinds[1]",
      key: "import.choice",
    },
    {
      name: "a conditional approval without its condition's state",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].conditionState = null),
      path: "projects[1].changeRequests[0].conditionState",
      key: "import.changeRequest.conditionStateRequired",
    },
    {
      name: "a decision without its body",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].decisionBody = ""),
      path: "projects[1].changeRequests[0].decisionBody",
      key: "changeRequest.problem.BODY_MISSING",
    },
    {
      name: "a decision without its date",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].decisionDate = null),
      path: "projects[1].changeRequests[0].decisionDate",
      key: "changeRequest.problem.DATE_MISSING",
    },
    {
      name: "a decision dated before the request",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].decisionDate = "2026-05-19"),
      path: "projects[1].changeRequests[0].decisionDate",
      key: "changeRequest.problem.DATE_BEFORE_REQUEST",
    },
    {
      name: "a condition met without the day it was met",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].conditionState = "met"),
      path: "projects[1].changeRequests[0].conditionSettledOn",
      key: "error.required",
    },
    {
      name: "a failed condition whose proposal is still current",
      decided: true,
      change: (d) => Object.assign(d.projects[1].changeRequests[0], { conditionState: "failed", conditionSettledOn: "2026-09-01" }),
      path: "projects[1].changeRequests[0].proposedVersionNumber",
      key: "import.changeRequest.proposedState",
    },
    {
      name: "two current versions",
      decided: true,
      change: (d) => (d.projects[1].planVersions[0].state = "current"),
      path: "projects[1].planVersions",
      key: "import.versions.current",
    },
    {
      name: "a plain approval with a condition",
      decided: true,
      change: (d) => (d.projects[1].changeRequests[0].state = "approved"),
      path: "",
      key: "",
      problems: [
        ["projects[1].changeRequests[0].conditionState", "import.changeRequest.conditionStateNotAllowed"],
        ["projects[1].changeRequests[0].conditionText", "import.changeRequest.conditionTextNotAllowed"],
      ],
    },
  ];

  for (const c of requestCases) {
    it(`is refused for ${c.name}, with its path, and nothing is saved`, async () => {
      const doc: any = c.decided ? structuredClone(await exportedDocument((await decidedCopy()).db)) : await demoExport();
      c.change(doc);
      const target = copyOf("empty");
      const before = await counts(target.db);
      const result = await importLedger(target.db, JSON.parse(JSON.stringify(doc)));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => [p.path, p.key])).toEqual(c.problems ?? [[c.path, c.key]]);
      expect(await counts(target.db)).toEqual(before);
    });
  }

  it("is refused when its case numbers are already in the database, every one reported", async () => {
    const target = copyOf("demo");
    const before = await counts(target.db);
    const doc = await demoExport();
    const result = await importLedger(target.db, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      ...[0, 1, 2, 3].map((i) => ({ path: `projects[${i}].caseNumber`, key: "error.caseNumber.duplicate" })),
      // So are the § numbers of the demo's meeting: the body has used them in 2026.
      ...[13, 14, 15, 18].map((section, k) => ({ path: `meetings[0].items[${k}].section`, key: "agenda.error.sectionTaken", params: { section } })),
      // And the demo's live bonus claims: each placement is already claimed (its 2026 budget is kept, no problem).
      ...doc.bonusClaims!.flatMap((c, i) =>
        c.status === "withdrawn" ? [] : [{ path: `bonusClaims[${i}].reference`, key: "bonus.error.duplicate", params: { filedDay: c.filedOn } }],
      ),
    ]);
    expect(await counts(target.db)).toEqual(before);
  });

  it("reports every problem at once, also beside a value it cannot read", async () => {
    const doc: any = await demoExport();
    // All but two that would hide another's problem: a fraction of a cent (the split's sum, same
    // commitment) and a year outside the period (the period is itself wrong).
    const several = cases.filter((c) => c.name !== "a fraction of a cent" && c.name !== "a plan-line year outside the period");
    for (const c of several) c.change(doc);
    const target = copyOf("empty");
    const result = await importLedger(target.db, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.key]).sort()).toEqual(several.map((c) => [c.path, c.key]).sort());
    expect(await counts(target.db)).toEqual(await counts(copyOf("empty").db));
  });
});

describe("targets, obligations and payment applications in the file", () => {
  const KOTONA = "KAJDno-2024-1358";
  const FLOW = "KAJDno-2023-1068";
  const at = (d: any, caseNumber: string) => d.projects.findIndex((p: { caseNumber: string }) => p.caseNumber === caseNumber);

  it("are exported with their entries, deadlines (state and dates) and applications, and import back as they were", async () => {
    const doc: any = await demoExport();
    const kotona = doc.projects[at(doc, KOTONA)];
    expect(kotona.targets).toEqual([
      {
        kind: "reach",
        name: "",
        unit: "",
        targetKind: "count",
        target: 375,
        entries: [
          { date: "2025-11-30", value: 96, women: 55, men: 41, other: 0, note: "Syksyn 2025 ryhmät", report: null },
          { date: "2026-05-05", value: 95, women: 56, men: 39, other: 0, note: "Tilanne väliraportissa (§ 13, 20.5.2026)", report: null },
        ],
      },
    ]);
    // The last, SPR's yearly report on its part of the project, came with its (returned) report.
    expect(kotona.obligations.map((o: { kind: string }) => o.kind)).toEqual(["committee_report", "final_report", "payment_application", "yearly_report"]);
    expect(kotona.obligations[0].deadlines.find((x: { dueDate: string }) => x.dueDate === "2026-05-30")).toMatchObject({
      status: "accepted",
      decidedOn: "2026-05-20",
    });
    expect(kotona.paymentApplications.map((a: { status: string; amountApprovedCents: number }) => [a.status, a.amountApprovedCents])).toEqual([
      ["approved", 11_842_050],
      ["approved", 13_190_620],
    ]);

    const target = copyOf("empty");
    expect((await importLedger(target.db, structuredClone(doc))).ok).toBe(true);
    // Totals recomputed from the entries, exactly as the model's own recount gives them.
    const totals = (db: DB) =>
      db
        .selectFrom("indicator as i")
        .innerJoin("project as p", "p.id", "i.project_id")
        .select([
          "p.case_number",
          "i.kind",
          "i.value_total",
          "i.women_total",
          "i.men_total",
          "i.other_total",
          "i.gender_reported_total",
          "i.entry_count",
          "i.last_entry_date",
          "i.position",
        ])
        .orderBy("p.case_number")
        .orderBy("i.position")
        .execute();
    expect(await totals(target.db)).toEqual(await totals(source.db));
    const recount = await target.db
      .selectFrom("indicator as i")
      .select([
        "i.value_total",
        "i.entry_count",
        (eb) =>
          eb
            .selectFrom("indicator_entry as e")
            .select((x) => x.fn.coalesce(x.fn.sum<number>("e.value"), x.lit(0)).as("s"))
            .whereRef("e.indicator_id", "=", "i.id")
            .as("sum"),
      ])
      .execute();
    for (const r of recount) expect(Number(r.sum)).toBe(r.value_total);
    expect(
      (await target.db.selectFrom("indicator_entry").select("source").distinct().execute()).map((r) => r.source),
      "imported entries are marked 'import'",
    ).toEqual(["import"]);
    // Obligations generated for the current period, their deadlines as in the file (ids aside).
    const stale = await target.db
      .selectFrom("obligation as o")
      .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "o.project_id").on("v.state", "=", "current"))
      .select("o.id")
      .where((eb) => eb.or([eb("o.gen_start", "<>", eb.ref("v.start_date")), eb("o.gen_end", "<>", eb.ref("v.end_date"))]))
      .execute();
    expect(stale).toEqual([]);
    expect(comparable(await exportedDocument(target.db)).projects.map((p: any) => [p.targets, p.obligations, p.paymentApplications])).toEqual(
      comparable(doc).projects.map((p: any) => [p.targets, p.obligations, p.paymentApplications]),
    );
  });

  it("keeps the deadlines as the file has them: nothing generated again, states and dates kept", async () => {
    const doc: any = await demoExport();
    const flow = doc.projects[at(doc, FLOW)];
    // Only the first deadline of the yearly report, returned, with a note of its own.
    flow.obligations[0].deadlines = [{ ...flow.obligations[0].deadlines[0], status: "returned", note: "Täydennettävä" }];
    const target = copyOf("empty");
    const result = await importLedger(target.db, doc);
    expect(result.ok, JSON.stringify(result).slice(0, 500)).toBe(true);
    if (!result.ok) return;
    // FLOW's three entries came from its accepted final report (reach, outcomes, partners).
    expect(result.summary.projects.find((p) => p.caseNumber === FLOW)).toMatchObject({
      targets: 3,
      entries: 3,
      obligations: 2,
      paymentApplications: 0,
      reports: 1,
    });
    const again: any = await exportedDocument(target.db);
    expect(again.projects[at(again, FLOW)].obligations[0].deadlines).toEqual(flow.obligations[0].deadlines);
  });

  it("imports a file without them as before", async () => {
    const doc: any = await demoExport();
    for (const p of doc.projects) {
      delete p.targets;
      delete p.obligations;
      delete p.paymentApplications;
      // The reports name the obligations' deadlines: a file without obligations (as before reports) has none either.
      delete p.reports;
      delete p.realisedYears;
      delete p.refund;
    }
    const target = copyOf("empty");
    expect((await importLedger(target.db, doc)).ok).toBe(true);
    const c = await counts(target.db);
    expect([c.indicator, c.indicator_entry, c.obligation, c.deadline, c.payment_application]).toEqual([0, 0, 0, 0, 0]);
    expect(c.project).toBe(4);
  });

  type FollowUpCase = { name: string; change: (d: any, k: number, f: number) => void; problems: [string, string][] };
  const followUpCases: FollowUpCase[] = [
    {
      name: "an entry after the project's period",
      change: (d, k) => (d.projects[k].targets[0].entries[1].date = "2031-01-01"),
      problems: [["targets[0].entries[1].date", "error.entry.outsidePeriod"]],
    },
    {
      name: "a gender split that does not add up, and one given in part",
      change: (d, k) => {
        d.projects[k].targets[0].entries[0].women = 60;
        d.projects[k].targets[0].entries[1].other = null;
      },
      problems: [
        ["targets[0].entries[0].women", "error.entry.genderSum"],
        ["targets[0].entries[1].other", "import.entry.genderPartial"],
      ],
    },
    {
      name: "a negative count and a fraction",
      change: (d, k) => {
        d.projects[k].targets[0].entries[0].value = -1;
        d.projects[k].targets[0].target = 37.5;
      },
      problems: [
        ["targets[0].entries[0].value", "import.count"],
        ["targets[0].target", "import.count"],
      ],
    },
    {
      name: "outcomes above those reached, and a second reach target",
      change: (d, _k, f) => {
        d.projects[f].targets[1].entries[0].value = 500;
        d.projects[f].targets.push({ kind: "reach", targetKind: "count", target: 10, entries: [] });
      },
      problems: [
        ["targets[1].entries", "error.entry.outcomeAboveReach"],
        ["targets[3].kind", "import.target.kindRepeated"],
      ],
    },
    {
      name: "a percentage target for reach",
      change: (d, k) => (d.projects[k].targets[0].targetKind = "percent"),
      problems: [["targets[0].targetKind", "import.target.percentOnlyOutcome"]],
    },
    {
      name: "an obligation's rule field of another kind, and a deadline decided before it was submitted",
      change: (d, k) => {
        d.projects[k].obligations[1].everyMonths = 6;
        const x = d.projects[k].obligations[0].deadlines[0];
        Object.assign(x, { status: "accepted", submittedOn: "2026-01-10", decidedOn: "2026-01-01" });
      },
      problems: [
        ["obligations[0].deadlines[0].decidedOn", "error.deadline.decidedBeforeSubmitted"],
        ["obligations[1].everyMonths", "import.obligation.fieldNotAllowed"],
      ],
    },
    {
      name: "an open deadline with a submission date, a repeated number, an unknown status",
      change: (d, k) => {
        const ds = d.projects[k].obligations[2].deadlines;
        ds[ds.length - 1] = { ...ds[ds.length - 1], status: "open", submittedOn: "2026-01-01", decidedOn: null, seq: ds[0].seq };
        d.projects[k].obligations[1].deadlines[0].status = "late";
      },
      problems: [
        ["obligations[1].deadlines[0].status", "import.choice"],
        [`obligations[2].deadlines[LAST].seq`, "import.deadline.seqRepeated"],
        [`obligations[2].deadlines[LAST].submittedOn`, "import.deadline.datesOnOpen"],
      ],
    },
    {
      name: "a payment application approved above the amount applied, and one without its decision date",
      change: (d, k) => {
        d.projects[k].paymentApplications[0].amountApprovedCents = 99_999_999;
        d.projects[k].paymentApplications[1].decidedOn = null;
      },
      problems: [
        ["paymentApplications[0].amountApprovedCents", "payment.error.approvedAboveApplied"],
        ["paymentApplications[1].decidedOn", "payment.error.decidedRequired"],
      ],
    },
    {
      name: "an unknown field in an entry",
      change: (d, k) => (d.projects[k].targets[0].entries[0].source = "manager"),
      problems: [["targets[0].entries[0]", "import.unknownField"]],
    },
  ];

  for (const c of followUpCases) {
    it(`refuses ${c.name}, with its path, and saves nothing`, async () => {
      const doc: any = await demoExport();
      const k = at(doc, KOTONA);
      const f = at(doc, FLOW);
      c.change(doc, k, f);
      const last = doc.projects[k].obligations[2].deadlines.length - 1;
      const target = copyOf("empty");
      const before = await counts(target.db);
      const result = await importLedger(target.db, doc);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const prefix = (path: string) => (path.startsWith("targets[1].entries") || path.startsWith("targets[3]") ? `projects[${f}].` : `projects[${k}].`);
      expect(result.problems.map((p) => [p.path, p.key]).sort()).toEqual(
        c.problems.map(([path, key]) => [prefix(path) + path.replace("LAST", String(last)), key] as [string, string]).sort(),
      );
      expect(await counts(target.db)).toEqual(before);
    });
  }
});

describe("npm run import (the CLI)", () => {
  const run = async (file: string, database: string, ...args: string[]) => {
    try {
      const r = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["scripts/import.ts", file, ...args], {
        env: { ...process.env, DATABASE_PATH: database, NODE_ENV: "test" },
        timeout: 60_000,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout: string; stderr: string };
      return { code: err.code ?? -1, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it("exits non-zero on a bad file, prints each problem with its path, saves nothing; imports a good one", async () => {
    const doc: any = await demoExport();
    const target = copyOf("empty");
    await target.db.destroy();
    opened.splice(opened.indexOf(target), 1);
    const good = path.join(TMP, `import-${crypto.randomUUID()}.json`);
    const bad = path.join(TMP, `import-${crypto.randomUUID()}.json`);
    fs.writeFileSync(good, JSON.stringify(doc));
    doc.projects[2].planVersions[0].commitments[0].years[2].amountCents = 600_000;
    fs.writeFileSync(bad, JSON.stringify(doc));
    try {
      const failed = await run(bad, target.file, "--lang", "en");
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(
        "projects[2].planVersions[0].commitments[0].years: The years add up to 20\u00a0000\u00a0€, not to the total 21\u00a0000\u00a0€.",
      );
      expect(failed.stderr).toContain("Import failed (problems: 1). Nothing was saved.");
      const check = openDatabase(target.file);
      expect((await counts(check)).project).toBe(0);
      await check.destroy();

      const ok = await run(good, target.file, "--lang", "en");
      expect(ok.code).toBe(0);
      // SUMMIT has its original plan and the proposal of its pending change request (§ 14),
      // each with the city's commitment under it (55 000 € and the proposed 82 500 €).
      expect(ok.stdout).toContain("4 projects, 5 plan versions, 5 commitments, 1 change requests");
      expect(ok.stdout).toContain("project KAJDno-2025-1294 SUMMIT: 2 plan versions, 2 commitments, 1 change requests");
      const after = openDatabase(target.file);
      expect((await counts(after)).project).toBe(4);
      expect((await counts(after)).change_request).toBe(1);
      await after.destroy();

      expect((await run("/nonexistent.json", target.file)).code).toBe(1);
      expect((await run(good, target.file, "--bogus")).code).toBe(2);
    } finally {
      for (const f of [good, bad, target.file, `${target.file}-wal`, `${target.file}-shm`]) fs.rmSync(f, { force: true });
    }
  }, 120_000);
});

describe("bounded queries", () => {
  it("loads plan versions in batches with the same result (no IN list longer than the batch)", async () => {
    const { loadPlanBundles } = await import("~/models/plan.server");
    const { db } = copyOf("demo");
    const ids = (await db.selectFrom("plan_version").select("id").orderBy("id").execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(2);
    const whole = await loadPlanBundles(db, { versionIds: ids });
    const batched = await loadPlanBundles(db, { versionIds: ids }, undefined, 1);
    expect([...batched.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const id of ids) expect(batched.get(id)).toEqual(whole.get(id));
  });
});
