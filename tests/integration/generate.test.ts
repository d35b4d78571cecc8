/**
 * The national data generator (for the benchmark): deterministic, and its file imports into an
 * empty database with the figures it states (every project's city commitment, pending requests),
 * its employment bonus claims obeying every rule of the bonus (and of the import) as of its day.
 */
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { GENERATED_AS_OF, generateLedger } from "../../scripts/generate-ledger";
import { importLedger } from "~/models/ledger-import.server";
import { BONUS_AMOUNT_CENTS, CLAIM_STATUSES, payableOn, referenceKey, referenceProblem } from "~/domain/bonus";
import { bonusClaimSchema, bonusYearSchema, type FileBonusClaim } from "~/schemas/ledger-file";

describe("generate-ledger", () => {
  it("gives the same file for the same seed, another for another seed", () => {
    const a = JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 7 }));
    expect(JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 7 }))).toBe(a);
    expect(JSON.stringify(generateLedger({ areas: 2, projectsPerArea: 5, seed: 8 }))).not.toBe(a);
  });

  it("imports into an empty database: projects, superseded versions, pending requests, commitments, bonus claims", async () => {
    const file = path.resolve("tests/.tmp", `gen-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(path.resolve("tests/.tmp/template-empty.sqlite"), file);
    const db = openDatabase(file);
    try {
      const doc = generateLedger({ areas: 3, projectsPerArea: 20, seed: 1 });
      const result = await importLedger(db, doc);
      expect(result.ok, JSON.stringify(result).slice(0, 2000)).toBe(true);
      const n = async (table: "project" | "plan_version" | "change_request" | "commitment" | "bonus_claim" | "bonus_claim_event" | "bonus_year") =>
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
      const claims = doc.bonusClaims as FileBonusClaim[];
      expect(claims.length).toBeGreaterThan(0);
      expect(await n("bonus_claim")).toBe(claims.length);
      expect(await n("bonus_claim_event")).toBe(claims.reduce((s, c) => s + c.events.length, 0));
      expect(await n("bonus_year")).toBe(doc.bonusYears.length);
      if (result.ok) expect(result.summary.bonus).toMatchObject({ claims: claims.length, years: [2022, 2023, 2024, 2025, 2026] });
    } finally {
      await db.destroy();
      for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    }
  });

  it("files about 1.5 bonus claims a project, in every state, each by the bonus rules as of its day", () => {
    const doc = generateLedger({ areas: 4, projectsPerArea: 50, seed: 3 });
    const asOf = GENERATED_AS_OF;
    const claims = doc.bonusClaims.map((c) => bonusClaimSchema.parse(c));
    const projects = doc.projects as { lead: string; planVersions: { state: string; start: string; end: string }[] }[];
    expect(claims.length / projects.length).toBeGreaterThan(1.2);
    expect(claims.length / projects.length).toBeLessThan(1.8);
    const statuses = new Set(claims.map((c) => c.status));
    expect([...statuses].sort()).toEqual([...CLAIM_STATUSES].sort());
    // Waiting for their payable day, and in review after it.
    expect(claims.some((c) => c.status === "submitted" && c.payableOn > asOf)).toBe(true);
    expect(claims.some((c) => c.status === "submitted" && c.payableOn <= asOf)).toBe(true);
    expect(claims.some((c) => c.kind === "studies")).toBe(true);
    expect(claims.some((c) => c.project === null)).toBe(true);
    expect(new Set(claims.map((c) => c.startDate.slice(0, 4))).size).toBeGreaterThanOrEqual(4);

    const live = new Set<string>();
    for (const [i, c] of claims.entries()) {
      const where = `bonusClaims[${i}] ${JSON.stringify(c).slice(0, 300)}`;
      expect(referenceProblem(c.reference), where).toBeNull();
      expect(c.organisation, where).toMatch(/^assoc-/);
      if (c.project !== null) expect(projects[c.project]!.lead, where).toBe(c.organisation);
      expect(c.amountCents, where).toBe(BONUS_AMOUNT_CENTS);
      if (c.kind === "work") expect([c.employmentCondition, c.studySupport], where).toEqual([true, null]);
      else expect(c.employmentCondition === false && ["study_grant", "adult_education", "other"].includes(c.studySupport ?? ""), where).toBe(true);
      expect(c.payableOn, where).toBe(payableOn(c.startDate));
      expect(c.filedOn >= c.startDate, where).toBe(true);
      // The status and its days agree (the database's checks), nothing after the generator's day.
      expect(c.approvedOn !== null, where).toBe(c.status === "approved" || c.status === "paid");
      expect(c.paidOn !== null, where).toBe(c.status === "paid");
      expect(c.rejectedOn !== null, where).toBe(c.status === "rejected");
      if (c.status === "rejected") expect(c.rejectReason, where).not.toBe("");
      if (c.approvedOn !== null) expect(c.approvedOn >= c.payableOn && c.approvedOn >= c.filedOn, where).toBe(true);
      if (c.paidOn !== null) expect(c.paidOn >= c.approvedOn!, where).toBe(true);
      for (const d of [c.startDate, c.filedOn, c.approvedOn, c.rejectedOn, c.paidOn]) if (d !== null) expect(d <= asOf, where).toBe(true);
      // Its history: filed first, in order, up to the generator's day, ending where the status stands.
      const ats = c.events.map((e) => e.at);
      expect(c.events[0]?.action, where).toBe("filed");
      expect([...ats].sort(), where).toEqual(ats);
      expect(ats.every((a) => a.slice(0, 10) <= asOf && a.slice(0, 10) >= c.filedOn)).toBe(true);
      const lastAction = c.events.at(-1)!.action;
      const expectedLast = {
        submitted: ["filed", "answered"],
        info_requested: ["info_requested"],
        approved: ["approved"],
        paid: ["paid"],
        rejected: ["rejected"],
        withdrawn: ["withdrawn"],
      }[c.status];
      expect(expectedLast, where).toContain(lastAction);
      expect(c.attachments.length, where).toBeGreaterThanOrEqual(1);
      // One live claim per association, reference and start.
      if (c.status !== "withdrawn") {
        const key = JSON.stringify([c.organisation, referenceKey(c.reference), c.startDate]);
        expect(live.has(key), where).toBe(false);
        live.add(key);
      }
    }
    // A withdrawn claim filed again for the same job seeker and start.
    expect(
      claims.some(
        (c) =>
          c.status === "withdrawn" && claims.some((d) => d !== c && d.status !== "withdrawn" && d.reference === c.reference && d.startDate === c.startDate),
      ),
    ).toBe(true);

    const years = doc.bonusYears.map((y) => bonusYearSchema.parse(y));
    expect(years.map((y) => y.year)).toEqual([2022, 2023, 2024, 2025, 2026]);
    for (const y of years) expect(y.budgetCents % BONUS_AMOUNT_CENTS === 0 && y.budgetCents >= 10 * BONUS_AMOUNT_CENTS).toBe(true);
    expect(years.map((y) => y.monthlySavingCents === null)).toEqual([true, true, false, false, false]);
  });
});
