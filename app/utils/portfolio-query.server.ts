/**
 * The query strings of the portfolio-wide lists, each read one way for its page and its API
 * twin: the portfolio (status, unit, funder, org, year, q, sort, dir) and the funding view
 * (from, to, unit, status), with paging (page; limit in the API). Each bad value is a problem
 * naming its parameter. The mode decides only what a problem becomes: on a page the value is
 * ignored and the problem is said beside its field in the page's words, with the page number
 * moved to the nearest page that exists; in the API the first problem is a 400
 * (app/utils/api.server.ts).
 */
import { DEADLINE_FILTER_BUCKETS, OBLIGATION_KINDS, type DeadlineFilters } from "~/models/deadline.server";
import type { MessageKey } from "~/i18n";
import type { Params } from "~/i18n/format";
import { lenientPage, parsePaging, DEFAULT_PAGE_SIZE } from "~/domain/paging";
import { parseYearRange, type YearRangeProblem } from "~/domain/year-range";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";
import { PORTFOLIO_SORTS, type PortfolioFilters, type PortfolioSort } from "~/models/portfolio.server";

export interface QueryProblem {
  parameter: string;
  key: MessageKey;
  params: Params;
}

type Mode = "page" | "api";

export interface PortfolioQuery {
  filters: Required<PortfolioFilters>;
  paging: { page: number; size: number };
  problems: QueryProblem[];
}

/** What the filters may name: the ids of the city and its units, of the projects' funders and of their leads and implementers. */
export interface FilterChoices {
  unitIds: ReadonlySet<number>;
  funderIds: ReadonlySet<number>;
  implementerIds: ReadonlySet<number>;
}

const cut = (s: string) => s.slice(0, 40);

/** Readers of single parameters that collect their problems. */
function reader(params: URLSearchParams) {
  const problems: QueryProblem[] = [];
  const text = (name: string) => (params.get(name) ?? "").trim();
  return {
    problems,
    text,
    choice<T extends string>(name: string, allowed: readonly T[]): T | null {
      const raw = text(name);
      if (raw === "") return null;
      if ((allowed as readonly string[]).includes(raw)) return raw as T;
      problems.push({ parameter: name, key: "api.error.choice", params: { parameter: name, value: cut(raw), allowed: allowed.join(", ") } });
      return null;
    },
    organisation(name: string, allowed: ReadonlySet<number>, unknownKey: MessageKey): number | null {
      const raw = text(name);
      if (raw === "") return null;
      if (!/^\d{1,12}$/.test(raw)) {
        problems.push({ parameter: name, key: "api.error.id", params: { parameter: name, value: cut(raw) } });
        return null;
      }
      if (!allowed.has(Number(raw))) {
        problems.push({ parameter: name, key: unknownKey, params: { parameter: name, value: raw } });
        return null;
      }
      return Number(raw);
    },
    paging(mode: Mode): { page: number; size: number } {
      if (mode === "page") return { page: lenientPage(params.get("page")), size: DEFAULT_PAGE_SIZE };
      const p = apiPaging(params);
      problems.push(...p.problems);
      return p.paging;
    },
  };
}

/** On a page a problem is said in the page's own words: the value was not used. */
function asMode(problems: QueryProblem[], mode: Mode): QueryProblem[] {
  return mode === "page" ? problems.map((p) => ({ ...p, key: "list.error.ignored" as const, params: { value: String(p.params.value ?? "") } })) : problems;
}

export function portfolioQuery(params: URLSearchParams, choices: FilterChoices, mode: Mode): PortfolioQuery {
  const r = reader(params);
  const status = r.choice<ProjectStatus>("status", PROJECT_STATUSES);
  const unitId = r.organisation("unit", choices.unitIds, "api.error.unitUnknown");
  const funderId = r.organisation("funder", choices.funderIds, "api.error.funderUnknown");
  const organisationId = r.organisation("org", choices.implementerIds, "api.error.implementerUnknown");
  let year: number | null = null;
  const rawYear = r.text("year");
  if (rawYear !== "") {
    if (/^\d{4}$/.test(rawYear)) year = Number(rawYear);
    else r.problems.push({ parameter: "year", key: "api.error.year", params: { parameter: "year", value: cut(rawYear) } });
  }
  const q = r.text("q").slice(0, 100);
  const pace = r.choice("pace", ["behind"] as const);
  const sort = r.choice<PortfolioSort>("sort", PORTFOLIO_SORTS) ?? "name";
  const dir = r.choice("dir", ["asc", "desc"] as const) ?? "asc";
  const paging = r.paging(mode);
  return { filters: { status, unitId, funderId, organisationId, year, q, pace, sort, dir }, paging, problems: asMode(r.problems, mode) };
}

export interface FundingQuery {
  filters: { from: number | null; to: number | null; unitId: number | null; status: ProjectStatus | null };
  /** The range's problems, for the year fields' own messages (YearRangeFields); in the API also among `problems`. */
  rangeProblems: YearRangeProblem[];
  /** The text of from and to as given (cut), for the form to show back. */
  raw: { from: string; to: string };
  paging: { page: number; size: number };
  problems: QueryProblem[];
}

/** The funding view's query: a year range, a unit (the city or one of its units), a status, the page. */
export function fundingQuery(params: URLSearchParams, unitIds: ReadonlySet<number>, mode: Mode): FundingQuery {
  const r = reader(params);
  const raw = { from: cut(params.get("from") ?? ""), to: cut(params.get("to") ?? "") };
  const range = parseYearRange(raw.from, raw.to);
  if (mode === "api") r.problems.push(...range.problems.map(yearRangeProblem));
  const unitId = r.organisation("unit", unitIds, "api.error.unitUnknown");
  const status = r.choice<ProjectStatus>("status", PROJECT_STATUSES);
  const paging = r.paging(mode);
  return { filters: { from: range.from, to: range.to, unitId, status }, rangeProblems: range.problems, raw, paging, problems: asMode(r.problems, mode) };
}

/** A year range problem as the parameter it concerns and its message. */
export function yearRangeProblem(p: YearRangeProblem): QueryProblem {
  switch (p.code) {
    case "notYear":
      return { parameter: p.field, key: "api.error.year", params: { parameter: p.field, value: p.value } };
    case "outOfRange":
      return { parameter: p.field, key: "range.error.outOfRange", params: { value: p.value, min: p.min, max: p.max } };
    case "reversed":
      return { parameter: "from", key: "api.error.yearRange", params: { from: p.from, to: p.to } };
  }
}

/** An API list's page and size (`page`, `limit`), strictly: each bad value is a problem. */
export function apiPaging(params: URLSearchParams): { paging: { page: number; size: number }; problems: QueryProblem[] } {
  const p = parsePaging(params.get("page"), params.get("limit"));
  return {
    paging: { page: p.page, size: p.size },
    problems: p.problems.map((x) =>
      x.code === "tooLarge"
        ? { parameter: x.parameter, key: "api.error.tooLarge" as const, params: { parameter: x.parameter, value: x.value, max: x.max ?? 0 } }
        : { parameter: x.parameter, key: "api.error.positiveInteger" as const, params: { parameter: x.parameter, value: x.value } },
    ),
  };
}

export interface DeadlineQuery {
  filters: Required<DeadlineFilters>;
  paging: { page: number; size: number };
  problems: QueryProblem[];
}

/** The deadline view's query: standing, kind, implementer, unit, person responsible and page. */
export function deadlineQuery(params: URLSearchParams, choices: FilterChoices & { responsibleIds: ReadonlySet<number> }, mode: Mode): DeadlineQuery {
  const r = reader(params);
  // The page opens on the open deadlines (what still needs doing); "all" asks for every standing.
  // The API lists every standing unless told otherwise.
  const chosen = r.choice("bucket", [...DEADLINE_FILTER_BUCKETS, "all"] as const);
  const bucket = chosen === "all" ? null : (chosen ?? (mode === "page" ? "open" : null));
  const kind = r.choice("kind", OBLIGATION_KINDS);
  const unitId = r.organisation("unit", choices.unitIds, "api.error.unitUnknown");
  const organisationId = r.organisation("org", choices.implementerIds, "api.error.implementerUnknown");
  const responsibleUserId = r.organisation("responsible", choices.responsibleIds, "api.error.responsibleUnknown");
  const paging = r.paging(mode);
  return { filters: { bucket, kind, unitId, organisationId, responsibleUserId }, paging, problems: asMode(r.problems, mode) };
}
