/**
 * Facts the database keeps about itself (table `app_setting`): whether it has ever run in
 * production mode, and whether it holds nothing but the demo data.
 */
import type { DB } from "../../db/connection";
import type { AppSettingTable } from "../../db/schema";

type Key = AppSettingTable["key"];

export async function getSetting(db: DB, key: Key): Promise<string | null> {
  const row = await db.selectFrom("app_setting").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
}

async function setSetting(db: DB, key: Key, value: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("app_setting")
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** When the database first ran in production mode (null: never). */
export const productionSince = (db: DB) => getSetting(db, "production_since");

/** Remembers that the database runs in production: from now on it refuses demo mode. */
export async function markProduction(db: DB, now = new Date()): Promise<void> {
  if ((await productionSince(db)) === null) await setSetting(db, "production_since", now.toISOString());
  await db.deleteFrom("app_setting").where("key", "=", "contents").execute();
}

/** Whether the database holds nothing but the demo data (only then are demo accounts added). */
export const holdsOnlyDemoData = async (db: DB) => (await getSetting(db, "contents")) === "demo";

export const markDemoContents = (db: DB) => setSetting(db, "contents", "demo");

/** Real data has arrived (a real account, an import): demo accounts are no longer added. */
export async function markRealContents(db: DB): Promise<void> {
  await db.deleteFrom("app_setting").where("key", "=", "contents").execute();
}

/**
 * What the database holds, as far as demo data is concerned: never run in production and
 * without projects ("empty"), only the demo data ("demo"), real data ("real"), or it has run in
 * production ("production"). Demo data and accounts go only into "empty" and "demo".
 */
export async function databaseContents(db: DB): Promise<"empty" | "demo" | "real" | "production"> {
  if ((await productionSince(db)) !== null) return "production";
  if (await holdsOnlyDemoData(db)) return "demo";
  const projects = await db
    .selectFrom("project")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom("app_user")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("is_demo", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(projects.n) === 0 && Number(users.n) === 0 ? "empty" : "real";
}
