/**
 * GET /exports/portfolio?format=xlsx|csv&…: the portfolio as filtered on its page (the same query
 * parameters: status, unit, funder, org, year, q, pace, sort, dir; a bad value is left out as on
 * the page), every row of it rather than a page, with the totals. Streamed (docs/spreadsheets.md).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { portfolioFilterChoices } from "~/models/organisation.server";
import { portfolioQuery } from "~/utils/portfolio-query.server";
import { portfolioTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const db = getDb();
  const { filters } = portfolioQuery(new URL(request.url).searchParams, (await portfolioFilterChoices(db)).ids, "page");
  return spreadsheetResponse(request, await portfolioTable(db, viewer, filters, t), format, "hankesalkku");
}
