/** Every organisation: the city and its units, associations, municipalities, funders. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can } from "~/domain/permissions";
import { listOrganisationsWithUse } from "~/models/organisation.server";
import { getTranslator } from "~/utils/i18n.server";
import { useT } from "~/i18n/react";
import { DataTable } from "~/components/data-table";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "organisation:read");
  const t = await getTranslator(request);
  return json({ canWrite: can(viewer, "organisation:write"), orgs: await listOrganisationsWithUse(getDb()), title: `${t("org.title")} – Hankevahti` });
}

export default function Organisations() {
  const { orgs, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("org.title")}</h1>
        {canWrite ? (
          <Link to="/organisations/new" className="button primary">
            {t("org.new.title")}
          </Link>
        ) : null}
      </div>
      <DataTable
        label={t("org.title")}
        columns={[
          { label: t("org.name") },
          { label: t("org.kind") },
          { label: t("org.businessId") },
          { label: t("org.parent") },
          { label: t("org.projects"), numeric: true },
        ]}
      >
        <tbody>
          {orgs.map((o) => (
            <tr key={o.id}>
              <th scope="row">{canWrite ? <Link to={`/organisations/${o.id}`}>{o.name}</Link> : o.name}</th>
              <td>{t(`orgKind.${o.kind}`)}</td>
              <td>{o.business_id ?? "–"}</td>
              <td>{o.parent_name ?? "–"}</td>
              <td className="num">
                {(o.project_count ?? 0) > 0 ? (
                  <Link to={`/?org=${o.id}`} aria-label={t("org.projectsLink", { name: o.name, count: o.project_count ?? 0 })}>
                    {o.project_count}
                  </Link>
                ) : null}
                {(o.project_count ?? 0) > 0 ? (
                  <span className="sub">
                    <Link to={`/deadlines?org=${o.id}`} aria-label={t("org.deadlinesLink", { name: o.name })}>
                      {t("nav.deadlines")}
                    </Link>
                  </span>
                ) : (
                  0
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
