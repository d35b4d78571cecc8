/**
 * The report form (a grantee's yearly, interim or final report) and the review form. The same
 * schema saves a draft and submits: the counts must be consistent whenever they are given, and
 * what a submission further needs (everything filled in, the period inside the project's, costs
 * within the plan) is checked by the model against the plan (app/domain/report.ts).
 */
import * as z from "zod/mini";
import { defineForm, str, type FieldParser } from "./form";
import { parseCount } from "./count";
import { moneyInputValue } from "~/domain/money";
import { formatDay } from "~/domain/days";
import { checkCounts, type ReportCost, type ReportFigures } from "~/domain/report";
import { COST_KINDS, type CostKind } from "~/domain/vocabulary";
import type { MessageKey } from "~/i18n";

const costRaw = () => z.optional(z.record(z.string(), z.optional(z.object({ amount: str(), explanation: str() }))));

export const reportShape = {
  periodStart: str(),
  periodEnd: str(),
  reachedWomen: str(),
  reachedMen: str(),
  reachedOther: str(),
  reachedTotal: str(),
  outcomeWork: str(),
  outcomeEducation: str(),
  outcomeOther: str(),
  partners: str(),
  esrReceived: str(),
  cityReceived: str(),
  otherReceived: str(),
  costs: costRaw(),
  doneText: str(),
  changesText: str(),
  nextText: str(),
  revision: str(),
  intent: str(),
};

function parseCosts(f: FieldParser, raw: Record<string, { amount?: string; explanation?: string } | undefined> | undefined): ReportCost[] {
  const out: ReportCost[] = [];
  for (const kind of COST_KINDS) {
    const r = raw?.[kind];
    if (!r) continue;
    const amount = kind === "flat_rate" ? null : f.money(["costs", kind, "amount"], r.amount);
    const explanation = f.text(["costs", kind, "explanation"], r.explanation, { max: 2000 });
    if (amount !== null || explanation !== "") out.push({ kind: kind as CostKind, amountCents: amount ?? 0, explanation });
  }
  return out;
}

export const reportSchema = defineForm(reportShape, (raw, f): ReportFigures => {
  const periodStart = f.day(["periodStart"], raw.periodStart);
  const periodEnd = f.day(["periodEnd"], raw.periodEnd);
  if (periodStart && periodEnd && periodEnd < periodStart) f.issue(["periodEnd"], "report.error.periodReversed");
  const figures: ReportFigures = {
    periodStart,
    periodEnd,
    reachedWomen: parseCount(f, ["reachedWomen"], raw.reachedWomen),
    reachedMen: parseCount(f, ["reachedMen"], raw.reachedMen),
    reachedOther: parseCount(f, ["reachedOther"], raw.reachedOther),
    reachedTotal: parseCount(f, ["reachedTotal"], raw.reachedTotal),
    outcomeWork: parseCount(f, ["outcomeWork"], raw.outcomeWork),
    outcomeEducation: parseCount(f, ["outcomeEducation"], raw.outcomeEducation),
    outcomeOther: parseCount(f, ["outcomeOther"], raw.outcomeOther),
    partners: parseCount(f, ["partners"], raw.partners),
    esrReceivedCents: f.money(["esrReceived"], raw.esrReceived),
    cityReceivedCents: f.money(["cityReceived"], raw.cityReceived),
    otherReceivedCents: f.money(["otherReceived"], raw.otherReceived),
    costs: parseCosts(f, raw.costs),
    doneText: f.text(["doneText"], raw.doneText, { max: 10000 }),
    changesText: f.text(["changesText"], raw.changesText, { max: 10000 }),
    nextText: f.text(["nextText"], raw.nextText, { max: 10000 }),
  };
  for (const i of checkCounts(figures)) f.issue([i.path], i.key as MessageKey, i.params);
  return figures;
});
export type ReportInput = ReportFigures;

export interface ReportValuesSource {
  period_start: string | null;
  period_end: string | null;
  reached_women: number | null;
  reached_men: number | null;
  reached_other: number | null;
  reached_total: number | null;
  outcome_work: number | null;
  outcome_education: number | null;
  outcome_other: number | null;
  partners: number | null;
  esr_received_cents: number | null;
  city_received_cents: number | null;
  other_received_cents: number | null;
  done_text: string;
  changes_text: string;
  next_text: string;
  revision: number;
}

const n = (v: number | null) => (v === null ? "" : String(v));

/** A stored report → the form's raw values. */
export function reportValues(r: ReportValuesSource, costs: readonly ReportCost[]): Record<string, unknown> {
  const c: Record<string, { amount: string; explanation: string }> = {};
  for (const x of costs) c[x.kind] = { amount: moneyInputValue(x.amountCents), explanation: x.explanation };
  return {
    periodStart: r.period_start ? formatDay(r.period_start) : "",
    periodEnd: r.period_end ? formatDay(r.period_end) : "",
    reachedWomen: n(r.reached_women),
    reachedMen: n(r.reached_men),
    reachedOther: n(r.reached_other),
    reachedTotal: n(r.reached_total),
    outcomeWork: n(r.outcome_work),
    outcomeEducation: n(r.outcome_education),
    outcomeOther: n(r.outcome_other),
    partners: n(r.partners),
    esrReceived: moneyInputValue(r.esr_received_cents),
    cityReceived: moneyInputValue(r.city_received_cents),
    otherReceived: moneyInputValue(r.other_received_cents),
    costs: c,
    doneText: r.done_text,
    changesText: r.changes_text,
    nextText: r.next_text,
    revision: String(r.revision),
  };
}
