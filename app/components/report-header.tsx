/** The head of every page of one report: project, case number, state, title and what happened to it. */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { formatInstant } from "~/domain/days";
import type { ReportKind, ReportStatus } from "~/domain/report";

export interface ReportHead {
  id: number;
  kind: ReportKind;
  status: ReportStatus;
  projectId: number;
  shortName: string;
  projectName: string;
  caseNumber: string;
  submissionCount: number;
  submittedAt: string | null;
  submittedBy: string | null;
  returnedAt: string | null;
  acceptedAt: string | null;
}

export function reportStatusKey(status: ReportStatus, submissions: number) {
  return status === "submitted" && submissions > 1 ? ("report.status.resubmitted" as const) : (`report.status.${status}` as const);
}

export function ReportHeader({ r, title }: { r: ReportHead; title?: string }) {
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${r.projectId}#reports`}>{r.shortName}</Link> · {r.caseNumber} ·{" "}
        <span className={`badge report-${r.status}`}>{t(reportStatusKey(r.status, r.submissionCount))}</span>
      </p>
      <h1>{title ?? t("report.title", { kind: t(`report.kind.${r.kind}`), name: r.shortName })}</h1>
      <p className="muted">{r.projectName}</p>
      {r.status === "accepted" && r.acceptedAt ? <p className="notice">{t("report.acceptedNote", { at: formatInstant(r.acceptedAt) })}</p> : null}
      {r.status === "returned" && r.returnedAt ? <p className="notice warn">{t("report.returnedNote", { at: formatInstant(r.returnedAt) })}</p> : null}
      {r.submittedAt && r.status !== "draft" ? (
        <p className="muted">{t("report.submittedNote", { at: formatInstant(r.submittedAt), name: r.submittedBy ?? "–" })}</p>
      ) : null}
    </>
  );
}
