/**
 * npm run restore -- FILE [--force]: puts a backup made by `npm run backup` in place of the
 * database at DATABASE_PATH (db/backup.ts), after checking it: the file is there, is an SQLite
 * database, is not cut short, passes PRAGMA integrity_check, and holds only migrations this
 * version knows (a backup from an older version is brought forward with the migrations; one
 * from a newer version is refused). Stop the app first: a database another process has open is
 * not replaced. The database that was there is kept as `<DATABASE_PATH>.before-restore-<time>`;
 * the attachment files the backup refers to are copied back into ATTACHMENT_DIR from the
 * `attachments/` folder beside the backup. --force restores even when some of those files are
 * nowhere to be found. Exits with 1 on a refusal (nothing changed), 2 for a wrong command line.
 */
import { parseArgs } from "node:util";
import { BackupRefusal, restoreDatabase } from "../db/backup";
import { parseEnv } from "../app/utils/env.server";

const USAGE = "usage: npm run restore -- FILE [--force]   (stop the app first)";

export async function main(argv: string[], log = console.log, error = console.error): Promise<number> {
  let values: { force?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] === "") {
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
    const r = await restoreDatabase({ file: positionals[0]!, database: env.DATABASE_PATH, attachmentDir: env.ATTACHMENT_DIR, force: values.force });
    log(`Restored ${positionals[0]} into ${r.database}`);
    log(`  checked: PRAGMA integrity_check ok; the backup's latest migration ${r.backupMigration}`);
    if (r.migrated.length > 0) log(`  brought to this version: ${r.migrated.join(", ")}`);
    log(r.keptAs ? `  the database that was there is kept as ${r.keptAs}` : "  there was no database there before");
    if (r.previousNote) log(`  (${r.previousNote})`);
    const a = r.attachments;
    log(`  attachments: ${a.referenced} referred to; ${a.present} already in ${a.dir}, ${a.copied} copied back`);
    if (a.missing.length > 0) error(`  ${a.missing.length} attachment files were not found (restored with --force); those attachments will not open.`);
    log("Start the app again (e.g. systemctl start hankevahti).");
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
