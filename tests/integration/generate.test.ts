/**
 * The national data generator (for the benchmark): deterministic, and its file imports into an
 * empty database with the figures it states (every project's city commitment, pending requests).
 */
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";

describe("generate-ledger", () => {
  it("gives the same file for the same seed, another for another seed", () => {
    const a = JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 7 }));
    expect(JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 7 }))).toBe(a);
    expect(JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 8 }))).not.toBe(a);
  });

  it("imports into an empty database: projects, superseded versions, pending requests, commitments", async () => {
    const file = path.resolve("tests/.tmp", `gen-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(path.resolve("tests/.tmp/template-empty.sqlite"), file);
    const db = openDatabase(file);
    try {
      const doc = generateLedger({ areas: 3, projectsPerArea: 20, seed: 1 });
      const result = await importLedger(db, doc);
      expect(result.ok, JSON.stringify(result).slice(0, 2000)).toBe(true);
      const n = async (table: "project" | "plan_version" | "change_request" | "commitment") =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await n("project")).toBe(60);
      expect(await n("change_request")).toBe(6); // every tenth project
      expect(await n("plan_version")).toBe(60 + 18 + 6); // + every third's superseded version + the proposals
      const cityCents = (doc.projects as { planVersions: { state: string; commitments: { amountCents: number }[] }[] }[])
        .flatMap((p) => p.planVersions.filter((v) => v.state === "current").flatMap((v) => v.commitments))
        .reduce((s, c) => s + c.amountCents, 0);
      const stored = await db
        .selectFrom("commitment as c")
        .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
        .select((eb) => eb.fn.sum<number>("c.amount_cents").as("s"))
        .where("v.state", "=", "current")
        .executeTakeFirstOrThrow();
      expect(Number(stored.s)).toBe(cityCents);
    } finally {
      await db.destroy();
      for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    }
  });
});
