/**
 * npm run backup [-- --to DIR|FILE] [--no-attachments]: writes a consistent copy of the database
 * at DATABASE_PATH while the app runs (SQLite's online backup API, db/backup.ts), checks it
 * (PRAGMA integrity_check, its migrations) and prints what it wrote. Default destination:
 * `backups/hankevahti-<UTC time>.sqlite` beside the database; with --to, that folder or file (an
 * existing file is never overwritten). The attachment files the copy refers to are copied from
 * ATTACHMENT_DIR into `attachments/` beside the backup (only new ones; --no-attachments skips
 * them when ATTACHMENT_DIR is backed up another way). Exits with 1 when no backup was written,
 * or when it was but attachment files were missing; 2 for a wrong command line.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupRefusal, backupDatabase } from "../db/backup";
import { parseEnv } from "../app/utils/env.server";

const USAGE = "usage: npm run backup [-- --to DIR|FILE] [--no-attachments]";

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export async function main(argv: string[], log = console.log, error = console.error): Promise<number> {
  let values: { to?: string; "no-attachments"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { to: { type: "string" }, "no-attachments": { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (values.to === "") {
    error(USAGE);
    return 2;
  }

  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv();
  } catch (e) {
    error(e instanceof Error ? e.message : String(e));
    return 1;
  }
  try {
    const r = await backupDatabase({ database: env.DATABASE_PATH, attachmentDir: values["no-attachments"] ? null : env.ATTACHMENT_DIR, to: values.to });
    log(`Backup written: ${r.file} (${size(r.bytes)}, ${r.pages} pages of ${r.pageSize} bytes) in ${r.milliseconds} ms`);
    log(`  checked: PRAGMA integrity_check ok; latest migration ${r.latestMigration} (${r.migrations.length} migrations)`);
    const a = r.attachments;
    if (!a) {
      log(`  attachments: not copied (--no-attachments): back up ATTACHMENT_DIR (${path.resolve(env.ATTACHMENT_DIR)}) with it`);
      return 0;
    }
    log(`  attachments: ${a.referenced} referred to; ${a.copied} copied, ${a.alreadyThere} already there, into ${a.dir}`);
    if (a.deletedSince.length > 0)
      log(`  (${a.deletedSince.length} attachments were deleted in the app after the snapshot; the backup's rows for them will not open)`);
    if (a.missing.length > 0) {
      error(
        `The database copy ${r.file} is complete and checked, but ${a.missing.length} attachment files it refers to are missing from ` +
          `ATTACHMENT_DIR (${path.resolve(env.ATTACHMENT_DIR)}) or do not match their checksum there:\n` +
          a.missing.map((sha) => `  ${sha}`).join("\n"),
      );
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof BackupRefusal) {
      error(e.message);
      return 1;
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
