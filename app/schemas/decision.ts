/** Deciding a change request, and settling a conditional approval's condition. */
import { defineForm, str } from "./form";
import { DECISION_OUTCOMES } from "~/domain/change-request-vocabulary";

export const decisionSchema = defineForm({ outcome: str(), body: str(), date: str(), section: str(), conditionText: str() }, (raw, f) => ({
  outcome: f.choice(["outcome"], raw.outcome, DECISION_OUTCOMES) ?? "rejected",
  body: f.text(["body"], raw.body, { max: 200 }),
  date: f.day(["date"], raw.date),
  section: f.text(["section"], raw.section, { max: 20 }),
  conditionText: f.text(["conditionText"], raw.conditionText, { max: 1000 }),
}));

export const settleSchema = defineForm({ outcome: str(), date: str() }, (raw, f) => ({
  outcome: f.choice(["outcome"], raw.outcome, ["met", "failed"] as const) ?? "met",
  date: f.day(["date"], raw.date),
}));

/** Withdrawing a pending request: an optional reason. */
export const withdrawalSchema = defineForm({ reason: str() }, (raw, f) => ({ reason: f.text(["reason"], raw.reason, { max: 1000 }) }));

/** An administrator's correction of a decision: the reason is required. */
export const correctionSchema = defineForm({ reason: str() }, (raw, f) => ({ reason: f.text(["reason"], raw.reason, { required: true, max: 1000 }) }));
