/**
 * Committee meetings and their agenda items (docs/decisions/014): the ledger's facts about a
 * project as the agenda may state them (AgendaProjectFacts), meetings, items drafted from those
 * facts, the text checks, and finalising with each finding fixed or acknowledged.
 */
import crypto from "node:crypto";
import type { Selectable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { AgendaItemTable, MeetingTable } from "../../db/schema";
import type { Viewer } from "~/domain/permissions";
import type { AgendaPlanFacts, AgendaProjectFacts } from "~/domain/agenda-facts";
import { draftItem, type ItemType } from "~/domain/agenda-draft";
import { checkAgendaText, type Finding } from "~/domain/agenda-checks";
import { commitmentsByYear, commitmentYears } from "~/domain/plan";
import { yearOf, nowIso, type Day } from "~/domain/days";
import { pace, rateBp } from "~/domain/indicators";
import { addDays } from "~/domain/obligations";
import { audited, type Actor } from "./audit.server";
import { InputError, isUniqueViolation } from "./errors.server";
import { loadPlanBundles, type PlanBundle } from "./plan.server";
import { projectVisible } from "./scope.server";
import { decideChangeRequestIn } from "./change-request.server";
import type { MeetingInput, ItemInput, NewItemInput } from "~/schemas/agenda";

export type Meeting = Selectable<MeetingTable>;

/** Project statuses before the funder's decision: the city's approvals are conditional on ESR funding. */
const ESR_PENDING: readonly string[] = ["planning", "applied", "committee_conditional"];
export type AgendaItem = Selectable<AgendaItemTable>;

export interface Preparer {
  name: string;
  title: string;
  email: string;
  phone: string;
}

/** A plan version as the agenda may state it. */
function planFacts(b: PlanBundle): AgendaPlanFacts {
  const period = { start: b.version.start_date, end: b.version.end_date };
  const budget = b.version.total_budget_cents;
  const commitments = b.commitments
    .filter((c) => c.conditionStatus !== "failed")
    .map((c) => ({
      organisation: c.organisationName,
      amountCents: c.amountCents,
      conditional: c.conditionStatus === "pending",
      years: commitmentYears({ amountCents: c.amountCents, entered: c.entered.length > 0 ? c.entered : null }, period),
    }));
  const byYear = commitmentsByYear(commitments.map((c) => ({ conditionStatus: c.conditional ? ("pending" as const) : ("none" as const), years: c.years })));
  return {
    start: period.start,
    end: period.end,
    totalBudgetCents: budget,
    financing: b.lines
      .filter((l) => l.side === "financing")
      .map((l) => ({
        kind: l.kind,
        label: l.label,
        organisation: l.organisationName,
        amountCents: l.amountCents,
        shareBp: budget > 0 ? Math.round((l.amountCents * 10_000) / budget) : 0,
      })),
    commitments,
    cityByYear: byYear.map((y) => ({ year: y.year, amountCents: y.confirmedCents + y.conditionalCents })),
    cityTotalCents: commitments.reduce((a, c) => a + c.amountCents, 0),
  };
}

/**
 * What an item about the project may state: its current plan, a change request's proposal (when
 * named), its targets to date, and the days and amounts it may also mention.
 */
export async function agendaFacts(
  db: Tx,
  projectId: number,
  opts: { changeRequestId?: number | null; meetingDate?: Day | null } = {},
): Promise<AgendaProjectFacts | null> {
  const p = await db
    .selectFrom("project as p")
    .innerJoin("organisation as lead", "lead.id", "p.lead_organisation_id")
    .leftJoin("organisation as f", "f.id", "p.funder_organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.short_name",
      "p.case_number",
      "p.target_group",
      "p.status",
      "lead.name as lead_name",
      "lead.business_id",
      "f.name as funder_name",
    ])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!p) return null;
  const current = await db.selectFrom("plan_version").select("id").where("project_id", "=", projectId).where("state", "=", "current").executeTakeFirst();
  if (!current) return null;
  const request = opts.changeRequestId
    ? await db
        .selectFrom("change_request")
        .select(["id", "base_version_id", "proposed_version_id", "received_on", "decision_date"])
        .where("id", "=", opts.changeRequestId)
        .where("project_id", "=", projectId)
        .executeTakeFirst()
    : undefined;
  // An item about a change request states the plan the request changes (its base, even once the
  // request has been decided and its proposal became current) and the proposal.
  const planVersionId = request ? request.base_version_id : current.id;
  const bundles = await loadPlanBundles(db, { versionIds: [planVersionId, ...(request ? [request.proposed_version_id] : [])] });
  const plan = bundles.get(planVersionId)!;
  const proposed = request ? (bundles.get(request.proposed_version_id) ?? null) : null;
  const indicators = await db
    .selectFrom("indicator")
    .select(["kind", "value_total", "target_kind", "target_value", "women_total", "gender_reported_total"])
    .where("project_id", "=", projectId)
    .execute();
  const reach = indicators.find((i) => i.kind === "reach");
  const outcome = indicators.find((i) => i.kind === "outcome_either") ?? indicators.find((i) => i.kind === "outcome_work");
  const partners = indicators.find((i) => i.kind === "partners");
  const days = new Set<Day>();
  for (const c of plan.commitments) if (c.decisionDate) days.add(c.decisionDate);
  if (request) {
    days.add(request.received_on);
    if (request.decision_date) days.add(request.decision_date);
  }
  if (opts.meetingDate) days.add(opts.meetingDate);
  const payments = await db
    .selectFrom("payment_application")
    .select(["amount_applied_cents", "amount_approved_cents"])
    .where("project_id", "=", projectId)
    .execute();
  return {
    name: p.name,
    shortName: p.short_name,
    caseNumber: p.case_number,
    lead: p.lead_name,
    leadBusinessId: p.business_id,
    implementers: plan.implementers.filter((i) => i.role === "co").map((i) => i.organisationName),
    funder: p.funder_name,
    targetGroup: p.target_group,
    plan: planFacts(plan),
    proposed: proposed ? planFacts(proposed) : null,
    reach: reach
      ? {
          value: reach.value_total,
          target: reach.target_value,
          womenBp: reach.gender_reported_total > 0 ? rateBp(reach.women_total, reach.gender_reported_total) : null,
        }
      : null,
    outcomes:
      outcome && reach
        ? {
            value: outcome.value_total,
            targetBp: outcome.target_kind === "percent" ? outcome.target_value : null,
            rateBp: rateBp(outcome.value_total, reach.value_total),
          }
        : null,
    partners: partners ? partners.value_total : null,
    otherDays: [...days],
    esrPending: ESR_PENDING.includes(p.status),
    otherAmountsCents: payments.flatMap((a) => [a.amount_applied_cents, ...(a.amount_approved_cents !== null ? [a.amount_approved_cents] : [])]),
  };
}

export async function listMeetings(db: Tx, limit = 50, offset = 0) {
  return db
    .selectFrom("meeting as m")
    .select(["m.id", "m.body", "m.meeting_date", "m.start_time", "m.place", "m.agenda_published_at"])
    .select((eb) =>
      eb
        .selectFrom("agenda_item as i")
        .select((e2) => e2.fn.countAll<number>().as("n"))
        .whereRef("i.meeting_id", "=", "m.id")
        .as("item_count"),
    )
    .orderBy("m.meeting_date", "desc")
    .orderBy("m.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countMeetings(db: Tx): Promise<number> {
  const r = await db
    .selectFrom("meeting")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getMeeting(db: Tx, meetingId: number) {
  const m = await db.selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirst();
  if (!m) return undefined;
  const members = await db
    .selectFrom("meeting_member")
    .select(["name", "role"])
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return { ...m, members };
}

export async function createMeeting(db: DB, actor: Actor, input: MeetingInput): Promise<number> {
  return audited(db, actor, async (tx) => {
    const now = nowIso();
    const { id } = await tx
      .insertInto("meeting")
      .values({
        body: input.body,
        meeting_date: input.meetingDate,
        start_time: input.startTime,
        place: input.place,
        presenter: input.presenter,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.members.length > 0)
      await tx
        .insertInto("meeting_member")
        .values(input.members.map((m, i) => ({ meeting_id: id, name: m.name, role: m.role, position: i })))
        .execute();
    return id;
  });
}

/** The items of a meeting the viewer may see (an item about a project the viewer may not see is left out), by §. */
export async function meetingItems(db: Tx, viewer: Viewer, meetingId: number) {
  return db
    .selectFrom("agenda_item as i")
    .leftJoin("project as p", "p.id", "i.project_id")
    .select(["i.id", "i.section", "i.title", "i.case_number", "i.item_type", "i.status", "i.decision", "i.project_id", "p.short_name"])
    .where("i.meeting_id", "=", meetingId)
    .where((eb) => eb.or([eb("i.project_id", "is", null), projectVisible(viewer, "p")]))
    .orderBy("i.section")
    .execute();
}

/** The next free § of the body in the year. */
export async function nextSection(db: Tx, body: string, year: number): Promise<number> {
  const r = await db
    .selectFrom("agenda_item")
    .select((eb) => eb.fn.max<number | null>("section").as("s"))
    .where("body", "=", body)
    .where("section_year", "=", year)
    .executeTakeFirst();
  return (r?.s ?? 0) + 1;
}

/** The project named by its case number, if the viewer may see it. */
export async function projectByCaseNumber(db: Tx, viewer: Viewer, caseNumber: string) {
  return db
    .selectFrom("project as p")
    .select(["p.id", "p.short_name"])
    .where("p.case_number", "=", caseNumber)
    .where(projectVisible(viewer, "p"))
    .executeTakeFirst();
}

/** The change request an item of type change_request is about: the project's pending one, else its latest. */
async function requestFor(db: Tx, projectId: number): Promise<number | null> {
  const r = await db
    .selectFrom("change_request")
    .select("id")
    .where("project_id", "=", projectId)
    .where("state", "<>", "withdrawn")
    .orderBy((eb) => eb.case().when("state", "=", "pending").then(0).else(1).end())
    .orderBy("id", "desc")
    .executeTakeFirst();
  return r?.id ?? null;
}

/** A new item, drafted from the ledger. Returns its id; InputError at a field when the input cannot be taken. */
export async function createItem(db: DB, actor: Actor, viewer: Viewer, meetingId: number, input: NewItemInput): Promise<number | null> {
  try {
    return await audited(db, actor, async (tx) => {
      const meeting = await getMeeting(tx, meetingId);
      if (!meeting) return null;
      const year = yearOf(meeting.meeting_date);
      let projectId: number | null = null;
      let changeRequestId: number | null = null;
      let draft = { title: input.title || "Muu asia", background: "", proposal: "" };
      let caseNumber = "";
      if (input.caseNumber) {
        const project = await projectByCaseNumber(tx, viewer, input.caseNumber);
        if (!project) throw new InputError({ caseNumber: { key: "agenda.error.noProject", params: { caseNumber: input.caseNumber } } });
        projectId = project.id;
        caseNumber = input.caseNumber;
        if (input.itemType === "change_request") {
          changeRequestId = await requestFor(tx, project.id);
          if (changeRequestId === null) throw new InputError({ itemType: { key: "agenda.error.noRequest" } });
        }
        const facts = await agendaFacts(tx, project.id, { changeRequestId, meetingDate: meeting.meeting_date });
        if (!facts) throw new InputError({ caseNumber: { key: "agenda.error.noPlan" } });
        draft = draftItem(input.itemType as ItemType, facts, { body: meeting.body });
        if (input.title) draft.title = input.title;
      } else if (input.itemType !== "other") {
        throw new InputError({ caseNumber: { key: "agenda.error.projectNeeded" } });
      }
      const section = input.section ?? (await nextSection(tx, meeting.body, year));
      const now = nowIso();
      const { id } = await tx
        .insertInto("agenda_item")
        .values({
          meeting_id: meetingId,
          body: meeting.body,
          section_year: year,
          section,
          item_type: input.itemType,
          project_id: projectId,
          change_request_id: changeRequestId,
          title: draft.title,
          case_number: caseNumber,
          preparers: JSON.stringify(input.preparers),
          presenter: input.presenter || meeting.presenter,
          background: draft.background,
          proposal: draft.proposal,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e, "agenda_item")) throw new InputError({ section: { key: "agenda.error.sectionTaken", params: { section: input.section ?? 0 } } });
    throw e;
  }
}

/** An item with its meeting, if the viewer may see its project (an item about no project: anyone who may see meetings). */
export async function getItem(db: Tx, viewer: Viewer, itemId: number) {
  const item = await db
    .selectFrom("agenda_item as i")
    .innerJoin("meeting as m", "m.id", "i.meeting_id")
    .leftJoin("project as p", "p.id", "i.project_id")
    .selectAll("i")
    .select(["m.meeting_date", "m.start_time", "m.place", "p.short_name"])
    .where("i.id", "=", itemId)
    .where((eb) => eb.or([eb("i.project_id", "is", null), projectVisible(viewer, "p")]))
    .executeTakeFirst();
  return item;
}

export interface ItemFinding extends Finding {
  field: "title" | "background" | "proposal";
  /** Stable within the text: field, code and the offending text. */
  key: string;
}

/** The checks of an item's text against its project's ledger (none for an item about no project). */
export async function itemFindings(
  db: Tx,
  item: Pick<AgendaItem, "project_id" | "change_request_id" | "title" | "background" | "proposal">,
  meetingDate: Day,
): Promise<ItemFinding[]> {
  if (item.project_id === null) return [];
  const facts = await agendaFacts(db, item.project_id, { changeRequestId: item.change_request_id, meetingDate });
  if (!facts) return [];
  const out: ItemFinding[] = [];
  for (const field of ["title", "background", "proposal"] as const)
    for (const f of checkAgendaText(item[field], facts)) out.push({ ...f, field, key: `${field}:${f.code}:${f.excerpt}` });
  return out;
}

function assertEditable(item: Pick<AgendaItem, "status">) {
  if (item.status === "decided") throw new InputError({ revision: { key: "agenda.error.decided" } });
}

/** Saves the item's text; a final item goes back to draft (its checks must be passed again). */
export async function updateItem(db: DB, actor: Actor, viewer: Viewer, itemId: number, input: ItemInput, revision: number): Promise<boolean> {
  try {
    return await audited(db, actor, async (tx) => {
      const item = await getItem(tx, viewer, itemId);
      if (!item) return false;
      assertEditable(item);
      if (item.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "agenda_item", id: itemId, revision });
      await tx
        .updateTable("agenda_item")
        .set((eb) => ({
          section: input.section,
          title: input.title,
          case_number: input.caseNumber,
          preparers: JSON.stringify(input.preparers),
          presenter: input.presenter,
          background: input.background,
          proposal: input.proposal,
          status: "draft",
          finalised_at: null,
          finalised_by: null,
          updated_at: nowIso(),
          revision: eb("revision", "+", 1),
        }))
        .where("id", "=", itemId)
        .execute();
      await tx.deleteFrom("agenda_finding_ack").where("item_id", "=", itemId).execute();
      return true;
    });
  } catch (e) {
    if (isUniqueViolation(e, "agenda_item")) throw new InputError({ section: { key: "agenda.error.sectionTaken", params: { section: input.section } } });
    throw e;
  }
}

/**
 * Finalises the item: every finding of the checks, run again now, must be acknowledged with a
 * reason (`reasons` by finding key); the reasons are kept. Refused (InputError at `ack.N`) otherwise.
 */
export async function finaliseItem(db: DB, actor: Actor, viewer: Viewer, itemId: number, reasons: Record<string, string>, revision: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const item = await getItem(tx, viewer, itemId);
    if (!item) return false;
    assertEditable(item);
    if (item.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "agenda_item", id: itemId, revision });
    const findings = await itemFindings(tx, item, item.meeting_date);
    const missing: Record<string, { key: "agenda.error.ackNeeded" }> = {};
    findings.forEach((f, i) => {
      if (!(reasons[f.key] ?? "").trim()) missing[`ack.${i}`] = { key: "agenda.error.ackNeeded" };
    });
    if (Object.keys(missing).length > 0) throw new InputError(missing);
    const now = nowIso();
    await tx.deleteFrom("agenda_finding_ack").where("item_id", "=", itemId).execute();
    if (findings.length > 0)
      await tx
        .insertInto("agenda_finding_ack")
        .values(
          findings.map((f) => ({
            item_id: itemId,
            code: f.code,
            excerpt: f.excerpt.slice(0, 500),
            reason: reasons[f.key]!.trim().slice(0, 2000),
            created_by: actor.userId,
            created_at: now,
          })),
        )
        .execute();
    await tx
      .updateTable("agenda_item")
      .set((eb) => ({ status: "final", finalised_at: now, finalised_by: actor.userId, updated_at: now, revision: eb("revision", "+", 1) }))
      .where("id", "=", itemId)
      .execute();
    return true;
  });
}

export async function itemAcks(db: Tx, itemId: number) {
  return db
    .selectFrom("agenda_finding_ack as a")
    .leftJoin("app_user as u", "u.id", "a.created_by")
    .select(["a.id", "a.code", "a.excerpt", "a.reason", "a.created_at", "u.name as author"])
    .where("a.item_id", "=", itemId)
    .orderBy("a.id")
    .execute();
}

/** The item's preparers as stored (a JSON list), each with its four fields (anything else read as empty). */
export function preparersOf(json: string): Preparer[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const field = (p: unknown, k: keyof Preparer) => {
    const v = (p as Record<string, unknown> | null)?.[k];
    return typeof v === "string" ? v : "";
  };
  return list.map((p) => ({ name: field(p, "name"), title: field(p, "title"), email: field(p, "email"), phone: field(p, "phone") }));
}

export interface DecisionInput {
  decision: "as_proposed" | "amended" | "tabled" | "rejected" | "noted";
  decisionText: string;
  /** For a tabled item: the later meeting it moves to. */
  toMeetingId: number | null;
}

/** "Mikäli hanke saa ESR-rahoituksen." from a proposal that approves on a condition, else null. */
export function conditionOf(proposal: string): string | null {
  // The condition of the decision itself is in its first paragraph (the rest are standing terms).
  const first = proposal.split(/\n\s*\n/)[0] ?? "";
  const m = /(?:^|[\s,])((?:mikäli|jos)\s+[^.]*\.)/i.exec(first);
  if (!m) return null;
  const s = m[1]!.trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Records the decision on a finalised item. A decision on a change request decides that request
 * (approved, on the proposal's condition when it names one, or rejected) and one on new
 * co-financing gives the city's commitment its reference, with the meeting and § as the
 * reference, in the same transaction; a tabled item continues as a draft item of a later meeting.
 * Returns the id of the continuing item when tabled.
 */
export async function decideItem(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  itemId: number,
  input: DecisionInput,
  revision: number,
): Promise<{ continuedAs: number | null } | null> {
  return audited(db, actor, async (tx) => {
    const item = await getItem(tx, viewer, itemId);
    if (!item) return null;
    if (item.status === "decided") throw new InputError({ decision: { key: "agenda.error.decided" } });
    if (item.status !== "final") throw new InputError({ decision: { key: "agenda.error.notFinal" } });
    if (item.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "agenda_item", id: itemId, revision });
    const now = nowIso();
    const text = input.decision === "as_proposed" || (input.decision === "noted" && !input.decisionText) ? item.proposal : input.decisionText;
    const section = String(item.section);
    let continuedAs: number | null = null;
    if (input.decision === "tabled") {
      const to = input.toMeetingId === null ? undefined : await getMeeting(tx, input.toMeetingId);
      if (!to || to.body !== item.body || to.meeting_date <= item.meeting_date) throw new InputError({ toMeetingId: { key: "agenda.error.tableTo" } });
      const year = yearOf(to.meeting_date);
      const { id } = await tx
        .insertInto("agenda_item")
        .values({
          meeting_id: to.id,
          body: to.body,
          section_year: year,
          section: await nextSection(tx, to.body, year),
          item_type: item.item_type,
          project_id: item.project_id,
          change_request_id: item.change_request_id,
          commitment_id: item.commitment_id,
          title: item.title,
          case_number: item.case_number,
          preparers: item.preparers,
          presenter: item.presenter,
          background: item.background,
          proposal: item.proposal,
          continues_item_id: item.id,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      continuedAs = id;
    } else if (item.item_type === "change_request" && item.change_request_id !== null && input.decision !== "noted") {
      const approved = input.decision === "as_proposed" || input.decision === "amended";
      const condition = approved ? conditionOf(text) : null;
      try {
        await decideChangeRequestIn(tx, actor, item.change_request_id, {
          action: "decide",
          outcome: !approved ? "rejected" : condition ? "approved_conditionally" : "approved",
          body: item.body,
          date: item.meeting_date,
          section,
          conditionText: condition ?? "",
        });
      } catch (e) {
        // The request's own rules (still pending, decided on or after it arrived…) say why, at the decision.
        if (e instanceof InputError) {
          const first = Object.values(e.fieldErrors)[0];
          throw new InputError({ decision: first ?? { key: "agenda.error.requestNotPending" } });
        }
        throw e;
      }
    } else if (item.item_type === "new_cofinancing" && item.project_id !== null && (input.decision === "as_proposed" || input.decision === "amended")) {
      // The city's commitments of the current plan that have no decision yet get this one as their reference.
      const current = await tx
        .selectFrom("plan_version")
        .select("id")
        .where("project_id", "=", item.project_id)
        .where("state", "=", "current")
        .executeTakeFirst();
      if (current)
        await tx
          .updateTable("commitment")
          .set((eb) => ({
            decision_body: item.body,
            decision_date: item.meeting_date,
            decision_section: section,
            updated_at: now,
            revision: eb("revision", "+", 1),
          }))
          .where("plan_version_id", "=", current.id)
          .where((eb) => eb.or([eb("decision_section", "=", ""), eb("decision_section", "=", section)]))
          .execute();
    }
    await tx
      .updateTable("agenda_item")
      .set((eb) => ({
        status: "decided",
        decision: input.decision,
        decision_text: text,
        decided_at: now,
        decided_by: actor.userId,
        updated_at: now,
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", itemId)
      .execute();
    return { continuedAs };
  });
}

/** Later meetings of the same body (where a tabled item can move). */
export async function laterMeetings(db: Tx, body: string, after: Day) {
  return db
    .selectFrom("meeting")
    .select(["id", "meeting_date", "start_time"])
    .where("body", "=", body)
    .where("meeting_date", ">", after)
    .orderBy("meeting_date")
    .limit(50)
    .execute();
}

export interface ProjectCard {
  projectId: number;
  shortName: string;
  status: string;
  start: Day;
  end: Day;
  totalBudgetCents: number;
  /** The city's commitments (confirmed + conditional), and per calendar year. */
  cityCents: number;
  cityConditionalCents: number;
  cityByYear: { year: number; confirmedCents: number; conditionalCents: number }[];
  reach: { value: number; target: number | null; verdict: string; rateBp: number | null } | null;
  outcomes: { value: number; rateBp: number | null; targetBp: number | null } | null;
  overdue: number;
  dueSoon: number;
  warningCount: number;
  lastReport: { id: number; kind: string; periodEnd: string | null; reached: number | null } | null;
}

/**
 * The status card of each project on a meeting's agenda (for the members before the meeting):
 * read from the rows kept current with the ledger (project figures, targets, deadlines), so it is
 * always current. One project at a time: an agenda has a handful.
 */
export async function projectCards(db: Tx, projectIds: readonly number[], today: Day): Promise<ProjectCard[]> {
  const out: ProjectCard[] = [];
  for (const id of [...new Set(projectIds)].slice(0, 100)) {
    const f = await db
      .selectFrom("project_figure as f")
      .innerJoin("project as p", "p.id", "f.project_id")
      .select([
        "p.id",
        "p.short_name",
        "p.status",
        "f.start_date",
        "f.end_date",
        "f.total_budget_cents",
        "f.commitment_cents",
        "f.commitment_conditional_cents",
        "f.warning_count",
      ])
      .where("f.project_id", "=", id)
      .executeTakeFirst();
    if (!f) continue;
    const years = await db
      .selectFrom("project_year_figure")
      .select(["year", "confirmed_cents", "conditional_cents"])
      .where("project_id", "=", id)
      .where((eb) => eb.or([eb("confirmed_cents", "<>", 0), eb("conditional_cents", "<>", 0)]))
      .orderBy("year")
      .execute();
    const ind = await db
      .selectFrom("indicator")
      .select(["kind", "value_total", "target_kind", "target_value", "entry_count"])
      .where("project_id", "=", id)
      .execute();
    const reach = ind.find((i) => i.kind === "reach");
    const outcome = ind.find((i) => i.kind === "outcome_either") ?? ind.find((i) => i.kind === "outcome_work");
    const p = reach
      ? pace({ target: reach.target_value, value: reach.value_total, entryCount: reach.entry_count, start: f.start_date, end: f.end_date, today })
      : null;
    const soon = addDays(today, 30);
    const d = await db
      .selectFrom("deadline")
      .select([
        (eb) => eb.fn.sum<number>(eb.case().when("due_date", "<", today).then(1).else(0).end()).as("overdue"),
        (eb) => eb.fn.sum<number>(eb.case().when("due_date", ">=", today).then(1).else(0).end()).as("due_soon"),
      ])
      .where("project_id", "=", id)
      .where("status", "=", "open")
      .where("due_date", "<=", soon)
      .executeTakeFirst();
    const last = await db
      .selectFrom("report")
      .select(["id", "kind", "period_end", "reached_total"])
      .where("project_id", "=", id)
      .where("status", "=", "accepted")
      .orderBy("period_end", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    out.push({
      projectId: f.id,
      shortName: f.short_name,
      status: f.status,
      start: f.start_date,
      end: f.end_date,
      totalBudgetCents: f.total_budget_cents,
      // commitment_cents is the whole commitment (confirmed and conditional); the conditional part is shown beside it.
      cityCents: f.commitment_cents,
      cityConditionalCents: f.commitment_conditional_cents,
      cityByYear: years.map((y) => ({ year: y.year, confirmedCents: y.confirmed_cents, conditionalCents: y.conditional_cents })),
      reach: reach && p ? { value: reach.value_total, target: reach.target_value, verdict: p.verdict, rateBp: p.rateBp } : null,
      outcomes:
        outcome && reach
          ? {
              value: outcome.value_total,
              rateBp: rateBp(outcome.value_total, reach.value_total),
              targetBp: outcome.target_kind === "percent" ? outcome.target_value : null,
            }
          : null,
      overdue: Number(d?.overdue ?? 0),
      dueSoon: Number(d?.due_soon ?? 0),
      warningCount: f.warning_count,
      lastReport: last ? { id: last.id, kind: last.kind, periodEnd: last.period_end, reached: last.reached_total } : null,
    });
  }
  return out;
}

/**
 * Publishes the agenda for everyone (Kuntalaki § 140) at a stable address: only when every item
 * about a project is finalised (its findings fixed or acknowledged). The minutes are published
 * once every item is decided.
 */
export async function publishMeeting(db: DB, actor: Actor, meetingId: number, what: "agenda" | "minutes"): Promise<string | null> {
  return audited(db, actor, async (tx) => {
    const m = await tx.selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirst();
    if (!m) return null;
    const items = await tx.selectFrom("agenda_item").select(["section", "status"]).where("meeting_id", "=", meetingId).orderBy("section").execute();
    if (items.length === 0) throw new InputError({ publish: { key: "agenda.error.noItems" } });
    const now = nowIso();
    if (what === "agenda") {
      const drafts = items.filter((i) => i.status === "draft");
      if (drafts.length > 0)
        throw new InputError({ publish: { key: "agenda.error.unfinished", params: { sections: drafts.map((i) => `§ ${i.section}`).join(", ") } } });
      const slug = m.public_slug ?? `${m.meeting_date}-${crypto.randomBytes(9).toString("base64url")}`;
      await tx
        .updateTable("meeting")
        .set((eb) => ({ public_slug: slug, agenda_published_at: m.agenda_published_at ?? now, updated_at: now, revision: eb("revision", "+", 1) }))
        .where("id", "=", meetingId)
        .execute();
      return slug;
    }
    if (!m.agenda_published_at || !m.public_slug) throw new InputError({ publish: { key: "agenda.error.agendaFirst" } });
    const open = items.filter((i) => i.status !== "decided");
    if (open.length > 0)
      throw new InputError({ publish: { key: "agenda.error.undecided", params: { sections: open.map((i) => `§ ${i.section}`).join(", ") } } });
    await tx
      .updateTable("meeting")
      .set((eb) => ({ minutes_published_at: m.minutes_published_at ?? now, updated_at: now, revision: eb("revision", "+", 1) }))
      .where("id", "=", meetingId)
      .execute();
    return m.public_slug;
  });
}

/** A published meeting by its public address, with every item (their text is filtered for the public by the page). */
export async function publicMeeting(db: Tx, slug: string) {
  const m = await db.selectFrom("meeting").selectAll().where("public_slug", "=", slug).where("agenda_published_at", "is not", null).executeTakeFirst();
  if (!m) return undefined;
  const members = await db.selectFrom("meeting_member").select(["name", "role"]).where("meeting_id", "=", m.id).orderBy("position").orderBy("id").execute();
  const items = await db
    .selectFrom("agenda_item")
    .select(["id", "section", "title", "case_number", "preparers", "presenter", "background", "proposal", "status", "decision", "decision_text"])
    .where("meeting_id", "=", m.id)
    .where("status", "<>", "draft")
    .orderBy("section")
    .execute();
  return { ...m, members, items };
}
