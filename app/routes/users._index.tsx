/** Accounts (administrators only): the list (each links to its page: state, sessions, tokens), and a new account. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { badRequest, parseForm, redirectWithFlash } from "~/utils/http.server";
import { createUser, listUsers } from "~/models/user.server";
import { listOrganisations } from "~/models/organisation.server";
import { isUniqueViolation } from "~/models/errors.server";
import { userSchema } from "~/schemas/user";
import { ROLES } from "~/domain/permissions";
import { HvFormShell, SelectField, TextField, useHvForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { getTranslator } from "~/utils/i18n.server";
import { DataTable } from "~/components/data-table";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "user:manage");
  const db = getDb();
  const orgs = await listOrganisations(db);
  const t = await getTranslator(request);
  return json({
    title: `${t("users.title")} – Hankevahti`,
    users: await listUsers(db),
    organisations: orgs
      .filter((o) => o.kind === "association" || o.kind === "municipality" || o.kind === "other" || o.kind === "company")
      .map((o) => ({ id: o.id, name: o.name })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "user:manage");
  const parsed = await parseForm(request, userSchema);
  if (!parsed.ok) return parsed.response;
  const { password: _p, ...values } = parsed.values;
  const db = getDb();
  if (
    parsed.data.organisationId !== null &&
    !(await db.selectFrom("organisation").select("id").where("id", "=", parsed.data.organisationId).executeTakeFirst())
  ) {
    return badRequest({ organisationId: "error.organisation.unknown" }, values);
  }
  let id: number;
  try {
    id = await createUser(db, actorOf(viewer), parsed.data);
  } catch (e) {
    if (isUniqueViolation(e, "email")) return badRequest({ email: "users.duplicate" }, values);
    throw e;
  }
  return redirectWithFlash(`/users/${id}`, { key: "users.created" });
}

export default function Users() {
  const { users, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: userSchema, values: { role: "" }, actionData });
  return (
    <>
      <h1>{t("users.title")}</h1>
      <DataTable label={t("users.title")} className="users" columns={[{ label: t("users.name") }, { label: t("users.role") }]}>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                <Link to={`/users/${u.id}`}>{u.name}</Link> {u.is_demo ? <span className="badge">{t("users.demo")}</span> : null}{" "}
                {u.active ? null : <span className="badge">{t("users.state.inactive")}</span>}
                <span className="sub">{u.email}</span>
              </th>
              <td>
                {t(`role.${u.role}`)}
                {u.organisation_name ? <span className="sub">{u.organisation_name}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <h2>{t("users.new")}</h2>
      <HvFormShell form={form} narrow>
        <TextField name="name" label={t("users.name")} required />
        <TextField name="email" label={t("auth.email")} type="email" required />
        <SelectField
          name="role"
          label={t("users.role")}
          required
          emptyLabel={t("common.choose")}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <SelectField
          name="organisationId"
          label={t("users.organisation")}
          hint={t("users.organisationRequired")}
          options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          emptyLabel={t("common.noneSelected")}
        />
        <TextField name="password" label={t("auth.password")} hint={t("auth.newPassword.hint")} type="password" autoComplete="new-password" required />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
