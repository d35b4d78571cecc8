/**
 * Signing in and out, sessions, rate limits, Origin checks, over-long input, changing one's own
 * password, and the production start's refusals, through the real routes and a real database.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../app/models/demo-users";
import { EMAIL, headersFor, ORIGIN } from "../helpers/auth";
import { projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as loginAction, safeRedirect } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as accountAction } from "~/routes/account";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as apiProjectsLoader } from "~/routes/api.v1.projects._index";
import { action as newOrgAction } from "~/routes/organisations.new";
import { action as editProjectAction, loader as editProjectLoader } from "~/routes/projects.$projectId.edit";
import { ACCOUNT_SLOWDOWN_AFTER, loginThrottle, MAX_ACCOUNT_DELAY_MS, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PAIR } from "~/models/user.server";
import { decodeError } from "~/schemas/field-errors";
import { sha256 } from "~/models/password.server";
import { sessionCookie } from "~/utils/auth.server";
import { parseEnv } from "~/utils/env.server";
import { prepareDatabase } from "../../scripts/prepare-db";
import { openDatabase } from "../../db/connection";

const ctx = useTestDatabase("demo");

/** Posts the sign-in form from our own page, from the given address. */
function signIn(email: string, password: string, ip: string, extra: Record<string, string> = {}, headers: Record<string, string | null> = { Origin: ORIGIN }) {
  return postForm(loginAction, "/login", { email, password, redirectTo: "/", ...extra }, {}, headers, { clientIp: ip });
}

async function count(table: "user_session" | "login_attempt" | "organisation" | "project" | "audit_event"): Promise<number> {
  return Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** The session cookie of a sign-in response, as the browser would send it back. */
const cookieOf = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0]!;

describe("signing in", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie and redirects to the page asked for", async () => {
    const res = await signIn(EMAIL.manager, DEMO_PASSWORD, "10.0.0.1", { redirectTo: "/commitments?from=2026" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/commitments?from=2026");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^hv_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).toMatch(/;\s*Max-Age=43200/i); // 12 h
    expect(setCookie).not.toMatch(/Secure/i); // demo mode over plain http
    // the cookie signs the browser in
    const page = await callLoader(portfolioLoader, "/", {}, { headers: { Cookie: cookieOf(res) } });
    expect(page.status).toBe(200);
    // the database keeps only a hash of the session id
    const sessions = await ctx.db.selectFrom("user_session").select("id_hash").execute();
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash))).toBe(true);
    // e-mail is matched without regard to case and surrounding spaces
    expect((await signIn(`  ${EMAIL.manager.toUpperCase()} `, DEMO_PASSWORD, "10.0.0.1")).status).toBe(302);
  });

  it("redirects only within the site: redirectTo=//evil.example → /", async () => {
    const res = await signIn(EMAIL.manager, DEMO_PASSWORD, "10.0.0.2", { redirectTo: "//evil.example" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    // the same rule for other ways out of the site (checked without spending a password hash on each)
    for (const to of ["https://evil.example/", "/\\evil.example", "evil.example", "", "javascript:alert(1)"]) expect(safeRedirect(to), to).toBe("/");
    expect(safeRedirect("/projects/1?tab=history")).toBe("/projects/1?tab=history");
  });

  it("gives a wrong password and an unknown e-mail the same message and status, and no session", async () => {
    const sessions = await count("user_session");
    const wrong = await signIn(EMAIL.committee, "väärä-salasana", "10.0.0.3");
    const unknown = await signIn("ei-ole@hankevahti.test", "väärä-salasana", "10.0.0.3");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(wrong.status);
    const [a, b] = [await jsonOf(wrong), await jsonOf(unknown)];
    expect(a.errors).toEqual({ _form: "auth.login.failed" });
    expect(b.errors).toEqual(a.errors);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
    expect(unknown.headers.get("Set-Cookie")).toBeNull();
    expect(await count("user_session")).toBe(sessions);
  });

  it(`lets the owner in from another address after ${MAX_FAILURES_PER_PAIR} failures from one address; that address is refused (429)`, async () => {
    const email = EMAIL.committee;
    await ctx.db.deleteFrom("login_attempt").execute();
    const failures = await Promise.all(Array.from({ length: MAX_FAILURES_PER_PAIR }, (_, i) => signIn(email, `väärä-${i}`, "10.1.0.1")));
    expect(failures.map((r) => r.status)).toEqual(Array(MAX_FAILURES_PER_PAIR).fill(400));
    // the stranger's address is refused for this account, even with the right password
    const sessions = await count("user_session");
    const fromStranger = await signIn(email, DEMO_PASSWORD, "10.1.0.1");
    expect(fromStranger.status).toBe(429);
    expect(Number(fromStranger.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(decodeError((await jsonOf(fromStranger)).errors._form).key).toBe("auth.login.rateLimited");
    expect(fromStranger.headers.get("Set-Cookie")).toBeNull();
    expect(await count("user_session")).toBe(sessions);
    // the owner, signing in from elsewhere, is not locked out
    expect((await signIn(email, DEMO_PASSWORD, "10.1.0.99")).status).toBe(302);
    // once the failures are older than the window, the stranger's address may try again
    await ctx.db
      .updateTable("login_attempt")
      .set({ at: new Date(Date.now() - 16 * 60 * 1000).toISOString() })
      .where("email", "=", email)
      .execute();
    expect((await signIn(email, DEMO_PASSWORD, "10.1.0.1")).status).toBe(302);
  });

  it("slows guessing spread over many addresses with growing waits, never longer than a minute, and not for the owner's known address", async () => {
    const email = EMAIL.committee;
    await ctx.db.deleteFrom("login_attempt").execute();
    const t0 = Date.parse("2026-12-02T10:00:00.000Z");
    // the owner signed in from 10.3.9.9 last week
    await ctx.db
      .insertInto("login_attempt")
      .values({ email, ip: "10.3.9.9", at: new Date(t0 - 7 * 86_400_000).toISOString(), success: 1, kind: "login" })
      .execute();
    // 40 wrong guesses from 40 addresses within a few minutes
    await ctx.db
      .insertInto("login_attempt")
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          email,
          ip: `10.4.0.${i}`,
          at: new Date(t0 - (40 - i) * 1000).toISOString(),
          success: 0,
          kind: "login" as const,
        })),
      )
      .execute();
    const at = (ms: number) => new Date(t0 + ms);
    // a new address must wait: at most MAX_ACCOUNT_DELAY_MS after the last failure
    const now = await loginThrottle(ctx.db, email, "10.5.0.1", at(0));
    expect(now).toEqual({ limited: true, retryAfterSeconds: MAX_ACCOUNT_DELAY_MS / 1000 - 1 });
    expect(await loginThrottle(ctx.db, email, "10.5.0.1", at(MAX_ACCOUNT_DELAY_MS))).toEqual({ limited: false });
    // the owner's known address is not slowed
    expect(await loginThrottle(ctx.db, email, "10.3.9.9", at(0))).toEqual({ limited: false });
    // and the waits grow from one second: after ACCOUNT_SLOWDOWN_AFTER failures, 1 s; one more, 2 s
    await ctx.db.deleteFrom("login_attempt").where("success", "=", 0).execute();
    const fail = (i: number, ms: number) => ({ email, ip: `10.6.0.${i}`, at: new Date(t0 + ms).toISOString(), success: 0, kind: "login" as const });
    await ctx.db
      .insertInto("login_attempt")
      .values(Array.from({ length: ACCOUNT_SLOWDOWN_AFTER }, (_, i) => fail(i, 0)))
      .execute();
    expect(await loginThrottle(ctx.db, email, "10.7.0.1", at(500))).toEqual({ limited: true, retryAfterSeconds: 1 });
    expect(await loginThrottle(ctx.db, email, "10.7.0.1", at(1000))).toEqual({ limited: false });
    await ctx.db.insertInto("login_attempt").values(fail(99, 1000)).execute();
    expect(await loginThrottle(ctx.db, email, "10.7.0.1", at(2500))).toEqual({ limited: true, retryAfterSeconds: 1 });
    expect(await loginThrottle(ctx.db, email, "10.7.0.1", at(3000))).toEqual({ limited: false });
  });

  it(`refuses every account after ${MAX_FAILURES_PER_ADDRESS} failures from one address (429)`, async () => {
    await ctx.db.deleteFrom("login_attempt").execute();
    const ip = "10.2.0.1";
    // The first failures as the route records them, a few minutes ago (each real attempt spends a
    // deliberate ~0.1 s on the password hash; the account test above posts every one of its failures).
    const earlier = new Date(Date.now() - 5 * 60 * 1000).toISOString();
    await ctx.db
      .insertInto("login_attempt")
      .values(Array.from({ length: MAX_FAILURES_PER_ADDRESS - 2 }, (_, i) => ({ email: `arvaus-${i}@hankevahti.test`, ip, at: earlier, success: 0 })))
      .execute();
    const last = await Promise.all([signIn("arvaus-a@hankevahti.test", "salasana123", ip), signIn(EMAIL.manager, "salasana123", ip)]);
    expect(last.map((r) => r.status)).toEqual([400, 400]);
    expect(await ctx.db.selectFrom("login_attempt").select("id").where("ip", "=", ip).where("success", "=", 0).execute()).toHaveLength(
      MAX_FAILURES_PER_ADDRESS,
    );
    const right = await signIn(EMAIL.haka, DEMO_PASSWORD, ip);
    expect(right.status).toBe(429);
    expect(decodeError((await jsonOf(right)).errors._form).key).toBe("auth.login.rateLimited");
    // the same account from another address signs in
    expect((await signIn(EMAIL.haka, DEMO_PASSWORD, "10.2.0.2")).status).toBe(302);
  });
});

describe("sessions", () => {
  /** The session row behind a browser's cookie (the row is keyed by the SHA-256 of the cookie's session id). */
  async function sessionOf(headers: Record<string, string>) {
    const token = (await sessionCookie().parse(headers.Cookie!)) as string;
    return ctx.db.selectFrom("user_session").selectAll().where("id_hash", "=", sha256(token)).executeTakeFirstOrThrow();
  }

  it("an expired session sends the browser to sign in (401 in the API) and its row is removed", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const s = await sessionOf(headers);
    expect((await callLoader(portfolioLoader, "/", {}, { headers })).status).toBe(200);
    await ctx.db
      .updateTable("user_session")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id_hash", "=", s.id_hash)
      .execute();
    const res = await callLoader(portfolioLoader, "/?status=running", {}, { headers });
    expect(res.status).toBe(302);
    // The sign-in page is told why: the session has expired ("Istunto on päättynyt").
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/?status=running")}&expired=1`);
    expect(await ctx.db.selectFrom("user_session").select("id_hash").where("id_hash", "=", s.id_hash).executeTakeFirst()).toBeUndefined();
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers })).status).toBe(401);
  });

  it("a session unused for over 2 hours has expired too; one used recently has not", async () => {
    const headers = await headersFor(ctx.db, "committee");
    const s = await sessionOf(headers);
    await ctx.db
      .updateTable("user_session")
      .set({ last_seen_at: new Date(Date.now() - 90 * 60 * 1000).toISOString() })
      .where("id_hash", "=", s.id_hash)
      .execute();
    expect((await callLoader(portfolioLoader, "/", {}, { headers })).status).toBe(200);
    // using it moved last_seen_at forward
    const seen = await ctx.db.selectFrom("user_session").select("last_seen_at").where("id_hash", "=", s.id_hash).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(seen.last_seen_at)).toBeLessThan(60_000);
    await ctx.db
      .updateTable("user_session")
      .set({ last_seen_at: new Date(Date.now() - 2 * 60 * 60 * 1000 - 1000).toISOString() })
      .where("id_hash", "=", s.id_hash)
      .execute();
    const res = await callLoader(portfolioLoader, "/", {}, { headers });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?/);
    expect(await ctx.db.selectFrom("user_session").select("id_hash").where("id_hash", "=", s.id_hash).executeTakeFirst()).toBeUndefined();
  });

  it("signing out removes the session and clears the cookie; the old cookie no longer works", async () => {
    const res = await signIn(EMAIL.spr, DEMO_PASSWORD, "10.3.0.1");
    const cookie = cookieOf(res);
    const before = await count("user_session");
    const refused = await postForm(logoutAction, "/logout", {}, {}, { Cookie: cookie, Origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    expect(await count("user_session")).toBe(before);
    const out = await postForm(logoutAction, "/logout", {}, {}, { Cookie: cookie, Origin: ORIGIN });
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login");
    expect(out.headers.get("Set-Cookie")).toMatch(/hv_session=;.*Max-Age=0/i);
    expect(await count("user_session")).toBe(before - 1);
    const after = await callLoader(portfolioLoader, "/", {}, { headers: { Cookie: cookie } });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("the Origin of mutations", () => {
  const ORIGINS: [string, string | null][] = [
    ["missing", null],
    ["foreign", "https://evil.example"],
    ["a look-alike host", "http://localhost.evil.example"],
    ["the string null", "null"],
  ];

  it.each(ORIGINS)("refuses a page form with %s Origin (403) and saves nothing", async (_label, origin) => {
    const headers = await headersFor(ctx.db, "manager");
    const before = { org: await count("organisation"), audit: await count("audit_event") };
    const res = await postForm(newOrgAction, "/organisations/new", { name: "Väärennetty ry", kind: "association" }, {}, { ...headers, Origin: origin });
    expect(res.status).toBe(403);
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const values = (await jsonOf(await callLoader(editProjectLoader, "/", { projectId: String(id) }, { headers }))).values;
    const edit = await postForm(editProjectAction, "/", { ...values, name: "Väärennetty" }, { projectId: String(id) }, { ...headers, Origin: origin });
    expect(edit.status).toBe(403);
    expect({ org: await count("organisation"), audit: await count("audit_event") }).toEqual(before);
    expect(await ctx.db.selectFrom("organisation").select("id").where("name", "=", "Väärennetty ry").executeTakeFirst()).toBeUndefined();
  });

  it.each(ORIGINS)("refuses the sign-in with %s Origin (403): no session, no attempt recorded", async (_label, origin) => {
    const before = { sessions: await count("user_session"), attempts: await count("login_attempt") };
    const res = await signIn(EMAIL.manager, DEMO_PASSWORD, "10.4.0.1", {}, { Origin: origin });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect({ sessions: await count("user_session"), attempts: await count("login_attempt") }).toEqual(before);
  });
});

describe("over-long and malformed fields", () => {
  it("refuses a 10 000-character name with the field's error and saves nothing", async () => {
    const headers = await headersFor(ctx.db, "manager");
    const before = { org: await count("organisation"), project: await count("project"), audit: await count("audit_event") };
    const org = await postForm(newOrgAction, "/organisations/new", { name: "x".repeat(10_000), kind: "association" }, {}, headers);
    expect(org.status).toBe(400);
    const orgData = await jsonOf(org);
    expect(orgData.errors.name).toBe(`error.tooLong|${JSON.stringify({ max: 200 })}`);
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const values = (await jsonOf(await callLoader(editProjectLoader, "/", { projectId: String(id) }, { headers }))).values;
    const project = await postForm(
      editProjectAction,
      "/",
      { ...values, name: "y".repeat(10_000), leadOrganisationId: "abc" },
      { projectId: String(id) },
      headers,
    );
    expect(project.status).toBe(400);
    const errors = (await jsonOf(project)).errors;
    expect(errors.name).toBe(`error.tooLong|${JSON.stringify({ max: 300 })}`);
    expect(errors.leadOrganisationId).toBeDefined();
    expect({ org: await count("organisation"), project: await count("project"), audit: await count("audit_event") }).toEqual(before);
    expect((await ctx.db.selectFrom("project").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name).toBe(values.name);
  });

  it("refuses an over-long e-mail or password at sign-in without checking it or recording an attempt", async () => {
    const attempts = await count("login_attempt");
    const longEmail = await signIn(`${"a".repeat(10_000)}@hankevahti.test`, DEMO_PASSWORD, "10.5.0.1");
    expect(longEmail.status).toBe(400);
    expect((await jsonOf(longEmail)).errors.email).toBe(`error.tooLong|${JSON.stringify({ max: 254 })}`);
    const longPassword = await signIn(EMAIL.manager, "p".repeat(10_000), "10.5.0.1");
    expect(longPassword.status).toBe(400);
    expect((await jsonOf(longPassword)).errors.password).toBe(`error.tooLong|${JSON.stringify({ max: 200 })}`);
    expect(await count("login_attempt")).toBe(attempts);
  });
});

describe("changing one's own password", () => {
  const NEW_PASSWORD = "Kainuun-kevät-2026";

  it("refuses a wrong current password and a too short new one (400), changing nothing", async () => {
    const headers = await headersFor(ctx.db, "haka");
    const before = await ctx.db
      .selectFrom("app_user")
      .select(["password_hash", "is_demo", "revision"])
      .where("email", "=", EMAIL.haka)
      .executeTakeFirstOrThrow();
    const wrong = await postForm(accountAction, "/account", { currentPassword: "väärä-salasana", newPassword: NEW_PASSWORD }, {}, headers);
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).errors).toEqual({ currentPassword: "auth.password.wrong" });
    const short = await postForm(accountAction, "/account", { currentPassword: DEMO_PASSWORD, newPassword: "lyhyt" }, {}, headers);
    expect(short.status).toBe(400);
    expect((await jsonOf(short)).errors.newPassword).toBe("auth.password.tooShort");
    expect(
      await ctx.db.selectFrom("app_user").select(["password_hash", "is_demo", "revision"]).where("email", "=", EMAIL.haka).executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it("changes it: the account is no longer a demo account, the new password signs in and the old one does not", async () => {
    const headers = await headersFor(ctx.db, "haka");
    const res = await postForm(accountAction, "/account", { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD }, {}, headers);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ ok: true });
    const user = await ctx.db.selectFrom("app_user").select(["password_hash", "is_demo"]).where("email", "=", EMAIL.haka).executeTakeFirstOrThrow();
    expect(user.is_demo).toBe(0);
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.password_hash).not.toContain(NEW_PASSWORD);
    expect((await signIn(EMAIL.haka, NEW_PASSWORD, "10.6.0.1")).status).toBe(302);
    expect((await signIn(EMAIL.haka, DEMO_PASSWORD, "10.6.0.1")).status).toBe(400);
  });

  it("needs a session and our Origin", async () => {
    const anonymous = await postForm(accountAction, "/account", { currentPassword: NEW_PASSWORD, newPassword: "joku-toinen-salasana" }, {}, { Origin: ORIGIN });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    const headers = await headersFor(ctx.db, "haka");
    const forged = await postForm(
      accountAction,
      "/account",
      { currentPassword: NEW_PASSWORD, newPassword: "joku-toinen-salasana" },
      {},
      { ...headers, Origin: "https://evil.example" },
    );
    expect(forged.status).toBe(403);
    expect((await signIn(EMAIL.haka, NEW_PASSWORD, "10.6.0.2")).status).toBe(302);
  });
});

describe("production mode", () => {
  function copyOf(kind: "demo" | "empty"): string {
    const file = path.resolve("tests/.tmp", `prod-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(path.resolve("tests/.tmp", `template-${kind}.sqlite`), file);
    return file;
  }
  const remove = (file: string) => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };

  it("refuses to start while demo accounts keep the demo password, and starts once they do not", async () => {
    const file = copyOf("demo");
    try {
      await expect(prepareDatabase(file, false, "production")).rejects.toThrow(/demo accounts/);
      const db = openDatabase(file);
      await db.updateTable("app_user").set({ is_demo: 0 }).where("email", "!=", EMAIL.admin).execute();
      await expect(prepareDatabase(file, false, "production")).rejects.toThrow(/demo accounts/); // one is enough to refuse
      await db.updateTable("app_user").set({ active: 0 }).where("email", "=", EMAIL.admin).execute();
      await db.destroy();
      await expect(prepareDatabase(file, false, "production")).resolves.toBeUndefined();
    } finally {
      remove(file);
    }
    const empty = copyOf("empty");
    try {
      await expect(prepareDatabase(empty, true, "production")).resolves.toBeUndefined();
    } finally {
      remove(empty);
    }
  });

  it("refuses production settings without a SESSION_SECRET of at least 32 characters", () => {
    const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
    expect(() => parseEnv(env({ APP_MODE: "production" }))).toThrow(/SESSION_SECRET/);
    expect(() => parseEnv(env({ APP_MODE: "production", SESSION_SECRET: "liian-lyhyt" }))).toThrow(/SESSION_SECRET/);
    expect(parseEnv(env({ APP_MODE: "production", SESSION_SECRET: sha256("salaisuus") })).APP_MODE).toBe("production");
    expect(parseEnv(env({})).APP_MODE).toBe("demo");
  });
});
