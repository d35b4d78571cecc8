/** The user's language: a cookie set by the language switch; Finnish when there is none. */
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { catalogues, DEFAULT_LANG, isLang, translator, type Lang } from "~/i18n";

export { isLang };

/** The messages of one language (the server's render, and /i18n/LANG for the browser). */
export function messagesFor(lang: Lang): Record<string, string> {
  return catalogues[lang];
}

let version: string | undefined;
/** A hash of both catalogues' text: the browser's cached copy is good while it stays the same. */
export function messagesVersion(): string {
  version ??= crypto.createHash("sha256").update(JSON.stringify(catalogues)).digest("hex").slice(0, 12);
  return version;
}

export const langCookie = createCookie("hv_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export async function getLang(request: Request): Promise<Lang> {
  const url = new URL(request.url);
  const q = url.searchParams.get("lang");
  if (isLang(q)) return q;
  const value = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : DEFAULT_LANG;
}

export async function getTranslator(request: Request) {
  return translator(await getLang(request));
}
