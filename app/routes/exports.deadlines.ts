/**
 * GET /exports/deadlines?format=xlsx|csv&bucket=&kind=&org=&unit=&responsible=: the deadline view
 * as filtered on its page (open ones unless a standing or "all" is named; a bad value is left out
 * as on the page), every row of it. Streamed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { responsiblePeople } from "~/models/deadline.server";
import { deadlineQuery } from "~/utils/portfolio-query.server";
import { todayInHelsinki } from "~/utils/clock.server";
import { deadlinesTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const db = getDb();
  const choices = await portfolioFilterChoices(db);
  const people = await responsiblePeople(db);
  const { filters } = deadlineQuery(new URL(request.url).searchParams, { ...choices.ids, responsibleIds: new Set(people.map((p) => p.id)) }, "page");
  const today = todayInHelsinki();
  return spreadsheetResponse(request, deadlinesTable(db, viewer, filters, t, today), format, "maaraajat", today);
}
