/**
 * Issue 4's journey through SUMMIT's change request of § 14, signed in as the employment manager
 * (project "decisions": it runs after every read-only journey, because deciding the request
 * changes SUMMIT's figures). The request is pending in the e2e database (DEMO_SUMMIT_REQUEST):
 * open it from the list, read the current and the proposed plan and the commitments per year
 * before and after, record the conditional approval of 20.5.2026 (§ 14) after a refused attempt
 * without a date, see the conditional amounts on the project page, the portfolio and the city's
 * commitments page, then settle the condition as met. Figures with the no-break spaces (U+00A0)
 * and the minus sign (U+2212) fi-FI prints; axe on the request page.
 *
 * The split rule spreads 82 500 € over 1.11.2026–31.10.2029 by days: 61 / 365 / 366 / 304 of
 * 1 096 → 4 591,70 / 27 474,91 / 27 550,18 / 22 883,21 € (largest remainders: 2026 and 2028 get
 * the two leftover cents). The original 55 000 € over 1.4.2026–30.3.2028: 275 / 365 / 90 of 730.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { exactText, expectFieldError, expectNoSeriousA11yViolations, fiMoney, openFromPortfolio, portfolioTable, waitForHydration, yearCells } from "./support";

test.describe.configure({ mode: "serial" });

/** U+2212, the minus sign fi-FI prints before a negative amount. */
const MINUS = "\u2212";

const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";
const UNIT = "Työllisyys- ja kansainvälisyyspalvelut";
const CONDITION = "Mikäli hanke saa ESR-rahoituksen.";

/** SUMMIT's commitment per year before (55 000 €) and after (82 500 €) the request. */
const BEFORE = { 2026: "20 719,18 €", 2027: "27 500,00 €", 2028: "6 780,82 €", 2029: "0,00 €" };
const AFTER = { 2026: "4 591,70 €", 2027: "27 474,91 €", 2028: "27 550,18 €", 2029: "22 883,21 €" };
const DIFFERENCE = { 2026: `${MINUS}16 127,48 €`, 2027: `${MINUS}25,09 €`, 2028: "+20 769,36 €", 2029: "+22 883,21 €" };
const ZERO = { 2026: "0,00 €", 2027: "0,00 €", 2028: "0,00 €", 2029: "0,00 €" };
const YEARS = [2026, 2027, 2028, 2029];

/** The same figures as the page prints them (U+00A0 in place of the plain spaces). */
function fi(figures: Record<number, string>): Record<number, string> {
  return Object.fromEntries(Object.entries(figures).map(([y, v]) => [y, fiMoney(v)]));
}

/** The exact text of the last cell (the total column) of a table row found by its header. */
async function rowTotal(table: Locator, rowName: string): Promise<string> {
  const row = table.locator("tbody tr", { has: table.page().locator("th[scope=row]", { hasText: new RegExp(`^${rowName}$`) }) });
  return exactText(row.locator("td").last());
}

/** Opens SUMMIT's request from the list of change requests, in whichever group it now is. */
async function openSummitRequest(page: Page): Promise<void> {
  await page.goto("/change-requests");
  await page.locator("table.data tbody th[scope=row]").getByRole("link", { name: "SUMMIT", exact: true }).click();
  await expect(page).toHaveURL(/\/change-requests\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemus: SUMMIT");
}

/** The cells of one row of the city commitments page: the row group (unit or project) and the kind. */
function commitmentsRow(page: Page, tableId: string, group: RegExp, kind: "Vahvistettu" | "Ehdollinen" | "Yhteensä"): Locator {
  const body = page.locator(`#${tableId} tbody.group`, { has: page.locator("th[scope=rowgroup]", { hasText: group }) });
  return body.locator("tr", { has: page.locator("th[scope=row]", { hasText: new RegExp(`^${kind}$`) }) });
}

test("SUMMIT's pending request from the navigation: the current and the proposed plan, per year", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("navigation").getByRole("link", { name: "Muutoshakemukset" }).click();
  await expect(page).toHaveURL(/\/change-requests$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemukset");
  // A client-side navigation moves focus to the new page's heading and announces its title.
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page.locator("#route-announcer")).toHaveText(/Muutoshakemukset – Hankevahti/);
  const pending = page.locator("#pending-requests");
  await expect(pending.locator("caption")).toHaveText("Odottavat päätöstä");
  const row = pending.locator("tbody tr", { has: page.getByRole("link", { name: "SUMMIT", exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("20.5.2026");
  await expect(row).toContainText("Kajaanin Haka ry");
  await expect(row).toContainText("Tuensaajalta kaupungille");
  await expect(row.locator(".badge")).toHaveText("Odottaa päätöstä");
  await row.getByRole("link", { name: "SUMMIT", exact: true }).click();

  await expect(page).toHaveURL(/\/change-requests\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemus: SUMMIT");
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");
  await expect(page.locator("p.eyebrow")).toContainText("Versio 1 → 2");

  // Every changed field; the period and the budget exactly as printed.
  const fields = page.locator("table.compare").first();
  await expect(fields.locator("caption")).toHaveText("Nykyinen ja ehdotettu suunnitelma");
  await expect(fields.locator('tr[data-field="start"] td')).toHaveText(["1.4.2026", "1.11.2026", ""]);
  await expect(fields.locator('tr[data-field="end"] td')).toHaveText(["30.3.2028", "31.10.2029", ""]);
  const budget = fields.locator('tr[data-field="totalBudgetCents"] td');
  expect(await exactText(budget.nth(0))).toBe(fiMoney("520 000 €"));
  expect(await exactText(budget.nth(1))).toBe(fiMoney("504 000 €"));
  expect(await exactText(budget.nth(2))).toBe(fiMoney(`${MINUS}16 000 €`));

  // The project's commitments per year: 55 000 € over 2026–2028 now, 82 500 € over 2026–2029 proposed.
  const mine = page.locator("#request-commitments");
  await expect(mine.locator("caption")).toHaveText("Hankkeen kaupungin rahoitus vuosittain");
  await expect(mine.locator("thead th")).toHaveText(["Vuosi", "2026", "2027", "2028", "2029", "Yhteensä"]);
  expect(await yearCells(page, "request-commitments", "Nykyinen: vahvistettu", YEARS)).toEqual(fi(BEFORE));
  expect(await yearCells(page, "request-commitments", "Nykyinen: ehdollinen", YEARS)).toEqual(fi(ZERO));
  expect(await yearCells(page, "request-commitments", "Nykyinen: yhteensä", YEARS)).toEqual(fi(BEFORE));
  expect(await rowTotal(mine, "Nykyinen: yhteensä")).toBe(fiMoney("55 000,00 €"));
  expect(await yearCells(page, "request-commitments", "Ehdotettu: yhteensä", YEARS)).toEqual(fi(AFTER));
  expect(await rowTotal(mine, "Ehdotettu: yhteensä")).toBe(fiMoney("82 500,00 €"));
  expect(await yearCells(page, "request-commitments", "Muutos", YEARS)).toEqual(fi(DIFFERENCE));
  expect(await rowTotal(mine, "Muutos")).toBe(fiMoney("+27 500,00 €"));

  // The city's totals per year if approved. 2026: SUMMIT + Kotona Kajaanissa (115 584 € over
  // 1.5.2025–30.4.2028, 365 of 1 096 days = 38 492,85 €); 2029: SUMMIT + OTE's conditional 7 000 €.
  // (2027 and 2028 also carry the commitments other journeys add, so only the change is checked.)
  const city = page.locator("#request-city");
  await expect(city.locator("caption")).toHaveText("Kaupungin kaikki sitoumukset vuosittain, jos hakemus hyväksytään");
  const cityNow = await yearCells(page, "request-city", "Nyt: yhteensä", [2026, 2029]);
  expect(cityNow).toEqual(fi({ 2026: "59 212,03 €", 2029: "7 000,00 €" }));
  expect(await yearCells(page, "request-city", "Nyt: ehdollinen", [2029])).toEqual(fi({ 2029: "7 000,00 €" }));
  const cityAfter = await yearCells(page, "request-city", "Hyväksynnän jälkeen: yhteensä", [2026, 2029]);
  expect(cityAfter).toEqual(fi({ 2026: "43 084,55 €", 2029: "29 883,21 €" }));
  expect(await yearCells(page, "request-city", "Muutos", YEARS)).toEqual(fi(DIFFERENCE));
  expect(await rowTotal(city, "Muutos")).toBe(fiMoney("+27 500,00 €"));

  await expectNoSeriousA11yViolations(page);
});

test("the decision: refused without a date, then approved on condition (20.5.2026 § 14) through the confirmation step", async ({ page }) => {
  await openSummitRequest(page);
  await waitForHydration(page);
  const form = page.locator("form", { has: page.locator('input[name="_intent"][value="decide"]') });
  // No outcome is preselected.
  await expect(form.getByRole("combobox", { name: "Päätös", exact: true })).toHaveValue("");
  await form.getByRole("combobox", { name: "Päätös", exact: true }).selectOption({ label: "Hyväksytään ehdollisesti" });
  await form.getByRole("textbox", { name: "Ehto", exact: true }).fill(CONDITION);
  await form.getByLabel("Päättäjä (toimielin)").fill(DIVISION);
  await form.getByLabel("Pykälä (§)").fill("14");
  await form.getByLabel("Päätöspäivä").fill("");

  // No date: the Finnish message next to the date field, the request still pending.
  const refused = page.waitForResponse((r) => r.request().method() === "POST");
  await form.getByRole("button", { name: "Tarkista ennen tallennusta" }).click();
  expect((await refused).status()).toBe(400);
  await expectFieldError(page, "date", "Anna päätöspäivä.");
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");
  await expect(form.getByRole("textbox", { name: "Ehto", exact: true })).toHaveValue(CONDITION);
  await page.reload();
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");

  await waitForHydration(page);
  await form.getByRole("combobox", { name: "Päätös", exact: true }).selectOption({ label: "Hyväksytään ehdollisesti" });
  await form.getByRole("textbox", { name: "Ehto", exact: true }).fill(CONDITION);
  await form.getByLabel("Päättäjä (toimielin)").fill(DIVISION);
  await form.getByLabel("Pykälä (§)").fill("14");
  await form.getByLabel("Päätöspäivä").fill("20.5.2026");
  await form.getByRole("button", { name: "Tarkista ennen tallennusta" }).click();

  // The confirmation restates the effect in words and figures; nothing is stored yet.
  await expect(page.getByRole("heading", { level: 2, name: "Tarkista päätös ennen tallennusta" })).toBeVisible();
  await expect(page.locator("#confirm-effects")).toContainText(
    `Kaupungin vuoden 2027 sitoumus muuttuu ${fiMoney("27 500,00 €")}:sta ${fiMoney("27 474,91 €")}:oon.`,
  );
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Vahvista ja tallenna päätös" }).click();

  await expect(page.locator("#flash")).toHaveText("Päätös kirjattu.");
  await expect(page.locator("#request-outcome")).toHaveText("Hyväksytty ehdollisesti");
  await expect(page.locator("dl.facts")).toContainText(`${CONDITION} – ratkaisematta`);
  await expect(page.locator("dl.facts")).toContainText(`${DIVISION} 20.5.2026 § 14`);
  await expect(page.locator("dl.facts")).toContainText("Paula Päällikkö");
  await expect(page.getByRole("columnheader", { name: "Ennen päätöstä" }).first()).toBeVisible();
  await expect(page.locator('input[name="_intent"][value="decide"]')).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "Ehdon ratkaisu" })).toBeVisible();

  await page.goto("/change-requests");
  await expect(page.locator("#pending-requests")).toHaveCount(0);
  await expect(page.locator("#conditional-requests caption")).toHaveText("Ehdollisesti hyväksytyt, ehto ratkaisematta");
  await expect(page.locator("#conditional-requests").getByRole("link", { name: "SUMMIT", exact: true })).toHaveCount(1);
});

test("after the decision: version 2 on SUMMIT's page, 82 500 € conditional in the portfolio and the city's years", async ({ page }) => {
  await openFromPortfolio(page, "SUMMIT");
  const versions = page.locator("ol.timeline > li");
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText("Suunnitelmaversio 1 · Korvattu · 1.4.2026–30.3.2028");
  await expect(versions.nth(0)).toContainText("Syntyi: alkuperäinen suunnitelma");
  const v2 = versions.nth(1);
  await expect(v2).toContainText(`Suunnitelmaversio 2 · Voimassa · 1.11.2026–31.10.2029 · ${fiMoney("504 000 €")}`);
  await expect(v2).toContainText(`Syntyi: muutoshakemus, päätös ${DIVISION} 20.5.2026 § 14`);
  await expect(v2.getByRole("link", { name: "Hyväksytty ehdollisesti" })).toBeVisible();

  const cards = page.locator("ul.commitments > li");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${UNIT}: ${fiMoney("82 500 €")} · Ehdollinen – ${CONDITION}`);
  await expect(cards.first()).toContainText(`${DIVISION} 20.5.2026 § 14`);
  await expect(page.locator("#commitment-years thead th")).toHaveText(["Ehto", "2026", "2027", "2028", "2029", "Yhteensä"]);
  expect(await yearCells(page, "commitment-years", "Ehdollinen", YEARS)).toEqual(fi(AFTER));
  expect(await yearCells(page, "commitment-years", "Vahvistettu", YEARS)).toEqual(fi(ZERO));

  // The portfolio: SUMMIT's city commitment is the new 82 500 €, marked conditional.
  await page.goto("/");
  const headers = (await portfolioTable(page).locator("thead th").allTextContents()).map((t) => t.trim());
  const cityColumn = headers.indexOf("Kaupungin sitoumus");
  expect(cityColumn).toBeGreaterThan(0);
  const summit = portfolioTable(page).locator("tbody tr", { has: page.getByRole("link", { name: "SUMMIT", exact: true }) });
  await expect(summit).toContainText("1.11.2026–31.10.2029");
  const cityCell = summit.locator("> th, > td").nth(cityColumn);
  expect(await exactText(cityCell.locator("span.num"))).toBe(fiMoney("82 500 €"));
  await expect(cityCell.locator(".sub")).toHaveText("Ehdollinen");

  // The city's commitments per year: SUMMIT's years all conditional; 2029 for the unit is
  // SUMMIT's 22 883,21 € + OTE's 7 000 € = 29 883,21 €.
  await page.getByRole("navigation").getByRole("link", { name: "Kaupungin sitoumukset" }).click();
  await expect(page).toHaveURL(/\/commitments$/);
  const summitConditional = commitmentsRow(page, "commitments-by-project", /^SUMMIT/, "Ehdollinen");
  const summitConfirmed = commitmentsRow(page, "commitments-by-project", /^SUMMIT/, "Vahvistettu");
  for (const y of YEARS) {
    expect(await exactText(summitConditional.locator(`td[data-year="${y}"]`)), `SUMMIT ${y}`).toBe(fiMoney(AFTER[y as 2026]));
    expect(await exactText(summitConfirmed.locator(`td[data-year="${y}"]`)), `SUMMIT ${y}`).toBe(fiMoney("0,00 €"));
  }
  expect(await exactText(summitConditional.locator('td[data-year="total"]'))).toBe(fiMoney("82 500,00 €"));
  const oteConditional = commitmentsRow(page, "commitments-by-project", /^OTE/, "Ehdollinen");
  expect(await exactText(oteConditional.locator('td[data-year="2029"]'))).toBe(fiMoney("7 000,00 €"));
  const unitConditional = commitmentsRow(page, "commitments-by-unit", new RegExp(`^${UNIT}$`), "Ehdollinen");
  expect(await exactText(unitConditional.locator('td[data-year="2029"]'))).toBe(fiMoney("29 883,21 €"));
  expect(await exactText(unitConditional.locator('td[data-year="2026"]'))).toBe(fiMoney("4 591,70 €"));
  const cityConditional = commitmentsRow(page, "commitments-by-unit", /^Kaupunki yhteensä$/, "Ehdollinen");
  expect(await exactText(cityConditional.locator('td[data-year="2029"]'))).toBe(fiMoney("29 883,21 €"));
});

test("the condition met: SUMMIT's commitment is confirmed", async ({ page }) => {
  await openSummitRequest(page);
  await waitForHydration(page);
  const form = page.locator("form", { has: page.locator('input[name="_intent"][value="settle"]') });
  await expect(form.locator("#f-outcome")).toHaveValue("");
  await form.locator("#f-outcome").selectOption({ label: "Ehto täyttyi" });
  await form.getByLabel("Päivämäärä").fill("30.9.2026");
  await form.getByRole("button", { name: "Tarkista ennen tallennusta" }).click();
  await page.getByRole("button", { name: "Vahvista ja tallenna päätös" }).click();
  await expect(page.locator("#flash")).toHaveText("Ehdon ratkaisu kirjattu.");
  await expect(page.locator("#request-outcome")).toHaveText("Hyväksytty, ehto täyttynyt");
  await expect(page.getByRole("heading", { level: 2, name: "Ehdon ratkaisu" })).toHaveCount(0);

  await page.locator("p.eyebrow").getByRole("link", { name: "SUMMIT", exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.locator("ul.commitments > li").first()).toContainText(`${UNIT}: ${fiMoney("82 500 €")} · Ehto täyttynyt`);
  expect(await yearCells(page, "commitment-years", "Vahvistettu", YEARS)).toEqual(fi(AFTER));
  expect(await yearCells(page, "commitment-years", "Ehdollinen", YEARS)).toEqual(fi(ZERO));

  await page.goto("/");
  const summit = portfolioTable(page).locator("tbody tr", { has: page.getByRole("link", { name: "SUMMIT", exact: true }) });
  await expect(summit).toContainText(fiMoney("82 500 €"));
  await expect(summit.getByText("Ehdollinen", { exact: true })).toHaveCount(0);
});

test("a request recorded for OTE is withdrawn: it stays in the list as withdrawn and the plan does not change", async ({ page }) => {
  await openFromPortfolio(page, "OTE");
  const projectUrl = page.url();
  await page.getByRole("link", { name: "Uusi muutoshakemus" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uusi muutoshakemus: OTE");
  await waitForHydration(page);
  await page.getByLabel("Saapunut").fill("1.12.2026");
  await page.getByLabel("Muu", { exact: true }).check();
  await page.getByLabel("Perustelut").fill("Hakija pyytää siirtämään rahoitusta.");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page).toHaveURL(/\/change-requests\/\d+$/);
  await expect(page.locator("#flash")).toHaveText("Muutoshakemus kirjattu.");
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");

  await page.getByLabel("Perumisen syy").fill("Hakija perui pyynnön.");
  await page.getByRole("button", { name: "Peru hakemus" }).click();
  await expect(page.locator("#flash")).toHaveText("Muutoshakemus peruttu. Voimassa oleva suunnitelma ei muuttunut.");
  await expect(page.locator("#request-outcome")).toHaveText("Peruttu ennen päätöstä");
  await expect(page.locator("dl.facts")).toContainText("Hakija perui pyynnön.");
  await expect(page.getByRole("button", { name: "Peru hakemus" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await page.goto("/change-requests");
  await expect(page.locator("table.data").getByRole("link", { name: "OTE", exact: true })).toHaveCount(1);
  await page.goto(projectUrl);
  await expect(page.locator("ol.timeline > li").first()).toContainText("Voimassa");
});

test("a missing page shows the 404 in the app's frame, and the navigation leads away from it", async ({ page }) => {
  const response = await page.goto("/change-requests/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sivua ei löytynyt");
  await expect(page).toHaveTitle(/Hankevahti/);
  await page.getByRole("navigation").getByRole("link", { name: "Muutoshakemukset" }).click();
  await expect(page).toHaveURL(/\/change-requests$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemukset");
});
