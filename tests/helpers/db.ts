/**
 * A real SQLite file per test file: a copy of a migrated template (with or without the demo
 * portfolio), wired into the app in place of DATABASE_PATH.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { setDbForTests } from "../../app/utils/db.server";

const TMP = path.resolve("tests/.tmp");

export function freshDatabase(kind: "empty" | "demo"): { db: DB; file: string } {
  const file = path.join(TMP, `t-${crypto.randomUUID()}.sqlite`);
  fs.copyFileSync(path.join(TMP, `template-${kind}.sqlite`), file);
  const db = openDatabase(file);
  setDbForTests(db);
  return { db, file };
}

/** Gives the test file its own database for all its tests; `ctx.db` is set before the first test. */
export function useTestDatabase(kind: "empty" | "demo"): { db: DB } {
  const ctx = {} as { db: DB; file: string };
  beforeAll(() => {
    Object.assign(ctx, freshDatabase(kind));
  });
  afterAll(async () => {
    await ctx.db.destroy();
    setDbForTests(undefined);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(ctx.file + suffix, { force: true });
  });
  return ctx;
}

export async function projectIdByCase(db: DB, caseNumber: string): Promise<number> {
  const row = await db.selectFrom("project").select("id").where("case_number", "=", caseNumber).executeTakeFirstOrThrow();
  return row.id;
}

export async function organisationIdByName(db: DB, name: string): Promise<number> {
  const row = await db.selectFrom("organisation").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return row.id;
}

/** The id of a commitment of the project's current plan version (the first one). */
export async function currentCommitmentId(db: DB, projectId: number): Promise<number> {
  const row = await db
    .selectFrom("commitment as c")
    .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
    .select("c.id")
    .where("v.project_id", "=", projectId)
    .where("v.state", "=", "current")
    .orderBy("c.id")
    .executeTakeFirstOrThrow();
  return row.id;
}
