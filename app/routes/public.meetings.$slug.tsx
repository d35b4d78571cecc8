/**
 * The public agenda and, once published, the minutes of a meeting (Kuntalaki § 140), readable
 * without signing in at a stable address: no preparers' phone numbers or e-mail addresses, and no
 * text the manager marked not public (between ⟦ and ⟧).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { preparersOf, publicMeeting } from "~/models/agenda.server";
import { formatDay, formatInstant } from "~/domain/days";
import { AgendaText, MeetingFacts, publicText } from "~/components/agenda-text";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>(
  (data, t) => `${t(data.minutes ? "public.minutes" : "public.agenda")}: ${t("public.title", { body: data.body, day: formatDay(data.date) })}`,
);

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  if (!/^[0-9A-Za-z_-]{1,80}$/.test(slug)) notFound();
  const m = await publicMeeting(getDb(), slug);
  if (!m) notFound();
  const minutes = m.minutes_published_at !== null;
  // Only what the public may read leaves the server: no contact details, no text marked not public.
  return json(
    {
      body: m.body,
      date: m.meeting_date,
      time: m.start_time,
      place: m.place,
      members: m.members,
      minutes,
      publishedAt: minutes ? m.minutes_published_at! : m.agenda_published_at!,
      items: m.items.map((i) => ({
        id: i.id,
        section: i.section,
        title: i.title,
        caseNumber: i.case_number,
        preparers: preparersOf(i.preparers).map((p) => ({ name: p.name, title: p.title, email: "", phone: "" })),
        presenter: i.presenter,
        background: publicText(i.background),
        proposal: publicText(i.proposal),
        decision: minutes && i.decision ? { kind: i.decision, text: publicText(i.decision_text) } : null,
      })),
    },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}

export default function PublicMeeting() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="agenda-print public">
      <p className="eyebrow">{t(d.minutes ? "public.minutes" : "public.agenda")}</p>
      <h1>{t("public.title", { body: d.body, day: formatDay(d.date) })}</h1>
      <MeetingFacts date={d.date} time={d.time} place={d.place} members={d.members} />
      <p className="muted">{t(d.minutes ? "publish.minutesPublished" : "publish.published", { at: formatInstant(d.publishedAt) }).replace(/:$/, ".")}</p>
      {d.items.map((i) => (
        <section key={i.id} className="agenda-page" aria-label={`§ ${i.section}`}>
          <AgendaText item={i} isPublic withSection />
          {i.decision ? (
            <>
              <h4 className="agenda-proposal">{t("public.decision")}</h4>
              <p>
                <strong>{t(`decision.${i.decision.kind}` as "decision.noted")}</strong>
              </p>
              <p className="pre-wrap">{i.decision.text}</p>
            </>
          ) : null}
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
