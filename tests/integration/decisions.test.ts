/**
 * Decisions a committee can trust (issue 14, parts 1–2) through the real routes: the
 * confirmation step that restates a decision's effect before anything is stored, the decided
 * request shown as it was decided (the city's totals recorded at the time, who and when), the
 * flash message after each write, withdrawing a pending request, and an administrator's
 * correction of a decision recorded by mistake; with the refusals (a decision posted twice, on a
 * withdrawn request, a withdrawal after the decision, a correction by someone else) saving nothing.
 */
import { describe, expect, it } from "vitest";
import { headersFor, useSignedIn } from "../helpers/auth";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import type { DB } from "../../db/connection";
import { loader as requestLoader, action as requestAction } from "~/routes/change-requests.$requestId";
import { loader as commitmentsLoader } from "~/routes/commitments";
import { loader as rootLoader } from "~/root";

const SUMMIT = "KAJDno-2025-1294";
const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const DECISION = { outcome: "approved_conditionally", body: DIVISION, date: "20.5.2026", section: "14", conditionText: "Mikäli hanke saa ESR-rahoituksen." };

type YearRow = {
  year: number;
  before: { totalCents: number; confirmedCents: number };
  after: { totalCents: number; confirmedCents: number; conditionalCents: number };
};

async function summitRequestId(db: DB): Promise<number> {
  return (
    await db
      .selectFrom("change_request")
      .select("id")
      .where("project_id", "=", await projectIdByCase(db, SUMMIT))
      .executeTakeFirstOrThrow()
  ).id;
}

const post = (id: number, fields: Record<string, string>, headers: Record<string, string | null> = {}) =>
  postForm(requestAction, `/change-requests/${id}`, fields, { requestId: String(id) }, headers);

async function view(id: number, headers?: Record<string, string>) {
  const res = await callLoader(requestLoader, `/change-requests/${id}`, { requestId: String(id) }, headers ? { headers } : {});
  expect(res.status).toBe(200);
  return jsonOf(res);
}

async function auditCount(db: DB): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** The flash a redirect leaves, as the root loader reads it on the next page. */
async function flashAfter(res: Response): Promise<{ key: string } | null> {
  const cookie = res.headers.get("Set-Cookie")!.split(";")[0]!;
  const root = await callLoader(rootLoader as never, res.headers.get("Location")!, {}, { headers: { Cookie: cookie } });
  const data = await jsonOf(root);
  expect(root.headers.get("Set-Cookie")).toMatch(/^hv_flash=;.*Max-Age=0/); // read once, then cleared
  return data.flash;
}

describe("the confirmation step and the decided view", () => {
  const ctx = useTestDatabase("demo");
  useSignedIn(ctx, "manager");

  it("restates the decision's effect in words and figures and stores nothing until confirmed", async () => {
    const id = await summitRequestId(ctx.db);
    const before = await auditCount(ctx.db);
    const res = await post(id, { _intent: "decide", ...DECISION });
    expect(res.status).toBe(200);
    const { confirm } = await jsonOf(res);
    expect(confirm.intent).toBe("decide");
    expect(confirm.values).toMatchObject({ outcome: "approved_conditionally", date: "20.5.2026", section: "14" });
    // SUMMIT's city money per year: 27 500,00 € → 27 474,91 € in 2027, and so on (all conditional after).
    expect(confirm.preview.commitments.map((y: YearRow) => [y.year, y.before.totalCents, y.after.totalCents, y.after.conditionalCents])).toEqual([
      [2026, 2_071_918, 459_170, 459_170],
      [2027, 2_750_000, 2_747_491, 2_747_491],
      [2028, 678_082, 2_755_018, 2_755_018],
      [2029, 0, 2_288_321, 2_288_321],
    ]);
    expect(confirm.preview.city).not.toBeNull();
    expect(await auditCount(ctx.db)).toBe(before);
    expect((await view(id)).view.request.state).toBe("pending");
    // "Back" gives the form again with what was entered, nothing stored
    const back = await post(id, { _intent: "decide", _back: "1", ...DECISION });
    expect(await jsonOf(back)).toMatchObject({ ok: false, errors: {}, values: { outcome: "approved_conditionally", section: "14" } });
    // a refused decision is refused at the first step already (400, next to the field)
    const bad = await post(id, { _intent: "decide", ...DECISION, outcome: "" });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors.outcome).toBe("error.required");
  });

  it("once confirmed, lands on the request with a message, and shows it as decided: before/after, the city's totals as recorded, who and when", async () => {
    const id = await summitRequestId(ctx.db);
    const cityBefore = (await jsonOf(await callLoader(commitmentsLoader, "/commitments"))).total as {
      year: number;
      confirmedCents: number;
      conditionalCents: number;
    }[];
    const res = await post(id, { _intent: "decide", confirm: "1", ...DECISION });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/change-requests/${id}`);
    expect(await flashAfter(res)).toEqual({ key: "changeRequest.decided" });

    const cityAfter = (await jsonOf(await callLoader(commitmentsLoader, "/commitments"))).total as {
      year: number;
      confirmedCents: number;
      conditionalCents: number;
    }[];
    const data = await view(id);
    const v = data.view;
    expect(v.request.outcome).toBe("conditional");
    expect(v.cityRecorded).toBe(true);
    // The city's totals on the decided page are those of /commitments just before and just after.
    const city = v.effect.city as YearRow[];
    for (const row of cityAfter) {
      const r = city.find((c) => c.year === row.year)!;
      expect(r.after.confirmedCents + r.after.conditionalCents, String(row.year)).toBe(row.confirmedCents + row.conditionalCents);
    }
    for (const row of cityBefore)
      expect(city.find((c) => c.year === row.year)!.before.totalCents, String(row.year)).toBe(row.confirmedCents + row.conditionalCents);
    expect(v.people.decidedBy).toBe("Paula Päällikkö");
    expect(v.people.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(v.request).toMatchObject({ decisionBody: DIVISION, decisionSection: "14", conditionState: "pending" });
    // the page offers no decision form any more, and a second decision is refused, nothing saved
    const before = await auditCount(ctx.db);
    const twice = await post(id, { _intent: "decide", confirm: "1", ...DECISION });
    expect(twice.status).toBe(400);
    expect((await jsonOf(twice)).errors._form).toBe("changeRequest.problem.ALREADY_DECIDED");
    expect(await auditCount(ctx.db)).toBe(before);
    // and it cannot be withdrawn now
    const withdraw = await post(id, { _intent: "withdraw", reason: "myöhässä" });
    expect(withdraw.status).toBe(409);
    expect(await auditCount(ctx.db)).toBe(before);
  });

  it("settling the condition also goes through the confirmation", async () => {
    const id = await summitRequestId(ctx.db);
    const preview = await post(id, { _intent: "settle", outcome: "met", date: "1.9.2026" });
    expect(preview.status).toBe(200);
    const { confirm } = await jsonOf(preview);
    expect(confirm.intent).toBe("settle");
    const y2027 = confirm.preview.commitments.find((y: YearRow) => y.year === 2027);
    expect(y2027.before.confirmedCents).toBe(0);
    expect(y2027.after.confirmedCents).toBe(2_747_491);
    const saved = await post(id, { _intent: "settle", confirm: "1", outcome: "met", date: "1.9.2026" });
    expect(saved.status).toBe(302);
    expect(await flashAfter(saved)).toEqual({ key: "changeRequest.settled.flash" });
  });
});

describe("withdrawing a pending request", () => {
  const ctx = useTestDatabase("demo");
  useSignedIn(ctx, "manager");

  it("a committee member (who did not file it) cannot; the manager can, and it stays in the history as withdrawn", async () => {
    const id = await summitRequestId(ctx.db);
    const before = await auditCount(ctx.db);
    expect((await post(id, { _intent: "withdraw", reason: "" }, await headersFor(ctx.db, "committee"))).status).toBe(403);
    expect(await auditCount(ctx.db)).toBe(before);
    const res = await post(id, { _intent: "withdraw", reason: "Hakija perui hakemuksen puhelimessa." });
    expect(res.status).toBe(302);
    expect(await flashAfter(res)).toEqual({ key: "changeRequest.withdrawn.flash" });
    const v = (await view(id)).view;
    expect(v.request.outcome).toBe("withdrawn");
    expect(v.people).toMatchObject({ withdrawnBy: "Paula Päällikkö", withdrawalReason: "Hakija perui hakemuksen puhelimessa." });
    const versions = await ctx.db
      .selectFrom("plan_version")
      .select(["version_number", "state"])
      .where("project_id", "=", await projectIdByCase(ctx.db, SUMMIT))
      .orderBy("version_number")
      .execute();
    expect(versions.map((x) => [x.version_number, x.state])).toEqual([
      [1, "current"],
      [2, "rejected"],
    ]);
    // no decision on a withdrawn request, and no second withdrawal
    const n = await auditCount(ctx.db);
    expect((await jsonOf(await post(id, { _intent: "decide", confirm: "1", ...DECISION }))).errors._form).toBe("changeRequest.problem.ALREADY_DECIDED");
    expect((await post(id, { _intent: "withdraw", reason: "" })).status).toBe(409);
    expect(await auditCount(ctx.db)).toBe(n);
  });
});

describe("an administrator corrects a decision recorded by mistake", () => {
  const ctx = useTestDatabase("demo");
  useSignedIn(ctx, "manager");

  it("returns the request to pending with the reason, undoing exactly the decision; the trail keeps both", async () => {
    const id = await summitRequestId(ctx.db);
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const commitmentsBefore = await ctx.db
      .selectFrom("commitment as c")
      .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
      .select(["v.version_number", "c.condition_status", "c.decision_body", "c.amount_cents"])
      .where("v.project_id", "=", summit)
      .orderBy("v.version_number")
      .execute();
    expect((await post(id, { _intent: "decide", confirm: "1", ...DECISION, outcome: "approved", conditionText: "" })).status).toBe(302);
    const admin = await headersFor(ctx.db, "admin");
    // the manager may not correct; the reason is required
    expect((await post(id, { _intent: "correct", reason: "väärä päätös" })).status).toBe(403);
    expect((await post(id, { _intent: "correct", reason: "" }, admin)).status).toBe(400);
    const res = await post(id, { _intent: "correct", reason: "Kirjattiin hyväksytyksi, vaikka jaosto hyväksyi ehdollisesti." }, admin);
    expect(res.status).toBe(302);
    expect(await flashAfter(res)).toEqual({ key: "changeRequest.corrected.flash" });
    const v = (await view(id)).view;
    expect(v.request.state).toBe("pending");
    expect(v.people.correctionReason).toBe("Kirjattiin hyväksytyksi, vaikka jaosto hyväksyi ehdollisesti.");
    const states = await ctx.db
      .selectFrom("plan_version")
      .select(["version_number", "state"])
      .where("project_id", "=", summit)
      .orderBy("version_number")
      .execute();
    expect(states.map((x) => [x.version_number, x.state])).toEqual([
      [1, "current"],
      [2, "proposed"],
    ]);
    const commitmentsAfter = await ctx.db
      .selectFrom("commitment as c")
      .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
      .select(["v.version_number", "c.condition_status", "c.decision_body", "c.amount_cents"])
      .where("v.project_id", "=", summit)
      .orderBy("v.version_number")
      .execute();
    expect(commitmentsAfter).toEqual(commitmentsBefore);
    // the trail has the approval and its correction
    const trail = await ctx.db
      .selectFrom("audit_event")
      .select(["after_json"])
      .where("entity", "=", "change_request")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    const states2 = trail.map((e) => (JSON.parse(e.after_json ?? "{}") as { state?: string }).state);
    expect(states2.slice(-2)).toEqual(["approved", "pending"]);
    // now decided as it really was
    expect((await post(id, { _intent: "decide", confirm: "1", ...DECISION })).status).toBe(302);
    expect((await view(id)).view.request.outcome).toBe("conditional");
    // a decision whose condition was settled cannot be corrected before what rests on it
    expect((await post(id, { _intent: "settle", confirm: "1", outcome: "met", date: "1.9.2026" })).status).toBe(302);
    expect((await post(id, { _intent: "correct", reason: "testi" }, admin)).status).toBe(409);
  });
});

describe("editing a pending request", () => {
  const ctx = useTestDatabase("demo");
  useSignedIn(ctx, "manager");

  it("saves the request's fields and its proposed plan with the version token; refused without it, stale, or once decided", async () => {
    const { loader: editLoader, action: editAction } = await import("~/routes/change-requests.$requestId_.edit");
    const id = await summitRequestId(ctx.db);
    const params = { requestId: String(id) };
    const loaded = await jsonOf(await callLoader(editLoader, `/change-requests/${id}/edit`, params));
    const flat = (v: unknown, prefix = ""): Record<string, string> => {
      if (v === null || v === undefined) return {};
      if (typeof v !== "object") return { [prefix]: String(v) };
      return Object.assign({}, ...Object.entries(v).map(([k, x]) => flat(x, prefix ? `${prefix}.${k}` : k)));
    };
    const fields = flat(loaded.values);
    expect(fields.revision).toBeTruthy();
    expect(fields["kinds.extend"]).toBe("on");
    const post = (f: Record<string, string>) => postForm(editAction, `/change-requests/${id}/edit`, f, params);
    const before = await auditCount(ctx.db);
    const { revision, ...withoutRevision } = fields;
    expect((await post(withoutRevision)).status).toBe(400);
    expect(await auditCount(ctx.db)).toBe(before);
    const saved = await post({ ...fields, reason: "Tarkennettu perustelu.", totalBudget: "504 000,00" });
    expect(saved.status).toBe(302);
    expect(await flashAfter(saved)).toEqual({ key: "changeRequest.edited.flash" });
    expect((await view(id)).view.request.reason).toBe("Tarkennettu perustelu.");
    // the same form again is stale now
    const stale = await post({ ...fields, reason: "Toinen muokkaus" });
    expect(stale.status).toBe(400);
    expect((await jsonOf(stale)).errors.revision).toBe("error.revision.stale");
    // with the fresh version token it saves again
    expect((await post({ ...withoutRevision, revision: String(Number(revision) + 1) })).status).toBe(302);
    // once decided, the request is not edited
    await postForm(requestAction, `/change-requests/${id}`, { _intent: "decide", confirm: "1", ...DECISION }, params);
    const afterDecision = await callLoader(editLoader, `/change-requests/${id}/edit`, params);
    expect(afterDecision.status).toBe(409);
  });
});
