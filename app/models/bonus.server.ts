/**
 * Employment bonus claims (app/domain/bonus.ts has the rules; docs/decisions/015).
 *
 * Who sees what: an association's representative sees, files, answers and withdraws its own
 * organisation's claims only (another organisation's claim is not found: 404); managers and
 * admins see every claim, managers review them and mark them paid; the year's figures (budget,
 * approved, paid, the estimate of avoided costs) are for managers, admins and committee members.
 *
 * Every write is one audited transaction whose UPDATE names the state and revision it expects:
 * two managers approving (or paying) the same claim at once change it once; the second is told
 * it was already decided. The year's figures are SQL aggregates over the claims' own indexed
 * days of approval and payment (no rows are loaded into JavaScript to be summed).
 */
import { sql } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { Viewer } from "~/domain/permissions";
import type { Day } from "~/domain/days";
import { nowIso } from "~/domain/days";
import {
  BONUS_AMOUNT_CENTS,
  answerable,
  avoidedCostEstimate,
  checkClaim,
  claimStage,
  looksLikeHetu,
  referenceProblem,
  payable,
  payableOn,
  referenceKey,
  reviewable,
  withdrawable,
  CLAIM_FILTERS,
  type ClaimFilter,
  type ClaimKind,
  type ClaimStage,
  type ClaimStatus,
  type EligibleStudySupport,
  type ReviewDecision,
  type StudySupport,
} from "~/domain/bonus";
import { safeFileName, sniffAttachment } from "~/domain/attachment";
import { pageOf, type Page } from "~/domain/paging";
import { claimIssueKey } from "~/schemas/bonus";
import { projectVisible } from "./scope.server";
import { audited, type Actor } from "./audit.server";
import { InputError, NotFoundError, isUniqueViolation } from "./errors.server";
import { SNIFF_ERROR_KEYS, removeFileIfUnused, sha256Of, storeFile } from "./attachment.server";

/** Who may see which claims: an association its own, everyone else who may read claims all. */
function visibleTo(viewer: Viewer) {
  return viewer.role === "association" ? { organisationId: viewer.organisationId ?? -1 } : null;
}

const CLAIM_COLUMNS = [
  "c.id",
  "c.organisation_id",
  "c.project_id",
  "c.reference",
  "c.kind",
  "c.start_date",
  "c.employment_condition",
  "c.study_support",
  "c.payable_on",
  "c.amount_cents",
  "c.note",
  "c.status",
  "c.filed_on",
  "c.approved_on",
  "c.rejected_on",
  "c.reject_reason",
  "c.paid_on",
  "c.revision",
] as const;

export interface ClaimRow {
  id: number;
  organisationId: number;
  organisationName: string;
  projectId: number | null;
  projectName: string | null;
  reference: string;
  kind: ClaimKind;
  startDate: Day;
  employmentCondition: boolean;
  studySupport: EligibleStudySupport | null;
  payableOn: Day;
  amountCents: number;
  note: string;
  status: ClaimStatus;
  stage: ClaimStage;
  filedOn: Day;
  approvedOn: Day | null;
  rejectedOn: Day | null;
  rejectReason: string;
  paidOn: Day | null;
  revision: number;
}

function claimsQuery(db: Tx, viewer: Viewer) {
  const scope = visibleTo(viewer);
  let q = db
    .selectFrom("bonus_claim as c")
    .innerJoin("organisation as o", "o.id", "c.organisation_id")
    .leftJoin("project as p", "p.id", "c.project_id")
    .select([...CLAIM_COLUMNS, "o.name as organisation_name", "p.short_name as project_name"]);
  if (scope) q = q.where("c.organisation_id", "=", scope.organisationId);
  return q;
}

type RawClaim = Awaited<ReturnType<ReturnType<typeof claimsQuery>["executeTakeFirstOrThrow"]>>;

function toClaim(r: RawClaim, today: Day): ClaimRow {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    projectId: r.project_id,
    projectName: r.project_name,
    reference: r.reference,
    kind: r.kind,
    startDate: r.start_date,
    employmentCondition: r.employment_condition === 1,
    studySupport: r.study_support,
    payableOn: r.payable_on,
    amountCents: r.amount_cents,
    note: r.note,
    status: r.status,
    stage: claimStage(r.status, r.payable_on, today),
    filedOn: r.filed_on,
    approvedOn: r.approved_on,
    rejectedOn: r.rejected_on,
    rejectReason: r.reject_reason,
    paidOn: r.paid_on,
    revision: r.revision,
  };
}

/** One claim, if the viewer may see it (else undefined: the routes answer 404). */
export async function getClaim(db: Tx, viewer: Viewer, id: number, today: Day): Promise<ClaimRow | undefined> {
  const r = await claimsQuery(db, viewer).where("c.id", "=", id).executeTakeFirst();
  return r ? toClaim(r, today) : undefined;
}

export { CLAIM_FILTERS, type ClaimFilter };

export interface ClaimListOptions {
  filter: ClaimFilter;
  organisationId: number | null;
  page: number;
  size?: number;
}

function filtered<Q extends ReturnType<typeof claimsQuery>>(q: Q, filter: ClaimFilter, today: Day): Q {
  switch (filter) {
    case "review":
      return q.where("c.status", "=", "submitted").where("c.payable_on", "<=", today) as Q;
    case "waiting":
      return q.where("c.status", "=", "submitted").where("c.payable_on", ">", today) as Q;
    case "all":
      return q;
    default:
      return q.where("c.status", "=", filter) as Q;
  }
}

/**
 * A page of claims the viewer may see (50 by default), with the count of each list beside it and
 * the list's count and sum. The review queue runs oldest payable first; the other lists newest first.
 */
export async function listClaims(db: DB, viewer: Viewer, opts: ClaimListOptions, today: Day) {
  const base = () => {
    const q = claimsQuery(db, viewer);
    return opts.organisationId === null ? q : q.where("c.organisation_id", "=", opts.organisationId);
  };
  const scope = visibleTo(viewer);
  // The day is written as a literal (a server-computed YYYY-MM-DD): PostgreSQL accepts an expression
  // in GROUP BY only when it is the same text as in the select list, and bound parameters never are.
  let countQ = db
    .selectFrom("bonus_claim as c")
    .select([
      "c.status",
      sql<number>`CASE WHEN c.status = 'submitted' AND c.payable_on <= ${sql.lit(today)} THEN 1 ELSE 0 END`.as("due"),
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("c.amount_cents").as("cents"),
    ])
    .groupBy(["c.status", sql`CASE WHEN c.status = 'submitted' AND c.payable_on <= ${sql.lit(today)} THEN 1 ELSE 0 END`]);
  if (scope) countQ = countQ.where("c.organisation_id", "=", scope.organisationId);
  if (opts.organisationId !== null) countQ = countQ.where("c.organisation_id", "=", opts.organisationId);
  const groups = await countQ.execute();
  const counts = Object.fromEntries(CLAIM_FILTERS.map((f) => [f, { count: 0, cents: 0 }])) as Record<ClaimFilter, { count: number; cents: number }>;
  for (const g of groups) {
    const key: ClaimFilter = g.status === "submitted" ? (g.due ? "review" : "waiting") : g.status;
    counts[key].count += Number(g.n);
    counts[key].cents += Number(g.cents ?? 0);
    counts.all.count += Number(g.n);
    counts.all.cents += Number(g.cents ?? 0);
  }
  const page: Page = pageOf(counts[opts.filter].count, opts.page, opts.size ?? 50);
  let q = filtered(base(), opts.filter, today);
  q = (opts.filter === "review" ? q.orderBy("c.payable_on").orderBy("c.id") : q.orderBy("c.id", "desc")) as typeof q;
  const rows = await q.limit(page.size).offset(page.offset).execute();
  return { claims: rows.map((r) => toClaim(r, today)), counts, page };
}

/** The claim's events, oldest first, with who acted (their name). */
export async function claimEvents(db: Tx, claimId: number) {
  const rows = await db
    .selectFrom("bonus_claim_event as e")
    .leftJoin("app_user as u", "u.id", "e.user_id")
    .select(["e.id", "e.action", "e.message", "e.at", "u.name as user_name"])
    .where("e.claim_id", "=", claimId)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({ id: r.id, action: r.action, message: r.message, at: r.at, userName: r.user_name }));
}

export async function claimAttachments(db: Tx, claimId: number) {
  const rows = await db
    .selectFrom("bonus_claim_attachment")
    .select(["id", "file_name", "content_type", "size_bytes", "created_at"])
    .where("claim_id", "=", claimId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, contentType: r.content_type, sizeBytes: r.size_bytes, createdAt: r.created_at }));
}

/** One evidence file of a claim the viewer may see (else undefined). */
export async function getClaimAttachment(db: Tx, viewer: Viewer, claimId: number, attachmentId: number, today: Day) {
  if (!(await getClaim(db, viewer, claimId, today))) return undefined;
  return db.selectFrom("bonus_claim_attachment").selectAll().where("id", "=", attachmentId).where("claim_id", "=", claimId).executeTakeFirst();
}

/** The projects an association's representative may name as the measure (its own, by name). */
export async function claimProjectOptions(db: Tx, viewer: Viewer) {
  return db.selectFrom("project as p").select(["p.id", "p.short_name"]).where(projectVisible(viewer, "p")).orderBy("p.short_name").limit(200).execute();
}

export interface EvidenceFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The evidence checked before anything is written: a PDF, DOCX or XLSX, not empty, not too large, no macros. */
function checkEvidence(file: EvidenceFile | null, required: boolean) {
  if (!file) {
    if (required) throw new InputError({ file: { key: "bonus.error.evidenceRequired" } });
    return null;
  }
  const sniffed = sniffAttachment(file.bytes, file.fileName);
  if (!sniffed.ok) throw new InputError({ file: { key: SNIFF_ERROR_KEYS[sniffed.error] } });
  return { sha256: sha256Of(file.bytes), fileName: safeFileName(file.fileName, sniffed.extension), contentType: sniffed.contentType, bytes: file.bytes };
}

async function attachEvidence(tx: Tx, actor: Actor, claimId: number, e: NonNullable<ReturnType<typeof checkEvidence>>) {
  await storeFile(e.sha256, e.bytes);
  await tx
    .insertInto("bonus_claim_attachment")
    .values({
      claim_id: claimId,
      file_name: e.fileName,
      content_type: e.contentType,
      size_bytes: e.bytes.length,
      sha256: e.sha256,
      created_by: actor.userId,
      created_at: nowIso(),
    })
    .execute();
}

export interface ClaimInput {
  /** When posted: must be the representative's own organisation (another's is not found). */
  organisationId: number | null;
  projectId: number | null;
  reference: string;
  kind: ClaimKind;
  startDate: Day;
  employmentCondition: boolean;
  studySupport: StudySupport | null;
  note: string;
}

/**
 * Files a claim for the representative's organisation with its evidence. Returns the new claim's
 * id. NotFoundError: another organisation, or a project the representative may not see.
 * InputError: a rule of the bonus, the evidence, or a live claim for the same reference and start.
 */
export async function fileClaim(db: DB, actor: Actor, viewer: Viewer, input: ClaimInput, file: EvidenceFile | null, today: Day): Promise<number> {
  if (viewer.role !== "association" || viewer.organisationId === null) throw new Error("only an association's representative files claims");
  const organisationId = viewer.organisationId;
  if (input.organisationId !== null && input.organisationId !== organisationId) throw new NotFoundError();
  const refProblem = referenceProblem(input.reference);
  if (refProblem)
    throw new InputError({
      reference: {
        key: refProblem === "required" ? "error.required" : refProblem === "tooLong" ? "error.tooLong" : `bonus.error.reference.${refProblem}`,
        params: refProblem === "tooLong" ? { max: 40 } : undefined,
      },
    });
  if (looksLikeHetu(input.note)) throw new InputError({ note: { key: "bonus.error.text.hetu" } });
  const issues = checkClaim(input, today);
  if (issues.length > 0) throw new InputError(Object.fromEntries(issues.map((i) => [i.field, { key: claimIssueKey(i) }])));
  const evidence = checkEvidence(file, true)!;
  const key = referenceKey(input.reference);
  try {
    return await audited(db, actor, async (tx) => {
      if (input.projectId !== null) {
        const p = await tx.selectFrom("project as p").select("p.id").where("p.id", "=", input.projectId).where(projectVisible(viewer, "p")).executeTakeFirst();
        if (!p) throw new NotFoundError();
      }
      const existing = await tx
        .selectFrom("bonus_claim")
        .select(["id", "status", "filed_on"])
        .where("organisation_id", "=", organisationId)
        .where("reference_key", "=", key)
        .where("start_date", "=", input.startDate)
        .where("status", "<>", "withdrawn")
        .executeTakeFirst();
      if (existing) throw duplicateError(existing.filed_on);
      const now = nowIso();
      const { id } = await tx
        .insertInto("bonus_claim")
        .values({
          organisation_id: organisationId,
          project_id: input.projectId,
          reference: input.reference.trim().replace(/\s+/g, " "),
          reference_key: key,
          kind: input.kind,
          start_date: input.startDate,
          employment_condition: input.kind === "work" ? 1 : 0,
          study_support: input.kind === "studies" ? (input.studySupport as EligibleStudySupport) : null,
          payable_on: payableOn(input.startDate),
          amount_cents: BONUS_AMOUNT_CENTS,
          note: input.note,
          status: "submitted",
          filed_on: today,
          filed_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.insertInto("bonus_claim_event").values({ claim_id: id, action: "filed", message: "", user_id: actor.userId, at: now }).execute();
      await attachEvidence(tx, actor, id, evidence);
      return id;
    });
  } catch (e) {
    // Nothing refers to the evidence of a claim that was not saved (unless other rows share its content).
    await removeFileIfUnused(db, evidence.sha256);
    // Two filings of the same claim at once: the index lets one in.
    if (isUniqueViolation(e, "bonus_claim")) throw duplicateError(today);
    throw e;
  }
}

const duplicateError = (filedOn: Day) => new InputError({ reference: { key: "bonus.error.duplicate", params: { filedDay: filedOn } } });

/** Moves a claim from one of `from` (at the editor's revision) to its next state; refused when it moved meanwhile. */
async function transition(
  tx: Tx,
  claim: { id: number; revision: number },
  from: readonly ClaimStatus[],
  set: Record<string, unknown>,
  field: string,
  revision: number,
): Promise<void> {
  if (claim.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "bonus_claim", id: claim.id, revision });
  const r = await tx
    .updateTable("bonus_claim")
    .set((eb) => ({ ...set, updated_at: nowIso(), revision: eb("revision", "+", 1) }))
    .where("id", "=", claim.id)
    .where("status", "in", [...from])
    .where("revision", "=", revision)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new InputError({ [field]: { key: "bonus.error.alreadyDecided" } });
}

async function lockedClaim(tx: Tx, viewer: Viewer, id: number, today: Day): Promise<ClaimRow> {
  const c = await getClaim(tx, viewer, id, today);
  if (!c) throw new NotFoundError();
  return c;
}

/**
 * A manager's decision on a claim in review: approve (from its payable day on), ask for more
 * evidence, or reject (both with a message). Returns the new status.
 */
export async function reviewClaim(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  id: number,
  input: { decision: ReviewDecision; message: string; revision: number },
  today: Day,
): Promise<ClaimStatus> {
  return audited(db, actor, async (tx) => {
    const c = await lockedClaim(tx, viewer, id, today);
    if (!reviewable(c.status)) throw new InputError({ decision: { key: "bonus.error.alreadyDecided" } });
    const now = nowIso();
    let next: ClaimStatus;
    if (input.decision === "approve") {
      if (today < c.payableOn) throw new InputError({ decision: { key: "bonus.error.notYetPayable", params: { payableDay: c.payableOn } } });
      await transition(
        tx,
        c,
        ["submitted", "info_requested"],
        { status: "approved", approved_on: today, approved_by: actor.userId },
        "decision",
        input.revision,
      );
      next = "approved";
    } else if (input.decision === "reject") {
      await transition(
        tx,
        c,
        ["submitted", "info_requested"],
        { status: "rejected", rejected_on: today, reject_reason: input.message },
        "decision",
        input.revision,
      );
      next = "rejected";
    } else {
      await transition(tx, c, ["submitted"], { status: "info_requested" }, "decision", input.revision);
      next = "info_requested";
    }
    const action = next === "approved" ? "approved" : next === "rejected" ? "rejected" : "info_requested";
    await tx.insertInto("bonus_claim_event").values({ claim_id: id, action, message: input.message, user_id: actor.userId, at: now }).execute();
    return next;
  });
}

/** Marks an approved claim paid on the day of payment (not before its approval, not in the future). */
export async function markClaimPaid(db: DB, actor: Actor, viewer: Viewer, id: number, input: { paidOn: Day; revision: number }, today: Day): Promise<void> {
  await audited(db, actor, async (tx) => {
    const c = await lockedClaim(tx, viewer, id, today);
    if (!payable(c.status)) throw new InputError({ paidOn: { key: c.status === "paid" ? "bonus.error.alreadyPaid" : "bonus.error.notApproved" } });
    if (input.paidOn > today) throw new InputError({ paidOn: { key: "bonus.error.paidInFuture" } });
    if (c.approvedOn && input.paidOn < c.approvedOn)
      throw new InputError({ paidOn: { key: "bonus.error.paidBeforeApproved", params: { approvedDay: c.approvedOn } } });
    await transition(tx, c, ["approved"], { status: "paid", paid_on: input.paidOn, paid_by: actor.userId }, "paidOn", input.revision);
    await tx.insertInto("bonus_claim_event").values({ claim_id: id, action: "paid", message: "", user_id: actor.userId, at: nowIso() }).execute();
  });
}

/** The association answers a request for more evidence: a message, a file, or both; the claim goes back to review. */
export async function answerClaim(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  id: number,
  input: { message: string; revision: number },
  file: EvidenceFile | null,
  today: Day,
): Promise<void> {
  if (looksLikeHetu(input.message)) throw new InputError({ message: { key: "bonus.error.text.hetu" } });
  const evidence = checkEvidence(file, false);
  if (!evidence && input.message === "") throw new InputError({ message: { key: "bonus.error.answerEmpty" } });
  try {
    await answerIn(db, actor, viewer, id, input, evidence, today);
  } catch (e) {
    if (evidence) await removeFileIfUnused(db, evidence.sha256);
    throw e;
  }
}

async function answerIn(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  id: number,
  input: { message: string; revision: number },
  evidence: ReturnType<typeof checkEvidence>,
  today: Day,
) {
  await audited(db, actor, async (tx) => {
    const c = await lockedClaim(tx, viewer, id, today);
    if (!answerable(c.status)) throw new InputError({ message: { key: "bonus.error.notAsked" } });
    await transition(tx, c, ["info_requested"], { status: "submitted" }, "message", input.revision);
    await tx
      .insertInto("bonus_claim_event")
      .values({ claim_id: id, action: "answered", message: input.message, user_id: actor.userId, at: nowIso() })
      .execute();
    if (evidence) await attachEvidence(tx, actor, id, evidence);
  });
}

/** The association withdraws a claim not yet decided (its reference and start may then be claimed again). */
export async function withdrawClaim(db: DB, actor: Actor, viewer: Viewer, id: number, revision: number, today: Day): Promise<void> {
  await audited(db, actor, async (tx) => {
    const c = await lockedClaim(tx, viewer, id, today);
    if (!withdrawable(c.status)) throw new InputError({ withdraw: { key: "bonus.error.alreadyDecided" } });
    await transition(tx, c, ["submitted", "info_requested"], { status: "withdrawn" }, "withdraw", revision);
    await tx.insertInto("bonus_claim_event").values({ claim_id: id, action: "withdrawn", message: "", user_id: actor.userId, at: nowIso() }).execute();
  });
}

/* ---------- the year's figures ---------- */

export interface BonusYear {
  year: number;
  budgetCents: number | null;
  monthlySavingCents: number | null;
  revision: number | null;
}

export async function getBonusYear(db: Tx, year: number): Promise<BonusYear> {
  const r = await db.selectFrom("bonus_year").selectAll().where("year", "=", year).executeTakeFirst();
  return { year, budgetCents: r?.budget_cents ?? null, monthlySavingCents: r?.monthly_saving_cents ?? null, revision: r?.revision ?? null };
}

/** Sets the year's budget and monthly figure (a new year, or over the revision the manager loaded). */
export async function setBonusYear(
  db: DB,
  actor: Actor,
  input: { year: number; budgetCents: number; monthlySavingCents: number | null; revision: number | null },
): Promise<void> {
  await audited(db, actor, async (tx) => {
    const now = nowIso();
    const existing = await tx.selectFrom("bonus_year").select(["revision"]).where("year", "=", input.year).executeTakeFirst();
    if (!existing) {
      if (input.revision !== null) throw new InputError({ revision: { key: "error.revision.stale" } });
      await tx
        .insertInto("bonus_year")
        .values({
          year: input.year,
          budget_cents: input.budgetCents,
          monthly_saving_cents: input.monthlySavingCents,
          updated_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return;
    }
    if (existing.revision !== input.revision)
      throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "bonus_year", id: input.year, revision: input.revision ?? 0 });
    await tx
      .updateTable("bonus_year")
      .set((eb) => ({
        budget_cents: input.budgetCents,
        monthly_saving_cents: input.monthlySavingCents,
        updated_by: actor.userId,
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("year", "=", input.year)
      .where("revision", "=", input.revision)
      .execute();
  });
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/**
 * The year's bonus figures: the budget, what was approved (charged to the budget by the day of
 * approval) and paid (by the day of payment), per month and per association (a page of 50,
 * largest first), the claims still pending, and the estimate of avoided benefit costs.
 */
export async function bonusYearSummary(db: DB, year: number, organisationPage = 1) {
  const [from, to] = yearRange(year);
  const settings = await getBonusYear(db, year);
  const approvedByMonth = await db
    .selectFrom("bonus_claim")
    .select([
      sql<string>`substr(approved_on, 6, 2)`.as("month"),
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("amount_cents").as("cents"),
    ])
    .where("approved_on", ">=", from)
    .where("approved_on", "<=", to)
    .groupBy(sql`substr(approved_on, 6, 2)`)
    .execute();
  const paidByMonth = await db
    .selectFrom("bonus_claim")
    .select([sql<string>`substr(paid_on, 6, 2)`.as("month"), (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("amount_cents").as("cents")])
    .where("paid_on", ">=", from)
    .where("paid_on", "<=", to)
    .groupBy(sql`substr(paid_on, 6, 2)`)
    .execute();
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = String(i + 1).padStart(2, "0");
    const a = approvedByMonth.find((r) => r.month === m);
    const p = paidByMonth.find((r) => r.month === m);
    return {
      month: i + 1,
      approvedCount: Number(a?.n ?? 0),
      approvedCents: Number(a?.cents ?? 0),
      paidCount: Number(p?.n ?? 0),
      paidCents: Number(p?.cents ?? 0),
    };
  });
  const sum = (k: "approvedCount" | "approvedCents" | "paidCount" | "paidCents") => months.reduce((s, m) => s + m[k], 0);
  const totals = { approvedCount: sum("approvedCount"), approvedCents: sum("approvedCents"), paidCount: sum("paidCount"), paidCents: sum("paidCents") };

  // Per association: approved and paid in the year, each from its own index, grouped together.
  const perOrg = sql<{ organisation_id: number; approved_n: number; approved_cents: number; paid_n: number; paid_cents: number }>`
    SELECT organisation_id, sum(approved_n) AS approved_n, sum(approved_cents) AS approved_cents, sum(paid_n) AS paid_n, sum(paid_cents) AS paid_cents FROM (
      SELECT organisation_id, count(*) AS approved_n, sum(amount_cents) AS approved_cents, 0 AS paid_n, 0 AS paid_cents
        FROM bonus_claim WHERE approved_on >= ${from} AND approved_on <= ${to} GROUP BY organisation_id
      UNION ALL
      SELECT organisation_id, 0, 0, count(*), sum(amount_cents)
        FROM bonus_claim WHERE paid_on >= ${from} AND paid_on <= ${to} GROUP BY organisation_id
    ) u GROUP BY organisation_id`;
  // One pass: the page of associations and (beside each row) how many there are in all.
  const size = 50;
  const wanted = Math.max(1, Math.trunc(organisationPage) || 1);
  const pageRows = async (page: number) =>
    (
      await sql<{ organisation_id: number; name: string; approved_n: number; approved_cents: number; paid_n: number; paid_cents: number; total: number }>`
        SELECT t.*, o.name, count(*) OVER () AS total FROM (${perOrg}) t JOIN organisation o ON o.id = t.organisation_id
        ORDER BY t.approved_cents DESC, t.paid_cents DESC, o.name, o.id LIMIT ${size} OFFSET ${(page - 1) * size}`.execute(db)
    ).rows;
  let rows = await pageRows(wanted);
  let orgPage = pageOf(Number(rows[0]?.total ?? 0), wanted, size);
  // A page past the last: the last page (its count is known only from a page that has rows).
  if (rows.length === 0 && wanted > 1) {
    const total = Number((await pageRows(1))[0]?.total ?? 0);
    orgPage = pageOf(total, wanted, size);
    rows = orgPage.page > 1 ? await pageRows(orgPage.page) : await pageRows(1);
  }
  const orgRows = rows.map((r) => ({
    organisationId: r.organisation_id,
    name: r.name,
    approvedCount: Number(r.approved_n),
    approvedCents: Number(r.approved_cents),
    paidCount: Number(r.paid_n),
    paidCents: Number(r.paid_cents),
  }));

  const pendingRows = await db
    .selectFrom("bonus_claim")
    .select([
      sql<number>`CASE WHEN payable_on <= ${sql.lit(to)} THEN 1 ELSE 0 END`.as("this_year"),
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("amount_cents").as("cents"),
    ])
    .where("status", "in", ["submitted", "info_requested"])
    .groupBy(sql`CASE WHEN payable_on <= ${sql.lit(to)} THEN 1 ELSE 0 END`)
    .execute();
  const pendingThisYear = pendingRows.find((r) => Number(r.this_year) === 1);
  const pending = {
    count: pendingRows.reduce((s, r) => s + Number(r.n), 0),
    /** Of them, those payable by the end of the year (they may still be charged to it). */
    byYearEndCount: Number(pendingThisYear?.n ?? 0),
    byYearEndCents: Number(pendingThisYear?.cents ?? 0),
  };
  return {
    settings,
    totals,
    remainingCents: settings.budgetCents === null ? null : settings.budgetCents - totals.approvedCents,
    months,
    organisations: orgRows,
    organisationPage: orgPage,
    pending,
    estimate:
      settings.monthlySavingCents === null
        ? null
        : {
            cents: avoidedCostEstimate(totals.approvedCount, settings.monthlySavingCents),
            count: totals.approvedCount,
            monthlyCents: settings.monthlySavingCents,
          },
  };
}

/** The years that have claims approved or paid, or a budget, and the current one (for the year selector). */
export async function bonusYears(db: DB, current: number): Promise<number[]> {
  const rows = (
    await sql<{ y: number }>`
      SELECT DISTINCT y FROM (
        SELECT year AS y FROM bonus_year
        UNION SELECT CAST(substr(min(approved_on), 1, 4) AS INTEGER) FROM bonus_claim WHERE approved_on IS NOT NULL
        UNION SELECT CAST(substr(max(approved_on), 1, 4) AS INTEGER) FROM bonus_claim WHERE approved_on IS NOT NULL
      ) ys WHERE y IS NOT NULL`.execute(db)
  ).rows.map((r) => Number(r.y));
  const lo = Math.min(current, ...rows);
  const hi = Math.max(current, ...rows);
  return Array.from({ length: hi - lo + 1 }, (_, i) => hi - i);
}

/** The counts an association's home page and a manager's show: claims to answer or to review. */
export async function claimCounts(db: DB, viewer: Viewer, today: Day) {
  const scope = visibleTo(viewer);
  let q = db
    .selectFrom("bonus_claim as c")
    .select([
      sql<number>`sum(CASE WHEN c.status = 'submitted' AND c.payable_on <= ${today} THEN 1 ELSE 0 END)`.as("review"),
      sql<number>`sum(CASE WHEN c.status = 'info_requested' THEN 1 ELSE 0 END)`.as("info_requested"),
      sql<number>`sum(CASE WHEN c.status = 'approved' THEN 1 ELSE 0 END)`.as("approved"),
    ])
    .where("c.status", "in", ["submitted", "info_requested", "approved"]);
  if (scope) q = q.where("c.organisation_id", "=", scope.organisationId);
  const r = await q.executeTakeFirstOrThrow();
  return { review: Number(r.review ?? 0), infoRequested: Number(r.info_requested ?? 0), approved: Number(r.approved ?? 0) };
}
