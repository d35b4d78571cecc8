/**
 * E-mail reminders against a real SMTP server (smtp-server, in this process, on a free port):
 * what arrives and when, each reminder once (also with two runs at the same time), nothing for
 * a submitted deadline or in a dry run, and a refused message given back to the next run.
 * Also the command (`npm run reminders`).
 */
import { insertDeadline } from "../helpers/deadlines";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { DB } from "../../db/connection";
import { openDatabase } from "../../db/connection";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { EMAIL } from "../helpers/auth";
import { reminderCandidatesQuery, runReminders, reminderSummary, type ReminderOptions } from "~/models/reminder.server";
import { sendMail } from "~/utils/mail.server";
import { addDays } from "~/domain/obligations";
import { main as remindersCommand } from "../../scripts/reminders";

const ctx = useTestDatabase("demo");
const APP_URL = "https://hankevahti.example";
const DUE = "2027-03-31";
const SUMMIT = "KAJDno-2025-1294";
const KOTONA = "KAJDno-2024-1358";
const REFUSED = "hylatty@hankevahti.test";

interface Received {
  from: string;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
}

const inbox: Received[] = [];
let refuse = true;
let server: SMTPServer;
let smtpUrl = "";

// --- a little MIME reading: enough for what nodemailer writes (RFC 2047 words, quoted-printable, base64)
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (...m: string[]) => {
    const [enc, data] = m[2] ? [m[2], m[3]!] : [m[5]!, m[6]!];
    if (enc.toUpperCase() === "B") return Buffer.from(data, "base64").toString("utf8");
    return Buffer.from(
      data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_s, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  });
}

function parseMessage(raw: string, from: string, to: string[]): Received {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let body = raw.slice(split + 4);
  const cte = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (cte === "quoted-printable")
    body = Buffer.from(
      body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_s, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  else if (cte === "base64") body = Buffer.from(body, "base64").toString("utf8");
  return { from, to, headers, subject: decodeWords(headers.get("subject") ?? ""), text: body.replace(/\r\n/g, "\n") };
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse && address.address === REFUSED) {
        const err = new Error("No such user here") as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        inbox.push(
          parseMessage(
            Buffer.concat(chunks).toString("latin1"),
            from,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const userIdOf = async (email: string) => (await ctx.db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

/** An obligation (with a responsible user) and its one deadline, written directly. */
async function addDeadline(
  db: DB,
  caseNumber: string,
  d: { dueDate: string; responsible: number | null; reminderDays?: string; status?: "open" | "submitted"; kind?: "yearly_report" | "single"; title?: string },
): Promise<number> {
  const projectId = await projectIdByCase(db, caseNumber);
  return insertDeadline(db, projectId, { ...d, kind: d.kind ?? "yearly_report", periodEnd: addDays(d.dueDate, -30) });
}

const send: ReminderOptions["send"] = (mail) => sendMail(mail, { transport: smtpUrl });
const quiet = () => undefined;
const run = (today: string, more: Partial<ReminderOptions> = {}, db: DB = ctx.db) => runReminders(db, { today, send, appUrl: APP_URL, log: quiet, ...more });
const claims = (deadlineId?: number) => {
  let q = ctx.db.selectFrom("reminder_sent").selectAll();
  if (deadlineId !== undefined) q = q.where("deadline_id", "=", deadlineId);
  return q.orderBy("kind").execute();
};

let manager = 0;
/** An account whose address the SMTP server refuses while `refuse` is on. */
let refusedUser = 0;
beforeAll(async () => {
  manager = await userIdOf(EMAIL.manager);
  const at = "2026-01-01T00:00:00.000Z";
  refusedUser = (
    await ctx.db
      .insertInto("app_user")
      .values({ email: REFUSED, name: "Hylätty Vastaanottaja", role: "manager", organisation_id: null, password_hash: "x", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

beforeEach(async () => {
  await ctx.db.deleteFrom("obligation").execute(); // its deadlines and their reminder rows go with it
  inbox.length = 0;
  refuse = true;
});

describe("runReminders", () => {
  it("sends each reminder once: 30 days before, 7 days before, the day after the due date", async () => {
    const id = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    const summitId = await projectIdByCase(ctx.db, SUMMIT);

    const first = await run(addDays(DUE, -30));
    expect(first).toMatchObject({ sent: 1, logged: 0, failed: 0, skipped: 0 });
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.to).toEqual([EMAIL.manager]);
    expect(mail.from).toBe("noreply@hankevahti.invalid");
    expect(mail.subject).toBe("Muistutus: SUMMIT – vuosiraportti viimeistään 31.3.2027");
    expect(mail.text).toContain("Hei Paula Päällikkö,");
    expect(mail.text).toContain("hankkeen SUMMIT (Summit – Kohti koulutusta, kohti työelämää) vuosiraportti on toimitettava viimeistään 31.3.2027.");
    expect(mail.text).toContain("Aikaa on 30 päivää.");
    expect(mail.text).toContain(`${APP_URL}/projects/${summitId}`);
    expect(mail.text).toContain("the yearly report of the project SUMMIT");
    expect(await claims(id)).toMatchObject([{ kind: "before:30", state: "sent", recipient: EMAIL.manager }]);

    // the same day again, and the next day: nothing
    expect((await run(addDays(DUE, -30))).sent).toBe(0);
    expect((await run(addDays(DUE, -29))).sent).toBe(0);
    expect(inbox).toHaveLength(1);

    // 7 days before: the 7-day one, once
    expect((await run(addDays(DUE, -7))).sent).toBe(1);
    expect((await run(addDays(DUE, -6))).sent).toBe(0);
    expect(inbox).toHaveLength(2);
    expect(inbox[1]!.text).toContain("Aikaa on 7 päivää.");

    // the due date passes: the day after, the overdue one, once
    expect((await run(DUE)).sent).toBe(0);
    expect((await run(addDays(DUE, 1))).sent).toBe(1);
    expect((await run(addDays(DUE, 1))).sent).toBe(0);
    expect((await run(addDays(DUE, 2))).sent).toBe(0);
    expect(inbox).toHaveLength(3);
    expect(inbox[2]!.subject).toBe("Myöhässä: SUMMIT – vuosiraportti, määräaika oli 31.3.2027");
    expect(inbox[2]!.text).toContain("Määräaika umpeutui eilen.");
    expect((await claims(id)).map((c) => [c.kind, c.state])).toEqual([
      ["before:30", "sent"],
      ["before:7", "sent"],
      ["overdue", "sent"],
    ]);
  });

  it("a claim left 'sending' by a run that died is released after an hour and sent by the next run; a fresh one is not", async () => {
    const id = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    const day = addDays(DUE, -30);
    const fresh = new Date(Date.now() - 10 * 60 * 1000).toISOString();
    await ctx.db.insertInto("reminder_sent").values({ deadline_id: id, kind: "before:30", recipient: EMAIL.manager, state: "sending", at: fresh }).execute();
    expect((await run(day)).sent).toBe(0);
    expect(inbox).toHaveLength(0);
    const stale = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    await ctx.db.updateTable("reminder_sent").set({ at: stale }).where("deadline_id", "=", id).execute();
    expect((await run(day)).sent).toBe(1);
    expect(inbox).toHaveLength(1);
    expect(await claims(id)).toMatchObject([{ kind: "before:30", state: "sent" }]);
  });

  it("a first run inside the 7 days sends only the 7-day reminder and marks the 30-day one skipped", async () => {
    const id = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    expect(await run(addDays(DUE, -5))).toMatchObject({ sent: 1, skipped: 1 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.text).toContain("Aikaa on 5 päivää.");
    expect((await claims(id)).map((c) => [c.kind, c.state])).toEqual([
      ["before:30", "skipped"],
      ["before:7", "sent"],
    ]);
    expect((await run(addDays(DUE, -4))).sent).toBe(0);
  });

  it("sends nothing for a submitted deadline, nor to a user who is inactive or may no longer see the project", async () => {
    await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager, status: "submitted" });
    await addDeadline(ctx.db, KOTONA, { dueDate: DUE, responsible: await userIdOf(EMAIL.haka) }); // not Haka's project
    const committee = await userIdOf(EMAIL.committee);
    await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: committee });
    await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: null });
    await ctx.db.updateTable("app_user").set({ active: 0 }).where("id", "=", committee).execute();
    try {
      for (const day of [addDays(DUE, -30), addDays(DUE, -7), addDays(DUE, 1)]) {
        const r = await run(day);
        expect(r.items).toEqual([]);
        expect(r.sent + r.failed + r.logged).toBe(0);
      }
      expect(inbox).toHaveLength(0);
      expect(await claims()).toEqual([]);
    } finally {
      await ctx.db.updateTable("app_user").set({ active: 1 }).where("id", "=", committee).execute();
    }
  });

  it("a dry run prints what it would send, sends nothing and writes no reminder rows", async () => {
    await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    const lines: string[] = [];
    const r = await run(addDays(DUE, -30), { dryRun: true, log: (l) => lines.push(l) });
    expect(r).toMatchObject({ dryRun: true, planned: 1, sent: 0, logged: 0, failed: 0 });
    expect(lines.join("\n")).toContain("Muistutus: SUMMIT – vuosiraportti viimeistään 31.3.2027");
    expect(lines.join("\n")).toContain(EMAIL.manager);
    expect(reminderSummary(r)).toContain("kuivaharjoitus");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inbox).toHaveLength(0);
    expect(await claims()).toEqual([]);
    // the real run afterwards still sends it
    expect((await run(addDays(DUE, -30))).sent).toBe(1);
  });

  it("two runs at the same time (two connections to the database) send one mail", async () => {
    const id = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    const other = openDatabase((ctx as unknown as { file: string }).file);
    try {
      const [a, b, c] = await Promise.all([run(addDays(DUE, -30)), run(addDays(DUE, -30), {}, other), run(addDays(DUE, -30))]);
      expect(a.sent + b.sent + c.sent).toBe(1);
      expect(a.failed + b.failed + c.failed).toBe(0);
      expect(inbox).toHaveLength(1);
      expect(await claims(id)).toMatchObject([{ kind: "before:30", state: "sent" }]);
    } finally {
      await other.destroy();
    }
  });

  it("a refused message leaves no claim and goes on with the others; the next run sends it", async () => {
    const failing = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: refusedUser });
    const fine = await addDeadline(ctx.db, KOTONA, { dueDate: addDays(DUE, 1), responsible: manager });
    const lines: string[] = [];

    const r = await run(addDays(DUE, -5), { log: (l) => lines.push(l) });
    expect(r).toMatchObject({ sent: 1, failed: 1, skipped: 1 });
    expect(inbox.map((m) => m.to)).toEqual([[EMAIL.manager]]);
    expect(await claims(failing)).toEqual([]); // the claim (and the 30-day one it passed over) given back
    expect((await claims(fine)).map((c) => c.kind)).toEqual(["before:30", "before:7"]);
    expect(lines.join("\n")).toContain(REFUSED);
    expect(reminderSummary(r)).toBe(`Muistutukset 26.3.2027: lähetetty 1, lokiin 0, epäonnistui 1, ohitettu 1.`);

    refuse = false;
    const again = await run(addDays(DUE, -5));
    expect(again).toMatchObject({ sent: 1, failed: 0 });
    expect(inbox).toHaveLength(2);
    expect(inbox[1]!.to).toEqual([REFUSED]);
    expect((await claims(failing)).map((c) => [c.kind, c.state])).toEqual([
      ["before:30", "skipped"],
      ["before:7", "sent"],
    ]);
  });

  it("without a mail server, writes the message to the log and records it as logged", async () => {
    const id = await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager, kind: "single", title: "Tilintarkastus" });
    const lines: string[] = [];
    const r = await run(addDays(DUE, -7), { send: (mail) => sendMail(mail, { transport: null, log: (l) => lines.push(l) }) });
    expect(r).toMatchObject({ sent: 0, logged: 1 });
    expect(lines.join("\n")).toContain("Subject: Muistutus: SUMMIT – Tilintarkastus viimeistään 31.3.2027");
    expect(inbox).toHaveLength(0);
    expect((await claims(id)).map((c) => [c.kind, c.state])).toEqual([
      ["before:30", "skipped"],
      ["before:7", "logged"],
    ]);
  });

  it("reads the deadlines through the index on (status, due_date), not by scanning them all", async () => {
    const plan = reminderCandidatesQuery(ctx.db, "2027-01-01").compile();
    const rows = await ctx.db.executeQuery<{ detail: string }>({ ...plan, sql: `EXPLAIN QUERY PLAN ${plan.sql}` });
    const detail = rows.rows.map((r) => r.detail).join("\n");
    expect(detail).toMatch(/SEARCH d USING INDEX deadline_status_due_idx \(status=\? AND due_date<\?\)/);
    expect(detail).not.toMatch(/SCAN (d|p)\b/);
  });
});

describe("npm run reminders", () => {
  const KEYS = ["DATABASE_PATH", "SMTP_URL", "APP_URL"] as const;
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    process.env.DATABASE_PATH = (ctx as unknown as { file: string }).file;
    process.env.SMTP_URL = smtpUrl;
    process.env.APP_URL = APP_URL;
  });
  afterAll(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it("sends the day's reminders, prints the summary, and exits with 1 when a message was refused", async () => {
    await addDeadline(ctx.db, SUMMIT, { dueDate: DUE, responsible: manager });
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await remindersCommand(
        ["--today", addDays(DUE, -30), "--dry-run"],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(inbox).toHaveLength(0);
    expect(
      await remindersCommand(
        ["--today", addDays(DUE, -30)],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(inbox).toHaveLength(1);
    expect(out.at(-1)).toBe("Muistutukset 1.3.2027: lähetetty 1, lokiin 0, epäonnistui 0, ohitettu 0.");

    await addDeadline(ctx.db, KOTONA, { dueDate: DUE, responsible: refusedUser });
    expect(
      await remindersCommand(
        ["--today=" + addDays(DUE, -30), "--lang", "en"],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err.at(-1)).toBe("Reminders 1.3.2027: sent 0, logged 0, failed 1, skipped 0.");
    expect(
      await remindersCommand(
        ["--today", "31.3.2027"],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(
      await remindersCommand(
        ["--bogus"],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(2);
  });
});
