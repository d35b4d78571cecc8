/** The reviewer's comments on a report's section, shown beside it (in the form and in the view). */
import { useT } from "~/i18n/react";
import { formatInstant } from "~/domain/days";
import type { ReportSection } from "~/domain/report";

export interface CommentView {
  id: number;
  round: number;
  section: ReportSection;
  body: string;
  created_at: string;
  author: string | null;
}

/** The reviewer's comments on one section (of the latest round that has any). */
export function SectionComments({ comments, section }: { comments: CommentView[]; section: ReportSection }) {
  const t = useT();
  const mine = comments.filter((c) => c.section === section);
  if (mine.length === 0) return null;
  const latest = Math.max(...mine.map((c) => c.round));
  return (
    <div className="review-comment" role="note" aria-label={t("report.comments.title")}>
      {mine
        .filter((c) => c.round === latest)
        .map((c) => (
          <p key={c.id}>
            <strong>{t("report.comments.title")}</strong> ({t("report.comments.by", { name: c.author ?? "–", at: formatInstant(c.created_at) })}): {c.body}
          </p>
        ))}
    </div>
  );
}
