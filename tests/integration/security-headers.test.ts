/** The server's security headers, checked on a real express server on a loopback port. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { securityHeaders } from "../../scripts/security";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  app.get("/", (_req, res) => res.send(`<script nonce="${res.locals.cspNonce as string}"></script>`));
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("security headers", () => {
  it("sends a strict CSP with a fresh nonce, no framing, same-origin referrers and nosniff", async () => {
    const [a, b] = await Promise.all([fetch(base), fetch(base)]);
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(csp).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await a.text()).toContain(`nonce="${nonce}"`);
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("same-origin");
    expect(a.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(a.headers.get("x-powered-by")).toBeNull();
  });
});
