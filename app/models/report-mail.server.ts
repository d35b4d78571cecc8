/**
 * The receipt of a submitted report, sent to the person who submitted it through the same mail
 * path as the reminders (app/utils/mail.server.ts): Finnish, then the same in English.
 */
import { translator } from "~/i18n";
import { formatDay, formatInstant } from "~/domain/days";
import type { MailMessage } from "~/utils/mail.server";
import type { ReportKind } from "~/domain/report";

export interface ReceiptInput {
  reportId: number;
  kind: ReportKind;
  shortName: string;
  projectName: string;
  periodStart: string;
  periodEnd: string;
  submittedAt: string;
  to: string;
  name: string;
}

export function receiptMail(r: ReceiptInput, appUrl: string): MailMessage {
  const url = `${appUrl.replace(/\/+$/, "")}/reports/${r.reportId}`;
  const body = (lang: "fi" | "en") => {
    const t = translator(lang);
    return t("report.mail.body", {
      name: r.name,
      kind: t(`report.kind.${r.kind}`),
      shortName: r.shortName,
      projectName: r.projectName,
      period: `${formatDay(r.periodStart)}–${formatDay(r.periodEnd)}`,
      at: formatInstant(r.submittedAt),
      url,
    });
  };
  const fi = translator("fi");
  return {
    to: r.to,
    subject: fi("report.mail.subject", { kind: fi(`report.kind.${r.kind}`), shortName: r.shortName }),
    text: [body("fi"), "", "---", fi("report.mail.inEnglish"), "", body("en"), ""].join("\n"),
  };
}
