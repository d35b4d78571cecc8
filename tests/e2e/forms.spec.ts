/**
 * Issue 2's form journeys, signed in as the employment manager: a new project through the form,
 * then a commitment with an explicit split on its page; bad input ("12,3,4", end before start, a
 * split that does not sum) shows the Finnish message next to each field. With JavaScript the
 * browser validates and posts nothing; without it the server answers 400 and renders the same
 * messages with the values kept. Also axe on the new-project form.
 */
import { expect, test, type Page, type Request } from "@playwright/test";
import { exactText, expectFieldError, expectNoSeriousA11yViolations, fiMoney, fillProjectFacts, uniqueCaseNumber, waitForHydration } from "./support";

const MONEY_INVALID = "Anna summa euroina, esim. 12 500 tai 20 719,18.";
const END_BEFORE_START = "Päättymispäivä ei voi olla ennen alkamispäivää.";
const SUMMARY = "Lomakkeessa on virheitä. Korjaa merkityt kentät.";
const splitMismatch = (actual: string, expected: string) => `Vuosien summa ${fiMoney(actual)} ei ole sama kuin kokonaissumma ${fiMoney(expected)}.`;

/** Collects the POST requests the page sends (none may go out while the browser finds errors). */
function recordPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r);
  });
  return posts;
}

/** Clicks "Tallenna" without JavaScript and returns the status of the form post (400 refused, 302 saved). */
async function saveNative(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document"),
    page.getByRole("button", { name: "Tallenna" }).click(),
  ]);
  await page.waitForLoadState("domcontentloaded");
  return response.status();
}

/** The new-project form with bad input: end before start, "12,3,4" as the staff costs. */
async function fillBadProject(page: Page, facts: { name: string; shortName: string; caseNumber: string }) {
  await fillProjectFacts(page, facts);
  await page.getByLabel("Alkaa").fill("1.1.2028");
  await page.getByLabel("Päättyy").fill("1.1.2027");
  await page.locator("#cost-rows").getByLabel("Summa (€) 1").fill("12,3,4");
}

/** Corrects the period and the amounts: 100 000 € of staff costs (+ 40 % flat rate), ESR and own funding. */
async function fixProject(page: Page) {
  await page.getByLabel("Alkaa").fill("1.1.2027");
  await page.getByLabel("Päättyy").fill("31.12.2028");
  await page.locator("#cost-rows").getByLabel("Summa (€) 1").fill("100 000");
  await page.locator("#financing-rows").getByLabel("Summa (€) 1").fill("112 000");
  await page.locator("#financing-rows").getByLabel("Summa (€) 2").fill("28 000");
}

/** The commitment's amount (its label ends in an aria-hidden "*", the split cells are "Summa (€) 1"…). */
const commitmentAmount = (page: Page) => page.getByRole("textbox", { name: "Summa (€)", exact: true });

/** The commitment form: conditional 30 000 € from the employment services, split 2027/2028. */
async function fillCommitment(page: Page, amount: string, split: [string, string]) {
  await page.getByLabel("Sitoutuva yksikkö").selectOption({ label: "Työllisyys- ja kansainvälisyyspalvelut" });
  await commitmentAmount(page).fill(amount);
  await page.getByRole("combobox", { name: "Ehto", exact: true }).selectOption("pending");
  await page.getByLabel("Ehdon sisältö").fill("mikäli hanke saa ESR-rahoituksen");
  await page.getByLabel("Toimielin").fill("Työllisyysjaosto");
  await page.getByLabel("Päätöspäivä").fill("12.3.2026");
  await page.getByLabel("Pykälä (§)").fill("14");
  await page.getByLabel("Vuosi 1").fill("2027");
  await page.getByLabel("Summa (€) 1").fill(split[0]);
  await page.getByLabel("Vuosi 2").fill("2028");
  await page.getByLabel("Summa (€) 2").fill(split[1]);
}

/** The split's message sits under the split table, inside its fieldset. */
async function expectSplitError(page: Page, message: string) {
  const fieldset = page.locator("fieldset", { has: page.locator("#split-rows") });
  await expect(fieldset.locator('.field-error[data-field="split"]')).toHaveText(message);
}

/** The saved commitment and its per-year split on the project page. */
async function expectCommitmentShown(page: Page) {
  await expect(page).toHaveURL(/\/projects\/\d+#commitments$/);
  const cards = page.locator("ul.commitments > li");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Työllisyys- ja kansainvälisyyspalvelut");
  await expect(cards.first()).toContainText("Ehdollinen – mikäli hanke saa ESR-rahoituksen");
  await expect(cards.first()).toContainText("Työllisyysjaosto 12.3.2026 § 14");
  await expect(cards.first()).toContainText("vuosijako syötetty");
  expect(await exactText(cards.first().locator('[data-year="2027"]'))).toBe(`2027: ${fiMoney("10 000,00 €")}`);
  expect(await exactText(cards.first().locator('[data-year="2028"]'))).toBe(`2028: ${fiMoney("20 000,00 €")}`);
  const table = page.locator("#commitment-years");
  await expect(table.locator("thead th")).toHaveText(["Ehto", "2027", "2028", "Yhteensä"]);
  const conditional = table.locator("tbody tr", { has: page.locator("th", { hasText: /^Ehdollinen$/ }) });
  await expect(conditional.locator("td")).toHaveText([fiMoney("10 000,00 €"), fiMoney("20 000,00 €"), fiMoney("30 000,00 €")]);
  const confirmed = table.locator("tbody tr", { has: page.locator("th", { hasText: /^Vahvistettu$/ }) });
  await expect(confirmed.locator("td")).toHaveText([fiMoney("0,00 €"), fiMoney("0,00 €"), fiMoney("0,00 €")]);
}

test("with JavaScript: the browser shows the field errors, then the project and its commitment are saved", async ({ page }) => {
  const caseNumber = uniqueCaseNumber("JS");
  const shortName = `JS-${caseNumber.slice(-6)}`;
  const posts = recordPosts(page);

  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Uusi hanke" }).click();
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uusi hanke");
  await waitForHydration(page);

  await fillBadProject(page, { name: "Selaintestin hanke (JS)", shortName, caseNumber });
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("alert")).toContainText(SUMMARY);
  await expectFieldError(page, "end", END_BEFORE_START);
  await expectFieldError(page, "costs.0.amount", MONEY_INVALID);
  expect(posts, "nothing is posted while the browser finds errors").toHaveLength(0);
  await expect(page).toHaveURL(/\/projects\/new$/);

  await fixProject(page);
  await expect(page.locator(".field-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${shortName} – Selaintestin hanke (JS)`);
  await expect(page.getByText("Kaupungilla ei ole sitoumuksia tähän hankkeeseen.")).toBeVisible();

  await page.getByRole("link", { name: "Lisää sitoumus" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Uusi sitoumus: ${shortName}`);
  const postsBefore = posts.length;
  await fillCommitment(page, "12,3,4", ["10 000", "20 000"]);
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expectFieldError(page, "amount", MONEY_INVALID);

  await commitmentAmount(page).fill("30 000");
  await page.getByLabel("Summa (€) 2").fill("15 000");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expectSplitError(page, splitMismatch("25 000 €", "30 000 €"));
  await expect(page.locator("#f-amount-error")).toHaveCount(0);
  expect(posts.length, "nothing is posted while the browser finds errors").toBe(postsBefore);

  await page.getByLabel("Summa (€) 2").fill("20 000");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expectCommitmentShown(page);
});

test("the new-project form has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto("/projects/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uusi hanke");
  await expectNoSeriousA11yViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server answers 400 with the messages next to the fields and the values kept", async ({ page }) => {
    const caseNumber = uniqueCaseNumber("NOJS");
    const shortName = `NOJS-${caseNumber.slice(-6)}`;
    const name = "Selaintestin hanke (ilman JS)";

    await page.goto("/projects/new");
    await fillBadProject(page, { name, shortName, caseNumber });
    expect(await saveNative(page)).toBe(400);
    await expect(page).toHaveURL(/\/projects\/new$/);
    await expect(page.getByRole("alert")).toContainText(SUMMARY);
    await expectFieldError(page, "end", END_BEFORE_START);
    await expectFieldError(page, "costs.0.amount", MONEY_INVALID);
    await expect(page.getByLabel("Hankkeen nimi")).toHaveValue(name);
    await expect(page.getByLabel("Diaarinumero")).toHaveValue(caseNumber);
    await expect(page.getByLabel("Alkaa")).toHaveValue("1.1.2028");
    await expect(page.getByLabel("Päättyy")).toHaveValue("1.1.2027");
    await expect(page.locator("#cost-rows").getByLabel("Summa (€) 1")).toHaveValue("12,3,4");

    // "Lisää rivi" works without JavaScript: the form comes back with one more row and what was typed.
    const costRows = await page.locator("#cost-rows tbody tr").count();
    const [added] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document"),
      page.locator("#cost-rows").locator("xpath=ancestor::fieldset[1]").getByRole("button", { name: "Lisää rivi" }).click(),
    ]);
    expect(added.status()).toBe(200);
    await page.waitForLoadState("domcontentloaded");
    await expect(page.locator("#cost-rows tbody tr")).toHaveCount(costRows + 1);
    await expect(page.getByLabel("Hankkeen nimi")).toHaveValue(name);
    await expect(page.locator("#cost-rows").getByLabel("Summa (€) 1")).toHaveValue("12,3,4");

    // Saving the same case number again succeeds: the refused post saved nothing.
    await fixProject(page);
    expect(await saveNative(page)).toBe(302);
    await expect(page).toHaveURL(/\/projects\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${shortName} – ${name}`);

    await page.getByRole("link", { name: "Lisää sitoumus" }).click();
    await fillCommitment(page, "12,3,4", ["10 000", "20 000"]);
    expect(await saveNative(page)).toBe(400);
    await expectFieldError(page, "amount", MONEY_INVALID);
    await expect(commitmentAmount(page)).toHaveValue("12,3,4");
    await expect(page.getByLabel("Ehdon sisältö")).toHaveValue("mikäli hanke saa ESR-rahoituksen");
    await expect(page.getByLabel("Summa (€) 2")).toHaveValue("20 000");

    await commitmentAmount(page).fill("30 000");
    await page.getByLabel("Summa (€) 2").fill("15 000");
    expect(await saveNative(page)).toBe(400);
    await expectSplitError(page, splitMismatch("25 000 €", "30 000 €"));
    await expect(commitmentAmount(page)).toHaveValue("30 000");
    await expect(page.getByLabel("Vuosi 1")).toHaveValue("2027");
    await expect(page.getByLabel("Summa (€) 2")).toHaveValue("15 000");

    await page.getByLabel("Summa (€) 2").fill("20 000");
    expect(await saveNative(page)).toBe(302);
    await expectCommitmentShown(page);
  });
});
