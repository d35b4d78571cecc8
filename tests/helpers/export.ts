/** The export as a client gets it: the streamed body read to its end and parsed. */
import type { DB } from "../../db/connection";
import { exportLedgerStream, type ExportOptions } from "~/models/ledger-export.server";
import type { LedgerFile } from "~/schemas/ledger-file";

export async function exportText(db: DB, options: ExportOptions = {}): Promise<string> {
  return new Response(exportLedgerStream(db, options)).text();
}

export async function exportedDocument(db: DB, options: ExportOptions = {}): Promise<LedgerFile> {
  return JSON.parse(await exportText(db, options)) as LedgerFile;
}
