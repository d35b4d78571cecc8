/**
 * Journeys on the portfolio: the demo projects are there, sorting and filtering live in the URL
 * (links, the filter form and typed addresses give the same page), and the page passes axe.
 */
import { expect, test } from "@playwright/test";
import { DEMO_PROJECTS, expectDemoProjects, expectNoSeriousA11yViolations, portfolioTable } from "./support";

test("the portfolio lists the four demo projects", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Hankesalkku/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  await expect(page.getByRole("heading", { level: 1, name: "Hankesalkku" })).toBeVisible();
  await expectDemoProjects(page, [...DEMO_PROJECTS]);
  // SUMMIT's row: its period and total budget as fi-FI prints them.
  const summit = portfolioTable(page).locator("tbody tr", { has: page.getByRole("link", { name: "SUMMIT", exact: true }) });
  await expect(summit).toContainText("KAJDno-2025-1294");
  await expect(summit).toContainText("1.4.2026–30.3.2028");
  await expect(summit).toContainText("520\u00a0000\u00a0€");
});

test("sorting by a column header puts the choice in the URL", async ({ page }) => {
  await page.goto("/");
  await portfolioTable(page).getByRole("link", { name: "Kokonaisbudjetti" }).click();
  await expect(page).toHaveURL(/[?&]sort=total&dir=asc/);
  await expectDemoProjects(page, ["OTE", "FLOW", "SUMMIT", "Kotona Kajaanissa"]);
  await expect(portfolioTable(page).locator("thead th[aria-sort=ascending]")).toHaveCount(1);
  // The same header again turns the order round.
  await portfolioTable(page).locator("thead th[aria-sort=ascending] a").click();
  await expect(page).toHaveURL(/[?&]sort=total&dir=desc/);
  await expectDemoProjects(page, ["Kotona Kajaanissa", "SUMMIT", "FLOW", "OTE"]);
});

test("a typed address sorts and filters the same way", async ({ page }) => {
  await page.goto("/?sort=total&dir=desc");
  await expectDemoProjects(page, ["Kotona Kajaanissa", "SUMMIT", "FLOW", "OTE"]);

  await page.goto("/?status=running");
  await expectDemoProjects(page, ["Kotona Kajaanissa"]);
  await expect(page.locator("#filter-status")).toHaveValue("running");

  // Projects whose period touches 2025: FLOW (2023–2025) and Kotona Kajaanissa (2025–2028).
  await page.goto("/?year=2025&sort=name&dir=desc");
  await expectDemoProjects(page, ["Kotona Kajaanissa", "FLOW"]);

  // Nothing matches: the empty message, no table.
  await page.goto("/?q=no-such-project-anywhere");
  await expect(page.getByText("Ei hankkeita valituilla ehdoilla.")).toBeVisible();
  await expect(portfolioTable(page)).toHaveCount(0);

  // Unknown values are ignored rather than failing.
  const response = await page.goto("/?status=nonsense&sort=nope&year=20x5&unit=abc");
  expect(response?.status()).toBe(200);
  await expectDemoProjects(page, [...DEMO_PROJECTS]);
});

test("the filter form submits to the URL: status and unit", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Tila", { exact: true }).selectOption("applied");
  await page.getByRole("button", { name: "Suodata" }).click();
  await expect(page).toHaveURL(/[?&]status=applied/);
  await expectDemoProjects(page, ["SUMMIT"]);

  // Kaukametsän opisto finances only OTE in the demo plans.
  await page.getByLabel("Tila", { exact: true }).selectOption("");
  await page.locator("#filter-unit").selectOption({ label: "Kaukametsän opisto" });
  await page.getByRole("button", { name: "Suodata" }).click();
  await expect(page).toHaveURL(/[?&]unit=\d+/);
  await expectDemoProjects(page, ["OTE"]);

  await page.getByRole("link", { name: "Tyhjennä" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectDemoProjects(page, [...DEMO_PROJECTS]);
});

test("the portfolio has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto("/");
  await expectDemoProjects(page, DEMO_PROJECTS);
  await expectNoSeriousA11yViolations(page);
});
