/**
 * What an attacker found (issue 13), one test per finding, through the real express guards on a
 * loopback port, the real routes and a real database: oversize bodies, the proxy's address and
 * the lockout, open redirects, demo accounts in a real database, API tokens on pages, edits
 * without their version token, foreign Origins, unknown ids, /account's password check, NUL.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import type { RequestHandler } from "express";
import { DEMO_PASSWORD } from "../../app/models/demo-users";
import { openDatabase } from "../../db/connection";
import { EMAIL, headersFor, ORIGIN, viewerOf } from "../helpers/auth";
import { currentCommitmentId, organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { createApp } from "../../scripts/app";
import { FORM_BODY_LIMIT } from "../../scripts/http-guards";
import { prepareDatabase } from "../../scripts/prepare-db";
import { run as accountsCommand } from "../../scripts/accounts";
import { action as loginAction, loader as loginLoader, headers as loginHeaders } from "~/routes/login";
import { action as accountAction } from "~/routes/account";
import { action as newOrgAction } from "~/routes/organisations.new";
import { action as editOrgAction, loader as editOrgLoader } from "~/routes/organisations.$organisationId";
import { action as editProjectAction, loader as editProjectLoader } from "~/routes/projects.$projectId.edit";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as newCommitmentAction } from "~/routes/projects.$projectId.commitments.new";
import { action as editCommitmentAction, loader as editCommitmentLoader } from "~/routes/projects.$projectId.commitments.$commitmentId";
import { action as newRequestAction } from "~/routes/projects.$projectId.change-requests.new";
import { action as decideAction } from "~/routes/change-requests.$requestId";
import { action as userAction, loader as userLoader } from "~/routes/users.$userId";
import { action as newUserAction } from "~/routes/users._index";
import { loader as apiProjectsLoader } from "~/routes/api.v1.projects._index";
import { createApiToken, MAX_PASSWORD_CHECK_FAILURES } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { productionSince } from "~/models/setting.server";
import { requireViewer } from "~/utils/auth.server";
import { decodeError } from "~/schemas/field-errors";

const ctx = useTestDatabase("demo");

async function count(table: "organisation" | "audit_event" | "user_session" | "app_user" | "api_token"): Promise<number> {
  return Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** An express app with the real guards in front of a handler that reports what reached it. */
async function guardedServer(trustProxy = 0): Promise<{ base: string; port: number; close: () => Promise<void>; reached: { bodies: number[] } }> {
  const reached = { bodies: [] as number[] };
  const handler: RequestHandler = (req, res) => {
    const body = res.locals.body as Buffer | undefined;
    if (body) reached.bodies.push(body.length);
    res.json({ ip: req.ip, origin: req.headers.origin ?? null, bodyBytes: body?.length ?? null });
  };
  const app = createApp({ handler, trustProxy });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    reached,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Streams `bytes` of body (chunked, or with a Content-Length) and resolves with the status and when it came. */
function streamPost(port: number, path: string, bytes: number, declareLength: boolean): Promise<{ status: number; ms: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    const req = http.request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...(declareLength ? { "Content-Length": String(bytes) } : {}) },
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode!, ms: Date.now() - started, sent });
      req.destroy();
    });
    req.on("error", (e) => (sent > 0 ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("1. request bodies have a limit, enforced before they are read", () => {
  let srv: Awaited<ReturnType<typeof guardedServer>>;
  beforeAll(async () => {
    srv = await guardedServer();
  });
  afterAll(() => srv.close());

  it("refuses a declared 100 MB body with 413 at once, and never hands it to the app", async () => {
    const res = await streamPost(srv.port, "/login", 100 * 1024 * 1024, true);
    expect(res.status).toBe(413);
    expect(res.ms).toBeLessThan(2000);
    expect(res.sent).toBeLessThan(100 * 1024 * 1024); // answered long before the upload could finish
    expect(srv.reached.bodies).toEqual([]);
  });

  it("refuses an undeclared (chunked) body as soon as it passes the limit, while a small request is answered promptly", async () => {
    const big = streamPost(srv.port, "/login", 50 * 1024 * 1024, false);
    const startedSmall = Date.now();
    const small = await fetch(`${srv.base}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.fi&password=x",
    });
    expect(small.status).toBe(200);
    expect(Date.now() - startedSmall).toBeLessThan(1000);
    expect((await small.json()).bodyBytes).toBe(25);
    const refused = await big;
    expect(refused.status).toBe(413);
    expect(srv.reached.bodies.every((n) => n <= FORM_BODY_LIMIT)).toBe(true);
  });

  it("lets a body just under the limit through whole, and answers the API's refusals in JSON", async () => {
    const ok = await fetch(`${srv.base}/projects/1/plan`, { method: "POST", body: "a".repeat(FORM_BODY_LIMIT) });
    expect((await ok.json()).bodyBytes).toBe(FORM_BODY_LIMIT);
    const api = await fetch(`${srv.base}/api/v1/projects`, {
      method: "POST",
      headers: { "Content-Length": String(FORM_BODY_LIMIT + 1) },
      body: "a".repeat(FORM_BODY_LIMIT + 1),
    }).catch(() => null);
    if (api) {
      expect(api.status).toBe(413);
      expect(await api.json()).toEqual({ error: "payload_too_large", limitBytes: FORM_BODY_LIMIT });
    }
    const page = await fetch(`${srv.base}/login`, { method: "POST", body: "a".repeat(FORM_BODY_LIMIT + 1) }).catch(() => null);
    if (page) {
      expect(page.status).toBe(413);
      expect(await page.text()).toContain("Lähetys on liian suuri");
    }
  });

  it("never echoes more of a refused value than the field may hold", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const before = await count("organisation");
    const res = await postForm(newOrgAction, "/organisations/new", { name: "N".repeat(900_000), kind: "association" }, {}, headers);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(decodeError(body.errors.name).key).toBe("error.tooLong");
    const max = Number(decodeError(body.errors.name).params!.max);
    expect(body.values.name).toHaveLength(max);
    expect(JSON.stringify(body).length).toBeLessThan(2 * max + 2000);
    expect(await count("organisation")).toBe(before);
  });
});

describe("2. the client's address behind a proxy, and no lockout by a stranger", () => {
  it("takes the client's address from X-Forwarded-For only when TRUST_PROXY hops are trusted", async () => {
    for (const [hops, expected] of [
      [0, "127.0.0.1"],
      [1, "203.0.113.7"],
      [2, "198.51.100.3"],
    ] as const) {
      const srv = await guardedServer(hops);
      try {
        const res = await fetch(`${srv.base}/x`, { headers: { "X-Forwarded-For": "198.51.100.3, 203.0.113.7" } });
        expect((await res.json()).ip, `TRUST_PROXY=${hops}`).toBe(expected);
      } finally {
        await srv.close();
      }
    }
  });

  it("five wrong passwords from one address, then the right one from another: signed in (the owner is not locked out)", async () => {
    await ctx.db.deleteFrom("login_attempt").execute();
    const sign = (password: string, ip: string) =>
      postForm(loginAction, "/login", { email: EMAIL.manager, password, redirectTo: "/" }, {}, { Origin: ORIGIN }, { clientIp: ip });
    for (let i = 0; i < 5; i++) expect((await sign(`väärin-${i}`, "192.0.2.66")).status).toBe(400);
    const refused = await sign(DEMO_PASSWORD, "192.0.2.66");
    expect(refused.status).toBe(429);
    // the page's own response (a plain form post) carries the Retry-After too
    const pageHeaders = new Headers(
      loginHeaders({
        actionHeaders: refused.headers,
        loaderHeaders: new Headers(),
        parentHeaders: new Headers(),
        errorHeaders: undefined,
      } as never) as HeadersInit,
    );
    expect(Number(pageHeaders.get("Retry-After"))).toBeGreaterThan(0);
    expect((await sign(DEMO_PASSWORD, "198.51.100.10")).status).toBe(302);
  });
});

describe("3. after sign-in, only paths of this site", () => {
  const PAYLOADS = [
    "/\t/evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "https:evil.example",
    "https://evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "http:/evil.example",
  ];

  it.each(PAYLOADS)("redirectTo=%j → /", async (payload) => {
    await ctx.db.deleteFrom("login_attempt").execute();
    const res = await postForm(
      loginAction,
      "/login",
      { email: EMAIL.committee, password: DEMO_PASSWORD, redirectTo: decodeURIComponent(payload) },
      {},
      { Origin: ORIGIN },
      { clientIp: "192.0.2.1" },
    );
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(new URL(location, "http://hankevahti.test/").origin, location).toBe("http://hankevahti.test");
    expect(location).toBe("/");
    // and a signed-in visit of /login?redirectTo=… goes to the same place
    const signedIn = await callLoader(
      loginLoader,
      `/login?${new URLSearchParams({ redirectTo: decodeURIComponent(payload) })}`,
      {},
      { headers: await headersFor(ctx.db, "committee") },
    );
    expect(signedIn.headers.get("Location")).toBe("/");
  });

  it("keeps a path of the site as it is (a %5C that stays encoded is part of a path here)", async () => {
    for (const p of ["/%5C/evil.example", "/projects/1?x=//evil.example"]) {
      const res = await callLoader(loginLoader, `/login?${new URLSearchParams({ redirectTo: p })}`, {}, { headers: await headersFor(ctx.db, "committee") });
      expect(new URL(res.headers.get("Location")!, "http://hankevahti.test/").origin).toBe("http://hankevahti.test");
    }
    const res = await callLoader(
      loginLoader,
      `/login?redirectTo=${encodeURIComponent("/commitments?from=2026#y")}`,
      {},
      { headers: await headersFor(ctx.db, "committee") },
    );
    expect(res.headers.get("Location")).toBe("/commitments?from=2026#y");
  });
});

describe("4. demo accounts never go into a real database", () => {
  const copyOf = (kind: "demo" | "empty") => {
    const file = path.resolve("tests/.tmp", `mode-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(path.resolve("tests/.tmp", `template-${kind}.sqlite`), file);
    return file;
  };
  const remove = (file: string) => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };

  it("a database that ran in production remembers it and refuses demo mode; no demo account is added", async () => {
    const file = copyOf("demo");
    try {
      let db = openDatabase(file);
      // the demo accounts are gone (passwords changed), a real admin works here
      await db.updateTable("app_user").set({ is_demo: 0, active: 0 }).execute();
      await db
        .insertInto("app_user")
        .values({
          email: "oikea.admin@kajaani.fi",
          name: "Oikea Admin",
          role: "admin",
          organisation_id: null,
          password_hash: "x",
          created_at: "2026-12-01T00:00:00Z",
          updated_at: "2026-12-01T00:00:00Z",
        })
        .execute();
      await db.destroy();
      await prepareDatabase(file, true, "production");
      db = openDatabase(file);
      expect(await productionSince(db)).not.toBeNull();
      const users = await db.selectFrom("app_user").select("email").where("active", "=", 1).execute();
      await db.destroy();
      // started once without APP_MODE (demo is the default): refused, and nothing added
      await expect(prepareDatabase(file, true, "demo")).rejects.toThrow(/production mode/);
      db = openDatabase(file);
      expect(await db.selectFrom("app_user").select("email").where("active", "=", 1).execute()).toEqual(users);
      expect(await db.selectFrom("app_user").select("id").where("is_demo", "=", 1).execute()).toEqual([]);
      await db.destroy();
    } finally {
      remove(file);
    }
  });

  it("a database with real data that never ran in production gets no demo accounts either; an empty one gets the demo", async () => {
    const file = copyOf("empty");
    try {
      let db = openDatabase(file);
      await db
        .insertInto("app_user")
        .values({
          email: "oikea.admin@kajaani.fi",
          name: "Oikea Admin",
          role: "admin",
          organisation_id: null,
          password_hash: "x",
          created_at: "2026-12-01T00:00:00Z",
          updated_at: "2026-12-01T00:00:00Z",
        })
        .execute();
      await db.destroy();
      await prepareDatabase(file, true, "demo");
      db = openDatabase(file);
      expect(await db.selectFrom("app_user").select("email").execute()).toEqual([{ email: "oikea.admin@kajaani.fi" }]);
      expect(await db.selectFrom("project").select("id").execute()).toEqual([]);
      await db.destroy();
    } finally {
      remove(file);
    }
    const empty = copyOf("empty");
    try {
      await prepareDatabase(empty, true, "demo");
      const db = openDatabase(empty);
      expect((await db.selectFrom("app_user").select("id").where("is_demo", "=", 1).execute()).length).toBe(5);
      // a demo database whose demo accounts were removed gets them back
      await db.deleteFrom("app_user").where("email", "=", EMAIL.committee).execute();
      await db.destroy();
      await prepareDatabase(empty, true, "demo");
      const again = openDatabase(empty);
      expect((await again.selectFrom("app_user").select("id").where("is_demo", "=", 1).execute()).length).toBe(5);
      await again.destroy();
    } finally {
      remove(empty);
    }
  });
});

describe("5. API tokens open the API only, expire, and can be revoked by an administrator", () => {
  it("a manager's token is refused on a page and on a form post (403), and reads the API", async () => {
    const manager = await viewerOf(ctx.db, "manager");
    const { token } = await createApiToken(ctx.db, SYSTEM, manager.userId, { name: "testi" });
    const bearer = { Authorization: `Bearer ${token}` };
    const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const org = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    expect((await callLoader(editProjectLoader, `/projects/${summit}/edit`, { projectId: String(summit) }, { headers: bearer })).status).toBe(403);
    const before = await count("audit_event");
    const post = await postForm(
      editOrgAction,
      `/organisations/${org}`,
      { name: "Kaapattu", kind: "association", revision: "1" },
      { organisationId: String(org) },
      { ...bearer, Origin: ORIGIN },
    );
    expect(post.status).toBe(403);
    expect(await count("audit_event")).toBe(before);
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: bearer })).status).toBe(200);
  });

  it("a read token cannot write to the API; a write token may; an expired one is refused", async () => {
    const manager = await viewerOf(ctx.db, "manager");
    const read = await createApiToken(ctx.db, SYSTEM, manager.userId, { name: "luku" });
    const write = await createApiToken(ctx.db, SYSTEM, manager.userId, { name: "kirjoitus", scope: "write" });
    const attempt = async (token: string, method = "POST") => {
      try {
        return await requireViewer(
          new Request("http://localhost/api/v1/projects", { method, headers: { Authorization: `Bearer ${token}` } }),
          "portfolio:read",
        );
      } catch (e) {
        return e as Response;
      }
    };
    const refused = (await attempt(read.token)) as Response;
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "insufficient_scope" });
    expect(await attempt(write.token)).toMatchObject({ userId: manager.userId });
    // expiry: 90 days by default
    const row = await ctx.db.selectFrom("api_token").select(["created_at", "expires_at"]).where("id", "=", read.id).executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at!) - Date.parse(row.created_at)).toBe(90 * 86_400_000);
    await ctx.db
      .updateTable("api_token")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", read.id)
      .execute();
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${read.token}` } })).status).toBe(401);
  });

  it("an administrator creates a token on the user's page (shown once), revokes it, ends sessions and deactivates; all audited", async () => {
    const admin = await headersFor(ctx.db, "admin");
    const committee = await viewerOf(ctx.db, "committee");
    const params = { userId: String(committee.userId) };
    const url = `/users/${committee.userId}`;
    const auditBefore = await count("audit_event");

    const created = await postForm(userAction, url, { _intent: "token", name: "Jaoston raportit", scope: "read", days: "30" }, params, admin);
    expect(created.status).toBe(200);
    const { token } = await jsonOf(created);
    expect(token).toMatch(/^hv_/);
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const page = await jsonOf(await callLoader(userLoader, url, params, { headers: admin }));
    const listed = page.tokens.find((t: { name: string }) => t.name === "Jaoston raportit");
    expect(listed).toMatchObject({ scope: "read", state: "live" });
    expect(JSON.stringify(page)).not.toContain(token); // never shown again

    expect((await postForm(userAction, url, { _intent: "revoke", tokenId: String(listed.id) }, params, admin)).status).toBe(200);
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);

    const session = await headersFor(ctx.db, "committee");
    const ended = await jsonOf(await postForm(userAction, url, { _intent: "sessions" }, params, admin));
    expect(ended.params.count).toBeGreaterThanOrEqual(1);
    expect((await callLoader(editOrgLoader, "/organisations/1", { organisationId: "1" }, { headers: session })).headers.get("Location")).toMatch(/^\/login/);

    // deactivation needs the version token, and then the user cannot sign in
    expect((await postForm(userAction, url, { _intent: "deactivate" }, params, admin)).status).toBe(400);
    const { user } = await jsonOf(await callLoader(userLoader, url, params, { headers: admin }));
    expect((await postForm(userAction, url, { _intent: "deactivate", revision: String(user.revision) }, params, admin)).status).toBe(200);
    await ctx.db.deleteFrom("login_attempt").execute();
    expect(
      (await postForm(loginAction, "/login", { email: EMAIL.committee, password: DEMO_PASSWORD }, {}, { Origin: ORIGIN }, { clientIp: "192.0.2.5" })).status,
    ).toBe(400);
    const again = await jsonOf(await callLoader(userLoader, url, params, { headers: admin }));
    expect((await postForm(userAction, url, { _intent: "activate", revision: String(again.user.revision) }, params, admin)).status).toBe(200);

    const trail = await ctx.db
      .selectFrom("audit_event")
      .select(["entity", "action", "after_json"])
      .where("id", ">", 0)
      .orderBy("id", "desc")
      .limit((await count("audit_event")) - auditBefore)
      .execute();
    const kinds = trail.map((e) => `${e.entity}:${e.action}`);
    expect(kinds.filter((k) => k === "api_token:insert")).toHaveLength(1);
    expect(kinds.filter((k) => k === "api_token:update")).toHaveLength(1); // the revocation (not each use)
    expect(kinds.filter((k) => k === "app_user:update").length).toBeGreaterThanOrEqual(3); // sessions ended, deactivated, reactivated
    expect(trail.every((e) => !(e.after_json ?? "").includes("token_hash"))).toBe(true);
  });

  it("a new account made on /users ends on its own page, which says it was added", async () => {
    const admin = await headersFor(ctx.db, "admin");
    const res = await postForm(
      newUserAction,
      "/users",
      { name: "Uusi Jäsen", email: "uusi.jasen@kajaani.fi", role: "committee", password: "pitka-salasana-2026" },
      {},
      admin,
    );
    expect(res.status).toBe(302);
    const id = (await ctx.db.selectFrom("app_user").select("id").where("email", "=", "uusi.jasen@kajaani.fi").executeTakeFirstOrThrow()).id;
    expect(res.headers.get("Location")).toBe(`/users/${id}`);
    expect(res.headers.get("Set-Cookie")).toMatch(/^hv_flash=/);
  });

  it("the same from the command line: create, list, revoke, deactivate, end sessions", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (cmd: Parameters<typeof accountsCommand>[1], args: string[]) =>
      accountsCommand(
        ctx.db,
        cmd,
        args,
        (s) => out.push(s),
        (s) => err.push(s),
      );
    expect(await run("token:create", ["--email", EMAIL.spr, "--name", "SPR-raportit", "--days", "7"])).toBe(0);
    const token = out.pop()!;
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await run("token:list", ["--email", EMAIL.spr])).toBe(0);
    const line = out.find((l) => l.includes("SPR-raportit"))!;
    expect(line).toMatch(/valid until/);
    const id = /^#(\d+)/.exec(line)![1]!;
    expect(await run("token:revoke", ["--id", id])).toBe(0);
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(await run("token:revoke", ["--id", id])).toBe(1); // already revoked
    expect(await run("token:create", ["--email", EMAIL.spr, "--days", "400"])).toBe(2);
    await headersFor(ctx.db, "spr");
    expect(await run("user:end-sessions", ["--email", EMAIL.spr])).toBe(0);
    expect(
      await ctx.db
        .selectFrom("user_session as s")
        .innerJoin("app_user as u", "u.id", "s.user_id")
        .select("s.id_hash")
        .where("u.email", "=", EMAIL.spr)
        .execute(),
    ).toEqual([]);
    expect(await run("user:deactivate", ["--email", EMAIL.spr])).toBe(0);
    expect((await ctx.db.selectFrom("app_user").select("active").where("email", "=", EMAIL.spr).executeTakeFirstOrThrow()).active).toBe(0);
    expect(await run("user:activate", ["--email", EMAIL.spr])).toBe(0);
  });
});

describe("6. every edit carries its version token", () => {
  it("refuses an edit without it (400) and saves nothing, on each kind of record", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const org = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const project = await jsonOf(await callLoader(editProjectLoader, `/projects/${summit}/edit`, { projectId: String(summit) }, { headers }));
    const plan = await jsonOf(await callLoader(planLoader, `/projects/${summit}/plan`, { projectId: String(summit) }, { headers }));
    const orgPage = await jsonOf(await callLoader(editOrgLoader, `/organisations/${org}`, { organisationId: String(org) }, { headers }));
    const commitment = { id: await currentCommitmentId(ctx.db, summit) };
    const cParams = { projectId: String(summit), commitmentId: String(commitment.id) };
    const commitmentPage = await jsonOf(await callLoader(editCommitmentLoader, `/projects/${summit}/commitments/${commitment.id}`, cParams, { headers }));
    const fields = (values: Record<string, unknown>, drop: string) => {
      const flat: Record<string, string> = {};
      const walk = (v: unknown, p: string) => {
        if (v === null || v === undefined) return;
        if (typeof v === "object") for (const [k, x] of Object.entries(v as object)) walk(x, p ? `${p}.${k}` : k);
        else flat[p] = String(v);
      };
      walk(values, "");
      delete flat[drop];
      return flat;
    };
    const cases: { action: typeof editProjectAction; url: string; params: Record<string, string>; values: Record<string, unknown>; field: string }[] = [
      { action: editProjectAction, url: `/projects/${summit}/edit`, params: { projectId: String(summit) }, values: project.values, field: "revision" },
      { action: planAction, url: `/projects/${summit}/plan`, params: { projectId: String(summit) }, values: plan.values, field: "planRevision" },
      { action: editOrgAction, url: `/organisations/${org}`, params: { organisationId: String(org) }, values: orgPage.values, field: "revision" },
      {
        action: editCommitmentAction,
        url: `/projects/${summit}/commitments/${commitment.id}`,
        params: cParams,
        values: commitmentPage.values,
        field: "revision",
      },
    ];
    for (const c of cases) {
      expect(c.values[c.field], c.url).toBeTruthy();
      const before = await count("audit_event");
      const res = await postForm(c.action, c.url, fields(c.values, c.field), c.params, headers);
      expect(res.status, c.url).toBe(400);
      expect((await jsonOf(res)).errors[c.field], c.url).toBe("error.revision.missing");
      expect(await count("audit_event"), c.url).toBe(before);
      // with it, the same post saves
      const saved = await postForm(c.action, c.url, fields(c.values, ""), c.params, headers);
      expect(saved.status, c.url).toBe(302);
    }
  });
});

describe("7. a foreign Origin reaches the app's 403, not Remix's 500", () => {
  it("strips a foreign, null or malformed Origin from mutations (the app then refuses with 403) and keeps our own", async () => {
    const srv = await guardedServer();
    try {
      const send = async (origin: string, method = "POST") =>
        (await (await fetch(`${srv.base}/organisations/4`, { method, headers: { Origin: origin } })).json()).origin;
      expect(await send("http://evil.example")).toBeNull();
      expect(await send("null")).toBeNull();
      expect(await send("not a url")).toBeNull();
      expect(await send(`http://127.0.0.1:${srv.port}`)).toBe(`http://127.0.0.1:${srv.port}`);
    } finally {
      await srv.close();
    }
    // …and without an Origin the app's own check answers 403
    const headers = await headersFor(ctx.db, "manager");
    const res = await postForm(newOrgAction, "/organisations/new", { name: "Vieras", kind: "association" }, {}, { ...headers, Origin: null });
    expect(res.status).toBe(403);
  });
});

describe("8. unknown ids are 404", () => {
  it.each([
    ["plan", planAction, { projectId: "999999" }, "/projects/999999/plan", { start: "1.1.2026", end: "31.12.2027", costModel: "actual", planRevision: "1" }],
    ["change request", newRequestAction, { projectId: "999999" }, "/projects/999999/change-requests/new", { receivedOn: "1.12.2026" }],
    ["project edit", editProjectAction, { projectId: "999999" }, "/projects/999999/edit", { name: "X", revision: "1" }],
    ["new commitment", newCommitmentAction, { projectId: "999999" }, "/projects/999999/commitments/new", { amount: "1 000" }],
    ["commitment", editCommitmentAction, { projectId: "999999", commitmentId: "1" }, "/projects/999999/commitments/1", { amount: "1 000", revision: "1" }],
    ["organisation", editOrgAction, { organisationId: "999999" }, "/organisations/999999", { name: "X", kind: "association", revision: "1" }],
    ["decision", decideAction, { requestId: "999999" }, "/change-requests/999999", { outcome: "approved" }],
  ] as const)("POST %s of an unknown id → 404", async (_name, action, params, url, fields) => {
    const headers = await headersFor(ctx.db, "manager");
    const res = await postForm(action as never, url, fields as Record<string, string>, params as Record<string, string>, headers);
    expect(res.status).toBe(404);
  });
});

describe("9. the smaller ones", () => {
  it(`throttles /account's current-password check after ${MAX_PASSWORD_CHECK_FAILURES} wrong tries (429), even for the right one`, async () => {
    const headers = await headersFor(ctx.db, "haka");
    const change = (current: string) =>
      postForm(accountAction, "/account", { currentPassword: current, newPassword: "uusi-salasana-2026" }, {}, headers, { clientIp: "192.0.2.9" });
    for (let i = 0; i < MAX_PASSWORD_CHECK_FAILURES; i++) expect((await change(`väärä-${i}`)).status).toBe(400);
    const right = await change(DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(decodeError((await jsonOf(right)).errors.currentPassword).key).toBe("auth.password.rateLimited");
    // the password did not change
    const u = await ctx.db.selectFrom("app_user").select("is_demo").where("email", "=", EMAIL.haka).executeTakeFirstOrThrow();
    expect(u.is_demo).toBe(1);
  });

  it("refuses NUL and other control characters in text (400, next to the field), and saves nothing", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const before = await count("organisation");
    for (const bad of ["Nolla\u0000tavu", "Kello\u0007", "Esc\u001b[31m"]) {
      const res = await postForm(newOrgAction, "/organisations/new", { name: bad, kind: "association" }, {}, headers);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await jsonOf(res)).errors.name).toBe("error.text.controlCharacters");
    }
    expect(await count("organisation")).toBe(before);
    // tabs and line breaks are text
    const ok = await postForm(newOrgAction, "/organisations/new", { name: "Rivi\tyksi", kind: "association" }, {}, headers);
    expect(ok.status).toBe(302);
  });
});
