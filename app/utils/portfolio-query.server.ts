/**
 * The portfolio's query string, read one way for the page and the API: filters (status, unit,
 * funder, org, year, q), sorting (sort, dir) and paging (page, limit). Each bad value is a problem
 * naming its parameter; the page shows it beside the field and ignores the value, the API
 * answers 400 (app/utils/api.server.ts).
 */
import type { MessageKey } from "~/i18n";
import type { Params } from "~/i18n/format";
import { lenientPage, parsePaging, DEFAULT_PAGE_SIZE } from "~/domain/paging";
import { PROJECT_STATUSES, type ProjectStatus } from "~/domain/vocabulary";
import { PORTFOLIO_SORTS, type PortfolioFilters, type PortfolioSort } from "~/models/portfolio.server";

export interface QueryProblem {
  parameter: string;
  key: MessageKey;
  params: Params;
}

export interface PortfolioQuery {
  filters: Required<PortfolioFilters>;
  paging: { page: number; size: number };
  problems: QueryProblem[];
}

/** What the filters may name: the ids of the city and its units, and of the projects' funders. */
export interface FilterChoices {
  unitIds: ReadonlySet<number>;
  funderIds: ReadonlySet<number>;
  implementerIds: ReadonlySet<number>;
}

const cut = (s: string) => s.slice(0, 40);

export function portfolioQuery(params: URLSearchParams, choices: FilterChoices, mode: "page" | "api"): PortfolioQuery {
  const problems: QueryProblem[] = [];
  const text = (name: string) => (params.get(name) ?? "").trim();

  function choice<T extends string>(name: string, allowed: readonly T[], fallback: T | null): T | null {
    const raw = text(name);
    if (raw === "") return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push({ parameter: name, key: "api.error.choice", params: { parameter: name, value: cut(raw), allowed: allowed.join(", ") } });
    return fallback;
  }
  function organisation(name: string, allowed: ReadonlySet<number>, unknownKey: MessageKey): number | null {
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
  }

  const status = choice<ProjectStatus>("status", PROJECT_STATUSES, null);
  const unitId = organisation("unit", choices.unitIds, "api.error.unitUnknown");
  const funderId = organisation("funder", choices.funderIds, "api.error.funderUnknown");
  const organisationId = organisation("org", choices.implementerIds, "api.error.implementerUnknown");
  let year: number | null = null;
  const rawYear = text("year");
  if (rawYear !== "") {
    if (/^\d{4}$/.test(rawYear)) year = Number(rawYear);
    else problems.push({ parameter: "year", key: "api.error.year", params: { parameter: "year", value: cut(rawYear) } });
  }
  const q = text("q").slice(0, 100);
  const sort = choice<PortfolioSort>("sort", PORTFOLIO_SORTS, "name") ?? "name";
  const dir = choice("dir", ["asc", "desc"] as const, "asc") ?? "asc";

  let paging: { page: number; size: number };
  if (mode === "page") {
    paging = { page: lenientPage(params.get("page")), size: DEFAULT_PAGE_SIZE };
  } else {
    const p = apiPaging(params);
    problems.push(...p.problems);
    paging = p.paging;
  }
  // On a page the problem is said beside the field in the page's own words: the value is ignored.
  const said =
    mode === "page" ? problems.map((p) => ({ ...p, key: "list.error.ignored" as const, params: { value: String(p.params.value ?? "") } })) : problems;
  return { filters: { status, unitId, funderId, organisationId, year, q, sort, dir }, paging, problems: said };
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
