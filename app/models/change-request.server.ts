/**
 * Change requests: recording one with its proposed plan (a plan version in state 'proposed'),
 * showing it beside the current plan with its effect per year, deciding it, and settling the
 * condition of a conditional approval. The rules themselves are in app/domain/change-request.ts.
 */
import type { DB, Tx } from "../../db/connection";
import type { ChangeRequestTable } from "../../db/schema";
import type { Selectable } from "kysely";
import type { PlanInput } from "~/schemas/ledger";
import {
  DECIDED_BY,
  checkDecision,
  compareRequestsOldestFirst,
  diffPlans,
  requestOutcome,
  yearlyEffect,
  type ChangeKind,
  type DecisionAction,
  type DecisionProblem,
  type PlanDiff,
  type PlanSnapshot,
  type RequestDirection,
  type YearlyEffect,
  type YearStateChange,
  snapshotCommitmentYears,
  canWithdraw,
  yearStateChanges,
} from "~/domain/change-request";
import { commitmentsByYear, commitmentYears, type CommitmentYearTotals } from "~/domain/plan";
import { nowIso, type Day } from "~/domain/days";
import type { YearAmount } from "~/domain/split";
import { can, type Viewer } from "~/domain/permissions";
import { cityTotalsWithout } from "./commitment.server";
import { audited, type Actor } from "./audit.server";
import { InputError, NotFoundError, type FieldErrors } from "./errors.server";
import { loadPlanBundles, organisationNames, toCommitmentData, versionFacts, type PlanBundle } from "./plan.server";
import {
  assertCostModelKept,
  copyCommitments,
  insertCommitmentYears,
  insertPlanVersion,
  planVersionColumns,
  setVersionState,
  writePlanContents,
} from "./plan-write.server";
import { planOrganisationRefs } from "~/schemas/plan-input";
import { assertCityOrganisation, assertOrganisationsExist, cityOrganisationIds } from "./organisation.server";
import { projectVisible } from "./scope.server";
import { planFormContext } from "./project.server";
import { todayInHelsinki } from "~/domain/clock";

export type ChangeRequest = Selectable<ChangeRequestTable>;

export interface ChangeRequestInput {
  direction: RequestDirection;
  requestedByOrganisationId: number | null;
  receivedOn: Day;
  kinds: ChangeKind[];
  reason: string;
  project: { name: string; shortName: string; targetGroup: string };
  plan: PlanInput;
  /** A new co-financing commitment of a city unit; it replaces that unit's commitments in the proposal. */
  cityCommitment: { organisationId: number; amountCents: number; years: YearAmount[] } | null;
}

/** The organisations a request names exist, and a proposed city commitment is a city unit's. */
async function checkRequestOrganisations(tx: Tx, input: ChangeRequestInput): Promise<void> {
  await assertOrganisationsExist(tx, [
    ...planOrganisationRefs(input.plan),
    { field: "requestedByOrganisationId", id: input.requestedByOrganisationId },
    { field: "cityCommitment.organisationId", id: input.cityCommitment?.organisationId ?? null },
  ]);
  if (input.cityCommitment) await assertCityOrganisation(tx, input.cityCommitment.organisationId, "cityCommitment.organisationId");
}

/** A proposed co-financing commitment of a city unit replaces that unit's commitments in the proposal. */
async function replaceUnitCommitment(tx: Tx, proposedId: number, c: ChangeRequestInput["cityCommitment"]): Promise<void> {
  if (!c) return;
  await tx.deleteFrom("commitment").where("plan_version_id", "=", proposedId).where("organisation_id", "=", c.organisationId).execute();
  const now = nowIso();
  const { id } = await tx
    .insertInto("commitment")
    .values({
      plan_version_id: proposedId,
      organisation_id: c.organisationId,
      amount_cents: c.amountCents,
      condition_status: "none",
      condition_text: "",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertCommitmentYears(tx, id, c.years);
}

/** The request's own columns from its form. */
const requestColumns = (input: ChangeRequestInput) => ({
  direction: input.direction,
  requested_by_organisation_id: input.requestedByOrganisationId,
  received_on: input.receivedOn,
  kinds: JSON.stringify(input.kinds),
  reason: input.reason,
  proposed_name: input.project.name,
  proposed_short_name: input.project.shortName,
  proposed_target_group: input.project.targetGroup,
});

export type UpdateRequestResult = "ok" | "notPending" | "forbidden";

/**
 * Edits a pending request: its own fields and its proposed plan (rewritten in place), by the
 * person who filed it or a manager. `revision` is the request's version the editor loaded; a
 * stale or missing one is refused. A decided or withdrawn request is not edited. An association
 * representative editing their own request cannot change what makes it their organisation's
 * (direction, requester) nor the day it was received, whatever the form posts.
 */
export async function updateChangeRequest(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  id: number,
  input: ChangeRequestInput,
  revision: number,
): Promise<UpdateRequestResult> {
  return audited(db, actor, async (tx) => {
    const r = await loadRequest(tx, id);
    if (!can(viewer, "project:write") && r.created_by_user_id !== viewer.userId) return "forbidden";
    if (r.state !== "pending") return "notPending";
    if (r.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "change_request", id, revision });
    const own = ownRequestOf(viewer, r.received_on);
    if (own) input = { ...input, ...own };
    await checkRequestOrganisations(tx, input);
    await assertCostModelKept(tx, r.project_id, input.plan);
    const now = nowIso();
    await tx
      .updateTable("plan_version")
      .set((eb) => ({ ...planVersionColumns(input.plan), updated_at: now, revision: eb("revision", "+", 1) }))
      .where("id", "=", r.proposed_version_id)
      .execute();
    await writePlanContents(tx, r.proposed_version_id, input.plan);
    await replaceUnitCommitment(tx, r.proposed_version_id, input.cityCommitment);
    await tx
      .updateTable("change_request")
      .set((eb) => ({ ...requestColumns(input), updated_at: now, revision: eb("revision", "+", 1) }))
      .where("id", "=", id)
      .execute();
    return "ok";
  });
}

/** Records a request with its proposed plan against the project's current version. */
export async function recordChangeRequest(db: DB, actor: Actor, projectId: number, input: ChangeRequestInput): Promise<number> {
  return audited(db, actor, (tx) => insertRequest(tx, actor, projectId, input));
}

async function insertRequest(tx: Tx, actor: Actor, projectId: number, input: ChangeRequestInput): Promise<number> {
  const current = await tx.selectFrom("plan_version").selectAll().where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirst();
  if (!current) throw new NotFoundError();
  await checkRequestOrganisations(tx, input);
  await assertCostModelKept(tx, projectId, input.plan);
  const max = await tx
    .selectFrom("plan_version")
    .select((eb) => eb.fn.max("version_number").as("n"))
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const proposedId = await insertPlanVersion(tx, projectId, Number(max.n) + 1, "proposed", input.plan);
  await copyCommitments(tx, current.id, proposedId);
  await replaceUnitCommitment(tx, proposedId, input.cityCommitment);
  const now = nowIso();
  const { id } = await tx
    .insertInto("change_request")
    .values({
      project_id: projectId,
      ...requestColumns(input),
      base_version_id: current.id,
      proposed_version_id: proposedId,
      state: "pending",
      created_by_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Who may file a change request for a project they can see: an employment manager records any
 * request as its form says (also one received on paper, or the city's own to the funder); an
 * association representative files their own organisation's request for one of its projects
 * (those projectVisible lets them see), and nothing else: see ownRequestOf.
 */
export function mayFileChangeRequest(viewer: Viewer): boolean {
  return can(viewer, "project:write") || ownOrganisation(viewer) !== null;
}

/** The organisation an association representative speaks for (null for every other role). */
function ownOrganisation(viewer: Viewer): number | null {
  return viewer.role === "association" && !can(viewer, "project:write") ? viewer.organisationId : null;
}

/**
 * What an association representative's request always is, whatever its form posts: from the
 * grantee to the city, asked by their own organisation, received on `receivedOn` (the day it is
 * filed, in Helsinki). Null for everyone else (a manager records what the form says).
 */
export function ownRequestOf(
  viewer: Viewer,
  receivedOn: Day = todayInHelsinki(),
): { direction: "grantee_to_city"; requestedByOrganisationId: number; receivedOn: Day } | null {
  const organisationId = ownOrganisation(viewer);
  return organisationId === null ? null : { direction: "grantee_to_city", requestedByOrganisationId: organisationId, receivedOn };
}

/**
 * Files a request as the viewer: a manager's as its form says, an association's as its own
 * (ownRequestOf, received `today`). The project must be one the viewer sees (else NotFoundError,
 * so another organisation's project is not revealed); it enters pending. The audit trail
 * records the viewer as the one who filed it.
 */
export async function fileChangeRequest(db: DB, viewer: Viewer, projectId: number, input: ChangeRequestInput, today: Day = todayInHelsinki()): Promise<number> {
  if (!mayFileChangeRequest(viewer)) throw new Error("not allowed to file change requests");
  const own = ownRequestOf(viewer, today);
  const filed = own ? { ...input, ...own } : input;
  const actor = { userId: viewer.userId };
  return audited(db, actor, async (tx) => {
    if (!(await projectSeenBy(tx, viewer, projectId))) throw new NotFoundError();
    return insertRequest(tx, actor, projectId, filed);
  });
}

/** Whether the project is one the viewer sees (another organisation's is answered as not found). */
export async function projectSeenBy(db: Tx, viewer: Viewer, projectId: number): Promise<boolean> {
  const row = await db.selectFrom("project as p").select("p.id").where("p.id", "=", projectId).where(projectVisible(viewer, "p")).executeTakeFirst();
  return row !== undefined;
}

/**
 * What the form to file a request for a project starts from: the current plan (planFormContext),
 * today in Helsinki, and for an association representative the parts of their own request that
 * are fixed (ownRequestOf). Null when the project is not the viewer's to see.
 */
export async function changeRequestFormContext(db: DB, viewer: Viewer, projectId: number) {
  const ctx = await planFormContext(db, viewer, projectId);
  if (!ctx) return null;
  const today = todayInHelsinki();
  return { ...ctx, today, own: ownRequestOf(viewer, today) };
}

/**
 * Whether the viewer may withdraw a request (while it is pending): a manager any; whoever filed
 * it; and any representative of the organisation that asked for it. A request is its
 * organisation's, not one person's: a colleague may withdraw it when the one who filed it is
 * away or has left. (Editing it stays with the one who filed it, or a manager.)
 */
export function mayWithdraw(viewer: Viewer, r: { createdByUserId: number | null; requestedByOrganisationId: number | null }): boolean {
  if (can(viewer, "project:write")) return true;
  if (r.createdByUserId !== null && r.createdByUserId === viewer.userId) return true;
  const organisationId = ownOrganisation(viewer);
  return organisationId !== null && r.requestedByOrganisationId === organisationId;
}

const PROBLEM_FIELD: Record<NonNullable<DecisionProblem["field"]>, string> = { body: "body", date: "date", conditionText: "conditionText" };

function problemsToErrors(problems: DecisionProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const field = p.field ? PROBLEM_FIELD[p.field] : "_form";
    errors[field] ??= { key: `changeRequest.problem.${p.code}` as never };
  }
  return errors;
}

/** Gives the project back the names it had before an approval changed them (if it changed them). */
async function restorePreviousNames(tx: Tx, r: ChangeRequest, now: string): Promise<void> {
  if (r.previous_name === null) return;
  await tx
    .updateTable("project")
    .set((eb) => ({
      name: r.previous_name!,
      short_name: r.previous_short_name!,
      target_group: r.previous_target_group!,
      updated_at: now,
      revision: eb("revision", "+", 1),
    }))
    .where("id", "=", r.project_id)
    .execute();
}

async function loadRequest(tx: Tx, id: number): Promise<ChangeRequest> {
  const r = await tx.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw new NotFoundError();
  return r;
}

/** Records the decision on a pending request (or settles a conditional approval's condition). */
/**
 * What recording this decision would do, for the confirmation step: the project's commitments
 * per year before and after, and (for those who may see city-wide figures) the city's totals
 * per year before and after. Refused with the decision's problems, like the decision itself.
 */
export async function previewDecision(db: DB, viewer: Viewer, id: number, action: DecisionAction): Promise<DecisionPreview> {
  const r = await loadRequest(db, id);
  const current = await db.selectFrom("plan_version").select("id").where("project_id", "=", r.project_id).where("state", "=", "current").executeTakeFirst();
  const check = checkDecision(
    { state: r.state, conditionState: r.condition_state, baseVersionId: r.base_version_id, receivedDay: r.received_on, decisionDay: r.decision_date },
    current?.id ?? null,
    action,
  );
  if (!check.ok) throw new InputError(problemsToErrors(check.problems));
  const effect = await decisionEffect(db, r, action, can(viewer, "portfolio:aggregate"));
  const bundles = await loadPlanBundles(db, { versionIds: [r.base_version_id, r.proposed_version_id] });
  return {
    commitments: effect.commitments,
    city: effect.city,
    baseVersionNumber: bundles.get(r.base_version_id)!.version.version_number,
    proposedVersionNumber: bundles.get(r.proposed_version_id)!.version.version_number,
  };
}

export interface DecisionPreview {
  commitments: YearStateChange[];
  city: YearStateChange[] | null;
  baseVersionNumber: number;
  proposedVersionNumber: number;
}

/**
 * The yearly effect of recording `action` on the request: how the project's (and the city's)
 * commitments per year are before it and after it. A rejection changes nothing; a conditional
 * approval makes the proposal's commitments conditional; settling a condition confirms them
 * (met) or brings the base plan back (failed).
 */
async function decisionEffect(
  db: DB | Tx,
  r: ChangeRequest,
  action: DecisionAction,
  withCity: boolean,
): Promise<{ commitments: YearStateChange[]; city: YearStateChange[] | null }> {
  const project = await db.selectFrom("project").select(["name", "short_name", "target_group"]).where("id", "=", r.project_id).executeTakeFirstOrThrow();
  const bundles = await loadPlanBundles(db as DB, { versionIds: [r.base_version_id, r.proposed_version_id] });
  const fields = { name: project.name, shortName: project.short_name, targetGroup: project.target_group };
  const base = snapshot(bundles.get(r.base_version_id)!, fields);
  const proposed = snapshot(bundles.get(r.proposed_version_id)!, fields);
  // Before and after, as (from, to, how the "to" side's commitments count).
  let from = base;
  let to = base;
  let as: "as_proposed" | "conditional" = "as_proposed";
  let fromAs: "as_proposed" | "conditional" = "as_proposed";
  if (action.action === "decide") {
    if (action.outcome !== "rejected") to = proposed;
    if (action.outcome === "approved_conditionally") as = "conditional";
  } else {
    from = proposed;
    fromAs = "conditional";
    to =
      action.outcome === "met"
        ? { ...proposed, commitments: proposed.commitments.map((c) => (c.conditionStatus === "pending" ? { ...c, conditionStatus: "met" as const } : c)) }
        : base;
  }
  const fromYears = snapshotCommitmentYears(from, fromAs);
  let cityTotals: CommitmentYearTotals[] | undefined;
  if (withCity) cityTotals = addTotals(await cityTotalsWithout(db, r.project_id), fromYears);
  const fromSnap: PlanSnapshot =
    fromAs === "conditional"
      ? { ...from, commitments: from.commitments.map((c) => ({ ...c, conditionStatus: c.conditionStatus === "failed" ? "failed" : "pending" })) }
      : from;
  const e = yearlyEffect(fromSnap, to, { cityTotals, proposedAs: as });
  return { commitments: e.commitments, city: e.city };
}

const totalsJson = (rows: readonly YearStateChange[] | null, side: "before" | "after") =>
  rows === null
    ? null
    : JSON.stringify(rows.map((r) => ({ year: r.year, confirmedCents: r[side].confirmedCents, conditionalCents: r[side].conditionalCents })));

export async function decideChangeRequest(db: DB, actor: Actor, id: number, action: DecisionAction): Promise<void> {
  await audited(db, actor, (tx) => decideChangeRequestIn(tx, actor, id, action));
}

/** The decision inside a transaction that is already audited (a committee item's decision records it with its own). */
export async function decideChangeRequestIn(tx: Tx, actor: Actor, id: number, action: DecisionAction): Promise<void> {
  {
    const r = await loadRequest(tx, id);
    const current = await tx.selectFrom("plan_version").select("id").where("project_id", "=", r.project_id).where("state", "=", "current").executeTakeFirst();
    const check = checkDecision(
      { state: r.state, conditionState: r.condition_state, baseVersionId: r.base_version_id, receivedDay: r.received_on, decisionDay: r.decision_date },
      current?.id ?? null,
      action,
    );
    if (!check.ok) throw new InputError(problemsToErrors(check.problems));
    const now = nowIso();
    if (action.action === "decide") {
      // The city's totals per year before and after, as they are when the decision is made.
      const effect = await decisionEffect(tx, r, action, true);
      const date = action.date!;
      if (action.outcome === "rejected") {
        await setVersionState(tx, r.proposed_version_id, "rejected", now);
      } else {
        const project = await tx.selectFrom("project").select(["name", "short_name", "target_group"]).where("id", "=", r.project_id).executeTakeFirstOrThrow();
        await setVersionState(tx, r.base_version_id, "superseded", now);
        await setVersionState(tx, r.proposed_version_id, "current", now);
        await tx
          .updateTable("project")
          .set((eb) => ({
            name: r.proposed_name,
            short_name: r.proposed_short_name,
            target_group: r.proposed_target_group,
            updated_at: now,
            revision: eb("revision", "+", 1),
          }))
          .where("id", "=", r.project_id)
          .where((eb) =>
            eb.or([eb("name", "<>", r.proposed_name), eb("short_name", "<>", r.proposed_short_name), eb("target_group", "<>", r.proposed_target_group)]),
          )
          .execute();
        // The city's decision is the reference of every commitment the proposal brought in (a
        // funder's decision on the city's own request decides no co-financing of the city).
        if (DECIDED_BY[r.direction] === "city") {
          await tx
            .updateTable("commitment")
            .set((eb) => ({
              decision_body: action.body,
              decision_date: date,
              decision_section: action.section,
              updated_at: now,
              revision: eb("revision", "+", 1),
            }))
            .where("plan_version_id", "=", r.proposed_version_id)
            .where("decision_body", "=", "")
            .execute();
        }
        if (action.outcome === "approved_conditionally") {
          await tx
            .updateTable("commitment")
            .set((eb) => ({ condition_status: "pending", condition_text: action.conditionText, updated_at: now, revision: eb("revision", "+", 1) }))
            .where("plan_version_id", "=", r.proposed_version_id)
            .where("condition_status", "<>", "failed")
            .execute();
        }
        await tx
          .updateTable("change_request")
          .set({ previous_name: project.name, previous_short_name: project.short_name, previous_target_group: project.target_group })
          .where("id", "=", id)
          .execute();
      }
      await tx
        .updateTable("change_request")
        .set((eb) => ({
          state: check.next.state,
          condition_state: check.next.conditionState,
          condition_text: action.outcome === "approved_conditionally" ? action.conditionText : "",
          decision_body: action.body,
          decision_date: date,
          decision_section: action.section,
          decided_by_user_id: actor.userId,
          decided_at: now,
          city_before_json: totalsJson(effect.city, "before"),
          city_after_json: totalsJson(effect.city, "after"),
          updated_at: now,
          revision: eb("revision", "+", 1),
        }))
        .where("id", "=", id)
        .execute();
      return;
    }
    // Settling the condition of a conditional approval.
    if (current?.id !== r.proposed_version_id) throw new InputError({ _form: { key: "changeRequest.problem.PROPOSAL_NOT_CURRENT" } });
    if (action.outcome === "met") {
      await tx
        .updateTable("commitment")
        .set((eb) => ({ condition_status: "met", updated_at: now, revision: eb("revision", "+", 1) }))
        .where("plan_version_id", "=", r.proposed_version_id)
        .where("condition_status", "=", "pending")
        .execute();
    } else {
      await tx
        .updateTable("commitment")
        .set((eb) => ({ condition_status: "failed", updated_at: now, revision: eb("revision", "+", 1) }))
        .where("plan_version_id", "=", r.proposed_version_id)
        .where("condition_status", "=", "pending")
        .execute();
      await setVersionState(tx, r.proposed_version_id, "rejected", now);
      await setVersionState(tx, r.base_version_id, "current", now);
      await restorePreviousNames(tx, r, now);
    }
    await tx
      .updateTable("change_request")
      .set((eb) => ({ condition_state: check.next.conditionState, condition_settled_on: action.date, updated_at: now, revision: eb("revision", "+", 1) }))
      .where("id", "=", id)
      .execute();
  }
}

export interface ChangeRequestListRow {
  id: number;
  projectId: number;
  projectShortName: string;
  direction: RequestDirection;
  requestedByOrganisationId: number | null;
  requestedBy: string | null;
  receivedOn: string;
  kinds: ChangeKind[];
  state: ChangeRequest["state"];
  conditionState: ChangeRequest["condition_state"];
  outcome: ReturnType<typeof requestOutcome>;
  decisionDate: string | null;
  decisionBody: string;
  decisionSection: string;
}

/** Requests the viewer may see, oldest first; optionally one project's only, or one request. */
export async function listChangeRequests(db: DB, viewer: Viewer, projectId?: number, requestId?: number): Promise<ChangeRequestListRow[]> {
  let q = db
    .selectFrom("change_request as r")
    .innerJoin("project as p", "p.id", "r.project_id")
    .leftJoin("organisation as o", "o.id", "r.requested_by_organisation_id")
    .select([
      "r.id",
      "r.project_id",
      "p.short_name",
      "r.direction",
      "r.requested_by_organisation_id",
      "o.name as requested_by",
      "r.received_on",
      "r.kinds",
      "r.state",
      "r.condition_state",
      "r.decision_date",
      "r.decision_body",
      "r.decision_section",
    ])
    .where(projectVisible(viewer, "p"));
  if (projectId !== undefined) q = q.where("r.project_id", "=", projectId);
  if (requestId !== undefined) q = q.where("r.id", "=", requestId);
  const rows = await q.execute();
  return rows
    .map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectShortName: r.short_name,
      direction: r.direction,
      requestedByOrganisationId: r.requested_by_organisation_id,
      requestedBy: r.requested_by,
      receivedOn: r.received_on,
      kinds: JSON.parse(r.kinds) as ChangeKind[],
      state: r.state,
      conditionState: r.condition_state,
      outcome: requestOutcome({ state: r.state, conditionState: r.condition_state }),
      decisionDate: r.decision_date,
      decisionBody: r.decision_body,
      decisionSection: r.decision_section,
    }))
    .sort((a, b) => compareRequestsOldestFirst({ receivedDay: a.receivedOn, id: a.id }, { receivedDay: b.receivedOn, id: b.id }));
}

function snapshot(b: PlanBundle, project: { name: string; shortName: string; targetGroup: string }): PlanSnapshot {
  return { plan: b.data, commitments: b.commitments.map((c) => ({ ...toCommitmentData(c), conditionText: c.conditionText })), project };
}

function addTotals(a: readonly CommitmentYearTotals[], b: readonly CommitmentYearTotals[]): CommitmentYearTotals[] {
  const m = new Map<number, CommitmentYearTotals>();
  for (const r of [...a, ...b]) {
    const x = m.get(r.year) ?? { year: r.year, confirmedCents: 0, conditionalCents: 0 };
    m.set(r.year, { year: r.year, confirmedCents: x.confirmedCents + r.confirmedCents, conditionalCents: x.conditionalCents + r.conditionalCents });
  }
  return [...m.values()].sort((x, y) => x.year - y.year);
}

/** The city's yearly totals before and after a decision, from what was recorded when it was made. */
function recordedCity(beforeJson: string, afterJson: string): YearStateChange[] {
  return yearStateChanges(JSON.parse(beforeJson) as CommitmentYearTotals[], JSON.parse(afterJson) as CommitmentYearTotals[]);
}

export interface ChangeRequestView {
  request: ChangeRequestListRow & {
    reason: string;
    conditionText: string;
    conditionSettledOn: string | null;
    revision: number;
    baseVersionNumber: number;
    proposedVersionNumber: number;
    /** The project's name, short name and target group as the request proposes them. */
    proposedName: string;
    proposedShortName: string;
    proposedTargetGroup: string;
  };
  project: { id: number; name: string; shortName: string; status: string };
  /** Who filed, decided, withdrew or corrected it, and when (names of accounts; null: the system or unknown). */
  people: {
    createdBy: string | null;
    createdAt: string;
    decidedBy: string | null;
    decidedAt: string | null;
    withdrawnBy: string | null;
    withdrawnAt: string | null;
    withdrawalReason: string;
    correctedAt: string | null;
    correctionReason: string;
    createdByUserId: number | null;
  };
  /**
   * For a decided request, whether the city's yearly totals before and after were recorded when
   * the decision was made (decisions recorded before that was kept have none).
   */
  cityRecorded: boolean;
  currentVersionId: number | null;
  stale: boolean;
  base: PlanBundle;
  proposed: PlanBundle;
  diff: PlanDiff;
  effect: YearlyEffect;
}

/** A request beside the plan it would change, with its effect per year; null when not visible. */
export async function getChangeRequestView(
  db: DB,
  viewer: Viewer,
  id: number,
  /** Plan versions already loaded (the API's project document has them all), by id. */
  loaded?: ReadonlyMap<number, PlanBundle>,
): Promise<ChangeRequestView | null> {
  const [row] = await listChangeRequests(db, viewer, undefined, id);
  if (!row) return null;
  const r = await db.selectFrom("change_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const project = await db
    .selectFrom("project")
    .select(["id", "name", "short_name", "status", "target_group"])
    .where("id", "=", r.project_id)
    .executeTakeFirstOrThrow();
  const bundles =
    loaded?.has(r.base_version_id) && loaded.has(r.proposed_version_id)
      ? loaded
      : await loadPlanBundles(db, { versionIds: [r.base_version_id, r.proposed_version_id] }, await cityOrganisationIds(db));
  const base = bundles.get(r.base_version_id)!;
  const proposed = bundles.get(r.proposed_version_id)!;
  const current = await db.selectFrom("plan_version").select("id").where("project_id", "=", r.project_id).where("state", "=", "current").executeTakeFirst();
  const before = {
    name: r.previous_name ?? project.name,
    shortName: r.previous_short_name ?? project.short_name,
    targetGroup: r.previous_target_group ?? project.target_group,
  };
  const baseSnap = snapshot(base, r.state === "pending" ? { name: project.name, shortName: project.short_name, targetGroup: project.target_group } : before);
  const proposedSnap = snapshot(proposed, { name: r.proposed_name, shortName: r.proposed_short_name, targetGroup: r.proposed_target_group });
  const names = organisationNames([base, proposed]);
  // The city's totals over the whole portfolio are city-wide figures: only for those who may see
  // them. A pending request shows today's totals and what they become if it is approved; a
  // decided one the totals before and after as they were when the decision was made.
  const decided = r.state !== "pending" && r.state !== "withdrawn";
  const aggregate = can(viewer, "portfolio:aggregate");
  let cityTotals: CommitmentYearTotals[] | undefined;
  if (aggregate && r.state === "pending") {
    const baseYears = commitmentsByYear(
      baseSnap.commitments.map((c) => ({ conditionStatus: c.conditionStatus, years: commitmentYears(c, { start: base.data.start, end: base.data.end }) })),
    );
    cityTotals = addTotals(await cityTotalsWithout(db, r.project_id), baseYears);
  }
  const effect = yearlyEffect(baseSnap, proposedSnap, {
    cityTotals,
    proposedAs: r.state === "approved_conditionally" && r.condition_state === "pending" ? "conditional" : "as_proposed",
  });
  if (decided) effect.city = aggregate && r.city_before_json && r.city_after_json ? recordedCity(r.city_before_json, r.city_after_json) : null;
  const userIds = [r.created_by_user_id, r.decided_by_user_id, r.withdrawn_by_user_id].filter((x): x is number => x !== null);
  const users = userIds.length > 0 ? await db.selectFrom("app_user").select(["id", "name"]).where("id", "in", userIds).execute() : [];
  const nameOf = (uid: number | null) => users.find((u) => u.id === uid)?.name ?? null;
  return {
    request: {
      ...row,
      reason: r.reason,
      conditionText: r.condition_text,
      conditionSettledOn: r.condition_settled_on,
      revision: r.revision,
      baseVersionNumber: base.version.version_number,
      proposedVersionNumber: proposed.version.version_number,
      proposedName: r.proposed_name,
      proposedShortName: r.proposed_short_name,
      proposedTargetGroup: r.proposed_target_group,
    },
    project: { id: project.id, name: project.name, shortName: project.short_name, status: project.status },
    people: {
      createdBy: nameOf(r.created_by_user_id),
      createdAt: r.created_at,
      createdByUserId: r.created_by_user_id,
      decidedBy: nameOf(r.decided_by_user_id),
      decidedAt: r.decided_at,
      withdrawnBy: nameOf(r.withdrawn_by_user_id),
      withdrawnAt: r.withdrawn_at,
      withdrawalReason: r.withdrawal_reason,
      correctedAt: r.corrected_at,
      correctionReason: r.correction_reason,
    },
    cityRecorded: decided && r.city_before_json !== null,
    currentVersionId: current?.id ?? null,
    stale: r.state === "pending" && current?.id !== r.base_version_id,
    base,
    proposed,
    diff: diffPlans(baseSnap, proposedSnap, names),
    effect,
  };
}

export interface TimelineEntry {
  versionId: number;
  versionNumber: number;
  state: string;
  start: string;
  end: string;
  totalBudgetCents: number;
  createdAt: string;
  /** The request whose proposal this version is (null: the original plan or a direct save). */
  request: { id: number; outcome: ReturnType<typeof requestOutcome>; decisionBody: string; decisionDate: string | null; decisionSection: string } | null;
  /** What changed from the previous version in force (empty for the first). */
  changes: PlanDiff | null;
}

/** The project's plan versions, oldest first, each with what changed and which decision made it. */
export async function planTimeline(db: DB, projectId: number): Promise<TimelineEntry[]> {
  const versions = await db.selectFrom("plan_version").selectAll().where("project_id", "=", projectId).orderBy("version_number").execute();
  const requests = await db.selectFrom("change_request").selectAll().where("project_id", "=", projectId).execute();
  const project = await db.selectFrom("project").select(["name", "short_name", "target_group"]).where("id", "=", projectId).executeTakeFirst();
  if (!project) return [];
  const bundles = await loadPlanBundles(db, { versionIds: versions.map((v) => v.id) });
  // The project's fields under the first version: as they were before the first approval changed them.
  const firstApproved = requests.filter((x) => x.previous_name !== null).sort((a, b) => a.id - b.id)[0];
  const initial = firstApproved
    ? { name: firstApproved.previous_name!, shortName: firstApproved.previous_short_name!, targetGroup: firstApproved.previous_target_group! }
    : { name: project.name, shortName: project.short_name, targetGroup: project.target_group };
  const out: TimelineEntry[] = [];
  let previous: { bundle: PlanBundle; project: { name: string; shortName: string; targetGroup: string } } | null = null;
  for (const v of versions) {
    const r = requests.find((x) => x.proposed_version_id === v.id) ?? null;
    const b = bundles.get(v.id)!;
    const fields: { name: string; shortName: string; targetGroup: string } = r
      ? { name: r.proposed_name, shortName: r.proposed_short_name, targetGroup: r.proposed_target_group }
      : (previous?.project ?? initial);
    out.push({
      versionId: v.id,
      ...(({ versionNumber, state, start, end, totalBudgetCents, createdAt }) => ({ versionNumber, state, start, end, totalBudgetCents, createdAt }))(
        versionFacts(v),
      ),
      request: r
        ? {
            id: r.id,
            outcome: requestOutcome({ state: r.state, conditionState: r.condition_state }),
            decisionBody: r.decision_body,
            decisionDate: r.decision_date,
            decisionSection: r.decision_section,
          }
        : null,
      changes: previous ? diffPlans(snapshot(previous.bundle, previous.project), snapshot(b, fields)) : null,
    });
    // Only versions that were in force are the baseline for the next one.
    if (v.state === "current" || v.state === "superseded") previous = { bundle: b, project: fields };
  }
  return out;
}

export type WithdrawResult = "ok" | "notPending" | "forbidden";

/**
 * Withdraws a pending request: who may is mayWithdraw's (a manager, whoever filed it, or a
 * representative of the organisation that asked for it); it stays in the history as withdrawn,
 * and its proposed plan version is set aside (state rejected). A decided request is not
 * withdrawn ("notPending").
 */
export async function withdrawChangeRequest(db: DB, actor: Actor, viewer: Viewer, id: number, reason: string): Promise<WithdrawResult> {
  return audited(db, actor, async (tx) => {
    const r = await loadRequest(tx, id);
    if (!mayWithdraw(viewer, { createdByUserId: r.created_by_user_id, requestedByOrganisationId: r.requested_by_organisation_id })) return "forbidden";
    if (!canWithdraw(r)) return "notPending";
    const now = nowIso();
    await setVersionState(tx, r.proposed_version_id, "rejected", now);
    await tx
      .updateTable("change_request")
      .set((eb) => ({
        state: "withdrawn",
        withdrawn_at: now,
        withdrawn_by_user_id: viewer.userId,
        withdrawal_reason: reason,
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", id)
      .where("state", "=", "pending")
      .execute();
    return "ok";
  });
}

export type CorrectionResult = "ok" | "notDecided" | "laterChanges";

/**
 * An administrator's correction of a decision recorded by mistake: the request goes back to
 * waiting for a decision, with the reason kept. Undone are exactly the decision's effects: the
 * versions' states, the project's name fields, and on the proposal's commitments the decision's
 * reference and the condition it added. Refused when later changes stand on the decision (a
 * settled condition, a newer plan version): those are corrected first. The audit trail keeps the
 * decision and its correction.
 */
export async function correctDecision(db: DB, actor: Actor, id: number, reason: string): Promise<CorrectionResult> {
  return audited(db, actor, async (tx) => {
    const r = await loadRequest(tx, id);
    if (r.state === "pending" || r.state === "withdrawn") return "notDecided";
    const current = await tx.selectFrom("plan_version").select("id").where("project_id", "=", r.project_id).where("state", "=", "current").executeTakeFirst();
    const inForce = r.state === "rejected" ? r.base_version_id : r.proposed_version_id;
    if (current?.id !== inForce || (r.condition_state !== null && r.condition_state !== "pending")) return "laterChanges";
    const now = nowIso();
    // The proposal first (only one version of a project may be current at a time).
    await setVersionState(tx, r.proposed_version_id, "proposed", now);
    if (r.state !== "rejected") {
      await setVersionState(tx, r.base_version_id, "current", now);
      await restorePreviousNames(tx, r, now);
      await tx
        .updateTable("commitment")
        .set((eb) => ({ decision_body: "", decision_date: null, decision_section: "", updated_at: now, revision: eb("revision", "+", 1) }))
        .where("plan_version_id", "=", r.proposed_version_id)
        .where("decision_body", "=", r.decision_body)
        .where("decision_date", "=", r.decision_date)
        .where("decision_section", "=", r.decision_section)
        .execute();
      if (r.state === "approved_conditionally") {
        await tx
          .updateTable("commitment")
          .set((eb) => ({ condition_status: "none", condition_text: "", updated_at: now, revision: eb("revision", "+", 1) }))
          .where("plan_version_id", "=", r.proposed_version_id)
          .where("condition_status", "=", "pending")
          .where("condition_text", "=", r.condition_text)
          .execute();
      }
    }
    await tx
      .updateTable("change_request")
      .set((eb) => ({
        state: "pending",
        condition_state: null,
        condition_text: "",
        decision_body: "",
        decision_date: null,
        decision_section: "",
        decided_by_user_id: null,
        decided_at: null,
        city_before_json: null,
        city_after_json: null,
        previous_name: null,
        previous_short_name: null,
        previous_target_group: null,
        corrected_at: now,
        correction_reason: reason,
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", id)
      .execute();
    return "ok";
  });
}
