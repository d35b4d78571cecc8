/**
 * npm run seed: loads the demo portfolio (idempotent: what exists is left as it is) into an empty
 * database or one that holds only the demo data. A database with real data, or one that has run
 * in production mode, is refused: demo accounts have a public password.
 */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { seedDemo } from "../app/models/demo.server";
import { databaseContents, markDemoContents } from "../app/models/setting.server";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
let code = 0;
try {
  await migrateToLatestOrThrow(db);
  const contents = await databaseContents(db);
  if (contents === "empty" || contents === "demo") {
    const r = await seedDemo(db, { summitRequest: env.DEMO_SUMMIT_REQUEST });
    await markDemoContents(db);
    console.log(`Demo data in ${env.DATABASE_PATH}: ${r.projects} new projects, ${r.organisations} new organisations (existing ones kept).`);
  } else {
    console.error(
      `Refusing to seed ${env.DATABASE_PATH}: it ${contents === "production" ? "has run in production mode" : "holds real data"}. Demo data and demo accounts go only into an empty database.`,
    );
    code = 1;
  }
} finally {
  await db.destroy();
}
process.exit(code);
