/**
 * Lost updates: two managers open the same form; the first saves; the second save is refused
 * with a message naming the first user and what they changed (before → after), and the first
 * save survives unchanged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { headersFor, ORIGIN, SEES_ALL } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as editProjectAction, loader as editProjectLoader } from "~/routes/projects.$projectId.edit";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as editCommitmentAction, loader as editCommitmentLoader } from "~/routes/projects.$projectId.commitments.$commitmentId";
import { createSession, createUser } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { sessionCookie } from "~/utils/auth.server";
import { getProjectDetail } from "~/models/project.server";

const ctx = useTestDatabase("demo");

const FIRST_NAME = "Paula Päällikkö"; // the demo manager
const SECOND_NAME = "Matti Toinen";

/** Headers of each manager's browser. */
const first: Record<string, string> = {};
const second: Record<string, string> = {};

beforeAll(async () => {
  Object.assign(first, await headersFor(ctx.db, "manager"));
  const id = await createUser(ctx.db, SYSTEM, {
    email: "matti.toinen@hankevahti.test",
    name: SECOND_NAME,
    role: "manager",
    organisationId: null,
    password: "toinen-salasana-123",
  });
  const token = await createSession(ctx.db, id);
  Object.assign(second, { Cookie: (await sessionCookie().serialize(token)).split(";")[0]!, Origin: ORIGIN });
});

/** Nested loader values ({ costs: [{ yearly: { y2027 } }] }) → the posted field names ("costs.0.yearly.y2027"). */
function fieldsOf(values: unknown, prefix = ""): Record<string, string> {
  if (values === null || values === undefined) return {};
  if (typeof values !== "object") return { [prefix]: String(values) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) Object.assign(out, fieldsOf(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

interface Stale {
  changes: { at: string; userName: string | null; changes: { field: string; before: unknown; after: unknown }[] }[];
  names: Record<string, string>;
}

describe("two managers edit the same plan", () => {
  it("refuses the second save, shows the first one's changes, and keeps the first save", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294"); // SUMMIT
    const params = { projectId: String(id) };
    const a = await jsonOf(await callLoader(planLoader, `/projects/${id}/plan`, params, { headers: first }));
    const b = await jsonOf(await callLoader(planLoader, `/projects/${id}/plan`, params, { headers: second }));
    expect(a.values.planRevision).toBe(b.values.planRevision);
    const loadedNote = a.values.note as string;
    const esr = (a.values.financing as { kind: string }[]).findIndex((l) => l.kind === "esr");

    const firstFields = {
      ...fieldsOf(a.values),
      totalBudget: "530 000",
      note: "Budjetti tarkistettu jaoston päätöksen mukaan",
      [`financing.${esr}.amount`]: "424 000",
    };
    expect((await postForm(planAction, `/projects/${id}/plan`, firstFields, params, first)).status).toBe(302);
    const saved = (await getProjectDetail(ctx.db, SEES_ALL, id))!;

    const res = await postForm(
      planAction,
      `/projects/${id}/plan`,
      { ...fieldsOf(b.values), note: "Toisen käyttäjän muutos", [`financing.${esr}.amount`]: "1" },
      params,
      second,
    );
    expect(res.status).toBe(400);
    const data = await jsonOf<{ errors: Record<string, string>; stale: Stale }>(res);
    expect(data.errors.planRevision).toBe("error.revision.stale");
    expect(data.stale.changes).toHaveLength(1);
    const [change] = data.stale.changes;
    expect(change!.userName).toBe(FIRST_NAME);
    expect(change!.changes).toEqual(
      expect.arrayContaining([
        { field: "note", before: loadedNote, after: "Budjetti tarkistettu jaoston päätöksen mukaan" },
        { field: "total_budget_cents", before: 52_000_000, after: 53_000_000 },
      ]),
    );

    // the first save survives unchanged
    const now = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    expect(now.plan.version).toEqual(saved.plan.version);
    expect(now.plan.lines).toEqual(saved.plan.lines);
    expect(now.plan.version.note).toBe("Budjetti tarkistettu jaoston päätöksen mukaan");
    expect(now.plan.version.total_budget_cents).toBe(53_000_000);
    expect(now.plan.lines.find((l) => l.kind === "esr")!.amountCents).toBe(42_400_000);

    // after reloading, the second manager can save over the first one's version
    const again = await jsonOf(await callLoader(planLoader, `/projects/${id}/plan`, params, { headers: second }));
    expect(again.values.note).toBe("Budjetti tarkistettu jaoston päätöksen mukaan");
    expect((await postForm(planAction, `/projects/${id}/plan`, { ...fieldsOf(again.values), note: "Toisen käyttäjän muutos" }, params, second)).status).toBe(
      302,
    );
  });
});

describe("two managers edit the same project", () => {
  it("refuses the second save with the first one's changes, and keeps the first save", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2024-1358"); // Kotona Kajaanissa
    const params = { projectId: String(id) };
    const a = await jsonOf(await callLoader(editProjectLoader, `/projects/${id}/edit`, params, { headers: first }));
    const b = await jsonOf(await callLoader(editProjectLoader, `/projects/${id}/edit`, params, { headers: second }));
    expect(a.values.revision).toBe(b.values.revision);

    expect(
      (
        await postForm(
          editProjectAction,
          `/projects/${id}/edit`,
          { ...a.values, name: "Kotona Kajaanissa – jatkohanke", targetGroup: "Maahan muuttaneet" },
          params,
          first,
        )
      ).status,
    ).toBe(302);
    const saved = await ctx.db.selectFrom("project").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    const res = await postForm(editProjectAction, `/projects/${id}/edit`, { ...b.values, description: "Toisen käyttäjän kuvaus" }, params, second);
    expect(res.status).toBe(400);
    const data = await jsonOf<{ errors: Record<string, string>; stale: Stale }>(res);
    expect(data.errors.revision).toBe("error.revision.stale");
    expect(data.stale.changes).toHaveLength(1);
    expect(data.stale.changes[0]!.userName).toBe(FIRST_NAME);
    expect(data.stale.changes[0]!.changes.sort((x, y) => x.field.localeCompare(y.field))).toEqual([
      { field: "name", before: a.project.name, after: "Kotona Kajaanissa – jatkohanke" },
      { field: "target_group", before: a.project.target_group, after: "Maahan muuttaneet" },
    ]);
    // the values the second manager posted come back so that nothing typed is lost
    expect(data).toMatchObject({ values: { description: "Toisen käyttäjän kuvaus" } });

    const now = await ctx.db.selectFrom("project").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(now).toEqual(saved);
    expect(now.name).toBe("Kotona Kajaanissa – jatkohanke");
    expect(now.description).toBe(a.project.description);
  });
});

describe("two managers edit the same commitment", () => {
  it("refuses the second save and keeps the first", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2026-641"); // OTE
    const c = (await getProjectDetail(ctx.db, SEES_ALL, id))!.commitments[0]!;
    const params = { projectId: String(id), commitmentId: String(c.id) };
    const a = await jsonOf(await callLoader(editCommitmentLoader, "/", params, { headers: first }));
    const b = await jsonOf(await callLoader(editCommitmentLoader, "/", params, { headers: second }));
    const employment = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    expect(a.values.organisationId).toBe(String(employment));

    expect((await postForm(editCommitmentAction, "/", { ...fieldsOf(a.values), decisionSection: "22" }, params, first)).status).toBe(302);
    const res = await postForm(editCommitmentAction, "/", { ...fieldsOf(b.values), decisionSection: "99" }, params, second);
    expect(res.status).toBe(400);
    const data = await jsonOf<{ errors: Record<string, string>; stale: Stale }>(res);
    expect(data.errors.revision).toBe("error.revision.stale");
    expect(data.stale.changes[0]!.userName).toBe(FIRST_NAME);
    expect(data.stale.changes[0]!.changes).toEqual([{ field: "decision_section", before: b.values.decisionSection, after: "22" }]);
    const row = await ctx.db.selectFrom("commitment").select(["decision_section", "revision"]).where("id", "=", c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ decision_section: "22", revision: Number(a.values.revision) + 1 });
  });
});
