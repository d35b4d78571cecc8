/**
 * `npm run backup` and `npm run restore` (db/backup.ts, docs/deploy.md).
 *
 * A backup taken while a child process writes (through the app's model and connection, each
 * id printed after its commit) holds every write acknowledged before the backup began, is a
 * prefix of the burst (one consistent snapshot), passes integrity_check and carries its
 * attachment files; restored over another database (kept aside) into an empty attachment
 * folder, it opens and the app prepares it as at start. A backup from an older version is
 * brought forward. The refusals (no file, not SQLite, cut short, damaged, from a newer
 * version, the app running, attachment files nowhere) exit non-zero with a message and change
 * nothing.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { migrations } from "../../db/migrations/index";
import { ATTACHMENT_TABLES, backupDatabase, KNOWN_MIGRATIONS, restoreDatabase, sqliteHeaderProblem } from "../../db/backup";
import { main as restoreMain } from "../../scripts/restore";
import { main as backupMain } from "../../scripts/backup";
import { prepareDatabase } from "../../scripts/prepare-db";
import { pdf } from "~/utils/pdf";

const TMP = path.resolve("tests/.tmp");
const DIR = path.join(TMP, `backup-${crypto.randomUUID()}`);
const ROOT = path.resolve(".");
const LIVE = path.join(DIR, "live", "hankevahti.sqlite");
const LIVE_FILES = path.join(DIR, "live", "attachments");
const moduleUrl = (file: string) => pathToFileURL(path.join(ROOT, file)).href;
const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

/** The writer (run with `node --import tsx`): one organisation per transaction, its sequence number and id printed after the commit. */
const WRITER = `
import { openDatabase } from ${JSON.stringify(moduleUrl("db/connection.ts"))};
import { createOrganisation } from ${JSON.stringify(moduleUrl("app/models/organisation.server.ts"))};
import { SYSTEM } from ${JSON.stringify(moduleUrl("app/models/audit.server.ts"))};
const [file, prefix] = process.argv.slice(1);
const db = openDatabase(file);
for (let i = 1; ; i++) {
  const id = await createOrganisation(db, SYSTEM, { name: prefix + " " + i, shortName: "", kind: "association", businessId: null, parentId: null });
  process.stdout.write(i + " " + id + "\\n");
}
`;

function startWriter(file: string, prefix: string) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", WRITER, file, prefix], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acked = new Map<number, number>();
  const waiting: { count: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let pending = "";
  let stderr = "";
  let ended: Error | null = null;
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
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
  const closed = new Promise<void>((resolve) =>
    child.on("close", (code, signal) => {
      if (!signal) ended = new Error(`the writer stopped by itself (exit ${code}): ${stderr}`);
      for (const w of waiting.splice(0)) w.reject(ended ?? new Error("the writer was stopped"));
      resolve();
    }),
  );
  return {
    acked,
    reach: (count: number) =>
      new Promise<void>((resolve, reject) => (ended ? reject(ended) : acked.size >= count ? resolve() : waiting.push({ count, resolve, reject }))),
    stop: async () => {
      child.kill("SIGKILL");
      await closed;
      if (ended) throw ended;
    },
  };
}

/** Runs a script as `npm run` would (tsx), with its own DATABASE_PATH. */
async function cli(script: "backup" | "restore", args: string[], database: string, attachmentDir?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: database, NODE_ENV: "test" };
  if (attachmentDir) env.ATTACHMENT_DIR = attachmentDir;
  else delete env.ATTACHMENT_DIR;
  try {
    const r = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), [`scripts/${script}.ts`, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    return { code: err.code ?? -1, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs a script's main() in this process with DATABASE_PATH (and ATTACHMENT_DIR) set for the call. */
async function inProcess(run: typeof restoreMain, args: string[], database: string, attachmentDir?: string) {
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH, ATTACHMENT_DIR: process.env.ATTACHMENT_DIR };
  process.env.DATABASE_PATH = database;
  if (attachmentDir) process.env.ATTACHMENT_DIR = attachmentDir;
  else delete process.env.ATTACHMENT_DIR;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await run(
      args,
      (s) => out.push(s),
      (s) => err.push(s),
    );
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function readOnly<T>(file: string, fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const integrity = (file: string) => readOnly(file, (db) => db.prepare("PRAGMA integrity_check").pluck().all());
const latestMigration = (file: string) => readOnly(file, (db) => db.prepare("SELECT max(name) FROM kysely_migration").pluck().get());
const fileHash = (file: string) => sha256(fs.readFileSync(file));
const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** The burst's organisations in a database file: sequence number → id. */
function burstIn(file: string, prefix: string): Map<number, number> {
  const rows = readOnly(
    file,
    (db) => db.prepare("SELECT id, name FROM organisation WHERE name LIKE ? ORDER BY id").all(`${prefix} %`) as { id: number; name: string }[],
  );
  return new Map(rows.map((r) => [Number(r.name.slice(prefix.length + 1)), r.id]));
}

/** The demo ledger as the live database, its attachment files (our own content) in ATTACHMENT_DIR. */
let evidence: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(LIVE_FILES, { recursive: true });
  fs.copyFileSync(path.join(TMP, "template-demo.sqlite"), LIVE);
  const db = openDatabase(LIVE);
  try {
    const rows = await db.selectFrom("bonus_claim_attachment").select("id").orderBy("id").execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const bytes = pdf(`Evidence ${r.id}`);
      const sha = sha256(bytes);
      fs.writeFileSync(path.join(LIVE_FILES, sha), bytes);
      await db.updateTable("bonus_claim_attachment").set({ sha256: sha, size_bytes: bytes.length }).where("id", "=", r.id).execute();
      evidence.push(sha);
    }
    evidence = [...new Set(evidence)].sort();
  } finally {
    await db.destroy();
  }
});

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

describe("a backup during a write burst, restored", () => {
  it("holds every write acknowledged before it began, as one snapshot, with its attachment files; restored, the app starts on it", async () => {
    const prefix = "Backup-burst";
    const writer = startWriter(LIVE, prefix);
    let before: Map<number, number>;
    let backupFile: string;
    try {
      await writer.reach(100);
      before = new Map(writer.acked);
      // The real command, in its own process, while the writer goes on.
      const r = await cli("backup", ["--to", path.join(DIR, "backups") + path.sep], LIVE);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Backup written: .*hankevahti-\d{4}-\d\d-\d\dT\d{6}\.sqlite \(/);
      expect(r.stdout).toContain("PRAGMA integrity_check ok; latest migration " + KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.length - 1]);
      expect(r.stdout).toContain(`attachments: ${evidence.length} referred to; ${evidence.length} copied, 0 already there`);
      backupFile = r.stdout.match(/^Backup written: (.*?) \(/)![1]!;
      // The writer kept writing during the backup, and goes on after it.
      await writer.reach(writer.acked.size + 50);

      // A second backup, in this process, while the writer still writes: a new name, and only new files copied.
      const second = await backupDatabase({ database: LIVE, attachmentDir: LIVE_FILES, to: path.join(DIR, "backups") });
      expect(second.file).not.toBe(backupFile);
      expect(second.attachments).toMatchObject({ referenced: evidence.length, copied: 0, alreadyThere: evidence.length, missing: [] });
      expect(integrity(second.file)).toEqual(["ok"]);
    } finally {
      await writer.stop();
    }
    const final = burstIn(LIVE, prefix);

    // The backup alone: sound, every write acknowledged before it there, a prefix of the burst.
    expect(integrity(backupFile)).toEqual(["ok"]);
    const inBackup = burstIn(backupFile, prefix);
    for (const [seq, id] of before) expect(inBackup.get(seq), `write ${seq}, acknowledged before the backup`).toBe(id);
    expect([...inBackup.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: inBackup.size }, (_, i) => i + 1));
    for (const [seq, id] of inBackup) expect(final.get(seq)).toBe(id);
    expect(final.size).toBeGreaterThan(inBackup.size);
    expect(listing(path.join(DIR, "backups", "attachments"))).toEqual(evidence);

    // Restored over another database, into an empty attachment folder, by the real command.
    const target = path.join(DIR, "restored", "hankevahti.sqlite");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(TMP, "template-empty.sqlite"), target);
    const r = await cli("restore", [backupFile], target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Restored ${backupFile} into ${target}`);
    expect(r.stdout).toContain(
      `attachments: ${evidence.length} referred to; 0 already in ${path.join(DIR, "restored", "attachments")}, ${evidence.length} copied back`,
    );
    const keptAs = r.stdout.match(/kept as (.*)$/m)![1]!;
    expect(path.basename(keptAs)).toMatch(/^hankevahti\.sqlite\.before-restore-\d{4}-\d\d-\d\dT\d{6}$/);
    expect(readOnly(keptAs, (db) => db.prepare("SELECT count(*) FROM project").pluck().get())).toBe(0); // the empty ledger that was there
    expect(listing(path.dirname(target)).filter((f) => f.includes(".restoring-"))).toEqual([]);

    expect(integrity(target)).toEqual(["ok"]);
    expect(burstIn(target, prefix)).toEqual(inBackup);
    for (const sha of evidence) expect(fileHash(path.join(DIR, "restored", "attachments", sha))).toBe(sha);
    // The app starts on it as on any database (migrations, figures), and it is the demo ledger.
    await prepareDatabase(target, false, "demo");
    expect(readOnly(target, (db) => db.prepare("SELECT count(*) FROM project").pluck().get())).toBe(4);
    expect(integrity(target)).toEqual(["ok"]);
  }, 30_000);

  it("brings a backup from an older version forward with this version's migrations", async () => {
    const old = path.join(DIR, "old", "hankevahti-old.sqlite");
    fs.mkdirSync(path.dirname(old), { recursive: true });
    const db = openDatabase(old);
    const olderThan = KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.length - 3]!;
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(olderThan);
    expect(error).toBeUndefined();
    await db.destroy();
    const target = path.join(DIR, "old-restored", "hankevahti.sqlite");

    const r = await restoreDatabase({ file: old, database: target, attachmentDir: path.join(DIR, "old-restored", "attachments") });
    expect(r).toMatchObject({ keptAs: null, backupMigration: olderThan, migrated: KNOWN_MIGRATIONS.slice(-2) });
    expect(latestMigration(target)).toBe(KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.length - 1]);
    expect(integrity(target)).toEqual(["ok"]);
    expect(latestMigration(old)).toBe(olderThan); // the backup itself is never changed
  });

  it("knows every table whose rows name an attachment file", () => {
    const withChecksum = readOnly(LIVE, (db) =>
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter((t) =>
        (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).some((c) => c.name === "sha256"),
      ),
    );
    // spreadsheet_upload keeps an upload's checksum, not its file.
    expect(withChecksum.filter((t) => t !== "spreadsheet_upload").sort()).toEqual([...ATTACHMENT_TABLES].sort());
  });
});

describe("refusals", () => {
  const target = path.join(DIR, "target", "hankevahti.sqlite");
  const targetFiles = path.join(DIR, "target", "attachments");
  let good: string;
  let state: () => { files: string[]; hash: string; attachments: string[] };

  beforeAll(async () => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(TMP, "template-empty.sqlite"), target);
    good = (await backupDatabase({ database: LIVE, attachmentDir: LIVE_FILES, to: path.join(DIR, "refusal-backups") + path.sep })).file;
    state = () => ({ files: listing(path.dirname(target)), hash: fileHash(target), attachments: listing(targetFiles) });
  });

  /** A copy of the good backup, changed by `change`, in its own folder (no attachment files beside it). */
  function badCopy(name: string, change: (file: string) => void): string {
    const file = path.join(DIR, "bad", name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(good, file);
    change(file);
    return file;
  }

  it("refuses a missing file, a non-SQLite file, a cut-short file, a damaged one and one from a newer version, changing nothing", async () => {
    const size = fs.statSync(good).size;
    const pageSize = readOnly(good, (db) => db.pragma("page_size", { simple: true }) as number);
    const cases: [string, string, RegExp][] = [
      ["missing", path.join(DIR, "bad", "no-such-backup.sqlite"), /There is no file .*no-such-backup\.sqlite\./],
      ["not SQLite", badCopy("text.sqlite", (f) => fs.writeFileSync(f, "id;name\n1;SUMMIT\n")), /it is not an SQLite database/],
      ["empty", badCopy("empty.sqlite", (f) => fs.writeFileSync(f, "")), /the file is empty/],
      [
        "cut mid-page",
        badCopy("cut.sqlite", (f) => fs.truncateSync(f, Math.floor(size / 2) + 100)),
        /it is cut short \(\d+ bytes is not a whole number of \d+-byte pages\)/,
      ],
      ["cut at a page", badCopy("cut-page.sqlite", (f) => fs.truncateSync(f, pageSize * 3)), /it is cut short \(\d+ bytes; its header says \d+ pages/],
      [
        "damaged",
        badCopy("damaged.sqlite", (f) => {
          const fd = fs.openSync(f, "r+");
          for (let page = 2; page * pageSize < size; page += 3) fs.writeSync(fd, crypto.randomBytes(64), 0, 64, page * pageSize + 8);
          fs.closeSync(fd);
        }),
        /fails PRAGMA integrity_check|SQLite cannot read it/,
      ],
      [
        "newer",
        badCopy("newer.sqlite", (f) => {
          const db = new SQLite(f);
          db.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)").run("9999_from_the_future", new Date().toISOString());
          db.close();
        }),
        /made by a newer version of Hankevahti: its migration 9999_from_the_future is unknown to this one/,
      ],
    ];
    const before = state();
    for (const [label, file, message] of cases) {
      const r = await inProcess(restoreMain, [file], target, targetFiles);
      expect(r.code, label).toBe(1);
      expect(r.stderr, label).toMatch(message);
      expect(r.stderr, label).toContain("Nothing was changed.");
      expect(r.stdout, label).toBe("");
      expect(state(), label).toEqual(before);
    }
    expect(sqliteHeaderProblem(good)).toBeNull();
    // And through the real command: the exit code is the process's.
    const r = await cli("restore", [cases[3]![1]], target, targetFiles);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/cut short.*Nothing was changed\./);
    expect(state()).toEqual(before);
  }, 20_000);

  it("refuses while the app has the database open, and without the attachment files unless --force", async () => {
    const before = state();
    const app = openDatabase(target); // the running app's connection
    try {
      await app.selectFrom("project").select("id").execute();
      const r = await inProcess(restoreMain, [good], target, targetFiles);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is in use by another process \(is the app running\?\)\. Stop it first .*Nothing was changed\./);
      expect(await app.selectFrom("project").select("id").execute()).toEqual([]); // still its own, empty ledger
    } finally {
      await app.destroy();
    }
    expect(state()).toEqual(before);

    // A backup moved away from its attachment files, into an attachment folder without them.
    const lonely = badCopy("lonely.sqlite", () => undefined);
    const r = await inProcess(restoreMain, [lonely], target, targetFiles);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${evidence.length} of the ${evidence.length} attachment files the backup refers to are neither in ATTACHMENT_DIR`);
    expect(r.stderr).toContain("--force");
    expect(state()).toEqual(before);

    const forced = await inProcess(restoreMain, [lonely, "--force"], target, targetFiles);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`${evidence.length} attachment files were not found (restored with --force)`);
    expect(integrity(target)).toEqual(["ok"]);
    expect(listing(path.dirname(target)).filter((f) => f.includes(".before-restore-"))).toHaveLength(1);
  });

  it("backup: refuses without a database, and never overwrites a file", async () => {
    const none = await inProcess(backupMain, [], path.join(DIR, "nowhere", "hankevahti.sqlite"));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/There is no database at .*nowhere.*nothing to back up\./);
    expect(fs.existsSync(path.join(DIR, "nowhere"))).toBe(false);

    const taken = path.join(DIR, "taken.sqlite");
    fs.writeFileSync(taken, "mine");
    const r = await inProcess(backupMain, ["--to", taken], LIVE, LIVE_FILES);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists; a backup never overwrites a file/);
    expect(fs.readFileSync(taken, "utf8")).toBe("mine");

    expect((await inProcess(backupMain, ["--bogus"], LIVE)).code).toBe(2);
  });
});
