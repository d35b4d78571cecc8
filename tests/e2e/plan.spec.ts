/**
 * Issue 9's journeys, signed in as the employment manager: SUMMIT's plan by calendar year, and a
 * new project under the 40 % flat rate with staff costs entered as hours × hourly rate: the live
 * preview (JavaScript) computes the flat-rate costs and the years, and after saving the project
 * page shows the same figures. Figures with the no-break spaces fi-FI prints.
 */
import { expect, test, type Locator } from "@playwright/test";
import { exactText, fiMoney, fillProjectFacts, openFromPortfolio, uniqueCaseNumber, waitForHydration, yearCells } from "./support";

test("SUMMIT's plan by year", async ({ page }) => {
  await openFromPortfolio(page, "SUMMIT");
  const plan = page.locator("#plan-years");
  await expect(plan.locator("caption")).toHaveText("Suunnitelma vuosittain");
  await expect(plan.locator("thead th")).toHaveText(["Laji", "2026", "2027", "2028", "Yhteensä"]);
  // 520 000 € over 1.4.2026–30.3.2028 (275 / 365 / 90 of 730 days): 80 % ESR/public funding, 20 % own funding.
  expect(await yearCells(page, "plan-years", "ESR-/julkinen rahoitus", [2026, 2027, 2028])).toEqual({
    2026: fiMoney("156 712,33 €"),
    2027: fiMoney("208 000,00 €"),
    2028: fiMoney("51 287,67 €"),
  });
  expect(await yearCells(page, "plan-years", "Omarahoitus", [2026, 2027, 2028])).toEqual({
    2026: fiMoney("39 178,08 €"),
    2027: fiMoney("52 000,00 €"),
    2028: fiMoney("12 821,92 €"),
  });
  const total = await yearCells(page, "plan-years", "Yhteensä", [2026, 2027, 2028]);
  expect(total).toEqual({ 2026: fiMoney("195 890,41 €"), 2027: fiMoney("260 000,00 €"), 2028: fiMoney("64 109,59 €") });
  expect(await exactText(plan.locator("tbody tr").last().locator("td").last())).toBe(fiMoney("520 000,00 €"));
});

/** The cells of a table row whose header is exactly `name`. */
function rowCells(table: Locator, name: string): Locator {
  return table.locator("tbody tr", { has: table.page().locator("th[scope=row]", { hasText: new RegExp(`^${name}$`) }) }).locator("td");
}

test("a 40 % flat-rate project with staff costs as hours × rate: the preview and the saved plan by year", async ({ page }) => {
  const caseNumber = uniqueCaseNumber("FLAT");
  const shortName = `FLAT-${caseNumber.slice(-6)}`;
  await page.goto("/projects/new");
  await waitForHydration(page);
  await fillProjectFacts(page, { name: "Flat rate -selaintesti", shortName, caseNumber });
  await page.getByLabel("Alkaa").fill("1.1.2027");
  await page.getByLabel("Päättyy").fill("31.12.2028");
  // The new-project form starts with the 40 % flat rate and a staff-cost row.
  await expect(page.getByLabel("Kustannusmalli")).toHaveValue("flat_40");
  const costs = page.locator("#cost-rows");
  await expect(costs.getByLabel("Laji 1")).toHaveValue("staff");
  await costs.getByLabel("Tunnit 1").fill("1 720");
  await costs.getByLabel("Tuntihinta (€) 1").fill("35,00");
  const financing = page.locator("#financing-rows");
  await financing.getByLabel("Summa (€) 1").fill("67 424"); // ESR/public funding, 80 %
  await financing.getByLabel("Summa (€) 2").fill("16 856"); // own funding, 20 %

  // Live preview: 1 720 h × 35,00 € = 60 200,00 €; flat rate 40 % = 24 080,00 €; total 84 280,00 €,
  // spread over 365 + 366 days line by line (each year's total is the sum of its lines).
  const preview = page.locator("section.preview");
  await expect(preview.getByTestId("preview-flat-rate")).toHaveText(fiMoney("24 080,00 €"));
  await expect(preview).toContainText(`Kustannukset yhteensä: ${fiMoney("84 280,00 €")}`);
  await expect(preview).toContainText(`Rahoitus yhteensä: ${fiMoney("84 280,00 €")}`);
  const previewTable = preview.locator("table");
  await expect(previewTable.locator("thead th")).toHaveText(["Laji", "2027", "2028"]);
  await expect(rowCells(previewTable, "Kustannukset yhteensä")).toHaveText([fiMoney("42 082,35 €"), fiMoney("42 197,65 €")]);
  await expect(rowCells(previewTable, "Rahoitus yhteensä")).toHaveText([fiMoney("42 082,35 €"), fiMoney("42 197,65 €")]);

  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${shortName} – Flat rate -selaintesti`);
  await expect(page.locator("dl.facts")).toContainText("40 %:n flat rate (muut kulut 40 % palkkakuluista)");
  await expect(page.locator("#warnings")).toHaveText("Huomiot (0)");

  const costTable = page.locator("table", { has: page.locator("caption", { hasText: /^Kustannukset$/ }) });
  await expect(costTable.locator("tbody tr")).toHaveCount(2);
  await expect(costTable.locator("tbody tr").nth(0).locator("td")).toHaveText([
    "Henkilöstökulut",
    "–",
    `${fiMoney("1 720")} h × ${fiMoney("35,00 €")}`,
    fiMoney("60 200,00 €"),
    /%$/,
  ]);
  await expect(costTable.locator("tbody tr").nth(1).locator("td").nth(0)).toHaveText("Flat rate -kulut");
  await expect(costTable.locator("tbody tr").nth(1).locator("td").nth(3)).toHaveText(fiMoney("24 080,00 €"));

  const plan = page.locator("#plan-years");
  await expect(plan.locator("thead th")).toHaveText(["Laji", "2027", "2028", "Yhteensä"]);
  expect(await yearCells(page, "plan-years", "Henkilöstökulut", [2027, 2028])).toEqual({ 2027: fiMoney("30 058,82 €"), 2028: fiMoney("30 141,18 €") });
  expect(await yearCells(page, "plan-years", "Flat rate -kulut", [2027, 2028])).toEqual({ 2027: fiMoney("12 023,53 €"), 2028: fiMoney("12 056,47 €") });
  expect(await yearCells(page, "plan-years", "Kustannukset yhteensä", [2027, 2028])).toEqual({ 2027: fiMoney("42 082,35 €"), 2028: fiMoney("42 197,65 €") });
  expect(await yearCells(page, "plan-years", "ESR-/julkinen rahoitus", [2027, 2028])).toEqual({ 2027: fiMoney("33 665,88 €"), 2028: fiMoney("33 758,12 €") });
  expect(await yearCells(page, "plan-years", "Omarahoitus", [2027, 2028])).toEqual({ 2027: fiMoney("8 416,47 €"), 2028: fiMoney("8 439,53 €") });
  expect(await yearCells(page, "plan-years", "Yhteensä", [2027, 2028])).toEqual({ 2027: fiMoney("42 082,35 €"), 2028: fiMoney("42 197,65 €") });
  expect(await exactText(plan.locator("tbody tr").last().locator("td").last())).toBe(fiMoney("84 280,00 €"));
});
