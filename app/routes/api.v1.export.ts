/**
 * GET /api/v1/export: the whole ledger as one JSON document (format "hankevahti-ledger",
 * version 1; see docs/import-format.md), the shape `npm run import` reads back. Streamed a step
 * of projects at a time (app/models/ledger-export.server.ts), so the server's memory does not grow
 * with the ledger; an error in the middle ends the document early (docs/api.md).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { exportLedgerStream } from "~/models/ledger-export.server";
import { todayInHelsinki } from "~/utils/clock.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "export:read");
  return new Response(exportLedgerStream(getDb()), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="hankevahti-${todayInHelsinki()}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
