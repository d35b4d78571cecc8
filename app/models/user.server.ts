/**
 * Accounts, sessions, API tokens and sign-in attempts. Session ids and API tokens are random;
 * only their SHA-256 is stored, so the database alone cannot be used to sign in.
 */
import type { DB } from "../../db/connection";
import type { AppUser, Role } from "../../db/schema";
import type { Viewer } from "~/domain/permissions";
import { hashPassword, randomToken, sha256, verifyDummy, verifyPassword } from "~/utils/password.server";
import { audited, type Actor } from "./audit.server";

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000; // signed in for at most 12 h
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000; // ... and signed out after 2 h without use
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

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

export async function countFailures(db: DB, email: string, ip: string, now = new Date()) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const n = async (col: "email" | "ip", value: string) =>
    Number(
      (
        await db
          .selectFrom("login_attempt")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where(col, "=", value)
          .where("success", "=", 0)
          .where("at", ">=", since)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { account: await n("email", email), address: await n("ip", ip) };
}

export type SignInResult = { ok: true; user: AppUser } | { ok: false; reason: "invalid" | "rateLimited" };

/** Checks e-mail and password; unknown e-mail and wrong password look the same from outside. */
export async function verifyLogin(db: DB, emailInput: string, password: string, ip: string, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(emailInput).slice(0, 254);
  const failures = await countFailures(db, email, ip, now);
  if (failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.address >= MAX_FAILURES_PER_ADDRESS) {
    await verifyDummy(password);
    return { ok: false, reason: "rateLimited" };
  }
  const user = await db.selectFrom("app_user").selectAll().where("email", "=", email).where("active", "=", 1).executeTakeFirst();
  const ok = user ? await verifyPassword(password, user.password_hash) : await verifyDummy(password);
  await db.insertInto("login_attempt").values({ email, ip, at: now.toISOString(), success: ok ? 1 : 0 }).execute();
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

/** Changes the password and ends the user's other sessions (the one given stays signed in). */
export async function changePassword(db: DB, userId: number, current: string, next: string, keepSessionToken: string | null = null): Promise<boolean> {
  const user = await db.selectFrom("app_user").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user || !(await verifyPassword(current, user.password_hash))) return false;
  const hash = await hashPassword(next);
  await audited(db, { userId }, (tx) =>
    tx
      .updateTable("app_user")
      .set((eb) => ({ password_hash: hash, is_demo: 0, updated_at: new Date().toISOString(), revision: eb("revision", "+", 1) }))
      .where("id", "=", userId)
      .execute(),
  );
  let q = db.deleteFrom("user_session").where("user_id", "=", userId);
  if (keepSessionToken) q = q.where("id_hash", "<>", sha256(keepSessionToken));
  await q.execute();
  return true;
}

/** Creates an API token for a user; the token itself is returned once and never stored. */
export async function createApiToken(db: DB, userId: number, name: string): Promise<string> {
  const token = `hv_${randomToken()}`;
  await db.insertInto("api_token").values({ user_id: userId, name, token_hash: sha256(token), created_at: new Date().toISOString() }).execute();
  return token;
}

export async function viewerForApiToken(db: DB, token: string): Promise<Viewer | null> {
  const row = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.id as token_id", "u.id", "u.name", "u.email", "u.role", "u.organisation_id", "u.active"])
    .where("t.token_hash", "=", sha256(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || row.active !== 1) return null;
  await db.updateTable("api_token").set({ last_used_at: new Date().toISOString() }).where("id", "=", row.token_id).execute();
  return toViewer(row);
}

export async function demoUsersExist(db: DB): Promise<boolean> {
  const row = await db.selectFrom("app_user").select("id").where("is_demo", "=", 1).where("active", "=", 1).executeTakeFirst();
  return row !== undefined;
}
