/**
 * The follow-up parts of GET /api/v1/projects/:id's document: the project's targets (with
 * their totals, gender split and, on today's date, pace or outcome rate, and every dated
 * entry), its reporting obligations with their deadlines and where each stands today, and its
 * payment applications summed against the current plan's ESR funding. Read from the same
 * models as the project page (indicator, obligation and payment models). See docs/api.md.
 */
import type { Tx } from "../../db/connection";
import type { Day } from "~/domain/days";
import { projectIndicators, type ProjectPeriod } from "./indicator.server";
import { projectObligations } from "./obligation.server";
import { paymentSummary } from "./payment.server";
import { realisedYears, refundView } from "./report.server";

/** `period`: the current plan's (the route has it already: no query of its own). */
export async function projectFollowUpJson(db: Tx, projectId: number, period: ProjectPeriod, today: Day) {
  const indicators = await projectIndicators(db, projectId, period, today);
  const entries = await db
    .selectFrom("indicator_entry as e")
    .innerJoin("indicator as i", "i.id", "e.indicator_id")
    .select(["e.indicator_id", "e.entry_date", "e.value", "e.women", "e.men", "e.other", "e.note", "e.source"])
    .where("i.project_id", "=", projectId)
    .orderBy("e.indicator_id")
    .orderBy("e.entry_date")
    .orderBy("e.id")
    .execute();
  const totals = await db
    .selectFrom("indicator")
    .select(["id", "women_total", "men_total", "other_total", "gender_reported_total"])
    .where("project_id", "=", projectId)
    .execute();
  const split = new Map(totals.map((t) => [t.id, t]));
  const obligations = await projectObligations(db, projectId, today);
  const payments = await paymentSummary(db, projectId);
  const reports = await db.selectFrom("report").selectAll().where("project_id", "=", projectId).orderBy("period_end").orderBy("id").limit(500).execute();
  const reportCosts = await db
    .selectFrom("report_cost as c")
    .innerJoin("report as r", "r.id", "c.report_id")
    .select(["c.report_id", "c.kind", "c.amount_cents", "c.explanation"])
    .where("r.project_id", "=", projectId)
    .execute();
  const realised = await realisedYears(db, projectId);
  const refund = await refundView(db, projectId);
  return {
    targets: indicators.map((i) => {
      const t = split.get(i.id)!;
      return {
        id: i.id,
        kind: i.kind,
        name: i.name,
        unit: i.unit,
        targetKind: i.targetKind,
        target: i.target,
        value: i.value,
        entryCount: i.entryCount,
        lastEntryDate: i.lastEntryDate,
        gender:
          t.gender_reported_total === 0
            ? null
            : {
                women: t.women_total,
                men: t.men_total,
                other: t.other_total,
                reported: t.gender_reported_total,
                womenBp: i.gender?.womenBp ?? null,
                menBp: i.gender?.menBp ?? null,
                otherBp: i.gender?.otherBp ?? null,
              },
        pace: i.pace
          ? {
              verdict: i.pace.verdict,
              rateBp: i.pace.rateBp,
              elapsedBp: i.pace.elapsedBp,
              expectedToDate: i.pace.expectedToDate,
              projectedEnd: i.pace.projectedEnd,
            }
          : null,
        outcome: i.outcome ? { rateBp: i.outcome.rateBp, verdict: i.outcome.verdict } : null,
        shareOfReachedBp: i.shareOfReachedBp,
        entries: entries
          .filter((e) => e.indicator_id === i.id)
          .map((e) => ({ date: e.entry_date, value: e.value, women: e.women, men: e.men, other: e.other, note: e.note, source: e.source })),
      };
    }),
    obligations: obligations.map((o) => ({
      id: o.id,
      kind: o.kind,
      title: o.title,
      timesPerYear: o.timesPerYear,
      everyMonths: o.everyMonths,
      daysAfter: o.daysAfter,
      dueDate: o.dueDate,
      reminderDays: o.reminderDays === "" ? [] : o.reminderDays.split(",").map(Number),
      responsibleName: o.responsibleName,
      deadlines: o.deadlines.map((d) => ({
        id: d.id,
        seq: d.seq,
        periodStart: d.periodStart,
        periodEnd: d.periodEnd,
        dueDate: d.dueDate,
        status: d.status,
        standing: d.bucket,
        submittedOn: d.submittedOn,
        decidedOn: d.decidedOn,
        note: d.note,
      })),
    })),
    reports: reports.map((r) => ({
      id: r.id,
      deadlineId: r.deadline_id,
      kind: r.kind,
      status: r.status,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      reached: { women: r.reached_women, men: r.reached_men, other: r.reached_other, total: r.reached_total },
      outcomes: { work: r.outcome_work, education: r.outcome_education, other: r.outcome_other },
      partners: r.partners,
      received: { esrCents: r.esr_received_cents, cityCents: r.city_received_cents, otherCents: r.other_received_cents },
      costs: reportCosts.filter((c) => c.report_id === r.id).map((c) => ({ kind: c.kind, amountCents: c.amount_cents, explanation: c.explanation })),
      submissionCount: r.submission_count,
      submittedAt: r.submitted_at,
      returnedAt: r.returned_at,
      acceptedAt: r.accepted_at,
    })),
    realisedYears: realised.map((y) => ({
      year: y.year,
      costCents: y.cost_cents,
      esrCents: y.esr_cents,
      cityCents: y.city_cents,
      otherCents: y.other_cents,
      reportCount: y.report_count,
    })),
    refund: refund
      ? {
          final: refund.final,
          basis: refund.basis,
          claim: refund.claim
            ? {
                amountCents: refund.claim.amountCents,
                status: refund.claim.status,
                claimedOn: refund.claim.claimedOn,
                paidOn: refund.claim.paidOn,
                note: refund.claim.note,
              }
            : null,
        }
      : null,
    paymentApplications: {
      planEsrCents: payments.planEsrCents,
      appliedCents: payments.appliedCents,
      approvedCents: payments.approvedCents,
      stillToApplyCents: payments.stillToApplyCents,
      applications: payments.applications,
    },
  };
}
