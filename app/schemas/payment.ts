/**
 * The payment application form (an application to the funder for payment over a period, and
 * the funder's decision on it), and the stored record → the form's raw values. The rule that
 * needs the database (the period must touch the plan's period) is the model's.
 */
import { defineForm, str } from "./form";
import { moneyInputValue } from "~/domain/money";
import { formatDay } from "~/domain/days";

export const PAYMENT_STATUSES = ["draft", "submitted", "approved", "partly_approved", "rejected"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses with a decision (a decision date is required). */
export const DECIDED_STATUSES: readonly PaymentStatus[] = ["approved", "partly_approved", "rejected"];
/** Statuses with an amount approved (required, at most the amount applied). */
export const APPROVED_STATUSES: readonly PaymentStatus[] = ["approved", "partly_approved"];

export const paymentShape = {
  periodStart: str(),
  periodEnd: str(),
  amountApplied: str(),
  status: str(),
  submittedOn: str(),
  decidedOn: str(),
  amountApproved: str(),
  note: str(),
  revision: str(),
};

export const paymentSchema = defineForm(paymentShape, (raw, f) => {
  const periodStart = f.day(["periodStart"], raw.periodStart, { required: true });
  const periodEnd = f.day(["periodEnd"], raw.periodEnd, { required: true });
  if (periodStart && periodEnd && periodEnd < periodStart) f.issue(["periodEnd"], "payment.error.periodReversed");

  const amountApplied = f.money(["amountApplied"], raw.amountApplied, { required: true });
  const status = f.choice(["status"], raw.status, PAYMENT_STATUSES);

  const submittedOn = f.day(["submittedOn"], raw.submittedOn);
  if (status && status !== "draft" && (raw.submittedOn ?? "").trim() === "") f.issue(["submittedOn"], "payment.error.submittedRequired");

  const decidedOn = f.day(["decidedOn"], raw.decidedOn);
  const decided = status !== null && DECIDED_STATUSES.includes(status);
  if (decided && (raw.decidedOn ?? "").trim() === "") f.issue(["decidedOn"], "payment.error.decidedRequired");
  if (submittedOn && decidedOn && decidedOn < submittedOn) f.issue(["decidedOn"], "payment.error.decidedBeforeSubmitted", { submittedDay: submittedOn });

  const approvedRaw = (raw.amountApproved ?? "").trim();
  const withApproval = status !== null && APPROVED_STATUSES.includes(status);
  let amountApproved: number | null = null;
  if (status === "draft" || status === "submitted") {
    if (approvedRaw !== "") f.issue(["amountApproved"], "payment.error.approvedNotDecided");
  } else {
    amountApproved = f.money(["amountApproved"], raw.amountApproved);
    if (withApproval && approvedRaw === "") f.issue(["amountApproved"], "payment.error.approvedRequired");
    if (amountApproved !== null && amountApplied !== null && amountApproved > amountApplied)
      f.issue(["amountApproved"], "payment.error.approvedAboveApplied", { appliedCents: amountApplied });
  }

  return {
    periodStart: periodStart!,
    periodEnd: periodEnd!,
    amountAppliedCents: amountApplied ?? 0,
    status: status ?? "draft",
    submittedOn,
    decidedOn,
    amountApprovedCents: amountApproved,
    note: f.text(["note"], raw.note, { max: 2000 }),
  };
});
export type PaymentInput = NonNullable<ReturnType<typeof paymentSchema.parse>>;

export interface PaymentValuesSource {
  period_start: string;
  period_end: string;
  amount_applied_cents: number;
  status: string;
  submitted_on: string | null;
  decided_on: string | null;
  amount_approved_cents: number | null;
  note: string;
  revision: number;
}

/** A stored application → the raw values its edit form starts from ("1.4.2026", "20719,18"). */
export function paymentValues(p: PaymentValuesSource): Record<string, string> {
  return {
    periodStart: formatDay(p.period_start),
    periodEnd: formatDay(p.period_end),
    amountApplied: moneyInputValue(p.amount_applied_cents),
    status: p.status,
    submittedOn: p.submitted_on ? formatDay(p.submitted_on) : "",
    decidedOn: p.decided_on ? formatDay(p.decided_on) : "",
    amountApproved: moneyInputValue(p.amount_approved_cents),
    note: p.note,
    revision: String(p.revision),
  };
}
