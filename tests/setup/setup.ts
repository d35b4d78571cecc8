/** Per test file: DOM matchers, and quiet React Router future-flag warnings. */
import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";

const originalWarn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].includes("React Router Future Flag Warning")) return;
  originalWarn(...args);
};

afterEach(async () => {
  if (typeof document !== "undefined") {
    const { cleanup } = await import("@testing-library/react");
    cleanup();
  }
});
