/**
 * `npm run test:national`: tests at national size (tests/national), too slow for `npm test`.
 * No global setup: they make their own databases outside tests/.tmp.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  { ...base, test: { ...base.test, include: [], globalSetup: [] } },
  defineConfig({
    test: {
      include: ["tests/national/**/*.test.ts"],
      testTimeout: 600_000,
      hookTimeout: 120_000,
    },
  }),
);
