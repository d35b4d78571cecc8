/** The whole agenda as the municipality prints it: body, day, place, participants, and every item in its form. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getMeeting, getItem, meetingItems, preparersOf } from "~/models/agenda.server";
import { formatDay } from "~/domain/days";
import { AgendaText, MeetingFacts } from "~/components/agenda-text";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => `${t("item.print")}: ${data.meeting.body} ${formatDay(data.meeting.meeting_date)}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const meeting = await getMeeting(db, requireId(params.meetingId));
  if (!meeting) notFound();
  const rows = await meetingItems(db, viewer, meeting.id);
  const items = [];
  for (const r of rows) {
    const i = await getItem(db, viewer, r.id);
    if (i)
      items.push({
        id: i.id,
        section: i.section,
        title: i.title,
        caseNumber: i.case_number,
        preparers: preparersOf(i.preparers),
        presenter: i.presenter,
        background: i.background,
        proposal: i.proposal,
        status: i.status,
      });
  }
  return json({ meeting, items });
}

export default function PrintAgenda() {
  const { meeting: m, items } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="agenda-print">
      <p className="no-print">
        <Link to={`/meetings/${m.id}`}>{t("meetings.title")}</Link>
      </p>
      <h1>{m.body}</h1>
      <MeetingFacts date={m.meeting_date} time={m.start_time} place={m.place} members={m.members} />
      <h2>{t("meeting.items")}</h2>
      <ul className="plain">
        {items.map((i) => (
          <li key={i.id}>
            § {i.section} {i.title}
          </li>
        ))}
      </ul>
      {items.map((i) => (
        <section key={i.id} className="agenda-page">
          <AgendaText item={i} withSection />
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
