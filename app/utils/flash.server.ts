/**
 * The message a write leaves for the page it redirects to ("Päätös kirjattu."): a signed,
 * short-lived cookie that the root loader reads once and clears. Parameters are plain strings
 * and numbers, formatted by the action.
 */
import { createCookie, redirect } from "@remix-run/node";
import type { MessageKey } from "~/i18n";
import { cookieSecrets, cookieSecure } from "./auth.server";

export interface Flash {
  key: MessageKey;
  params?: Record<string, string | number>;
}

let cookie: ReturnType<typeof createCookie> | null = null;
function flashCookie() {
  cookie ??= createCookie("hv_flash", { path: "/", httpOnly: true, sameSite: "lax", secure: cookieSecure(), maxAge: 60, secrets: cookieSecrets() });
  return cookie;
}

/** A redirect to `url` that shows `flash` there. */
export async function redirectWithFlash(url: string, flash: Flash, headers: HeadersInit = {}): Promise<Response> {
  const h = new Headers(headers);
  h.append("Set-Cookie", await flashCookie().serialize(flash));
  return redirect(url, { headers: h });
}

/** The flash waiting for this request (if any), and the header that clears it. */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const value = (await flashCookie().parse(request.headers.get("Cookie"))) as unknown;
  if (!value || typeof value !== "object" || typeof (value as Flash).key !== "string") return { flash: null, clear: null };
  return { flash: value as Flash, clear: await flashCookie().serialize("", { maxAge: 0 }) };
}
