/** Every change request the viewer may see, oldest first: pending, conditional, decided. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { listChangeRequests, type ChangeRequestListRow } from "~/models/change-request.server";
import { formatDay } from "~/domain/days";
import { useT } from "~/i18n/react";
import { TableRegion } from "~/components/table-region";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data) => data.title.replace(/ – Hankevahti$/, ""));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const t = await getTranslator(request);
  return json({ rows: await listChangeRequests(getDb(), viewer), title: `${t("changeRequest.list.title")} – Hankevahti` });
}

function RequestTable({ rows, caption, id }: { rows: ChangeRequestListRow[]; caption: string; id: string }) {
  const t = useT();
  if (rows.length === 0) return null;
  return (
    <TableRegion label={caption}>
      <table className="data" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("changeRequest.receivedOn")}</th>
            <th scope="col">{t("changeRequest.project")}</th>
            <th scope="col">{t("changeRequest.direction")}</th>
            <th scope="col">{t("changeRequest.kinds")}</th>
            <th scope="col">{t("changeRequest.state")}</th>
            <th scope="col">{t("changeRequest.decision")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/change-requests/${r.id}`}>{formatDay(r.receivedOn)}</Link>
              </td>
              <th scope="row">
                <Link to={`/change-requests/${r.id}`}>{r.projectShortName}</Link>
                {r.requestedBy ? <span className="sub">{r.requestedBy}</span> : null}
              </th>
              <td>{t(`direction.${r.direction}`)}</td>
              <td>{r.kinds.map((k) => t(`changeKind.${k}`)).join(", ")}</td>
              <td>
                <span className={`badge outcome-${r.outcome}`}>{t(`outcome.${r.outcome}`)}</span>
              </td>
              <td>{r.decisionDate ? `${r.decisionBody} ${formatDay(r.decisionDate)}${r.decisionSection ? ` § ${r.decisionSection}` : ""}` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export default function ChangeRequests() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  const pending = rows.filter((r) => r.outcome === "pending");
  const conditional = rows.filter((r) => r.outcome === "conditional");
  const decided = rows.filter((r) => r.outcome !== "pending" && r.outcome !== "conditional");
  return (
    <>
      <h1>{t("changeRequest.list.title")}</h1>
      <p className="lead">{t("changeRequest.list.intro")}</p>
      {rows.length === 0 ? <p>{t("changeRequest.list.empty")}</p> : null}
      <RequestTable id="pending-requests" rows={pending} caption={t("changeRequest.list.pending")} />
      <RequestTable id="conditional-requests" rows={conditional} caption={t("changeRequest.list.conditional")} />
      <RequestTable id="decided-requests" rows={decided} caption={t("changeRequest.list.decided")} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
