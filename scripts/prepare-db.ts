/** Brings the database file to the latest schema and loads the demo portfolio when it is empty. */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { isEmpty, seedDemo } from "../db/seed/demo";
import { parseEnv } from "../app/utils/env.server";

export async function prepareDatabase(file: string, seedWhenEmpty: boolean): Promise<void> {
  const db = openDatabase(file);
  try {
    const applied = await migrateToLatestOrThrow(db);
    if (applied.length > 0) console.log(`Migrations applied: ${applied.join(", ")}`);
    if (seedWhenEmpty && (await isEmpty(db))) {
      const r = await seedDemo(db);
      console.log(`Empty database: demo portfolio loaded (${r.projects} projects, ${r.organisations} organisations).`);
    }
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = parseEnv();
  await prepareDatabase(env.DATABASE_PATH, env.SEED_WHEN_EMPTY === "1");
  console.log(`Database ready: ${env.DATABASE_PATH}`);
}
