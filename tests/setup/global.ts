/**
 * Runs once before the suite: builds two template databases, migrated (empty) and migrated
 * with the demo portfolio. Each test file copies the one it needs (fast, isolated).
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { seedDemo } from "../../db/seed/demo";

export const TMP = path.resolve("tests/.tmp");

export default async function setup() {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  for (const [name, seed] of [["empty", false], ["demo", true]] as const) {
    const file = path.join(TMP, `template-${name}.sqlite`);
    const db = openDatabase(file);
    await migrateToLatestOrThrow(db);
    if (seed) await seedDemo(db);
    await db.executeQuery({ sql: "PRAGMA wal_checkpoint(TRUNCATE)", parameters: [], query: { kind: "RawNode" } } as never).catch(() => undefined);
    await db.destroy();
  }
}
