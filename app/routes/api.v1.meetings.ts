/**
 * GET /api/v1/meetings[?page=&limit=]: the committee's meetings, newest first (by day, then id),
 * a page at a time (50 by default, at most 200) with the total over every page and links to the
 * next and previous page; each with the number of its items the caller may see. Admin, manager
 * and committee (portfolio:aggregate): an association's representative gets 403. A bad page or
 * limit, or a page beyond the last, is a 400 naming the parameter. See docs/api.md.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { meetingListJson } from "~/models/meeting-document.server";
import { assertPageExists, throwFirstProblem, withQueryErrors } from "~/utils/api.server";
import { apiPaging } from "~/utils/portfolio-query.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  return withQueryErrors(request, async () => {
    const url = new URL(request.url);
    const { paging, problems } = apiPaging(url.searchParams);
    throwFirstProblem(problems);
    const { page, meetings } = await meetingListJson(getDb(), viewer, paging);
    assertPageExists(paging.page, page);
    const link = (n: number) => {
      const next = new URLSearchParams(url.searchParams);
      next.set("page", String(n));
      return `/api/v1/meetings?${next.toString()}`;
    };
    return json({
      page: page.page,
      limit: page.size,
      pageCount: page.pageCount,
      total: page.total,
      next: page.page < page.pageCount ? link(page.page + 1) : null,
      previous: page.page > 1 ? link(page.page - 1) : null,
      meetings,
    });
  });
}
