/** Signing out: a form post that ends the session on the server and clears the cookie. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { forbidden, originIsOurs, sessionCookie, sessionToken } from "~/utils/auth.server";
import { destroySession } from "~/models/user.server";

export async function action({ request }: ActionFunctionArgs) {
  if (!originIsOurs(request)) forbidden(request);
  const token = await sessionToken(request);
  if (token) await destroySession(getDb(), token);
  return redirect("/login", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}

export async function loader() {
  return redirect("/");
}
