/**
 * Employment bonus claims in the ledger file: claims in every state (waiting, in review, more
 * evidence asked and answered, approved, paid, rejected, withdrawn and filed again), made through
 * the model on a copy of the demo, with their history and their evidence's metadata, and the
 * year's budget: exported, imported into an empty database and exported again they are the same
 * file, the claims linked to the same associations and projects; the same text whatever the claims
 * per step. A file whose claims break the bonus rules (a reference that looks like a personal
 * identity code, a wrong payable day, a second live claim for one placement, studies on
 * unemployment benefit, paid without approval, …) is refused with each problem at its path, and
 * nothing is saved; a claim the database already has is refused too, and a year whose budget the
 * database has keeps it.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { viewerOf } from "../helpers/auth";
import { exportedDocument, exportText } from "../helpers/export";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { importLedger } from "~/models/ledger-import.server";
import { answerClaim, fileClaim, markClaimPaid, reviewClaim, setBonusYear, withdrawClaim, type ClaimInput } from "~/models/bonus.server";
import { setAttachmentDirForTests } from "~/models/attachment.server";
import { addCalendarMonths } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import type { Viewer } from "~/domain/permissions";
import { translator } from "~/i18n";
import type { FileBonusClaim, LedgerFile } from "~/schemas/ledger-file";

const TMP = path.resolve("tests/.tmp");
const DIR = path.join(TMP, `bonus-files-${crypto.randomUUID()}`);
const opened: { db: DB; file: string }[] = [];

/** A database of this test file: a copy of a template, not wired into the app (its statements' parameter counts recorded). */
function copyOf(kind: "empty" | "demo"): { db: DB; parameterCounts: number[] } {
  const file = path.join(TMP, `bonus-${crypto.randomUUID()}.sqlite`);
  fs.copyFileSync(path.join(TMP, `template-${kind}.sqlite`), file);
  const parameterCounts: number[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: openSqlite(file) }),
    log: (event) => {
      parameterCounts.push(event.query.parameters.length);
    },
  });
  opened.push({ db, file });
  return { db, parameterCounts };
}

afterAll(async () => {
  setAttachmentDirForTests(undefined);
  for (const { db, file } of opened) {
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
  fs.rmSync(DIR, { recursive: true, force: true });
});

const FLOW = "KAJDno-2023-1068"; // led by Kajaanin Haka ry
const pdf = (text: string) => ({ fileName: `${text}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`) });
const TODAY = todayInHelsinki();

const TABLES = ["bonus_claim", "bonus_claim_event", "bonus_claim_attachment", "bonus_year"] as const;

async function counts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...TABLES, "project"] as const)
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

/** Each claim with its association and project by name, its history's actions and its files (ids aside). */
async function links(db: DB) {
  const claims = await db
    .selectFrom("bonus_claim as c")
    .innerJoin("organisation as o", "o.id", "c.organisation_id")
    .leftJoin("project as p", "p.id", "c.project_id")
    .select(["c.id", "o.name as organisation", "p.case_number as project", "c.reference", "c.reference_key", "c.status", "c.start_date", "c.payable_on"])
    .orderBy("c.id")
    .execute();
  const out = [];
  for (const { id, ...c } of claims) {
    const events = await db.selectFrom("bonus_claim_event").select(["action", "message"]).where("claim_id", "=", id).orderBy("id").execute();
    const files = await db
      .selectFrom("bonus_claim_attachment")
      .select(["file_name", "sha256", "size_bytes"])
      .where("claim_id", "=", id)
      .orderBy("id")
      .execute();
    out.push({ ...c, events: events.map((e) => `${e.action}:${e.message}`), files });
  }
  return out;
}

/** The export without what legitimately differs between two databases: the export time, and ids in organisation refs. */
function comparable(doc: LedgerFile) {
  const names = new Map(doc.organisations.map((o) => [o.ref, o.name]));
  const json = JSON.stringify({ ...doc, exportedAt: undefined }, (key, value) =>
    ["ref", "parent", "lead", "funder", "organisation", "requestedBy"].includes(key) && typeof value === "string" ? (names.get(value) ?? value) : value,
  );
  return JSON.parse(json);
}

const revisionOf = async (db: DB, id: number) =>
  (await db.selectFrom("bonus_claim").select("revision").where("id", "=", id).executeTakeFirstOrThrow()).revision;

let source: DB;
let doc: any;

/**
 * A copy of the demo with claims of every state filed, reviewed and paid through the model (on
 * days before today: the import refuses a day after its own), and the 2025 budget.
 */
beforeAll(async () => {
  setAttachmentDirForTests(DIR);
  source = copyOf("demo").db;
  const manager = await viewerOf(source, "manager");
  const haka = await viewerOf(source, "haka");
  const spr = await viewerOf(source, "spr");
  const flow = (await source.selectFrom("project").select("id").where("case_number", "=", FLOW).executeTakeFirstOrThrow()).id;
  const as = (v: Viewer) => ({ userId: v.userId });
  const work = { organisationId: null, projectId: null, kind: "work", employmentCondition: true, studySupport: null, note: "" } satisfies Partial<ClaimInput>;
  const file = (who: Viewer, input: Partial<ClaimInput> & Pick<ClaimInput, "reference" | "startDate">, on: string) =>
    fileClaim(source, as(who), who, { ...work, ...input }, pdf(input.reference), on);
  const review = async (id: number, decision: "approve" | "request_info" | "reject", on: string, message = "") =>
    reviewClaim(source, as(manager), manager, id, { decision, message, revision: await revisionOf(source, id) }, on);

  // Waiting: started last month, not payable for three more.
  const recent = addCalendarMonths(TODAY, -1);
  await file(haka, { reference: "T-WAIT-1", startDate: recent, projectId: flow, note: "Osa-aikainen, 30 h viikossa." }, TODAY);
  // In review, and asked for more evidence then answered (back in review, a second file).
  await file(haka, { reference: "T-REVIEW-2", startDate: "2025-09-01" }, "2025-09-15");
  const answered = await file(
    spr,
    { reference: "T-ASKED-3", startDate: "2025-08-18", kind: "studies", employmentCondition: false, studySupport: "adult_education" },
    "2025-09-01",
  );
  await review(answered, "request_info", "2025-12-19", "Liittäkää oppilaitoksen todistus.");
  await answerClaim(
    source,
    as(spr),
    spr,
    answered,
    { message: "Todistus liitteenä.", revision: await revisionOf(source, answered) },
    pdf("todistus"),
    "2025-12-22",
  );
  const asked = await file(spr, { reference: "T-ASKED-4", startDate: "2025-07-07" }, "2025-07-20");
  await review(asked, "request_info", "2025-11-10", "Työsopimus puuttuu.");
  // Approved, paid, rejected.
  const approved = await file(haka, { reference: "T-APPROVED-5", startDate: "2025-05-12", projectId: flow }, "2025-06-01");
  await review(approved, "approve", "2025-09-12");
  const paid = await file(
    haka,
    { reference: "T-PAID-6", startDate: "2025-03-31", kind: "studies", employmentCondition: false, studySupport: "study_grant", projectId: flow },
    "2025-04-02",
  );
  await review(paid, "approve", "2025-07-31");
  await markClaimPaid(source, as(manager), manager, paid, { paidOn: "2025-08-15", revision: await revisionOf(source, paid) }, "2025-08-20");
  const rejected = await file(spr, { reference: "T-REJECTED-7", startDate: "2025-04-01" }, "2025-04-10");
  await review(rejected, "reject", "2025-04-20", "Palkkatuettu työ ei ole avoimilla työmarkkinoilla.");
  // Withdrawn, and filed again for the same job seeker and start.
  const withdrawn = await file(haka, { reference: "T-AGAIN-8", startDate: "2025-10-06" }, "2025-10-10");
  await withdrawClaim(source, as(haka), haka, withdrawn, await revisionOf(source, withdrawn), "2025-10-12");
  await file(haka, { reference: "t-again-8", startDate: "2025-10-06" }, "2025-10-13");
  await setBonusYear(source, as(manager), { year: 2025, budgetCents: 5_000_000, monthlySavingCents: null, revision: null });

  doc = structuredClone(await exportedDocument(source));
});

const claimAt = (reference: string): number => doc.bonusClaims.findIndex((c: FileBonusClaim) => c.reference === reference);

describe("the export", () => {
  it("carries the years' budgets and every claim with its history and its evidence's metadata, naming the project by place", async () => {
    expect(Object.keys(doc).slice(-3)).toEqual(["meetings", "bonusYears", "bonusClaims"]);
    expect(doc.bonusYears).toEqual(
      expect.arrayContaining([{ year: 2025, budgetCents: 5_000_000, monthlySavingCents: null, createdAt: expect.any(String), updatedAt: expect.any(String) }]),
    );
    const flowPlace = doc.projects.findIndex((p: { caseNumber: string }) => p.caseNumber === FLOW);
    const paid: FileBonusClaim = doc.bonusClaims[claimAt("T-PAID-6")];
    expect(Object.keys(paid)).toEqual([
      "organisation",
      "project",
      "reference",
      "kind",
      "startDate",
      "employmentCondition",
      "studySupport",
      "payableOn",
      "amountCents",
      "note",
      "status",
      "filedOn",
      "approvedOn",
      "rejectedOn",
      "rejectReason",
      "paidOn",
      "createdAt",
      "updatedAt",
      "events",
      "attachments",
    ]);
    expect(paid).toMatchObject({
      organisation: doc.organisations.find((o: { name: string }) => o.name === "Kajaanin Haka ry").ref,
      project: flowPlace,
      kind: "studies",
      startDate: "2025-03-31",
      employmentCondition: false,
      studySupport: "study_grant",
      payableOn: "2025-07-31",
      amountCents: 100_000,
      status: "paid",
      filedOn: "2025-04-02",
      approvedOn: "2025-07-31",
      rejectedOn: null,
      paidOn: "2025-08-15",
    });
    expect(paid.events.map((e) => e.action)).toEqual(["filed", "approved", "paid"]);
    expect(paid.attachments).toEqual([
      {
        fileName: "T-PAID-6.pdf",
        contentType: "application/pdf",
        sizeBytes: expect.any(Number),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        createdAt: expect.any(String),
      },
    ]);
    const answered: FileBonusClaim = doc.bonusClaims[claimAt("T-ASKED-3")];
    expect(answered.status).toBe("submitted");
    expect(answered.events.map((e) => [e.action, e.message])).toEqual([
      ["filed", ""],
      ["info_requested", "Liittäkää oppilaitoksen todistus."],
      ["answered", "Todistus liitteenä."],
    ]);
    expect(answered.attachments).toHaveLength(2);
    expect(doc.bonusClaims[claimAt("T-REJECTED-7")]).toMatchObject({
      status: "rejected",
      rejectedOn: "2025-04-20",
      rejectReason: "Palkkatuettu työ ei ole avoimilla työmarkkinoilla.",
    });
    expect(doc.bonusClaims.filter((c: FileBonusClaim) => c.startDate === "2025-10-06").map((c: FileBonusClaim) => [c.reference, c.status])).toEqual([
      ["T-AGAIN-8", "withdrawn"],
      ["t-again-8", "submitted"],
    ]);
    expect(new Set(doc.bonusClaims.map((c: FileBonusClaim) => c.status))).toEqual(
      new Set(["submitted", "info_requested", "approved", "paid", "rejected", "withdrawn"]),
    );
    // No account: who filed, decided, paid or attached is not in the file.
    expect(JSON.stringify(doc.bonusClaims)).not.toMatch(/@hankevahti\.test|filedBy|approvedBy|paidBy|userId|createdBy/);
  });

  it("writes the same text whatever the claims per step, naming only a few values in any statement", async () => {
    const now = new Date("2026-06-20T09:00:00Z");
    const whole = await exportText(source, { now });
    for (const claimChunkSize of [1, 2, 3, 7]) expect(await exportText(source, { now, claimChunkSize }), `${claimChunkSize} per step`).toBe(whole);
    const copy = copyOf("empty");
    expect((await importLedger(copy.db, structuredClone(doc))).ok).toBe(true);
    copy.parameterCounts.length = 0;
    await exportText(copy.db, { claimChunkSize: 1 });
    expect(Math.max(...copy.parameterCounts)).toBeLessThanOrEqual(30);
  });
});

describe("export → import into an empty database → export", () => {
  it("gives the same file, the claims linked to the same associations and projects, with their history and files", async () => {
    const target = copyOf("empty").db;
    const result = await importLedger(target, structuredClone(doc));
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.bonus).toEqual({
      years: doc.bonusYears.map((y: { year: number }) => y.year),
      yearsKept: [],
      claims: doc.bonusClaims.length,
      events: doc.bonusClaims.reduce((s: number, c: FileBonusClaim) => s + c.events.length, 0),
      attachments: doc.bonusClaims.reduce((s: number, c: FileBonusClaim) => s + c.attachments.length, 0),
    });
    expect(comparable(await exportedDocument(target))).toEqual(comparable(doc));
    expect(await counts(target)).toEqual(await counts(source));
    expect(await links(target)).toEqual(await links(source));
    const again = (await links(target)).filter((c) => c.start_date === "2025-10-06");
    expect(again.map((c) => [c.reference, c.reference_key, c.status])).toEqual([
      ["T-AGAIN-8", "T-AGAIN-8", "withdrawn"],
      ["t-again-8", "T-AGAIN-8", "submitted"],
    ]);
  });

  it("imports an older file without the bonus lists", async () => {
    const older = structuredClone(doc);
    delete older.bonusYears;
    delete older.bonusClaims;
    const target = copyOf("empty").db;
    const result = await importLedger(target, older);
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    const back = await exportedDocument(target);
    expect([back.bonusYears, back.bonusClaims]).toEqual([[], []]);
  });
});

describe("a file whose claims break the rules", () => {
  /** The problems are named when the test runs (the claims' places are the export's). */
  type Case = { name: string; change: (d: any) => void; problems: () => [string, string][] };
  const cases: Case[] = [
    {
      name: "a reference that looks like a personal identity code",
      change: (d) => (d.bonusClaims[claimAt("T-REVIEW-2")].reference = "131052-308T"),
      problems: () => [[`bonusClaims[${claimAt("T-REVIEW-2")}].reference`, "bonus.error.reference.hetu"]],
    },
    {
      name: "a wrong payable day",
      change: (d) => (d.bonusClaims[claimAt("T-REVIEW-2")].payableOn = "2025-12-01"),
      problems: () => [[`bonusClaims[${claimAt("T-REVIEW-2")}].payableOn`, "import.bonus.payableOn"]],
    },
    {
      name: "a second live claim for the same association, reference and start",
      change: (d) => d.bonusClaims.push({ ...structuredClone(d.bonusClaims[claimAt("T-APPROVED-5")]), reference: " t-approved-5 " }),
      problems: () => [[`bonusClaims[${doc.bonusClaims.length}].reference`, "import.bonus.duplicate"]],
    },
    {
      name: "studies supported by unemployment benefit",
      change: (d) => (d.bonusClaims[claimAt("T-PAID-6")].studySupport = "unemployment_benefit"),
      problems: () => [[`bonusClaims[${claimAt("T-PAID-6")}].studySupport`, "bonus.error.unemploymentBenefit"]],
    },
    {
      name: "a claim paid without its day of approval",
      change: (d) => (d.bonusClaims[claimAt("T-PAID-6")].approvedOn = null),
      problems: () => [[`bonusClaims[${claimAt("T-PAID-6")}].approvedOn`, "import.bonus.dayRequired"]],
    },
    {
      name: "an approval before the payable day, a payment before the approval, a filing before the start",
      change: (d) => {
        Object.assign(d.bonusClaims[claimAt("T-APPROVED-5")], { approvedOn: "2025-09-01" });
        Object.assign(d.bonusClaims[claimAt("T-PAID-6")], { paidOn: "2025-07-30" });
        Object.assign(d.bonusClaims[claimAt("T-REVIEW-2")], { filedOn: "2025-08-31" });
      },
      problems: () => [
        [`bonusClaims[${claimAt("T-APPROVED-5")}].approvedOn`, "bonus.error.notYetPayable"],
        [`bonusClaims[${claimAt("T-PAID-6")}].paidOn`, "bonus.error.paidBeforeApproved"],
        [`bonusClaims[${claimAt("T-REVIEW-2")}].filedOn`, "import.bonus.filedBeforeStart"],
      ],
    },
    {
      name: "a rejection without its reason or day, a waiting claim with a day of payment, a day after today",
      change: (d) => {
        Object.assign(d.bonusClaims[claimAt("T-REJECTED-7")], { rejectReason: "", rejectedOn: null });
        Object.assign(d.bonusClaims[claimAt("T-WAIT-1")], { paidOn: TODAY });
        Object.assign(d.bonusClaims[claimAt("T-REVIEW-2")], { filedOn: "2099-01-01" });
      },
      problems: () => [
        [`bonusClaims[${claimAt("T-REJECTED-7")}].rejectReason`, "import.bonus.rejectReasonRequired"],
        [`bonusClaims[${claimAt("T-REJECTED-7")}].rejectedOn`, "import.bonus.dayRequired"],
        [`bonusClaims[${claimAt("T-WAIT-1")}].paidOn`, "import.bonus.dayNotAllowed"],
        [`bonusClaims[${claimAt("T-REVIEW-2")}].filedOn`, "import.bonus.future"],
      ],
    },
    {
      name: "work without the employment condition, studies without their support, a personal identity code in a note",
      change: (d) => {
        Object.assign(d.bonusClaims[claimAt("T-REVIEW-2")], { employmentCondition: false, note: "Henkilö 131052-308T" });
        Object.assign(d.bonusClaims[claimAt("T-ASKED-3")], { studySupport: null });
      },
      problems: () => [
        [`bonusClaims[${claimAt("T-REVIEW-2")}].employmentCondition`, "bonus.error.employmentCondition"],
        [`bonusClaims[${claimAt("T-REVIEW-2")}].note`, "bonus.error.text.hetu"],
        [`bonusClaims[${claimAt("T-ASKED-3")}].studySupport`, "error.required"],
      ],
    },
    {
      name: "an unknown association, a project beyond the file's, an unknown status and field, a year twice",
      change: (d) => {
        d.bonusClaims[claimAt("T-REVIEW-2")].organisation = "org-999";
        d.bonusClaims[claimAt("T-APPROVED-5")].project = 99;
        d.bonusClaims[claimAt("T-WAIT-1")].status = "lost";
        d.bonusClaims[claimAt("T-ASKED-4")].filedBy = "haka@hankevahti.test";
        d.bonusYears.push({ ...d.bonusYears[0] });
      },
      problems: () => [
        [`bonusClaims[${claimAt("T-REVIEW-2")}].organisation`, "import.organisation.unknown"],
        [`bonusClaims[${claimAt("T-APPROVED-5")}].project`, "import.choice"],
        [`bonusClaims[${claimAt("T-WAIT-1")}].status`, "import.choice"],
        [`bonusClaims[${claimAt("T-ASKED-4")}]`, "import.unknownField"],
        [`bonusYears[${doc.bonusYears.length}].year`, "import.bonusYear.duplicate"],
      ],
    },
  ];

  for (const c of cases) {
    it(`is refused for ${c.name}, with its path, and nothing is saved`, async () => {
      const changed = structuredClone(doc);
      c.change(changed);
      const target = copyOf("empty").db;
      const before = await counts(target);
      const result = await importLedger(target, changed);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((x) => [x.path, x.key]).sort()).toEqual(c.problems().sort());
      expect(await counts(target)).toEqual(before);
      expect(before).toEqual({ bonus_claim: 0, bonus_claim_event: 0, bonus_claim_attachment: 0, bonus_year: 0, project: 0 });
    });
  }

  it("says each problem in the user's language", async () => {
    const changed = structuredClone(doc);
    const i = claimAt("T-REVIEW-2");
    Object.assign(changed.bonusClaims[i], { reference: "131052-308T", payableOn: "2025-12-01" });
    const result = await importLedger(copyOf("empty").db, changed);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const say = (lang: "fi" | "en") => result.problems.map((p) => `${p.path}: ${translator(lang)(p.key, p.params)}`).sort();
    expect(say("en")).toEqual([
      `bonusClaims[${i}].payableOn: The payable day must be 1.1.2026: four calendar months after the start 1.9.2025.`,
      `bonusClaims[${i}].reference: The reference looks like a personal identity code. Use your association's own identifier, for example HAKA-2026-014.`,
    ]);
    expect(say("fi")).toEqual([
      `bonusClaims[${i}].payableOn: Maksettavissa-päivän pitää olla 1.1.2026: neljä kalenterikuukautta aloituspäivästä 1.9.2025.`,
      `bonusClaims[${i}].reference: Viite näyttää henkilötunnukselta. Käytä yhdistyksen omaa tunnistetta, esimerkiksi HAKA-2026-014.`,
    ]);
  });

  it("is refused for a claim the database already has live, while a withdrawn one may be filed again; a year's budget there is kept", async () => {
    const { db } = copyOf("demo");
    const haka = await viewerOf(db, "haka");
    const input = (reference: string): ClaimInput => ({
      organisationId: null,
      projectId: null,
      reference,
      kind: "work",
      startDate: "2025-06-10",
      employmentCondition: true,
      studySupport: null,
      note: "",
    });
    await fileClaim(db, { userId: haka.userId }, haka, input("DB-LIVE-1"), pdf("live"), "2025-06-10");
    const gone = await fileClaim(db, { userId: haka.userId }, haka, input("DB-GONE-2"), pdf("gone"), "2025-06-10");
    await withdrawClaim(db, { userId: haka.userId }, haka, gone, await revisionOf(db, gone), "2025-06-11");
    const claim = (reference: string): FileBonusClaim => ({
      ...(structuredClone(doc.bonusClaims[claimAt("T-REVIEW-2")]) as FileBonusClaim),
      organisation: "Kajaanin Haka ry",
      project: null,
      reference,
      startDate: "2025-06-10",
      payableOn: "2025-10-10",
      filedOn: "2025-06-12",
    });
    const file = {
      format: "hankevahti-ledger",
      version: 1,
      bonusYears: [{ year: 2026, budgetCents: 1, monthlySavingCents: null }],
      bonusClaims: [claim("db-live-1"), claim("DB-GONE-2")],
    };
    const before = await counts(db);
    const refused = await importLedger(db, file);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems).toEqual([{ path: "bonusClaims[0].reference", key: "bonus.error.duplicate", params: { filedDay: "2025-06-10" } }]);
    expect(await counts(db)).toEqual(before);

    const budget = await db.selectFrom("bonus_year").select("budget_cents").where("year", "=", 2026).executeTakeFirst();
    const result = await importLedger(db, { ...file, bonusClaims: [claim("DB-GONE-2")] });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.bonus).toMatchObject({ claims: 1, events: 1, attachments: 1 });
    expect(await db.selectFrom("bonus_year").select("budget_cents").where("year", "=", 2026).executeTakeFirst()).toEqual(budget);
    expect(result.summary.bonus.yearsKept.concat(result.summary.bonus.years)).toEqual([2026]);
  });
});
