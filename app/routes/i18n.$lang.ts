/**
 * GET /i18n/LANG?v=VERSION: the language's message catalogue for the browser (app/i18n/react.tsx).
 * With the current version it may be cached for a year (a new text is a new version); without
 * it, or with an old one, it is revalidated each time. Public: the sign-in page needs it too.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isLang, messagesFor, messagesVersion } from "~/utils/i18n.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = params.lang ?? "";
  if (!isLang(lang)) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const current = new URL(request.url).searchParams.get("v") === messagesVersion();
  return json(messagesFor(lang), { headers: { "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache" } });
}
