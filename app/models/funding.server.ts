/**
 * The portfolio's funding view: the projects' current plans by calendar year, by financing
 * source, with the city's own money and the leverage, summed over the portfolio (or a city
 * unit's projects, or one status's), and per project a page at a time. Year totals are sums of
 * the projects' yearly figures (the derived rows of migration 0006, computed with the same
 * domain functions as a project's page), read from their running totals; the page of projects
 * sums its own rows. A project is in the view when one of its plan's years is in the range.
 * The commitments beside the plans' city money are those of the range's years (failed ones not).
 */
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import { emptyFunding, fundingTotal, leverageOf, type FundingAmounts, type FundingYear } from "~/domain/funding";
import { pageOf, DEFAULT_PAGE_SIZE, type Page } from "~/domain/paging";
import type { YearRange } from "~/domain/year-range";
import type { ProjectStatus } from "~/domain/vocabulary";
import type { Viewer } from "~/domain/permissions";
import { withProjectFilters } from "./portfolio.server";
import { statusesSummed } from "./scope.server";
import { yearInRange } from "./sql.server";

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
  /** One page of the projects (by short name), each with its figures in the range. */
  projects: FundingProject[];
  page: Page;
  /**
   * The city's commitments to the same projects in the same years: what the portfolio and the
   * commitments page call the city's commitment, beside the plans' city money, to reconcile them.
   */
  commitmentCents: number;
}

/** The financing sums of year rows aliased `y`, and the city's commitments from `commitments` (an expression over y). */
const sumsOf = (commitments: string) => [
  sql<number>`SUM(y.esr_cents)`.as("esr"),
  sql<number>`SUM(y.own_cents)`.as("own"),
  sql<number>`SUM(y.municipal_cents)`.as("municipal"),
  sql<number>`SUM(y.other_public_cents)`.as("other_public"),
  sql<number>`SUM(y.private_cents)`.as("private"),
  sql<number>`SUM(y.financing_total_cents)`.as("total"),
  sql<number>`SUM(y.city_cents)`.as("city"),
  sql<number>`SUM(y.eu_cents)`.as("eu"),
  sql<number>`SUM(y.state_cents)`.as("state"),
  sql<number>`SUM(${sql.raw(commitments)})`.as("commitments"),
];
/** A project's year rows (project_year_figure). */
const YEAR_SUMS = sumsOf("y.confirmed_cents + y.conditional_cents");
/** The running totals (funding_total). */
const TOTAL_SUMS = sumsOf("y.commitment_cents");

type YearSums = {
  esr: number;
  own: number;
  municipal: number;
  other_public: number;
  private: number;
  total: number;
  city: number;
  eu: number;
  state: number;
  commitments: number;
};

function amounts(r: YearSums): FundingAmounts {
  return {
    financing: { esr: r.esr, own: r.own, municipal: r.municipal, other_public: r.other_public, private: r.private },
    totalCents: r.total,
    cityCents: r.city,
    euCents: r.eu,
    stateCents: r.state,
  };
}

/**
 * A project belongs to the view when one of its plan's years lies in the range (a year only a
 * commitment's entered split names does not bring it in).
 */
function hasPlanYearIn(range: YearRange) {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM project_year_figure r WHERE r.project_id = p.id AND r.in_plan = 1 AND ${yearInRange(range, "r.year")})`;
}

export async function portfolioFunding(
  db: DB,
  viewer: Viewer,
  filters: FundingFilters = {},
  paging: { page?: number; size?: number } = {},
): Promise<PortfolioFunding> {
  const range: YearRange = { from: filters.from ?? null, to: filters.to ?? null };
  const projectFilters = { unitId: filters.unitId ?? null, status: filters.status ?? null };
  // Every plan has a year of its own; only a range can leave a project out.
  const member = range.from === null && range.to === null ? sql<SqlBool>`1 = 1` : hasPlanYearIn(range);

  // The year sums come from the running totals (a few hundred rows), not from every project's rows.
  const statuses = statusesSummed(viewer, filters.status ?? null);
  const yearRows =
    statuses.length === 0
      ? []
      : await db
          .selectFrom("funding_total as y")
          .select(["y.year", sql<number>`SUM(y.plan_rows)`.as("plan_rows"), ...TOTAL_SUMS])
          .where("y.financier_id", "=", filters.unitId ?? 0)
          .where("y.status", "in", statuses)
          .where(yearInRange(range, "y.year"))
          .groupBy("y.year")
          .orderBy("y.year")
          .execute();
  const years = yearRows.filter((r) => r.plan_rows > 0).map((r) => ({ year: r.year, ...amounts(r) }));
  const total = fundingTotal(years);
  const commitmentCents = yearRows.reduce((a, r) => a + r.commitments, 0);

  const members = () =>
    withProjectFilters(db.selectFrom("project as p").innerJoin("project_figure as f", "f.project_id", "p.id"), viewer, projectFilters).where(member);
  // Without a range or a unit every project a viewer sees by status is in the view: the running count serves.
  const { count } =
    range.from === null && range.to === null && !filters.unitId
      ? statuses.length === 0
        ? { count: 0 }
        : await db
            .selectFrom("portfolio_total")
            .select(sql<number>`COALESCE(SUM(projects), 0)`.as("count"))
            .where("status", "in", statuses)
            .executeTakeFirstOrThrow()
      : await members()
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow();
  const page = pageOf(count, paging.page ?? 1, paging.size ?? DEFAULT_PAGE_SIZE);
  const pageRows = await members()
    .select(["p.id", "p.name", "p.short_name", "p.status"])
    .orderBy("f.sort_short_name")
    .orderBy("p.id")
    .limit(page.size)
    .offset(page.offset)
    .execute();
  const perYear =
    pageRows.length === 0
      ? []
      : await db
          .selectFrom("project_year_figure as y")
          .select(["y.project_id", "y.year", "y.in_plan", ...YEAR_SUMS])
          .where(
            "y.project_id",
            "in",
            pageRows.map((r) => r.id),
          )
          .where(yearInRange(range, "y.year"))
          .groupBy(["y.project_id", "y.year"])
          .orderBy("y.year")
          .execute();
  const projects = pageRows.map((r): FundingProject => {
    const own = perYear.filter((y) => y.project_id === r.id);
    const ys = own.filter((y) => y.in_plan === 1).map((y) => ({ year: y.year, ...amounts(y) }));
    const t = ys.length > 0 ? fundingTotal(ys) : emptyFunding();
    return {
      projectId: r.id,
      name: r.name,
      shortName: r.short_name,
      status: r.status,
      years: ys,
      total: t,
      leverageCentsPerEuro: leverageOf(t),
      commitmentCents: own.reduce((a, y) => a + y.commitments, 0),
    };
  });
  return {
    years: years.map((y) => ({ ...y, leverageCentsPerEuro: leverageOf(y) })),
    total,
    leverageCentsPerEuro: leverageOf(total),
    projects,
    page,
    commitmentCents,
  };
}
