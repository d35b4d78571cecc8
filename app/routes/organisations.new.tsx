/** A new organisation (business ID checked when given). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { parseForm, redirectWithFlash, withInputErrors } from "~/utils/http.server";
import { createOrganisation, listOrganisations } from "~/models/organisation.server";
import { organisationSchema } from "~/schemas/organisation";
import { HvFormShell, useHvForm } from "~/components/form";
import { OrganisationFields } from "~/components/organisation-fields";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("org.new.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "organisation:write");
  const orgs = await listOrganisations(getDb());
  return json({ parents: orgs.filter((o) => o.kind === "city").map((o) => ({ id: o.id, name: o.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "organisation:write");
  const parsed = await parseForm(request, organisationSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createOrganisation(getDb(), actorOf(viewer), parsed.data));
  if (!saved.ok) return saved.response;
  return redirectWithFlash("/organisations", { key: "org.saved" });
}

export default function NewOrganisation() {
  const { parents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: organisationSchema, values: {}, actionData });
  return (
    <>
      <h1>{t("org.new.title")}</h1>
      <HvFormShell form={form} cancelTo="/organisations">
        <OrganisationFields parents={parents} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
