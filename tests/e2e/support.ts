/**
 * Shared helpers for the browser journeys: the demo accounts and signing in through the login
 * form, fi-FI money as the page prints it, the portfolio's rows, unique case numbers for the
 * journeys that write, and the accessibility check (axe, WCAG 2.1 A/AA, serious and critical).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** The manager's signed-in browser state, written by auth.setup.ts and used by most journeys. */
export const MANAGER_STATE = "tests/.tmp/e2e-manager.json";

/** A context with no session at all (anonymous, or about to sign in as someone else). */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** Every demo account's password (app/models/demo-users.ts). */
export const DEMO_PASSWORD = "hankevahti-demo";

export const ACCOUNTS = {
  admin: "paakayttaja@hankevahti.test",
  manager: "paallikko@hankevahti.test",
  committee: "jasen@hankevahti.test",
  haka: "haka@hankevahti.test",
  spr: "spr@hankevahti.test",
} as const;

/** Fills in and submits the login form (the page must show it). */
export async function submitLogin(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Sähköposti").fill(email);
  await page.getByLabel("Salasana").fill(password);
  await page.getByRole("button", { name: "Kirjaudu", exact: true }).click();
}

/** Signs in through the real login form and waits until the portfolio (or `redirectTo`) is open. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await submitLogin(page, email, password);
  await expect(page.getByRole("button", { name: "Kirjaudu ulos" })).toBeVisible();
}

/**
 * Waits until React has hydrated the page (ScrollRestoration's effect has run), so a form
 * submit is handled by the browser-side validation rather than posted natively.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => window.history.scrollRestoration === "manual");
}

/** The id the app gives a form field (app/components/form.tsx fieldId): "costs.0.amount" → "f-costs-0-amount". */
export function fieldId(name: string): string {
  return `f-${name.replace(/\./g, "-")}`;
}

/**
 * Expects the message next to the field: the error element sits in the field's own box (or table
 * cell), the input is marked invalid and points to the message with aria-describedby.
 */
export async function expectFieldError(page: Page, name: string, message: string): Promise<void> {
  const id = fieldId(name);
  const input = page.locator(`#${id}`);
  const error = input.locator("xpath=..").locator(`#${id}-error`);
  await expect(error, name).toHaveText(message);
  await expect(error).toHaveAttribute("data-field", name);
  await expect(input, name).toHaveAttribute("aria-invalid", "true");
  await expect(input, name).toHaveAttribute("aria-describedby", new RegExp(`(^| )${id}-error( |$)`));
}

/** The project facts every new-project journey fills in (lead: the city's employment services). */
export async function fillProjectFacts(page: Page, p: { name: string; shortName: string; caseNumber: string }): Promise<void> {
  await page.getByLabel("Hankkeen nimi").fill(p.name);
  await page.getByLabel("Lyhenne").fill(p.shortName);
  await page.getByLabel("Diaarinumero").fill(p.caseNumber);
  await page.getByLabel("Hakija / päätoteuttaja").selectOption({ label: "Työllisyys- ja kansainvälisyyspalvelut" });
}

/** A case number no other run or journey uses, so journeys that write never collide. */
export function uniqueCaseNumber(tag: string): string {
  return `E2E-${tag}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

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

/** The exact text of each year's cell in the row of table `#tableId` whose header is `rowName`. */
export async function yearCells(page: Page, tableId: string, rowName: string, years: number[]): Promise<Record<number, string>> {
  const row = page.locator(`#${tableId} tbody tr`, { has: page.locator("th[scope=row]", { hasText: new RegExp(`^${rowName}$`) }) });
  await expect(row).toHaveCount(1);
  const out: Record<number, string> = {};
  for (const y of years) out[y] = await exactText(row.locator(`td[data-year="${y}"]`));
  return out;
}
