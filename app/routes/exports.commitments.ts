/**
 * GET /exports/commitments?format=xlsx|csv&from=&to=: the city's commitments by year as on the
 * commitments page (its year range; a bad year is left out as on the page): every project's rows,
 * then each unit's and the city's. For those who see the city-wide figures. Streamed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { parseYearRange } from "~/domain/year-range";
import { commitmentsTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:aggregate");
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const p = new URL(request.url).searchParams;
  const range = parseYearRange((p.get("from") ?? "").slice(0, 40), (p.get("to") ?? "").slice(0, 40));
  const table = await commitmentsTable(getDb(), viewer, { from: range.from, to: range.to }, t);
  return spreadsheetResponse(request, table, format, "kaupungin-sitoumukset");
}
