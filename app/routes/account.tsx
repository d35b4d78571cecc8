/** The signed-in user's own account: who they are, and changing their password. */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer, sessionToken } from "~/utils/auth.server";
import { parseForm, badRequest, clientIpOf } from "~/utils/http.server";
import { encodeError } from "~/schemas/field-errors";
import { changePassword } from "~/models/user.server";
import { passwordSchema } from "~/schemas/auth";
import { HvFormShell, TextField, useHvForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("auth.account.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  return json({ name: viewer.name, email: viewer.email, role: viewer.role });
}

/** A refused attempt's Retry-After reaches the browser on a plain form post too (not only with JavaScript). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const parsed = await parseForm(request, passwordSchema);
  if (!parsed.ok) return parsed.response;
  const result = await changePassword(getDb(), viewer.userId, parsed.data.current, parsed.data.next, await sessionToken(request), clientIpOf(context));
  if (!result.ok && result.reason === "rateLimited") {
    const errors = { currentPassword: encodeError("auth.password.rateLimited", { minutes: Math.ceil(result.retryAfterSeconds / 60) }) };
    return json({ ok: false as const, errors, values: {} }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  if (!result.ok) return badRequest({ currentPassword: "auth.password.wrong" }, {});
  return json({ ok: true as const });
}

export default function Account() {
  const { name, email, role } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: passwordSchema, values: {}, actionData });
  return (
    <>
      <h1>{t("auth.account.title")}</h1>
      <dl className="facts">
        <dt>{t("users.name")}</dt>
        <dd>{name}</dd>
        <dt>{t("auth.email")}</dt>
        <dd>{email}</dd>
        <dt>{t("users.role")}</dt>
        <dd>{t(`role.${role}`)}</dd>
      </dl>
      <h2>{t("auth.newPassword")}</h2>
      {actionData && "ok" in actionData && actionData.ok ? (
        <p className="flash" role="status">
          {t("auth.password.changed")}
        </p>
      ) : null}
      <HvFormShell form={form} narrow>
        <TextField name="currentPassword" label={t("auth.currentPassword")} type="password" autoComplete="current-password" required />
        <TextField name="newPassword" label={t("auth.newPassword")} hint={t("auth.newPassword.hint")} type="password" autoComplete="new-password" required />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
