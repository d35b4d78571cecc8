/**
 * GET /exports/bonus-claims?format=xlsx|csv&show=&organisation=: employment bonus claims as on
 * their list (the same list, by default what the list opens on; an association's own claims
 * only, whatever it names), every row of it, with the count and the sum. Streamed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { todayInHelsinki } from "~/domain/clock";
import { CLAIM_FILTERS, type ClaimFilter } from "~/domain/bonus";
import { bonusClaimsTable, requestedFormat, spreadsheetResponse } from "~/models/spreadsheet-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  const t = await getTranslator(request);
  const format = requestedFormat(request, t);
  const url = new URL(request.url);
  // Read exactly as the list page reads them.
  const own = viewer.role === "association";
  const rawFilter = url.searchParams.get("show") ?? "";
  const filter: ClaimFilter = (CLAIM_FILTERS as readonly string[]).includes(rawFilter) ? (rawFilter as ClaimFilter) : own ? "all" : "review";
  const rawOrg = url.searchParams.get("organisation") ?? "";
  const organisationId = !own && /^\d{1,12}$/.test(rawOrg) ? Number(rawOrg) : null;
  const today = todayInHelsinki();
  return spreadsheetResponse(request, bonusClaimsTable(getDb(), viewer, { filter, organisationId }, t, today), format, "tyollisyysbonukset", today);
}
