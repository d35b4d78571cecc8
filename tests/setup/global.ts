/**
 * Runs once before the suite: builds two template databases, migrated (empty) and migrated
 * with the demo portfolio. Each test file copies the one it needs (fast, isolated).
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { seedDemo } from "../../app/models/demo.server";
import { markDemoContents } from "../../app/models/setting.server";

export const TMP = path.resolve("tests/.tmp");

export default async function setup() {
  // Everything but the browser journeys' files (e2e-*: their database and signed-in state),
  // which a Playwright run may be using at the same moment.
  fs.mkdirSync(TMP, { recursive: true });
  for (const f of fs.readdirSync(TMP)) {
    if (!f.startsWith("e2e-")) fs.rmSync(path.join(TMP, f), { recursive: true, force: true });
  }
  for (const [name, seed] of [
    ["empty", false],
    ["demo", true],
  ] as const) {
    const file = path.join(TMP, `template-${name}.sqlite`);
    const db = openDatabase(file);
    await migrateToLatestOrThrow(db);
    // The meeting of 20.5.2026 not yet held: tests record SUMMIT's decision themselves.
    if (seed) {
      await seedDemo(db, { summitRequest: "pending" });
      await markDemoContents(db);
    }
    await db.executeQuery({ sql: "PRAGMA wal_checkpoint(TRUNCATE)", parameters: [], query: { kind: "RawNode" } } as never).catch(() => undefined);
    await db.destroy();
  }
}
