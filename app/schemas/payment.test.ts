/** The payment application form's rules, without a database (the plan-period rule is the model's). */
import { describe, expect, it } from "vitest";
import { decodeError } from "./field-errors";
import { paymentSchema, paymentValues } from "./payment";

const base = { periodStart: "1.1.2027", periodEnd: "30.6.2027", amountApplied: "10 000", status: "submitted", submittedOn: "15.7.2027" };

function errors(raw: Record<string, string>): Record<string, string> {
  const r = paymentSchema.safeParse({ ...base, ...raw });
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), decodeError(i.message).key]));
}

describe("payment schema", () => {
  it("parses Finnish days and money into days and cents", () => {
    const r = paymentSchema.safeParse({ ...base, status: "partly_approved", decidedOn: "2027-08-01", amountApproved: "9 999,99 €", note: "  osa hylättiin " });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({
      periodStart: "2027-01-01",
      periodEnd: "2027-06-30",
      amountAppliedCents: 1_000_000,
      status: "partly_approved",
      submittedOn: "2027-07-15",
      decidedOn: "2027-08-01",
      amountApprovedCents: 999_999,
      note: "osa hylättiin",
    });
  });

  it("a draft needs no submission date; any other status does", () => {
    expect(errors({ status: "draft", submittedOn: "" })).toEqual({});
    for (const status of ["submitted", "rejected"])
      expect(errors({ status, submittedOn: "", decidedOn: "1.8.2027" }).submittedOn).toBe("payment.error.submittedRequired");
  });

  it("the period must not end before it starts (a one-day period is fine)", () => {
    expect(errors({ periodEnd: "31.12.2026" }).periodEnd).toBe("payment.error.periodReversed");
    expect(errors({ periodEnd: "1.1.2027" })).toEqual({});
    expect(errors({ periodStart: "" }).periodStart).toBe("error.required");
    expect(errors({ periodEnd: "31.2.2027" }).periodEnd).toBe("error.day.notInCalendar");
  });

  it("amounts are required for the application, never negative, and at most two decimals", () => {
    expect(errors({ amountApplied: "" }).amountApplied).toBe("error.required");
    expect(errors({ amountApplied: "-1" }).amountApplied).toBe("error.money.negative");
    expect(errors({ amountApplied: "1,001" }).amountApplied).toBe("error.money.decimals");
    expect(errors({ status: "approved", decidedOn: "1.8.2027", amountApproved: "-5" }).amountApproved).toBe("error.money.negative");
    expect(errors({ amountApplied: "0" })).toEqual({});
  });

  it("a decision date is required once decided, and not before the submission date (the same day is fine)", () => {
    for (const status of ["approved", "partly_approved", "rejected"])
      expect(errors({ status, decidedOn: "", amountApproved: status === "rejected" ? "" : "1" }).decidedOn).toBe("payment.error.decidedRequired");
    expect(errors({ status: "rejected", decidedOn: "14.7.2027" }).decidedOn).toBe("payment.error.decidedBeforeSubmitted");
    expect(errors({ status: "rejected", decidedOn: "15.7.2027" })).toEqual({});
  });

  it("the amount approved: required when approved or partly approved, at most the amount applied, empty before a decision", () => {
    expect(errors({ status: "approved", decidedOn: "1.8.2027" }).amountApproved).toBe("payment.error.approvedRequired");
    expect(errors({ status: "partly_approved", decidedOn: "1.8.2027", amountApproved: "10 000,01" }).amountApproved).toBe("payment.error.approvedAboveApplied");
    expect(errors({ status: "approved", decidedOn: "1.8.2027", amountApproved: "10 000" })).toEqual({});
    expect(errors({ status: "submitted", amountApproved: "1" }).amountApproved).toBe("payment.error.approvedNotDecided");
    expect(errors({ status: "draft", amountApproved: "0" }).amountApproved).toBe("payment.error.approvedNotDecided");
  });

  it("refuses an unknown status", () => {
    expect(errors({ status: "paid" }).status).toBe("error.choice.invalid");
    expect(errors({ status: "" }).status).toBe("error.required");
  });

  it("a stored application gives back the values its form parses to the same record", () => {
    const raw = paymentValues({
      period_start: "2027-01-01",
      period_end: "2027-06-30",
      amount_applied_cents: 1_234_567,
      status: "approved",
      submitted_on: "2027-07-15",
      decided_on: "2027-08-01",
      amount_approved_cents: 1_200_000,
      note: "",
      revision: 3,
    });
    expect(raw).toMatchObject({ periodStart: "1.1.2027", amountApplied: "12 345,67", decidedOn: "1.8.2027", revision: "3" });
    const r = paymentSchema.safeParse(raw);
    expect(r.data).toMatchObject({ periodStart: "2027-01-01", amountAppliedCents: 1_234_567, amountApprovedCents: 1_200_000, decidedOn: "2027-08-01" });
  });
});
