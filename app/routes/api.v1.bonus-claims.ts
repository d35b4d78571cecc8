/**
 * GET /api/v1/bonus-claims[?status=&year=&page=&limit=]: the employment bonus claims the caller
 * may read (bonus:read: an association's representative its own organisation's, a manager or an
 * admin every claim; a committee member gets 403), a page at a time (50 by default, at most 200)
 * with the count and sum of each list over every page. `status` is a list of the claims page
 * (review, waiting, info_requested, approved, paid, rejected, withdrawn, or all, the default);
 * the review queue runs oldest payable first, the other lists newest first. With `year`, the
 * year's figures (budget, approved, paid, by month and by association, pending, the estimate of
 * avoided costs) for those who may see them (bonus:summary; null for others). A bad parameter,
 * or a page beyond the last, is a 400 naming the parameter. Money in integer cents. See docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { CLAIM_FILTERS, bonusYearSummary, listClaims, type ClaimFilter, type ClaimRow } from "~/models/bonus.server";
import { can } from "~/domain/permissions";
import { todayInHelsinki } from "~/utils/clock.server";
import { assertPageExists, throwFirstProblem, withQueryErrors } from "~/utils/api.server";
import { apiPaging, type QueryProblem } from "~/utils/portfolio-query.server";

const cut = (s: string) => s.slice(0, 40);

/** `status` (a list of the claims page, `all` unless given) and `year` (four digits, or none), strictly. */
function claimQuery(params: URLSearchParams): { filter: ClaimFilter; year: number | null; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const rawStatus = (params.get("status") ?? "").trim();
  let filter: ClaimFilter = "all";
  if ((CLAIM_FILTERS as readonly string[]).includes(rawStatus)) filter = rawStatus as ClaimFilter;
  else if (rawStatus !== "")
    problems.push({ parameter: "status", key: "api.error.choice", params: { parameter: "status", value: cut(rawStatus), allowed: CLAIM_FILTERS.join(", ") } });
  const rawYear = (params.get("year") ?? "").trim();
  let year: number | null = null;
  if (/^\d{4}$/.test(rawYear)) year = Number(rawYear);
  else if (rawYear !== "") problems.push({ parameter: "year", key: "api.error.year", params: { parameter: "year", value: cut(rawYear) } });
  return { filter, year, problems };
}

function claimJson(c: ClaimRow) {
  return {
    id: c.id,
    organisation: { id: c.organisationId, name: c.organisationName },
    project: c.projectId === null ? null : { id: c.projectId, name: c.projectName ?? "" },
    reference: c.reference,
    kind: c.kind,
    startDate: c.startDate,
    employmentCondition: c.employmentCondition,
    studySupport: c.studySupport,
    payableOn: c.payableOn,
    amountCents: c.amountCents,
    status: c.status,
    stage: c.stage,
    filedOn: c.filedOn,
    approvedOn: c.approvedOn,
    rejectedOn: c.rejectedOn,
    rejectReason: c.rejectReason,
    paidOn: c.paidOn,
  };
}

function summaryJson(s: Awaited<ReturnType<typeof bonusYearSummary>>) {
  return {
    year: s.settings.year,
    budgetCents: s.settings.budgetCents,
    monthlySavingCents: s.settings.monthlySavingCents,
    ...s.totals,
    remainingCents: s.remainingCents,
    months: s.months,
    organisationCount: s.organisationPage.total,
    organisations: s.organisations.map((o) => ({
      id: o.organisationId,
      name: o.name,
      approvedCount: o.approvedCount,
      approvedCents: o.approvedCents,
      paidCount: o.paidCount,
      paidCents: o.paidCents,
    })),
    pending: s.pending,
    estimate: s.estimate === null ? null : { amountCents: s.estimate.cents, approvedCount: s.estimate.count, monthlySavingCents: s.estimate.monthlyCents },
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  return withQueryErrors(request, async () => {
    const url = new URL(request.url);
    const query = claimQuery(url.searchParams);
    const { paging, problems } = apiPaging(url.searchParams);
    throwFirstProblem([...query.problems, ...problems]);
    const db = getDb();
    const today = todayInHelsinki();
    const { claims, counts, page } = await listClaims(db, viewer, { filter: query.filter, organisationId: null, page: paging.page, size: paging.size }, today);
    assertPageExists(paging.page, page);
    const summary = query.year !== null && can(viewer, "bonus:summary") ? summaryJson(await bonusYearSummary(db, query.year)) : null;
    const link = (n: number) => {
      const next = new URLSearchParams(url.searchParams);
      next.set("page", String(n));
      return `/api/v1/bonus-claims?${next.toString()}`;
    };
    return json({
      today,
      filters: { status: query.filter, year: query.year },
      page: page.page,
      limit: page.size,
      pageCount: page.pageCount,
      count: page.total,
      counts: Object.fromEntries(CLAIM_FILTERS.map((f) => [f, { count: counts[f].count, amountCents: counts[f].cents }])) as Record<
        ClaimFilter,
        { count: number; amountCents: number }
      >,
      next: page.page < page.pageCount ? link(page.page + 1) : null,
      previous: page.page > 1 ? link(page.page - 1) : null,
      claims: claims.map(claimJson),
      summary,
    });
  });
}
