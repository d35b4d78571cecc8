/** Signing in. Wrong password and unknown e-mail get the same answer; attempts are rate-limited. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { forbidden, getViewer, originIsOurs, sessionCookie } from "~/utils/auth.server";
import { parseForm } from "~/utils/http.server";
import { createSession, verifyLogin } from "~/models/user.server";
import { loginSchema } from "~/schemas/auth";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/seed/demo-users";
import { ErrorSummary, HvFormProvider, SubmitButton, TextField, useHvForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hankevahti" }];

export function safeRedirect(to: unknown, fallback = "/"): string {
  return typeof to === "string" && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\") ? to : fallback;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  if (await getViewer(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  const demo = getEnv().APP_MODE === "demo";
  return json({
    title: `${t("auth.login.title")} – Hankevahti`,
    demo: demo ? { password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role, name: u.name })) } : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!originIsOurs(request)) forbidden(request);
  const parsed = await parseForm(request, loginSchema);
  if (!parsed.ok) return parsed.response;
  const db = getDb();
  const result = await verifyLogin(db, parsed.data.email, parsed.data.password, context?.clientIp ?? "unknown");
  if (!result.ok) {
    const key = result.reason === "rateLimited" ? "auth.login.rateLimited" : "auth.login.failed";
    return json({ ok: false as const, errors: { _form: key }, values: { email: parsed.data.email } }, { status: result.reason === "rateLimited" ? 429 : 400 });
  }
  const token = await createSession(db, result.user.id);
  return redirect(safeRedirect(parsed.values.redirectTo), { headers: { "Set-Cookie": await sessionCookie().serialize(token) } });
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const form = useHvForm({ schema: loginSchema, values: {}, actionData });
  const formError = actionData && "errors" in actionData ? actionData.errors._form : undefined;
  return (
    <section className="login">
      <h1>{t("auth.login.title")}</h1>
      <p>{t("auth.login.intro")}</p>
      <HvFormProvider form={form}>
        <Form method="post" className="hv-form narrow" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
          {!formError && params.get("expired") === "1" ? (
            <p className="note" role="status">
              {t("auth.expired")}
            </p>
          ) : null}
          {formError ? (
            <div className="error-summary" role="alert">
              {t(formError === "auth.login.rateLimited" ? "auth.login.rateLimited" : "auth.login.failed")}
            </div>
          ) : (
            <ErrorSummary />
          )}
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextField name="email" label={t("auth.email")} type="email" autoComplete="username" required />
          <TextField name="password" label={t("auth.password")} type="password" autoComplete="current-password" required />
          <div className="form-actions">
            <SubmitButton>{t("auth.login.submit")}</SubmitButton>
          </div>
        </Form>
      </HvFormProvider>
      {demo ? (
        <aside className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t("auth.demo.title")}</h2>
          <p>
            {t("auth.demo.body")} <code>{demo.password}</code>
          </p>
          <ul>
            {demo.users.map((u) => (
              <li key={u.email}>
                <code>{u.email}</code> – {t(`role.${u.role}`)} ({u.name})
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </section>
  );
}
