/**
 * The HTTP server: validates the settings, prepares the database (migrations, demo data when
 * empty), then serves the Remix build through express with security headers and compression.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv } from "../app/utils/env.server";
import { prepareDatabase } from "./prepare-db";
import { securityHeaders } from "./security";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
process.env.NODE_ENV ??= "production";
try {
  await prepareDatabase(env.DATABASE_PATH, env.SEED_WHEN_EMPTY === "1", env.APP_MODE, { summitRequest: env.DEMO_SUMMIT_REQUEST });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

const build = (await import(path.join(root, "build", "index.js"))) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(securityHeaders());
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  console.log(`Hankevahti: http://${env.HOST}:${env.PORT}/ (database ${env.DATABASE_PATH})`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
