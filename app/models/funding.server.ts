/**
 * The portfolio's funding view: every project's current plan by calendar year, by financing
 * source, with the city's own money and the leverage, per project and summed over the
 * portfolio (or a city unit's projects, or one status's). Year totals are the sums of the
 * projects' yearly amounts, never a separate split.
 */
import type { DB } from "../../db/connection";
import { commitmentYears, planByYear } from "~/domain/plan";
import { clipYears, fundingTotal, leverageOf, projectFundingYears, sumFundingYears, type FundingAmounts, type FundingYear } from "~/domain/funding";
import type { YearRange } from "~/domain/year-range";
import type { ProjectStatus } from "~/domain/vocabulary";
import { cityOrganisationIds } from "./organisation.server";
import { loadPlanBundles, type PlanBundle } from "./plan.server";
import { projectVisible } from "./scope.server";
import type { Viewer } from "~/domain/permissions";

export interface FundingFilters extends Partial<YearRange> {
  /** Only projects this organisation (the city or a unit) co-finances: a financing line it covers, or a commitment. */
  unitId?: number | null;
  status?: ProjectStatus | null;
}

export interface FundingProject {
  projectId: number;
  name: string;
  shortName: string;
  status: ProjectStatus;
  years: FundingYear[];
  total: FundingAmounts;
  /** Cents of ESR/public funding per euro of the city's money; null when the city puts in nothing. */
  leverageCentsPerEuro: number | null;
  /** The city's commitments to the project in the same years (confirmed and conditional; failed ones not). */
  commitmentCents: number;
}

export interface PortfolioFunding {
  years: (FundingYear & { leverageCentsPerEuro: number | null })[];
  total: FundingAmounts;
  leverageCentsPerEuro: number | null;
  projects: FundingProject[];
  /**
   * The city's commitments to the same projects in the same years: what the portfolio and the
   * commitments page call the city's commitment, beside the plans' city money, to reconcile them.
   */
  commitmentCents: number;
}

/** Organisations that co-finance the plan: those covering a financing line, and those with a commitment. */
function financiers(b: PlanBundle): Set<number> {
  const ids = new Set<number>();
  for (const l of b.lines) if (l.side === "financing" && l.organisationId !== null) ids.add(l.organisationId);
  for (const c of b.commitments) ids.add(c.organisationId);
  return ids;
}

export async function portfolioFunding(db: DB, viewer: Viewer, filters: FundingFilters = {}): Promise<PortfolioFunding> {
  const range: YearRange = { from: filters.from ?? null, to: filters.to ?? null };
  let q = db
    .selectFrom("project as p")
    .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "p.id").on("v.state", "=", "current"))
    .select(["p.id", "p.name", "p.short_name", "p.status", "p.eu_share_bp", "v.id as version_id"])
    .where(projectVisible(viewer, "p"));
  if (filters.status) q = q.where("p.status", "=", filters.status);
  const rows = await q.execute();
  const cityIds = await cityOrganisationIds(db);
  const bundles = await loadPlanBundles(db, { versionIds: rows.map((r) => r.version_id) }, cityIds);

  const projects: FundingProject[] = [];
  for (const r of rows) {
    const b = bundles.get(r.version_id);
    if (!b) continue;
    if (filters.unitId && !financiers(b).has(filters.unitId)) continue;
    const years = clipYears(projectFundingYears(planByYear(b.data).years, r.eu_share_bp), range);
    if (years.length === 0) continue;
    const total = fundingTotal(years);
    const period = { start: b.data.start, end: b.data.end };
    const commitmentCents = b.commitments
      .filter((c) => c.conditionStatus !== "failed")
      .flatMap((c) => commitmentYears({ amountCents: c.amountCents, entered: c.entered.length > 0 ? c.entered : null }, period))
      .filter((y) => (range.from === null || y.year >= range.from) && (range.to === null || y.year <= range.to))
      .reduce((a, y) => a + y.amountCents, 0);
    projects.push({ projectId: r.id, name: r.name, shortName: r.short_name, status: r.status, years, total, leverageCentsPerEuro: leverageOf(total), commitmentCents });
  }
  projects.sort((a, b) => a.shortName.localeCompare(b.shortName, "fi") || a.projectId - b.projectId);

  const years = sumFundingYears(projects.map((p) => p.years)).map((y) => ({ ...y, leverageCentsPerEuro: leverageOf(y) }));
  const total = fundingTotal(years);
  return { years, total, leverageCentsPerEuro: leverageOf(total), projects, commitmentCents: projects.reduce((a, p) => a + p.commitmentCents, 0) };
}
