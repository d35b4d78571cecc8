import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}", "tests/component/**/*.test.{ts,tsx}"],
    environment: "node",
    setupFiles: ["./tests/setup/setup.ts"],
    globalSetup: ["./tests/setup/global.ts"],
    server: { deps: { inline: ["kysely"] } },
    pool: "forks",
  },
});
