/**
 * Durability of the SQLite file (docs/decisions/017): every connection runs in WAL mode with
 * `synchronous = FULL`, and a process killed with SIGKILL in the middle of a burst of writes
 * loses none of the writes it had acknowledged.
 *
 * The writer is a child process that opens the file as the server does (`openDatabase`, the
 * same pragmas) and writes through the app's own model (`createOrganisation`: the row and its
 * audit event in one transaction), printing each id once its transaction has committed: a
 * printed id is an acknowledged write, as a form post's 302 is. The test kills it with SIGKILL
 * at a point of its own choosing, restarts on the file as the server does at start
 * (`prepareDatabase`: migrations, figures), and checks the file: integrity_check ok, every
 * acknowledged write there with its audit event, and nothing after a hole (the writes are
 * sequential, so what survived is a prefix of them). Three rounds on the same file, each
 * killed at a different count, so that kills land around WAL checkpoints too.
 *
 * (A SIGKILL tests the crash of the process, after which the operating system still writes out
 * what the process had written; a power cut is what `synchronous = FULL` is for, and is not
 * something a test can do. The first test checks that setting.)
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../db/connection";
import { prepareDatabase } from "../../scripts/prepare-db";

const TMP = path.resolve("tests/.tmp");
const DIR = path.join(TMP, `durability-${crypto.randomUUID()}`);
const ROOT = path.resolve(".");
const moduleUrl = (file: string) => pathToFileURL(path.join(ROOT, file)).href;

/** The writer (run with `node --import tsx`): one organisation per transaction, its id printed after the commit. */
const WRITER = `
import { openDatabase } from ${JSON.stringify(moduleUrl("db/connection.ts"))};
import { createOrganisation } from ${JSON.stringify(moduleUrl("app/models/organisation.server.ts"))};
import { SYSTEM } from ${JSON.stringify(moduleUrl("app/models/audit.server.ts"))};
const [file, prefix] = process.argv.slice(1);
const db = openDatabase(file);
for (let i = 1; ; i++) {
  const id = await createOrganisation(db, SYSTEM, { name: prefix + " " + i, shortName: "x".repeat(1 + (i % 60)), kind: "association", businessId: null, parentId: null });
  process.stdout.write(i + " " + id + "\\n");
}
`;

interface Writer {
  child: ChildProcess;
  /** Acknowledged writes: the writer's sequence number → the organisation's id. */
  acked: Map<number, number>;
  /** Resolves once `count` writes are acknowledged. */
  reach(count: number): Promise<void>;
  exited: Promise<NodeJS.Signals | null>;
}

function startWriter(file: string, prefix: string): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", WRITER, file, prefix], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acked = new Map<number, number>();
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const waiting: { count: number; resolve: () => void }[] = [];
  // "close": the process has ended and its output has been read to the end.
  const exited = new Promise<NodeJS.Signals | null>((resolve, reject) =>
    child.on("close", (code, signal) => {
      for (const w of waiting) w.resolve();
      if (signal === null) reject(new Error(`the writer stopped by itself (exit ${code}): ${stderr}`));
      else resolve(signal);
    }),
  );
  // Only complete lines count: a line cut short by the kill was not an acknowledgement.
  let pending = "";
  child.stdout!.on("data", (d: Buffer) => {
    const lines = (pending + d.toString()).split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const [seq, id] = line.split(" ").map(Number);
      acked.set(seq!, id!);
    }
    for (const w of waiting.filter((x) => acked.size >= x.count)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    child,
    acked,
    exited,
    reach: (count) => new Promise<void>((resolve) => (acked.size >= count ? resolve() : waiting.push({ count, resolve }))),
  };
}

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

describe("SQLite durability (docs/decisions/017)", () => {
  it("opens every connection in WAL mode with synchronous = FULL", () => {
    fs.mkdirSync(DIR, { recursive: true });
    const sqlite = openSqlite(path.join(DIR, "pragmas.sqlite"));
    try {
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("synchronous", { simple: true })).toBe(2); // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    } finally {
      sqlite.close();
    }
  });

  it("keeps every acknowledged write when the writer is killed with SIGKILL mid-burst, three times over", async () => {
    fs.mkdirSync(DIR, { recursive: true });
    const file = path.join(DIR, "ledger.sqlite");
    fs.copyFileSync(path.join(TMP, "template-empty.sqlite"), file);

    for (const [round, killAt] of [
      [1, 150],
      [2, 333],
      [3, 517],
    ] as const) {
      const prefix = `Kill-round ${round}`;
      const writer = startWriter(file, prefix);
      await writer.reach(killAt);
      writer.child.kill("SIGKILL"); // while it is writing the next ones
      expect(await writer.exited).toBe("SIGKILL");
      const acked = new Map(writer.acked);
      expect(acked.size).toBeGreaterThanOrEqual(killAt);
      // The kill left the WAL behind (no clean close): the restart must recover from it.
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

      // Restart as the server does, then look at the file.
      await prepareDatabase(file, false, "demo");
      const sqlite = new SQLite(file, { fileMustExist: true });
      try {
        expect(sqlite.prepare("PRAGMA integrity_check").pluck().all()).toEqual(["ok"]);
        expect(sqlite.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
        const rows = sqlite
          .prepare(
            `SELECT o.id, o.name, (SELECT count(*) FROM audit_event a WHERE a.entity = 'organisation' AND a.entity_id = o.id AND a.action = 'insert') AS audited
             FROM organisation o WHERE o.name LIKE ? ORDER BY o.id`,
          )
          .all(`${prefix} %`) as { id: number; name: string; audited: number }[];
        const bySeq = new Map(rows.map((r) => [Number(r.name.slice(prefix.length + 1)), r]));
        for (const [seq, id] of acked) {
          expect(bySeq.get(seq), `acknowledged write ${seq} (id ${id}) of round ${round}`).toMatchObject({ id, audited: 1 });
        }
        // What survived is a prefix of the burst: writes 1..n, no hole, each with its audit event
        // (n may exceed the acknowledged ones by a write that committed just before the kill).
        const n = rows.length;
        expect([...bySeq.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(rows.every((r) => r.audited === 1)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(acked.size);
      } finally {
        sqlite.close();
      }
    }
  }, 30_000);
});
