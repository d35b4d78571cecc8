/**
 * Attachments of reports (PDF, DOCX, XLSX): a row per attachment in `report_attachment` (and of
 * bonus claims in `bonus_claim_attachment`, app/models/bonus.server.ts), the
 * file itself outside the database, under ATTACHMENT_DIR as `<sha256>` (identical content is
 * stored once, whichever reports it is attached to). The type is sniffed from the bytes
 * (app/domain/attachment.ts); the browser's name and type are not trusted.
 *
 * Files are written to a temporary file and renamed into place, and read back only when their
 * checksum still matches. Writing a file and inserting its row, and deleting a row and removing
 * its file once nothing else refers to it, each happen inside a database transaction: the app's
 * one SQLite connection runs one transaction at a time, so an upload of the same content cannot
 * slip between a delete's "no other row" and its removal of the file.
 *
 * Attachments can be added and deleted while the report can be edited (a draft, or returned for
 * fixing), by those who may write reports, on reports they may see.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { DB, Tx } from "../../db/connection";
import type { Viewer } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { isEditable } from "~/domain/report";
import { nowIso } from "~/domain/days";
import { safeFileName, sniffAttachment, type AttachmentContentType, type SniffError } from "~/domain/attachment";
import { getEnv } from "~/utils/env.server";
import { audited, type Actor } from "./audit.server";
import { InputError } from "./errors.server";
import { canWriteReports, getReport } from "./report.server";

export interface Attachment {
  id: number;
  fileName: string;
  contentType: AttachmentContentType;
  sizeBytes: number;
  createdAt: string;
}

export interface StoredAttachment extends Attachment {
  reportId: number;
  sha256: string;
}

/** The message of each refusal of the sniffer, at the field `file`. */
export const SNIFF_ERROR_KEYS: Record<SniffError, MessageKey> = {
  empty: "attachment.error.empty",
  tooLarge: "attachment.error.tooLarge",
  executable: "attachment.error.executable",
  macro: "attachment.error.macro",
  unsupported: "attachment.error.unsupported",
};

declare global {
  var __hankevahtiAttachmentDir: string | undefined;
}

/** The folder of the files: ATTACHMENT_DIR (default `attachments` beside the database file). */
export function attachmentDir(): string {
  return globalThis.__hankevahtiAttachmentDir ?? getEnv().ATTACHMENT_DIR;
}

/** Tests point the store at their own folder. */
export function setAttachmentDirForTests(dir: string | undefined): void {
  globalThis.__hankevahtiAttachmentDir = dir;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Where the file of a checksum is (the checksum is checked first: it becomes a path). */
export function attachmentPath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 checksum: ${JSON.stringify(sha256)}`);
  return path.join(attachmentDir(), sha256);
}

export const sha256Of = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

/** A stored file whose bytes no longer match its checksum (or that is missing): never served. */
export class AttachmentFileError extends Error {
  constructor(
    readonly sha256: string,
    reason: string,
  ) {
    super(`attachment file ${sha256}: ${reason}`);
    this.name = "AttachmentFileError";
  }
}

/** Whether the file of the checksum is there with the right bytes. */
async function storedIntact(sha256: string): Promise<boolean> {
  try {
    return sha256Of(await fs.readFile(attachmentPath(sha256))) === sha256;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** Stores the bytes under their checksum (once: an intact copy is kept; a damaged one is replaced). */
export async function storeFile(sha256: string, bytes: Uint8Array): Promise<void> {
  if (await storedIntact(sha256)) return;
  const dir = attachmentDir();
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.tmp-${sha256}-${crypto.randomUUID()}`);
  try {
    const handle = await fs.open(tmp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, attachmentPath(sha256));
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback, and the real name percent-encoded (RFC 5987/6266). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7E]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The file's bytes, after checking them against the checksum; AttachmentFileError when they differ or the file is gone. */
export async function readAttachmentFile(sha256: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(attachmentPath(sha256));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new AttachmentFileError(sha256, "missing");
    throw e;
  }
  if (sha256Of(bytes) !== sha256) throw new AttachmentFileError(sha256, "checksum mismatch");
  return bytes;
}

/** How many attachments (of reports and of bonus claims) have this content. */
/**
 * The download of a stored attachment: always as a download (Content-Disposition: attachment, the
 * name in RFC 5987 form), with the type sniffed at upload, `nosniff`, never cached. The file is
 * checked against its checksum first; a damaged or missing file is a 500 (logged), not served.
 */
export async function serveAttachment(a: { sha256: string; contentType: string; fileName: string }, what: string): Promise<Response> {
  let bytes: Buffer;
  try {
    bytes = await readAttachmentFile(a.sha256);
  } catch (e) {
    if (!(e instanceof AttachmentFileError)) throw e;
    console.error(`${what}: ${e.message}`);
    throw new Response("The attachment's file is damaged or missing.", { status: 500, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": a.contentType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": contentDisposition(a.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

async function referenceCount(db: Tx, sha256: string): Promise<number> {
  const count = async (table: "report_attachment" | "bonus_claim_attachment") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("sha256", "=", sha256)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return (await count("report_attachment")) + (await count("bonus_claim_attachment"));
}

/** Removes the file of a checksum when no attachment refers to it any more (inside a transaction of its own; see above). */
export async function removeFileIfUnused(db: DB, sha256: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if ((await referenceCount(tx, sha256)) === 0) await fs.rm(attachmentPath(sha256), { force: true });
  });
}

/**
 * The report, if the viewer may see it (else null: 404); refused (InputError at `file`) when it
 * can no longer be edited. Throws when the viewer may not write reports at all (the route
 * answers that with 403 before calling).
 */
async function editableReport(tx: Tx, viewer: Viewer, reportId: number, lockedKey: MessageKey) {
  const report = await getReport(tx, viewer, reportId);
  if (!report) return null;
  if (!canWriteReports(viewer)) throw new Error("this viewer may not write reports");
  if (!isEditable(report.status)) throw new InputError({ file: { key: lockedKey } });
  return report;
}

/**
 * Attaches a file to a report. Returns the new attachment's id and stored name, or null when the viewer may not
 * see the report. Refused with an InputError at `file`: a report that can no longer be edited,
 * or a file that is empty, too large, a program, has macros or is not a PDF, DOCX or XLSX.
 */
export async function addAttachment(
  db: DB,
  actor: Actor,
  viewer: Viewer,
  reportId: number,
  input: { fileName: string; bytes: Uint8Array },
): Promise<{ id: number; fileName: string } | null> {
  // Cheap checks first, outside the transaction: nothing is hashed or written for a refusal.
  const before = await getReport(db, viewer, reportId);
  if (!before) return null;
  if (!canWriteReports(viewer)) throw new Error("this viewer may not write reports");
  if (!isEditable(before.status)) throw new InputError({ file: { key: "attachment.error.locked" } });
  const sniffed = sniffAttachment(input.bytes, input.fileName);
  if (!sniffed.ok) throw new InputError({ file: { key: SNIFF_ERROR_KEYS[sniffed.error] } });
  const sha256 = sha256Of(input.bytes);
  const fileName = safeFileName(input.fileName, sniffed.extension);
  return audited(db, actor, async (tx) => {
    // Again inside the transaction: the report may have been submitted meanwhile.
    if (!(await editableReport(tx, viewer, reportId, "attachment.error.locked"))) return null;
    await storeFile(sha256, input.bytes);
    const { id } = await tx
      .insertInto("report_attachment")
      .values({
        report_id: reportId,
        file_name: fileName,
        content_type: sniffed.contentType,
        size_bytes: input.bytes.length,
        sha256,
        created_by: actor.userId,
        created_at: nowIso(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id, fileName };
  });
}

function toAttachment(r: {
  id: number;
  report_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
}): StoredAttachment {
  return {
    id: r.id,
    reportId: r.report_id,
    fileName: r.file_name,
    contentType: r.content_type as AttachmentContentType,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    createdAt: r.created_at,
  };
}

/** The report's attachments, oldest first (the caller has checked that the viewer may see the report). */
export async function listAttachments(db: Tx, reportId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom("report_attachment")
    .select(["id", "file_name", "content_type", "size_bytes", "created_at"])
    .where("report_id", "=", reportId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    contentType: r.content_type as AttachmentContentType,
    sizeBytes: r.size_bytes,
    createdAt: r.created_at,
  }));
}

/** One attachment of the report, if the viewer may see the report and the attachment is that report's (else undefined). */
export async function getAttachment(db: Tx, viewer: Viewer, reportId: number, attachmentId: number): Promise<StoredAttachment | undefined> {
  if (!(await getReport(db, viewer, reportId))) return undefined;
  const row = await db.selectFrom("report_attachment").selectAll().where("id", "=", attachmentId).where("report_id", "=", reportId).executeTakeFirst();
  return row ? toAttachment(row) : undefined;
}

/**
 * Deletes an attachment of a report that can still be edited, and its file when no other
 * attachment has the same content. Returns the deleted attachment's name, or null when the
 * viewer may not see the report or the attachment is not that report's (404). Refused with an
 * InputError at `file` when the report can no longer be edited.
 */
export async function deleteAttachment(db: DB, actor: Actor, viewer: Viewer, reportId: number, attachmentId: number): Promise<{ fileName: string } | null> {
  const deleted = await audited(db, actor, async (tx) => {
    if (!(await editableReport(tx, viewer, reportId, "attachment.error.lockedDelete"))) return null;
    const row = await tx.selectFrom("report_attachment").selectAll().where("id", "=", attachmentId).where("report_id", "=", reportId).executeTakeFirst();
    if (!row) return null;
    await tx.deleteFrom("report_attachment").where("id", "=", attachmentId).execute();
    return { fileName: row.file_name, sha256: row.sha256 };
  });
  if (!deleted) return null;
  // After the commit, in a transaction of its own: no upload of the same content can run between
  // the count and the removal (see above), and a delete that rolled back removed nothing.
  await removeFileIfUnused(db, deleted.sha256);
  return { fileName: deleted.fileName };
}
