/**
 * The whole ledger out as one JSON document (format in app/schemas/ledger-file.ts, documented in
 * docs/import-format.md), streamed a step of projects at a time in bounded memory at any size:
 * every organisation and every project with all its plan versions as stored (entered yearly
 * amounts only; derived ones are recomputed; proposed and rejected versions too) and its change
 * requests, which name their plan versions by version number; its follow-up (targets with their
 * entries, obligations with their deadlines, payment applications) and its grantees' reports (with
 * their costs, review comments and attachments' metadata, never the files), the realised figures
 * per year and the refund, which name deadlines, reports and obligations by their place in the
 * project's lists. No account is in the file (who wrote, submitted or reviewed is left out). After
 * the projects, the committee's meetings a step at a time (by day, then id), each with its members
 * and agenda items and their acknowledged findings; an item names its project by the project's place
 * in `projects`, a change request by its place in that project's `changeRequests`, and the item it
 * continues by places in `meetings` and `items`. Then the years' employment bonus budgets and the
 * bonus claims a step at a time (by id), each with its history (who acted is
 * left out) and its evidence's metadata (never the files); a claim names its organisation by ref
 * and its project by the project's place in `projects`. Read back by ledger-import.server.ts.
 */
import { preparersOf } from "./agenda.server";
import type { ExpressionBuilder, Selectable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type {
  AgendaFindingAckTable,
  AgendaItemTable,
  BonusClaimAttachmentTable,
  BonusClaimEventTable,
  BonusClaimTable,
  BonusYearTable,
  ChangeRequestTable,
  Database,
  Deadline,
  Indicator,
  IndicatorEntryTable,
  MeetingMemberTable,
  MeetingTable,
  Obligation,
  PaymentApplication,
  Project,
  RealisedYearTable,
  RefundTable,
  ReportAttachmentTable,
  ReportCommentTable,
  ReportCostTable,
  ReportTable,
} from "../../db/schema";
import { nowIso } from "~/domain/days";
import { COST_KINDS } from "~/domain/vocabulary";

import {
  LEDGER_FORMAT,
  LEDGER_FORMAT_VERSION,
  type FileChangeRequest,
  type FileAgendaItem,
  type FileBonusClaim,
  type FileBonusYear,
  type FileCommitment,
  type FileMeeting,
  type FileObligation,
  type FileOrganisation,
  type FilePaymentApplication,
  type FileRefund,
  type FileReport,
  type FileTarget,
  type FilePlanVersion,
  type FileProject,
  type LedgerFile,
} from "~/schemas/ledger-file";

import { loadPlanBundles, versionFacts, type PlanBundle } from "./plan.server";

/* ---------- export ---------- */

const orgRef = (id: number) => `org-${id}`;
const ref = (id: number | null) => (id === null ? null : orgRef(id));

/** Projects read and written per step of the export: bounds every query's id list and the memory a step holds. */
export const EXPORT_CHUNK_PROJECTS = 250;

/** Meetings read and written per step (a meeting's items may hold long texts: a step stays small). */
export const EXPORT_CHUNK_MEETINGS = 50;

/** Bonus claims read and written per step (a claim is small; its history and evidence are a few rows). */
export const EXPORT_CHUNK_CLAIMS = 500;

export interface ExportOptions {
  /** The document's `exportedAt`. */
  now?: Date;
  /** Projects per step (tests use small ones). */
  chunkSize?: number;
  /** Meetings per step (tests use small ones). */
  meetingChunkSize?: number;
  /** Bonus claims per step (tests use small ones). */
  claimChunkSize?: number;
}

/**
 * The whole ledger as the text of one JSON document, in pieces: first the header and every
 * organisation, then the projects `chunkSize` at a time in id order (keyset pagination), each
 * step's reads in one short read transaction. The text is exactly `JSON.stringify` of the
 * document (the same keys in the same order as always), so importers see no difference.
 * Projects created after the export began are left out (it reads up to the highest id it saw
 * first), so every organisation a new project could name is in the header.
 */
export async function* exportLedgerText(
  db: DB,
  { now = new Date(), chunkSize = EXPORT_CHUNK_PROJECTS, meetingChunkSize = EXPORT_CHUNK_MEETINGS, claimChunkSize = EXPORT_CHUNK_CLAIMS }: ExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const { organisations, lastProjectId, lastMeetingId, lastClaimId, bonusYears } = await db.transaction().execute(async (tx) => ({
    organisations: await tx.selectFrom("organisation").selectAll().orderBy("id").execute(),
    lastProjectId:
      (
        await tx
          .selectFrom("project")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0,
    lastMeetingId:
      (
        await tx
          .selectFrom("meeting")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0,
    lastClaimId:
      (
        await tx
          .selectFrom("bonus_claim")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0,
    // One row per year: a few hundred at the very most.
    bonusYears: await tx.selectFrom("bonus_year").selectAll().orderBy("year").execute(),
  }));
  const header = JSON.stringify({
    format: LEDGER_FORMAT,
    version: LEDGER_FORMAT_VERSION,
    exportedAt: nowIso(now),
    organisations: organisations.map((o): FileOrganisation => ({
      ref: orgRef(o.id),
      name: o.name,
      shortName: o.short_name,
      kind: o.kind,
      businessId: o.business_id,
      parent: ref(o.parent_id),
    })),
    projects: [],
  } satisfies LedgerFile);
  // `…,"projects":[]}` without its closing `]}`: the projects follow, then the meetings, then the close.
  yield header.slice(0, -2);
  // Where the meetings' items find what they name: each project's place in the file, and each
  // change request's place in its project's list (numbers only, one pair per project or request).
  const places: FilePlaces = { projects: [], requests: new Map() };
  let after = 0;
  let first = true;
  while (after < lastProjectId) {
    // Never yield inside the transaction: it holds the app's one connection.
    const chunk = await db.transaction().execute((tx) => readProjectChunk(tx, after, lastProjectId, chunkSize));
    if (chunk.projects.length === 0) break;
    after = chunk.projects[chunk.projects.length - 1]!.id;
    const text = chunk.projects.map((p) => JSON.stringify(fileProject(p, chunk, places))).join(",");
    yield first ? text : `,${text}`;
    first = false;
  }
  yield '],"meetings":[';
  // Meetings by day, then id: an item continues an item of an earlier meeting (the app tables an
  // item only to a later day), so the item it names is always written before it.
  const itemPlaces = new Map<number, { meeting: number; item: number }>();
  let meetingAfter: MeetingKey | null = null;
  let meetingCount = 0;
  for (;;) {
    const from: MeetingKey | null = meetingAfter;
    const chunk: MeetingChunk = await db.transaction().execute((tx) => readMeetingChunk(tx, from, lastMeetingId, meetingChunkSize));
    if (chunk.meetings.length === 0) break;
    const last: Selectable<MeetingTable> = chunk.meetings[chunk.meetings.length - 1]!;
    meetingAfter = { date: last.meeting_date, id: last.id };
    const text = chunk.meetings.map((m) => JSON.stringify(fileMeeting(m, meetingCount++, chunk, places, itemPlaces))).join(",");
    yield from === null ? text : `,${text}`;
  }
  yield `],"bonusYears":${JSON.stringify(bonusYears.map(fileBonusYear))},"bonusClaims":[`;
  let claimAfter = 0;
  while (claimAfter < lastClaimId) {
    const from = claimAfter;
    const chunk = await db.transaction().execute((tx) => readClaimChunk(tx, from, lastClaimId, claimChunkSize));
    if (chunk.claims.length === 0) break;
    claimAfter = chunk.claims[chunk.claims.length - 1]!.id;
    const text = chunk.claims.map((c) => JSON.stringify(fileBonusClaim(c, chunk, places))).join(",");
    yield from === 0 ? text : `,${text}`;
  }
  yield "]}";
}

/** Places in the file of what the meetings name: project ids in file order (ascending), change request id → place in its project. */
interface FilePlaces {
  projects: number[];
  requests: Map<number, { projectId: number; place: number }>;
}

/** The place of a project in the file's `projects` (written in ascending id order), or null when it is not in the file. */
function projectPlace(places: FilePlaces, projectId: number): number | null {
  const ids = places.projects;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = ids[mid]!;
    if (id === projectId) return mid;
    if (id < projectId) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/**
 * The export as a byte stream for a Response body: one step of `exportLedgerText` per read, none
 * before the first (a HEAD request or an unread body costs nothing), cancelled when the client
 * goes away. An error in the middle is logged in one line and ends the stream: the client gets a
 * document that does not parse (no closing `]}`), never an error page or a stack trace inside it.
 */
export function exportLedgerStream(db: DB, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const pieces = exportLedgerText(db, options);
  const encoder = new TextEncoder();
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (next.done) {
            controller.close();
            return;
          }
          const chunk = encoder.encode(next.value);
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        } catch (error) {
          const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          console.error(`GET /api/v1/export stopped after ${bytes} bytes, the client got an incomplete document (${why.split("\n")[0]})`);
          controller.close();
        }
      },
      async cancel() {
        await pieces.return();
      },
    },
    { highWaterMark: 0 },
  );
}

interface ProjectChunk {
  projects: Project[];
  versions: { id: number; project_id: number }[];
  bundles: Map<number, PlanBundle>;
  commitmentCreated: Map<number, string>;
  requests: Selectable<ChangeRequestTable>[];
  /** Follow-up rows by project id (targets, obligations, payment applications) and by parent id (entries, deadlines). */
  indicators: Map<number, Indicator[]>;
  entries: Map<number, Selectable<IndicatorEntryTable>[]>;
  obligations: Map<number, Obligation[]>;
  deadlines: Map<number, Deadline[]>;
  payments: Map<number, PaymentApplication[]>;
  /** Reports by project id, their costs, comments and attachments by report id; realised years and the refund by project id. */
  reports: Map<number, Selectable<ReportTable>[]>;
  reportCosts: Map<number, Selectable<ReportCostTable>[]>;
  reportComments: Map<number, Selectable<ReportCommentTable>[]>;
  reportAttachments: Map<number, Selectable<ReportAttachmentTable>[]>;
  realisedYears: Map<number, Selectable<RealisedYearTable>[]>;
  refunds: Map<number, Selectable<RefundTable>>;
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Up to `limit` projects with ids in (after, last], with everything the file holds about them.
 * Change requests are read before plan versions and commitments before their creation times, so
 * that whatever one read names, a later read of the same step has (a version is never deleted).
 */
async function readProjectChunk(tx: Tx, after: number, last: number, limit: number): Promise<ProjectChunk> {
  const projects = await tx.selectFrom("project").selectAll().where("id", ">", after).where("id", "<=", last).orderBy("id").limit(limit).execute();
  if (projects.length === 0)
    return {
      projects,
      versions: [],
      bundles: new Map(),
      commitmentCreated: new Map(),
      requests: [],
      indicators: new Map(),
      entries: new Map(),
      obligations: new Map(),
      deadlines: new Map(),
      payments: new Map(),
      reports: new Map(),
      reportCosts: new Map(),
      reportComments: new Map(),
      reportAttachments: new Map(),
      realisedYears: new Map(),
      refunds: new Map(),
    };
  const lo = projects[0]!.id;
  const hi = projects[projects.length - 1]!.id;
  const requests = await tx.selectFrom("change_request").selectAll().where("project_id", ">=", lo).where("project_id", "<=", hi).orderBy("id").execute();
  const versions = await tx
    .selectFrom("plan_version")
    .select(["id", "project_id"])
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("version_number")
    .execute();
  const bundles = await loadPlanBundles(tx, { versionIds: versions.map((v) => v.id) });
  const commitmentCreated = new Map(
    (
      await tx
        .selectFrom("commitment as c")
        .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
        .select(["c.id", "c.created_at"])
        .where("v.project_id", ">=", lo)
        .where("v.project_id", "<=", hi)
        .execute()
    ).map((c) => [c.id, c.created_at]),
  );
  // Follow-up: each list by the project's id range, parents before children (nothing is read that a later read lacks).
  const indicators = await tx
    .selectFrom("indicator")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("position")
    .orderBy("id")
    .execute();
  const entries = await tx
    .selectFrom("indicator_entry as e")
    .innerJoin("indicator as i", "i.id", "e.indicator_id")
    .selectAll("e")
    .where("i.project_id", ">=", lo)
    .where("i.project_id", "<=", hi)
    .orderBy("e.indicator_id")
    .orderBy("e.entry_date")
    .orderBy("e.id")
    .execute();
  const obligations = await tx
    .selectFrom("obligation")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("id")
    .execute();
  const deadlines = await tx
    .selectFrom("deadline")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("obligation_id")
    .orderBy("seq")
    .execute();
  const payments = await tx
    .selectFrom("payment_application")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("period_start")
    .orderBy("period_end")
    .orderBy("id")
    .execute();
  // Reports (after the deadlines they name), then their children by the reports' project range; the refund names a report.
  const reports = await tx
    .selectFrom("report")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("id")
    .execute();
  const reportCosts = await tx
    .selectFrom("report_cost as c")
    .innerJoin("report as r", "r.id", "c.report_id")
    .selectAll("c")
    .where("r.project_id", ">=", lo)
    .where("r.project_id", "<=", hi)
    .orderBy("c.report_id")
    .execute();
  const reportComments = await tx
    .selectFrom("report_comment as c")
    .innerJoin("report as r", "r.id", "c.report_id")
    .selectAll("c")
    .where("r.project_id", ">=", lo)
    .where("r.project_id", "<=", hi)
    .orderBy("c.report_id")
    .orderBy("c.round")
    .orderBy("c.id")
    .execute();
  const reportAttachments = await tx
    .selectFrom("report_attachment as a")
    .innerJoin("report as r", "r.id", "a.report_id")
    .selectAll("a")
    .where("r.project_id", ">=", lo)
    .where("r.project_id", "<=", hi)
    .orderBy("a.report_id")
    .orderBy("a.id")
    .execute();
  const realisedYears = await tx
    .selectFrom("realised_year")
    .selectAll()
    .where("project_id", ">=", lo)
    .where("project_id", "<=", hi)
    .orderBy("project_id")
    .orderBy("year")
    .execute();
  const refunds = await tx.selectFrom("refund").selectAll().where("project_id", ">=", lo).where("project_id", "<=", hi).execute();
  // A report's costs in the cost kinds' own order (the table keeps them by kind's name).
  const kindOrder = (k: string) => (COST_KINDS as readonly string[]).indexOf(k);
  reportCosts.sort((a, b) => a.report_id - b.report_id || kindOrder(a.kind) - kindOrder(b.kind));
  return {
    projects,
    versions,
    bundles,
    commitmentCreated,
    requests,
    indicators: groupBy(indicators, (r) => r.project_id),
    entries: groupBy(entries, (r) => r.indicator_id),
    obligations: groupBy(obligations, (r) => r.project_id),
    deadlines: groupBy(deadlines, (r) => r.obligation_id),
    payments: groupBy(payments, (r) => r.project_id),
    reports: groupBy(reports, (r) => r.project_id),
    reportCosts: groupBy(reportCosts, (r) => r.report_id),
    reportComments: groupBy(reportComments, (r) => r.report_id),
    reportAttachments: groupBy(reportAttachments, (r) => r.report_id),
    realisedYears: groupBy(realisedYears, (r) => r.project_id),
    refunds: new Map(refunds.map((r) => [r.project_id, r])),
  };
}

function fileProject(p: Project, chunk: ProjectChunk, places: FilePlaces): FileProject {
  const { versions, bundles, commitmentCreated, requests } = chunk;
  places.projects.push(p.id);
  requests.filter((r) => r.project_id === p.id).forEach((r, n) => places.requests.set(r.id, { projectId: p.id, place: n }));
  const versionNumber = (id: number) => bundles.get(id)!.version.version_number;
  const obligations = chunk.obligations.get(p.id) ?? [];
  // Reports and deadlines are named by their place in the project's lists.
  const deadlinePlace = new Map<number, { obligation: number; seq: number }>();
  obligations.forEach((o, n) => {
    for (const d of chunk.deadlines.get(o.id) ?? []) deadlinePlace.set(d.id, { obligation: n, seq: d.seq });
  });
  const reports = chunk.reports.get(p.id) ?? [];
  const reportIndex = new Map(reports.map((r, n) => [r.id, n]));
  const reportAt = (id: number | null) => (id === null ? null : (reportIndex.get(id) ?? null));
  const refund = chunk.refunds.get(p.id);
  return {
    name: p.name,
    shortName: p.short_name,
    caseNumber: p.case_number,
    lead: orgRef(p.lead_organisation_id),
    funder: ref(p.funder_organisation_id),
    programme: p.programme,
    specificObjective: p.specific_objective,
    targetGroup: p.target_group,
    description: p.description,
    status: p.status,
    euShareBp: p.eu_share_bp,
    createdAt: p.created_at,
    planVersions: versions
      .filter((v) => v.project_id === p.id)
      .map((v): FilePlanVersion => {
        const b = bundles.get(v.id)!;
        return {
          ...versionFacts(b.version),
          costLines: b.lines
            .filter((l) => l.side === "cost")
            .map((l) => ({
              kind: l.kind as FilePlanVersion["costLines"][number]["kind"],
              organisation: ref(l.organisationId),
              label: l.label,
              amountCents: l.amountCents,
              staffHoursCenti: l.staffHoursCenti,
              hourlyRateCents: l.hourlyRateCents,
              years: l.entered,
            })),
          financingLines: b.lines
            .filter((l) => l.side === "financing")
            .map((l) => ({
              kind: l.kind as FilePlanVersion["financingLines"][number]["kind"],
              organisation: ref(l.organisationId),
              label: l.label,
              amountCents: l.amountCents,
              statedPercentBp: l.statedPercentBp,
              years: l.entered,
            })),
          implementers: b.implementers.map((i) => ({ organisation: orgRef(i.organisationId), role: i.role, budgetCents: i.budgetCents })),
          commitments: b.commitments.map((c): FileCommitment => ({
            organisation: orgRef(c.organisationId),
            amountCents: c.amountCents,
            conditionStatus: c.conditionStatus,
            conditionText: c.conditionText,
            annualBudgetReservation: c.annualBudgetReservation,
            decisionBody: c.decisionBody,
            decisionDate: c.decisionDate,
            decisionSection: c.decisionSection,
            note: c.note,
            createdAt: commitmentCreated.get(c.id),
            years: c.entered,
          })),
        };
      }),
    changeRequests: requests
      .filter((r) => r.project_id === p.id)
      .map((r): FileChangeRequest => ({
        direction: r.direction,
        requestedBy: ref(r.requested_by_organisation_id),
        receivedOn: r.received_on,
        kinds: JSON.parse(r.kinds) as FileChangeRequest["kinds"],
        reason: r.reason,
        baseVersionNumber: versionNumber(r.base_version_id),
        proposedVersionNumber: versionNumber(r.proposed_version_id),
        proposedName: r.proposed_name,
        proposedShortName: r.proposed_short_name,
        proposedTargetGroup: r.proposed_target_group,
        previousName: r.previous_name,
        previousShortName: r.previous_short_name,
        previousTargetGroup: r.previous_target_group,
        state: r.state,
        conditionText: r.condition_text,
        conditionState: r.condition_state,
        conditionSettledOn: r.condition_settled_on,
        decisionBody: r.decision_body,
        decisionDate: r.decision_date,
        decisionSection: r.decision_section,
        decidedAt: r.decided_at,
        cityBeforeDecision: r.city_before_json === null ? null : (JSON.parse(r.city_before_json) as FileChangeRequest["cityBeforeDecision"]),
        cityAfterDecision: r.city_after_json === null ? null : (JSON.parse(r.city_after_json) as FileChangeRequest["cityAfterDecision"]),
        withdrawnAt: r.withdrawn_at,
        withdrawalReason: r.withdrawal_reason,
        correctedAt: r.corrected_at,
        correctionReason: r.correction_reason,
        createdAt: r.created_at,
      })),
    targets: (chunk.indicators.get(p.id) ?? []).map((i): FileTarget => ({
      kind: i.kind,
      name: i.name,
      unit: i.unit,
      targetKind: i.target_kind,
      target: i.target_value,
      entries: (chunk.entries.get(i.id) ?? []).map((e) => ({
        date: e.entry_date,
        value: e.value,
        women: e.women,
        men: e.men,
        other: e.other,
        note: e.note,
        report: reportAt(e.report_id),
      })),
    })),
    obligations: obligations.map((o): FileObligation => ({
      kind: o.kind,
      title: o.title,
      timesPerYear: o.times_per_year,
      everyMonths: o.every_months,
      daysAfter: o.days_after,
      dueDate: o.due_date,
      reminderDays: o.reminder_days === "" ? [] : o.reminder_days.split(",").map(Number),
      deadlines: (chunk.deadlines.get(o.id) ?? []).map((d) => ({
        seq: d.seq,
        periodStart: d.period_start,
        periodEnd: d.period_end,
        dueDate: d.due_date,
        status: d.status,
        submittedOn: d.submitted_on,
        decidedOn: d.decided_on,
        note: d.note,
      })),
    })),
    paymentApplications: (chunk.payments.get(p.id) ?? []).map((a): FilePaymentApplication => ({
      periodStart: a.period_start,
      periodEnd: a.period_end,
      amountAppliedCents: a.amount_applied_cents,
      status: a.status,
      submittedOn: a.submitted_on,
      decidedOn: a.decided_on,
      amountApprovedCents: a.amount_approved_cents,
      note: a.note,
    })),
    reports: reports.map((r): FileReport => ({
      deadline: r.deadline_id === null ? null : (deadlinePlace.get(r.deadline_id) ?? null),
      kind: r.kind,
      status: r.status,
      organisation: ref(r.organisation_id),
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
      doneText: r.done_text,
      changesText: r.changes_text,
      nextText: r.next_text,
      submissionCount: r.submission_count,
      submittedAt: r.submitted_at,
      returnedAt: r.returned_at,
      acceptedAt: r.accepted_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      costs: (chunk.reportCosts.get(r.id) ?? []).map((c) => ({ kind: c.kind, amountCents: c.amount_cents, explanation: c.explanation })),
      comments: (chunk.reportComments.get(r.id) ?? []).map((c) => ({ round: c.round, section: c.section, body: c.body, createdAt: c.created_at })),
      attachments: (chunk.reportAttachments.get(r.id) ?? []).map((a) => ({
        fileName: a.file_name,
        contentType: a.content_type as FileReport["attachments"][number]["contentType"],
        sizeBytes: a.size_bytes,
        sha256: a.sha256,
        createdAt: a.created_at,
      })),
    })),
    realisedYears: (chunk.realisedYears.get(p.id) ?? []).map((y) => ({
      year: y.year,
      costCents: y.cost_cents,
      esrCents: y.esr_cents,
      cityCents: y.city_cents,
      otherCents: y.other_cents,
      reportCount: y.report_count,
    })),
    refund: refund
      ? {
          report: reportAt(refund.report_id),
          amountCents: refund.amount_cents,
          status: refund.status,
          claimedOn: refund.claimed_on,
          paidOn: refund.paid_on,
          note: refund.note,
          basis: JSON.parse(refund.basis) as FileRefund["basis"],
          createdAt: refund.created_at,
          updatedAt: refund.updated_at,
        }
      : null,
  };
}

/* ---------- meetings ---------- */

/** Where a step of meetings ends: meetings are read by day, then id. */
interface MeetingKey {
  date: string;
  id: number;
}

interface MeetingChunk {
  meetings: Selectable<MeetingTable>[];
  members: Map<number, Selectable<MeetingMemberTable>[]>;
  items: Map<number, Selectable<AgendaItemTable>[]>;
  acks: Map<number, Selectable<AgendaFindingAckTable>[]>;
}

/**
 * Up to `limit` meetings after `after` (by day, then id) with ids up to `last` (meetings created
 * after the export began are left out), with their members, items and acknowledged findings: each
 * read by the step's range of (day, id), never by a list of ids.
 */
async function readMeetingChunk(tx: Tx, after: MeetingKey | null, last: number, limit: number): Promise<MeetingChunk> {
  const afterKey = (eb: ExpressionBuilder<Database, "meeting">) =>
    after === null
      ? eb.lit(true)
      : eb.or([eb("meeting.meeting_date", ">", after.date), eb.and([eb("meeting.meeting_date", "=", after.date), eb("meeting.id", ">", after.id)])]);
  const meetings = await tx
    .selectFrom("meeting")
    .selectAll()
    .where("id", "<=", last)
    .where(afterKey)
    .orderBy("meeting_date")
    .orderBy("id")
    .limit(limit)
    .execute();
  if (meetings.length === 0) return { meetings, members: new Map(), items: new Map(), acks: new Map() };
  const end = meetings[meetings.length - 1]!;
  // The step's meetings: after the previous step's last, up to this one's last (and no newer than the export).
  const inStep = (eb: ExpressionBuilder<Database, "meeting">) =>
    eb.and([
      eb("meeting.id", "<=", last),
      afterKey(eb),
      eb.or([eb("meeting.meeting_date", "<", end.meeting_date), eb.and([eb("meeting.meeting_date", "=", end.meeting_date), eb("meeting.id", "<=", end.id)])]),
    ]);
  const members = await tx
    .selectFrom("meeting_member")
    .innerJoin("meeting", "meeting.id", "meeting_member.meeting_id")
    .selectAll("meeting_member")
    .where(inStep)
    .orderBy("meeting_member.meeting_id")
    .orderBy("meeting_member.position")
    .orderBy("meeting_member.id")
    .execute();
  const items = await tx
    .selectFrom("agenda_item")
    .innerJoin("meeting", "meeting.id", "agenda_item.meeting_id")
    .selectAll("agenda_item")
    .where(inStep)
    .orderBy("agenda_item.meeting_id")
    .orderBy("agenda_item.section")
    .orderBy("agenda_item.id")
    .execute();
  const acks = await tx
    .selectFrom("agenda_finding_ack")
    .innerJoin("agenda_item", "agenda_item.id", "agenda_finding_ack.item_id")
    .innerJoin("meeting", "meeting.id", "agenda_item.meeting_id")
    .selectAll("agenda_finding_ack")
    .where(inStep)
    .orderBy("agenda_finding_ack.item_id")
    .orderBy("agenda_finding_ack.id")
    .execute();
  return {
    meetings,
    members: groupBy(members, (r) => r.meeting_id),
    items: groupBy(items, (r) => r.meeting_id),
    acks: groupBy(acks, (r) => r.item_id),
  };
}

function fileMeeting(
  m: Selectable<MeetingTable>,
  meetingPlace: number,
  chunk: MeetingChunk,
  places: FilePlaces,
  itemPlaces: Map<number, { meeting: number; item: number }>,
): FileMeeting {
  const items = chunk.items.get(m.id) ?? [];
  items.forEach((i, n) => itemPlaces.set(i.id, { meeting: meetingPlace, item: n }));
  return {
    body: m.body,
    date: m.meeting_date,
    startTime: m.start_time,
    place: m.place,
    presenter: m.presenter,
    publicSlug: m.public_slug,
    agendaPublishedAt: m.agenda_published_at,
    minutesPublishedAt: m.minutes_published_at,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    members: (chunk.members.get(m.id) ?? []).map((p) => ({ name: p.name, role: p.role })),
    items: items.map((i): FileAgendaItem => {
      const project = i.project_id === null ? null : projectPlace(places, i.project_id);
      const request = i.change_request_id === null ? undefined : places.requests.get(i.change_request_id);
      // A request is named within the item's own project (the app never links another project's).
      const changeRequest = project !== null && request !== undefined && request.projectId === i.project_id ? request.place : null;
      const continued = i.continues_item_id === null ? undefined : itemPlaces.get(i.continues_item_id);
      return {
        section: i.section,
        type: i.item_type,
        project,
        changeRequest,
        title: i.title,
        caseNumber: i.case_number,
        preparers: preparersOf(i.preparers),
        presenter: i.presenter,
        background: i.background,
        proposal: i.proposal,
        status: i.status,
        finalisedAt: i.finalised_at,
        decision: i.decision,
        decisionText: i.decision_text,
        decidedAt: i.decided_at,
        continues: continued ?? null,
        acknowledgedFindings: (chunk.acks.get(i.id) ?? []).map((a) => ({ code: a.code, excerpt: a.excerpt, reason: a.reason, createdAt: a.created_at })),
        createdAt: i.created_at,
        updatedAt: i.updated_at,
      };
    }),
  };
}

/* ---------- employment bonus ---------- */

function fileBonusYear(y: Selectable<BonusYearTable>): FileBonusYear {
  return {
    year: y.year,
    budgetCents: y.budget_cents,
    monthlySavingCents: y.monthly_saving_cents,
    createdAt: y.created_at,
    updatedAt: y.updated_at,
  };
}

interface ClaimChunk {
  claims: Selectable<BonusClaimTable>[];
  events: Map<number, Selectable<BonusClaimEventTable>[]>;
  attachments: Map<number, Selectable<BonusClaimAttachmentTable>[]>;
}

/**
 * Up to `limit` claims with ids in (after, last] (claims filed after the export began are left
 * out), with their events and attachments read by the step's range of claim ids.
 */
async function readClaimChunk(tx: Tx, after: number, last: number, limit: number): Promise<ClaimChunk> {
  const claims = await tx.selectFrom("bonus_claim").selectAll().where("id", ">", after).where("id", "<=", last).orderBy("id").limit(limit).execute();
  if (claims.length === 0) return { claims, events: new Map(), attachments: new Map() };
  const lo = claims[0]!.id;
  const hi = claims[claims.length - 1]!.id;
  const events = await tx
    .selectFrom("bonus_claim_event")
    .selectAll()
    .where("claim_id", ">=", lo)
    .where("claim_id", "<=", hi)
    .orderBy("claim_id")
    .orderBy("id")
    .execute();
  const attachments = await tx
    .selectFrom("bonus_claim_attachment")
    .selectAll()
    .where("claim_id", ">=", lo)
    .where("claim_id", "<=", hi)
    .orderBy("claim_id")
    .orderBy("id")
    .execute();
  return { claims, events: groupBy(events, (e) => e.claim_id), attachments: groupBy(attachments, (a) => a.claim_id) };
}

function fileBonusClaim(c: Selectable<BonusClaimTable>, chunk: ClaimChunk, places: FilePlaces): FileBonusClaim {
  return {
    organisation: orgRef(c.organisation_id),
    project: c.project_id === null ? null : projectPlace(places, c.project_id),
    reference: c.reference,
    kind: c.kind,
    startDate: c.start_date,
    employmentCondition: c.employment_condition === 1,
    studySupport: c.study_support,
    payableOn: c.payable_on,
    amountCents: c.amount_cents,
    note: c.note,
    status: c.status,
    filedOn: c.filed_on,
    approvedOn: c.approved_on,
    rejectedOn: c.rejected_on,
    rejectReason: c.reject_reason,
    paidOn: c.paid_on,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    events: (chunk.events.get(c.id) ?? []).map((e) => ({ action: e.action, message: e.message, at: e.at })),
    attachments: (chunk.attachments.get(c.id) ?? []).map((a) => ({
      fileName: a.file_name,
      contentType: a.content_type as FileBonusClaim["attachments"][number]["contentType"],
      sizeBytes: a.size_bytes,
      sha256: a.sha256,
      createdAt: a.created_at,
    })),
  };
}
