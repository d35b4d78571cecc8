/** The body's meetings, newest first, a page of 50. Managers create meetings here. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can } from "~/domain/permissions";
import { countMeetings, listMeetings } from "~/models/agenda.server";
import { pageOf } from "~/domain/paging";
import { formatDay } from "~/domain/days";
import { formatInteger } from "~/domain/money";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("meetings.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const url = new URL(request.url);
  const total = await countMeetings(db);
  const page = pageOf(total, Number(url.searchParams.get("page") ?? 1) || 1, 50);
  return json({ meetings: await listMeetings(db, page.size, page.offset), page, canWrite: can(viewer, "project:write") });
}

export default function Meetings() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("meetings.title")}</h1>
        {d.canWrite ? (
          <div className="actions">
            <Link className="button primary" to="/meetings/new">
              {t("meetings.new")}
            </Link>
          </div>
        ) : null}
      </div>
      <p className="muted">{t("meetings.intro")}</p>
      {d.meetings.length === 0 ? (
        <p>{t("meetings.empty")}</p>
      ) : (
        <DataTable
          label={t("meetings.table")}
          columns={[
            { label: t("meetings.col.date") },
            { label: t("meetings.col.body") },
            { label: t("meetings.col.place") },
            { label: t("meetings.col.items"), numeric: true },
          ]}
        >
          <tbody>
            {d.meetings.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/meetings/${m.id}`}>
                    {formatDay(m.meeting_date)} {m.start_time}
                  </Link>
                </td>
                <td>{m.body}</td>
                <td>{m.place || "–"}</td>
                <td className="num">{formatInteger(Number(m.item_count ?? 0))}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pagination page={d.page} label={t("meetings.table")} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
