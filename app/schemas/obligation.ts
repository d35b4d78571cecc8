/** The forms of reporting obligations and of a deadline's state. */
import { defineForm, str } from "./form";
import { parseCount } from "./indicator";
import { DEADLINE_STATUSES, DEFAULT_DAYS_AFTER, OBLIGATION_KINDS, TIMES_PER_YEAR, parseReminderDays } from "~/domain/obligations";

export const obligationShape = {
  kind: str(),
  title: str(),
  timesPerYear: str(),
  everyMonths: str(),
  daysAfter: str(),
  dueDate: str(),
  responsibleUserId: str(),
  reminderDays: str(),
  revision: str(),
};

export const obligationSchema = defineForm(obligationShape, (raw, f) => {
  const kind = f.choice(["kind"], raw.kind, OBLIGATION_KINDS) ?? "single";
  let timesPerYear: number | null = null;
  let everyMonths: number | null = null;
  let dueDate: string | null = null;
  if (kind === "committee_report") {
    const n = parseCount(f, ["timesPerYear"], raw.timesPerYear, { required: true });
    if (n !== null && !(TIMES_PER_YEAR as readonly number[]).includes(n)) f.issue(["timesPerYear"], "error.obligation.timesPerYear");
    else timesPerYear = n;
  }
  if (kind === "payment_application") {
    const n = parseCount(f, ["everyMonths"], raw.everyMonths, { required: true });
    if (n !== null && (n < 1 || n > 24)) f.issue(["everyMonths"], "error.obligation.everyMonths");
    else everyMonths = n;
  }
  if (kind === "interim_report" || kind === "single") dueDate = f.day(["dueDate"], raw.dueDate, { required: true });
  const daysAfterRaw = (raw.daysAfter ?? "").trim();
  let daysAfter = DEFAULT_DAYS_AFTER[kind];
  if (daysAfterRaw !== "" && kind !== "interim_report" && kind !== "single") {
    const n = parseCount(f, ["daysAfter"], daysAfterRaw);
    if (n !== null && n > 365) f.issue(["daysAfter"], "error.obligation.daysAfter");
    else if (n !== null) daysAfter = n;
  }
  const reminderDays = parseReminderDays(raw.reminderDays ?? "30, 7");
  if (reminderDays === null) f.issue(["reminderDays"], "error.obligation.reminderDays");
  return {
    kind,
    title: f.text(["title"], raw.title, { required: kind === "single", max: 200 }),
    timesPerYear,
    everyMonths,
    daysAfter,
    dueDate,
    responsibleUserId: f.id(["responsibleUserId"], raw.responsibleUserId),
    reminderDays: reminderDays ?? [],
  };
});
export type ObligationInput = NonNullable<ReturnType<typeof obligationSchema.parse>>;

export const deadlineShape = { status: str(), submittedOn: str(), decidedOn: str(), note: str(), revision: str() };

export const deadlineSchema = defineForm(deadlineShape, (raw, f) => {
  const status = f.choice(["status"], raw.status, DEADLINE_STATUSES) ?? "open";
  const submittedOn = f.day(["submittedOn"], raw.submittedOn, { required: status !== "open" });
  const decidedOn = f.day(["decidedOn"], raw.decidedOn, { required: status === "accepted" || status === "returned" });
  if (submittedOn && decidedOn && decidedOn < submittedOn) f.issue(["decidedOn"], "error.deadline.decidedBeforeSubmitted");
  return {
    status,
    submittedOn: status === "open" ? null : submittedOn,
    decidedOn: status === "accepted" || status === "returned" ? decidedOn : null,
    note: f.text(["note"], raw.note, { max: 2000 }),
  };
});
export type DeadlineInput = NonNullable<ReturnType<typeof deadlineSchema.parse>>;
