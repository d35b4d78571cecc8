/** The project form, and a new project with its first plan. */
import { defineForm, str, type FieldParser } from "./form";
import { PROJECT_STATUSES } from "~/domain/vocabulary";
import { parsePlanWith, planShape, type PlanInput } from "./ledger";

export const projectShape = {
  name: str(),
  shortName: str(),
  caseNumber: str(),
  leadOrganisationId: str(),
  funderOrganisationId: str(),
  programme: str(),
  specificObjective: str(),
  targetGroup: str(),
  description: str(),
  status: str(),
  euShare: str(),
  revision: str(),
};

type ProjectRaw = { [K in keyof typeof projectShape]?: string };

function parseProject(raw: ProjectRaw, f: FieldParser) {
  return {
    name: f.text(["name"], raw.name, { required: true, max: 300 }),
    shortName: f.text(["shortName"], raw.shortName, { required: true, max: 60 }),
    caseNumber: f.text(["caseNumber"], raw.caseNumber, { required: true, max: 60 }),
    leadOrganisationId: f.id(["leadOrganisationId"], raw.leadOrganisationId, { required: true })!,
    funderOrganisationId: f.id(["funderOrganisationId"], raw.funderOrganisationId),
    programme: f.text(["programme"], raw.programme, { max: 300 }),
    specificObjective: f.text(["specificObjective"], raw.specificObjective, { max: 300 }),
    targetGroup: f.text(["targetGroup"], raw.targetGroup, { max: 1000 }),
    description: f.text(["description"], raw.description, { max: 5000 }),
    status: f.choice(["status"], raw.status, PROJECT_STATUSES)!,
    euShareBp: f.percent(["euShare"], raw.euShare) ?? 6000,
  };
}

export const projectSchema = defineForm(projectShape, parseProject);
export type ProjectInput = ReturnType<typeof parseProject>;

/* ---------- a new project with its first plan ---------- */

export const newProjectSchema = defineForm({ ...projectShape, ...planShape }, (raw, f) => ({
  project: parseProject(raw, f),
  plan: parsePlanWith(raw, f),
}));
export type NewProjectInput = { project: ProjectInput; plan: PlanInput };
