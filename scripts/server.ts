/**
 * The HTTP server: validates the settings, prepares the database (migrations, demo data when
 * empty), then serves the Remix build through express (scripts/app.ts).
 * Production runs it compiled: `npm run build` writes build/server.js (scripts/build-server.mjs),
 * which `npm start` and `npm run serve` run on plain node with a bounded heap (README).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv } from "../app/utils/env.server";
import { prepareDatabase } from "./prepare-db";
import { createApp, remixHandler } from "./app";

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

const app = createApp({ handler: remixHandler(build, process.env.NODE_ENV), trustProxy: env.TRUST_PROXY, publicDir: path.join(root, "public") });

const server = app.listen(env.PORT, env.HOST, () => {
  console.log(`Hankevahti: http://${env.HOST}:${env.PORT}/ (database ${env.DATABASE_PATH})`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
