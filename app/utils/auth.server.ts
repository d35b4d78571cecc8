/**
 * Who is asking: the session cookie (pages) or an `Authorization: Bearer` token (API).
 * `requireViewer` is the one call at the top of every loader and action: it refuses anonymous
 * callers (sign-in redirect, or 401 for the API), callers without the permission (403),
 * mutations whose Origin is missing or foreign (403), and API tokens used anywhere but the API
 * or, without the write scope, for an API write (403).
 */
import crypto from "node:crypto";
import { createCookie, json, redirect } from "@remix-run/node";
import { can, type Permission, type Viewer } from "~/domain/permissions";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { SESSION_LIFETIME_MS, viewerForApiToken, viewerForSession } from "~/models/user.server";

const demoSecret = crypto.randomBytes(32).toString("hex");

/** The secrets that sign this app's cookies (a random one per process in demo mode). */
export const cookieSecrets = () => [getEnv().SESSION_SECRET ?? demoSecret];
/** Cookies are Secure in production (served behind a TLS proxy). */
export const cookieSecure = () => getEnv().APP_MODE === "production";

let cookie: ReturnType<typeof createCookie> | null = null;
export function sessionCookie() {
  cookie ??= createCookie("hv_session", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(),
    maxAge: SESSION_LIFETIME_MS / 1000,
    secrets: cookieSecrets(),
  });
  return cookie;
}

export async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const isApi = (request: Request) => new URL(request.url).pathname.startsWith("/api/");
const isMutation = (request: Request) => !["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase());

function bearerToken(request: Request): string | null {
  const auth = request.headers.get("Authorization");
  return auth && /^Bearer /i.test(auth) ? auth.slice(7).trim() : null;
}

/** The signed-in user of a page request (session cookie only: tokens do not open pages). */
export async function getViewer(request: Request): Promise<Viewer | null> {
  const token = await sessionToken(request);
  return token ? viewerForSession(getDb(), token) : null;
}

/** A mutation must come from a page of this site: its Origin must be ours. */
export function originIsOurs(request: Request): boolean {
  const origin = request.headers.get("Origin");
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}

export function forbidden(request: Request): never {
  if (isApi(request)) throw json({ error: "forbidden" }, { status: 403 });
  throw new Response("Forbidden", { status: 403 });
}

export async function requireViewer(request: Request, permission: Permission): Promise<Viewer> {
  const bearer = bearerToken(request);
  if (bearer !== null) {
    // A token opens the API only; writes need a token created with the write scope. A token
    // is not sent by browsers on their own, so the Origin check does not apply to it.
    if (!isApi(request)) forbidden(request);
    const found = await viewerForApiToken(getDb(), bearer);
    if (!found) throw json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
    if (isMutation(request) && found.scope !== "write")
      throw json({ error: "insufficient_scope" }, { status: 403, headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope"' } });
    if (!can(found.viewer, permission)) forbidden(request);
    return found.viewer;
  }
  if (isMutation(request) && !originIsOurs(request)) forbidden(request);
  const viewer = await getViewer(request);
  if (!viewer) {
    if (isApi(request)) throw json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
    const url = new URL(request.url);
    // A session cookie that no longer signs anyone in: the session expired or was ended.
    const expired = (await sessionToken(request)) !== null ? "&expired=1" : "";
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}${expired}`);
  }
  if (!can(viewer, permission)) forbidden(request);
  return viewer;
}

export function actorOf(viewer: Viewer) {
  return { userId: viewer.userId };
}
