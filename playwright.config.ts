/**
 * Browser journeys (tests/e2e) in real Chromium: Debian's /usr/bin/chromium, never a downloaded
 * browser. The web server is the real one, compiled as production runs it (`node build/server.js`,
 * from scripts/server.ts), on a fresh demo database; it serves the existing build, so `npm run build`
 * must run first (`npm run test:e2e` does both).
 * The "setup" project signs in once through the login form as the employment manager and stores
 * the session (tests/.tmp/); the journeys start from it unless they sign in themselves.
 * The "decisions" project (SUMMIT's change request decided) runs after every other journey.
 */
import { defineConfig, devices } from "@playwright/test";
import { MANAGER_STATE } from "./tests/e2e/support";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** A fresh file each run: deleted (with its WAL files) just before the server starts. */
const DATABASE_PATH = "tests/.tmp/e2e-journeys.sqlite";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The journeys that record decisions (they run last: project "decisions"). */
const DECISION_JOURNEYS = /change-requests\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1280, height: 900 },
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
};

const removeDatabase = `node -e "for (const s of ['', '-wal', '-shm']) require('fs').rmSync('${DATABASE_PATH}' + s, { force: true })"`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    locale: "fi-FI",
    timezoneId: "Europe/Helsinki",
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    javaScriptEnabled: true,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: chromium },
    {
      name: "chromium",
      testIgnore: [/auth\.setup\.ts$/, DECISION_JOURNEYS],
      dependencies: ["setup"],
      use: { ...chromium, storageState: MANAGER_STATE },
    },
    // Journeys that decide SUMMIT's change request change figures the read-only journeys check,
    // so they run only after all of those.
    {
      name: "decisions",
      testMatch: DECISION_JOURNEYS,
      dependencies: ["chromium"],
      use: { ...chromium, storageState: MANAGER_STATE },
    },
  ],
  webServer: {
    command: `${removeDatabase} && node --max-old-space-size=256 build/server.js`,
    // The login page (not just the port): the first request opens the database connection.
    url: `${BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_PATH,
      SEED_WHEN_EMPTY: "1",
      // SUMMIT's change request waits for the meeting of 20.5.2026: the journeys decide it.
      DEMO_SUMMIT_REQUEST: "pending",
    },
  },
});
