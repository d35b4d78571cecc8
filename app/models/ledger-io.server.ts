/**
 * The whole ledger in and out as one JSON document (format in app/schemas/ledger-file.ts,
 * documented in docs/import-format.md). The export streams it (a step of projects at a time,
 * in bounded memory at any size) and writes every organisation and every
 * project with all its plan versions as stored (entered yearly amounts only; derived ones are
 * recomputed; proposed and rejected versions too) and its change requests, which name their
 * plan versions by version number. The import validates the whole file against the database inside one
 * transaction and writes it only when there is no problem at all: all or nothing.
 */
import type { Selectable } from "kysely";
import type { DB, Tx } from "../../db/connection";
import type { ChangeRequestTable, Project } from "../../db/schema";
import { nowIso } from "~/domain/days";
import type { LineInput, PlanInput } from "~/schemas/ledger";
import {
  LEDGER_FORMAT,
  LEDGER_FORMAT_VERSION,
  type FileChangeRequest,
  type FileCommitment,
  type FileOrganisation,
  type FilePlanVersion,
  type FileProblem,
  type FileProject,
  type LedgerFile,
} from "~/schemas/ledger-file";
import { storedFlatRateBp, validateLedgerFile, type ImportPlan, type LedgerSnapshot } from "~/schemas/ledger-file-rules";
import { loadPlanBundles, versionFacts, type PlanBundle } from "./plan.server";
import { insertPlanVersion } from "./plan-write.server";
import { audited, SYSTEM, type Actor } from "./audit.server";

/* ---------- export ---------- */

const orgRef = (id: number) => `org-${id}`;
const ref = (id: number | null) => (id === null ? null : orgRef(id));

/** Projects read and written per step of the export: bounds every query's id list and the memory a step holds. */
export const EXPORT_CHUNK_PROJECTS = 250;

export interface ExportOptions {
  /** The document's `exportedAt`. */
  now?: Date;
  /** Projects per step (tests use small ones). */
  chunkSize?: number;
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
  { now = new Date(), chunkSize = EXPORT_CHUNK_PROJECTS }: ExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const { organisations, lastProjectId } = await db.transaction().execute(async (tx) => ({
    organisations: await tx.selectFrom("organisation").selectAll().orderBy("id").execute(),
    lastProjectId:
      (
        await tx
          .selectFrom("project")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0,
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
  // `…,"projects":[]}` without its closing `]}`: the projects follow, then the close.
  yield header.slice(0, -2);
  let after = 0;
  let first = true;
  while (after < lastProjectId) {
    // Never yield inside the transaction: it holds the app's one connection.
    const chunk = await db.transaction().execute((tx) => readProjectChunk(tx, after, lastProjectId, chunkSize));
    if (chunk.projects.length === 0) break;
    after = chunk.projects[chunk.projects.length - 1]!.id;
    const text = chunk.projects.map((p) => JSON.stringify(fileProject(p, chunk))).join(",");
    yield first ? text : `,${text}`;
    first = false;
  }
  yield "]}";
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
}

/**
 * Up to `limit` projects with ids in (after, last], with everything the file holds about them.
 * Change requests are read before plan versions and commitments before their creation times, so
 * that whatever one read names, a later read of the same step has (a version is never deleted).
 */
async function readProjectChunk(tx: Tx, after: number, last: number, limit: number): Promise<ProjectChunk> {
  const projects = await tx.selectFrom("project").selectAll().where("id", ">", after).where("id", "<=", last).orderBy("id").limit(limit).execute();
  if (projects.length === 0) return { projects, versions: [], bundles: new Map(), commitmentCreated: new Map(), requests: [] };
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
  return { projects, versions, bundles, commitmentCreated, requests };
}

function fileProject(p: Project, { versions, bundles, commitmentCreated, requests }: ProjectChunk): FileProject {
  const versionNumber = (id: number) => bundles.get(id)!.version.version_number;
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
  };
}

/* ---------- import ---------- */

export interface ImportSummary {
  /** `name`: as the file has it; `databaseName`: the organisation actually used (differs when matched by business ID). */
  organisations: { id: number; name: string; databaseName: string; businessId: string | null; action: "created" | "matchedByBusinessId" | "matchedByName" }[];
  projects: { id: number; caseNumber: string; shortName: string; versions: number; commitments: number; changeRequests: number }[];
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
        if (c.years.length > 0)
          await tx
            .insertInto("commitment_year")
            .values(c.years.map((y) => ({ commitment_id: id, year: y.year, amount_cents: y.amountCents })))
            .execute();
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
    summary.projects.push({
      id: projectId,
      caseNumber: p.caseNumber,
      shortName: p.shortName,
      versions: p.planVersions.length,
      commitments,
      changeRequests: p.changeRequests.length,
    });
  }
  return summary;
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
