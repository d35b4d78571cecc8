/**
 * The server's security headers, as express middleware: a per-request nonce for the few inline
 * scripts Remix renders, and helmet's headers with a strict Content Security Policy
 * (frame-ancestors 'none', form-action 'self'), Referrer-Policy same-origin and nosniff.
 */
import crypto from "node:crypto";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";

export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "upgrade-insecure-requests": null,
      },
    },
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
  return [nonce, headers];
}
