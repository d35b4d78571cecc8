/**
 * Committee meetings in the ledger file: the demo's export carries the meeting of 20.5.2026 with
 * its ten members and its four items (each naming its project by place in `projects`, § 14 also
 * SUMMIT's change request); exported, imported into an empty database and exported again it is
 * the same file, also with items finalised (their findings acknowledged), decided and tabled to
 * a later meeting (the continuing item naming the one it continues) and the meeting published;
 * the same text whatever the meetings per step; an older file without meetings still imports;
 * a § the body already used that year, or a file whose meetings break the rules, is refused with
 * the problem's path, and nothing is saved.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { SEES_ALL } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { exportedDocument, exportText } from "../helpers/export";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { importLedger } from "~/models/ledger-import.server";
import { createMeeting, decideItem, finaliseItem, itemFindings, publishMeeting } from "~/models/agenda.server";
import { SYSTEM } from "~/models/audit.server";
import { translator } from "~/i18n";
import type { LedgerFile } from "~/schemas/ledger-file";

const source = useTestDatabase("demo");

const TMP = path.resolve("tests/.tmp");
const opened: { db: DB; file: string }[] = [];

/** Another database of this test file: a copy of a template, not wired into the app (its statements' parameter counts recorded). */
function copyOf(kind: "empty" | "demo"): { db: DB; file: string; parameterCounts: number[] } {
  const file = path.join(TMP, `meetings-${crypto.randomUUID()}.sqlite`);
  fs.copyFileSync(path.join(TMP, `template-${kind}.sqlite`), file);
  const parameterCounts: number[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: openSqlite(file) }),
    log: (event) => {
      parameterCounts.push(event.query.parameters.length);
    },
  });
  opened.push({ db, file });
  return { db, file, parameterCounts };
}

afterAll(async () => {
  for (const { db, file } of opened) {
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
});

const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const FLOW = "KAJDno-2023-1068";
const KOTONA = "KAJDno-2024-1358";
const SUMMIT = "KAJDno-2025-1294";
const OTE = "KAJDno-2026-641";

type Doc = any;
const at = (d: Doc, caseNumber: string): number => d.projects.findIndex((p: { caseNumber: string }) => p.caseNumber === caseNumber);

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

const TABLES = ["meeting", "meeting_member", "agenda_item", "agenda_finding_ack"] as const;

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

/** Each item with what it is linked to, by case numbers and §, ids aside. */
async function links(db: DB) {
  return db
    .selectFrom("agenda_item as i")
    .innerJoin("meeting as m", "m.id", "i.meeting_id")
    .leftJoin("project as p", "p.id", "i.project_id")
    .leftJoin("change_request as r", "r.id", "i.change_request_id")
    .leftJoin("project as rp", "rp.id", "r.project_id")
    .leftJoin("agenda_item as c", "c.id", "i.continues_item_id")
    .leftJoin("meeting as cm", "cm.id", "c.meeting_id")
    .select([
      "m.meeting_date",
      "i.body",
      "i.section_year",
      "i.section",
      "i.status",
      "i.decision",
      "p.case_number as project",
      "rp.case_number as request_of",
      "r.received_on as request_received",
      "cm.meeting_date as continues_meeting",
      "c.section as continues_section",
    ])
    .orderBy("m.meeting_date")
    .orderBy("i.section")
    .execute();
}

/**
 * A copy of the demo in which the meeting of 20.5.2026 was held: every item finalised (each
 * finding acknowledged), § 13, § 14 and § 18 noted, § 15 tabled to the meeting of 17.6.2026,
 * the agenda and the minutes published.
 */
async function heldCopy(): Promise<DB> {
  const { db } = copyOf("demo");
  const meeting = await db.selectFrom("meeting").select(["id", "meeting_date"]).executeTakeFirstOrThrow();
  const later = await createMeeting(db, SYSTEM, {
    body: DIVISION,
    meetingDate: "2026-06-17",
    startTime: "16:30",
    place: "Kokoustila Kekkonen",
    presenter: "",
    members: [{ name: "Raimo Piirainen", role: "puheenjohtaja" }],
  });
  const items = await db.selectFrom("agenda_item").selectAll().where("meeting_id", "=", meeting.id).orderBy("section").execute();
  for (const item of items) {
    const findings = await itemFindings(db, item, meeting.meeting_date);
    const reasons = Object.fromEntries(findings.map((f) => [f.key, `Kuitattu: ${f.code}`]));
    expect(await finaliseItem(db, SYSTEM, SEES_ALL, item.id, reasons, item.revision)).toBe(true);
  }
  for (const item of await db.selectFrom("agenda_item").select(["id", "section", "revision"]).where("meeting_id", "=", meeting.id).execute()) {
    const tabled = item.section === 15;
    await decideItem(
      db,
      SYSTEM,
      SEES_ALL,
      item.id,
      { decision: tabled ? "tabled" : "noted", decisionText: tabled ? "Asia jätettiin pöydälle." : "", toMeetingId: tabled ? later : null },
      item.revision,
    );
  }
  await publishMeeting(db, SYSTEM, meeting.id, "agenda");
  await publishMeeting(db, SYSTEM, meeting.id, "minutes");
  return db;
}

describe("the demo's export", () => {
  it("carries the meeting of 20.5.2026 with its ten members and its four items, naming their projects by place", async () => {
    const doc = await demoExport();
    expect(Object.keys(doc)).toEqual(["format", "version", "exportedAt", "organisations", "projects", "meetings", "bonusYears", "bonusClaims"]);
    expect(doc.meetings).toHaveLength(1);
    const [m] = doc.meetings;
    expect(m).toMatchObject({
      body: DIVISION,
      date: "2026-05-20",
      startTime: "16:30",
      place: "Kokoustila Kekkonen",
      presenter: "Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö",
      publicSlug: null,
      agendaPublishedAt: null,
      minutesPublishedAt: null,
    });
    expect(m.members).toHaveLength(10);
    expect(m.members.slice(0, 3)).toEqual([
      { name: "Raimo Piirainen", role: "puheenjohtaja" },
      { name: "Anni Rimpiläinen", role: "1. varapuheenjohtaja" },
      { name: "Milla Tikkanen", role: "sihteeri" },
    ]);
    expect(m.items).toHaveLength(4);
    expect(m.items.map((i: any) => [i.section, i.type, i.project, i.changeRequest, i.caseNumber])).toEqual([
      [13, "interim_report", at(doc, KOTONA), null, KOTONA],
      [14, "change_request", at(doc, SUMMIT), 0, SUMMIT],
      [15, "new_cofinancing", at(doc, OTE), null, OTE],
      [18, "final_report", at(doc, FLOW), null, FLOW],
    ]);
    expect(doc.projects[at(doc, SUMMIT)].changeRequests).toHaveLength(1);
    expect(Object.keys(m.items[0])).toEqual([
      "section",
      "type",
      "project",
      "changeRequest",
      "title",
      "caseNumber",
      "preparers",
      "presenter",
      "background",
      "proposal",
      "status",
      "finalisedAt",
      "decision",
      "decisionText",
      "decidedAt",
      "continues",
      "acknowledgedFindings",
      "createdAt",
      "updatedAt",
    ]);
    expect(m.items[2].preparers[0]).toEqual({
      name: "Eeva-Maria Nivalainen",
      title: "Kaukametsän opiston ja Kainuun musiikkiopiston rehtori",
      email: "eeva-maria.nivalainen@kajaani.fi",
      phone: "",
    });
    for (const i of m.items) expect(i).toMatchObject({ status: "draft", decision: null, continues: null, acknowledgedFindings: [] });
    // No account: who created, finalised or decided is not in the file.
    expect(JSON.stringify(doc.meetings)).not.toMatch(/@hankevahti\.test|createdBy|finalisedBy|decidedBy/);
  });
});

describe("export → import into an empty database → export", () => {
  it("gives the same file for the demo, with the items linked to their projects and SUMMIT's change request", async () => {
    const doc = await demoExport();
    const target = copyOf("empty");
    const result = await importLedger(target.db, structuredClone(doc));
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.meetings).toEqual([{ id: expect.any(Number), body: DIVISION, date: "2026-05-20", items: 4 }]);
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
    expect(await counts(target.db)).toEqual(await counts(source.db));
    expect(await links(target.db)).toEqual(await links(source.db));
    expect((await links(target.db)).map((l) => [l.section, l.project, l.request_of])).toEqual([
      [13, KOTONA, null],
      [14, SUMMIT, SUMMIT],
      [15, OTE, null],
      [18, FLOW, null],
    ]);
  });

  it("gives the same file for a meeting held: findings acknowledged, decisions, a tabled item continued, agenda and minutes published", async () => {
    const held = await heldCopy();
    const doc = await demoExport(held);
    expect(doc.meetings.map((m: any) => m.date)).toEqual(["2026-05-20", "2026-06-17"]);
    const [first, second] = doc.meetings;
    expect(first.publicSlug).toMatch(/^2026-05-20-/);
    expect(first.agendaPublishedAt).not.toBeNull();
    expect(first.minutesPublishedAt).not.toBeNull();
    expect(first.items.map((i: any) => [i.section, i.status, i.decision])).toEqual([
      [13, "decided", "noted"],
      [14, "decided", "noted"],
      [15, "decided", "tabled"],
      [18, "decided", "noted"],
    ]);
    // OTE's split over 2027–2029 for a 2027–2028 project was acknowledged at finalising.
    const ote = first.items[2];
    expect(ote.acknowledgedFindings.length).toBeGreaterThan(0);
    for (const a of ote.acknowledgedFindings)
      expect(a).toEqual({ code: a.code, excerpt: expect.any(String), reason: `Kuitattu: ${a.code}`, createdAt: expect.any(String) });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({ type: "new_cofinancing", project: at(doc, OTE), status: "draft", continues: { meeting: 0, item: 2 } });
    expect(second.items[0].proposal).toBe(ote.proposal);

    const target = copyOf("empty");
    const result = await importLedger(target.db, structuredClone(doc));
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    expect(comparable(await exportedDocument(target.db))).toEqual(comparable(doc));
    expect(await counts(target.db)).toEqual(await counts(held));
    expect(await links(target.db)).toEqual(await links(held));
    expect((await links(target.db)).at(-1)).toMatchObject({ meeting_date: "2026-06-17", section: 19, continues_meeting: "2026-05-20", continues_section: 15 });
  });

  it("writes the same text whatever the meetings per step, naming only a few values in any statement", async () => {
    const held = await heldCopy();
    const now = new Date("2026-06-20T09:00:00Z");
    const whole = await exportText(held, { now });
    for (const meetingChunkSize of [1, 2, 3]) expect(await exportText(held, { now, meetingChunkSize }), `${meetingChunkSize} per step`).toBe(whole);
    const demo = copyOf("demo");
    demo.parameterCounts.length = 0;
    await exportText(demo.db, { meetingChunkSize: 1 });
    expect(Math.max(...demo.parameterCounts)).toBeLessThanOrEqual(30);
  });

  it("imports an older file without meetings", async () => {
    const doc = await demoExport();
    delete doc.meetings;
    const target = copyOf("empty");
    const result = await importLedger(target.db, doc);
    expect(result.ok, JSON.stringify(result).slice(0, 1000)).toBe(true);
    if (!result.ok) return;
    expect(result.summary.meetings).toEqual([]);
    expect(await counts(target.db)).toEqual({ meeting: 0, meeting_member: 0, agenda_item: 0, agenda_finding_ack: 0 });
    expect((await exportedDocument(target.db)).meetings).toEqual([]);
  });
});

describe("a file whose meetings break the rules", () => {
  it("is refused with each § the body already used that year, beside the other problems, and nothing is saved", async () => {
    const target = copyOf("demo");
    const before = await counts(target.db);
    const result = await importLedger(target.db, await demoExport());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.filter((p) => p.path.startsWith("meetings"))).toEqual(
      [13, 14, 15, 18].map((section, k) => ({ path: `meetings[0].items[${k}].section`, key: "agenda.error.sectionTaken", params: { section } })),
    );
    expect(result.problems.filter((p) => p.path.startsWith("projects")).map((p) => p.key)).toEqual(Array(4).fill("error.caseNumber.duplicate"));
    expect(await counts(target.db)).toEqual(before);
    const problem = result.problems.find((p) => p.path === "meetings[0].items[1].section")!;
    expect(`${problem.path}: ${translator("en")(problem.key, problem.params)}`).toBe(
      "meetings[0].items[1].section: Section § 14 is already used on this body's agendas this year.",
    );
  });

  type Case = { name: string; change: (d: Doc) => void; problems: [string, string][] };
  const cases: Case[] = [
    {
      name: "a § twice in the body's year, and a meeting of another year with the same §",
      change: (d) => {
        d.meetings[0].items[3].section = 13;
        d.meetings.push({ ...structuredClone(d.meetings[0]), date: "2027-01-20", items: [{ ...structuredClone(d.meetings[0].items[0]) }] });
      },
      problems: [["meetings[0].items[3].section", "agenda.error.sectionTaken"]],
    },
    {
      name: "a project beyond the file's, a change request beyond the project's, a change request without a project",
      change: (d) => {
        d.meetings[0].items[0].project = 4;
        d.meetings[0].items[1].changeRequest = 1;
        Object.assign(d.meetings[0].items[2], { project: null, changeRequest: 0 });
      },
      problems: [
        ["meetings[0].items[0].project", "import.choice"],
        ["meetings[0].items[1].changeRequest", "import.choice"],
        ["meetings[0].items[2].changeRequest", "import.choice"],
      ],
    },
    {
      name: "a decided item without its decision, a draft with one, a final item without its time",
      change: (d) => {
        Object.assign(d.meetings[0].items[0], { status: "decided", decidedAt: "2026-05-20T15:00:00.000Z" });
        Object.assign(d.meetings[0].items[1], { decision: "noted" });
        Object.assign(d.meetings[0].items[2], { status: "final" });
      },
      problems: [
        ["meetings[0].items[0].decision", "error.required"],
        ["meetings[0].items[0].finalisedAt", "error.required"],
        ["meetings[0].items[1].decision", "import.choice"],
        ["meetings[0].items[2].finalisedAt", "error.required"],
      ],
    },
    {
      name: "an item continuing one of a later meeting, and one of an item that does not exist",
      change: (d) => {
        const later = {
          ...structuredClone(d.meetings[0]),
          date: "2026-06-17",
          members: [],
          items: [{ ...structuredClone(d.meetings[0].items[2]), section: 19 }],
        };
        d.meetings.push(later);
        d.meetings[0].items[0].continues = { meeting: 1, item: 0 };
        later.items[0].continues = { meeting: 0, item: 7 };
      },
      problems: [
        ["meetings[0].items[0].continues.meeting", "import.choice"],
        ["meetings[1].items[0].continues.item", "import.choice"],
      ],
    },
    {
      name: "published minutes without a published agenda, a published agenda without its address",
      change: (d) => {
        d.meetings[0].minutesPublishedAt = "2026-05-21T08:00:00.000Z";
        const other = {
          ...structuredClone(d.meetings[0]),
          date: "2026-06-17",
          items: [],
          agendaPublishedAt: "2026-06-10T08:00:00.000Z",
          minutesPublishedAt: null,
        };
        d.meetings.push(other);
      },
      problems: [
        ["meetings[0].agendaPublishedAt", "error.required"],
        ["meetings[1].publicSlug", "error.required"],
      ],
    },
    {
      name: "values the format does not allow (a bad time, a § of 0, an unknown type, an unknown field, a member without a name)",
      change: (d) => {
        d.meetings[0].startTime = "25:00";
        d.meetings[0].items[0].section = 0;
        d.meetings[0].items[1].type = "gossip";
        d.meetings[0].items[2].decidedBy = "paallikko@hankevahti.test";
        d.meetings[0].members[3].name = "";
      },
      problems: [
        ["meetings[0].startTime", "agenda.error.time"],
        ["meetings[0].items[0].section", "agenda.error.section"],
        ["meetings[0].items[1].type", "import.choice"],
        ["meetings[0].items[2]", "import.unknownField"],
        ["meetings[0].members[3].name", "error.required"],
      ],
    },
  ];

  for (const c of cases) {
    it(`is refused for ${c.name}, with its path, and nothing is saved`, async () => {
      const doc = await demoExport();
      c.change(doc);
      const target = copyOf("empty");
      const before = await counts(target.db);
      const result = await importLedger(target.db, doc);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((x) => [x.path, x.key]).sort()).toEqual([...c.problems].sort());
      expect(await counts(target.db)).toEqual(before);
      expect(
        Number(
          (
            await target.db
              .selectFrom("project")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(0);
    });
  }

  it("reports the meetings' problems beside those of the projects", async () => {
    const doc = await demoExport();
    doc.projects[at(doc, SUMMIT)].planVersions[0].end = "2020-01-01";
    doc.meetings[0].items[3].project = 9;
    const result = await importLedger(copyOf("empty").db, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((x) => [x.path, x.key]).sort()).toEqual(
      [
        [`projects[${at(doc, SUMMIT)}].planVersions[0].end`, "error.period.endBeforeStart"],
        ["meetings[0].items[3].project", "import.choice"],
      ].sort(),
    );
    const problem = result.problems.find((p) => p.path === "meetings[0].items[3].project")!;
    expect(translator("en")(problem.key, problem.params)).toBe("The value “9” is not valid. Allowed values: 0–3, null.");
  });
});
