/**
 * The signed-in user's own account: who they are, changing their password, and their secret
 * calendar feed address (create or replace it, shown once; remove it). The form posts are told
 * apart by `intent`; a post without one is the password change.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer, sessionToken } from "~/utils/auth.server";
import { parseForm, badRequest, clientIpOf } from "~/utils/http.server";
import { todayInHelsinki } from "~/utils/clock.server";
import { encodeError } from "~/schemas/field-errors";
import { changePassword } from "~/models/user.server";
import { calendarFeedExists, createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from "~/models/calendar.server";
import { passwordSchema } from "~/schemas/auth";
import { HvFormShell, TextField, useHvForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("auth.account.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const feed = await getCalendarFeed(getDb(), viewer.userId);
  return json({
    name: viewer.name,
    email: viewer.email,
    role: viewer.role,
    calendarCreatedDay: feed ? todayInHelsinki(new Date(feed.createdAt)) : null,
  });
}

/** A refused attempt's Retry-After reaches the browser on a plain form post too (not only with JavaScript). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

/** What a calendar post did; `feedUrl` only right after creating (it is not stored). */
type CalendarDone = { ok: true; calendar: "created" | "regenerated" | "revoked" | "revokedNone"; feedUrl?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const db = getDb();
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "calendar-create") {
    const existed = await calendarFeedExists(db, viewer.userId);
    const token = await createCalendarFeed(db, viewer.userId);
    const feedUrl = `${new URL(request.url).origin}/calendar/${token}.ics`;
    return json<CalendarDone>({ ok: true, calendar: existed ? "regenerated" : "created", feedUrl });
  }
  if (intent === "calendar-revoke") {
    const removed = await revokeCalendarFeed(db, viewer.userId);
    return json<CalendarDone>({ ok: true, calendar: removed ? "revoked" : "revokedNone" });
  }
  const parsed = await parseForm(request, passwordSchema);
  if (!parsed.ok) return parsed.response;
  const result = await changePassword(db, viewer.userId, parsed.data.current, parsed.data.next, await sessionToken(request), clientIpOf(context));
  if (!result.ok && result.reason === "rateLimited") {
    const errors = { currentPassword: encodeError("auth.password.rateLimited", { minutes: Math.ceil(result.retryAfterSeconds / 60) }) };
    return json({ ok: false as const, errors, values: {} }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  if (!result.ok) return badRequest({ currentPassword: "auth.password.wrong" }, {});
  return json({ ok: true as const });
}

export default function Account() {
  const { name, email, role, calendarCreatedDay } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const calendarDone = actionData && "calendar" in actionData ? (actionData as CalendarDone) : null;
  const passwordData = calendarDone ? undefined : actionData;
  const form = useHvForm({ schema: passwordSchema, values: {}, actionData: passwordData });
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
      {passwordData && "ok" in passwordData && passwordData.ok ? (
        <p className="flash" role="status">
          {t("auth.password.changed")}
        </p>
      ) : null}
      <HvFormShell form={form} narrow>
        <TextField name="currentPassword" label={t("auth.currentPassword")} type="password" autoComplete="current-password" required />
        <TextField name="newPassword" label={t("auth.newPassword")} hint={t("auth.newPassword.hint")} type="password" autoComplete="new-password" required />
      </HvFormShell>

      <h2 id="calendar">{t("calendar.title")}</h2>
      {calendarDone ? (
        <div className="flash" role="status">
          <p>{t(`calendar.${calendarDone.calendar}`)}</p>
          {calendarDone.feedUrl ? (
            <>
              <p>
                {t("calendar.url")}: <code className="token">{calendarDone.feedUrl}</code>
              </p>
              <p>{t("calendar.regenerateNote")}</p>
            </>
          ) : null}
        </div>
      ) : null}
      <p>{t("calendar.intro")}</p>
      <p>{calendarCreatedDay ? t("calendar.exists", { createdDay: calendarCreatedDay }) : t("calendar.none")}</p>
      <p>{t("calendar.howTo")}</p>
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value="calendar-create" />
          <button type="submit">{calendarCreatedDay ? t("calendar.regenerate") : t("calendar.create")}</button>
        </Form>
        {calendarCreatedDay ? (
          <Form method="post">
            <input type="hidden" name="intent" value="calendar-revoke" />
            <button type="submit" className="danger">
              {t("calendar.revoke")}
            </button>
          </Form>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
