/** npm run seed: loads the demo portfolio (idempotent: what exists is left as it is). */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { seedDemo } from "../db/seed/demo";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
await migrateToLatestOrThrow(db);
const r = await seedDemo(db, { summitRequest: env.DEMO_SUMMIT_REQUEST });
await db.destroy();
console.log(`Demo data in ${env.DATABASE_PATH}: ${r.projects} new projects, ${r.organisations} new organisations (existing ones kept).`);
