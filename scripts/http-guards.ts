/**
 * What the server checks before a request reaches the app (docs/decisions/006-request-limits-and-sign-in-throttling.md):
 * - request bodies are read into memory only up to a limit; a larger one gets 413 at once, from
 *   its Content-Length when it has one, otherwise as soon as the limit is passed;
 * - a mutation from a foreign Origin reaches the app without that Origin, so that the app's own
 *   check answers 403 with its page (Remix's check would throw a 500 with a stack trace);
 * - dynamic responses are not cached (signed-in pages and the API hold personal data).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { MAX_ATTACHMENT_BYTES } from "../app/domain/attachment";

/** Forms: about a megabyte (the largest form, a plan of 500 lines, is a few tens of kilobytes). */
export const FORM_BODY_LIMIT = 1024 * 1024;

/**
 * The limit of each path: the first entry that matches (a path prefix, or a pattern of the whole
 * path, optionally for one method only), else the form limit. Uploads add theirs here; an
 * upload's refusal speaks of the file (`file: true`).
 */
export type BodyLimit = ({ prefix: string; pattern?: undefined } | { pattern: RegExp; prefix?: undefined }) & {
  bytes: number;
  method?: string;
  file?: boolean;
};
export type BodyLimits = BodyLimit[];

/** What the multipart form around an uploaded file may add: its boundaries, headers and small fields. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Uploads: a report's attachments (app/routes/reports.$reportId.attachments.tsx), a bonus claim's evidence and a spreadsheet of projects to import; POST to those paths only. */
export const UPLOAD_BODY_LIMITS: BodyLimits = [
  { pattern: /^\/reports\/\d{1,12}\/attachments\/?$/i, method: "POST", bytes: MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD_BYTES, file: true },
  // A bonus claim with its evidence, and an answer to a request for more evidence (app/routes/bonus-claims.*).
  { pattern: /^\/bonus-claims\/(?:new|\d{1,12})\/?$/i, method: "POST", bytes: MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD_BYTES, file: true },
  // A spreadsheet of projects to import (app/routes/projects.import._index.tsx): 10 MB, as MAX_SPREADSHEET_BYTES; its confirmation keeps the form limit.
  { pattern: /^\/projects\/import\/?$/i, method: "POST", bytes: MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD_BYTES, file: true },
];

function limitFor(req: Request, limits: BodyLimits): BodyLimit | undefined {
  return limits.find((l) => (l.method === undefined || l.method === req.method) && (l.pattern ? l.pattern.test(req.path) : req.path.startsWith(l.prefix)));
}

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toLocaleString("fi-FI", { maximumFractionDigits: 1 });

function refuseTooLarge(req: Request, res: Response, limit: number, file = false): void {
  // The rest of the body is never read: the connection closes after this answer.
  res.status(413).set("Connection", "close").set("Cache-Control", "no-store");
  res.on("finish", () => setTimeout(() => req.socket.destroy(), 1000).unref());
  if (req.path.startsWith("/api/")) {
    res.json({ error: "payload_too_large", limitBytes: limit });
    return;
  }
  const mb = megabytes(limit);
  if (file) {
    const fileMb = megabytes(MAX_ATTACHMENT_BYTES);
    res.type("html").send(`<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tiedosto on liian suuri – Hankevahti</title></head>
<body><main><h1>Tiedosto on liian suuri</h1>
<p>Liitetiedosto voi olla enintään ${fileMb} Mt, joten sitä ei tallennettu. Palaa takaisin ja valitse pienempi tiedosto.</p>
<p lang="en">An attachment may be at most ${fileMb} MB, so nothing was saved. Go back and choose a smaller file.</p>
<p><a href="/">Etusivulle</a> · <a href="/" lang="en">Home</a></p></main></body></html>`);
    return;
  }
  res.type("html").send(`<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lähetys on liian suuri – Hankevahti</title></head>
<body><main><h1>Lähetys on liian suuri</h1>
<p>Lomakkeen tiedot olivat yli ${mb} Mt, joten niitä ei tallennettu. Lyhennä tekstiä ja yritä uudelleen.</p>
<p lang="en">The form was larger than ${mb} MB, so nothing was saved. Shorten the text and try again.</p>
<p><a href="/">Etusivulle</a> · <a href="/" lang="en">Home</a></p></main></body></html>`);
}

/**
 * Reads the body of a request into `res.locals.body` (a Buffer), up to the path's limit.
 * Bodies over the limit are refused with 413 before more than the limit is held in memory.
 */
export function bodyLimit(limits: BodyLimits = [], fallback = FORM_BODY_LIMIT): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (BODYLESS.has(req.method)) return next();
    const matched = limitFor(req, limits);
    const limit = matched?.bytes ?? fallback;
    const file = matched?.file ?? false;
    const declared = req.headers["content-length"];
    if (declared !== undefined && !(Number(declared) <= limit)) return refuseTooLarge(req, res, limit, file);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (then: () => void) => {
      if (settled) return;
      settled = true;
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      then();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(() => refuseTooLarge(req, res, limit, file));
      } else chunks.push(chunk);
    };
    const onEnd = () =>
      finish(() => {
        res.locals.body = Buffer.concat(chunks, size);
        next();
      });
    const onError = (e: Error) => finish(() => next(e));
    const onAborted = () => finish(() => req.socket.destroy());
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onAborted);
  };
}

/** The host a Remix document request compares its Origin with (X-Forwarded-Host first, then Host). */
function remixHost(req: Request): string | undefined {
  const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || req.get("host") || undefined;
}

/**
 * A mutation whose Origin is foreign, "null" or not a URL loses that header: the app's own
 * check (requireViewer, the sign-in action) then refuses it with 403 and the app's page.
 */
export function foreignOriginToApp(): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || BODYLESS.has(req.method)) return next();
    let foreign = true;
    try {
      foreign = origin === "null" || new URL(origin).host !== remixHost(req);
    } catch {
      foreign = true;
    }
    if (foreign) delete req.headers.origin;
    next();
  };
}
