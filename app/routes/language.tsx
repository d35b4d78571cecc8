/** The language switch: a plain form post that sets the cookie and returns to the same page. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLang, langCookie } from "~/utils/i18n.server";
import { forbidden, originIsOurs } from "~/utils/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  if (!originIsOurs(request)) forbidden(request);
  const form = await request.formData();
  const lang = form.get("lang");
  const to = String(form.get("redirectTo") ?? "/");
  const safe = to.startsWith("/") && !to.startsWith("//") ? to : "/";
  if (!isLang(lang)) return redirect(safe);
  return redirect(safe, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}

export async function loader() {
  return redirect("/");
}
