/**
 * A ledger file in (the export's document, docs/import-format.md): validated as a whole against
 * the database inside one transaction (schemas/ledger-file-rules.ts) and written only when there
 * is no problem at all: all or nothing.
 */

import type { Insertable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { DeadlineTable, IndicatorEntryTable, IndicatorTable, ObligationTable, PaymentApplicationTable } from "../../db/schema";

import { nowIso } from "~/domain/days";
import { todayInHelsinki } from "~/domain/clock";
import { DEFAULT_DAYS_AFTER } from "~/domain/obligations";
import type { LineInput, PlanInput } from "~/schemas/ledger";
import { type FilePlanVersion, type FileProblem, type FileProject } from "~/schemas/ledger-file";
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
  }[];
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
      const checked = validateLedgerFile(document, await loadLedgerSnapshot(tx));
      if (!checked.ok) throw new ImportRejected(checked.problems);
      return writeImport(tx, checked.plan);
    });
    return { ok: true, summary };
  } catch (e) {
    if (e instanceof ImportRejected) return { ok: false, problems: e.problems };
    throw e;
  }
}

async function writeImport(tx: Tx, plan: ImportPlan): Promise<ImportSummary> {
  const now = nowIso();
  const summary: ImportSummary = { organisations: [], projects: [] };

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

  const followUp = await followUpWriter(tx, now);
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
    for (const r of p.changeRequests) {
      const at = r.createdAt ?? now;
      await tx
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
        .execute();
    }
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
    });
  }
  await followUp.flush();
  return summary;
}

/** Rows per INSERT statement of the follow-up tables (a deadline row has 13 columns: 6 500 variables, well under SQLite's 32 766). */
const FOLLOW_UP_ROWS = 500;

/**
 * The projects' targets (with their totals computed from their entries, as the model's
 * refreshTotals does), entries (source 'import'), obligations (with their deadlines as the
 * file has them, generated for the current plan's period) and payment applications, written in
 * batches of multi-row INSERTs across projects, not a round trip per row. Targets and
 * obligations get their ids here (after the highest in the table), so that their entries and
 * deadlines can name them without reading anything back.
 */
async function followUpWriter(tx: Tx, now: string) {
  const nextId = async (table: "indicator" | "obligation") =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.coalesce(eb.fn.max("id"), eb.lit(0)).as("id"))
          .executeTakeFirstOrThrow()
      ).id,
    ) + 1;
  let indicatorId = await nextId("indicator");
  let obligationId = await nextId("obligation");
  const indicators: Insertable<IndicatorTable>[] = [];
  const entries: Insertable<IndicatorEntryTable>[] = [];
  const obligations: Insertable<ObligationTable>[] = [];
  const deadlines: Insertable<DeadlineTable>[] = [];
  const payments: Insertable<PaymentApplicationTable>[] = [];

  /** Parents before children (the entries' and deadlines' foreign keys and audit rows need them). */
  async function flush(): Promise<void> {
    const batches = [
      ["indicator", indicators],
      ["indicator_entry", entries],
      ["obligation", obligations],
      ["deadline", deadlines],
      ["payment_application", payments],
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
    for (const o of p.obligations) {
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
    }
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
    if (Math.max(indicators.length, entries.length, obligations.length, deadlines.length, payments.length) >= FOLLOW_UP_ROWS) await flush();
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
