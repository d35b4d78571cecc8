/** Brings the database file to the latest schema and loads the demo portfolio when it is empty. */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { seedDemo, seedDemoUsers, type SeedOptions } from "../app/models/demo.server";
import { demoUsersExist } from "../app/models/user.server";
import { databaseContents, markDemoContents, markProduction, productionSince } from "../app/models/setting.server";
import { parseEnv } from "../app/utils/env.server";
import { refreshDirtyFigures } from "../app/models/figures.server";

/**
 * In demo mode an empty database gets the demo portfolio and demo accounts; missing demo accounts
 * are added again only to a database that holds nothing but the demo data. In production mode
 * nothing is seeded, the database remembers that it runs in production (and refuses demo mode
 * from then on), and the start is refused while any demo account keeps its demo password.
 */
export async function prepareDatabase(file: string, seedWhenEmpty: boolean, mode: "demo" | "production" = "demo", seed: SeedOptions = {}): Promise<void> {
  const db = openDatabase(file);
  try {
    const applied = await migrateToLatestOrThrow(db);
    if (applied.length > 0) console.log(`Migrations applied: ${applied.join(", ")}`);
    const refreshed = await refreshDirtyFigures(db);
    if (refreshed > 0) console.log(`Figures computed for ${refreshed} projects.`);
    if (mode === "production") {
      if (await demoUsersExist(db)) {
        throw new Error("Refusing to start in production: demo accounts with demo passwords exist. Change their passwords or deactivate them first.");
      }
      await markProduction(db);
      return;
    }
    const since = await productionSince(db);
    if (since !== null) {
      throw new Error(`Refusing to start in demo mode: this database has run in production mode (since ${since}). Start it with APP_MODE=production.`);
    }
    if (!seedWhenEmpty) return;
    const contents = await databaseContents(db);
    if (contents === "empty") {
      const r = await seedDemo(db, seed);
      await markDemoContents(db);
      console.log(`Empty database: demo portfolio loaded (${r.projects} projects, ${r.organisations} organisations, ${r.users} demo accounts).`);
    } else if (contents === "demo") {
      const users = await seedDemoUsers(db);
      if (users > 0) console.log(`Demo accounts added: ${users}.`);
    } else {
      console.log("The database holds real data: no demo data or demo accounts are added.");
    }
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const env = parseEnv();
    await prepareDatabase(env.DATABASE_PATH, env.SEED_WHEN_EMPTY === "1", env.APP_MODE, { summitRequest: env.DEMO_SUMMIT_REQUEST });
    console.log(`Database ready: ${env.DATABASE_PATH}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
