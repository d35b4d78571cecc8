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
