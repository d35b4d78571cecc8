/**
 * Shared helpers for the browser journeys: fi-FI money as the page prints it, the portfolio's
 * rows, and the accessibility check (axe, WCAG 2.1 A/AA, serious and critical findings).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** U+00A0: fi-FI's thousands separator and the space before "€". */
export const NBSP = "\u00a0";

/** "20 719,18 €" with the no-break spaces fi-FI really uses; pass the figure with plain spaces. */
export function fiMoney(plain: string): string {
  return plain.replace(/ /g, NBSP);
}

/** The four demo projects (short names) in the portfolio's default order (by name). */
export const DEMO_PROJECTS = ["FLOW", "Kotona Kajaanissa", "OTE", "SUMMIT"] as const;

export function portfolioTable(page: Page): Locator {
  return page.locator("table.portfolio");
}

/** The project links of the portfolio's body rows, in the order shown. */
export function projectLinks(page: Page): Locator {
  return portfolioTable(page).locator("tbody tr th[scope=row] a");
}

/**
 * The demo projects the portfolio shows, in the order shown. Other projects (made by journeys
 * that write) are left out, so read-only journeys do not depend on the order the files run in.
 */
export async function shownDemoProjects(page: Page): Promise<string[]> {
  const names = (await projectLinks(page).allTextContents()).map((t) => t.trim());
  return names.filter((n) => (DEMO_PROJECTS as readonly string[]).includes(n));
}

/** Expects exactly these demo projects, in this order (retrying until the page has settled). */
export async function expectDemoProjects(page: Page, expected: readonly string[]): Promise<void> {
  await expect.poll(() => shownDemoProjects(page)).toEqual([...expected]);
}

/** Opens a project from the portfolio by clicking its short name. */
export async function openFromPortfolio(page: Page, shortName: string): Promise<void> {
  await page.goto("/");
  await portfolioTable(page).getByRole("link", { name: shortName, exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(shortName);
}

/** Exact text of one element (no whitespace normalisation, so U+00A0 counts). */
export async function exactText(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

/** Runs axe on the page and fails with a readable list when anything serious or critical is found. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`);
  expect(report, report.join("\n")).toEqual([]);
}
