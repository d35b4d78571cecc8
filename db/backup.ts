/**
 * Backups and restores of the SQLite file (`npm run backup`, `npm run restore`; docs/deploy.md,
 * docs/decisions/017).
 *
 * A backup is made with SQLite's online backup API (better-sqlite3's `backup()`), never a file
 * copy: it reads the database through SQLite, in one step, so it is one consistent snapshot
 * (WAL mode: the app keeps writing meanwhile, into the WAL, and the copy holds exactly the
 * transactions committed before it began). It is written under a temporary name, checked
 * (`PRAGMA integrity_check`, the migrations it holds), synced and only then renamed into place:
 * a file with a backup's name is always a complete, checked backup. The attachment files the
 * copy refers to (stored outside the database, by SHA-256, immutable) are copied into the
 * folder `attachments` beside it, shared by every backup in that folder: only new files are
 * copied.
 *
 * A restore checks a backup before anything is changed (the file is there, is SQLite, is not
 * cut short, passes the integrity check, holds only migrations this version knows), brings a
 * copy of it to this version's schema beside the database, copies back the attachment files it
 * needs, and only then swaps it in, keeping the database that was there under
 * `<DATABASE_PATH>.before-restore-<time>`. It refuses while another process has the database
 * open (the app running). Every refusal is a `BackupRefusal` whose message says what to do; a
 * refusal changes nothing.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { openDatabase } from "./connection";
import { migrateToLatestOrThrow } from "./migrate";
import { migrations } from "./migrations/index";

/** A backup or restore that did not happen, with the reason and what to do; nothing was changed. */
export class BackupRefusal extends Error {
  override name = "BackupRefusal";
}

/** The tables whose rows name a file under ATTACHMENT_DIR by its SHA-256. A new one belongs here. */
export const ATTACHMENT_TABLES = ["report_attachment", "bonus_claim_attachment"] as const;

/** The folder of attachment files beside a backup file (shared by the backups in that folder). */
export const BACKUP_ATTACHMENTS = "attachments";

/** Every migration this version knows, in order. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(migrations).sort();

const SHA256 = /^[0-9a-f]{64}$/;
const MAGIC = Buffer.from("SQLite format 3\0", "latin1");
/** Pages per step of the backup: all of them, so that the copy is one snapshot (no restarts when the app writes). */
const ALL_PAGES = 0x7fffffff;

/** `2026-05-20T101500` (UTC): sorts as time does, and is a valid file name everywhere. */
export function timeStamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/:/g, "");
}

/** `hankevahti-2026-05-20T101500.sqlite` */
export function backupFileName(now: Date): string {
  return `hankevahti-${timeStamp(now)}.sqlite`;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;
const sha256Of = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

function exists(file: string): boolean {
  return fs.existsSync(file);
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename or a new file in the folder durable (where the platform lets a folder be synced). */
function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Not every platform syncs a directory; the file itself was synced.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function removeWithCompanions(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

/** A name beside `base` that is not taken: `base`, else `base-2`, `base-3`, … (before the extension `ext`). */
function freeName(base: string, ext = ""): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base + ext : `${base}-${n}${ext}`;
    if (!["", "-wal", "-shm", "-journal"].some((s) => exists(candidate + s))) return candidate;
  }
}

/**
 * What is wrong with a file as an SQLite database, from its first 100 bytes and its size: too
 * short, not SQLite, or shorter than its header says (cut short in a copy). Null: nothing seen.
 */
export function sqliteHeaderProblem(file: string): string | null {
  const size = fs.statSync(file).size;
  if (size === 0) return "the file is empty";
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(MAGIC)) return "it is not an SQLite database (it does not begin with “SQLite format 3”)";
  if (size < 100) return `it is cut short (${size} bytes, less than an SQLite header)`;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `its header is damaged (page size ${raw})`;
  if (size % pageSize !== 0) return `it is cut short (${size} bytes is not a whole number of ${pageSize}-byte pages)`;
  // The page count in the header is valid when the change counter matches "version-valid-for".
  const pages = header.readUInt32BE(28);
  if (pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92) && size < pages * pageSize) {
    return `it is cut short (${size} bytes; its header says ${pages} pages of ${pageSize} bytes, ${pages * pageSize} bytes)`;
  }
  return null;
}

export interface DatabaseFacts {
  /** `["ok"]`, or SQLite's list of problems. */
  integrity: string[];
  /** The migrations it has run, in order; null when it has no migrations table (not Hankevahti's). */
  migrations: string[] | null;
  pages: number;
  pageSize: number;
}

/** The integrity check and the migrations of an open database. Throws SQLite's error on a file it cannot read. */
function factsOf(sqlite: SQLite.Database): DatabaseFacts {
  const integrity = sqlite.prepare("PRAGMA integrity_check").pluck().all() as string[];
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").pluck().get();
  const names = table ? (sqlite.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all() as string[]) : null;
  return {
    integrity,
    migrations: names,
    pages: sqlite.pragma("page_count", { simple: true }) as number,
    pageSize: sqlite.pragma("page_size", { simple: true }) as number,
  };
}

/** The SHA-256 of every attachment file the database refers to. */
function referencedFiles(sqlite: SQLite.Database): string[] {
  const found = new Set<string>();
  for (const t of ATTACHMENT_TABLES) {
    if (!sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(t)) continue;
    for (const sha of sqlite.prepare(`SELECT DISTINCT sha256 FROM ${t}`).pluck().all() as string[]) if (SHA256.test(sha)) found.add(sha);
  }
  return [...found].sort();
}

/** Whether the file is there and its bytes still have its checksum. */
function intact(file: string, sha: string): boolean {
  try {
    return sha256Of(fs.readFileSync(file)) === sha;
  } catch (e) {
    if (codeOf(e) === "ENOENT") return false;
    throw e;
  }
}

/**
 * Gives a file the owner of `like` when this runs as root (a restore run with sudo must not
 * leave files the app's own user cannot open).
 */
function ownLike(file: string, like: fs.Stats): void {
  if (process.getuid?.() === 0 && (like.uid !== 0 || like.gid !== 0)) fs.chownSync(file, like.uid, like.gid);
}

/** Copies an attachment file into `dir` under its checksum (temporary name, synced, renamed). False when the source's bytes do not match. */
function copyAttachment(from: string, dir: string, sha: string, owner?: fs.Stats): boolean {
  const bytes = fs.readFileSync(from);
  if (sha256Of(bytes) !== sha) return false;
  const tmp = path.join(dir, `.tmp-${sha}-${crypto.randomUUID()}`);
  try {
    const fd = fs.openSync(tmp, "wx", 0o600);
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (owner) ownLike(tmp, owner);
    fs.renameSync(tmp, path.join(dir, sha));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return true;
}

/** Where a backup goes: `to` as a folder (it exists as one, or ends with a slash) or a file; by default `backups/` beside the database. */
function destinationOf(database: string, to: string | undefined, now: Date): string {
  const dir = path.join(path.dirname(database), "backups");
  if (to === undefined || to === "") return freeName(path.join(dir, backupFileName(now).replace(/\.sqlite$/, "")), ".sqlite");
  const resolved = path.resolve(to);
  const isDir = /[\\/]$/.test(to) || (exists(resolved) && fs.statSync(resolved).isDirectory());
  if (isDir) return freeName(path.join(resolved, backupFileName(now).replace(/\.sqlite$/, "")), ".sqlite");
  if (exists(resolved)) throw new BackupRefusal(`${resolved} already exists; a backup never overwrites a file. Name another file, or a folder.`);
  if (resolved === database || ["-wal", "-shm", "-journal"].some((s) => resolved === database + s)) {
    throw new BackupRefusal(`${resolved} is the database itself; name another file, or a folder.`);
  }
  return resolved;
}

export interface AttachmentCopy {
  /** The folder the files went to. */
  dir: string;
  /** Files the backup refers to. */
  referenced: number;
  /** Copied now. */
  copied: number;
  /** Already in the folder from an earlier backup (files never change: same checksum, same bytes). */
  alreadyThere: number;
  /** Referred to by the backup, still by the database, but not in ATTACHMENT_DIR (or damaged there). */
  missing: string[];
  /** Referred to by the backup but deleted by the app since the snapshot (the backup's reference will not open). */
  deletedSince: string[];
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  pageSize: number;
  migrations: string[];
  latestMigration: string | null;
  milliseconds: number;
  /** Null when attachments were not copied (`--no-attachments`, or no ATTACHMENT_DIR). */
  attachments: AttachmentCopy | null;
}

export interface BackupOptions {
  /** The database file (DATABASE_PATH). */
  database: string;
  /** ATTACHMENT_DIR; null: do not copy attachment files. */
  attachmentDir: string | null;
  /** A folder, or a file name; default `backups/` beside the database. */
  to?: string;
  now?: Date;
}

/** Writes a consistent, checked copy of the database while the app runs, and the attachment files it refers to. */
export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const database = path.resolve(options.database);
  if (!exists(database) || !fs.statSync(database).isFile()) {
    throw new BackupRefusal(`There is no database at ${database} (DATABASE_PATH): nothing to back up.`);
  }
  const file = destinationOf(database, options.to, options.now ?? new Date());
  const dir = path.dirname(file);
  if (!exists(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.partial-${crypto.randomUUID().slice(0, 8)}`;

  // The live database: opened as the app opens it, but nothing is changed in it.
  const source = new SQLite(database, { fileMustExist: true, timeout: 5000 });
  try {
    try {
      await source.backup(tmp, { progress: () => ALL_PAGES });
    } catch (e) {
      removeWithCompanions(tmp);
      throw new BackupRefusal(`The backup of ${database} failed: ${messageOf(e)}. Nothing was written.`);
    }

    // The copy: a plain single file (rollback journal mode: nothing beside it is needed to read
    // it), checked, synced, and only then given its name.
    let facts: DatabaseFacts;
    let referenced: string[];
    try {
      const copy = new SQLite(tmp, { fileMustExist: true });
      try {
        copy.pragma("journal_mode = DELETE");
        facts = factsOf(copy);
        referenced = referencedFiles(copy);
      } finally {
        copy.close();
      }
    } catch (e) {
      removeWithCompanions(tmp);
      throw new BackupRefusal(`The copy of ${database} could not be read back: ${messageOf(e)}. Nothing was written.`);
    }
    if (facts.integrity.length !== 1 || facts.integrity[0] !== "ok") {
      removeWithCompanions(tmp);
      throw new BackupRefusal(
        `The copy of ${database} failed PRAGMA integrity_check (${facts.integrity.slice(0, 5).join("; ")}). ` +
          `The database itself may be damaged: check it with sqlite3 "${database}" "PRAGMA integrity_check". Nothing was written.`,
      );
    }
    if (facts.migrations === null || facts.migrations.length === 0) {
      removeWithCompanions(tmp);
      throw new BackupRefusal(`${database} has no migrations: it is not a Hankevahti database. Nothing was written.`);
    }
    fs.chmodSync(tmp, 0o600);
    fsyncFile(tmp);
    fs.renameSync(tmp, file);
    fsyncDir(dir);

    let attachments: AttachmentCopy | null = null;
    if (options.attachmentDir !== null) {
      const from = path.resolve(options.attachmentDir);
      const into = path.join(dir, BACKUP_ATTACHMENTS);
      attachments = { dir: into, referenced: referenced.length, copied: 0, alreadyThere: 0, missing: [], deletedSince: [] };
      if (referenced.length > 0 && !exists(into)) fs.mkdirSync(into, { recursive: true, mode: 0o700 });
      let live: string[] | null = null;
      const stillReferenced = (sha: string) => (live ??= referencedFiles(source)).includes(sha);
      for (const sha of referenced) {
        if (exists(path.join(into, sha))) attachments.alreadyThere++;
        else if (from === into || !exists(path.join(from, sha))) (stillReferenced(sha) ? attachments.missing : attachments.deletedSince).push(sha);
        else if (copyAttachment(path.join(from, sha), into, sha)) attachments.copied++;
        else attachments.missing.push(sha);
      }
      if (attachments.copied > 0) fsyncDir(into);
    }

    const latest = facts.migrations[facts.migrations.length - 1] ?? null;
    return {
      file,
      bytes: fs.statSync(file).size,
      pages: facts.pages,
      pageSize: facts.pageSize,
      migrations: facts.migrations,
      latestMigration: latest,
      milliseconds: Date.now() - started,
      attachments,
    };
  } finally {
    source.close();
  }
}

export interface RestoreResult {
  database: string;
  /** Where the database that was there was moved (null: there was none). */
  keptAs: string | null;
  /** A note on the database that was there (it could not be opened, and was moved aside as it was). */
  previousNote: string | null;
  /** The backup's latest migration, and those this restore ran to bring it to this version. */
  backupMigration: string;
  migrated: string[];
  attachments: { dir: string; referenced: number; copied: number; present: number; missing: string[] };
}

export interface RestoreOptions {
  /** The backup file. */
  file: string;
  /** The database to replace (DATABASE_PATH). */
  database: string;
  /** ATTACHMENT_DIR, where the backup's attachment files are copied back to. */
  attachmentDir: string;
  /** Restore even when some attachment files are nowhere to be found. */
  force?: boolean;
  now?: Date;
}

const NOTHING = "Nothing was changed.";

/** Checks a backup file and, when it is sound, puts it in place of the database (the old one kept aside). */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const file = path.resolve(options.file);
  const database = path.resolve(options.database);
  const now = options.now ?? new Date();

  // 1. The file itself, before SQLite opens anything.
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if (codeOf(e) === "ENOENT") throw new BackupRefusal(`There is no file ${file}. ${NOTHING}`);
    throw new BackupRefusal(`${file} cannot be read: ${messageOf(e)}. ${NOTHING}`);
  }
  if (!stat.isFile()) throw new BackupRefusal(`${file} is not a file. ${NOTHING}`);
  if (file === database) throw new BackupRefusal(`${file} is the database itself (DATABASE_PATH); name a backup file. ${NOTHING}`);
  if (exists(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) {
    throw new BackupRefusal(
      `${file} has a write-ahead log beside it (${file}-wal): it is a database in use, or a file copy of one, not a backup made by npm run backup. ${NOTHING}`,
    );
  }
  const problem = sqliteHeaderProblem(file);
  if (problem) throw new BackupRefusal(`${file} cannot be restored: ${problem}. ${NOTHING}`);

  if (exists(database) && !fs.statSync(database).isFile()) throw new BackupRefusal(`${database} (DATABASE_PATH) is not a file. ${NOTHING}`);

  // 2. A copy beside the database, checked and brought to this version's schema there.
  fs.mkdirSync(path.dirname(database), { recursive: true });
  const staging = freeName(`${database}.restoring-${timeStamp(now)}`);
  let swapped = false;
  let holder: SQLite.Database | null = null;
  try {
    fs.copyFileSync(file, staging, fs.constants.COPYFILE_EXCL);
    let facts: DatabaseFacts;
    let referenced: string[];
    try {
      const copy = new SQLite(staging, { fileMustExist: true });
      try {
        facts = factsOf(copy);
        referenced = referencedFiles(copy);
      } finally {
        copy.close();
      }
    } catch (e) {
      throw new BackupRefusal(`${file} cannot be restored: SQLite cannot read it (${messageOf(e)}). ${NOTHING}`);
    }
    if (facts.integrity.length !== 1 || facts.integrity[0] !== "ok") {
      throw new BackupRefusal(`${file} cannot be restored: it fails PRAGMA integrity_check (${facts.integrity.slice(0, 5).join("; ")}). ${NOTHING}`);
    }
    if (facts.migrations === null || facts.migrations.length === 0) {
      throw new BackupRefusal(`${file} cannot be restored: it has no migrations table, so it is not a Hankevahti database. ${NOTHING}`);
    }
    const unknown = facts.migrations.filter((m) => !KNOWN_MIGRATIONS.includes(m));
    if (unknown.length > 0) {
      throw new BackupRefusal(
        `${file} was made by a newer version of Hankevahti: its migration ${unknown.join(", ")} is unknown to this one ` +
          `(latest here: ${KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.length - 1]}). Restore it with the version that made it. ${NOTHING}`,
      );
    }
    const backupMigration = facts.migrations[facts.migrations.length - 1]!;
    let migrated: string[] = [];
    if (facts.migrations.length < KNOWN_MIGRATIONS.length) {
      const db = openDatabase(staging);
      try {
        migrated = await migrateToLatestOrThrow(db);
      } catch (e) {
        throw new BackupRefusal(`${file} cannot be brought to this version's schema: ${messageOf(e)}. ${NOTHING}`);
      } finally {
        await db.destroy();
      }
    }
    const tidy = new SQLite(staging, { fileMustExist: true });
    try {
      tidy.pragma("journal_mode = DELETE");
    } finally {
      tidy.close();
    }
    fsyncFile(staging);

    // 3. The attachment files: each is in ATTACHMENT_DIR already, or beside the backup.
    const attachmentDir = path.resolve(options.attachmentDir);
    const backupFiles = path.join(path.dirname(file), BACKUP_ATTACHMENTS);
    const present: string[] = [];
    const toCopy: string[] = [];
    const missing: string[] = [];
    for (const sha of referenced) {
      if (intact(path.join(attachmentDir, sha), sha)) present.push(sha);
      else if (exists(path.join(backupFiles, sha))) toCopy.push(sha);
      else missing.push(sha);
    }
    if (missing.length > 0 && !options.force) {
      throw new BackupRefusal(
        `${missing.length} of the ${referenced.length} attachment files the backup refers to are neither in ATTACHMENT_DIR (${attachmentDir}) ` +
          `nor beside the backup (${backupFiles}), e.g. ${missing[0]}. Put them in either folder, or restore without them with --force ` +
          `(those attachments will then not open). ${NOTHING}`,
      );
    }

    // 4. The database in place: only when no other process has it open. Switching it out of WAL
    // mode needs every other connection gone (and folds a WAL left by a crash into the file);
    // the exclusive lock then keeps the app out until the new file is in place.
    let previousNote: string | null = null;
    if (exists(database)) {
      try {
        holder = new SQLite(database, { fileMustExist: true, timeout: 0 });
        const mode = holder.pragma("journal_mode = DELETE", { simple: true });
        if (mode !== "delete") throw Object.assign(new Error(`journal_mode stays ${String(mode)}`), { code: "SQLITE_BUSY" });
        holder.pragma("locking_mode = EXCLUSIVE");
        holder.exec("BEGIN EXCLUSIVE");
      } catch (e) {
        holder?.close();
        holder = null;
        const code = String(codeOf(e) ?? "");
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
          throw new BackupRefusal(
            `${database} is in use by another process (is the app running?). Stop it first (e.g. systemctl stop hankevahti), then restore again. ${NOTHING}`,
          );
        }
        previousNote = `the database that was there could not be opened (${messageOf(e)}); it was moved aside as it was`;
      }
    }

    let copied = 0;
    if (toCopy.length > 0) {
      fs.mkdirSync(attachmentDir, { recursive: true });
      const owner = fs.statSync(attachmentDir);
      for (const sha of toCopy) {
        if (copyAttachment(path.join(backupFiles, sha), attachmentDir, sha, owner)) copied++;
        else missing.push(sha);
      }
      fsyncDir(attachmentDir);
      if (missing.length > 0 && !options.force) {
        throw new BackupRefusal(
          `${missing.length} attachment files beside the backup do not match their checksum (damaged), e.g. ${missing[0]}. ` +
            `Restore without them with --force (those attachments will then not open). The database was not changed; ${copied} intact files were copied into ${attachmentDir}.`,
        );
      }
    }

    // The new file gets the old one's permissions (and owner, when run as root).
    if (exists(database)) {
      const previous = fs.statSync(database);
      fs.chmodSync(staging, previous.mode & 0o777);
      ownLike(staging, previous);
    }
    let keptAs: string | null = null;
    if (["", "-wal", "-shm", "-journal"].some((s) => exists(database + s))) {
      keptAs = freeName(`${database}.before-restore-${timeStamp(now)}`);
      for (const suffix of ["", "-wal", "-shm", "-journal"]) if (exists(database + suffix)) fs.renameSync(database + suffix, keptAs + suffix);
    }
    fs.renameSync(staging, database);
    swapped = true;
    fsyncDir(path.dirname(database));

    return {
      database,
      keptAs,
      previousNote,
      backupMigration,
      migrated,
      attachments: { dir: attachmentDir, referenced: referenced.length, copied, present: present.length, missing },
    };
  } finally {
    if (holder) {
      try {
        holder.exec("ROLLBACK");
      } finally {
        holder.close();
      }
    }
    if (!swapped) removeWithCompanions(staging);
  }
}
