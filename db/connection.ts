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

/**
 * The connection as kysely's dialect sees it, with its prepared statements kept (by SQL text,
 * the 500 most recently used): kysely prepares every query afresh, and preparing costs as much
 * as running most of this app's queries. A statement still being iterated is not handed out
 * again. SQLite re-prepares a kept statement itself after a schema change.
 */
export function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    const kept = cache.get(source);
    if (kept && !kept.busy) {
      cache.delete(source);
      cache.set(source, kept);
      return kept;
    }
    const stmt = sqlite.prepare(source);
    if (!kept) {
      cache.set(source, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === "prepare") return prepare;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function openDatabase(file: string): DB {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(file)) }) });
}
