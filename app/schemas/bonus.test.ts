import { describe, expect, it } from "vitest";
import { claimReviewSchema, claimSchema } from "./bonus";
import { reviewSchema } from "./report-review";
import { decodeError } from "./field-errors";
import { addCalendarMonths } from "~/domain/bonus";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay } from "~/domain/days";

/** Each field's message key, as the form shows it. */
function errors(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, values: unknown) {
  const r = schema.safeParse(values);
  if (r.success) return {};
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), decodeError(i.message).key]));
}

describe("the claim form as the browser checks it", () => {
  const start = formatDay(addCalendarMonths(todayInHelsinki(), -5));
  it("radio groups nobody has chosen yet (absent: the form's resolver drops react-hook-form's nulls) are 'required'", () => {
    expect(errors(claimSchema, { reference: "H-1", startDate: start })).toEqual({ kind: "error.required" });
    expect(errors(claimReviewSchema, { message: "" })).toEqual({ decision: "error.required" });
    expect(errors(reviewSchema, {})).toEqual({ decision: "error.required" });
  });
  it("every problem at once: a henkilötunnus as the reference and studies on unemployment benefit", () => {
    expect(
      errors(claimSchema, { reference: "131052-308T", kind: "studies", startDate: start, studySupport: "unemployment_benefit", employmentCondition: false }),
    ).toEqual({
      reference: "bonus.error.reference.hetu",
      studySupport: "bonus.error.unemploymentBenefit",
    });
  });
  it("a valid claim of work", () => {
    expect(errors(claimSchema, { reference: "HAKA-2026-014", kind: "work", startDate: start, employmentCondition: true })).toEqual({});
  });
});
