/** The manager's review of a report, and the refund's claim and payment (app/schemas/report.ts is the report itself). */
import { defineForm, str } from "./form";
import { REPORT_SECTIONS, type ReportSection } from "~/domain/report";

/** The review: accept, or return with a comment on at least one section. */
export const reviewShape = {
  decision: str(),
  revision: str(),
  ...(Object.fromEntries(REPORT_SECTIONS.map((s) => [`comment_${s}`, str()])) as Record<`comment_${ReportSection}`, ReturnType<typeof str>>),
};

export const reviewSchema = defineForm(reviewShape, (raw, f) => {
  const decision = f.choice(["decision"], raw.decision, ["accept", "return"] as const);
  const comments: { section: ReportSection; body: string }[] = [];
  for (const s of REPORT_SECTIONS) {
    const body = f.text([`comment_${s}`], (raw as Record<string, string | undefined>)[`comment_${s}`], { max: 4000 });
    if (body) comments.push({ section: s, body });
  }
  if (decision === "return" && comments.length === 0) f.issue(["comment_general"], "report.error.returnNeedsComment");
  return { decision: decision ?? "accept", comments };
});
export type ReviewInput = NonNullable<ReturnType<typeof reviewSchema.parse>>;

/** Confirming a refund claim: the claim date and an optional note. */
export const refundClaimSchema = defineForm({ claimedOn: str(), note: str(), intent: str() }, (raw, f) => ({
  claimedOn: f.day(["claimedOn"], raw.claimedOn, { required: true }) ?? "",
  note: f.text(["note"], raw.note, { max: 2000 }),
}));

/** Marking a claimed refund paid. */
export const refundPaidSchema = defineForm({ paidOn: str(), revision: str(), intent: str() }, (raw, f) => ({
  paidOn: f.day(["paidOn"], raw.paidOn, { required: true }) ?? "",
}));
