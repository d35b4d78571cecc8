/**
 * Issue 17's journeys, signed in as the employment manager: a new target on Kotona Kajaanissa and
 * two entries, the pace verdict changing from behind to met; a negative count refused next to its
 * field; the deadline view filtered to overdue, each row linking to its project.
 */
import { expect, test } from "@playwright/test";
import { expectFieldError, expectNoSeriousA11yViolations, openFromPortfolio, waitForHydration } from "./support";

test("a manager adds a target and entries and sees the pace verdict change", async ({ page }) => {
  test.setTimeout(90_000);
  const name = `Ohjaustapaamiset ${Date.now()}`;
  await openFromPortfolio(page, "Kotona Kajaanissa");
  const targets = page.locator("section[aria-labelledby=targets]");
  // The agenda's figures: 191 of 375 reached, 58 % women.
  const reach = targets.locator('tr[data-indicator="reach"]');
  await expect(reach).toContainText("191");
  await expect(reach).toContainText("375");
  await expect(reach).toContainText("naisia 58,1 %");

  await targets.getByRole("link", { name: "Lisää tavoite" }).click();
  await waitForHydration(page);
  await page.getByLabel("Laji").selectOption("custom");
  await page.getByLabel("Nimi").fill(name);
  await page.getByLabel("Tavoite", { exact: true }).fill("1000");
  await page.getByLabel("Yksikkö").fill("tapaamista");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status")).toContainText("Tavoite tallennettu.");

  const row = page.locator("section[aria-labelledby=targets] tr", { hasText: name });
  await row.getByRole("link", { name: `Kirjaa arvo: ${name}` }).click();
  await waitForHydration(page);
  // A negative count is refused next to its field, before anything is posted.
  await page.locator("#f-value").fill("-10");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expectFieldError(page, "value", "Määrä ei voi olla negatiivinen.");
  await page.locator("#f-value").fill("10");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status")).toContainText("Arvo kirjattu.");
  await expect(row).toContainText("Jäljessä tahdista");
  await expect(row).toContainText("tällä tahdilla kauden lopussa");

  await row.getByRole("link", { name: `Kirjaa arvo: ${name}` }).click();
  await waitForHydration(page);
  await page.locator("#f-value").fill("990");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status")).toContainText("Arvo kirjattu.");
  await expect(row).toContainText("Tavoite saavutettu");
  await expect(row).toContainText("1 000");
  await expectNoSeriousA11yViolations(page);
});

test("the deadline view filtered to overdue: Kotona Kajaanissa's report to the committee of 30.11.2026", async ({ page }) => {
  await page.goto("/deadlines");
  await expect(page).toHaveTitle(/^Määräajat – Hankevahti$/);
  await page.getByLabel("Tilanne").selectOption("overdue");
  await page.getByRole("button", { name: "Näytä" }).click();
  await expect(page).toHaveURL(/bucket=overdue/);
  await expect(page).toHaveTitle(/^Myöhässä – Määräajat – Hankevahti$/);
  const rows = page.locator("table.deadlines tbody tr");
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  // The standing is the second column (after the due date).
  for (let i = 0; i < n; i++) await expect(rows.nth(i).locator("td").nth(1)).toContainText("Myöhässä");
  const kotona = rows.filter({ hasText: "Kotona Kajaanissa" }).filter({ hasText: "30.11.2026" });
  await expect(kotona).toHaveCount(1);
  await expect(kotona).toContainText("Raportti jaostolle");
  await kotona.getByRole("link", { name: "Kotona Kajaanissa" }).click();
  await expect(page).toHaveTitle(/^Kotona Kajaanissa – Hankevahti$/);
  await expect(page.locator("section[aria-labelledby=obligations]")).toContainText("myöhässä");
  await expectNoSeriousA11yViolations(page);
});
