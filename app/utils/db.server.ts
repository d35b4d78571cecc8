/** The app's one database connection (the file from DATABASE_PATH), opened on first use. */
import { openDatabase, type DB } from "../../db/connection";
import { getEnv } from "./env.server";

declare global {
  var __hankevahtiDb: DB | undefined;
}

export function getDb(): DB {
  globalThis.__hankevahtiDb ??= openDatabase(getEnv().DATABASE_PATH);
  return globalThis.__hankevahtiDb;
}

/** Tests point the app at their own file. */
export function setDbForTests(db: DB | undefined): void {
  globalThis.__hankevahtiDb = db;
}
