/**
 * Opens the SQLite file with the settings every connection needs: foreign keys on, WAL,
 * `synchronous = FULL`, a busy timeout; wraps it in kysely.
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
  // WAL: readers (pages, the export, `npm run backup`) never block the writer or each other.
  // A file system without the shared memory WAL needs (some network file systems) leaves the
  // old mode: refuse to run on it rather than run without the durability decided below.
  const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
  if (file !== ":memory:" && mode !== "wal") {
    sqlite.close();
    throw new Error(`${file}: SQLite could not switch to WAL mode (journal_mode stays ${String(mode)}); put the database on a local file system.`);
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // FULL: each commit syncs the WAL to the disk before it returns, so a write the app has
  // acknowledged survives a power cut or an OS crash, not only a crash of the process (NORMAL
  // syncs only at checkpoints). About 0.2 ms a commit here. docs/decisions/017.
  sqlite.pragma("synchronous = FULL");
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
