/** Brings the database file to the latest schema and loads the demo portfolio when it is empty. */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { isEmpty, seedDemo, seedDemoUsers, type SeedOptions } from "../db/seed/demo";
import { demoUsersExist } from "../app/models/user.server";
import { parseEnv } from "../app/utils/env.server";

/**
 * In demo mode an empty database gets the demo portfolio and demo accounts. In production mode
 * nothing is seeded, and the start is refused while any demo account keeps its demo password.
 */
export async function prepareDatabase(file: string, seedWhenEmpty: boolean, mode: "demo" | "production" = "demo", seed: SeedOptions = {}): Promise<void> {
  const db = openDatabase(file);
  try {
    const applied = await migrateToLatestOrThrow(db);
    if (applied.length > 0) console.log(`Migrations applied: ${applied.join(", ")}`);
    if (mode === "production") {
      if (await demoUsersExist(db)) {
        throw new Error("Refusing to start in production: demo accounts with demo passwords exist. Change their passwords or deactivate them first.");
      }
      return;
    }
    if (seedWhenEmpty && (await isEmpty(db))) {
      const r = await seedDemo(db, seed);
      console.log(`Empty database: demo portfolio loaded (${r.projects} projects, ${r.organisations} organisations, ${r.users} demo accounts).`);
    } else if (seedWhenEmpty) {
      const users = await seedDemoUsers(db);
      if (users > 0) console.log(`Demo accounts added: ${users}.`);
    }
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = parseEnv();
  await prepareDatabase(env.DATABASE_PATH, env.SEED_WHEN_EMPTY === "1", env.APP_MODE, { summitRequest: env.DEMO_SUMMIT_REQUEST });
  console.log(`Database ready: ${env.DATABASE_PATH}`);
}
