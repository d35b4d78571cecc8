/**
 * Journeys on the project page: SUMMIT opened from the portfolio with its per-year commitments
 * (fi-FI figures with U+00A0), OTE's out-of-period warning, the Finnish 404 page for an unknown
 * project, and axe on the project page. SUMMIT's plan by year is in plan.spec.ts.
 */
import { expect, test } from "@playwright/test";
import { exactText, expectNoSeriousA11yViolations, fiMoney, openFromPortfolio, yearCells } from "./support";

test("SUMMIT from the portfolio: the city's commitments per year", async ({ page }) => {
  await openFromPortfolio(page, "SUMMIT");
  await expect(page).toHaveTitle(/^SUMMIT – Hankevahti$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");

  const table = page.locator("#commitment-years");
  await expect(table.locator("caption")).toHaveText("Kaupungin sitoumukset vuosittain");
  await expect(table.locator("thead th")).toHaveText(["Ehto", "2026", "2027", "2028", "Yhteensä"]);
  // The original 55 000 € over 1.4.2026–30.3.2028 split by days (275 / 365 / 90 of 730).
  expect(await yearCells(page, "commitment-years", "Vahvistettu", [2026, 2027, 2028])).toEqual({
    2026: fiMoney("20 719,18 €"),
    2027: fiMoney("27 500,00 €"),
    2028: fiMoney("6 780,82 €"),
  });
  expect(await yearCells(page, "commitment-years", "Ehdollinen", [2026, 2027, 2028])).toEqual({
    2026: fiMoney("0,00 €"),
    2027: fiMoney("0,00 €"),
    2028: fiMoney("0,00 €"),
  });
  const totalRow = table.locator("tbody tr").last();
  expect(await exactText(totalRow.locator("td").last())).toBe(fiMoney("55 000,00 €"));

  // The same figures in the commitment's own card.
  const card = page.locator("ul.commitments > li").first();
  await expect(card).toContainText("Työllisyys- ja kansainvälisyyspalvelut");
  expect(await exactText(card.locator('[data-year="2026"]'))).toBe(`2026: ${fiMoney("20 719,18 €")}`);
  expect(await exactText(card.locator('[data-year="2027"]'))).toBe(`2027: ${fiMoney("27 500,00 €")}`);
  expect(await exactText(card.locator('[data-year="2028"]'))).toBe(`2028: ${fiMoney("6 780,82 €")}`);
});

test("OTE shows the warning that its commitment reaches outside the project period", async ({ page }) => {
  await openFromPortfolio(page, "OTE");
  const warning = page.locator('ul.warnings li[data-code="COMMITMENT_YEAR_OUTSIDE_PERIOD"]');
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText("1.1.2027–31.12.2028");
  await expect(warning).toContainText("2029");
  await expect(warning).toContainText("Muuta sitoumuksen vuosijako toteutusajan vuosille");
  await expect(warning).not.toContainText("COMMITMENT_YEAR_OUTSIDE_PERIOD");
  // The status header counts it and links to it.
  const count = await page.locator("ul.warnings li").count();
  await expect(page.locator(".status-header")).toContainText(`${count} avointa varoitusta`);
  // The portfolio's warning link lands on the same list.
  await page.goto("/");
  const oteRow = page.locator("table.portfolio tbody tr", { has: page.getByRole("link", { name: "OTE", exact: true }) });
  await oteRow.locator("a.warning-count").click();
  await expect(page).toHaveURL(/\/projects\/\d+#warnings$/);
  await expect(page.locator('ul.warnings li[data-code="COMMITMENT_YEAR_OUTSIDE_PERIOD"]')).toBeVisible();
});

test("an unknown project id gives the Finnish 404 page without a stack trace", async ({ page }) => {
  for (const path of ["/projects/999999", "/projects/abc"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "fi");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sivua ei löytynyt");
    await expect(page.getByRole("link", { name: "Palaa hankesalkkuun" })).toHaveAttribute("href", "/");
    const body = await page.locator("body").innerText();
    expect(body).not.toMatch(/\bat .*\.(js|ts):\d+|Error:|node_modules|SqliteError/);
  }
});

test("the project page has no serious or critical accessibility violations", async ({ page }) => {
  await openFromPortfolio(page, "SUMMIT");
  await expectNoSeriousA11yViolations(page);
  await openFromPortfolio(page, "OTE");
  await expectNoSeriousA11yViolations(page);
});

test("the project page prints without the navigation and forms, tables with borders", async ({ page }) => {
  await openFromPortfolio(page, "SUMMIT");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const border = await page
    .locator("table.data td")
    .first()
    .evaluate((td) => getComputedStyle(td).borderTopStyle);
  expect(border).toBe("solid");
  await page.emulateMedia({ media: "screen" });
  await expect(page.locator(".site-header")).toBeVisible();
});
