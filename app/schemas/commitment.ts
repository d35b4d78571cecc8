/** The commitment form (a city unit's co-financing with its split by year). */
import { defineForm, flag, rows, str } from "./form";
import { parseSplitRows } from "./split-rows";

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
  const years = parseSplitRows(f, ["years"], raw.years as ({ year?: string; amount?: string } | undefined)[] | undefined, amount, ["split"]);
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
    years,
  };
});
export type CommitmentInput = NonNullable<ReturnType<typeof commitmentSchema.parse>>;
