/** Editing an organisation. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getOrganisation, listOrganisations, updateOrganisation } from "~/models/organisation.server";
import { organisationSchema } from "~/schemas/organisation";
import { HvFormShell, useHvForm } from "~/components/form";
import { OrganisationFields } from "~/components/organisation-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("org.edit.title", { name: data.org.name }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireViewer(request, "organisation:write");
  const id = requireId(params.organisationId);
  const db = getDb();
  const org = await getOrganisation(db, id);
  if (!org) notFound();
  const orgs = await listOrganisations(db);
  return json({
    org,
    values: {
      name: org.name,
      shortName: org.short_name,
      kind: org.kind,
      businessId: org.business_id ?? "",
      parentId: org.parent_id === null ? "" : String(org.parent_id),
      revision: String(org.revision),
    },
    parents: orgs.filter((o) => o.kind === "city" && o.id !== id).map((o) => ({ id: o.id, name: o.name })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "organisation:write");
  const id = requireId(params.organisationId);
  if (!(await getOrganisation(getDb(), id))) notFound();
  const parsed = await parseForm(request, organisationSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateOrganisation(getDb(), actorOf(viewer), id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash("/organisations", { key: "org.saved" });
}

export default function EditOrganisation() {
  const { org, values, parents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: organisationSchema, values, actionData });
  return (
    <>
      <h1>{t("org.edit.title", { name: org.name })}</h1>
      <HvFormShell form={form} cancelTo="/organisations">
        <input type="hidden" name="revision" value={values.revision} />
        <OrganisationFields parents={parents} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
