/** A meeting's agenda: when and where, who takes part, and its items by § with their state. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { can } from "~/domain/permissions";
import { getMeeting, meetingItems } from "~/models/agenda.server";
import { formatDay } from "~/domain/days";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) =>
  t("meeting.title", { body: data.meeting.body, day: formatDay(data.meeting.meeting_date), time: data.meeting.start_time }),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const meeting = await getMeeting(db, requireId(params.meetingId));
  if (!meeting) notFound();
  return json({ meeting, items: await meetingItems(db, viewer, meeting.id), canWrite: can(viewer, "project:write") });
}

export default function MeetingPage() {
  const { meeting: m, items, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to="/meetings">{t("meetings.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("meeting.title", { body: m.body, day: formatDay(m.meeting_date), time: m.start_time })}</h1>
        <div className="actions">
          <Link className="button" to={`/meetings/${m.id}/print`}>
            {t("item.print")}
          </Link>
          {canWrite ? (
            <Link className="button primary" to={`/meetings/${m.id}/items/new`}>
              {t("meeting.addItem")}
            </Link>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <dt>{t("meeting.place")}</dt>
        <dd>{m.place || "–"}</dd>
        <dt>{t("meeting.presenter")}</dt>
        <dd>{m.presenter || "–"}</dd>
        <dt>{t("meeting.members")}</dt>
        <dd>
          {m.members.length === 0 ? (
            t("meeting.members.none")
          ) : (
            <ul className="plain">
              {m.members.map((p, i) => (
                <li key={i}>
                  {p.name}
                  {p.role ? `, ${p.role}` : ""}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h2>{t("meeting.items")}</h2>
      {items.length === 0 ? (
        <p>{t("meeting.items.empty")}</p>
      ) : (
        <DataTable
          label={t("meeting.items")}
          columns={[
            { label: "§" },
            { label: t("item.titleField") },
            { label: t("item.caseNumber") },
            { label: t("item.type") },
            { label: t("report.col.status") },
          ]}
        >
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>§ {i.section}</td>
                <td>
                  <Link to={`/agenda-items/${i.id}`}>{i.title}</Link>
                </td>
                <td className="nowrap">{i.case_number || "–"}</td>
                <td>{t(`item.type.${i.item_type}`)}</td>
                <td>
                  <span className={`badge item-${i.status}`}>{t(`item.status.${i.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
