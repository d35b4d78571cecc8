/**
 * A ledger file in (the export's document, docs/import-format.md): validated as a whole against
 * the database inside one transaction (schemas/ledger-file-rules.ts, then the rules of the
 * projects' reports, of the committee's meetings and of the employment bonus claims below) and
 * written only when there is no problem at all: all or nothing.
 */

import { sql, type Insertable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type {
  BonusClaimAttachmentTable,
  BonusClaimEventTable,
  BonusClaimTable,
  DeadlineTable,
  IndicatorEntryTable,
  IndicatorTable,
  ObligationTable,
  PaymentApplicationTable,
  RealisedYearTable,
  RefundTable,
  ReportAttachmentTable,
  ReportCommentTable,
  ReportCostTable,
  ReportTable,
} from "../../db/schema";

import type { MessageKey } from "~/i18n";
import { nowIso } from "~/domain/days";
import { todayInHelsinki } from "~/domain/clock";
import { validateBusinessId } from "~/domain/business-id";
import { DEFAULT_DAYS_AFTER } from "~/domain/obligations";
import { checkCounts, realisedByYear, reportKindFor, totalCost } from "~/domain/report";
import { costKindsFor } from "~/domain/vocabulary";
import { MAX_REFERENCE, looksLikeHetu, payableOn, referenceKey, referenceProblem, type ReferenceProblem } from "~/domain/bonus";
import type { LineInput, PlanInput } from "~/schemas/ledger";
import {
  LEDGER_FORMAT,
  LEDGER_FORMAT_VERSION,
  agendaItemSchema,
  bonusClaimSchema,
  bonusYearSchema,
  formatPath,
  headerSchema,
  meetingHeadSchema,
  meetingMemberSchema,
  organisationSchema,
  projectSchema,
  zodProblems,
  type FileAgendaItem,
  type FileBonusClaim,
  type FileBonusYear,
  type FileMeetingHead,
  type FileMeetingMember,
  type FilePlanVersion,
  type FileProblem,
  type FileProject,
  type FileRealisedYear,
  type FileReport,
  type PathSegment,
  type ProblemParams,
} from "~/schemas/ledger-file";
import { storedFlatRateBp, validateLedgerFile, type ImportPlan, type LedgerSnapshot } from "~/schemas/ledger-file-rules";

import { insertCommitmentYears, insertPlanVersion } from "./plan-write.server";
import { audited, SYSTEM, type Actor } from "./audit.server";

/* ---------- import ---------- */

export interface ImportSummary {
  /** `name`: as the file has it; `databaseName`: the organisation actually used (differs when matched by business ID). */
  organisations: { id: number; name: string; databaseName: string; businessId: string | null; action: "created" | "matchedByBusinessId" | "matchedByName" }[];
  projects: {
    id: number;
    caseNumber: string;
    shortName: string;
    versions: number;
    commitments: number;
    changeRequests: number;
    targets: number;
    entries: number;
    obligations: number;
    deadlines: number;
    paymentApplications: number;
    reports: number;
  }[];
  /** The meetings written, in the file's order, with their number of agenda items. */
  meetings: { id: number; body: string; date: string; items: number }[];
  /**
   * The employment bonus: the years whose budget was written, those whose budget the database
   * already had (kept as it is there, as an existing organisation is), and the claims with their
   * events and attachments.
   */
  bonus: { years: number[]; yearsKept: number[]; claims: number; events: number; attachments: number };
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; problems: FileProblem[] };

class ImportRejected extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(`import rejected: ${problems.length} problems`);
  }
}

/** What the database holds that the file's rules depend on. */
export async function loadLedgerSnapshot(db: Tx): Promise<LedgerSnapshot> {
  const organisations = await db.selectFrom("organisation").select(["id", "name", "kind", "business_id"]).execute();
  const projects = await db.selectFrom("project").select("case_number").execute();
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind, businessId: o.business_id })),
    caseNumbers: new Set(projects.map((p) => p.case_number)),
    today: todayInHelsinki(),
  };
}

/**
 * Imports a parsed JSON document (the export's shape). Validation and writing happen in one
 * transaction; on any problem nothing is written and every problem is returned.
 */
export async function importLedger(db: DB, document: unknown, actor: Actor = SYSTEM): Promise<ImportResult> {
  try {
    const summary = await audited(db, actor, async (tx) => {
      const result = await importLedgerIn(tx, document);
      if (!result.ok) throw new ImportRejected(result.problems);
      return result.summary;
    });
    return { ok: true, summary };
  } catch (e) {
    if (e instanceof ImportRejected) return { ok: false, problems: e.problems };
    throw e;
  }
}

/**
 * importLedger inside the caller's transaction (one opened with `audited`, so that the audit
 * trail names the actor and the derived figures are refreshed): the same checks and the same
 * writes, and nothing written when there is any problem. The caller may write more in the same
 * transaction (the spreadsheet import marks its upload imported), or roll it back.
 */
export async function importLedgerIn(tx: Tx, document: unknown): Promise<ImportResult> {
  const checked = await checkLedger(tx, document);
  if (!checked.ok) return checked;
  const { plan, resolve, meetings, bonus } = checked;
  const written = await writeImport(tx, plan, resolve);
  written.summary.meetings = await writeMeetings(tx, meetings, written.projectIds, written.requestIds);
  written.summary.bonus = await writeBonus(tx, bonus, written.projectIds, written.organisationId);
  return { ok: true, summary: written.summary };
}

/**
 * Every problem importLedger would report for the document against the database as it is,
 * without writing anything (a dry run: the spreadsheet import's preview). An empty list: the
 * import would succeed.
 */
export async function validateLedger(db: Tx, document: unknown): Promise<FileProblem[]> {
  const checked = await checkLedger(db, document);
  return checked.ok ? [] : checked.problems;
}

type Checked =
  { ok: true; plan: ImportPlan; resolve: OrganisationResolver; meetings: ReadMeeting[]; bonus: ReadBonus } | { ok: false; problems: FileProblem[] };

/** The document read and checked against the database (reads only): what to write, or every problem. */
async function checkLedger(tx: Tx, document: unknown): Promise<Checked> {
  const snapshot = await loadLedgerSnapshot(tx);
  const checked = validateLedgerFile(document, snapshot);
  // The meetings and the bonus claims are read beside the rest: their problems are reported with the others'.
  const meetings = readMeetings(document);
  const meetingProblems = [...meetings.problems, ...(await meetingConflicts(tx, meetings.meetings))];
  const bonus = readBonus(document, snapshot);
  const bonusProblems = [...bonus.problems, ...(await bonusConflicts(tx, bonus))];
  if (!checked.ok) {
    // The reports' rules too, of every project that can be read as a whole: every problem at once.
    return {
      ok: false,
      problems: [
        ...checked.problems,
        ...checkReports(readableProjects(document), organisationResolver(fileRefsOf(document), snapshot)),
        ...meetingProblems,
        ...bonusProblems,
      ],
    };
  }
  const fileRefs: (string | null)[] = [];
  for (const o of checked.plan.organisations) fileRefs[o.index] = o.organisation.ref;
  const resolve = organisationResolver(fileRefs, snapshot);
  const reportProblems = checkReports(
    checked.plan.projects.map((project, index) => ({ index, project })),
    resolve,
  );
  if (reportProblems.length > 0 || meetingProblems.length > 0 || bonusProblems.length > 0)
    return { ok: false, problems: [...reportProblems, ...meetingProblems, ...bonusProblems] };
  return { ok: true, plan: checked.plan, resolve, meetings: meetings.meetings as ReadMeeting[], bonus: bonus as ReadBonus };
}

/** What was written, with the new ids of the projects (by place in the file) and their change requests (by place in the project's list). */
interface Written {
  summary: ImportSummary;
  projectIds: number[];
  requestIds: number[][];
  /** The id of the organisation a reference names (of the file, as written or matched, or of the database). */
  organisationId: (ref: string) => number;
}

async function writeImport(tx: Tx, plan: ImportPlan, resolve: OrganisationResolver): Promise<Written> {
  const now = nowIso();
  const summary: ImportSummary = { organisations: [], projects: [], meetings: [], bonus: { years: [], yearsKept: [], claims: 0, events: 0, attachments: 0 } };
  const projectIds: number[] = [];
  const requestIds: number[][] = [];

  // Organisations: existing ones are used as they are; new ones are created parents first.
  const idOfFile = new Map<number, number>();
  for (const o of plan.organisations) {
    if (o.match) {
      idOfFile.set(o.index, o.match.id);
      const used = await tx.selectFrom("organisation").select("name").where("id", "=", o.match.id).executeTakeFirstOrThrow();
      summary.organisations.push({
        id: o.match.id,
        name: o.organisation.name,
        databaseName: used.name,
        businessId: o.organisation.businessId,
        action: o.match.by === "businessId" ? "matchedByBusinessId" : "matchedByName",
      });
    }
  }
  const idOf = (ref: string): number => {
    const t = plan.refs.get(ref);
    if (!t) throw new Error(`unresolved organisation reference ${ref}`);
    if ("db" in t) return t.db;
    const id = idOfFile.get(t.file);
    if (id === undefined) throw new Error(`organisation ${ref} is not written yet`);
    return id;
  };
  // In file order, each as soon as its parent exists (validation has ruled out cycles).
  let pending = plan.organisations.filter((o) => !o.match);
  while (pending.length > 0) {
    const deferred: typeof pending = [];
    for (const o of pending) {
      const org = o.organisation;
      if (org.parent !== null && !isWritten(plan, idOfFile, org.parent)) {
        deferred.push(o);
        continue;
      }
      const { id } = await tx
        .insertInto("organisation")
        .values({
          name: org.name,
          short_name: org.shortName,
          kind: org.kind,
          business_id: org.businessId,
          parent_id: org.parent === null ? null : idOf(org.parent),
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      idOfFile.set(o.index, id);
      summary.organisations.push({ id, name: org.name, databaseName: org.name, businessId: org.businessId, action: "created" });
    }
    if (deferred.length === pending.length) throw new Error("organisation parents form a cycle");
    pending = deferred;
  }

  /** A report's organisation (not among the references the file's rules resolved). */
  const organisationId = (value: string): number => {
    const t = resolve(value);
    if ("problem" in t) throw new Error(`unresolved organisation reference ${value}`);
    if ("db" in t) return t.db;
    const id = idOfFile.get(t.file);
    if (id === undefined) throw new Error(`organisation ${value} is not written yet`);
    return id;
  };
  const followUp = await followUpWriter(tx, now, organisationId);
  for (const p of plan.projects) {
    const created = p.createdAt ?? now;
    const { id: projectId } = await tx
      .insertInto("project")
      .values({
        name: p.name,
        short_name: p.shortName,
        case_number: p.caseNumber,
        lead_organisation_id: idOf(p.lead),
        funder_organisation_id: p.funder === null ? null : idOf(p.funder),
        programme: p.programme,
        specific_objective: p.specificObjective,
        target_group: p.targetGroup,
        description: p.description,
        status: p.status,
        eu_share_bp: p.euShareBp,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    let commitments = 0;
    const versionIds = new Map<number, number>();
    for (const v of [...p.planVersions].sort((a, b) => a.versionNumber - b.versionNumber)) {
      // The plan form's writer: the cost model computes what it computes (the rules checked it matches).
      const versionId = await insertPlanVersion(tx, projectId, v.versionNumber, v.state, toPlanInput(v, idOf));
      versionIds.set(v.versionNumber, versionId);
      if (v.createdAt) await tx.updateTable("plan_version").set({ created_at: v.createdAt, updated_at: v.createdAt }).where("id", "=", versionId).execute();
      for (const c of v.commitments) {
        const at = c.createdAt ?? now;
        const { id } = await tx
          .insertInto("commitment")
          .values({
            plan_version_id: versionId,
            organisation_id: idOf(c.organisation),
            amount_cents: c.amountCents,
            condition_status: c.conditionStatus,
            condition_text: c.conditionText,
            annual_budget_reservation: c.annualBudgetReservation ? 1 : 0,
            decision_body: c.decisionBody,
            decision_date: c.decisionDate,
            decision_section: c.decisionSection,
            note: c.note,
            created_at: at,
            updated_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await insertCommitmentYears(tx, id, c.years);
        commitments++;
      }
    }
    // Change requests, with the versions they name (the rules checked that these exist).
    const requests: number[] = [];
    for (const r of p.changeRequests) {
      const at = r.createdAt ?? now;
      const { id: requestId } = await tx
        .insertInto("change_request")
        .values({
          project_id: projectId,
          direction: r.direction,
          requested_by_organisation_id: r.requestedBy === null ? null : idOf(r.requestedBy),
          received_on: r.receivedOn,
          kinds: JSON.stringify(r.kinds),
          reason: r.reason,
          base_version_id: versionIds.get(r.baseVersionNumber)!,
          proposed_version_id: versionIds.get(r.proposedVersionNumber)!,
          proposed_name: r.proposedName,
          proposed_short_name: r.proposedShortName,
          proposed_target_group: r.proposedTargetGroup,
          previous_name: r.previousName,
          previous_short_name: r.previousShortName,
          previous_target_group: r.previousTargetGroup,
          state: r.state,
          condition_text: r.conditionText,
          condition_state: r.conditionState,
          condition_settled_on: r.conditionSettledOn,
          decision_body: r.decisionBody,
          decision_date: r.decisionDate,
          decision_section: r.decisionSection,
          decided_at: r.decidedAt,
          city_before_json: r.cityBeforeDecision === null ? null : JSON.stringify(r.cityBeforeDecision),
          city_after_json: r.cityAfterDecision === null ? null : JSON.stringify(r.cityAfterDecision),
          withdrawn_at: r.withdrawnAt,
          withdrawal_reason: r.withdrawalReason,
          corrected_at: r.correctedAt,
          correction_reason: r.correctionReason,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      requests.push(requestId);
    }
    projectIds.push(projectId);
    requestIds.push(requests);
    await followUp.add(projectId, p);
    summary.projects.push({
      id: projectId,
      caseNumber: p.caseNumber,
      shortName: p.shortName,
      versions: p.planVersions.length,
      commitments,
      changeRequests: p.changeRequests.length,
      targets: p.targets.length,
      entries: p.targets.reduce((a, t) => a + t.entries.length, 0),
      obligations: p.obligations.length,
      deadlines: p.obligations.reduce((a, o) => a + o.deadlines.length, 0),
      paymentApplications: p.paymentApplications.length,
      reports: p.reports.length,
    });
  }
  await followUp.flush();
  return { summary, projectIds, requestIds, organisationId };
}

/** Rows per INSERT statement of the follow-up tables (a report row has 32 columns: 16 000 variables, under SQLite's 32 766). */
const FOLLOW_UP_ROWS = 500;

/**
 * The projects' targets (with their totals computed from their entries, as the model's
 * refreshTotals does), entries (source 'import', linked to the report they came from),
 * obligations (with their deadlines as the file has them, generated for the current plan's
 * period), payment applications, reports (linked to their deadlines, with their costs, comments
 * and attachments' metadata), the realised figures per year (computed from the accepted
 * reports, as acceptance does; nothing of acceptance is applied again: the entries are the
 * file's) and the refund, written in batches of multi-row INSERTs across projects, not a round
 * trip per row. Targets, obligations, deadlines and reports get their ids here (after the
 * highest the table has given), so that their children can name them without reading anything back.
 */
async function followUpWriter(tx: Tx, now: string, organisationId: (ref: string) => number) {
  const nextId = async (table: "indicator" | "obligation" | "deadline" | "report") => {
    const max = Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.coalesce(eb.fn.max("id"), eb.lit(0)).as("id"))
          .executeTakeFirstOrThrow()
      ).id,
    );
    // AUTOINCREMENT never gives an id again, also not that of a deleted row.
    const seq = (await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = ${table}`.execute(tx)).rows[0]?.seq ?? 0;
    return Math.max(max, Number(seq)) + 1;
  };
  let indicatorId = await nextId("indicator");
  let obligationId = await nextId("obligation");
  let deadlineId = await nextId("deadline");
  let reportId = await nextId("report");
  const indicators: Insertable<IndicatorTable>[] = [];
  const entries: Insertable<IndicatorEntryTable>[] = [];
  const obligations: Insertable<ObligationTable>[] = [];
  const deadlines: Insertable<DeadlineTable>[] = [];
  const payments: Insertable<PaymentApplicationTable>[] = [];
  const reports: Insertable<ReportTable>[] = [];
  const reportCosts: Insertable<ReportCostTable>[] = [];
  const reportComments: Insertable<ReportCommentTable>[] = [];
  const reportAttachments: Insertable<ReportAttachmentTable>[] = [];
  const realisedYears: Insertable<RealisedYearTable>[] = [];
  const refunds: Insertable<RefundTable>[] = [];

  /** Parents before children (the foreign keys and audit rows need them): deadlines before reports, reports before entries and the refund. */
  async function flush(): Promise<void> {
    const batches = [
      ["indicator", indicators],
      ["obligation", obligations],
      ["deadline", deadlines],
      ["report", reports],
      ["report_cost", reportCosts],
      ["report_comment", reportComments],
      ["report_attachment", reportAttachments],
      ["indicator_entry", entries],
      ["payment_application", payments],
      ["realised_year", realisedYears],
      ["refund", refunds],
    ] as const;
    for (const [table, rows] of batches) {
      for (let i = 0; i < rows.length; i += FOLLOW_UP_ROWS)
        await tx
          .insertInto(table)
          .values(rows.slice(i, i + FOLLOW_UP_ROWS))
          .execute();
      rows.length = 0;
    }
  }

  async function add(projectId: number, p: FileProject): Promise<void> {
    const current = p.planVersions.find((v) => v.state === "current")!;
    // Ids first: entries name reports, reports name deadlines.
    const deadlineIds = new Map<string, number>();
    p.obligations.forEach((o, n) => {
      for (const d of o.deadlines) deadlineIds.set(`${n}:${d.seq}`, deadlineId++);
    });
    const reportIds = p.reports.map(() => reportId++);
    p.targets.forEach((t, n) => {
      const id = indicatorId++;
      let value = 0;
      let women = 0;
      let men = 0;
      let other = 0;
      let reported = 0;
      let last: string | null = null;
      for (const e of t.entries) {
        value += e.value;
        women += e.women ?? 0;
        men += e.men ?? 0;
        other += e.other ?? 0;
        if (e.women !== null) reported += e.value;
        if (last === null || e.date > last) last = e.date;
        entries.push({
          indicator_id: id,
          entry_date: e.date,
          value: e.value,
          women: e.women,
          men: e.men,
          other: e.other,
          note: e.note,
          source: "import",
          created_by: null,
          created_at: now,
          report_id: e.report == null ? null : reportIds[e.report]!,
        });
      }
      indicators.push({
        id,
        project_id: projectId,
        kind: t.kind,
        name: t.name,
        unit: t.unit,
        target_kind: t.targetKind,
        target_value: t.target,
        value_total: value,
        women_total: women,
        men_total: men,
        other_total: other,
        gender_reported_total: reported,
        entry_count: t.entries.length,
        last_entry_date: last,
        position: n + 1,
        created_at: now,
        updated_at: now,
      });
    });
    p.obligations.forEach((o, n) => {
      const id = obligationId++;
      obligations.push({
        id,
        project_id: projectId,
        kind: o.kind,
        title: o.title,
        times_per_year: o.timesPerYear,
        every_months: o.everyMonths,
        days_after: o.daysAfter ?? DEFAULT_DAYS_AFTER[o.kind],
        due_date: o.dueDate,
        responsible_user_id: null,
        reminder_days: o.reminderDays.join(","),
        // Generated for the current period: nothing is generated again when the figures are refreshed.
        gen_start: current.start,
        gen_end: current.end,
        created_at: now,
        updated_at: now,
      });
      for (const d of o.deadlines)
        deadlines.push({
          id: deadlineIds.get(`${n}:${d.seq}`)!,
          obligation_id: id,
          project_id: projectId,
          kind: o.kind,
          seq: d.seq,
          period_start: d.periodStart,
          period_end: d.periodEnd,
          due_date: d.dueDate,
          status: d.status,
          submitted_on: d.submittedOn,
          decided_on: d.decidedOn,
          note: d.note,
          created_at: now,
          updated_at: now,
        });
    });
    for (const a of p.paymentApplications)
      payments.push({
        project_id: projectId,
        period_start: a.periodStart,
        period_end: a.periodEnd,
        amount_applied_cents: a.amountAppliedCents,
        status: a.status,
        submitted_on: a.submittedOn,
        decided_on: a.decidedOn,
        amount_approved_cents: a.amountApprovedCents,
        note: a.note,
        created_at: now,
        updated_at: now,
      });
    p.reports.forEach((r, n) => {
      const id = reportIds[n]!;
      const created = r.createdAt ?? now;
      reports.push({
        id,
        project_id: projectId,
        deadline_id: r.deadline === null ? null : deadlineIds.get(`${r.deadline.obligation}:${r.deadline.seq}`)!,
        kind: r.kind,
        organisation_id: r.organisation === null ? null : organisationId(r.organisation),
        status: r.status,
        period_start: r.periodStart,
        period_end: r.periodEnd,
        reached_women: r.reachedWomen,
        reached_men: r.reachedMen,
        reached_other: r.reachedOther,
        reached_total: r.reachedTotal,
        outcome_work: r.outcomeWork,
        outcome_education: r.outcomeEducation,
        outcome_other: r.outcomeOther,
        partners: r.partners,
        esr_received_cents: r.esrReceivedCents,
        city_received_cents: r.cityReceivedCents,
        other_received_cents: r.otherReceivedCents,
        done_text: r.doneText,
        changes_text: r.changesText,
        next_text: r.nextText,
        submission_count: r.submissionCount,
        submitted_at: r.submittedAt,
        submitted_by: null,
        returned_at: r.returnedAt,
        returned_by: null,
        accepted_at: r.acceptedAt,
        accepted_by: null,
        created_by: null,
        created_at: created,
        updated_at: r.updatedAt ?? created,
      });
      for (const c of r.costs) reportCosts.push({ report_id: id, kind: c.kind, amount_cents: c.amountCents, explanation: c.explanation });
      for (const c of r.comments)
        reportComments.push({ report_id: id, round: c.round, section: c.section, body: c.body, created_by: null, created_at: c.createdAt ?? now });
      for (const a of r.attachments)
        reportAttachments.push({
          report_id: id,
          file_name: a.fileName,
          content_type: a.contentType,
          size_bytes: a.sizeBytes,
          sha256: a.sha256,
          created_by: null,
          created_at: a.createdAt ?? now,
        });
    });
    // Recomputed, never taken from the file (the rules checked that the file's are the same).
    for (const y of realisedOf(p.reports))
      realisedYears.push({
        project_id: projectId,
        year: y.year,
        cost_cents: y.costCents,
        esr_cents: y.esrCents,
        city_cents: y.cityCents,
        other_cents: y.otherCents,
        report_count: y.reportCount,
      });
    if (p.refund) {
      const f = p.refund;
      const created = f.createdAt ?? now;
      refunds.push({
        project_id: projectId,
        report_id: f.report === null ? null : reportIds[f.report]!,
        amount_cents: f.amountCents,
        basis: JSON.stringify(f.basis),
        status: f.status,
        claimed_on: f.claimedOn,
        paid_on: f.paidOn,
        note: f.note,
        created_by: null,
        created_at: created,
        updated_at: f.updatedAt ?? created,
      });
    }
    const buffered = [indicators, entries, obligations, deadlines, payments, reports, reportCosts, reportComments, reportAttachments, realisedYears, refunds];
    if (Math.max(...buffered.map((b) => b.length)) >= FOLLOW_UP_ROWS) await flush();
  }

  return { add, flush };
}

function isWritten(plan: ImportPlan, idOfFile: Map<number, number>, ref: string): boolean {
  const t = plan.refs.get(ref);
  return t !== undefined && ("db" in t || idOfFile.has(t.file));
}

function toPlanInput(v: FilePlanVersion, idOf: (ref: string) => number): PlanInput {
  const org = (ref: string | null) => (ref === null ? null : idOf(ref));
  const lines: LineInput[] = [
    ...v.costLines.map((l): LineInput => ({
      side: "cost",
      kind: l.kind,
      organisationId: org(l.organisation),
      label: l.label,
      amountCents: l.amountCents,
      statedPercentBp: null,
      staffHoursCenti: l.staffHoursCenti,
      hourlyRateCents: l.hourlyRateCents,
      years: l.years,
    })),
    ...v.financingLines.map((l): LineInput => ({
      side: "financing",
      kind: l.kind,
      organisationId: org(l.organisation),
      label: l.label,
      amountCents: l.amountCents,
      statedPercentBp: l.statedPercentBp,
      staffHoursCenti: null,
      hourlyRateCents: null,
      years: l.years,
    })),
  ];
  return {
    start: v.start,
    end: v.end,
    totalBudgetCents: v.totalBudgetCents,
    costModel: v.costModel,
    flatRateBp: storedFlatRateBp(v.costModel, v.flatRateBp),
    note: v.note,
    lines,
    implementers: v.implementers.map((i) => ({ organisationId: idOf(i.organisation), role: i.role, budgetCents: i.budgetCents })),
  };
}

/* ---------- reports: the rules across the file, and the realised figures ---------- */

/**
 * The project's realised figures per year, as accepting its reports one by one gives them
 * (app/models/report.server.ts): each accepted report's costs and funding received spread over its
 * period's days (realisedByYear), summed per year, with the number of reports in each year.
 */
export function realisedOf(reports: readonly FileReport[]): FileRealisedYear[] {
  const byYear = new Map<number, FileRealisedYear>();
  for (const r of reports) {
    if (r.status !== "accepted" || r.periodStart === null || r.periodEnd === null || r.periodEnd < r.periodStart) continue;
    const years = realisedByYear(r.periodStart, r.periodEnd, {
      costCents: totalCost(r.costs),
      esrCents: r.esrReceivedCents ?? 0,
      cityCents: r.cityReceivedCents ?? 0,
      otherCents: r.otherReceivedCents ?? 0,
    });
    for (const y of years) {
      const sum = byYear.get(y.year) ?? { year: y.year, costCents: 0, esrCents: 0, cityCents: 0, otherCents: 0, reportCount: 0 };
      sum.costCents += y.costCents;
      sum.esrCents += y.esrCents;
      sum.cityCents += y.cityCents;
      sum.otherCents += y.otherCents;
      sum.reportCount += 1;
      byYear.set(y.year, sum);
    }
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

type OrganisationResolver = (value: string) => { file: number } | { db: number } | { problem: "import.organisation.unknown" | "import.organisation.ambiguous" };

/** A list of the document, when it is a ledger file of this format's version (as far as its header can be read). */
function listOf(document: unknown, key: "organisations" | "projects" | "meetings" | "bonusYears" | "bonusClaims"): unknown[] {
  const header = headerSchema.safeParse(document);
  if (!header.success || header.data.format !== LEDGER_FORMAT || header.data.version !== LEDGER_FORMAT_VERSION) return [];
  return header.data[key];
}

/** The refs of the file's organisations, as far as they can be read. */
function fileRefsOf(document: unknown): (string | null)[] {
  return listOf(document, "organisations").map((o) => {
    const r = (o as { ref?: unknown } | null)?.ref;
    return typeof r === "string" ? r.trim() : null;
  });
}

/** The projects of a file that does not pass as a whole which can still be read as a whole, with their places. */
function readableProjects(document: unknown): { index: number; project: FileProject }[] {
  return listOf(document, "projects").flatMap((raw, index) => {
    const r = projectSchema.safeParse(raw);
    return r.success ? [{ index, project: r.data }] : [];
  });
}

/**
 * A reference to an organisation (a report's `organisation`), resolved as every reference of the
 * file is (ledger-file-rules.ts): an organisation of the file by its ref, else one in the database
 * by business ID, else by its exact name.
 */
function organisationResolver(fileRefs: readonly (string | null)[], snapshot: LedgerSnapshot): OrganisationResolver {
  const byRef = new Map<string, number>();
  fileRefs.forEach((r, i) => {
    if (r !== null && !byRef.has(r)) byRef.set(r, i);
  });
  const byBusinessId = new Map(snapshot.organisations.filter((o) => o.businessId !== null).map((o) => [o.businessId!, o.id]));
  const byName = new Map<string, number[]>();
  for (const o of snapshot.organisations) byName.set(o.name, [...(byName.get(o.name) ?? []), o.id]);
  return (value) => {
    const i = byRef.get(value);
    if (i !== undefined) return { file: i };
    const bid = validateBusinessId(value);
    const id = bid.ok ? byBusinessId.get(bid.value) : undefined;
    if (id !== undefined) return { db: id };
    const named = byName.get(value) ?? [];
    if (named.length === 1) return { db: named[0]! };
    return { problem: named.length > 1 ? "import.organisation.ambiguous" : "import.organisation.unknown" };
  };
}

const choices = (values: readonly (string | number)[]) => (values.length === 0 ? "–" : values.join(", "));

/**
 * The rules of the projects' reports, realised figures and refund across the file, as the app
 * keeps them (app/models/report.server.ts and the report table's checks):
 * - a report names a deadline of one of the project's report obligations, of its own kind, at
 *   most one report per deadline;
 * - a report past its draft has been submitted (submissionCount ≥ 1, submittedAt) with its period
 *   and reach, an accepted one has acceptedAt; the period does not end before it starts; its
 *   counts are consistent (checkCounts); its costs are of the plan's cost model, each kind once;
 * - an entry of a target names an accepted report of the project, at most once per target;
 * - the realised figures per year, when the file has them, are exactly those the accepted
 *   reports give (realisedOf);
 * - a refund is paid exactly when it has its day of payment, not before its claim; it names an
 *   accepted report, if any.
 */
export function checkReports(projects: readonly { index: number; project: FileProject }[], resolve: OrganisationResolver): FileProblem[] {
  const problems: FileProblem[] = [];
  const issue = (path: readonly PathSegment[], key: MessageKey, params?: ProblemParams) =>
    problems.push({ path: formatPath(path), key, ...(params ? { params } : {}) });

  for (const { index, project: p } of projects) {
    const pp = ["projects", index];
    const current = p.planVersions.filter((v) => v.state === "current");
    const model = current.length === 1 ? current[0]!.costModel : null;
    const reportObligations = p.obligations.flatMap((o, n) => (reportKindFor(o.kind) === null ? [] : [n]));
    const taken = new Set<string>();

    p.reports.forEach((r, n) => {
      const rp = [...pp, "reports", n];
      if (r.organisation !== null) {
        const t = resolve(r.organisation);
        if ("problem" in t) issue([...rp, "organisation"], t.problem, { ref: r.organisation });
      }
      if (r.deadline !== null) {
        const { obligation, seq } = r.deadline;
        const o = p.obligations[obligation];
        const kind = o ? reportKindFor(o.kind) : null;
        if (!o || kind === null) issue([...rp, "deadline", "obligation"], "import.choice", { value: obligation, allowed: choices(reportObligations) });
        else {
          const seqs = o.deadlines.map((d) => d.seq);
          if (!seqs.includes(seq)) issue([...rp, "deadline", "seq"], "import.choice", { value: seq, allowed: choices(seqs) });
          else if (taken.has(`${obligation}:${seq}`))
            issue([...rp, "deadline", "seq"], "import.choice", { value: seq, allowed: choices(seqs.filter((s) => !taken.has(`${obligation}:${s}`))) });
          taken.add(`${obligation}:${seq}`);
          if (r.kind !== kind) issue([...rp, "kind"], "import.choice", { value: r.kind, allowed: kind });
        }
      }
      if (r.periodStart !== null && r.periodEnd !== null && r.periodEnd < r.periodStart) issue([...rp, "periodEnd"], "report.error.periodReversed");
      if (r.status !== "draft") {
        if (r.submissionCount < 1) issue([...rp, "submissionCount"], "import.tooSmall", { min: 1 });
        for (const f of ["submittedAt", "periodStart", "periodEnd", "reachedTotal"] as const) if (r[f] === null) issue([...rp, f], "error.required");
      }
      if (r.status === "accepted" && r.acceptedAt === null) issue([...rp, "acceptedAt"], "error.required");
      for (const c of checkCounts(r)) issue([...rp, c.path], c.key as MessageKey, c.params);
      const kinds = model === null ? null : costKindsFor(model);
      const seen = new Set<string>();
      r.costs.forEach((c, i) => {
        if (kinds && !kinds.includes(c.kind)) issue([...rp, "costs", i, "kind"], "import.costKind.notInModel", { kind: c.kind, model: model! });
        else if (seen.has(c.kind))
          issue([...rp, "costs", i, "kind"], "import.choice", { value: c.kind, allowed: choices((kinds ?? []).filter((k) => !seen.has(k))) });
        seen.add(c.kind);
      });
    });

    const accepted = p.reports.flatMap((r, n) => (r.status === "accepted" ? [n] : []));
    p.targets.forEach((t, k) => {
      const used = new Set<number>();
      t.entries.forEach((e, i) => {
        if (e.report == null) return;
        if (!accepted.includes(e.report) || used.has(e.report))
          issue([...pp, "targets", k, "entries", i, "report"], "import.choice", {
            value: e.report,
            allowed: choices([...accepted.filter((a) => !used.has(a)), "null"]),
          });
        used.add(e.report);
      });
    });

    // The realised figures: those of the accepted reports, year by year (when every accepted report has its period).
    const computable = p.reports.every((r) => r.status !== "accepted" || (r.periodStart !== null && r.periodEnd !== null && r.periodStart <= r.periodEnd));
    if (p.realisedYears !== undefined && computable) {
      const computed = realisedOf(p.reports);
      const byYear = new Map(computed.map((y) => [y.year, y]));
      const seenYears = new Set<number>();
      p.realisedYears.forEach((y, i) => {
        const yp = [...pp, "realisedYears", i];
        const c = byYear.get(y.year);
        if (seenYears.has(y.year)) issue([...yp, "year"], "error.year.duplicate", { year: y.year });
        else if (!c) issue([...yp, "year"], "import.choice", { value: y.year, allowed: choices(computed.map((x) => x.year)) });
        else
          for (const f of ["costCents", "esrCents", "cityCents", "otherCents", "reportCount"] as const)
            if (y[f] !== c[f]) issue([...yp, f], "import.realisedYears.mismatch", { caseNumber: p.caseNumber, year: y.year, value: y[f], expected: c[f] });
        seenYears.add(y.year);
      });
      const missing = computed.filter((y) => !seenYears.has(y.year));
      if (missing.length > 0)
        issue([...pp, "realisedYears"], "import.choice", { value: choices(p.realisedYears.map((y) => y.year)), allowed: choices(computed.map((y) => y.year)) });
    }

    if (p.refund) {
      const f = p.refund;
      const fp = [...pp, "refund"];
      if (f.status === "paid" && f.paidOn === null) issue([...fp, "paidOn"], "error.required");
      if (f.status === "claimed" && f.paidOn !== null) issue([...fp, "status"], "import.choice", { value: f.status, allowed: "paid" });
      if (f.paidOn !== null && f.paidOn < f.claimedOn) issue([...fp, "paidOn"], "refund.error.paidBeforeClaimed", { claimedDay: f.claimedOn });
      if (f.report !== null && !accepted.includes(f.report))
        issue([...fp, "report"], "import.choice", { value: f.report, allowed: choices([...accepted, "null"]) });
    }
  }
  return problems;
}

/* ---------- committee meetings: read item by item, their rules, and writing them ---------- */

/** A meeting of the file as far as it could be read: its own fields (null when they cannot be), its members and items (each null when it cannot be). */
interface MeetingParts {
  head: FileMeetingHead | null;
  members: (FileMeetingMember | null)[];
  items: (FileAgendaItem | null)[];
}
/** A meeting read completely (what is written, once the file has no problem). */
type ReadMeeting = { head: FileMeetingHead; members: FileMeetingMember[]; items: FileAgendaItem[] };

/** "0–3, null": the places of a list of `n`, and null. */
const placesOf = (n: number) => (n === 0 ? "null" : n === 1 ? "0, null" : `0–${n - 1}, null`);
const yearOfDay = (day: string) => Number(day.slice(0, 4));

/**
 * The file's meetings, each read on its own (its fields, every member, every item), and the
 * rules across the file:
 * - an item names a project by its place in `projects`, and a change request only with its
 *   project, by its place in that project's `changeRequests`;
 * - a decided item has its decision and the time it was decided, an undecided one neither; a
 *   final or decided item the time it was finalised;
 * - a § (section) once per body and calendar year of the meeting (the database's unique index);
 * - an item continues an item of an earlier meeting of the same body;
 * - a published agenda has its public address, published minutes a published agenda; a public
 *   address once.
 */
function readMeetings(document: unknown): { meetings: MeetingParts[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const issue = (path: readonly PathSegment[], key: MessageKey, params?: ProblemParams) =>
    problems.push({ path: formatPath(path), key, ...(params ? { params } : {}) });
  const rawProjects = listOf(document, "projects");
  const requestCount = (project: number): number => {
    const list = (rawProjects[project] as { changeRequests?: unknown } | null | undefined)?.changeRequests;
    return Array.isArray(list) ? list.length : 0;
  };
  const rawMeetings = listOf(document, "meetings");

  const meetings = rawMeetings.map((raw, j): MeetingParts => {
    const mp = ["meetings", j];
    const head = meetingHeadSchema.safeParse(raw, { reportInput: true });
    if (!head.success) problems.push(...zodProblems(head.error.issues, mp));
    const lists = (raw ?? {}) as { members?: unknown; items?: unknown };
    const members = (Array.isArray(lists.members) ? lists.members : []).map((m, k) => {
      const r = meetingMemberSchema.safeParse(m, { reportInput: true });
      if (!r.success) problems.push(...zodProblems(r.error.issues, [...mp, "members", k]));
      return r.success ? r.data : null;
    });
    const items = (Array.isArray(lists.items) ? lists.items : []).map((i, k) => {
      const r = agendaItemSchema.safeParse(i, { reportInput: true });
      if (!r.success) problems.push(...zodProblems(r.error.issues, [...mp, "items", k]));
      return r.success ? r.data : null;
    });
    return { head: head.success ? head.data : null, members, items };
  });

  const slugs = new Set<string>();
  const sections = new Set<string>();
  meetings.forEach((m, j) => {
    const mp = ["meetings", j];
    const h = m.head;
    if (h) {
      if (h.agendaPublishedAt !== null && h.publicSlug === null) issue([...mp, "publicSlug"], "error.required");
      if (h.minutesPublishedAt !== null && h.agendaPublishedAt === null) issue([...mp, "agendaPublishedAt"], "error.required");
      if (h.publicSlug !== null) {
        if (slugs.has(h.publicSlug)) issue([...mp, "publicSlug"], "import.invalid");
        slugs.add(h.publicSlug);
      }
    }
    m.items.forEach((item, k) => {
      if (!item) return;
      const ip = [...mp, "items", k];
      if (item.project !== null && item.project >= rawProjects.length)
        issue([...ip, "project"], "import.choice", { value: item.project, allowed: placesOf(rawProjects.length) });
      if (item.changeRequest !== null) {
        if (item.project === null) issue([...ip, "changeRequest"], "import.choice", { value: item.changeRequest, allowed: "null" });
        else if (item.project < rawProjects.length && item.changeRequest >= requestCount(item.project))
          issue([...ip, "changeRequest"], "import.choice", { value: item.changeRequest, allowed: placesOf(requestCount(item.project)) });
      }
      if (item.status === "decided") {
        if (item.decision === null) issue([...ip, "decision"], "error.required");
        if (item.decidedAt === null) issue([...ip, "decidedAt"], "error.required");
      } else {
        if (item.decision !== null) issue([...ip, "decision"], "import.choice", { value: item.decision, allowed: "null" });
        if (item.decidedAt !== null) issue([...ip, "decidedAt"], "import.choice", { value: item.decidedAt, allowed: "null" });
      }
      if (item.status !== "draft" && item.finalisedAt === null) issue([...ip, "finalisedAt"], "error.required");
      if (h) {
        const key = JSON.stringify([h.body, yearOfDay(h.date), item.section]);
        if (sections.has(key)) issue([...ip, "section"], "agenda.error.sectionTaken", { section: item.section });
        sections.add(key);
      }
      if (item.continues !== null) {
        const { meeting, item: at } = item.continues;
        const earlier = h
          ? meetings.flatMap((o, n) => (o.head && o.head.body === h.body && o.head.date < h.date ? [n] : []))
          : meetings.map((_, n) => n).filter((n) => n !== j);
        if (!earlier.includes(meeting)) issue([...ip, "continues", "meeting"], "import.choice", { value: meeting, allowed: choices(earlier) });
        else if (at >= meetings[meeting]!.items.length)
          issue([...ip, "continues", "item"], "import.choice", { value: at, allowed: choices(meetings[meeting]!.items.map((_, n) => n)) });
      }
    });
  });
  return { meetings, problems };
}

/** The database's side: a § already used by the body in that year, a public address already another meeting's. */
async function meetingConflicts(tx: Tx, meetings: readonly MeetingParts[]): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const taken = new Map<string, Set<number>>();
  for (const [j, m] of meetings.entries()) {
    const h = m.head;
    if (!h) continue;
    if (h.publicSlug !== null && (await tx.selectFrom("meeting").select("id").where("public_slug", "=", h.publicSlug).executeTakeFirst()))
      problems.push({ path: formatPath(["meetings", j, "publicSlug"]), key: "import.invalid" });
    const year = yearOfDay(h.date);
    const key = JSON.stringify([h.body, year]);
    let used = taken.get(key);
    if (!used) {
      // One body's sections of one year: at most 9 999 numbers.
      const rows = await tx.selectFrom("agenda_item").select("section").where("body", "=", h.body).where("section_year", "=", year).execute();
      used = new Set(rows.map((r) => r.section));
      taken.set(key, used);
    }
    m.items.forEach((item, k) => {
      if (item && used.has(item.section))
        problems.push({ path: formatPath(["meetings", j, "items", k, "section"]), key: "agenda.error.sectionTaken", params: { section: item.section } });
    });
  }
  return problems;
}

/**
 * Writes the meetings in the file's order with new ids: members in their order, items with their
 * § (the body's and the meeting's year), their project and change request by the new ids, their
 * acknowledged findings; then each continuing item is linked to the item it continues. No account
 * is in the file: who created, finalised or decided is left empty.
 */
async function writeMeetings(
  tx: Tx,
  meetings: readonly ReadMeeting[],
  projectIds: readonly number[],
  requestIds: readonly (readonly number[])[],
): Promise<ImportSummary["meetings"]> {
  const now = nowIso();
  const summary: ImportSummary["meetings"] = [];
  const itemIds: number[][] = [];
  const continuing: { id: number; continues: { meeting: number; item: number } }[] = [];
  for (const { head: h, members, items } of meetings) {
    const created = h.createdAt ?? now;
    const { id: meetingId } = await tx
      .insertInto("meeting")
      .values({
        body: h.body,
        meeting_date: h.date,
        start_time: h.startTime,
        place: h.place,
        presenter: h.presenter,
        public_slug: h.publicSlug,
        agenda_published_at: h.agendaPublishedAt,
        minutes_published_at: h.minutesPublishedAt,
        created_by: null,
        created_at: created,
        updated_at: h.updatedAt ?? created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // A meeting's members: a few rows (each of 4 values) per statement.
    for (let i = 0; i < members.length; i += FOLLOW_UP_ROWS)
      await tx
        .insertInto("meeting_member")
        .values(members.slice(i, i + FOLLOW_UP_ROWS).map((p, n) => ({ meeting_id: meetingId, name: p.name, role: p.role, position: i + n })))
        .execute();
    const ids: number[] = [];
    for (const item of items) {
      const itemCreated = item.createdAt ?? now;
      const projectId = item.project === null ? null : projectIds[item.project]!;
      const { id } = await tx
        .insertInto("agenda_item")
        .values({
          meeting_id: meetingId,
          body: h.body,
          section_year: yearOfDay(h.date),
          section: item.section,
          item_type: item.type,
          project_id: projectId,
          change_request_id: item.project === null || item.changeRequest === null ? null : requestIds[item.project]![item.changeRequest]!,
          commitment_id: null,
          title: item.title,
          case_number: item.caseNumber,
          preparers: JSON.stringify(item.preparers.map((p) => ({ name: p.name, title: p.title, email: p.email, phone: p.phone }))),
          presenter: item.presenter,
          background: item.background,
          proposal: item.proposal,
          status: item.status,
          finalised_at: item.finalisedAt,
          finalised_by: null,
          decision: item.decision,
          decision_text: item.decisionText,
          decided_at: item.decidedAt,
          decided_by: null,
          continues_item_id: null,
          created_by: null,
          created_at: itemCreated,
          updated_at: item.updatedAt ?? itemCreated,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(id);
      if (item.continues !== null) continuing.push({ id, continues: item.continues });
      const acks = item.acknowledgedFindings;
      for (let i = 0; i < acks.length; i += FOLLOW_UP_ROWS)
        await tx
          .insertInto("agenda_finding_ack")
          .values(
            acks.slice(i, i + FOLLOW_UP_ROWS).map((a) => ({
              item_id: id,
              code: a.code,
              excerpt: a.excerpt,
              reason: a.reason,
              created_by: null,
              created_at: a.createdAt ?? now,
            })),
          )
          .execute();
    }
    itemIds.push(ids);
    summary.push({ id: meetingId, body: h.body, date: h.date, items: items.length });
  }
  for (const c of continuing)
    await tx.updateTable("agenda_item").set({ continues_item_id: itemIds[c.continues.meeting]![c.continues.item]! }).where("id", "=", c.id).execute();
  return summary;
}

/* ---------- employment bonus: the years' budgets and the claims, read item by item, their rules, and writing them ---------- */

/** The messages of a reference the bonus rules refuse (as the claim form says them). */
const REFERENCE_KEYS: Record<ReferenceProblem, MessageKey> = {
  required: "error.required",
  tooLong: "error.tooLong",
  characters: "bonus.error.reference.characters",
  hetu: "bonus.error.reference.hetu",
  name: "bonus.error.reference.name",
};

/** The file's bonus lists as far as they could be read (an item null when it cannot be), and their problems. */
interface BonusParts {
  years: (FileBonusYear | null)[];
  claims: (FileBonusClaim | null)[];
  /** Per claim: the organisation of the database it is, when its reference names one or a file's organisation matched to one. */
  databaseOrganisations: (number | null)[];
  problems: FileProblem[];
}
/** The bonus lists read completely (what is written, once the file has no problem). */
type ReadBonus = { years: FileBonusYear[]; claims: FileBonusClaim[] };

/**
 * The organisation of the database each of the file's organisations will be (by business ID,
 * else by its exact name when exactly one has it), as the file's rules match them
 * (ledger-file-rules.ts); an organisation that will be created has none.
 */
function databaseMatches(document: unknown, snapshot: LedgerSnapshot): Map<number, number> {
  const byBusinessId = new Map(snapshot.organisations.filter((o) => o.businessId !== null).map((o) => [o.businessId!, o]));
  const byName = new Map<string, number[]>();
  for (const o of snapshot.organisations) byName.set(o.name, [...(byName.get(o.name) ?? []), o.id]);
  const out = new Map<number, number>();
  listOf(document, "organisations").forEach((raw, i) => {
    const r = organisationSchema.safeParse(raw);
    if (!r.success) return;
    const same = r.data.businessId === null ? undefined : byBusinessId.get(r.data.businessId);
    const named = byName.get(r.data.name) ?? [];
    const id = same?.id ?? (named.length === 1 ? named[0] : undefined);
    if (id !== undefined) out.set(i, id);
  });
  return out;
}

/**
 * The file's bonus years and claims, each read on its own, and their rules across the file (the
 * database's checks of migration 0010 and the bonus rules of app/domain/bonus.ts):
 * - a year's budget once in the file;
 * - a claim names an organisation as every reference of the file does, and a project by its
 *   place in `projects`;
 * - its reference is pseudonymous (referenceProblem: no personal identity code, no name), and no
 *   text of the claim or of its history holds a personal identity code;
 * - work meets the employment condition and has no study support; studies have their support,
 *   never unemployment benefit, and no employment condition;
 * - the payable day is the start plus four calendar months (payableOn); the claim was filed on or
 *   after the start;
 * - the status and its days agree: approved and paid claims have their day of approval (on or
 *   after the payable day), paid ones their day of payment (on or after the approval), rejected
 *   ones their day and reason, and no other claim has those days;
 * - no day of the claim is after the import's day;
 * - one live (not withdrawn) claim per organisation, reference (compared by referenceKey) and
 *   start day in the file (those in the database: bonusConflicts).
 */
function readBonus(document: unknown, snapshot: LedgerSnapshot): BonusParts {
  const problems: FileProblem[] = [];
  const issue = (path: readonly PathSegment[], key: MessageKey, params?: ProblemParams) =>
    problems.push({ path: formatPath(path), key, ...(params ? { params } : {}) });
  const today = snapshot.today ?? null;
  const projectCount = listOf(document, "projects").length;
  const resolve = organisationResolver(fileRefsOf(document), snapshot);
  const matched = databaseMatches(document, snapshot);

  const years = listOf(document, "bonusYears").map((raw, i) => {
    const r = bonusYearSchema.safeParse(raw, { reportInput: true });
    if (!r.success) problems.push(...zodProblems(r.error.issues, ["bonusYears", i]));
    return r.success ? r.data : null;
  });
  const seenYears = new Map<number, number>();
  years.forEach((y, i) => {
    if (!y) return;
    const other = seenYears.get(y.year);
    if (other !== undefined) issue(["bonusYears", i, "year"], "import.bonusYear.duplicate", { year: y.year, other: formatPath(["bonusYears", other]) });
    else seenYears.set(y.year, i);
  });

  const claims = listOf(document, "bonusClaims").map((raw, i) => {
    const r = bonusClaimSchema.safeParse(raw, { reportInput: true });
    if (!r.success) problems.push(...zodProblems(r.error.issues, ["bonusClaims", i]));
    return r.success ? r.data : null;
  });
  const live = new Map<string, number>();
  const databaseOrganisations = claims.map((c, i): number | null => {
    if (!c) return null;
    const cp = ["bonusClaims", i];
    const target = resolve(c.organisation);
    if ("problem" in target) issue([...cp, "organisation"], target.problem, { ref: c.organisation });
    const dbId = "problem" in target ? null : "db" in target ? target.db : (matched.get(target.file) ?? null);
    if (c.project !== null && c.project >= projectCount) issue([...cp, "project"], "import.choice", { value: c.project, allowed: placesOf(projectCount) });

    const refProblem = referenceProblem(c.reference);
    if (refProblem) issue([...cp, "reference"], REFERENCE_KEYS[refProblem], refProblem === "tooLong" ? { max: MAX_REFERENCE } : undefined);
    if (looksLikeHetu(c.note)) issue([...cp, "note"], "bonus.error.text.hetu");
    if (looksLikeHetu(c.rejectReason)) issue([...cp, "rejectReason"], "bonus.error.text.hetu");
    c.events.forEach((e, k) => {
      if (looksLikeHetu(e.message)) issue([...cp, "events", k, "message"], "bonus.error.text.hetu");
    });

    if (c.kind === "work") {
      if (!c.employmentCondition) issue([...cp, "employmentCondition"], "bonus.error.employmentCondition");
      if (c.studySupport !== null) issue([...cp, "studySupport"], "import.bonus.supportOnWork");
    } else {
      if (c.employmentCondition) issue([...cp, "employmentCondition"], "import.bonus.conditionOnStudies");
      if (c.studySupport === null) issue([...cp, "studySupport"], "error.required");
      else if (c.studySupport === "unemployment_benefit") issue([...cp, "studySupport"], "bonus.error.unemploymentBenefit");
    }

    const expected = payableOn(c.startDate);
    if (c.payableOn !== expected) issue([...cp, "payableOn"], "import.bonus.payableOn", { expectedDay: expected, startDay: c.startDate });
    if (c.filedOn < c.startDate) issue([...cp, "filedOn"], "import.bonus.filedBeforeStart", { startDay: c.startDate });
    const dayOfStatus = (field: "approvedOn" | "paidOn" | "rejectedOn", required: boolean) => {
      const value = c[field];
      if (required && value === null) issue([...cp, field], "import.bonus.dayRequired", { status: c.status, field });
      else if (!required && value !== null) issue([...cp, field], "import.bonus.dayNotAllowed", { status: c.status, field });
    };
    dayOfStatus("approvedOn", c.status === "approved" || c.status === "paid");
    dayOfStatus("paidOn", c.status === "paid");
    dayOfStatus("rejectedOn", c.status === "rejected");
    if (c.status === "rejected" && c.rejectReason === "") issue([...cp, "rejectReason"], "import.bonus.rejectReasonRequired");
    if (c.approvedOn !== null && c.approvedOn < c.payableOn) issue([...cp, "approvedOn"], "bonus.error.notYetPayable", { payableDay: c.payableOn });
    if (c.paidOn !== null && c.approvedOn !== null && c.paidOn < c.approvedOn)
      issue([...cp, "paidOn"], "bonus.error.paidBeforeApproved", { approvedDay: c.approvedOn });
    if (today !== null)
      for (const field of ["startDate", "filedOn", "approvedOn", "rejectedOn", "paidOn"] as const) {
        const value = c[field];
        if (value !== null && value > today) issue([...cp, field], "import.bonus.future", { todayDay: today });
      }

    // One live claim per organisation, reference and start (the database's partial unique index).
    if (c.status !== "withdrawn" && !("problem" in target)) {
      const organisation = dbId !== null ? `d${dbId}` : "file" in target ? `f${target.file}` : `d${target.db}`;
      const key = JSON.stringify([organisation, referenceKey(c.reference), c.startDate]);
      const other = live.get(key);
      if (other !== undefined) issue([...cp, "reference"], "import.bonus.duplicate", { other: formatPath(["bonusClaims", other]) });
      else live.set(key, i);
    }
    return dbId;
  });
  return { years, claims, databaseOrganisations, problems };
}

/**
 * The database's side: a live claim already filed for the same reference and start. (A year whose
 * budget the database already has is no conflict: the database's is kept, see writeBonus.)
 */
async function bonusConflicts(tx: Tx, bonus: BonusParts): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  // The live claims of each organisation of the database the file's claims name, one organisation at a time.
  const filed = new Map<number, Map<string, string>>();
  for (const [i, c] of bonus.claims.entries()) {
    const organisationId = bonus.databaseOrganisations[i];
    if (!c || c.status === "withdrawn" || organisationId === null || organisationId === undefined) continue;
    let claims = filed.get(organisationId);
    if (!claims) {
      const rows = await tx
        .selectFrom("bonus_claim")
        .select(["reference_key", "start_date", "filed_on"])
        .where("organisation_id", "=", organisationId)
        .where("status", "<>", "withdrawn")
        .execute();
      claims = new Map(rows.map((r) => [JSON.stringify([r.reference_key, r.start_date]), r.filed_on]));
      filed.set(organisationId, claims);
    }
    const filedOn = claims.get(JSON.stringify([referenceKey(c.reference), c.startDate]));
    if (filedOn !== undefined)
      problems.push({ path: formatPath(["bonusClaims", i, "reference"]), key: "bonus.error.duplicate", params: { filedDay: filedOn } });
  }
  return problems;
}

/**
 * Writes the years' budgets (a year the database already has keeps its own budget and figure, as
 * an existing organisation is used as it is) and the claims in the file's order with new ids (given here, after
 * the highest the table has given, so that their events and attachments name them without
 * reading anything back), in batches of multi-row INSERTs. The reference is stored as the claim
 * form stores it (trimmed, its spaces single) with its key; the project by its new id. No account
 * is in the file: who filed, approved, paid, acted or attached is left empty.
 */
async function writeBonus(tx: Tx, bonus: ReadBonus, projectIds: readonly number[], organisationId: (ref: string) => number): Promise<ImportSummary["bonus"]> {
  const now = nowIso();
  const existing = new Set((await tx.selectFrom("bonus_year").select("year").execute()).map((r) => r.year));
  const years = bonus.years
    .filter((y) => !existing.has(y.year))
    .map((y) => {
      const created = y.createdAt ?? now;
      return {
        year: y.year,
        budget_cents: y.budgetCents,
        monthly_saving_cents: y.monthlySavingCents,
        updated_by: null,
        created_at: created,
        updated_at: y.updatedAt ?? created,
      };
    });
  for (let i = 0; i < years.length; i += FOLLOW_UP_ROWS)
    await tx
      .insertInto("bonus_year")
      .values(years.slice(i, i + FOLLOW_UP_ROWS))
      .execute();

  const max = Number(
    (
      await tx
        .selectFrom("bonus_claim")
        .select((eb) => eb.fn.coalesce(eb.fn.max("id"), eb.lit(0)).as("id"))
        .executeTakeFirstOrThrow()
    ).id,
  );
  // AUTOINCREMENT never gives an id again, also not that of a deleted row.
  const seq = (await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'bonus_claim'`.execute(tx)).rows[0]?.seq ?? 0;
  let claimId = Math.max(max, Number(seq)) + 1;
  const claims: Insertable<BonusClaimTable>[] = [];
  const events: Insertable<BonusClaimEventTable>[] = [];
  const attachments: Insertable<BonusClaimAttachmentTable>[] = [];
  for (const c of bonus.claims) {
    const id = claimId++;
    const created = c.createdAt ?? now;
    const reference = c.reference.trim().replace(/\s+/g, " ");
    claims.push({
      id,
      organisation_id: organisationId(c.organisation),
      project_id: c.project === null ? null : projectIds[c.project]!,
      reference,
      reference_key: referenceKey(reference),
      kind: c.kind,
      start_date: c.startDate,
      employment_condition: c.employmentCondition ? 1 : 0,
      // The rules refused unemployment benefit.
      study_support: c.studySupport === "unemployment_benefit" ? null : c.studySupport,
      payable_on: c.payableOn,
      amount_cents: c.amountCents,
      note: c.note,
      status: c.status,
      filed_on: c.filedOn,
      filed_by: null,
      approved_on: c.approvedOn,
      approved_by: null,
      rejected_on: c.rejectedOn,
      reject_reason: c.rejectReason,
      paid_on: c.paidOn,
      paid_by: null,
      created_at: created,
      updated_at: c.updatedAt ?? created,
    });
    for (const e of c.events) events.push({ claim_id: id, action: e.action, message: e.message, user_id: null, at: e.at });
    for (const a of c.attachments)
      attachments.push({
        claim_id: id,
        file_name: a.fileName,
        content_type: a.contentType,
        size_bytes: a.sizeBytes,
        sha256: a.sha256,
        created_by: null,
        created_at: a.createdAt ?? now,
      });
  }
  // Claims before their children (the foreign keys and the children's audit rows name them).
  for (let i = 0; i < claims.length; i += FOLLOW_UP_ROWS)
    await tx
      .insertInto("bonus_claim")
      .values(claims.slice(i, i + FOLLOW_UP_ROWS))
      .execute();
  for (let i = 0; i < events.length; i += FOLLOW_UP_ROWS)
    await tx
      .insertInto("bonus_claim_event")
      .values(events.slice(i, i + FOLLOW_UP_ROWS))
      .execute();
  for (let i = 0; i < attachments.length; i += FOLLOW_UP_ROWS)
    await tx
      .insertInto("bonus_claim_attachment")
      .values(attachments.slice(i, i + FOLLOW_UP_ROWS))
      .execute();
  return {
    years: years.map((y) => y.year),
    yearsKept: bonus.years.filter((y) => existing.has(y.year)).map((y) => y.year),
    claims: claims.length,
    events: events.length,
    attachments: attachments.length,
  };
}
