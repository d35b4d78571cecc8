/** A meeting's agenda: when and where, who takes part, and its items by § with their state. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { can } from "~/domain/permissions";
import { getMeeting, meetingItems, projectCards, publishMeeting } from "~/models/agenda.server";
import { publishSchema } from "~/schemas/agenda";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay, formatInstant } from "~/domain/days";
import { ErrorSummary, HvFormProvider, useHvForm } from "~/components/form";
import { ProjectCards } from "~/components/project-cards";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) =>
  t("meeting.title", { body: data.meeting.body, day: formatDay(data.meeting.meeting_date), time: data.meeting.start_time }),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const db = getDb();
  const meeting = await getMeeting(db, requireId(params.meetingId));
  if (!meeting) notFound();
  const items = await meetingItems(db, viewer, meeting.id);
  return json({
    meeting,
    items,
    canWrite: can(viewer, "project:write"),
    cards: await projectCards(
      db,
      items.flatMap((i) => (i.project_id === null ? [] : [i.project_id])),
      todayInHelsinki(),
    ),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.meetingId);
  const db = getDb();
  if (!(await getMeeting(db, id))) notFound();
  const parsed = await parseForm(request, publishSchema);
  if (!parsed.ok) return parsed.response;
  const done = await withInputErrors(parsed.values, () => publishMeeting(db, actorOf(viewer), id, parsed.data.what));
  if (!done.ok) return done.response;
  if (done.value === null) notFound();
  return redirectWithFlash(`/meetings/${id}`, { key: parsed.data.what === "agenda" ? "publish.agendaDone" : "publish.minutesDone" });
}

export default function MeetingPage() {
  const { meeting: m, items, canWrite, cards } = useLoaderData<typeof loader>();
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
          <a className="button" href={`/meetings/${m.id}/docx`} download>
            {t("meeting.docx")}
          </a>
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
      <ProjectCards cards={cards} />
      <Publication meeting={m} canWrite={canWrite} />
    </>
  );
}

/** Publishing the agenda and then the minutes at the meeting's public address. */
function Publication({
  meeting: m,
  canWrite,
}: {
  meeting: { agenda_published_at: string | null; minutes_published_at: string | null; public_slug: string | null };
  canWrite: boolean;
}) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: publishSchema, values: {}, actionData });
  const publicUrl = m.public_slug ? `/public/meetings/${m.public_slug}` : null;
  if (!canWrite && !(m.agenda_published_at && publicUrl)) return null;
  return (
    <section aria-labelledby="publication" className="card">
      <h2 id="publication">{t("publish.title")}</h2>
      <p className="muted">{t("publish.intro")}</p>
      {m.agenda_published_at && publicUrl ? (
        <p>
          {t("publish.published", { at: formatInstant(m.agenda_published_at) })} <Link to={publicUrl}>{publicUrl}</Link>
          {m.minutes_published_at ? ` · ${t("publish.minutesPublished", { at: formatInstant(m.minutes_published_at) })}` : ""}
        </p>
      ) : null}
      {canWrite && !m.minutes_published_at ? (
        <HvFormProvider form={form}>
          <Form method="post" noValidate onSubmit={form.onSubmit} ref={form.formRef}>
            <ErrorSummary />
            {form.error("publish") ? <p className="field-error">{form.error("publish") ? <PublishError code={form.error("publish")!} /> : null}</p> : null}
            <input type="hidden" name="intent" value={m.agenda_published_at ? "minutes" : "agenda"} />
            <button type="submit" className="primary">
              {m.agenda_published_at ? t("publish.minutes") : t("publish.agenda")}
            </button>
          </Form>
        </HvFormProvider>
      ) : null}
    </section>
  );
}

function PublishError({ code }: { code: string }) {
  const td = useTDynamic();
  const { key, params } = decodeError(code);
  return <>{td(key, params)}</>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
