/**
 * Attachments of reports through the real routes and a real SQLite file: uploaded as a browser
 * posts a file (multipart/form-data), stored under their SHA-256 outside the database, listed,
 * downloaded with safe headers; refused with the message at the file field and nothing saved
 * (empty, too large, a program, macros); hidden from other organisations; read-only for the
 * committee; frozen once the report is submitted. And the server's body limit: larger for the
 * upload path only.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { RequestHandler } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, viewerOf, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { docx, exe, pdf, xlsx } from "../helpers/office-files";
import { action as pageAction, loader as pageLoader } from "~/routes/reports.$reportId.attachments";
import { action as fileAction, loader as fileLoader } from "~/routes/reports.$reportId.attachments.$attachmentId";
import { addAttachment, attachmentDir, listAttachments, setAttachmentDirForTests } from "~/models/attachment.server";
import { InputError } from "~/models/errors.server";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachment";
import { decodeError } from "~/schemas/field-errors";
import { createApp } from "../../scripts/app";
import { FORM_BODY_LIMIT } from "../../scripts/http-guards";

const ctx = useTestDatabase("demo");
const DIR = path.resolve("tests/.tmp", `attachments-${crypto.randomUUID()}`);

const SUMMIT = "KAJDno-2025-1294"; // led by Kajaanin Haka ry; not a draft (the committee sees it)
const PDF_TYPE = "application/pdf";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const headers = {} as Record<DemoAccount, Record<string, string>>;
let report: number;
let otherReport: number;

async function newReport(projectId: number, organisationId: number): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await ctx.db
    .insertInto("report")
    .values({ project_id: projectId, kind: "yearly", status: "draft", organisation_id: organisationId, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

beforeAll(async () => {
  setAttachmentDirForTests(DIR);
  for (const a of ["manager", "committee", "haka", "spr"] as const) headers[a] = await headersFor(ctx.db, a);
  const summit = await projectIdByCase(ctx.db, SUMMIT);
  const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
  report = await newReport(summit, haka);
  otherReport = await newReport(summit, haka);
});

afterAll(() => {
  setAttachmentDirForTests(undefined);
  fs.rmSync(DIR, { recursive: true, force: true });
});

/** Posts a file as a browser does (the browser's type is a lie on purpose: it is never used). */
async function upload(account: DemoAccount, file: { name: string; bytes: Uint8Array } | null, reportId = report): Promise<Response> {
  const body = new FormData();
  body.append("file", file ? new File([new Uint8Array(file.bytes)], file.name, { type: PDF_TYPE }) : new File([], "", { type: "application/octet-stream" }));
  const request = new Request(`http://localhost/reports/${reportId}/attachments`, { method: "POST", body, headers: headers[account] });
  try {
    return await pageAction({ request, params: { reportId: String(reportId) }, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const download = (account: DemoAccount, attachmentId: number, reportId = report) =>
  callLoader(
    fileLoader,
    `/reports/${reportId}/attachments/${attachmentId}`,
    { reportId: String(reportId), attachmentId: String(attachmentId) },
    { headers: headers[account] },
  );

const deleteOnPage = (account: DemoAccount, attachmentId: number, reportId = report) =>
  postForm(
    pageAction,
    `/reports/${reportId}/attachments`,
    { _intent: "delete", attachmentId: String(attachmentId) },
    { reportId: String(reportId) },
    headers[account],
  );

const deleteOnFile = (account: DemoAccount, attachmentId: number, reportId = report) =>
  postForm(
    fileAction,
    `/reports/${reportId}/attachments/${attachmentId}`,
    { _intent: "delete" },
    { reportId: String(reportId), attachmentId: String(attachmentId) },
    headers[account],
  );

async function fileError(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  const body = await jsonOf<{ errors: Record<string, string> }>(res);
  expect(Object.keys(body.errors)).toEqual(["file"]);
  return decodeError(body.errors.file!).key;
}

async function rows() {
  return ctx.db.selectFrom("report_attachment").selectAll().orderBy("id").execute();
}
const storedFiles = () => (fs.existsSync(DIR) ? fs.readdirSync(DIR).sort() : []);
const sha256 = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

async function uploadedId(res: Response, reportId = report): Promise<number> {
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe(`/reports/${reportId}#attachments`);
  expect(res.headers.get("Set-Cookie")).toContain("hv_flash");
  return (await rows()).at(-1)!.id;
}

describe("uploading and downloading", () => {
  const file = pdf("Vuosiraportin liite");
  let id: number;

  it("stores the association's PDF under its SHA-256 outside the database, and lists it", async () => {
    id = await uploadedId(await upload("haka", { name: "Väliraportti (luonnos).pdf", bytes: file }));
    const [row] = await rows();
    expect(row).toMatchObject({
      report_id: report,
      file_name: "Väliraportti (luonnos).pdf",
      content_type: PDF_TYPE,
      size_bytes: file.length,
      sha256: sha256(file),
    });
    expect(attachmentDir()).toBe(DIR);
    expect(storedFiles()).toEqual([sha256(file)]);
    expect(fs.readFileSync(path.join(DIR, sha256(file))).equals(file)).toBe(true);

    const page = await callLoader(pageLoader, `/reports/${report}/attachments`, { reportId: String(report) }, { headers: headers.haka });
    expect(page.status).toBe(200);
    const data = await jsonOf(page);
    expect(data.canWrite && data.editable).toBe(true);
    expect(data.attachments).toEqual([
      { id, fileName: "Väliraportti (luonnos).pdf", contentType: PDF_TYPE, sizeBytes: file.length, createdAt: expect.any(String) },
    ]);
    // Written through audited(): the project's history has it, by the uploader.
    const event = await ctx.db
      .selectFrom("audit_event")
      .selectAll()
      .where("entity", "=", "report_attachment")
      .where("entity_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe("insert");
    expect(event.user_id).toBe((await viewerOf(ctx.db, "haka")).userId);
  });

  it("downloads the same bytes, as a download, with the sniffed type, nosniff and no caching", async () => {
    const res = await download("haka", id);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    expect(res.headers.get("Content-Type")).toBe(PDF_TYPE);
    expect(res.headers.get("Content-Length")).toBe(String(file.length));
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="V_liraportti (luonnos).pdf"; filename*=UTF-8''V%C3%A4liraportti%20%28luonnos%29.pdf`,
    );
  });

  it("takes the type from the content: a DOCX named .pdf is kept as a DOCX under a .docx name", async () => {
    const bytes = docx();
    const docId = await uploadedId(await upload("haka", { name: "C:\\fakepath\\raportti.pdf", bytes }));
    const res = await download("haka", docId);
    expect(res.headers.get("Content-Type")).toBe(DOCX_TYPE);
    expect(res.headers.get("Content-Disposition")).toContain("filename*=UTF-8''raportti.docx");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("stores identical content once, and removes the file only with its last attachment", async () => {
    const again = await uploadedId(await upload("manager", { name: "sama.pdf", bytes: file }, otherReport), otherReport);
    expect(storedFiles().filter((f) => f === sha256(file))).toHaveLength(1);
    const del = await deleteOnFile("manager", again, otherReport);
    expect(del.status).toBe(302);
    expect(del.headers.get("Location")).toBe(`/reports/${otherReport}#attachments`);
    expect(storedFiles()).toContain(sha256(file)); // still the first report's attachment
    expect((await download("haka", id)).status).toBe(200);

    const temp = await uploadedId(await upload("haka", { name: "poistettava.xlsx", bytes: xlsx() }));
    expect(storedFiles()).toContain(sha256(xlsx()));
    const res = await deleteOnPage("haka", temp);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/reports/${report}#attachments`);
    expect(storedFiles()).not.toContain(sha256(xlsx()));
    expect((await listAttachments(ctx.db, report)).map((a) => a.id)).not.toContain(temp);
  });

  it("never serves a file whose bytes no longer match their checksum", async () => {
    const bytes = pdf("Vaurioituva");
    const damaged = await uploadedId(await upload("haka", { name: "vaurio.pdf", bytes }));
    fs.writeFileSync(path.join(DIR, sha256(bytes)), Buffer.concat([bytes, Buffer.from("x")]));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      const res = await download("haka", damaged);
      expect(res.status).toBe(500);
      expect(res.headers.get("Content-Disposition")).toBeNull();
      expect(await res.text()).not.toContain("Vaurioituva");
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    // Uploading the same content again repairs the stored copy.
    await uploadedId(await upload("haka", { name: "vaurio.pdf", bytes }));
    expect((await download("haka", damaged)).status).toBe(200);
  });
});

describe("refused files: 400 with the message at the file field, nothing saved", () => {
  const cases: [string, () => { name: string; bytes: Uint8Array } | null, string][] = [
    ["no file chosen", () => null, "attachment.error.missing"],
    ["an empty file", () => ({ name: "tyhja.pdf", bytes: new Uint8Array(0) }), "attachment.error.empty"],
    ["an EXE renamed .pdf", () => ({ name: "lasku.pdf", bytes: exe() }), "attachment.error.executable"],
    ["a macro workbook named .xlsx", () => ({ name: "talous.xlsx", bytes: xlsx({ macro: "vba" }) }), "attachment.error.macro"],
    ["a text file", () => ({ name: "muistio.txt", bytes: new TextEncoder().encode("Muistiinpanoja") }), "attachment.error.unsupported"],
  ];
  it.each(cases)("%s", async (_label, file, key) => {
    const before = await rows();
    const files = storedFiles();
    expect(await fileError(await upload("haka", file()))).toBe(key);
    expect(await rows()).toEqual(before);
    expect(storedFiles()).toEqual(files);
  });

  it("a file over 10 MiB, through the route and through the model", async () => {
    const before = await rows();
    const files = storedFiles();
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf());
    expect(await fileError(await upload("haka", { name: "iso.pdf", bytes: big }))).toBe("attachment.error.tooLarge");
    const refused = await addAttachment(ctx.db, { userId: null }, await viewerOf(ctx.db, "haka"), report, { fileName: "iso.pdf", bytes: big }).catch((e) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).fieldErrors.file?.key).toBe("attachment.error.tooLarge");
    expect(await rows()).toEqual(before);
    expect(storedFiles()).toEqual(files);
  });
});

describe("who may", () => {
  let id: number;
  beforeAll(async () => {
    id = (await rows()).find((r) => r.report_id === report)!.id;
  });

  it("another organisation's representative: the report is not found (upload, download, delete, page)", async () => {
    const before = await rows();
    expect((await upload("spr", { name: "x.pdf", bytes: pdf() })).status).toBe(404);
    expect((await download("spr", id)).status).toBe(404);
    expect((await deleteOnFile("spr", id)).status).toBe(404);
    expect((await deleteOnPage("spr", id)).status).toBe(404);
    expect((await callLoader(pageLoader, `/reports/${report}/attachments`, { reportId: String(report) }, { headers: headers.spr })).status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it("an attachment of another report is not found under this one", async () => {
    const other = await uploadedId(await upload("haka", { name: "toinen.pdf", bytes: pdf("Toinen") }, otherReport), otherReport);
    expect((await download("haka", other, report)).status).toBe(404);
    expect((await deleteOnFile("haka", other, report)).status).toBe(404);
    expect((await download("haka", other, otherReport)).status).toBe(200);
  });

  it("a committee member sees and downloads, but may not upload or delete (403)", async () => {
    expect((await download("committee", id)).status).toBe(200);
    const page = await jsonOf(await callLoader(pageLoader, `/reports/${report}/attachments`, { reportId: String(report) }, { headers: headers.committee }));
    expect(page.canWrite).toBe(false);
    const before = await rows();
    expect((await upload("committee", { name: "x.pdf", bytes: pdf() })).status).toBe(403);
    expect((await deleteOnFile("committee", id)).status).toBe(403);
    expect((await deleteOnPage("committee", id)).status).toBe(403);
    expect(await rows()).toEqual(before);
  });

  it("a post without our Origin is refused (403)", async () => {
    const res = await postForm(
      pageAction,
      `/reports/${report}/attachments`,
      { _intent: "delete", attachmentId: String(id) },
      { reportId: String(report) },
      {
        ...headers.haka,
        Origin: null,
      },
    );
    expect(res.status).toBe(403);
  });
});

describe("once the report is submitted", () => {
  it("uploads and deletes are refused with 400 and the files remain", async () => {
    await ctx.db
      .updateTable("report")
      .set({
        status: "submitted",
        submission_count: 1,
        submitted_at: new Date().toISOString(),
        period_start: "2026-04-01",
        period_end: "2026-12-31",
        reached_total: 12,
      })
      .where("id", "=", report)
      .execute();
    const before = await rows();
    const files = storedFiles();
    const id = before.find((r) => r.report_id === report)!.id;
    expect(await fileError(await upload("haka", { name: "myohassa.pdf", bytes: pdf("Myöhässä") }))).toBe("attachment.error.locked");
    expect(await fileError(await upload("haka", null))).toBe("attachment.error.locked");
    expect(await fileError(await deleteOnFile("haka", id))).toBe("attachment.error.lockedDelete");
    expect(await fileError(await deleteOnPage("manager", id))).toBe("attachment.error.lockedDelete");
    expect(await rows()).toEqual(before);
    expect(storedFiles()).toEqual(files);
    expect((await download("haka", id)).status).toBe(200);
    const page = await jsonOf(await callLoader(pageLoader, `/reports/${report}/attachments`, { reportId: String(report) }, { headers: headers.haka }));
    expect(page.editable).toBe(false);
  });

  it("a returned report takes attachments again", async () => {
    await ctx.db.updateTable("report").set({ status: "returned", returned_at: new Date().toISOString() }).where("id", "=", report).execute();
    await uploadedId(await upload("haka", { name: "korjaus.pdf", bytes: pdf("Korjaus") }));
  });
});

describe("the server's body limit", () => {
  let server: Server;
  let base: string;
  const reached: number[] = [];
  beforeAll(async () => {
    const handler: RequestHandler = (_req, res) => {
      const body = res.locals.body as Buffer | undefined;
      reached.push(body?.length ?? -1);
      res.json({ bodyBytes: body?.length ?? null });
    };
    const app = createApp({ handler, trustProxy: 0 });
    server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (p: string, bytes: number) => fetch(`${base}${p}`, { method: "POST", body: new Uint8Array(bytes) }).catch(() => null);

  it("lets a 10 MiB file and its form through to the upload path", async () => {
    const size = MAX_ATTACHMENT_BYTES + 60 * 1024;
    const res = await post(`/reports/${report}/attachments`, size);
    expect(res?.status).toBe(200);
    expect((await res!.json()).bodyBytes).toBe(size);
  });

  it("refuses more than that there, speaking of the file", async () => {
    const res = await post(`/reports/${report}/attachments`, MAX_ATTACHMENT_BYTES + 64 * 1024 + 1);
    if (res) {
      expect(res.status).toBe(413);
      expect(await res.text()).toContain("Tiedosto on liian suuri");
    }
  });

  it("keeps the form limit everywhere else, the attachment's own path and delete included", async () => {
    for (const p of [`/reports/${report}/attachments/1`, `/reports/${report}/attachments-x`, `/reports/${report}`, "/reports/attachments", "/login"]) {
      const res = await post(p, FORM_BODY_LIMIT + 1);
      if (res) expect(res.status, p).toBe(413);
    }
    expect(reached.every((n) => n <= FORM_BODY_LIMIT || n === MAX_ATTACHMENT_BYTES + 60 * 1024)).toBe(true);
  });
});
