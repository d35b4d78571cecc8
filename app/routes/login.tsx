/** Signing in. Wrong password and unknown e-mail get the same answer; attempts are rate-limited. */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { forbidden, getViewer, originIsOurs, sessionCookie } from "~/utils/auth.server";
import { clientIpOf, parseForm } from "~/utils/http.server";
import { decodeError, encodeError } from "~/schemas/field-errors";
import { createSession, demoUsersExist, verifyLogin } from "~/models/user.server";
import { loginSchema } from "~/schemas/auth";
import { DEMO_PASSWORD, DEMO_USERS } from "~/models/demo-users";
import { ErrorSummary, HvFormProvider, SubmitButton, TextField, useHvForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { getTranslator } from "~/utils/i18n.server";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

const SITE = "http://hankevahti.invalid";

/**
 * Where to go after signing in: only a path of this site. The value is parsed as a browser
 * would (against our own origin, tabs and backslashes included) and refused unless it stays on
 * that origin; what is returned is the parsed path, so the Location header is what was checked.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  try {
    const url = new URL(to, SITE);
    if (url.origin !== SITE || url.username || url.password) return fallback;
    const path = url.pathname + url.search + url.hash;
    return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  if (await getViewer(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  const demo = getEnv().APP_MODE === "demo" && (await demoUsersExist(getDb()));
  return json({
    title: `${t("auth.login.title")} – Hankevahti`,
    demo: demo ? { password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role, name: u.name })) } : null,
  });
}

/** A refused attempt's Retry-After reaches the browser on a plain form post too (not only with JavaScript). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function action({ request, context }: ActionFunctionArgs) {
  if (!originIsOurs(request)) forbidden(request);
  const parsed = await parseForm(request, loginSchema);
  if (!parsed.ok) return parsed.response;
  const db = getDb();
  const result = await verifyLogin(db, parsed.data.email, parsed.data.password, clientIpOf(context));
  if (!result.ok) {
    const values = { email: parsed.data.email };
    if (result.reason === "rateLimited") {
      const error = encodeError("auth.login.rateLimited", { minutes: Math.ceil(result.retryAfterSeconds / 60) });
      return json({ ok: false as const, errors: { _form: error }, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
    }
    return json({ ok: false as const, errors: { _form: "auth.login.failed" }, values }, { status: 400 });
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
              {decodeError(formError).key === "auth.login.rateLimited"
                ? t("auth.login.rateLimited", { minutes: Number(decodeError(formError).params?.minutes ?? 1) })
                : t("auth.login.failed")}
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
