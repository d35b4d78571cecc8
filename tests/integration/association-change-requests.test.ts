/**
 * An association's representative files a change request for their own organisation's project,
 * follows it and withdraws it while it waits for a decision, through the real routes, signed in
 * as Kajaanin Haka ry (haka@hankevahti.test; Haka leads SUMMIT and FLOW, and has nothing to do
 * with Kotona Kajaanissa). What the association's request always is, whatever its form posts:
 * from the grantee to the city, asked by Haka, received today in Helsinki, pending. The refusals
 * (another organisation's project, a decision, a withdrawal after the decision, a committee
 * member filing) save nothing. Each block has its own copy of the demo database.
 */
import { describe, expect, it } from "vitest";
import { headersFor, useSignedIn, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import type { DB } from "../../db/connection";
import { loader as newRequestLoader, action as newRequestAction } from "~/routes/projects.$projectId.change-requests.new";
import { loader as requestLoader, action as requestAction } from "~/routes/change-requests.$requestId";
import { loader as editLoader } from "~/routes/change-requests.$requestId_.edit";
import { loader as requestsLoader } from "~/routes/change-requests._index";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";
import { loader as rootLoader } from "~/root";
import { createSession, createUser } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { sessionCookie } from "~/utils/auth.server";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay } from "~/domain/days";

const SUMMIT = "KAJDno-2025-1294";
const FLOW = "KAJDno-2023-1068";
const KOTONA = "KAJDno-2024-1358";
const HAKA = "Kajaanin Haka ry";
const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const REJECTION = { outcome: "rejected", body: DIVISION, date: formatDay(todayInHelsinki()), section: "21", conditionText: "" };

/* ---------- helpers ---------- */

/** Nested loader values ({ costs: [{ yearly: { y2027 } }] }) → the posted field names ("costs.0.yearly.y2027"). */
function fieldsOf(values: unknown, prefix = ""): Record<string, string> {
  if (values === null || values === undefined) return {};
  if (typeof values !== "object") return { [prefix]: String(values) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) Object.assign(out, fieldsOf(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

const newRequestPage = (projectId: number, headers?: Record<string, string>) =>
  callLoader(newRequestLoader, `/projects/${projectId}/change-requests/new`, { projectId: String(projectId) }, headers ? { headers } : {});

/** What the new-request form starts from for a project, as the fields a browser posts. */
async function formFields(projectId: number): Promise<Record<string, string>> {
  const res = await newRequestPage(projectId);
  expect(res.status).toBe(200);
  return fieldsOf((await jsonOf(res)).values);
}

const file = (projectId: number, fields: Record<string, string>, headers: Record<string, string | null> = {}) =>
  postForm(newRequestAction, `/projects/${projectId}/change-requests/new`, fields, { projectId: String(projectId) }, headers);

const post = (id: number, fields: Record<string, string>, headers: Record<string, string | null> = {}) =>
  postForm(requestAction, `/change-requests/${id}`, fields, { requestId: String(id) }, headers);

async function requestPage(id: number, headers?: Record<string, string>) {
  const res = await callLoader(requestLoader, `/change-requests/${id}`, { requestId: String(id) }, headers ? { headers } : {});
  expect(res.status).toBe(200);
  return jsonOf(res);
}

const idFrom = (res: Response): number => Number(/^\/change-requests\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);

/** The flash a redirect leaves, as the root loader reads it on the next page. */
async function flashAfter(res: Response): Promise<{ key: string } | null> {
  const cookie = res.headers.get("Set-Cookie")!.split(";")[0]!;
  const root = await callLoader(rootLoader as never, res.headers.get("Location")!, {}, { headers: { Cookie: cookie } });
  return (await jsonOf(root)).flash;
}

const TABLES = ["change_request", "plan_version", "plan_line", "plan_implementer", "commitment", "commitment_year", "project", "audit_event"] as const;

/** Row counts of the tables a request touches (audit_event included: a refusal leaves no trace). */
async function rowCounts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

async function maxAuditId(db: DB): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.max("id").as("m"))
        .executeTakeFirstOrThrow()
    ).m ?? 0,
  );
}

async function userIdOf(db: DB, email: string): Promise<number> {
  return (await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

/** A second representative of Haka (not the demo account), signed in: the cookie and our Origin. */
async function anotherHakaRepresentative(db: DB): Promise<{ userId: number; headers: Record<string, string> }> {
  const userId = await createUser(db, SYSTEM, {
    email: "toinen@haka.test",
    name: "Toinen Hakalainen",
    role: "association",
    organisationId: await organisationIdByName(db, HAKA),
    password: "toisen-salasana-pitka",
  });
  const token = await createSession(db, userId);
  return { userId, headers: { Cookie: (await sessionCookie().serialize(token)).split(";")[0]!, Origin: "http://localhost" } };
}

/** FLOW's form, asking to run a year longer (to 31.12.2026), with the given reason. */
async function extensionOfFlow(flow: number, reason: string): Promise<Record<string, string>> {
  return { ...(await formFields(flow)), end: "31.12.2026", "kinds.extend": "on", reason };
}

/* ---------- filing ---------- */

describe("an association files a change request for its own project", () => {
  const ctx = useTestDatabase("demo");
  const me = useSignedIn(ctx, "haka");

  it("opens the same form from its project page, without the fields that are not its to choose", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const haka = await organisationIdByName(ctx.db, HAKA);
    const page = await jsonOf(await callLoader(projectLoader, `/projects/${flow}`, { projectId: String(flow) }));
    expect(page.canWrite).toBe(false);
    expect(page.canRequestChange).toBe(true);

    const res = await newRequestPage(flow);
    expect(res.status).toBe(200);
    const data = await jsonOf(res);
    expect(data.own).toBe(true);
    expect(data.text).toEqual({
      title: "changeRequest.apply.title",
      intro: "changeRequest.apply.intro",
      organisation: HAKA,
      receivedDay: todayInHelsinki(),
    });
    // The same form as the manager's: the current plan and the project's fields as the starting point.
    expect(data.values).toMatchObject({
      direction: "grantee_to_city",
      requestedByOrganisationId: String(haka),
      receivedOn: formatDay(todayInHelsinki()),
      start: "1.9.2023",
      end: "31.12.2025",
      costModel: "flat_40",
      proposedShortName: "FLOW",
    });
  });

  it("is stored pending as Haka's request to the city, received today, whatever the form posts; it lands on the request with a message", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const haka = await organisationIdByName(ctx.db, HAKA);
    const other = await organisationIdByName(ctx.db, "Kaukametsän opisto");
    const since = await maxAuditId(ctx.db);

    const res = await file(flow, {
      ...(await extensionOfFlow(flow, "Loppuraportin viimeistely vaatii lisäaikaa.")),
      // What an association cannot choose, posted anyway: all three are replaced.
      direction: "city_to_funder",
      requestedByOrganisationId: String(other),
      receivedOn: "1.1.2020",
    });
    expect(res.status).toBe(302);
    const id = idFrom(res);
    expect(id).toBeGreaterThan(0);
    expect(res.headers.get("Location")).toBe(`/change-requests/${id}`);
    expect(await flashAfter(res)).toEqual({ key: "changeRequest.filed.flash" });

    const row = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      project_id: flow,
      state: "pending",
      direction: "grantee_to_city",
      requested_by_organisation_id: haka,
      received_on: todayInHelsinki(),
      created_by_user_id: me.viewer.userId,
      reason: "Loppuraportin viimeistely vaatii lisäaikaa.",
      decision_date: null,
    });
    expect(JSON.parse(row.kinds)).toEqual(["extend"]);
    const proposed = await ctx.db.selectFrom("plan_version").selectAll().where("id", "=", row.proposed_version_id).executeTakeFirstOrThrow();
    expect(proposed).toMatchObject({ state: "proposed", start_date: "2023-09-01", end_date: "2026-12-31" });

    // The audit trail: one transaction, every row by Haka's representative.
    const audit = await ctx.db.selectFrom("audit_event").selectAll().where("id", ">", since).execute();
    expect(audit.some((a) => a.entity === "change_request" && a.action === "insert" && a.entity_id === id)).toBe(true);
    expect(new Set(audit.map((a) => a.user_id))).toEqual(new Set([me.viewer.userId]));
    expect(new Set(audit.map((a) => a.tx_id)).size).toBe(1);

    // Haka follows it: on the request page (which it may withdraw, not decide), in its list of
    // requests, and on the project page.
    const page = await requestPage(id);
    expect(page.view.request).toMatchObject({ state: "pending", outcome: "pending", requestedBy: HAKA, direction: "grantee_to_city" });
    expect(page.view.diff.fields).toEqual([{ field: "end", kind: "day", before: "2025-12-31", after: "2026-12-31" }]);
    expect(page).toMatchObject({ canWrite: false, canWithdraw: true, canEdit: true, canCorrect: false });
    const list = await jsonOf(await callLoader(requestsLoader, "/change-requests"));
    expect(list.rows.find((r: { id: number }) => r.id === id)).toMatchObject({ projectShortName: "FLOW", outcome: "pending", requestedBy: HAKA });
    // Haka's list holds only its own projects' requests (SUMMIT's of § 14 and this one).
    expect(new Set(list.rows.map((r: { projectShortName: string }) => r.projectShortName))).toEqual(new Set(["SUMMIT", "FLOW"]));
    const project = await jsonOf(await callLoader(projectLoader, `/projects/${flow}`, { projectId: String(flow) }));
    expect(project.changeRequests.map((r: { id: number; outcome: string }) => [r.id, r.outcome])).toEqual([[id, "pending"]]);

    // SPR Oulun piiri does not see it at all.
    const spr = await headersFor(ctx.db, "spr");
    expect((await callLoader(requestLoader, `/change-requests/${id}`, { requestId: String(id) }, { headers: spr })).status).toBe(404);
    const sprList = await jsonOf(await callLoader(requestsLoader, "/change-requests", {}, { headers: spr }));
    expect(sprList.rows.some((r: { id: number }) => r.id === id)).toBe(false);
  });

  it("a post without the fixed fields at all (the form leaves them out) is filed the same way", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const haka = await organisationIdByName(ctx.db, HAKA);
    const fields: Record<string, string> = { ...(await formFields(summit)), "kinds.name": "on", proposedName: "Summit – uusi nimi", reason: "Nimi muuttuu." };
    delete fields.direction;
    delete fields.requestedByOrganisationId;
    delete fields.receivedOn;
    const res = await file(summit, fields);
    expect(res.status).toBe(302);
    const row = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", idFrom(res)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ direction: "grantee_to_city", requested_by_organisation_id: haka, received_on: todayInHelsinki(), state: "pending" });
  });

  it("bad input is refused next to its field, and nothing is saved", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const counts = await rowCounts(ctx.db);
    const res = await file(flow, { ...(await formFields(flow)), end: "1.1.2020" });
    expect(res.status).toBe(400);
    const { errors } = await jsonOf(res);
    expect(errors.kinds).toBe("changeRequest.kinds.required");
    expect(errors.end).toBeDefined();
    expect(await rowCounts(ctx.db)).toEqual(counts);
  });
});

/* ---------- refusals ---------- */

describe("what an association may not do", () => {
  const ctx = useTestDatabase("demo");
  useSignedIn(ctx, "haka");
  const as = (account: DemoAccount) => headersFor(ctx.db, account);

  it("file for another organisation's project: 404 for the form and the post, nothing saved", async () => {
    const kotona = await projectIdByCase(ctx.db, KOTONA);
    const flow = await projectIdByCase(ctx.db, FLOW);
    const counts = await rowCounts(ctx.db);
    expect((await newRequestPage(kotona)).status).toBe(404);
    // Even a complete, valid form (FLOW's) posted to Kotona Kajaanissa's address.
    const res = await file(kotona, await extensionOfFlow(flow, "Ei meidän hankkeemme."));
    expect(res.status).toBe(404);
    expect((await file(kotona, {})).status).toBe(404);
    expect(await rowCounts(ctx.db)).toEqual(counts);
  });

  it("decide, settle or correct a request, or edit one it did not file (SUMMIT's of § 14): refused, nothing changed", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const id = (await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", summit).executeTakeFirstOrThrow()).id;
    const counts = await rowCounts(ctx.db);
    const page = await requestPage(id);
    expect(page.canWrite).toBe(false);
    expect(page.canEdit).toBe(false);
    expect(page.canCorrect).toBe(false);
    expect((await post(id, { _intent: "decide", confirm: "1", ...REJECTION })).status).toBe(403);
    expect((await post(id, { _intent: "decide", ...REJECTION })).status).toBe(403); // not even the confirmation step
    expect((await post(id, { _intent: "settle", confirm: "1", outcome: "met", date: "1.9.2026" })).status).toBe(403);
    expect((await post(id, { _intent: "correct", reason: "Virhe." })).status).toBe(403);
    expect((await callLoader(editLoader, `/change-requests/${id}/edit`, { requestId: String(id) })).status).toBe(403);
    expect(await rowCounts(ctx.db)).toEqual(counts);
    expect((await requestPage(id)).view.request.state).toBe("pending");
  });

  it("a committee member cannot file at all (403), nor may an administrator; nothing saved", async () => {
    const summit = await projectIdByCase(ctx.db, SUMMIT);
    const fields = await formFields(summit); // Haka's form, posted by others
    const counts = await rowCounts(ctx.db);
    for (const account of ["committee", "admin"] as const) {
      const headers = await as(account);
      expect((await newRequestPage(summit, headers)).status).toBe(403);
      expect((await file(summit, { ...fields, "kinds.other": "on" }, headers)).status).toBe(403);
      const page = await jsonOf(await callLoader(projectLoader, `/projects/${summit}`, { projectId: String(summit) }, { headers }));
      expect(page.canRequestChange).toBe(false);
    }
    expect(await rowCounts(ctx.db)).toEqual(counts);
  });
});

/* ---------- withdrawing ---------- */

describe("an association withdraws its request until it is decided", () => {
  const ctx = useTestDatabase("demo");
  const me = useSignedIn(ctx, "haka");

  it("withdraws its own pending request: withdrawn, by whom and why, the proposal set aside", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const id = idFrom(await file(flow, await extensionOfFlow(flow, "Peruttava hakemus.")));
    const since = await maxAuditId(ctx.db);
    const res = await post(id, { _intent: "withdraw", reason: "Lisäaikaa ei tarvita." });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/change-requests/${id}`);
    expect(await flashAfter(res)).toEqual({ key: "changeRequest.withdrawn.flash" });

    const row = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "withdrawn", withdrawn_by_user_id: me.viewer.userId, withdrawal_reason: "Lisäaikaa ei tarvita." });
    const proposal = await ctx.db.selectFrom("plan_version").select("state").where("id", "=", row.proposed_version_id).executeTakeFirstOrThrow();
    expect(proposal.state).toBe("rejected");
    const audit = await ctx.db.selectFrom("audit_event").selectAll().where("id", ">", since).execute();
    expect(audit.some((a) => a.entity === "change_request" && a.action === "update" && a.entity_id === id)).toBe(true);
    expect(new Set(audit.map((a) => a.user_id))).toEqual(new Set([me.viewer.userId]));

    // The page shows it withdrawn, with no withdraw form any more; a second withdrawal is refused.
    const page = await requestPage(id);
    expect(page.view.request.outcome).toBe("withdrawn");
    expect(page.view.people.withdrawnBy).toBe("Hanna Haka");
    expect(page.canWithdraw).toBe(false);
    const counts = await rowCounts(ctx.db);
    expect((await post(id, { _intent: "withdraw", reason: "" })).status).toBe(409);
    expect(await rowCounts(ctx.db)).toEqual(counts);
    const list = await jsonOf(await callLoader(requestsLoader, "/change-requests"));
    expect(list.rows.find((r: { id: number }) => r.id === id).outcome).toBe("withdrawn");
  });

  it("another representative of Haka may withdraw it too (the request is the organisation's); SPR may not even see it", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const id = idFrom(await file(flow, await extensionOfFlow(flow, "Kollega peruu tämän.")));
    const counts = await rowCounts(ctx.db);
    expect((await post(id, { _intent: "withdraw", reason: "" }, await headersFor(ctx.db, "spr"))).status).toBe(404);
    expect(await rowCounts(ctx.db)).toEqual(counts);

    const colleague = await anotherHakaRepresentative(ctx.db);
    const page = await requestPage(id, colleague.headers);
    expect(page.canWithdraw).toBe(true);
    expect(page.canEdit).toBe(false); // editing stays with the one who filed it (or a manager)
    const res = await post(id, { _intent: "withdraw", reason: "Hanna on lomalla." }, colleague.headers);
    expect(res.status).toBe(302);
    const row = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      state: "withdrawn",
      withdrawn_by_user_id: colleague.userId,
      created_by_user_id: await userIdOf(ctx.db, "haka@hankevahti.test"),
    });
  });

  it("cannot withdraw once it is decided: no withdraw form, a posted withdrawal refused with the reason, nothing changed", async () => {
    const flow = await projectIdByCase(ctx.db, FLOW);
    const id = idFrom(await file(flow, await extensionOfFlow(flow, "Päätetään ennen perumista.")));
    expect((await post(id, { _intent: "decide", confirm: "1", ...REJECTION }, await headersFor(ctx.db, "manager"))).status).toBe(302);

    const page = await requestPage(id);
    expect(page.view.request.outcome).toBe("rejected");
    expect(page.canWithdraw).toBe(false);
    expect(page.canEdit).toBe(false);

    const before = await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const counts = await rowCounts(ctx.db);
    const res = await post(id, { _intent: "withdraw", reason: "Myöhässä." });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).errors._form).toBe("changeRequest.problem.NOT_PENDING");
    expect(await rowCounts(ctx.db)).toEqual(counts);
    expect(await ctx.db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
  });
});
