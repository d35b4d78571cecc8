/**
 * The ledger's JSON exchange format ("hankevahti-ledger", version 1): written by the export,
 * read by `npm run import`. This file holds the format itself: its zod schemas, the types of the
 * document, the problems' shape and zod's issues as problems. The rules across fields and against
 * the database are in ledger-file-rules.ts. Uses full zod: server and tests only, never import it
 * from browser code.
 */
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { MAX_CENTS } from "~/domain/money";
import { isDay } from "~/domain/days";
import { validateBusinessId } from "~/domain/business-id";
import { CHANGE_KINDS, REQUEST_CONDITION_STATES, REQUEST_DIRECTIONS, REQUEST_STATES } from "~/domain/change-request";
import { CONDITION_STATUSES, COST_KINDS, COST_MODELS, FINANCING_KINDS, ORGANISATION_KINDS, PROJECT_STATUSES } from "~/domain/vocabulary";
import { INDICATOR_KINDS } from "~/domain/indicators";
import { DEADLINE_STATUSES, MAX_DEADLINES, OBLIGATION_KINDS } from "~/domain/obligations";
import { PAYMENT_STATUSES } from "~/schemas/payment";
import { REPORT_KINDS, REPORT_SECTIONS, REPORT_STATUSES } from "~/domain/report";
import { ATTACHMENT_TYPES } from "~/domain/attachment";
import { ITEM_TYPES } from "~/domain/agenda-draft";
import type { RefundBasis } from "~/domain/refund";
import { CLAIM_KINDS, CLAIM_STATUSES, STUDY_SUPPORTS } from "~/domain/bonus";
import type { BonusClaimEventTable } from "../../db/schema";

export const LEDGER_FORMAT = "hankevahti-ledger";
export const LEDGER_FORMAT_VERSION = 1;
export const PLAN_STATES = ["current", "superseded", "proposed", "conditional", "rejected"] as const;

/* ---------- problems and their paths ---------- */

export type PathSegment = string | number;
export type ProblemParams = Record<string, string | number>;

export interface FileProblem {
  /** JSON path in the file, e.g. `projects[1].planVersions[0].commitments[0].years`; `$` is the whole file. */
  path: string;
  key: MessageKey;
  params?: ProblemParams;
}

export function formatPath(path: readonly PathSegment[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s === "" ? p : `.${p}`;
  return s === "" ? "$" : s;
}

/* ---------- the schema ---------- */

/** The message for a missing value is "required"; for a wrong one, `key`. */
const keyOr = (key: MessageKey) => (issue: { input?: unknown }) => (issue.input === undefined ? "error.required" : key);

const cents = z
  .number({ error: keyOr("import.cents") })
  .int({ error: "import.cents" })
  .min(0, { error: "error.money.negative" })
  .max(MAX_CENTS, { error: "error.money.tooLarge" });
const basisPoints = z
  .number({ error: keyOr("import.bp") })
  .int({ error: "import.bp" })
  .min(0, { error: "import.bp" })
  .max(10_000, { error: "import.bp" });
const hundredths = z
  .number({ error: keyOr("import.type.integer") })
  .int({ error: "import.type.integer" })
  .min(0, { error: "error.number.negative" })
  .max(MAX_CENTS);
const year = z
  .number({ error: keyOr("import.year") })
  .int({ error: "import.year" })
  .min(1900, { error: "import.year" })
  .max(2200, { error: "import.year" });
const day = z.string({ error: keyOr("import.day") }).refine((s) => isDay(s), { error: "import.day" });
const instant = z.string({ error: keyOr("import.instant") }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, { error: "import.instant" });
const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1).max(max);
/** A reference to an organisation (see resolveRef). */
const ref = requiredText(200);
const businessId = z.string({ error: keyOr("error.businessId.format") }).transform((s, ctx) => {
  const r = validateBusinessId(s);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.error === "format" ? "error.businessId.format" : "error.businessId.checkDigit" });
    return z.NEVER;
  }
  return r.value;
});

const yearAmount = z.strictObject({ year, amountCents: cents });
const years = z.array(yearAmount).default([]);

export const organisationSchema = z.strictObject({
  ref,
  name: requiredText(200),
  shortName: text(60).default(""),
  kind: z.enum(ORGANISATION_KINDS),
  businessId: businessId.nullable().default(null),
  parent: ref.nullable().default(null),
});

export const costLineSchema = z.strictObject({
  kind: z.enum(COST_KINDS),
  organisation: ref.nullable().default(null),
  label: text(200).default(""),
  amountCents: cents,
  staffHoursCenti: hundredths.nullable().default(null),
  hourlyRateCents: cents.nullable().default(null),
  years,
});

export const financingLineSchema = z.strictObject({
  kind: z.enum(FINANCING_KINDS),
  organisation: ref.nullable().default(null),
  label: text(200).default(""),
  amountCents: cents,
  statedPercentBp: basisPoints.nullable().default(null),
  years,
});

export const implementerSchema = z.strictObject({
  organisation: ref,
  role: z.enum(["lead", "co"]),
  budgetCents: cents.nullable().default(null),
});

export const commitmentSchema = z.strictObject({
  organisation: ref,
  amountCents: cents,
  conditionStatus: z.enum(CONDITION_STATUSES).default("none"),
  conditionText: text(1000).default(""),
  annualBudgetReservation: z.boolean().default(true),
  decisionBody: text(200).default(""),
  decisionDate: day.nullable().default(null),
  decisionSection: text(20).default(""),
  note: text(2000).default(""),
  createdAt: instant.optional(),
  years,
});

const versionFields = {
  versionNumber: z.number().int().min(1),
  state: z.enum(PLAN_STATES),
  start: day,
  end: day,
  totalBudgetCents: cents,
  costModel: z.enum(COST_MODELS),
  flatRateBp: basisPoints.nullable().default(null),
  note: text(2000).default(""),
  createdAt: instant.optional(),
};

const planVersionSchema = z.strictObject({
  ...versionFields,
  costLines: z.array(costLineSchema).default([]),
  financingLines: z.array(financingLineSchema).default([]),
  implementers: z.array(implementerSchema).default([]),
  commitments: z.array(commitmentSchema).default([]),
});

/**
 * A change request of the project. The plan versions it concerns are named by their
 * `versionNumber` in the same project: the version it was made against and the version it
 * proposes (which the file holds too, in the state its request gives it).
 */
const cityYearSchema = z.strictObject({
  year: z.number().int().min(1900).max(2200),
  confirmedCents: z.number().int().min(0),
  conditionalCents: z.number().int().min(0),
});

export const changeRequestSchema = z.strictObject({
  direction: z.enum(REQUEST_DIRECTIONS),
  requestedBy: ref.nullable().default(null),
  receivedOn: day,
  kinds: z.array(z.enum(CHANGE_KINDS)).min(1),
  reason: text(5000).default(""),
  baseVersionNumber: z.number().int().min(1),
  proposedVersionNumber: z.number().int().min(1),
  proposedName: requiredText(300),
  proposedShortName: requiredText(60),
  proposedTargetGroup: text(1000).default(""),
  previousName: requiredText(300).nullable().default(null),
  previousShortName: requiredText(60).nullable().default(null),
  previousTargetGroup: text(1000).nullable().default(null),
  state: z.enum(REQUEST_STATES),
  conditionText: text(1000).default(""),
  conditionState: z.enum(REQUEST_CONDITION_STATES).nullable().default(null),
  conditionSettledOn: day.nullable().default(null),
  decisionBody: text(200).default(""),
  decisionDate: day.nullable().default(null),
  decisionSection: text(20).default(""),
  decidedAt: instant.nullable().default(null),
  /** The city's commitments per year before and after the decision, as recorded when it was made. */
  cityBeforeDecision: z.array(cityYearSchema).nullable().default(null),
  cityAfterDecision: z.array(cityYearSchema).nullable().default(null),
  withdrawnAt: instant.nullable().default(null),
  withdrawalReason: text(1000).default(""),
  correctedAt: instant.nullable().default(null),
  correctionReason: text(1000).default(""),
  createdAt: instant.optional(),
});

/* ---------- follow-up: targets, obligations, payment applications (optional lists of a project) ---------- */

/** A place in a list of the same project (a report's index in `reports`, an obligation's in `obligations`): a whole number ≥ 0. */
const index = z
  .number({ error: keyOr("import.type.integer") })
  .int({ error: "import.type.integer" })
  .min(0);

/** A count of people, partners, outcomes: a whole number 0–999 999 999. */
const count = z
  .number({ error: keyOr("import.count") })
  .int({ error: "import.count" })
  .min(0, { error: "import.count" })
  .max(999_999_999, { error: "import.count" });

/** A dated entry of a target: what arrived on that day (entries accumulate); the gender split, when given, adds up to the value. */
export const targetEntrySchema = z.strictObject({
  date: day,
  value: count,
  women: count.nullable().default(null),
  men: count.nullable().default(null),
  other: count.nullable().default(null),
  note: text(1000).default(""),
  /** The accepted report the entry came from: its index in the project's `reports`; null or left out: entered by hand. */
  report: index.nullable().optional(),
});

const targetFields = {
  kind: z.enum(INDICATOR_KINDS),
  name: text(200).default(""),
  unit: text(40).default(""),
  targetKind: z.enum(["count", "percent"]).default("count"),
  /** A count, or basis points of those reached for a percent target; null: no target set. */
  target: count.nullable().default(null),
};
export const targetSchema = z.strictObject({ ...targetFields, entries: z.array(targetEntrySchema).default([]) });
export const targetHeadSchema = z.strictObject({ ...targetFields, entries: z.array(z.unknown()).default([]) });

/** One deadline of an obligation, as stored (the import does not generate them again). */
export const deadlineSchema = z.strictObject({
  seq: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(1)
    .max(MAX_DEADLINES),
  periodStart: day.nullable().default(null),
  periodEnd: day.nullable().default(null),
  dueDate: day,
  status: z.enum(DEADLINE_STATUSES).default("open"),
  submittedOn: day.nullable().default(null),
  decidedOn: day.nullable().default(null),
  note: text(2000).default(""),
});

const obligationFields = {
  kind: z.enum(OBLIGATION_KINDS),
  title: text(200).default(""),
  timesPerYear: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .nullable()
    .default(null),
  everyMonths: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .nullable()
    .default(null),
  /** Days from a period's end to its due date; left out: the kind's default (30, or 60 for final reports and payment applications). */
  daysAfter: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(0)
    .max(365)
    .optional(),
  dueDate: day.nullable().default(null),
  reminderDays: z.array(z.number().int().min(1).max(365)).max(5).default([30, 7]),
};
export const obligationSchema = z.strictObject({ ...obligationFields, deadlines: z.array(deadlineSchema).default([]) });
export const obligationHeadSchema = z.strictObject({ ...obligationFields, deadlines: z.array(z.unknown()).default([]) });

export const paymentApplicationSchema = z.strictObject({
  periodStart: day,
  periodEnd: day,
  amountAppliedCents: cents,
  status: z.enum(PAYMENT_STATUSES),
  submittedOn: day.nullable().default(null),
  decidedOn: day.nullable().default(null),
  amountApprovedCents: cents.nullable().default(null),
  note: text(2000).default(""),
});

/* ---------- reports, the realised figures by year, the refund (optional lists of a project) ---------- */

/** A report's count of the period: a whole number 0–10 000 000 (the database's limit), or null while not filled in. */
const reportCount = z
  .number({ error: keyOr("import.count") })
  .int({ error: "import.count" })
  .min(0, { error: "import.count" })
  .max(10_000_000)
  .nullable()
  .default(null);
const instantOrNull = instant.nullable().default(null);

/** A realised cost of the report's period by cost kind (the flat rate as computed when the report was saved). */
export const reportCostSchema = z.strictObject({
  kind: z.enum(COST_KINDS),
  amountCents: cents,
  explanation: text(2000).default(""),
});

/** A reviewer's comment on a section of the report, answering its submission number `round`. */
export const reportCommentSchema = z.strictObject({
  round: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(1),
  section: z.enum(REPORT_SECTIONS),
  body: requiredText(4000),
  createdAt: instant.optional(),
});

/** An attachment's metadata; the file itself is not in the ledger file. */
export const reportAttachmentSchema = z.strictObject({
  fileName: requiredText(200),
  contentType: z.enum(ATTACHMENT_TYPES),
  sizeBytes: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(1),
  /** The file's SHA-256, 64 lower-case hex digits. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: instant.optional(),
});

/** A report of the project: for a deadline of one of its obligations (by the obligation's index and the deadline's `seq`), or for none. */
export const reportSchema = z.strictObject({
  deadline: z
    .strictObject({
      obligation: index,
      seq: z
        .number({ error: keyOr("import.type.integer") })
        .int({ error: "import.type.integer" })
        .min(1)
        .max(MAX_DEADLINES),
    })
    .nullable()
    .default(null),
  kind: z.enum(REPORT_KINDS),
  status: z.enum(REPORT_STATUSES),
  organisation: ref.nullable().default(null),
  periodStart: day.nullable().default(null),
  periodEnd: day.nullable().default(null),
  reachedWomen: reportCount,
  reachedMen: reportCount,
  reachedOther: reportCount,
  reachedTotal: reportCount,
  outcomeWork: reportCount,
  outcomeEducation: reportCount,
  outcomeOther: reportCount,
  partners: reportCount,
  esrReceivedCents: cents.nullable().default(null),
  cityReceivedCents: cents.nullable().default(null),
  otherReceivedCents: cents.nullable().default(null),
  doneText: text(10_000).default(""),
  changesText: text(10_000).default(""),
  nextText: text(10_000).default(""),
  submissionCount: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(0)
    .default(0),
  submittedAt: instantOrNull,
  returnedAt: instantOrNull,
  acceptedAt: instantOrNull,
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
  costs: z.array(reportCostSchema).default([]),
  comments: z.array(reportCommentSchema).default([]),
  attachments: z.array(reportAttachmentSchema).default([]),
});

/** The project's realised figures of a calendar year: the sum of its accepted reports (each spread over its period's days). */
export const realisedYearSchema = z.strictObject({
  year,
  costCents: cents,
  esrCents: cents,
  cityCents: cents,
  otherCents: cents,
  reportCount: z
    .number({ error: keyOr("import.type.integer") })
    .int({ error: "import.type.integer" })
    .min(0),
});

/** The basis a refund's amount was computed from (app/domain/refund.ts), as stored with the claim. */
const refundBasisSchema = z.strictObject({
  lines: z.array(
    z.strictObject({
      kind: z.enum(COST_KINDS),
      plannedCents: cents.nullable(),
      realisedCents: cents,
      eligibleCents: cents,
      capped: z.boolean(),
    }),
  ),
  realisedCents: cents,
  eligibleCents: cents,
  budgetCents: cents,
  commitmentCents: cents,
  dueCents: cents,
  paidCents: cents,
  overpaidCents: cents,
});

/** Overpaid co-financing claimed back from the grantee. */
export const refundSchema = z.strictObject({
  /** The accepted report the claim rests on (the final report): its index in `reports`, or null. */
  report: index.nullable().default(null),
  amountCents: z
    .number({ error: keyOr("import.cents") })
    .int({ error: "import.cents" })
    .min(1)
    .max(MAX_CENTS, { error: "error.money.tooLarge" }),
  status: z.enum(["claimed", "paid"]),
  claimedOn: day,
  paidOn: day.nullable().default(null),
  note: text(2000).default(""),
  basis: refundBasisSchema,
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
});

const projectFields = {
  name: requiredText(300),
  shortName: requiredText(60),
  caseNumber: requiredText(60),
  lead: ref,
  funder: ref.nullable().default(null),
  programme: text(300).default(""),
  specificObjective: text(300).default(""),
  targetGroup: text(1000).default(""),
  description: text(5000).default(""),
  status: z.enum(PROJECT_STATUSES),
  euShareBp: basisPoints.default(6000),
  createdAt: instant.optional(),
  /*
   * Reports, realised figures and the refund are read with the project's own fields: their rules
   * across the file (the deadline a report names, the report an entry names, the realised figures
   * recomputed from the accepted reports) are checked by the import (ledger-import.server.ts).
   */
  reports: z.array(reportSchema).default([]),
  /** Left out: not checked, only computed from the accepted reports. */
  realisedYears: z.array(realisedYearSchema).optional(),
  refund: refundSchema.nullable().default(null),
};

export const projectSchema = z.strictObject({
  ...projectFields,
  planVersions: z.array(planVersionSchema).min(1),
  changeRequests: z.array(changeRequestSchema).default([]),
  targets: z.array(targetSchema).default([]),
  obligations: z.array(obligationSchema).default([]),
  paymentApplications: z.array(paymentApplicationSchema).default([]),
});

/*
 * The same, item by item: a project's or a version's own fields with its lists unread. The
 * import reads every item on its own, so that one bad value does not hide the problems of the
 * items beside it.
 */
export const projectHeadSchema = z.strictObject({
  ...projectFields,
  planVersions: z.array(z.unknown()).min(1),
  changeRequests: z.array(z.unknown()).default([]),
  targets: z.array(z.unknown()).default([]),
  obligations: z.array(z.unknown()).default([]),
  paymentApplications: z.array(z.unknown()).default([]),
});
export const planVersionHeadSchema = z.strictObject({
  ...versionFields,
  costLines: z.array(z.unknown()).default([]),
  financingLines: z.array(z.unknown()).default([]),
  implementers: z.array(z.unknown()).default([]),
  commitments: z.array(z.unknown()).default([]),
});

/* ---------- committee meetings and their agenda items (an optional list of the document) ---------- */

export const AGENDA_ITEM_STATUSES = ["draft", "final", "decided"] as const;
export const AGENDA_DECISIONS = ["as_proposed", "amended", "tabled", "rejected", "noted"] as const;

/** A text kept exactly as written (whitespace too): the agenda's and the minutes' own words. */
const asWritten = (max: number) => z.string().max(max);
/** A place in a list of the document (a project's in `projects`, a meeting's in `meetings`): a whole number ≥ 0. */
const place = index;

/** A finding of the item's text checks acknowledged at finalising, with its reason. */
export const findingAckSchema = z.strictObject({
  code: requiredText(100),
  excerpt: asWritten(500).default(""),
  reason: z.string().min(1).max(2000),
  createdAt: instant.optional(),
});

/** A preparer of an item with contact details (left out of the public versions). */
export const preparerSchema = z.strictObject({
  name: requiredText(200),
  title: text(1000).default(""),
  email: text(200).default(""),
  phone: text(100).default(""),
});

/**
 * One § of a meeting. Its body and year are the meeting's. It names its project by the project's
 * place in the document's `projects`, a change request by its place in that project's
 * `changeRequests`, and the item it continues (a tabled item of an earlier meeting) by the
 * meeting's place in `meetings` and the item's in that meeting's `items`.
 */
export const agendaItemSchema = z.strictObject({
  section: z
    .number({ error: keyOr("agenda.error.section") })
    .int({ error: "agenda.error.section" })
    .min(1, { error: "agenda.error.section" })
    .max(9999, { error: "agenda.error.section" }),
  type: z.enum(ITEM_TYPES),
  project: place.nullable().default(null),
  changeRequest: place.nullable().default(null),
  title: requiredText(500),
  caseNumber: text(100).default(""),
  preparers: z.array(preparerSchema).default([]),
  presenter: text(200).default(""),
  background: asWritten(50_000).default(""),
  proposal: asWritten(20_000).default(""),
  status: z.enum(AGENDA_ITEM_STATUSES).default("draft"),
  finalisedAt: instantOrNull,
  decision: z.enum(AGENDA_DECISIONS).nullable().default(null),
  decisionText: asWritten(20_000).default(""),
  decidedAt: instantOrNull,
  continues: z.strictObject({ meeting: place, item: place }).nullable().default(null),
  acknowledgedFindings: z.array(findingAckSchema).default([]),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
});

export const meetingMemberSchema = z.strictObject({
  name: requiredText(200),
  role: text(100).default(""),
});

/** A meeting's day: a real day of the years a § may be numbered in (1900–2200). */
const meetingDay = day.refine((d) => Number(d.slice(0, 4)) >= 1900 && Number(d.slice(0, 4)) <= 2200, { error: "import.day" });

const meetingFields = {
  body: requiredText(200),
  date: meetingDay,
  startTime: z.string({ error: keyOr("agenda.error.time") }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "agenda.error.time" }),
  place: text(200).default(""),
  presenter: text(200).default(""),
  /** The stable address of the published agenda and minutes; unique. */
  publicSlug: requiredText(200).nullable().default(null),
  agendaPublishedAt: instantOrNull,
  minutesPublishedAt: instantOrNull,
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
};

export const meetingSchema = z.strictObject({
  ...meetingFields,
  members: z.array(meetingMemberSchema).default([]),
  items: z.array(agendaItemSchema).default([]),
});
/** The same with its lists unread (read item by item). */
export const meetingHeadSchema = z.strictObject({
  ...meetingFields,
  members: z.array(z.unknown()).default([]),
  items: z.array(z.unknown()).default([]),
});

/* ---------- employment bonus claims and the years' bonus budgets (optional lists of the document) ---------- */

/** A year's bonus budget and the monthly figure of avoided unemployment benefit costs per person (for the estimate). */
export const bonusYearSchema = z.strictObject({
  year,
  budgetCents: cents,
  monthlySavingCents: cents.nullable().default(null),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
});

/** What can happen to a claim (the history's actions, in the database's vocabulary). */
export const CLAIM_EVENT_ACTIONS = [
  "filed",
  "info_requested",
  "answered",
  "approved",
  "rejected",
  "paid",
  "withdrawn",
] as const satisfies readonly BonusClaimEventTable["action"][];

/** One step of a claim's history: what happened, the words said (a request, an answer, a reason), when. No account: who acted is left out. */
export const bonusClaimEventSchema = z.strictObject({
  action: z.enum(CLAIM_EVENT_ACTIONS),
  message: text(2000).default(""),
  at: instant,
});

/**
 * An association's claim of the employment bonus (app/domain/bonus.ts). The organisation is a
 * reference as everywhere in the file; the project, if any, is named by its place in the
 * document's `projects` (as a meeting's item names it). The job seeker is named only by the
 * association's pseudonymous `reference`. The import checks the rules across the fields
 * (ledger-import.server.ts): `studySupport` lists `unemployment_benefit` so that a claim of it is
 * refused with the rule's reason, not as an unknown value.
 */
export const bonusClaimSchema = z.strictObject({
  organisation: ref,
  project: place.nullable().default(null),
  reference: z.string(),
  kind: z.enum(CLAIM_KINDS),
  startDate: day,
  employmentCondition: z.boolean().default(false),
  studySupport: z.enum(STUDY_SUPPORTS).nullable().default(null),
  payableOn: day,
  amountCents: z
    .number({ error: keyOr("import.cents") })
    .int({ error: "import.cents" })
    .min(1, { error: "import.cents" })
    .max(MAX_CENTS, { error: "error.money.tooLarge" }),
  note: text(2000).default(""),
  status: z.enum(CLAIM_STATUSES),
  filedOn: day,
  approvedOn: day.nullable().default(null),
  rejectedOn: day.nullable().default(null),
  rejectReason: text(2000).default(""),
  paidOn: day.nullable().default(null),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
  events: z.array(bonusClaimEventSchema).default([]),
  /** The evidence's metadata, as a report's attachments (the files are not in the ledger file). */
  attachments: z.array(reportAttachmentSchema).default([]),
});

export const headerSchema = z.strictObject({
  format: z.string(),
  version: z.number(),
  exportedAt: instant.optional(),
  organisations: z.array(z.unknown()).default([]),
  projects: z.array(z.unknown()).default([]),
  /** Optional: a file of an older export has none. */
  meetings: z.array(z.unknown()).default([]),
  /** Optional: a file of an older export, or of a ledger without employment bonuses, has none. */
  bonusYears: z.array(z.unknown()).default([]),
  bonusClaims: z.array(z.unknown()).default([]),
});

export type FileOrganisation = z.output<typeof organisationSchema>;
export type FileProject = z.output<typeof projectSchema>;
export type FilePlanVersion = z.output<typeof planVersionSchema>;
export type FileCostLine = z.output<typeof costLineSchema>;
export type FileFinancingLine = z.output<typeof financingLineSchema>;
export type FileImplementer = z.output<typeof implementerSchema>;
export type FileCommitment = z.output<typeof commitmentSchema>;
export type FileChangeRequest = z.output<typeof changeRequestSchema>;
export type FileTarget = z.output<typeof targetSchema>;
export type FileTargetEntry = z.output<typeof targetEntrySchema>;
export type FileObligation = z.output<typeof obligationSchema>;
export type FileDeadline = z.output<typeof deadlineSchema>;
export type FilePaymentApplication = z.output<typeof paymentApplicationSchema>;
export type FileReport = z.output<typeof reportSchema>;
export type FileReportCost = z.output<typeof reportCostSchema>;
export type FileRealisedYear = z.output<typeof realisedYearSchema>;
export type FileRefund = z.output<typeof refundSchema>;
export type FileMeeting = z.output<typeof meetingSchema>;
export type FileMeetingHead = z.output<typeof meetingHeadSchema>;
export type FileMeetingMember = z.output<typeof meetingMemberSchema>;
export type FileAgendaItem = z.output<typeof agendaItemSchema>;
export type FileFindingAck = z.output<typeof findingAckSchema>;
export type FileBonusYear = z.output<typeof bonusYearSchema>;
export type FileBonusClaim = z.output<typeof bonusClaimSchema>;
export type FileBonusClaimEvent = z.output<typeof bonusClaimEventSchema>;

/** The refund's basis in the file is the domain's, both ways (a change to RefundBasis fails the typecheck here). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const basisMatches: Same<FileRefund["basis"], RefundBasis> = true;
void basisMatches;

/** The whole document, as the export writes it. */
export interface LedgerFile {
  format: typeof LEDGER_FORMAT;
  version: typeof LEDGER_FORMAT_VERSION;
  exportedAt?: string;
  organisations: FileOrganisation[];
  projects: FileProject[];
  /** Committee meetings with their members and agenda items (after the projects they name). */
  meetings?: FileMeeting[];
  /** The years' employment bonus budgets. */
  bonusYears?: FileBonusYear[];
  /** Employment bonus claims with their history and evidence metadata (after the projects they name). */
  bonusClaims?: FileBonusClaim[];
}

/** zod's issues as problems with catalogue keys (our own keys where the schema set them). */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[]): FileProblem[] {
  return issues.map((issue): FileProblem => {
    const path = formatPath([...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))]);
    const own = issue.message as MessageKey;
    if (isOwnKey(own)) return { path, key: own };
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "invalid_type": {
        if (input === undefined) return { path, key: "error.required" };
        const expected = String(issue.expected);
        if (expected === "int") return { path, key: "import.type.integer" };
        if (["string", "number", "boolean", "array", "object"].includes(expected)) return { path, key: `import.type.${expected}` as MessageKey };
        return { path, key: "import.type.other", params: { expected } };
      }
      case "invalid_value":
        return { path, key: "import.choice", params: { value: String(input), allowed: issue.values.map(String).join(", ") } };
      case "unrecognized_keys":
        return { path, key: "import.unknownField", params: { fields: issue.keys.join(", ") } };
      case "too_big":
        if (issue.origin === "string") return { path, key: "error.tooLong", params: { max: Number(issue.maximum) } };
        return { path, key: "import.tooLarge", params: { max: Number(issue.maximum) } };
      case "too_small":
        if (issue.origin === "string") return { path, key: "error.required" };
        if (issue.origin === "array") return { path, key: "import.array.empty", params: { min: Number(issue.minimum) } };
        return { path, key: "import.tooSmall", params: { min: Number(issue.minimum) } };
      default:
        return { path, key: "import.invalid" };
    }
  });
}

const OWN_KEYS = new Set<string>([
  "error.required",
  "error.money.negative",
  "error.money.tooLarge",
  "error.number.negative",
  "error.businessId.format",
  "error.businessId.checkDigit",
  "import.cents",
  "import.bp",
  "import.year",
  "import.day",
  "import.instant",
  "import.type.integer",
  "import.count",
  "agenda.error.section",
  "agenda.error.time",
]);
function isOwnKey(key: string): key is MessageKey {
  return OWN_KEYS.has(key);
}
