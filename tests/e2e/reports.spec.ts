/**
 * Issue 18's journey: Kajaanin Haka ry's representative fills in SUMMIT's yearly report (its
 * draft saves itself), submits it and gets a receipt; the employment manager returns it with a
 * comment on the costs; the representative sees the comment beside the costs, fixes and
 * resubmits; the manager accepts; SUMMIT's reach figure and pace change on the project page.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, expectFieldError, expectNoSeriousA11yViolations, openFromPortfolio, signIn, waitForHydration } from "./support";

async function representative(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.haka);
  return page;
}

test("a yearly report: filled in, submitted, returned, fixed, resubmitted and accepted; reach and pace change", async ({ page, browser }) => {
  test.setTimeout(180_000);

  // The manager gives SUMMIT a reach target first, so that pace can be judged.
  await openFromPortfolio(page, "SUMMIT");
  const projectUrl = page.url();
  const targets = page.locator("section[aria-labelledby=targets]");
  await targets.getByRole("link", { name: "Lisää tavoite" }).click();
  await waitForHydration(page);
  await page.getByLabel("Laji").selectOption("reach");
  await page.getByLabel("Tavoite", { exact: true }).fill("150");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status")).toContainText("Tavoite tallennettu.");
  const reach = page.locator('section[aria-labelledby=targets] tr[data-indicator="reach"]');
  await expect(reach).toContainText("Ei kirjauksia");

  // The representative lands on their own page and opens the report the deadline asks for.
  const haka = await representative(browser);
  const own = haka.locator("section[aria-labelledby=own-deadlines]");
  await own
    .locator("li", { hasText: "SUMMIT" })
    .filter({ hasText: "Vuosiraportti" })
    .first()
    .getByRole("link", { name: /raportti/i })
    .click();
  await expect(haka.getByRole("heading", { level: 1 })).toHaveText("Vuosiraportti: SUMMIT");
  await expect(haka).toHaveTitle(/^Vuosiraportti – täyttö: SUMMIT – Hankevahti$/);
  await waitForHydration(haka);
  // The draft saved in the demo is there to continue.
  await expect(haka.locator("#f-reachedTotal")).toHaveValue("14");

  // A total above the sum of its parts is refused next to the field, before anything is posted.
  await haka.locator("#f-reachedTotal").fill("20");
  await haka.getByRole("button", { name: "Jätä raportti" }).click();
  await expectFieldError(haka, "reachedTotal", "Yhteensä on suurempi kuin osiensa summa 14.");
  await haka.locator("#f-reachedTotal").fill("14");

  await haka.locator("#f-outcomeEducation").fill("3");
  await haka.locator("#f-outcomeOther").fill("1");
  await haka.locator("#f-partners").fill("6");
  await haka.locator("#f-costs-staff-amount").fill("40 000");
  await haka.locator("#f-esrReceived").fill("44 800");
  await haka.locator("#f-cityReceived").fill("11 200");
  await haka.locator("#f-otherReceived").fill("0");
  await haka.locator("#f-doneText").fill("Kaksi ryhmää aloitti; yhteistyö oppilaitosten kanssa käynnistyi.");
  // With JavaScript the draft saves itself a few seconds after a change.
  await expect(haka.locator(".autosave-status")).toContainText("Luonnos tallennettu", { timeout: 20_000 });
  await expectNoSeriousA11yViolations(haka);

  await haka.getByRole("button", { name: "Jätä raportti" }).click();
  await expect(haka.getByRole("heading", { level: 1 })).toHaveText("Kuittaus: Vuosiraportti jätetty");
  await expect(haka.locator(".receipt")).toContainText("Raporttisi on vastaanotettu");
  await expect(haka.locator(".receipt")).toContainText(ACCOUNTS.haka);
  await expectNoSeriousA11yViolations(haka);
  await haka.getByRole("link", { name: "Näytä jätetty raportti" }).click();
  await expect(haka.getByText("Jätetty, odottaa käsittelyä")).toBeVisible();
  await expect(haka.getByRole("button", { name: "Jätä raportti" })).toHaveCount(0);
  const reportUrl = haka.url();

  // The manager returns it with a comment on the costs.
  await page.goto(reportUrl);
  await page.getByRole("link", { name: "Käsittele raportti" }).click();
  await expect(page).toHaveTitle(/^Raportin käsittely: SUMMIT – Hankevahti$/);
  await waitForHydration(page);
  await expectNoSeriousA11yViolations(page);
  await expect(page.getByRole("heading", { name: "Käsittely", exact: true })).toBeVisible();
  // No decision is preselected.
  await expect(page.getByLabel("Hyväksy raportti")).not.toBeChecked();
  await expect(page.getByLabel("Palauta täydennettäväksi")).not.toBeChecked();
  await page.getByLabel("Palauta täydennettäväksi").check();
  await page.getByLabel("Kommentti: Toteutuneet kustannukset kaudella").fill("Liittäkää henkilöstökulujen erittely ja kertokaa, miksi kulut jäivät pieniksi.");
  await page.getByRole("button", { name: "Tallenna käsittely" }).click();
  await expect(page.getByRole("status").first()).toContainText("Raportti palautettiin täydennettäväksi");
  await expect(page.getByText("Palautettu täydennettäväksi").first()).toBeVisible();

  // The representative sees the comment beside the costs, fixes and resubmits.
  await haka.goto(reportUrl);
  await haka.getByRole("link", { name: "Jatka raporttia" }).click();
  await waitForHydration(haka);
  const costs = haka.locator("#section-costs");
  await expect(costs.locator(".review-comment")).toContainText("Liittäkää henkilöstökulujen erittely");
  await haka.locator("#f-costs-staff-explanation").fill("Rekrytointi viivästyi kahdella kuukaudella; erittely liitteenä.");
  await haka.getByRole("button", { name: "Jätä raportti" }).click();
  await expect(haka.getByRole("heading", { level: 1 })).toHaveText("Kuittaus: Vuosiraportti jätetty");

  // The manager accepts.
  await page.goto(reportUrl);
  await expect(page.getByText("Jätetty uudelleen, odottaa käsittelyä").first()).toBeVisible();
  await page.getByRole("link", { name: "Käsittele raportti" }).click();
  await waitForHydration(page);
  await page.getByLabel("Hyväksy raportti").check();
  await page.getByRole("button", { name: "Tallenna käsittely" }).click();
  await expect(page.getByRole("status").first()).toContainText("Raportti hyväksyttiin");
  await expect(page.getByRole("link", { name: "Käsittele raportti" })).toHaveCount(0);

  // SUMMIT's reach is now 14 of 150, and its pace is judged.
  await page.goto(projectUrl);
  await expect(reach).toContainText("14");
  await expect(reach).toContainText("150");
  await expect(reach).not.toContainText("Ei kirjauksia");
  await expect(reach).toContainText("Jäljessä tahdista");
  const reports = page.locator("section[aria-labelledby=reports]");
  await expect(reports.getByTestId("last-accepted")).toContainText("Vuosiraportti");
  await expect(reports.getByTestId("last-accepted")).toContainText("tavoitettu 14");
  await expectNoSeriousA11yViolations(page);
  await haka.context().close();
});

test("a report that is not filled in cannot be submitted without JavaScript: the messages are next to the fields", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ storageState: SIGNED_OUT, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Sähköposti").fill(ACCOUNTS.spr);
  await page.getByLabel("Salasana").fill("hankevahti-demo");
  await page.getByRole("button", { name: "Kirjaudu", exact: true }).click();
  await expect(page.getByRole("button", { name: "Kirjaudu ulos" })).toBeVisible();
  // SPR's returned yearly report of Kotona Kajaanissa.
  await page.locator("section[aria-labelledby=own-deadlines]").getByRole("link", { name: "Jatka raporttia" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vuosiraportti: Kotona Kajaanissa");
  await expect(page.locator("#section-costs .review-comment")).toContainText("Henkilöstökulut poikkeavat");
  await page.locator("#f-outcomeWork").fill("50");
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expectFieldError(page, "outcomeWork", "Tuloksia ei voi olla enemmän kuin tavoitettuja (38).");
  await page.locator("#f-outcomeWork").fill("6");
  await page.locator("#f-doneText").fill("");
  await page.getByRole("button", { name: "Jätä raportti" }).click();
  await expectFieldError(page, "doneText", "Täytä tämä ennen kuin jätät raportin.");
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expect(page.getByRole("status").first()).toContainText("Luonnos tallennettu");
  await context.close();
});
