/**
 * One account (administrators only): its state, open sessions and API tokens. The administrator
 * can deactivate or reactivate the account, end its sessions, create a token (shown once) and
 * revoke tokens. Every change is in the audit trail.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { badRequest, notFound, parseForm, requireId, requireRevision } from "~/utils/http.server";
import { createApiToken, endSessions, getUser, listApiTokens, revokeApiToken, setUserActive } from "~/models/user.server";
import { tokenSchema, TOKEN_SCOPES } from "~/schemas/token";
import { formDataToObject } from "~/schemas/field-errors";
import { formatInstant } from "~/domain/days";
import { HvFormShell, SelectField, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import type { MessageKey } from "~/i18n";
import { getTranslator } from "~/utils/i18n.server";
import { DataTable } from "~/components/data-table";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "user:manage");
  const id = requireId(params.userId);
  const db = getDb();
  const user = await getUser(db, id);
  if (!user) notFound();
  const t = await getTranslator(request);
  const now = Date.now();
  const tokens = (await listApiTokens(db, id)).map((tk) => ({
    ...tk,
    state: tk.revokedAt ? ("revoked" as const) : tk.expiresAt === null || Date.parse(tk.expiresAt) <= now ? ("expired" as const) : ("live" as const),
  }));
  return json({ title: `${user.name} – ${t("users.title")} – Hankevahti`, user, tokens, isSelf: viewer.userId === id });
}

type Done = { ok: true; done: MessageKey; params?: Record<string, string | number>; token?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "user:manage");
  const id = requireId(params.userId);
  const db = getDb();
  const user = await getUser(db, id);
  if (!user) notFound();
  const actor = actorOf(viewer);
  const form = await request.clone().formData();
  const intent = form.get("_intent");
  if (intent === "token") {
    const parsed = await parseForm(request, tokenSchema);
    if (!parsed.ok) return parsed.response;
    const created = await createApiToken(db, actor, id, parsed.data);
    return json<Done>({
      ok: true,
      done: "tokens.shownOnce",
      params: { name: parsed.data.name, expires: formatInstant(created.expiresAt) },
      token: created.token,
    });
  }
  if (intent === "revoke") {
    const tokenId = requireId(String(form.get("tokenId") ?? ""));
    const token = (await listApiTokens(db, id)).find((tk) => tk.id === tokenId);
    if (!token) notFound();
    await revokeApiToken(db, actor, tokenId, id);
    return json<Done>({ ok: true, done: "tokens.revoked", params: { name: token.name } });
  }
  if (intent === "sessions") {
    const count = await endSessions(db, actor, id);
    return json<Done>({ ok: true, done: "users.sessions.ended", params: { count } });
  }
  if (intent === "deactivate" || intent === "activate") {
    const values = formDataToObject(form.entries());
    const revision = requireRevision(values);
    if (!revision.ok) return revision.response;
    const result = await setUserActive(db, actor, id, intent === "activate", revision.revision);
    if (result === "self") return badRequest({ _form: "users.cannotDeactivateSelf" }, values);
    if (result === "stale") return badRequest({ revision: "error.revision.stale" }, values);
    return json<Done>({ ok: true, done: intent === "activate" ? "users.activated" : "users.deactivated" });
  }
  return badRequest({ _form: "error.form.invalidValue" }, {});
}

export default function UserPage() {
  const { user, tokens, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const done = actionData && "done" in actionData ? actionData : null;
  const tokenFailure = actionData && !("done" in actionData) && "values" in actionData && "name" in (actionData.values ?? {}) ? actionData : undefined;
  const formError =
    actionData && "errors" in actionData
      ? ((actionData.errors as Record<string, string>)._form ?? (actionData.errors as Record<string, string>).revision)
      : undefined;
  return (
    <>
      <p>
        <Link to="/users">← {t("users.back")}</Link>
      </p>
      <h1>{user.name}</h1>
      {user.is_demo ? (
        <p>
          <span className="badge">{t("users.demo")}</span>
        </p>
      ) : null}
      {done ? (
        <div className="flash" role="status">
          <p>{t(done.done, done.params)}</p>
          {done.token ? (
            <p>
              <code className="token">{done.token}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {formError && !("name" in ((actionData as { values?: object })?.values ?? {})) ? (
        <div className="error-summary" role="alert">
          {t(formError as MessageKey)}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("auth.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("users.role")}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        <dt>{t("users.organisation")}</dt>
        <dd>{user.organisation_name ?? "–"}</dd>
        <dt>{t("users.active")}</dt>
        <dd>{user.active ? t("users.state.active") : t("users.state.inactive")}</dd>
      </dl>

      <h2>{t("users.sessions")}</h2>
      <p>
        {user.sessionCount === 0
          ? t("users.sessions.none")
          : t(user.sessionCount === 1 ? "users.sessions.count.one" : "users.sessions.count", { count: user.sessionCount, at: formatInstant(user.lastSeenAt!) })}
      </p>
      {user.sessions_ended_at ? <p className="hint">{t("users.sessions.endedAt", { at: formatInstant(user.sessions_ended_at) })}</p> : null}
      {user.sessionCount > 0 ? (
        <Form method="post">
          <input type="hidden" name="_intent" value="sessions" />
          <button type="submit">{t("users.sessions.end")}</button>
        </Form>
      ) : null}

      {!isSelf ? (
        <Form method="post" className="danger-zone">
          <input type="hidden" name="_intent" value={user.active ? "deactivate" : "activate"} />
          <input type="hidden" name="revision" value={user.revision} />
          {user.active ? <p className="hint">{t("users.deactivate.hint")}</p> : null}
          <button type="submit" className={user.active ? "danger" : undefined}>
            {user.active ? t("users.deactivate") : t("users.activate")}
          </button>
        </Form>
      ) : null}

      <h2 id="tokens">{t("tokens.title")}</h2>
      <p>{t("tokens.intro")}</p>
      {tokens.length === 0 ? (
        <p>{t("tokens.none")}</p>
      ) : (
        <DataTable label={t("tokens.title")} columns={[{ label: t("tokens.name") }, { label: t("tokens.expires") }, { label: t("tokens.state") }]}>
          <tbody>
            {tokens.map((tk) => (
              <tr key={tk.id}>
                <th scope="row">
                  {tk.name}
                  <span className="sub">
                    {t(`tokens.scope.${tk.scope}`)} · {t("tokens.created")} {formatInstant(tk.createdAt)} · {t("tokens.lastUsed")}{" "}
                    {tk.lastUsedAt ? formatInstant(tk.lastUsedAt) : t("tokens.never")}
                  </span>
                </th>
                <td>{tk.expiresAt ? formatInstant(tk.expiresAt) : "–"}</td>
                <td>
                  {tk.state === "live" ? (
                    <Form method="post">
                      <input type="hidden" name="_intent" value="revoke" />
                      <input type="hidden" name="tokenId" value={tk.id} />
                      {t("tokens.state.live")}{" "}
                      <button type="submit" className="link">
                        {t("tokens.revoke", { name: tk.name })}
                      </button>
                    </Form>
                  ) : tk.state === "revoked" ? (
                    t("tokens.state.revoked", { at: formatInstant(tk.revokedAt!) })
                  ) : (
                    t("tokens.state.expired")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <h3>{t("tokens.new")}</h3>
      {/* A new form (empty fields) after each token created. */}
      <NewTokenForm key={tokens.length} actionData={tokenFailure} />
    </>
  );
}

function NewTokenForm({ actionData }: { actionData: Parameters<typeof useHvForm>[0]["actionData"] }) {
  const t = useT();
  const form = useHvForm({ schema: tokenSchema, values: { scope: "read", days: "90" }, actionData });
  return (
    <HvFormShell form={form} narrow submitLabel={t("tokens.create")}>
      <input type="hidden" name="_intent" value="token" />
      <TextField name="name" label={t("tokens.name")} required />
      <SelectField name="scope" label={t("tokens.scope")} required options={TOKEN_SCOPES.map((s) => ({ value: s, label: t(`tokens.scope.${s}`) }))} />
      <TextField name="days" label={t("tokens.days")} hint={t("tokens.days.hint")} inputMode="numeric" />
    </HvFormShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
