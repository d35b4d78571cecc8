/**
 * The ledger's closed vocabularies: organisation kinds, project statuses and their life cycle,
 * cost models, cost and financing line kinds. Labels live in the message catalogue.
 */
export const ORGANISATION_KINDS = ["city", "city_unit", "association", "municipality", "funder", "company", "other"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The city and its units: their money in a plan is the city's money, and only they commit the city's co-financing. */
export const CITY_KINDS = ["city", "city_unit"] as const satisfies readonly OrganisationKind[];

export function isCityKind(kind: string | null | undefined): boolean {
  return kind === "city" || kind === "city_unit";
}

export const PROJECT_STATUSES = [
  "planning",
  "applied",
  "committee_conditional",
  "funded",
  "running",
  "ended",
  "final_report_accepted",
  "rejected",
  "withdrawn",
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Which status may follow which (the life cycle of DOMAIN.md). Same status is always allowed. */
export const STATUS_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  planning: ["applied", "committee_conditional", "withdrawn"],
  applied: ["committee_conditional", "funded", "rejected", "withdrawn"],
  committee_conditional: ["applied", "funded", "rejected", "withdrawn"],
  funded: ["running", "withdrawn"],
  running: ["ended"],
  ended: ["final_report_accepted", "running"],
  final_report_accepted: [],
  rejected: ["planning"],
  withdrawn: ["planning"],
};

export function canMoveStatus(from: ProjectStatus, to: ProjectStatus): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}

export const COST_MODELS = ["flat_40", "flat_staff", "actual", "lump_sum"] as const;
export type CostModel = (typeof COST_MODELS)[number];

export const COST_KINDS = ["staff", "flat_rate", "purchased", "other", "lump_sum"] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const FINANCING_KINDS = ["esr", "own", "municipal", "other_public", "private"] as const;
export type FinancingKind = (typeof FINANCING_KINDS)[number];

export type LineSide = "cost" | "financing";

export const CONDITION_STATUSES = ["none", "pending", "met", "failed"] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/** Cost line kinds a cost model allows. */
export function costKindsFor(model: CostModel): readonly CostKind[] {
  switch (model) {
    case "flat_40":
      return ["staff", "flat_rate"];
    case "flat_staff":
      return ["staff", "flat_rate", "purchased", "other"];
    case "actual":
      return ["staff", "purchased", "other"];
    case "lump_sum":
      return ["lump_sum"];
  }
}

/** The flat rate a model applies to staff costs, in basis points (null: no flat-rate line). */
export function flatRateFor(model: CostModel, flatRateBp: number | null): number | null {
  if (model === "flat_40") return 4000;
  if (model === "flat_staff") return flatRateBp;
  return null;
}
