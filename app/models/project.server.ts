/**
 * Projects: the portfolio (one row per project with the figures of its current plan), the
 * project page's whole picture, and creating and editing projects.
 */
import type { DB } from "../../db/connection";
import type { Project } from "../../db/schema";
import type { NewProjectInput, ProjectInput } from "~/schemas/project";
import { checkPlan, type Warning } from "~/domain/checks";
import { commitmentsByYear, commitmentYears, planByYear, publicFundingParts, type CommitmentYearTotals, type PlanYear } from "~/domain/plan";
import { nowIso, yearsOf } from "~/domain/days";
import { planValues } from "~/schemas/values";
import type { YearAmount } from "~/domain/split";
import { canMoveStatus } from "~/domain/vocabulary";
import { assertOrganisationsExist, cityOrganisationIds } from "./organisation.server";
import { loadPlanBundles, organisationNames, type PlanBundle } from "./plan.server";
import { insertPlanVersion } from "./plan-write.server";
import { planOrganisationRefs } from "~/schemas/plan-input";
import { InputError, isUniqueViolation } from "./errors.server";
import { audited, type Actor } from "./audit.server";
import { projectVisible } from "./scope.server";
import type { Viewer } from "~/domain/permissions";

function commitmentYearLists(bundle: PlanBundle) {
  const period = { start: bundle.version.start_date, end: bundle.version.end_date };
  return bundle.commitments.map((c) => ({
    organisationId: c.organisationId,
    conditionStatus: c.conditionStatus,
    years: commitmentYears({ amountCents: c.amountCents, entered: c.entered.length > 0 ? c.entered : null }, period),
  }));
}

export interface ProjectDetail {
  project: Project & { lead_name: string; funder_name: string | null };
  plan: PlanBundle;
  versions: { id: number; version_number: number; state: string; start_date: string; end_date: string; total_budget_cents: number; created_at: string }[];
  commitments: (PlanBundle["commitments"][number] & { years: YearAmount[] })[];
  commitmentsByYear: CommitmentYearTotals[];
  planByYear: { years: PlanYear[]; total: Omit<PlanYear, "year">; lineYears: Record<string, YearAmount[]> };
  publicFunding: { euCents: number; stateCents: number };
  warnings: Warning[];
}

/** The project page's whole picture, or null when it does not exist or the viewer may not see it. */
export async function getProjectDetail(db: DB, viewer: Viewer, id: number): Promise<ProjectDetail | null> {
  const project = await db
    .selectFrom("project as p")
    .innerJoin("organisation as lead", "lead.id", "p.lead_organisation_id")
    .leftJoin("organisation as f", "f.id", "p.funder_organisation_id")
    .selectAll("p")
    .select(["lead.name as lead_name", "f.name as funder_name"])
    .where("p.id", "=", id)
    .where(projectVisible(viewer, "p"))
    .executeTakeFirst();
  if (!project) return null;
  const versions = await db
    .selectFrom("plan_version")
    .select(["id", "version_number", "state", "start_date", "end_date", "total_budget_cents", "created_at"])
    .where("project_id", "=", id)
    .orderBy("version_number", "desc")
    .execute();
  const current = versions.find((v) => v.state === "current");
  if (!current) return null;
  const cityIds = await cityOrganisationIds(db);
  const bundle = (await loadPlanBundles(db, { versionIds: [current.id] }, cityIds)).get(current.id)!;
  const nameMap = organisationNames([bundle], [{ id: project.lead_organisation_id, name: project.lead_name }]);
  const yearLists = commitmentYearLists(bundle);
  const table = planByYear(bundle.data);
  return {
    project,
    plan: bundle,
    versions,
    commitments: bundle.commitments.map((c, i) => ({ ...c, years: yearLists[i]!.years })),
    commitmentsByYear: commitmentsByYear(yearLists),
    planByYear: { years: table.years, total: table.total, lineYears: Object.fromEntries(table.lineYears) },
    publicFunding: publicFundingParts(table.total.financing.esr, project.eu_share_bp),
    warnings: checkPlan(bundle.data, bundle.commitmentData, { names: nameMap, cityOrganisationIds: cityIds }),
  };
}

export async function getProject(db: DB, viewer: Viewer, id: number): Promise<Project | undefined> {
  return db.selectFrom("project as p").selectAll("p").where("p.id", "=", id).where(projectVisible(viewer, "p")).executeTakeFirst();
}

function projectRefs(p: ProjectInput) {
  return [
    { field: "leadOrganisationId", id: p.leadOrganisationId },
    { field: "funderOrganisationId", id: p.funderOrganisationId },
  ];
}

function projectValues(p: ProjectInput) {
  return {
    name: p.name,
    short_name: p.shortName,
    case_number: p.caseNumber,
    lead_organisation_id: p.leadOrganisationId,
    funder_organisation_id: p.funderOrganisationId,
    programme: p.programme,
    specific_objective: p.specificObjective,
    target_group: p.targetGroup,
    description: p.description,
    status: p.status,
    eu_share_bp: p.euShareBp,
  };
}

function translateUnique(e: unknown): never {
  if (isUniqueViolation(e, "case_number")) throw new InputError({ caseNumber: { key: "error.caseNumber.duplicate" } });
  throw e;
}

/** A new project with its first plan version (the lead is an implementer unless listed). */
export async function createProject(db: DB, actor: Actor, input: NewProjectInput): Promise<number> {
  return audited(db, actor, async (tx) => {
    await assertOrganisationsExist(tx, [...projectRefs(input.project), ...planOrganisationRefs(input.plan)]);
    const now = nowIso();
    let projectId: number;
    try {
      ({ id: projectId } = await tx
        .insertInto("project")
        .values({ ...projectValues(input.project), created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow());
    } catch (e) {
      translateUnique(e);
    }
    const implementers = input.plan.implementers.some((i) => i.organisationId === input.project.leadOrganisationId)
      ? input.plan.implementers
      : [{ organisationId: input.project.leadOrganisationId, role: "lead" as const, budgetCents: null }, ...input.plan.implementers];
    await insertPlanVersion(tx, projectId, 1, "current", { ...input.plan, implementers });
    return projectId;
  });
}

export async function updateProject(db: DB, actor: Actor, id: number, input: ProjectInput, revision: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await tx.selectFrom("project").selectAll().where("id", "=", id).executeTakeFirst();
    if (!existing) return false;
    if (existing.revision !== revision) throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "project", id, revision });
    if (!canMoveStatus(existing.status, input.status)) {
      throw new InputError({ status: { key: "error.status.transition", params: { from: existing.status, to: input.status } } });
    }
    await assertOrganisationsExist(tx, projectRefs(input));
    try {
      await tx
        .updateTable("project")
        .set((eb) => ({ ...projectValues(input), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
        .where("id", "=", id)
        .where("revision", "=", existing.revision)
        .execute();
    } catch (e) {
      translateUnique(e);
    }
    return true;
  });
}

/**
 * What a form built on the current plan starts from (the plan editor, a change request's
 * proposal): the project's detail, the plan as form values, the years shown as columns, and
 * the organisations to choose from. Null when the viewer may not see the project.
 */
export async function planFormContext(db: DB, viewer: Viewer, id: number) {
  const detail = await getProjectDetail(db, viewer, id);
  if (!detail) return null;
  const v = detail.plan.version;
  const entered = detail.plan.lines.flatMap((l) => l.entered.map((y) => y.year));
  const orgs = await db.selectFrom("organisation").select(["id", "name", "kind"]).orderBy("kind").orderBy("name").execute();
  return {
    detail,
    values: planValues({ ...v, lines: detail.plan.lines, implementers: detail.plan.implementers }),
    years: [...new Set([...yearsOf(v.start_date, v.end_date), ...entered])].sort((a, b) => a - b),
    orgs,
  };
}
