/**
 * The JSON API's HTTP side: errors as `{ error, message, parameter? }` in the request's
 * language (404 not_found, 400 bad_request with the parameter's name), query parameters
 * checked, and the project page's data (with its plan versions and change requests) shaped as
 * the API's project document. Documented in docs/api.md.
 */
import { json } from "@remix-run/node";
import { translator, type Lang, type MessageKey } from "~/i18n";
import type { Params } from "~/i18n/format";
import { warningText } from "~/i18n/warnings.server";
import { getLang } from "~/utils/i18n.server";
import type { ProjectDetail } from "~/models/project.server";
import { versionFacts, type PlanVersionSummary } from "~/models/plan.server";
import type { ChangeRequestView } from "~/models/change-request.server";
import { DECIDED_BY } from "~/domain/change-request";
import type { YearRangeProblem } from "~/domain/year-range";
import type { Page } from "~/domain/paging";
import { yearRangeProblem } from "./portfolio-query.server";

/** A bad query parameter: answered with 400 and a message naming it. */
export class QueryParamError extends Error {
  constructor(
    readonly parameter: string,
    readonly key: MessageKey,
    readonly params: Params,
  ) {
    super(`bad query parameter ${parameter}`);
  }
}

export function apiError(lang: Lang, status: 400 | 404, key: MessageKey, params?: Params, parameter?: string): Response {
  const body = { error: status === 404 ? "not_found" : "bad_request", message: translator(lang)(key, params), ...(parameter ? { parameter } : {}) };
  return json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** Runs a loader body; a QueryParamError becomes a 400 in the request's language. */
export async function withQueryErrors(request: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof QueryParamError) return apiError(await getLang(request), 400, e.key, e.params, e.parameter);
    throw e;
  }
}

/** The first of a query's problems as a 400 (nothing when there is none). */
export function throwFirstProblem(problems: readonly { parameter: string; key: MessageKey; params: Params }[]): void {
  const p = problems[0];
  if (p) throw new QueryParamError(p.parameter, p.key, p.params);
}

/** A page asked for beyond the last one is a 400 in the API (the page itself moves to the nearest). */
export function assertPageExists(requested: number, page: Page): void {
  if (page.page !== requested)
    throw new QueryParamError("page", "api.error.pageBeyond", { page: requested, pageCount: page.pageCount, total: page.total, size: page.size });
}

/** A year range problem (app/domain/year-range) as a 400 naming the parameter. */
export function yearRangeError(p: YearRangeProblem): QueryParamError {
  const q = yearRangeProblem(p);
  return new QueryParamError(q.parameter, q.key, q.params);
}

/** A warning with its message in both languages. */
export function warningJson(w: ProjectDetail["warnings"][number]) {
  return { code: w.code, params: w.params, message: { fi: warningText(w, "fi"), en: warningText(w, "en") } };
}

/** Share of a part in a whole in basis points, rounded half up, exactly (null when the whole is zero). */
function shareBp(part: number, whole: number): number | null {
  if (whole === 0) return null;
  const n = BigInt(part) * 10_000n;
  const q = n / BigInt(whole);
  return Number((n % BigInt(whole)) * 2n >= BigInt(whole) ? q + 1n : q);
}

/**
 * A change request as the API shows it: who asked whom and when, what and why, its state and
 * decision, the plan versions it concerns (by number), and — when the viewer may see the
 * request — the field-by-field difference and the effect per year (the project's commitments
 * before and after; the city's totals only for those who may see city-wide figures).
 */
export function changeRequestJson(v: ChangeRequestView) {
  const r = v.request;
  const e = v.effect;
  return {
    id: r.id,
    direction: r.direction,
    decidedBy: DECIDED_BY[r.direction],
    requestedBy: r.requestedByOrganisationId === null ? null : { id: r.requestedByOrganisationId, name: r.requestedBy ?? "" },
    receivedOn: r.receivedOn,
    kinds: r.kinds,
    reason: r.reason,
    state: r.state,
    outcome: r.outcome,
    conditionText: r.conditionText,
    conditionState: r.conditionState,
    conditionSettledOn: r.conditionSettledOn,
    decisionBody: r.decisionBody,
    decisionDate: r.decisionDate,
    decisionSection: r.decisionSection,
    baseVersionNumber: r.baseVersionNumber,
    proposedVersionNumber: r.proposedVersionNumber,
    proposed: { name: r.proposedName, shortName: r.proposedShortName, targetGroup: r.proposedTargetGroup },
    stale: v.stale,
    diff: v.diff,
    effect: {
      commitments: e.commitments,
      commitmentTotals: e.commitmentTotals,
      city: e.city,
      cityTotals: e.cityTotals,
      plan: e.plan,
      planTotals: e.planTotals,
    },
  };
}

/**
 * GET /api/v1/projects/:id's document, from the project page's data, every plan version's key
 * figures and the change requests the viewer may see (oldest first).
 */
export function projectJson(d: ProjectDetail, more: { versions: readonly PlanVersionSummary[]; changeRequests: readonly ChangeRequestView[] }) {
  const madeBy = new Map(more.changeRequests.map((r) => [r.proposed.version.id, r.request.id]));
  const p = d.project;
  const v = d.plan.version;
  const org = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? "" });
  const yearsOf = (lineId: number) => d.planByYear.lineYears[String(lineId)] ?? [];
  return {
    id: p.id,
    name: p.name,
    shortName: p.short_name,
    caseNumber: p.case_number,
    status: p.status,
    lead: org(p.lead_organisation_id, p.lead_name),
    funder: org(p.funder_organisation_id, p.funder_name),
    programme: p.programme,
    specificObjective: p.specific_objective,
    targetGroup: p.target_group,
    description: p.description,
    euShareBp: p.eu_share_bp,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    plan: {
      versionId: v.id,
      ...(({ createdAt: _createdAt, ...facts }) => facts)(versionFacts(v)),
      costLines: d.plan.lines
        .filter((l) => l.side === "cost")
        .map((l) => ({
          id: l.id,
          kind: l.kind,
          organisation: org(l.organisationId, l.organisationName),
          label: l.label,
          amountCents: l.amountCents,
          staffHoursCenti: l.staffHoursCenti,
          hourlyRateCents: l.hourlyRateCents,
          yearsEntered: l.entered.length > 0,
          years: yearsOf(l.id),
        })),
      financingLines: d.plan.lines
        .filter((l) => l.side === "financing")
        .map((l) => ({
          id: l.id,
          kind: l.kind,
          organisation: org(l.organisationId, l.organisationName),
          label: l.label,
          amountCents: l.amountCents,
          statedPercentBp: l.statedPercentBp,
          shareBp: shareBp(l.amountCents, v.total_budget_cents),
          yearsEntered: l.entered.length > 0,
          years: yearsOf(l.id),
        })),
      implementers: d.plan.implementers.map((i) => ({
        organisation: { id: i.organisationId, name: i.organisationName },
        role: i.role,
        budgetCents: i.budgetCents,
      })),
      totals: d.planByYear.total,
      publicFunding: d.publicFunding,
    },
    commitments: d.commitments.map((c) => ({
      id: c.id,
      organisation: { id: c.organisationId, name: c.organisationName },
      amountCents: c.amountCents,
      conditionStatus: c.conditionStatus,
      conditionText: c.conditionText,
      annualBudgetReservation: c.annualBudgetReservation,
      decisionBody: c.decisionBody,
      decisionDate: c.decisionDate,
      decisionSection: c.decisionSection,
      note: c.note,
      yearsEntered: c.entered.length > 0,
      years: c.years,
    })),
    commitmentsByYear: d.commitmentsByYear,
    planByYear: d.planByYear.years,
    versions: more.versions.map((x) => ({
      ...x,
      /** The change request whose proposal this version is (null: the first plan or a direct save). */
      changeRequestId: madeBy.get(x.id) ?? null,
    })),
    changeRequests: more.changeRequests.map(changeRequestJson),
    warnings: d.warnings.map(warningJson),
  };
}
