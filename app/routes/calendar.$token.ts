/**
 * GET /calendar/<token>.ics: a user's iCalendar feed of deadlines (app/models/calendar.server.ts),
 * for calendar programs that subscribe to it. No session: the secret token is the key. A wrong,
 * malformed or revoked token, or an inactive user, gets the same plain 404 by the same path
 * (one hash, one lookup), so the answer tells nothing about which users exist.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { todayInHelsinki } from "~/utils/clock.server";
import { feedForToken } from "~/models/calendar.server";

const SUFFIX = ".ics";

function notFound(): Response {
  return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const param = params.token ?? "";
  // A token without the suffix is looked up too (as an impossible value), so it takes the same path.
  const token = param.endsWith(SUFFIX) ? param.slice(0, -SUFFIX.length) : `\u0000${param}`;
  const text = await feedForToken(getDb(), token, todayInHelsinki(), { baseUrl: new URL(request.url).origin });
  if (text === null) return notFound();
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, max-age=300",
      "Content-Disposition": 'inline; filename="hankevahti.ics"',
    },
  });
}
