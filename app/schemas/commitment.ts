/** The commitment form (a city unit's co-financing with its split by year). */
import { defineForm, flag, isBlank, rows, str } from "./form";

type RowOf<T> = { [K in keyof T]?: string };
import type { YearAmount } from "~/domain/split";

const splitRow = { year: str(), amount: str() };
export const commitmentShape = {
  organisationId: str(),
  amount: str(),
  condition: str(),
  conditionText: str(),
  annualBudgetReservation: flag(),
  decisionBody: str(),
  decisionDate: str(),
  decisionSection: str(),
  note: str(),
  years: rows(splitRow),
  revision: str(),
};

export const commitmentSchema = defineForm(commitmentShape, (raw, f) => {
  const amount = f.money(["amount"], raw.amount, { required: true });
  const condition = f.choice(["condition"], raw.condition || "none", ["none", "pending", "met", "failed"] as const) ?? "none";
  const conditionText = f.text(["conditionText"], raw.conditionText, { required: condition !== "none", max: 1000 });
  const years: YearAmount[] = [];
  const seen = new Set<number>();
  (raw.years ?? []).forEach((r0, i) => {
    const r = (r0 ?? {}) as RowOf<typeof splitRow>;
    if (isBlank(r, ["year", "amount"])) return;
    const year = f.year(["years", i, "year"], r.year, { required: true });
    const cents = f.money(["years", i, "amount"], r.amount, { required: true });
    if (year !== null && seen.has(year)) f.issue(["years", i, "year"], "error.year.duplicate", { year });
    if (year !== null) seen.add(year);
    if (year !== null && cents !== null) years.push({ year, amountCents: cents });
  });
  if (amount !== null && years.length > 0) {
    const sum = years.reduce((a, y) => a + y.amountCents, 0);
    if (sum !== amount) f.issue(["split"], "error.split.sum", { expectedCents: amount, actualCents: sum });
  }
  const decisionDate = f.day(["decisionDate"], raw.decisionDate);
  return {
    organisationId: f.id(["organisationId"], raw.organisationId, { required: true })!,
    amountCents: amount ?? 0,
    conditionStatus: condition,
    conditionText: condition === "none" ? "" : conditionText,
    annualBudgetReservation: f.checkbox(raw.annualBudgetReservation),
    decisionBody: f.text(["decisionBody"], raw.decisionBody, { max: 200 }),
    decisionDate,
    decisionSection: f.text(["decisionSection"], raw.decisionSection, { max: 20 }),
    note: f.text(["note"], raw.note, { max: 2000 }),
    years: years.sort((a, b) => a.year - b.year),
  };
});
export type CommitmentInput = NonNullable<ReturnType<typeof commitmentSchema.parse>>;
