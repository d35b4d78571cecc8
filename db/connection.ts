/**
 * Opens the SQLite file with the settings every connection needs: foreign keys on, WAL,
 * a busy timeout; wraps it in kysely.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Transaction } from "kysely";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

export function openDatabase(file: string): DB {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
}
