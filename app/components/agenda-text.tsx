/**
 * An agenda item in the agenda's own form: §, title, case number, preparers with their contact
 * details, the background, and the proposal with its presenter. `public`: the version for
 * everyone (Kuntalaki § 140): no phone numbers or e-mail addresses, no text the manager marked
 * not public (between ⟦ and ⟧).
 */
import { useT } from "~/i18n/react";
import { formatDay } from "~/domain/days";

export interface AgendaTextItem {
  section: number;
  title: string;
  caseNumber: string;
  preparers: { name: string; title: string; email: string; phone: string }[];
  presenter: string;
  background: string;
  proposal: string;
}

/** The text without the parts marked not public (an unclosed ⟦ hides the rest). */
export function publicText(text: string): string {
  return text.replace(/⟦[\s\S]*?(⟧|$)/g, "").replace(/\n{3,}/g, "\n\n");
}

/** The text as written, with the marks of its non-public parts removed. */
const shownText = (text: string) => text.replace(/[⟦⟧]/g, "");

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i} className="pre-wrap">
            {p}
          </p>
        ))}
    </>
  );
}

export function AgendaText({ item, isPublic = false, withSection = false }: { item: AgendaTextItem; isPublic?: boolean; withSection?: boolean }) {
  const t = useT();
  const text = isPublic ? publicText : shownText;
  return (
    <div className="agenda-text">
      {withSection ? <h2 className="agenda-section">§ {item.section}</h2> : null}
      {withSection ? <h3 className="agenda-title">{item.title}</h3> : null}
      {item.caseNumber ? <p className="agenda-case">{item.caseNumber}</p> : null}
      {item.preparers.length > 0 ? (
        <div className="agenda-preparers">
          <p>{t("item.preparers")}:</p>
          {item.preparers.map((p, i) => (
            <p key={i}>{[p.name, p.title, ...(isPublic ? [] : [p.email, p.phone])].filter(Boolean).join(", ")}</p>
          ))}
        </div>
      ) : null}
      <Paragraphs text={text(item.background)} />
      <h4 className="agenda-proposal">{t("item.proposal")}</h4>
      {item.presenter ? (
        <p>
          {t("item.presenter")}: {item.presenter}
        </p>
      ) : null}
      <Paragraphs text={text(item.proposal)} />
    </div>
  );
}

/** When and where a meeting is held and who takes part, as the agenda's head writes it. */
export function MeetingFacts({ date, time, place, members }: { date: string; time: string; place: string; members: { name: string; role: string }[] }) {
  const t = useT();
  return (
    <dl className="facts">
      <dt>{t("meetings.col.date")}</dt>
      <dd>
        {formatDay(date)} klo {time}
      </dd>
      <dt>{t("meeting.place")}</dt>
      <dd>{place || "–"}</dd>
      <dt>{t("meeting.members")}</dt>
      <dd>
        {members.map((p, i) => (
          <div key={i}>
            {p.name}
            {p.role ? `, ${p.role}` : ""}
          </div>
        ))}
      </dd>
    </dl>
  );
}
