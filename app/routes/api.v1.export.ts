/**
 * GET /api/v1/export: the whole ledger as one JSON document (format "hankevahti-ledger",
 * version 1; see docs/import-format.md), the shape `npm run import` reads back.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { exportLedger } from "~/models/ledger-io.server";
import { todayInHelsinki } from "~/utils/clock.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "export:read");
  const doc = await exportLedger(getDb());
  return json(doc, {
    headers: { "Content-Disposition": `attachment; filename="hankevahti-${todayInHelsinki()}.json"`, "Cache-Control": "no-store" },
  });
}
