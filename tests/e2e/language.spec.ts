/**
 * The language switch in the header: a form post that sets a cookie and comes back to the same
 * page (with and without JavaScript); the page's language and words follow, figures stay fi-FI.
 */
import { expect, test, type Page } from "@playwright/test";
import { openFromPortfolio, portfolioTable } from "./support";

async function openSummit(page: Page) {
  await openFromPortfolio(page, "SUMMIT");
}

async function switchLanguageTwice(page: Page) {
  const url = page.url();
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  await expect(page.locator("#commitments")).toHaveText("Kaupungin sitoumukset");

  await page.getByRole("button", { name: "In English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("#commitments")).toHaveText("City commitments");
  await expect(page.getByRole("navigation")).toContainText("Portfolio");
  expect(page.url()).toBe(url);
  // Money stays as the city writes it.
  await expect(page.locator("#commitment-years")).toContainText("20\u00a0719,18\u00a0€");

  await page.getByRole("button", { name: "Suomeksi" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  await expect(page.locator("#commitments")).toHaveText("Kaupungin sitoumukset");
  expect(page.url()).toBe(url);
}

test("switch to English and back on a project page", async ({ page }) => {
  await openSummit(page);
  await switchLanguageTwice(page);
});

test("the language choice is kept across pages", async ({ page }) => {
  await page.goto("/?sort=total&dir=desc");
  await page.getByRole("button", { name: "In English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portfolio");
  expect(new URL(page.url()).search).toBe("?sort=total&dir=desc");
  await portfolioTable(page).getByRole("link", { name: "OTE", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("#warnings")).toContainText("Warnings");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the switch is a plain form post", async ({ page }) => {
    await openSummit(page);
    await switchLanguageTwice(page);
  });
});
