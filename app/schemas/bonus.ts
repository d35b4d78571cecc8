/**
 * The forms of employment bonus claims: the association's claim and answer, the manager's review
 * and payment, the year's budget. The rules are the domain's (app/domain/bonus.ts); the browser
 * checks with them before posting and the server again (with its own "today" in Helsinki).
 */
import { defineForm, flag, str, type FieldParser, type Path } from "./form";
import { CLAIM_KINDS, REVIEW_DECISIONS, STUDY_SUPPORTS, checkClaim, looksLikeHetu, referenceProblem, type ClaimIssue } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import type { MessageKey } from "~/i18n";

/** The message of each rule a claim breaks, at its field. */
export const CLAIM_ISSUE_KEYS: Record<`${ClaimIssue["field"]}:${ClaimIssue["problem"]}`, MessageKey> = {
  "startDate:future": "bonus.error.startInFuture",
  "startDate:invalid": "error.day.invalid",
  "employmentCondition:required": "bonus.error.employmentCondition",
  "studySupport:required": "error.required",
  "studySupport:unemploymentBenefit": "bonus.error.unemploymentBenefit",
} as Record<`${ClaimIssue["field"]}:${ClaimIssue["problem"]}`, MessageKey>;

export const claimIssueKey = (i: ClaimIssue): MessageKey => CLAIM_ISSUE_KEYS[`${i.field}:${i.problem}` as keyof typeof CLAIM_ISSUE_KEYS];

/** Free text of a claim: at most `max` characters and no personal identity code. */
function claimText(f: FieldParser, path: Path, value: string | undefined, opts: { required?: boolean; max: number }): string {
  const s = f.text(path, value, opts);
  if (s !== "" && looksLikeHetu(s)) f.issue(path, "bonus.error.text.hetu");
  return s;
}

const REFERENCE_KEYS = {
  required: "error.required",
  tooLong: "error.tooLong",
  characters: "bonus.error.reference.characters",
  hetu: "bonus.error.reference.hetu",
  name: "bonus.error.reference.name",
} as const satisfies Record<NonNullable<ReturnType<typeof referenceProblem>>, MessageKey>;

export const claimShape = {
  organisationId: str(),
  projectId: str(),
  reference: str(),
  kind: str(),
  startDate: str(),
  employmentCondition: flag(),
  studySupport: str(),
  note: str(),
};

export const claimSchema = defineForm(claimShape, (raw, f) => {
  const reference = (raw.reference ?? "").trim();
  const problem = referenceProblem(reference);
  if (problem) f.issue(["reference"], REFERENCE_KEYS[problem], problem === "tooLong" ? { max: 40 } : undefined);
  const kind = f.choice(["kind"], raw.kind, CLAIM_KINDS);
  const startDate = f.day(["startDate"], raw.startDate, { required: true });
  const employmentCondition = f.checkbox(raw.employmentCondition);
  const studySupport = kind === "studies" ? f.choice(["studySupport"], raw.studySupport, STUDY_SUPPORTS, { required: false }) : null;
  if (kind && startDate)
    for (const issue of checkClaim({ kind, startDate, employmentCondition, studySupport }, todayInHelsinki())) f.issue([issue.field], claimIssueKey(issue));
  return {
    organisationId: f.id(["organisationId"], raw.organisationId),
    projectId: f.id(["projectId"], raw.projectId),
    reference,
    kind: kind ?? "work",
    startDate: startDate ?? "",
    employmentCondition,
    studySupport,
    note: claimText(f, ["note"], raw.note, { max: 2000 }),
  };
});
export type ClaimForm = NonNullable<ReturnType<typeof claimSchema.parse>>;

export const claimReviewSchema = defineForm({ decision: str(), message: str(), revision: str(), intent: str() }, (raw, f) => {
  const decision = f.choice(["decision"], raw.decision, REVIEW_DECISIONS);
  const message = claimText(f, ["message"], raw.message, { max: 2000 });
  if (decision && decision !== "approve" && message === "") f.issue(["message"], "bonus.error.messageRequired");
  return { decision: decision ?? "approve", message };
});

export const claimPaidSchema = defineForm({ paidOn: str(), revision: str(), intent: str() }, (raw, f) => ({
  paidOn: f.day(["paidOn"], raw.paidOn, { required: true }) ?? "",
}));

/** The answer's text; whether a file came with it is the server's to see (the file is not a form value). */
export const claimAnswerSchema = defineForm({ message: str(), revision: str(), intent: str() }, (raw, f) => ({
  message: claimText(f, ["message"], raw.message, { max: 2000 }),
}));

export const bonusYearSchema = defineForm({ year: str(), budget: str(), monthlySaving: str(), revision: str(), intent: str() }, (raw, f) => ({
  year: f.year(["year"], raw.year, { required: true }) ?? 0,
  budgetCents: f.money(["budget"], raw.budget, { required: true }) ?? 0,
  monthlySavingCents: f.money(["monthlySaving"], raw.monthlySaving),
}));
