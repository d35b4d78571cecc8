/**
 * Signing in within tests: a real session row and a real signed cookie for a demo account, plus
 * the Origin header every mutation needs. `useSignedIn(ctx, role)` makes it the default for
 * callLoader/postForm in a test file.
 */
import { beforeAll } from "vitest";
import type { DB } from "../../db/connection";
import { DEMO_USERS } from "../../app/models/demo-users";
import { createSession, toViewer } from "../../app/models/user.server";
import { sessionCookie } from "../../app/utils/auth.server";
import type { Role, Viewer } from "../../app/domain/permissions";
import { setDefaultHeaders } from "./http";

export type DemoAccount = "admin" | "manager" | "committee" | "haka" | "spr";

export const EMAIL: Record<DemoAccount, string> = {
  admin: DEMO_USERS.find((u) => u.role === "admin")!.email,
  manager: DEMO_USERS.find((u) => u.role === "manager")!.email,
  committee: DEMO_USERS.find((u) => u.role === "committee")!.email,
  haka: DEMO_USERS.find((u) => u.email.startsWith("haka"))!.email,
  spr: DEMO_USERS.find((u) => u.email.startsWith("spr"))!.email,
};

export const ORIGIN = "http://localhost";

export async function viewerOf(db: DB, account: DemoAccount): Promise<Viewer> {
  const u = await db.selectFrom("app_user").selectAll().where("email", "=", EMAIL[account]).executeTakeFirstOrThrow();
  return toViewer(u);
}

/** Headers of a signed-in browser of this account: session cookie and our Origin. */
export async function headersFor(db: DB, account: DemoAccount): Promise<Record<string, string>> {
  const u = await db.selectFrom("app_user").select("id").where("email", "=", EMAIL[account]).executeTakeFirstOrThrow();
  const token = await createSession(db, u.id);
  const cookie = (await sessionCookie().serialize(token)).split(";")[0]!;
  return { Cookie: cookie, Origin: ORIGIN };
}

/** Every callLoader/postForm of the test file runs as this account unless told otherwise. */
export function useSignedIn(ctx: { db: DB }, account: DemoAccount): { viewer: Viewer; headers: Record<string, string> } {
  const out = {} as { viewer: Viewer; headers: Record<string, string> };
  beforeAll(async () => {
    out.viewer = await viewerOf(ctx.db, account);
    out.headers = await headersFor(ctx.db, account);
    setDefaultHeaders(out.headers);
  });
  return out;
}

export type { Role };

/** A viewer who sees every project (for reading model results directly in tests). */
export const SEES_ALL: Viewer = { userId: 0, name: "test", email: "test@hankevahti.test", role: "manager", organisationId: null };
