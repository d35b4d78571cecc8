/**
 * How the server writes a streamed response body (scripts/app.ts, writeBody), through the real
 * express app with compression: it reads the next piece only as fast as the client takes them
 * (a client that stops reading holds the producer back, so a streamed export never piles up in
 * memory), the whole body arrives when the client reads, and a client that goes away cancels the
 * body (which stops the export's reads).
 */
import http from "node:http";
import zlib from "node:zlib";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, writeBody } from "../../scripts/app";

const PIECE = 64 * 1024;
const PIECES = 400; // 25 MB, the national export's size

/** Pieces of random bytes (gzip cannot shrink them), counted as they are pulled. */
function producer() {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === PIECES) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(crypto.randomBytes(PIECE)));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

let server: Server;
let port: number;
let current: ReturnType<typeof producer>;

beforeAll(async () => {
  const app = createApp({
    trustProxy: 0,
    handler: (_req, res, next) => {
      current = producer();
      res.status(200).type("application/octet-stream");
      writeBody(current.stream, res).catch(next);
    },
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(encoding: "identity" | "gzip"): Promise<http.IncomingMessage & { request: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/", headers: { "Accept-Encoding": encoding } }, (res) => {
      res.pause();
      resolve(Object.assign(res, { request }));
    });
    request.on("error", reject);
  });
}

describe.each(["identity", "gzip"] as const)("a streamed body (%s)", (encoding) => {
  it("is read no faster than the client reads, and arrives whole", async () => {
    const res = await get(encoding);
    expect(res.headers["content-encoding"]).toBe(encoding === "gzip" ? "gzip" : undefined);
    await sleep(400);
    // The client has read nothing: only what fits the socket's and gzip's buffers was produced.
    const held = current.state.pulled;
    expect(held).toBeLessThan(PIECES / 4);
    await sleep(200);
    expect(current.state.pulled).toBe(held);

    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.resume();
    await new Promise((r) => res.on("end", r));
    const body = encoding === "gzip" ? zlib.gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
    expect(body.length).toBe(PIECE * PIECES);
    expect(current.state.pulled).toBe(PIECES);
  });

  it("is cancelled when the client goes away", async () => {
    const res = await get(encoding);
    await sleep(200);
    const atClose = current.state.pulled;
    res.request.destroy();
    // Up to 5 s: on a busy machine the close reaches the server late (it is still a bounded wait).
    for (let i = 0; i < 250 && !current.state.cancelled; i++) await sleep(20);
    expect(current.state.cancelled).toBe(true);
    // Stopped soon after the close and well before the end (how much was buffered before the
    // close depends on how busy the machine is; what counts is that production stops).
    expect(current.state.pulled - atClose).toBeLessThan(PIECES / 4);
    expect(current.state.pulled).toBeLessThan(PIECES / 2);
  });
});
