/**
 * An association's representative asks for a change to their own project, follows it and
 * withdraws it, signed in through the login form as Kajaanin Haka ry (haka@hankevahti.test):
 * FLOW's page → "Hae muutosta" → the change-request form (without the direction, the requester
 * and the day of arrival, which are Haka's, to the city, today) → a longer period → the request's
 * page, pending → the list of change requests → withdrawn. The e2e database is shared by the
 * journeys: this one finds its request by its own id and a reason no other run uses, assumes
 * nothing about other requests, and withdraws what it filed even when a step fails (the
 * "decisions" journeys expect no pending request but SUMMIT's).
 */
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, expectNoSeriousA11yViolations, openFromPortfolio, signIn, waitForHydration } from "./support";

test.use({ storageState: SIGNED_OUT });

const LONG = { timeout: 30_000 };

/** The request this journey filed (its id), so that it can be withdrawn whatever happens. */
let filed: number | null = null;

/** Withdraws the request on its page, if it still offers that. */
async function withdraw(page: Page, id: number, reason: string): Promise<void> {
  await page.goto(`/change-requests/${id}`);
  await waitForHydration(page);
  const button = page.getByRole("button", { name: "Peru hakemus" });
  if ((await button.count()) === 0) return;
  await page.getByLabel("Perumisen syy").fill(reason);
  await button.click();
  await expect(page.locator("#request-outcome")).toHaveText("Peruttu ennen päätöstä", LONG);
}

test.afterEach(async ({ page }) => {
  if (filed !== null) await withdraw(page, filed, "Siivous: testin jäljiltä.");
  filed = null;
});

test("Haka asks for a longer period for FLOW, sees it pending in its list, and withdraws it", async ({ page }) => {
  test.setTimeout(180_000);
  const reason = `Loppuraportointi vaatii lisäaikaa (e2e ${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}).`;

  await signIn(page, ACCOUNTS.haka);
  await openFromPortfolio(page, "FLOW");
  const projectUrl = page.url();
  // The association's one action on its project: no editing of the project or its plan.
  await expect(page.getByRole("link", { name: /^(Muokkaa|Muokkaa suunnitelmaa|Lisää sitoumus|Uusi muutoshakemus)$/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Hae muutosta" }).click();

  // The same form as the manager's, without the fields that are not the association's to choose.
  await expect(page).toHaveURL(/\/projects\/\d+\/change-requests\/new$/, LONG);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hae muutosta: FLOW");
  await expect(page.locator("p.lead")).toContainText("Hakijaksi kirjataan Kajaanin Haka ry");
  for (const name of ["direction", "requestedByOrganisationId", "receivedOn"]) await expect(page.locator(`[name="${name}"]`)).toHaveCount(0);
  await expect(page.getByLabel("Päättyy")).toHaveValue("31.12.2025");
  await expectNoSeriousA11yViolations(page);

  await waitForHydration(page);
  await page.getByLabel("Päättyy").fill("31.12.2026");
  await page.getByLabel("Jatkoaika", { exact: true }).check();
  await page.getByLabel("Perustelut").fill(reason);
  await page.getByRole("button", { name: "Tallenna" }).click();

  // The request's page: filed and pending, Haka's request to the city.
  await expect(page).toHaveURL(/\/change-requests\/\d+$/, LONG);
  filed = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.locator("#flash")).toHaveText("Muutoshakemus lähetetty. Se odottaa kaupungin päätöstä; voitte perua sen siihen asti.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemus: FLOW");
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");
  await expect(page.locator("p.description")).toHaveText(reason);
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("Tuensaajalta kaupungille");
  await expect(facts).toContainText("Kajaanin Haka ry");
  await expect(facts).toContainText("Hanna Haka");
  await expect(page.locator('table.compare tr[data-field="end"] td').first()).toHaveText("31.12.2025");
  await expect(page.locator('table.compare tr[data-field="end"] td').nth(1)).toHaveText("31.12.2026");
  // Haka may withdraw it, never decide it.
  await expect(page.locator('input[name="_intent"][value="decide"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Peru hakemus" })).toBeVisible();

  // Its list of requests: this one among the pending ones.
  await page.goto("/change-requests");
  const mine = page.locator(`#pending-requests tbody tr:has(a[href="/change-requests/${filed}"])`);
  await expect(mine).toHaveCount(1, LONG);
  await expect(mine.locator("th[scope=row]")).toContainText("FLOW");
  await expect(mine.locator(".badge")).toHaveText("Odottaa päätöstä");

  // Withdrawn from its page, with a reason.
  await mine.locator(`a[href="/change-requests/${filed}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/change-requests/${filed}$`), LONG);
  await waitForHydration(page);
  await page.getByLabel("Perumisen syy").fill("Raportti valmistui ajallaan.");
  await page.getByRole("button", { name: "Peru hakemus" }).click();
  await expect(page.locator("#flash")).toHaveText("Muutoshakemus peruttu. Voimassa oleva suunnitelma ei muuttunut.", LONG);
  await expect(page.locator("#request-outcome")).toHaveText("Peruttu ennen päätöstä");
  await expect(facts).toContainText("Raportti valmistui ajallaan.");
  await expect(page.getByRole("button", { name: "Peru hakemus" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Muokkaa hakemusta" })).toHaveCount(0);
  const id = filed;
  filed = null;

  // Withdrawn in the list, and on the project page; the plan in force did not change.
  await page.goto("/change-requests");
  await expect(page.locator(`#pending-requests a[href="/change-requests/${id}"]`)).toHaveCount(0);
  const done = page.locator(`#decided-requests tbody tr:has(a[href="/change-requests/${id}"])`);
  await expect(done.locator(".badge")).toHaveText("Peruttu ennen päätöstä", LONG);
  await page.goto(projectUrl);
  await expect(page.locator(`ul > li:has(a[href="/change-requests/${id}"])`)).toContainText("Peruttu ennen päätöstä");
  await expect(page.locator("ol.timeline > li", { hasText: "Voimassa" })).toContainText("1.9.2023–31.12.2025");
});
