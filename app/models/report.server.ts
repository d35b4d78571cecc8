/**
 * Reports from grantees (docs/decisions/013): starting one for a deadline, saving a draft,
 * submitting it against the plan, the manager's review (return with comments, or accept), and
 * what acceptance does in the same transaction: the report's counts become entries of the
 * project's indicators (once: indicator_entry_report_once), its money becomes the project's
 * realised figures per year, and the deadline is marked accepted.
 *
 * Every read goes through the viewer's project scope: another organisation's report is not
 * found. State changes are conditional updates (WHERE status = …), so two reviews at the same
 * time cannot both act.
 */
import { sql, type Selectable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { ReportTable } from "../../db/schema";
import type { Viewer } from "~/domain/permissions";
import {
  checkSubmission,
  costRows,
  deadlineStatusFor,
  indicatorEntriesOf,
  isEditable,
  nextStatus,
  realisedByYear,
  reportKindFor,
  totalCost,
  withComputedCosts,
  type ReportCost,
  type ReportFigures,
  type ReportPlan,
  type ReportSection,
  type ReportStatus,
} from "~/domain/report";
import { computeRefund, type RefundBasis } from "~/domain/refund";
import { nowIso, type Day } from "~/domain/days";
import type { CostKind, CostModel } from "~/domain/vocabulary";
import type { Cents } from "~/domain/money";
import type { ReviewInput } from "~/schemas/report-review";
import type { MessageKey } from "~/i18n";
import { audited, type Actor } from "./audit.server";
import { InputError, type FieldErrors } from "./errors.server";
import { projectVisible } from "./scope.server";
import { checkOutcomesWithinReach, refreshTotals } from "./indicator.server";

export type ReportRow = Selectable<ReportTable>;

/** A report with its project's names, if the viewer may see the project (else undefined). */
export async function getReport(db: Tx, viewer: Viewer, reportId: number) {
  return db
    .selectFrom("report as r")
    .innerJoin("project as p", "p.id", "r.project_id")
    .selectAll("r")
    .select(["p.short_name", "p.name as project_name", "p.case_number"])
    .where("r.id", "=", reportId)
    .where(projectVisible(viewer, "p"))
    .executeTakeFirst();
}

export type ReportWithProject = NonNullable<Awaited<ReturnType<typeof getReport>>>;

/** Who may write a report: a manager, or a representative of an organisation that may see the project. */
export function canWriteReports(viewer: Viewer): boolean {
  return viewer.role === "manager" || viewer.role === "association";
}

export async function reportCosts(db: Tx, reportId: number): Promise<ReportCost[]> {
  const rows = await db.selectFrom("report_cost").select(["kind", "amount_cents", "explanation"]).where("report_id", "=", reportId).execute();
  return rows.map((r) => ({ kind: r.kind, amountCents: r.amount_cents, explanation: r.explanation }));
}

/** The current plan a report is checked against (undefined when the project has no current plan). */
export async function reportPlan(db: Tx, projectId: number): Promise<ReportPlan | undefined> {
  const v = await db
    .selectFrom("plan_version")
    .select(["id", "start_date", "end_date", "total_budget_cents", "cost_model", "flat_rate_bp"])
    .where("project_id", "=", projectId)
    .where("state", "=", "current")
    .executeTakeFirst();
  if (!v) return undefined;
  const lines = await db
    .selectFrom("plan_line")
    .select(["kind", (eb) => eb.fn.sum<number>("amount_cents").as("cents")])
    .where("plan_version_id", "=", v.id)
    .where("side", "=", "cost")
    .groupBy("kind")
    .execute();
  const plannedByKind: Partial<Record<CostKind, Cents>> = {};
  for (const l of lines) plannedByKind[l.kind as CostKind] = Number(l.cents);
  return {
    start: v.start_date,
    end: v.end_date,
    totalBudgetCents: v.total_budget_cents,
    costModel: v.cost_model as CostModel,
    flatRateBp: v.flat_rate_bp,
    plannedByKind,
  };
}

/** Realised costs by kind of the project's accepted reports (one report left out, if named). */
export async function acceptedCostsByKind(db: Tx, projectId: number, except: number | null = null): Promise<Partial<Record<CostKind, Cents>>> {
  let q = db
    .selectFrom("report_cost as c")
    .innerJoin("report as r", "r.id", "c.report_id")
    .select(["c.kind", (eb) => eb.fn.sum<number>("c.amount_cents").as("cents")])
    .where("r.project_id", "=", projectId)
    .where("r.status", "=", "accepted")
    .groupBy("c.kind");
  if (except !== null) q = q.where("r.id", "<>", except);
  const out: Partial<Record<CostKind, Cents>> = {};
  for (const r of await q.execute()) out[r.kind] = Number(r.cents);
  return out;
}

/** The stored report → the figures the domain checks. */
export function figuresOf(r: ReportRow, costs: ReportCost[]): ReportFigures {
  return {
    periodStart: r.period_start,
    periodEnd: r.period_end,
    reachedWomen: r.reached_women,
    reachedMen: r.reached_men,
    reachedOther: r.reached_other,
    reachedTotal: r.reached_total,
    outcomeWork: r.outcome_work,
    outcomeEducation: r.outcome_education,
    outcomeOther: r.outcome_other,
    partners: r.partners,
    esrReceivedCents: r.esr_received_cents,
    cityReceivedCents: r.city_received_cents,
    otherReceivedCents: r.other_received_cents,
    costs,
    doneText: r.done_text,
    changesText: r.changes_text,
    nextText: r.next_text,
  };
}

/**
 * The report of a deadline: the existing one, or a new draft with the deadline's period. Null
 * when the viewer may not see the deadline or its obligation asks for no report.
 */
export async function startReport(db: DB, actor: Actor, viewer: Viewer, deadlineId: number): Promise<number | null> {
  return audited(db, actor, async (tx) => {
    const d = await tx
      .selectFrom("deadline as d")
      .innerJoin("project as p", "p.id", "d.project_id")
      .innerJoin("obligation as o", "o.id", "d.obligation_id")
      .select(["d.id", "d.project_id", "d.period_start", "d.period_end", "d.due_date", "o.kind", "p.lead_organisation_id"])
      .where("d.id", "=", deadlineId)
      .where(projectVisible(viewer, "p"))
      .executeTakeFirst();
    if (!d) return null;
    const kind = reportKindFor(d.kind);
    if (!kind) return null;
    const existing = await tx.selectFrom("report").select("id").where("deadline_id", "=", deadlineId).executeTakeFirst();
    if (existing) return existing.id;
    const now = nowIso();
    const { id } = await tx
      .insertInto("report")
      .values({
        project_id: d.project_id,
        deadline_id: d.id,
        kind,
        organisation_id: viewer.organisationId ?? d.lead_organisation_id,
        period_start: d.period_start,
        period_end: d.period_end,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  });
}

function columnsOf(f: ReportFigures) {
  return {
    period_start: f.periodStart,
    period_end: f.periodEnd,
    reached_women: f.reachedWomen,
    reached_men: f.reachedMen,
    reached_other: f.reachedOther,
    reached_total: f.reachedTotal,
    outcome_work: f.outcomeWork,
    outcome_education: f.outcomeEducation,
    outcome_other: f.outcomeOther,
    partners: f.partners,
    esr_received_cents: f.esrReceivedCents,
    city_received_cents: f.cityReceivedCents,
    other_received_cents: f.otherReceivedCents,
    done_text: f.doneText,
    changes_text: f.changesText,
    next_text: f.nextText,
  };
}

const toFieldErrors = (issues: { path: string; key: string; params?: Record<string, string | number> }[]): FieldErrors => {
  const out: FieldErrors = {};
  for (const i of issues) if (!out[i.path]) out[i.path] = { key: i.key as MessageKey, params: i.params };
  return out;
};

/**
 * Saves the report (a draft, or a returned report being fixed), and submits it when `submit`:
 * the submission is checked against the plan and the accepted reports before it; a failed
 * check saves nothing. Returns the new state, or null when the report is not the viewer's to see.
 */
export async function saveReport(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  reportId: number,
  input: ReportFigures,
  revision: number,
  opts: { submit: boolean; today: Day },
): Promise<ReportStatus | null> {
  return audited(db, actor, async (tx) => {
    const r = await getReport(tx, viewer, reportId);
    if (!r) return null;
    if (!isEditable(r.status)) throw new InputError({ revision: { key: "report.error.locked" } });
    if (r.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "report", id: reportId, revision });
    const plan = await reportPlan(tx, r.project_id);
    if (!plan) return null;
    const costs = withComputedCosts(input.costs, plan);
    let status: ReportStatus = r.status;
    const extra: { submission_count?: number; submitted_at?: string; submitted_by?: number | null } = {};
    if (opts.submit) {
      const issues = checkSubmission(input, plan, await acceptedCostsByKind(tx, r.project_id, reportId));
      if (issues.length > 0) throw new InputError(toFieldErrors(issues));
      status = nextStatus(r.status, "submit")!;
      Object.assign(extra, { submission_count: r.submission_count + 1, submitted_at: nowIso(), submitted_by: actor.userId });
    }
    await tx
      .updateTable("report")
      .set((eb) => ({ ...columnsOf(input), ...extra, status, updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", reportId)
      .execute();
    await tx.deleteFrom("report_cost").where("report_id", "=", reportId).execute();
    const rows = costs.filter((c) => c.amountCents > 0 || c.explanation !== "" || input.costs.some((x) => x.kind === c.kind));
    if (rows.length > 0)
      await tx
        .insertInto("report_cost")
        .values(rows.map((c) => ({ report_id: reportId, kind: c.kind, amount_cents: c.amountCents, explanation: c.explanation })))
        .execute();
    if (opts.submit && r.deadline_id !== null)
      await tx
        .updateTable("deadline")
        .set((eb) => ({
          status: deadlineStatusFor(status),
          submitted_on: opts.today,
          decided_on: null,
          updated_at: nowIso(),
          revision: eb("revision", "+", 1),
        }))
        .where("id", "=", r.deadline_id)
        .execute();
    return status;
  });
}

/**
 * The manager's review of a submitted report: return it with comments, or accept it. Refused
 * (InputError at `decision`) when the report is no longer submitted: someone else decided first.
 */
export async function reviewReport(db: DB, actor: Actor, viewer: Viewer, reportId: number, input: ReviewInput, today: Day): Promise<ReportStatus | null> {
  return audited(db, actor, async (tx) => {
    const r = await getReport(tx, viewer, reportId);
    if (!r) return null;
    const action = input.decision === "accept" ? "accept" : "return";
    const to = nextStatus(r.status, action);
    if (!to) throw new InputError({ decision: { key: "report.error.notSubmitted" } });
    const now = nowIso();
    const moved = await tx
      .updateTable("report")
      .set((eb) => ({
        status: to,
        ...(to === "accepted" ? { accepted_at: now, accepted_by: actor.userId } : { returned_at: now, returned_by: actor.userId }),
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", reportId)
      .where("status", "=", "submitted")
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new InputError({ decision: { key: "report.error.notSubmitted" } });
    if (input.comments.length > 0)
      await tx
        .insertInto("report_comment")
        .values(
          input.comments.map((c) => ({
            report_id: reportId,
            round: r.submission_count,
            section: c.section,
            body: c.body,
            created_by: actor.userId,
            created_at: now,
          })),
        )
        .execute();
    if (r.deadline_id !== null)
      await tx
        .updateTable("deadline")
        .set((eb) => ({ status: deadlineStatusFor(to), decided_on: today, updated_at: now, revision: eb("revision", "+", 1) }))
        .where("id", "=", r.deadline_id)
        .execute();
    if (to === "accepted") await applyAccepted(tx, actor, r, today);
    return to;
  });
}

/** What acceptance adds: indicator entries (once per indicator) and the realised figures per year. */
async function applyAccepted(tx: Tx, actor: Actor, r: ReportRow, today: Day): Promise<void> {
  const costs = await reportCosts(tx, r.id);
  const f = figuresOf(r, costs);
  const plan = await reportPlan(tx, r.project_id);
  const start = r.period_start!;
  const end = r.period_end!;
  // Entries are dated at the period's end (or today, if it ends later), inside the project's period.
  let entryDate = end > today ? today : end;
  if (plan && entryDate > plan.end) entryDate = plan.end;
  if (plan && entryDate < plan.start) entryDate = plan.start;
  const e = indicatorEntriesOf(f);
  const indicators = await tx.selectFrom("indicator").select(["id", "kind"]).where("project_id", "=", r.project_id).execute();
  const find = (kind: string) => indicators.find((i) => i.kind === kind)?.id ?? null;
  const ensure = async (kind: "reach" | "outcome_either" | "partners") => {
    const have = find(kind);
    if (have !== null) return have;
    const now = nowIso();
    const { id } = await tx
      .insertInto("indicator")
      .values({
        project_id: r.project_id,
        kind,
        target_kind: kind === "outcome_either" ? "percent" : "count",
        target_value: null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    indicators.push({ id, kind });
    return id;
  };
  const note = `report:${r.id}`;
  const add = async (indicatorId: number, value: number, split: { women: number; men: number; other: number } | null) => {
    await tx
      .insertInto("indicator_entry")
      .values({
        indicator_id: indicatorId,
        entry_date: entryDate,
        value,
        women: split?.women ?? null,
        men: split?.men ?? null,
        other: split?.other ?? null,
        note,
        source: "report",
        created_by: actor.userId,
        created_at: nowIso(),
        report_id: r.id,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await refreshTotals(tx, indicatorId);
  };
  // All "other or not reported": no gender split is known, so none is recorded.
  if (e.reach)
    await add(await ensure("reach"), e.reach.value, e.reach.women + e.reach.men > 0 ? { women: e.reach.women, men: e.reach.men, other: e.reach.other } : null);
  const work = find("outcome_work");
  const education = find("outcome_education");
  let either = find("outcome_either");
  if (work === null && education === null && either === null && e.work + e.education > 0) either = await ensure("outcome_either");
  if (work !== null) await add(work, e.work, null);
  if (education !== null) await add(education, e.education, null);
  if (either !== null) await add(either, e.work + e.education, null);
  if (e.partners > 0 || find("partners") !== null) await add(await ensure("partners"), e.partners, null);
  await checkOutcomesWithinReach(tx, r.project_id, "decision");

  const years = realisedByYear(start, end, {
    costCents: totalCost(costs),
    esrCents: f.esrReceivedCents ?? 0,
    cityCents: f.cityReceivedCents ?? 0,
    otherCents: f.otherReceivedCents ?? 0,
  });
  for (const y of years)
    await sql`INSERT INTO realised_year (project_id, year, cost_cents, esr_cents, city_cents, other_cents, report_count)
      VALUES (${r.project_id}, ${y.year}, ${y.costCents}, ${y.esrCents}, ${y.cityCents}, ${y.otherCents}, 1)
      ON CONFLICT (project_id, year) DO UPDATE SET
        cost_cents = realised_year.cost_cents + excluded.cost_cents, esr_cents = realised_year.esr_cents + excluded.esr_cents,
        city_cents = realised_year.city_cents + excluded.city_cents, other_cents = realised_year.other_cents + excluded.other_cents,
        report_count = realised_year.report_count + 1`.execute(tx);
}

export async function reportComments(db: Tx, reportId: number) {
  return db
    .selectFrom("report_comment as c")
    .leftJoin("app_user as u", "u.id", "c.created_by")
    .select(["c.id", "c.round", "c.section", "c.body", "c.created_at", "u.name as author"])
    .where("c.report_id", "=", reportId)
    .orderBy("c.round", "desc")
    .orderBy("c.id")
    .execute();
}

export interface ReportSummary {
  id: number;
  kind: ReportRow["kind"];
  status: ReportStatus;
  periodStart: Day | null;
  periodEnd: Day | null;
  submissionCount: number;
  submittedAt: string | null;
  acceptedAt: string | null;
  reachedTotal: number | null;
  outcomes: number | null;
  partners: number | null;
  costCents: Cents;
  dueDate: Day | null;
  deadlineId: number | null;
}

/** The project's reports, newest period first (at most 100: a project reports a few times a year). */
export async function projectReports(db: Tx, projectId: number): Promise<ReportSummary[]> {
  const rows = await db
    .selectFrom("report as r")
    .leftJoin("deadline as d", "d.id", "r.deadline_id")
    .select([
      "r.id",
      "r.kind",
      "r.status",
      "r.period_start",
      "r.period_end",
      "r.submission_count",
      "r.submitted_at",
      "r.accepted_at",
      "r.reached_total",
      "r.outcome_work",
      "r.outcome_education",
      "r.partners",
      "d.due_date",
      "r.deadline_id",
      (eb) =>
        eb
          .selectFrom("report_cost as c")
          .select((e2) => e2.fn.coalesce(e2.fn.sum<number>("c.amount_cents"), e2.lit(0)).as("s"))
          .whereRef("c.report_id", "=", "r.id")
          .as("cost"),
    ])
    .where("r.project_id", "=", projectId)
    .orderBy(sql`COALESCE(r.period_end, d.due_date)`, "desc")
    .orderBy("r.id", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    submissionCount: r.submission_count,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    reachedTotal: r.reached_total,
    outcomes: r.outcome_work === null && r.outcome_education === null ? null : (r.outcome_work ?? 0) + (r.outcome_education ?? 0),
    partners: r.partners,
    costCents: Number(r.cost ?? 0),
    dueDate: r.due_date,
    deadlineId: r.deadline_id,
  }));
}

/** The project's realised figures per year (the sum of its accepted reports). */
export async function realisedYears(db: Tx, projectId: number) {
  return db
    .selectFrom("realised_year")
    .select(["year", "cost_cents", "esr_cents", "city_cents", "other_cents", "report_count"])
    .where("project_id", "=", projectId)
    .orderBy("year")
    .execute();
}

export interface RefundView {
  basis: RefundBasis;
  /** The final report is accepted: the figures are final and a claim can be made. */
  final: boolean;
  finalReportId: number | null;
  claim: {
    id: number;
    amountCents: Cents;
    status: "claimed" | "paid";
    claimedOn: Day;
    paidOn: Day | null;
    note: string;
    revision: number;
    basis: RefundBasis;
  } | null;
}

/** What the city's share should have been and what was overpaid, from the accepted reports. */
export async function refundView(db: Tx, projectId: number): Promise<RefundView | null> {
  const plan = await reportPlan(db, projectId);
  if (!plan) return null;
  const agg = await db
    .selectFrom("report")
    .select([
      (eb) => eb.fn.coalesce(eb.fn.sum<number>("city_received_cents"), eb.lit(0)).as("paid"),
      (eb) => eb.fn.count<number>("id").as("n"),
      (eb) => eb.fn.max(sql<number | null>`CASE WHEN kind = 'final' THEN id END`).as("final_id"),
    ])
    .where("project_id", "=", projectId)
    .where("status", "=", "accepted")
    .executeTakeFirstOrThrow();
  if (Number(agg.n) === 0) return null;
  const explained = await db
    .selectFrom("report_cost as c")
    .innerJoin("report as r", "r.id", "c.report_id")
    .select("c.kind")
    .distinct()
    .where("r.project_id", "=", projectId)
    .where("r.status", "=", "accepted")
    .where("c.explanation", "<>", "")
    .execute();
  const fig = await db.selectFrom("project_figure").select(["commitment_cents"]).where("project_id", "=", projectId).executeTakeFirst();
  const basis = computeRefund({
    totalBudgetCents: plan.totalBudgetCents,
    // The whole commitment, confirmed and conditional (project_figure.commitment_cents holds both).
    commitmentCents: fig?.commitment_cents ?? 0,
    paidCents: Number(agg.paid),
    plannedByKind: plan.plannedByKind,
    realisedByKind: await acceptedCostsByKind(db, projectId),
    explainedKinds: explained.map((e) => e.kind),
  });
  const row = await db.selectFrom("refund").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  return {
    basis,
    final: agg.final_id !== null,
    finalReportId: agg.final_id === null ? null : Number(agg.final_id),
    claim: row
      ? {
          id: row.id,
          amountCents: row.amount_cents,
          status: row.status,
          claimedOn: row.claimed_on,
          paidOn: row.paid_on,
          note: row.note,
          revision: row.revision,
          basis: JSON.parse(row.basis) as RefundBasis,
        }
      : null,
  };
}

/** A manager claims the overpaid co-financing back (only once the final report is accepted). */
export async function claimRefund(db: DB, actor: Actor, projectId: number, claimedOn: Day, note: string): Promise<void> {
  await audited(db, actor, async (tx) => {
    const view = await refundView(tx, projectId);
    if (!view || !view.final) throw new InputError({ claimedOn: { key: "refund.error.notFinal" } });
    if (view.claim) throw new InputError({ claimedOn: { key: "refund.error.alreadyClaimed" } });
    if (view.basis.overpaidCents <= 0) throw new InputError({ claimedOn: { key: "refund.error.nothingOverpaid" } });
    const now = nowIso();
    await tx
      .insertInto("refund")
      .values({
        project_id: projectId,
        report_id: view.finalReportId,
        amount_cents: view.basis.overpaidCents,
        basis: JSON.stringify(view.basis),
        status: "claimed",
        claimed_on: claimedOn,
        note,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
}

/** Marks the claimed refund paid. */
export async function markRefundPaid(db: DB, actor: Actor, projectId: number, paidOn: Day, revision: number): Promise<void> {
  await audited(db, actor, async (tx) => {
    const row = await tx.selectFrom("refund").selectAll().where("project_id", "=", projectId).executeTakeFirst();
    if (!row) throw new InputError({ paidOn: { key: "refund.error.notClaimed" } });
    if (row.status === "paid") throw new InputError({ paidOn: { key: "refund.error.alreadyPaid" } });
    if (row.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "refund", id: row.id, revision });
    if (paidOn < row.claimed_on) throw new InputError({ paidOn: { key: "refund.error.paidBeforeClaimed", params: { claimedDay: row.claimed_on } } });
    await tx
      .updateTable("refund")
      .set((eb) => ({ status: "paid", paid_on: paidOn, updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  });
}

export type ReviewComment = Awaited<ReturnType<typeof reportComments>>[number];
export type { ReportSection };

/**
 * What every page of one report shows (the view, the form, the review): the report and its
 * project, its figures (the flat rate computed), the plan's cost kinds with their planned and
 * earlier accepted amounts, the reviewer's comments and the project's other reports. Undefined
 * when the viewer may not see the project (the routes answer 404).
 */
export async function reportPageData(db: DB, viewer: Viewer, reportId: number) {
  const r = await getReport(db, viewer, reportId);
  if (!r) return undefined;
  const plan = await reportPlan(db, r.project_id);
  if (!plan) return undefined;
  const costs = await reportCosts(db, r.id);
  const earlier = await acceptedCostsByKind(db, r.project_id, r.id);
  const ids = [r.submitted_by, r.accepted_by, r.returned_by].filter((x): x is number => x !== null);
  const names = ids.length > 0 ? await db.selectFrom("app_user").select(["id", "name"]).where("id", "in", ids).execute() : [];
  const nameOf = (id: number | null) => names.find((n) => n.id === id)?.name ?? null;
  return {
    row: r,
    costs,
    report: {
      id: r.id,
      kind: r.kind,
      status: r.status,
      projectId: r.project_id,
      shortName: r.short_name,
      projectName: r.project_name,
      caseNumber: r.case_number,
      submissionCount: r.submission_count,
      submittedAt: r.submitted_at,
      submittedBy: nameOf(r.submitted_by),
      returnedAt: r.returned_at,
      acceptedAt: r.accepted_at,
      revision: r.revision,
    },
    figures: figuresOf(r, costs),
    computedCosts: withComputedCosts(costs, plan),
    plan: { start: plan.start, end: plan.end, totalBudgetCents: plan.totalBudgetCents, flatRateBp: plan.flatRateBp },
    costRows: costRows(plan).map((c) => ({ ...c, plannedCents: plan.plannedByKind[c.kind] ?? null, earlierCents: earlier[c.kind] ?? 0 })),
    comments: await reportComments(db, r.id),
    previous: (await projectReports(db, r.project_id)).filter((x) => x.id !== r.id),
  };
}
