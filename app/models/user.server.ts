/**
 * Accounts, sessions, API tokens and sign-in attempts. Session ids and API tokens are random;
 * only their SHA-256 is stored, so the database alone cannot be used to sign in.
 */
import type { DB } from "../../db/connection";
import type { AppUser, Role } from "../../db/schema";
import type { Viewer } from "~/domain/permissions";
import { hashPassword, randomToken, sha256, verifyDummy, verifyPassword } from "~/models/password.server";
import { audited, type Actor } from "./audit.server";

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000; // signed in for at most 12 h
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000; // ... and signed out after 2 h without use
/** Sign-in throttling; how and why: docs/decisions/006-request-limits-and-sign-in-throttling.md. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords from one address for one account before that pair is refused for the window. */
export const MAX_FAILURES_PER_PAIR = 5;
/** Wrong passwords from one address (any accounts) before that address is refused for the window. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Wrong passwords for one account (any addresses) after which unknown addresses must wait. */
export const ACCOUNT_SLOWDOWN_AFTER = 10;
/** The longest wait an unknown address is asked for; the owner is never locked out longer. */
export const MAX_ACCOUNT_DELAY_MS = 60_000;
/** An address from which the account signed in successfully this recently is "known". */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
/** Wrong current passwords on /account before the check is refused for the window. */
export const MAX_PASSWORD_CHECK_FAILURES = 5;

/** API tokens: expiry in days (default and longest allowed). */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export function toViewer(u: Pick<AppUser, "id" | "name" | "email" | "role" | "organisation_id">): Viewer {
  return { userId: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisation_id };
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function createUser(
  db: DB,
  actor: Actor,
  input: { email: string; name: string; role: Role; organisationId: number | null; password: string; isDemo?: boolean },
): Promise<number> {
  const hash = await hashPassword(input.password);
  const now = new Date().toISOString();
  return audited(db, actor, async (tx) => {
    const row = await tx
      .insertInto("app_user")
      .values({
        email: normaliseEmail(input.email),
        name: input.name,
        role: input.role,
        organisation_id: input.role === "association" ? input.organisationId : null,
        password_hash: hash,
        is_demo: input.isDemo ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export async function listUsers(db: DB) {
  return db
    .selectFrom("app_user as u")
    .leftJoin("organisation as o", "o.id", "u.organisation_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.organisation_id", "o.name as organisation_name", "u.active", "u.is_demo"])
    .orderBy("u.role")
    .orderBy("u.name")
    .execute();
}

type AttemptKind = "login" | "password";

async function countWhere(
  db: DB,
  where: { kind: AttemptKind; email?: string; ip?: string; success: 0 | 1; since: string },
): Promise<{ n: number; first: string | null; last: string | null }> {
  let q = db
    .selectFrom("login_attempt")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("at").as("first"), eb.fn.max("at").as("last")])
    .where("kind", "=", where.kind)
    .where("success", "=", where.success)
    .where("at", ">=", where.since);
  if (where.email !== undefined) q = q.where("email", "=", where.email);
  if (where.ip !== undefined) q = q.where("ip", "=", where.ip);
  const row = await q.executeTakeFirstOrThrow();
  return { n: Number(row.n), first: (row.first as string | null) ?? null, last: (row.last as string | null) ?? null };
}

export type Throttle = { limited: false } | { limited: true; retryAfterSeconds: number };

const secondsUntil = (iso: string, plusMs: number, now: Date) => Math.max(1, Math.ceil((Date.parse(iso) + plusMs - now.getTime()) / 1000));

/**
 * Whether a sign-in for this account from this address may be tried now. Refused for the
 * window: one address with too many failures for this account, or for any accounts. Slowed with
 * growing waits (1 s, 2 s, 4 s … at most a minute): an account with many failures from
 * elsewhere, but only for addresses it has not signed in from lately, so a stranger can neither
 * lock its owner out nor guess quickly by spreading over many addresses.
 */
export async function loginThrottle(db: DB, email: string, ip: string, now = new Date()): Promise<Throttle> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const address = await countWhere(db, { kind: "login", ip, success: 0, since });
  if (address.n >= MAX_FAILURES_PER_ADDRESS) return { limited: true, retryAfterSeconds: secondsUntil(address.first!, LOGIN_WINDOW_MS, now) };
  const pair = await countWhere(db, { kind: "login", email, ip, success: 0, since });
  if (pair.n >= MAX_FAILURES_PER_PAIR) return { limited: true, retryAfterSeconds: secondsUntil(pair.first!, LOGIN_WINDOW_MS, now) };
  const account = await countWhere(db, { kind: "login", email, success: 0, since });
  if (account.n >= ACCOUNT_SLOWDOWN_AFTER) {
    const known = await countWhere(db, { kind: "login", email, ip, success: 1, since: new Date(now.getTime() - KNOWN_ADDRESS_MS).toISOString() });
    if (known.n === 0) {
      const delay = Math.min(MAX_ACCOUNT_DELAY_MS, 1000 * 2 ** (account.n - ACCOUNT_SLOWDOWN_AFTER));
      if (Date.parse(account.last!) + delay > now.getTime()) return { limited: true, retryAfterSeconds: secondsUntil(account.last!, delay, now) };
    }
  }
  return { limited: false };
}

export type SignInResult = { ok: true; user: AppUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "rateLimited"; retryAfterSeconds: number };

/** Checks e-mail and password; unknown e-mail and wrong password look the same from outside. */
export async function verifyLogin(db: DB, emailInput: string, password: string, ip: string, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(emailInput).slice(0, 254);
  const throttle = await loginThrottle(db, email, ip, now);
  if (throttle.limited) {
    await verifyDummy(password);
    return { ok: false, reason: "rateLimited", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const user = await db.selectFrom("app_user").selectAll().where("email", "=", email).where("active", "=", 1).executeTakeFirst();
  const ok = user ? await verifyPassword(password, user.password_hash) : await verifyDummy(password);
  await db
    .insertInto("login_attempt")
    .values({ email, ip, at: now.toISOString(), success: ok ? 1 : 0, kind: "login" })
    .execute();
  return ok && user ? { ok: true, user } : { ok: false, reason: "invalid" };
}

export async function createSession(db: DB, userId: number, now = new Date()): Promise<string> {
  const token = randomToken();
  await db
    .insertInto("user_session")
    .values({
      id_hash: sha256(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** The session's user, if the session exists, has not expired and has been used recently. */
export async function viewerForSession(db: DB, token: string, now = new Date()): Promise<Viewer | null> {
  const hash = sha256(token);
  const row = await db
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select(["s.expires_at", "s.last_seen_at", "u.id", "u.name", "u.email", "u.role", "u.organisation_id", "u.active"])
    .where("s.id_hash", "=", hash)
    .executeTakeFirst();
  if (!row || row.active !== 1) return null;
  const t = now.getTime();
  if (Date.parse(row.expires_at) <= t || Date.parse(row.last_seen_at) + SESSION_IDLE_MS <= t) {
    await db.deleteFrom("user_session").where("id_hash", "=", hash).execute();
    return null;
  }
  if (t - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable("user_session").set({ last_seen_at: now.toISOString() }).where("id_hash", "=", hash).execute();
  }
  return toViewer(row);
}

export async function destroySession(db: DB, token: string): Promise<void> {
  await db.deleteFrom("user_session").where("id_hash", "=", sha256(token)).execute();
}

export type PasswordChange = { ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "rateLimited"; retryAfterSeconds: number };

/**
 * Changes the password after checking the current one, and ends the user's other sessions (the
 * one given stays signed in). Wrong current passwords are counted like sign-ins: after
 * MAX_PASSWORD_CHECK_FAILURES within the window the check is refused.
 */
export async function changePassword(
  db: DB,
  userId: number,
  current: string,
  next: string,
  keepSessionToken: string | null = null,
  ip = "unknown",
  now = new Date(),
): Promise<PasswordChange> {
  const user = await db.selectFrom("app_user").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) return { ok: false, reason: "invalid" };
  const failures = await countWhere(db, { kind: "password", email: user.email, success: 0, since: new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString() });
  if (failures.n >= MAX_PASSWORD_CHECK_FAILURES) {
    await verifyDummy(current);
    return { ok: false, reason: "rateLimited", retryAfterSeconds: secondsUntil(failures.first!, LOGIN_WINDOW_MS, now) };
  }
  const ok = await verifyPassword(current, user.password_hash);
  await db
    .insertInto("login_attempt")
    .values({ email: user.email, ip, at: now.toISOString(), success: ok ? 1 : 0, kind: "password" })
    .execute();
  if (!ok) return { ok: false, reason: "invalid" };
  const hash = await hashPassword(next);
  await audited(db, { userId }, (tx) =>
    tx
      .updateTable("app_user")
      .set((eb) => ({ password_hash: hash, is_demo: 0, updated_at: now.toISOString(), revision: eb("revision", "+", 1) }))
      .where("id", "=", userId)
      .execute(),
  );
  let q = db.deleteFrom("user_session").where("user_id", "=", userId);
  if (keepSessionToken) q = q.where("id_hash", "<>", sha256(keepSessionToken));
  await q.execute();
  return { ok: true };
}

export type TokenScope = "read" | "write";

/**
 * Creates an API token for a user; the token itself is returned once and never stored. A token
 * reads the API; with scope "write" it may also use the API's writes. It expires after `days`.
 */
export async function createApiToken(
  db: DB,
  actor: Actor,
  userId: number,
  input: { name: string; scope?: TokenScope; days?: number },
  now = new Date(),
): Promise<{ id: number; token: string; expiresAt: string }> {
  const days = Math.min(TOKEN_MAX_DAYS, Math.max(1, Math.trunc(input.days ?? TOKEN_DEFAULT_DAYS)));
  const token = `hv_${randomToken()}`;
  const expiresAt = new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
  const row = await audited(db, actor, (tx) =>
    tx
      .insertInto("api_token")
      .values({
        user_id: userId,
        name: input.name,
        scope: input.scope ?? "read",
        token_hash: sha256(token),
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, token, expiresAt };
}

export type TokenViewer = { viewer: Viewer; scope: TokenScope };

/** The token's user and scope, if the token exists, is neither revoked nor expired, and its user is active. */
export async function viewerForApiToken(db: DB, token: string, now = new Date()): Promise<TokenViewer | null> {
  const row = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.id as token_id", "t.scope", "t.expires_at", "u.id", "u.name", "u.email", "u.role", "u.organisation_id", "u.active"])
    .where("t.token_hash", "=", sha256(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || row.active !== 1) return null;
  if (row.expires_at === null || Date.parse(row.expires_at) <= now.getTime()) return null;
  await db.updateTable("api_token").set({ last_used_at: now.toISOString() }).where("id", "=", row.token_id).execute();
  return { viewer: toViewer(row), scope: row.scope };
}

export type TokenRow = {
  id: number;
  userId: number;
  userEmail: string;
  userName: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** API tokens, newest first: of one user, or of everyone. */
export async function listApiTokens(db: DB, userId?: number): Promise<TokenRow[]> {
  let q = db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.id", "t.user_id", "u.email", "u.name as user_name", "t.name", "t.scope", "t.created_at", "t.expires_at", "t.last_used_at", "t.revoked_at"])
    .orderBy("t.id", "desc");
  if (userId !== undefined) q = q.where("t.user_id", "=", userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userEmail: r.email,
    userName: r.user_name,
    name: r.name,
    scope: r.scope,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token (of the given user, when one is given); false when there is no such live token. */
export async function revokeApiToken(db: DB, actor: Actor, id: number, userId?: number, now = new Date()): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    let q = tx.updateTable("api_token").set({ revoked_at: now.toISOString() }).where("id", "=", id).where("revoked_at", "is", null);
    if (userId !== undefined) q = q.where("user_id", "=", userId);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  });
}

/** Ends every session of the user (they must sign in again); returns how many were ended. */
export async function endSessions(db: DB, actor: Actor, userId: number, now = new Date()): Promise<number> {
  return audited(db, actor, async (tx) => {
    await tx.updateTable("app_user").set({ sessions_ended_at: now.toISOString() }).where("id", "=", userId).execute();
    return Number((await tx.deleteFrom("user_session").where("user_id", "=", userId).executeTakeFirst()).numDeletedRows);
  });
}

/**
 * Deactivates or reactivates an account. A deactivated user cannot sign in, their sessions end
 * and their tokens stop working (they work again only if the account is reactivated and the
 * tokens have not expired or been revoked). `revision` is the version the admin saw; a stale or
 * missing one is refused.
 */
export async function setUserActive(
  db: DB,
  actor: Actor,
  userId: number,
  active: boolean,
  revision: number,
  now = new Date(),
): Promise<"ok" | "stale" | "self"> {
  if (actor.userId === userId && !active) return "self";
  return audited(db, actor, async (tx) => {
    const r = await tx
      .updateTable("app_user")
      .set((eb) => ({
        active: active ? 1 : 0,
        updated_at: now.toISOString(),
        revision: eb("revision", "+", 1),
        ...(active ? {} : { sessions_ended_at: now.toISOString() }),
      }))
      .where("id", "=", userId)
      .where("revision", "=", revision)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return "stale";
    if (!active) await tx.deleteFrom("user_session").where("user_id", "=", userId).execute();
    return "ok";
  });
}

export async function getUser(db: DB, id: number) {
  const u = await db
    .selectFrom("app_user as u")
    .leftJoin("organisation as o", "o.id", "u.organisation_id")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.organisation_id",
      "o.name as organisation_name",
      "u.active",
      "u.is_demo",
      "u.revision",
      "u.created_at",
      "u.sessions_ended_at",
    ])
    .where("u.id", "=", id)
    .executeTakeFirst();
  if (!u) return null;
  const sessions = await db
    .selectFrom("user_session")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("last_seen_at").as("last")])
    .where("user_id", "=", id)
    .executeTakeFirstOrThrow();
  return { ...u, sessionCount: Number(sessions.n), lastSeenAt: (sessions.last as string | null) ?? null };
}

export async function demoUsersExist(db: DB): Promise<boolean> {
  const row = await db.selectFrom("app_user").select("id").where("is_demo", "=", 1).where("active", "=", 1).executeTakeFirst();
  return row !== undefined;
}
