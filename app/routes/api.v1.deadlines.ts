/**
 * GET /api/v1/deadlines[?bucket=&kind=&unit=&org=&responsible=&page=&limit=]: the reporting and
 * payment-application deadlines of the projects the caller may see, by due date (the deadline
 * view's list, app/routes/deadlines._index.tsx), one page at a time (50 by default, at most
 * 200), with the count in each standing over every page. `bucket` is a standing (upcoming,
 * dueSoon, overdue, submitted, accepted, returned) or `open` (the first three). A bad
 * parameter, or a page beyond the last, is a 400 naming the parameter. See docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { listDeadlines, responsiblePeople } from "~/models/deadline.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { deadlineQuery } from "~/utils/portfolio-query.server";
import { bucketOf } from "~/domain/obligations";
import { todayInHelsinki } from "~/utils/clock.server";
import { assertPageExists, throwFirstProblem, withQueryErrors } from "~/utils/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  return withQueryErrors(request, async () => {
    const url = new URL(request.url);
    const db = getDb();
    const choices = await portfolioFilterChoices(db);
    const people = await responsiblePeople(db);
    const { filters, paging, problems } = deadlineQuery(url.searchParams, { ...choices.ids, responsibleIds: new Set(people.map((p) => p.id)) }, "api");
    throwFirstProblem(problems);
    const today = todayInHelsinki();
    const { rows, counts, page } = await listDeadlines(db, viewer, filters, paging, today);
    assertPageExists(paging.page, page);
    const link = (n: number) => {
      const next = new URLSearchParams(url.searchParams);
      next.set("page", String(n));
      return `/api/v1/deadlines?${next.toString()}`;
    };
    return json({
      today,
      filters: {
        bucket: filters.bucket,
        kind: filters.kind,
        unit: filters.unitId,
        org: filters.organisationId,
        responsible: filters.responsibleUserId,
      },
      page: page.page,
      limit: page.size,
      pageCount: page.pageCount,
      count: page.total,
      counts,
      next: page.page < page.pageCount ? link(page.page + 1) : null,
      previous: page.page > 1 ? link(page.page - 1) : null,
      deadlines: rows.map((r) => ({
        id: r.id,
        project: { id: r.projectId, shortName: r.shortName, name: r.projectName, caseNumber: r.caseNumber, url: `/api/v1/projects/${r.projectId}` },
        kind: r.kind,
        title: r.title,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        dueDate: r.dueDate,
        status: r.status,
        standing: bucketOf(r.status, r.dueDate, today),
        submittedOn: r.submittedOn,
        responsibleName: r.responsibleName,
      })),
    });
  });
}
