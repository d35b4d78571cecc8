/**
 * Settings from the environment, validated once at start. A bad value stops the server with a
 * message that names it, instead of failing later.
 */
import path from "node:path";
import { z } from "zod";

function urlOf(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_PATH: z.string().min(1).default(path.join("data", "hankevahti.sqlite")),
    /**
     * Where report attachments are stored, each file under its SHA-256 (outside the database
     * file: back it up with the database). Default: `attachments` beside DATABASE_PATH.
     */
    ATTACHMENT_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(1).optional()),
    /** Load the demo portfolio into an empty database at start ("0" to start empty). */
    SEED_WHEN_EMPTY: z.enum(["0", "1"]).default("1"),
    /**
     * "demo" (default): demo data and demo accounts, sessions over plain http on this machine.
     * "production": refuses to start without SESSION_SECRET or while demo accounts keep their
     * demo passwords; cookies are Secure.
     */
    APP_MODE: z.enum(["demo", "production"]).default("demo"),
    /** Demo data: SUMMIT's change request decided as on 20.5.2026, or left pending to rehearse the meeting. */
    DEMO_SUMMIT_REQUEST: z.enum(["conditional", "pending"]).default("conditional"),
    /**
     * How many proxies stand in front of the app (a TLS terminator, a load balancer). With 1, the
     * client's address is the last one in X-Forwarded-For and the host and scheme come from
     * X-Forwarded-Host/-Proto. 0 (default): the app is reached directly; those headers are ignored.
     */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Signs the session cookie; at least 32 characters. Required in production. */
    SESSION_SECRET: z.string().min(32, "at least 32 characters").optional(),
    /**
     * The SMTP server for mail (reminders), e.g. smtp://user:pass@host:587 (smtps:// for TLS from
     * the start). Not set (or empty): mail is written to the log instead of sent.
     */
    SMTP_URL: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .refine((v) => /^smtps?:$/.test(urlOf(v)?.protocol ?? ""), "an smtp:// or smtps:// URL")
        .optional(),
    ),
    /** The sender of the app's mail. */
    SMTP_FROM: z.string().min(3).default("Hankevahti <noreply@hankevahti.invalid>"),
    /** The app's public address, for absolute links in mail (no trailing slash needed). */
    APP_URL: z
      .string()
      .refine((v) => /^https?:$/.test(urlOf(v)?.protocol ?? ""), "an http:// or https:// URL")
      .transform((v) => v.replace(/\/+$/, ""))
      .default("http://localhost:3000"),
  })
  .superRefine((env, ctx) => {
    if (env.APP_MODE === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "required when APP_MODE=production" });
    }
  })
  .transform((env) => ({ ...env, ATTACHMENT_DIR: env.ATTACHMENT_DIR ?? path.join(path.dirname(env.DATABASE_PATH), "attachments") }));

export type Env = z.infer<typeof schema>;

let cached: Env | null = null;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
