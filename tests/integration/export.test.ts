/**
 * The streamed export (GET /api/v1/export): a stream, not a document built in memory; the same
 * text whatever the step size (exactly JSON.stringify of the document, as before streaming);
 * every SQL statement names a bounded number of values; an error in the middle is logged in one
 * line and ends the stream early (no stack trace, the document does not parse); a client that
 * goes away stops it without leaving the database connection held.
 * The round trip at a size over SQLite's variable limit is tests/national/export-round-trip.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it, vi } from "vitest";
import { headersFor, useSignedIn } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { callLoader } from "../helpers/http";
import { exportText } from "../helpers/export";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";
import { loader as exportLoader } from "~/routes/api.v1.export";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

const TMP = path.resolve("tests/.tmp");
const opened: { db: DB; file: string }[] = [];

/** A copy of a template database, with every statement's parameter count recorded. */
function copyOf(kind: "empty" | "demo"): { db: DB; parameterCounts: number[] } {
  const file = path.join(TMP, `export-${crypto.randomUUID()}.sqlite`);
  fs.copyFileSync(path.join(TMP, `template-${kind}.sqlite`), file);
  const parameterCounts: number[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: openSqlite(file) }),
    log: (event) => {
      parameterCounts.push(event.query.parameters.length);
    },
  });
  opened.push({ db, file });
  return { db, parameterCounts };
}

afterAll(async () => {
  for (const { db, file } of opened) {
    await db.destroy();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
});

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

describe("GET /api/v1/export, streamed", () => {
  it("answers with a stream of JSON, named as an attachment, not cached", async () => {
    const res = await callLoader(exportLoader, "/api/v1/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="hankevahti-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await res.text();
    // Compact JSON with the document's keys in order: what JSON.stringify of the document gives.
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(text.startsWith('{"format":"hankevahti-ledger","version":1,"exportedAt":"')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(["format", "version", "exportedAt", "organisations", "projects", "meetings", "bonusYears", "bonusClaims"]);
  });

  it("gives the same text whatever the number of projects per step", async () => {
    const { db } = copyOf("empty");
    expect((await importLedger(db, generateLedger({ areas: 2, projectsPerArea: 15, seed: 4 }))).ok).toBe(true);
    const now = new Date("2026-05-20T09:00:00Z");
    const whole = await exportText(db, { now, chunkSize: 1000 });
    expect(JSON.parse(whole).projects).toHaveLength(30);
    for (const chunkSize of [1, 7, 29, 30]) expect(await exportText(db, { now, chunkSize }), `${chunkSize} per step`).toBe(whole);
    const demo = copyOf("demo").db;
    expect(await exportText(demo, { now, chunkSize: 1 })).toBe(await exportText(demo, { now }));
  });

  it("names at most a step's worth of values in any statement", async () => {
    const { db, parameterCounts } = copyOf("empty");
    expect((await importLedger(db, generateLedger({ areas: 2, projectsPerArea: 50, seed: 5 }))).ok).toBe(true);
    parameterCounts.length = 0;
    const doc = JSON.parse(await exportText(db, { chunkSize: 10 }));
    expect(doc.projects).toHaveLength(100);
    // 10 projects have at most 10 × 3 plan versions; the import alone named hundreds.
    expect(parameterCounts.length).toBeGreaterThan(10 * 5);
    expect(Math.max(...parameterCounts)).toBeLessThanOrEqual(30);
  });

  it("ends the document early on an error in the middle: one line in the log, no stack trace to the client", async () => {
    const { db } = copyOf("demo");
    const { setDbForTests } = await import("~/utils/db.server");
    setDbForTests(db);
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = await callLoader(exportLoader, "/api/v1/export", {}, { headers: await headersFor(db, "manager") });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const head = new TextDecoder().decode((await reader.read()).value);
      expect(head).toContain('"organisations":[');
      // The database fails after the header is out (as a disk or lock error would).
      await db.schema.alterTable("change_request").renameTo("change_request_gone").execute();
      const text = head + (await readAll(reader));
      expect(() => JSON.parse(text)).toThrow();
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(text).not.toContain("Error");
      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0]![0]);
      expect(line).toMatch(/^GET \/api\/v1\/export stopped after \d+ bytes, the client got an incomplete document \(.*change_request.*\)$/);
      expect(line).not.toContain("\n");
    } finally {
      logged.mockRestore();
      setDbForTests(ctx.db);
    }
  });

  it("stops when the client goes away, and leaves the connection free", async () => {
    const res = await callLoader(exportLoader, "/api/v1/export");
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    // Nothing holds the one connection: a write goes through at once.
    await ctx.db.updateTable("project").set({ description: "kesken viennin" }).where("id", "=", 1).execute();
    const doc = JSON.parse(await (await callLoader(exportLoader, "/api/v1/export")).text());
    expect(doc.projects.map((p: { description: string }) => p.description)).toContain("kesken viennin");
  });
});
