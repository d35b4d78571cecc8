/**
 * Grantees' reports in the ledger file: the demo's export carries FLOW's accepted final report
 * (with the entries it gave and the realised figures per year), SUMMIT's draft and Kotona
 * Kajaanissa's returned report with its comments; exported, imported into an empty database and
 * exported again it is the same file, with the reports linked to their deadlines, the entries
 * to their report and the realised figures recomputed, nothing of acceptance applied twice; a
 * refund and attachments' metadata (never the files) go both ways; an older file without
 * reports still imports; a file whose reports break the rules is refused with the problem's
 * path, and nothing is saved.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { exportedDocument } from "../helpers/export";
import { openDatabase, type DB } from "../../db/connection";
import { importLedger } from "~/models/ledger-import.server";
import { claimRefund, markRefundPaid, refundView } from "~/models/report.server";
import { SYSTEM } from "~/models/audit.server";
import { realisedByYear } from "~/domain/report";
import { translator } from "~/i18n";
import type { LedgerFile } from "~/schemas/ledger-file";

const source = useTestDatabase("demo");

const TMP = path.resolve("tests/.tmp");
const opened: { db: DB; file: string }[] = [];

/** Another database of this test file: a copy of a template, not wired into the app. */
function copyOf(kind: "empty" | "demo"): { db: DB; file: string } {
  const file = path.join(TMP, `reports-${crypto.randomUUID()}.sqlite`);
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

const FLOW = "KAJDno-2023-1068";
const SUMMIT = "KAJDno-2025-1294";
const KOTONA = "KAJDno-2024-1358";

type Doc = any;
const at = (d: Doc, caseNumber: string): number => d.projects.findIndex((p: { caseNumber: string }) => p.caseNumber === caseNumber);
const project = (d: Doc, caseNumber: string) => d.projects[at(d, caseNumber)];

async function demoExport(db: DB = source.db): Promise<Doc> {
  return structuredClone(await exportedDocument(db));
}

/** The export without what legitimately differs between two databases: the export time, and ids in organisation refs (as import.test.ts). */
function comparable(doc: LedgerFile) {
  const names = new Map(doc.organisations.map((o) => [o.ref, o.name]));
  const json = JSON.stringify({ ...doc, exportedAt: undefined }, (key, value) =>
    ["ref", "parent", "lead", "funder", "organisation", "requestedBy"].includes(key) && typeof value === "string" ? (names.get(value) ?? value) : value,
  );
  return JSON.parse(json);
}

const TABLES = ["report", "report_cost", "report_comment", "report_attachment", "realised_year", "refund", "indicator", "indicator_entry", "deadline"] as const;

async function counts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

/** Each report with what it is linked to, by case number, deadline (obligation kind, seq) and entries, ids aside. */
async function links(db: DB) {
  const reports = await db
    .selectFrom("report as r")
    .innerJoin("project as p", "p.id", "r.project_id")
    .leftJoin("deadline as d", "d.id", "r.deadline_id")
    .leftJoin("obligation as o", "o.id", "d.obligation_id")
    .leftJoin("organisation as g", "g.id", "r.organisation_id")
    .select([
      "r.id",
      "p.case_number",
      "r.kind",
      "r.status",
      "o.kind as obligation",
      "o.title",
      "d.seq",
      "d.status as deadline_status",
      "g.name as organisation",
    ])
    .orderBy("p.case_number")
    .orderBy("r.id")
    .execute();
  const entries = await db
    .selectFrom("indicator_entry as e")
    .innerJoin("indicator as i", "i.id", "e.indicator_id")
    .select(["e.report_id", "i.kind", "e.value"])
    .where("e.report_id", "is not", null)
    .orderBy("i.kind")
    .execute();
  return reports.map(({ id, ...r }) => ({ ...r, entries: entries.filter((e) => e.report_id === id).map((e) => [e.kind, e.value]) }));
}

async function realised(db: DB) {
  return db
    .selectFrom("realised_year as y")
    .innerJoin("project as p", "p.id", "y.project_id")
    .select(["p.case_number", "y.year", "y.cost_cents", "y.esr_cents", "y.city_cents", "y.other_cents", "y.report_count"])
    .orderBy("p.case_number")
    .orderBy("y.year")
    .execute();
}

describe("the demo's export", () => {
  it("carries FLOW's accepted final report, SUMMIT's draft and Kotona Kajaanissa's returned report with its two comments", async () => {
    const doc = await demoExport();
    const flow = project(doc, FLOW);
    expect(flow.reports).toHaveLength(1);
    const final = flow.reports[0];
    expect(flow.obligations[final.deadline.obligation].kind).toBe("final_report");
    expect(final).toMatchObject({
      deadline: { seq: 1 },
      kind: "final",
      status: "accepted",
      organisation: doc.organisations.find((o: { name: string }) => o.name === "Kajaanin Haka ry").ref,
      periodStart: "2023-09-01",
      periodEnd: "2025-12-31",
      reachedWomen: 0,
      reachedMen: 0,
      reachedOther: 121,
      reachedTotal: 121,
      outcomeWork: 64,
      outcomeEducation: 36,
      outcomeOther: 9,
      partners: 93,
      esrReceivedCents: 30_240_000,
      cityReceivedCents: 8_000_000,
      otherReceivedCents: 0,
      submissionCount: 1,
      submittedAt: "2026-03-01T09:12:00.000Z",
      returnedAt: null,
      acceptedAt: "2026-05-20T11:30:00.000Z",
      comments: [],
      attachments: [],
    });
    // 270 000,00 € of staff costs and the 40 % flat rate on them, 108 000,00 €.
    expect(final.costs).toEqual([
      { kind: "staff", amountCents: 27_000_000, explanation: "" },
      { kind: "flat_rate", amountCents: 10_800_000, explanation: "" },
    ]);
    expect(final.doneText).toContain("121 henkilöä");
    expect(Object.keys(final)).toEqual([
      "deadline",
      "kind",
      "status",
      "organisation",
      "periodStart",
      "periodEnd",
      "reachedWomen",
      "reachedMen",
      "reachedOther",
      "reachedTotal",
      "outcomeWork",
      "outcomeEducation",
      "outcomeOther",
      "partners",
      "esrReceivedCents",
      "cityReceivedCents",
      "otherReceivedCents",
      "doneText",
      "changesText",
      "nextText",
      "submissionCount",
      "submittedAt",
      "returnedAt",
      "acceptedAt",
      "createdAt",
      "updatedAt",
      "costs",
      "comments",
      "attachments",
    ]);
    // No account is in the file: who wrote, submitted or accepted the report is not there.
    expect(JSON.stringify(doc)).not.toMatch(/@hankevahti\.test|submittedBy|acceptedBy|createdBy/);

    const summit = project(doc, SUMMIT);
    expect(summit.reports).toEqual([
      expect.objectContaining({
        kind: "yearly",
        status: "draft",
        periodStart: "2026-04-01",
        periodEnd: "2027-03-31",
        reachedTotal: 14,
        outcomeWork: 2,
        outcomeEducation: null,
        partners: null,
        esrReceivedCents: null,
        submissionCount: 0,
        submittedAt: null,
        acceptedAt: null,
        costs: [],
      }),
    ]);
    expect(summit.obligations[summit.reports[0].deadline.obligation].kind).toBe("yearly_report");
    expect(summit.realisedYears).toEqual([]);

    const kotona = project(doc, KOTONA);
    expect(kotona.reports).toHaveLength(1);
    const returned = kotona.reports[0];
    expect(returned).toMatchObject({
      kind: "yearly",
      status: "returned",
      reachedTotal: 38,
      submissionCount: 1,
      submittedAt: "2026-05-28T09:12:00.000Z",
      returnedAt: "2026-06-10T11:30:00.000Z",
      acceptedAt: null,
      organisation: doc.organisations.find((o: { name: string }) => o.name === "Suomen Punaisen Ristin Oulun piiri").ref,
    });
    expect(kotona.obligations[returned.deadline.obligation]).toMatchObject({ kind: "yearly_report", title: "SPR Oulun piirin vuosiraportti osatoteutuksesta" });
    expect(returned.comments).toEqual([
      {
        round: 1,
        section: "costs",
        body: "Henkilöstökulut poikkeavat maksatushakemuksesta: tarkistakaa summa ja kertokaa ero.",
        createdAt: "2026-06-10T11:30:00.000Z",
      },
      { round: 1, section: "reach", body: "Kertokaa, montako tavoitetuista on myös kaupungin palveluiden asiakkaita.", createdAt: "2026-06-10T11:30:00.000Z" },
    ]);
    // A returned report adds nothing: no entry names it, no realised figures.
    expect(kotona.targets.flatMap((t: { entries: { report: number | null }[] }) => t.entries.map((e) => e.report))).toEqual([null, null]);
    expect(kotona.realisedYears).toEqual([]);
    for (const p of doc.projects) expect(p.refund).toBeNull();
  });

  it("links FLOW's entries to its report and carries FLOW's realised figures per year", async () => {
    const flow = project(await demoExport(), FLOW);
    expect(
      flow.targets.map((t: { kind: string; entries: { value: number; report: number | null }[] }) => [t.kind, t.entries.map((e) => [e.value, e.report])]),
    ).toEqual([
      ["reach", [[121, 0]]],
      ["outcome_either", [[100, 0]]],
      ["partners", [[93, 0]]],
    ]);
    // The report's money spread over 1.9.2023–31.12.2025 by days, as acceptance recorded it.
    const spread = realisedByYear("2023-09-01", "2025-12-31", { costCents: 37_800_000, esrCents: 30_240_000, cityCents: 8_000_000, otherCents: 0 });
    expect(flow.realisedYears).toEqual(spread.map((y) => ({ ...y, reportCount: 1 })));
    expect(flow.realisedYears.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025]);
    const sum = (f: string) => flow.realisedYears.reduce((a: number, y: Record<string, number>) => a + y[f]!, 0);
    expect([sum("costCents"), sum("esrCents"), sum("cityCents"), sum("otherCents")]).toEqual([37_800_000, 30_240_000, 8_000_000, 0]);
  });
});

describe("export → import into an empty database → export", () => {
  it("gives the same file, with the reports linked to their deadlines, the entries to their report, the realised figures recomputed", async () => {
    const doc = await demoExport();
    const target = copyOf("empty");
    const result = await importLedger(target.db, structuredClone(doc));
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.projects.map((p) => [p.caseNumber, p.reports]).sort()).toEqual([
      [FLOW, 1],
      [KOTONA, 1],
      [SUMMIT, 1],
      ["KAJDno-2026-641", 0],
    ]);
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));

    // The same rows: acceptance is not applied again (FLOW's entries are the file's three, not six).
    expect(await counts(target.db)).toEqual(await counts(source.db));
    expect(await links(target.db)).toEqual(await links(source.db));
    expect(await realised(target.db)).toEqual(await realised(source.db));
    expect((await links(target.db)).find((r) => r.case_number === FLOW)).toMatchObject({
      obligation: "final_report",
      seq: 1,
      status: "accepted",
      deadline_status: "accepted",
      organisation: "Kajaanin Haka ry",
      entries: [
        ["outcome_either", 100],
        ["partners", 93],
        ["reach", 121],
      ],
    });
    const flowId = await projectIdByCase(target.db, FLOW);
    const reach = await target.db
      .selectFrom("indicator")
      .select(["value_total", "entry_count"])
      .where("project_id", "=", flowId)
      .where("kind", "=", "reach")
      .executeTakeFirstOrThrow();
    expect(reach).toEqual({ value_total: 121, entry_count: 1 });
    // The imported reports go on as they were: the figures behind a refund are the same.
    const view = async (db: DB) => (await refundView(db, await projectIdByCase(db, FLOW)))?.basis;
    expect(await view(target.db)).toEqual(await view(source.db));
  });

  it("carries a refund, an attachment's metadata (not the file) and a report without a deadline, both ways", async () => {
    const from = copyOf("demo");
    const flowId = await projectIdByCase(from.db, FLOW);
    const basis = (await refundView(from.db, flowId))!.basis;
    expect(basis.overpaidCents).toBeGreaterThan(0);
    await claimRefund(from.db, SYSTEM, flowId, "2026-06-01", "Liikaa maksettu kuntarahoitus");
    const { revision } = await from.db.selectFrom("refund").select("revision").where("project_id", "=", flowId).executeTakeFirstOrThrow();
    await markRefundPaid(from.db, SYSTEM, flowId, "2026-07-15", revision);
    const finalId = (await from.db.selectFrom("report").select("id").where("project_id", "=", flowId).executeTakeFirstOrThrow()).id;
    await from.db
      .insertInto("report_attachment")
      .values({
        report_id: finalId,
        file_name: "loppuraportti.pdf",
        content_type: "application/pdf",
        size_bytes: 48_213,
        sha256: "a".repeat(64),
        created_by: null,
        created_at: "2026-03-01T09:10:00.000Z",
      })
      .execute();
    const summitId = await projectIdByCase(from.db, SUMMIT);
    await from.db.updateTable("report").set({ deadline_id: null }).where("project_id", "=", summitId).execute();

    const doc = await demoExport(from.db);
    const flow = project(doc, FLOW);
    expect(flow.refund).toEqual({
      report: 0,
      amountCents: basis.overpaidCents,
      status: "paid",
      claimedOn: "2026-06-01",
      paidOn: "2026-07-15",
      note: "Liikaa maksettu kuntarahoitus",
      basis,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(flow.reports[0].attachments).toEqual([
      { fileName: "loppuraportti.pdf", contentType: "application/pdf", sizeBytes: 48_213, sha256: "a".repeat(64), createdAt: "2026-03-01T09:10:00.000Z" },
    ]);
    expect(project(doc, SUMMIT).reports[0].deadline).toBeNull();

    const target = copyOf("empty");
    const result = await importLedger(target.db, structuredClone(doc));
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
    expect(await counts(target.db)).toEqual(await counts(from.db));
    const refund = async (db: DB) => {
      const { id: _id, project_id: _p, report_id, revision: _r, ...rest } = await db.selectFrom("refund").selectAll().executeTakeFirstOrThrow();
      const report = await db.selectFrom("report").select(["kind", "status"]).where("id", "=", report_id!).executeTakeFirstOrThrow();
      return { ...rest, basis: JSON.parse(rest.basis), report };
    };
    expect(await refund(target.db)).toEqual(await refund(from.db));
  });

  it("imports an older file without reports, realised figures or refund (nor entries naming a report)", async () => {
    const doc = await demoExport();
    for (const p of doc.projects) {
      delete p.reports;
      delete p.realisedYears;
      delete p.refund;
      for (const t of p.targets) for (const e of t.entries) delete e.report;
    }
    const target = copyOf("empty");
    const result = await importLedger(target.db, doc);
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    const c = await counts(target.db);
    expect([c.report, c.report_cost, c.report_comment, c.realised_year, c.refund]).toEqual([0, 0, 0, 0, 0]);
    expect(c.indicator_entry).toBe((await counts(source.db)).indicator_entry);
    const again = await exportedDocument(target.db);
    expect(project(again, FLOW)).toMatchObject({ reports: [], realisedYears: [], refund: null });
  });
});

describe("a file whose reports break the rules", () => {
  type Case = { name: string; change: (d: Doc, p: { flow: number; summit: number; kotona: number }) => void; problems: [string, string][] };
  const cases: Case[] = [
    {
      name: "realised figures that are not those of the accepted reports",
      change: (d, { flow }) => {
        d.projects[flow].realisedYears[0].costCents += 1;
        d.projects[flow].realisedYears[2].reportCount = 2;
      },
      problems: [
        ["FLOW.realisedYears[0].costCents", "import.realisedYears.mismatch"],
        ["FLOW.realisedYears[2].reportCount", "import.realisedYears.mismatch"],
      ],
    },
    {
      name: "realised figures lacking a year",
      change: (d, { flow }) => d.projects[flow].realisedYears.pop(),
      problems: [["FLOW.realisedYears", "import.choice"]],
    },
    {
      name: "an entry naming a report that was not accepted, and one naming a report twice",
      change: (d, { flow, kotona }) => {
        d.projects[kotona].targets[0].entries[0].report = 0;
        const reach = d.projects[flow].targets[0];
        reach.entries.push({ ...reach.entries[0], value: 1 });
      },
      problems: [
        ["KOTONA.targets[0].entries[0].report", "import.choice"],
        ["FLOW.targets[0].entries[1].report", "import.choice"],
      ],
    },
    {
      name: "a report naming a deadline the obligation lacks, and one naming an obligation that asks for no report",
      change: (d, { summit, kotona }) => {
        d.projects[summit].reports[0].deadline.seq = 99;
        d.projects[kotona].reports[0].deadline.obligation = 2; // payment applications
      },
      problems: [
        ["SUMMIT.reports[0].deadline.seq", "import.choice"],
        ["KOTONA.reports[0].deadline.obligation", "import.choice"],
      ],
    },
    {
      name: "two reports for one deadline, and a report of another kind than its obligation's",
      change: (d, { summit }) => {
        const first = d.projects[summit].reports[0];
        d.projects[summit].reports.push({ ...first, kind: "final" });
      },
      problems: [
        ["SUMMIT.reports[1].deadline.seq", "import.choice"],
        ["SUMMIT.reports[1].kind", "import.choice"],
      ],
    },
    {
      name: "an accepted report without its acceptance time, a submitted one without its submission",
      change: (d, { flow, summit }) => {
        d.projects[flow].reports[0].acceptedAt = null;
        Object.assign(d.projects[summit].reports[0], { status: "submitted", submissionCount: 0 });
      },
      problems: [
        ["FLOW.reports[0].acceptedAt", "error.required"],
        ["SUMMIT.reports[0].submissionCount", "import.tooSmall"],
        ["SUMMIT.reports[0].submittedAt", "error.required"],
      ],
    },
    {
      name: "counts that do not add up, a period ending before it starts, a cost of another cost model",
      change: (d, { kotona }) => {
        const r = d.projects[kotona].reports[0];
        r.reachedTotal = 30; // women 22 + men 16 = 38
        r.periodEnd = "2025-04-30";
        r.costs.push({ kind: "purchased", amountCents: 100, explanation: "" });
      },
      problems: [
        ["KOTONA.reports[0].periodEnd", "report.error.periodReversed"],
        ["KOTONA.reports[0].reachedTotal", "report.error.partsAboveTotal"],
        ["KOTONA.reports[0].costs[2].kind", "import.costKind.notInModel"],
      ],
    },
    {
      name: "values the format does not allow (a negative count, an unknown section, a bad checksum, an unknown field)",
      change: (d, { flow, kotona }) => {
        d.projects[kotona].reports[0].partners = -1;
        d.projects[kotona].reports[0].comments[0].section = "money";
        d.projects[flow].reports[0].attachments = [{ fileName: "x.pdf", contentType: "application/pdf", sizeBytes: 10, sha256: "xyz" }];
        d.projects[flow].reports[0].acceptedBy = "paallikko@hankevahti.test";
      },
      problems: [
        ["KOTONA.reports[0].partners", "import.count"],
        ["KOTONA.reports[0].comments[0].section", "import.choice"],
        ["FLOW.reports[0].attachments[0].sha256", "import.invalid"],
        ["FLOW.reports[0]", "import.unknownField"],
      ],
    },
    {
      name: "a refund paid without its day, naming a report that was not accepted",
      change: (d, { flow }) => {
        d.projects[flow].refund = {
          report: 1,
          amountCents: 100,
          status: "paid",
          claimedOn: "2026-06-01",
          basis: { lines: [], realisedCents: 0, eligibleCents: 0, budgetCents: 0, commitmentCents: 0, dueCents: 0, paidCents: 100, overpaidCents: 100 },
        };
      },
      problems: [
        ["FLOW.refund.paidOn", "error.required"],
        ["FLOW.refund.report", "import.choice"],
      ],
    },
  ];

  for (const c of cases) {
    it(`is refused for ${c.name}, with its path, and nothing is saved`, async () => {
      const doc = await demoExport();
      const p = { flow: at(doc, FLOW), summit: at(doc, SUMMIT), kotona: at(doc, KOTONA) };
      c.change(doc, p);
      const target = copyOf("empty");
      const before = await counts(target.db);
      const result = await importLedger(target.db, doc);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const path = (s: string) => s.replace(/^(FLOW|SUMMIT|KOTONA)/, (name) => `projects[${p[name.toLowerCase() as keyof typeof p]}]`);
      expect(result.problems.map((x) => [x.path, x.key]).sort()).toEqual(c.problems.map(([s, key]) => [path(s), key]).sort());
      expect(await counts(target.db)).toEqual(before);
    });
  }

  it("says what the realised figures should be", async () => {
    const doc = await demoExport();
    const flow = at(doc, FLOW);
    const right = doc.projects[flow].realisedYears[1].esrCents;
    doc.projects[flow].realisedYears[1].esrCents = right + 100;
    const result = await importLedger(copyOf("empty").db, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(`${problem!.path}: ${translator("en")(problem!.key, problem!.params)}`).toBe(
      `projects[${flow}].realisedYears[1].esrCents: The realised figures of KAJDno-2023-1068 for ${doc.projects[flow].realisedYears[1].year} do not match its accepted reports: the file has ${right + 100}, the reports give ${right}.`,
    );
  });

  it("says only what is wrong with a document that is no ledger file", async () => {
    for (const document of [null, 7, { format: "something-else", version: 1, projects: [{ reports: "x" }] }]) {
      const result = await importLedger(copyOf("empty").db, document);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.every((p) => !p.path.startsWith("projects"))).toBe(true);
    }
  });

  it("reports the reports' problems beside those of the rest of the file", async () => {
    const doc = await demoExport();
    const flow = at(doc, FLOW);
    doc.projects[flow].realisedYears[0].cityCents = 0;
    doc.projects[at(doc, SUMMIT)].planVersions[0].end = "2020-01-01";
    const result = await importLedger(copyOf("empty").db, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((x) => [x.path, x.key]).sort()).toEqual(
      [
        [`projects[${at(doc, SUMMIT)}].planVersions[0].end`, "error.period.endBeforeStart"],
        [`projects[${flow}].realisedYears[0].cityCents`, "import.realisedYears.mismatch"],
      ].sort(),
    );
  });
});
