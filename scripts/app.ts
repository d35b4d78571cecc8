/**
 * The express application: security headers, static files, the request guards, and the Remix
 * build (or, in tests, any final handler). `scripts/server.ts` starts it; tests build it on a
 * loopback port to check what happens before a request reaches the app.
 */
import path from "node:path";
import express, { type RequestHandler } from "express";
import compression from "compression";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { securityHeaders } from "./security";
import { bodyLimit, foreignOriginToApp, UPLOAD_BODY_LIMITS, type BodyLimits } from "./http-guards";

export interface AppOptions {
  /** The request handler behind the guards: the Remix build's, or a test's. */
  handler: RequestHandler;
  /** How many proxies in front of the app to trust for X-Forwarded-For/-Host/-Proto (0: none). */
  trustProxy: number;
  /** Where `public/` is (static files); none in tests. */
  publicDir?: string;
  /** Larger limits for some paths (default: the attachment upload's, UPLOAD_BODY_LIMITS); the form limit elsewhere. */
  bodyLimits?: BodyLimits;
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy > 0 ? options.trustProxy : false);
  app.use(compression());
  app.use(securityHeaders());
  if (options.publicDir) {
    app.use("/build", express.static(path.join(options.publicDir, "build"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.publicDir, { maxAge: "1h" }));
  }
  app.use(foreignOriginToApp());
  app.use(bodyLimit(options.bodyLimits ?? UPLOAD_BODY_LIMITS));
  app.all("*", options.handler);
  return app;
}

/**
 * Serves the Remix build. Unlike `@remix-run/express`'s handler it hands Remix the body that
 * `bodyLimit` has read (never the open socket), takes the host from X-Forwarded-Host only when
 * proxies are trusted, and marks every dynamic response `Cache-Control: no-store` unless the
 * route chose otherwise.
 */
export function remixHandler(build: ServerBuild, mode: string): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const trusted = req.app.enabled("trust proxy") ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
      let url: URL;
      try {
        url = new URL(`${req.protocol}://${trusted || req.get("host") || "localhost"}${req.originalUrl}`);
      } catch {
        res.status(400).type("text").send("Bad request");
        return;
      }
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const body = res.locals.body as Buffer | undefined;
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(key, v);
        else if (value !== undefined) headers.set(key, value);
      }
      const init: RequestInit = { method: req.method, headers, signal: controller.signal };
      if (body && req.method !== "GET" && req.method !== "HEAD") init.body = new Uint8Array(body) as unknown as BodyInit;
      const request = new Request(url.href, init);
      let response = await handle(request, { cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" });
      // The API answers a method it does not take in its documented error shape (docs/api.md).
      if (response.status === 405 && url.pathname.startsWith("/api/")) {
        response = new Response(JSON.stringify({ error: "method_not_allowed", message: `${req.method} is not allowed here; the API reads with GET.` }), {
          status: 405,
          headers: { "Content-Type": "application/json; charset=utf-8", Allow: "GET, HEAD" },
        });
      }
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeBody(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Writes a response body no faster than the client reads it. Unlike Remix's
 * `writeReadableStreamToWritable` it waits for "drain" when the socket's (or gzip's) buffer is
 * full before reading the next piece, so a streamed body (the export, 25 MB at national size)
 * holds a piece or two in memory, not everything a slow client has yet to read; and when the
 * client goes away it cancels the body, which stops the export's reads. Each piece is flushed
 * through compression, as Remix does, so streamed pages show as they come.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: express.Response): Promise<void> {
  const reader = body.getReader();
  let gone = false;
  let wake: (() => void) | null = null;
  const resume = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onClose = () => {
    gone = true;
    resume();
  };
  // One listener each for the whole response (compression hands "drain" listeners to its gzip
  // stream, where once() could not remove them again).
  res.on("drain", resume);
  res.on("close", onClose);
  try {
    for (;;) {
      if (gone) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) {
        res.end();
        return;
      }
      if (gone) continue;
      const more = res.write(value);
      (res as { flush?: () => void }).flush?.();
      if (!more && !gone) await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (error) {
    reader.cancel(error).catch(() => undefined);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    res.off("close", onClose);
  }
}
