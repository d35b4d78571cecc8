/**
 * Issue 19's journey so far, as the employment manager: the meeting of 20.5.2026 from the
 * navigation; § 15 (OTE) drafted from the ledger and flagged by the checks where its text splits
 * the money over 2027–2029 for a 2027–2028 project; finalising refused until the finding is
 * acknowledged with a reason, then decided as proposed; a new item drafted for SUMMIT's change
 * request; the printable agenda. (Deciding SUMMIT's request through its item is proven by
 * tests/integration/meetings.test.ts: the browser journeys decide that request in
 * change-requests.spec.ts, which runs last.)
 */
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, openFromPortfolio, waitForHydration } from "./support";

test("a manager checks and finalises an agenda item, drafts another and prints the agenda", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.getByRole("link", { name: "Kokoukset" }).click();
  await expect(page).toHaveTitle(/^Kokoukset – Hankevahti$/);
  await page.getByRole("link", { name: "20.5.2026 16:30" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Työllisyys- ja kansainvälisyysjaosto 20.5.2026 klo 16:30");
  const meetingUrl = page.url();

  await page.getByRole("link", { name: /Ohjaavalla otteella parempaan tulevaisuuteen/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("§ 15");
  await waitForHydration(page);
  const findings = page.locator("section[aria-labelledby=findings]");
  await expect(findings.locator('li[data-code="yearOutsidePeriod"]').first()).toBeVisible();
  await expect(findings.locator("mark").first()).toHaveText("2027–2029");
  await expectNoSeriousA11yViolations(page);

  // Finalising needs a reason for every finding.
  await findings.getByRole("button", { name: "Viimeistele asia" }).click();
  await expect(findings.locator(".field-error").first()).toHaveText("Korjaa teksti tai kirjoita peruste, jolla havainto kuitataan.");
  const reasons = findings.locator("textarea");
  for (let i = 0; i < (await reasons.count()); i++) await reasons.nth(i).fill("Jaosto päättää jaon; vuodet tarkistetaan talousarviossa.");
  await findings.getByRole("button", { name: "Viimeistele asia" }).click();
  await expect(page.getByRole("status").first()).toContainText("Asia viimeistelty.");
  await expect(page.locator(".eyebrow .badge")).toHaveText("Viimeistelty");
  await expect(page.locator("section[aria-labelledby=acks]")).toContainText("vuodet tarkistetaan talousarviossa");

  // After the meeting: the decision, none preselected; the item is then decided and locked.
  const decide = page.locator("section[aria-labelledby=decide]");
  await expect(decide.getByLabel("Päätös")).toHaveValue("");
  await decide.getByLabel("Päätös").selectOption("as_proposed");
  await decide.getByRole("button", { name: "Kirjaa päätös" }).click();
  await expect(page.getByRole("status").first()).toContainText("Päätös kirjattu.");
  await expect(page.locator(".eyebrow .badge")).toHaveText("Päätetty");
  await expect(page.locator("section[aria-labelledby=decision]")).toContainText("Ehdotuksen mukaan");
  await expect(page.getByRole("button", { name: "Tallenna" })).toHaveCount(0);

  // A new item for SUMMIT's change request, drafted from the ledger.
  await page.goto(meetingUrl);
  await page.getByRole("link", { name: "Lisää asia" }).click();
  await waitForHydration(page);
  await page.getByLabel("Diaarinumero").fill("KAJDno-2025-1294");
  await page.getByLabel("Asian laji").selectOption("change_request");
  await page.getByLabel("Pykälä (§)").fill("");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status").first()).toContainText("Asia valmisteltu hankkeen tiedoista.");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SUMMIT-hankkeen muutoshakemus");
  await expect(page.locator("#f-proposal")).toHaveValue(/hyväksyy muutoshakemuksen/);

  // The agenda as a Word document for the case-management system, then printed.
  // The printable agenda: every item in the agenda's form; the app's frame is not printed.
  await page.goto(meetingUrl);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Lataa esityslista (DOCX)" }).click()]);
  expect(download.suggestedFilename()).toBe("esityslista-2026-05-20.docx");
  await page.getByRole("link", { name: "Tulostettava esityslista" }).click();
  await expect(page.locator(".agenda-page")).toHaveCount(5);
  await expect(page.locator(".agenda-page").first()).toContainText("KAJDno-2024-1358");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.emulateMedia({ media: "screen" });
});

test("a change request decided at a meeting: its item's decision decides the request in the ledger, with the meeting's §", async ({ page }) => {
  test.setTimeout(180_000);
  const reason = `Jatkoaika loppuraportointiin (e2e ${Date.now().toString(36)}).`;
  // A request for FLOW, filed by the manager (SUMMIT's is decided by change-requests.spec.ts, which runs last).
  await openFromPortfolio(page, "FLOW");
  await page.getByRole("link", { name: "Uusi muutoshakemus" }).click();
  await waitForHydration(page);
  await page.getByLabel("Päättyy").fill("31.12.2026");
  await page.getByLabel("Jatkoaika", { exact: true }).check();
  await page.getByLabel("Perustelut").fill(reason);
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page).toHaveURL(/\/change-requests\/\d+$/);
  const requestUrl = page.url();
  await expect(page.locator("#request-outcome")).toHaveText("Odottaa päätöstä");

  // A meeting today (a request is decided on or after the day it arrived), and the request's item
  // on its agenda, drafted from the ledger, finalised.
  const today = new Intl.DateTimeFormat("fi-FI", { timeZone: "Europe/Helsinki" }).format(new Date());
  await page.goto("/meetings/new");
  await waitForHydration(page);
  await page.getByLabel("Päivä").fill(today);
  await page.getByLabel("Paikka").fill("Kokoustila Kekkonen");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status").first()).toContainText("Kokous luotu.");
  await page.getByRole("link", { name: "Lisää asia" }).click();
  await waitForHydration(page);
  await page.getByLabel("Diaarinumero").fill("KAJDno-2023-1068");
  await page.getByLabel("Asian laji").selectOption("change_request");
  await page.getByLabel("Pykälä (§)").fill("");
  await page.getByRole("button", { name: "Tallenna" }).click();
  await expect(page.getByRole("status").first()).toContainText("Asia valmisteltu hankkeen tiedoista.");
  const section = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/§ (\d+)/)![1]!;
  await expect(page.locator("#f-background")).toHaveValue(/toteutusaika olisi 1\.9\.2023–31\.12\.2026/);
  const findings = page.locator("section[aria-labelledby=findings]");
  const reasons = findings.locator("textarea");
  for (let i = 0; i < (await reasons.count()); i++) await reasons.nth(i).fill("Tarkistettu.");
  await findings.getByRole("button", { name: "Viimeistele asia" }).click();
  await expect(page.locator(".eyebrow .badge")).toHaveText("Viimeistelty");

  // The decision (rejected here, so that FLOW's figures stay as the other journeys expect them;
  // an approval as proposed is proven in tests/integration/meetings.test.ts).
  const decide = page.locator("section[aria-labelledby=decide]");
  await decide.getByLabel("Päätös").selectOption("rejected");
  await decide.getByLabel("Päätöksen teksti").fill("Jaosto hylkää muutoshakemuksen.");
  await decide.getByRole("button", { name: "Kirjaa päätös" }).click();
  await expect(page.getByRole("status").first()).toContainText("Päätös kirjattu.");

  // The request is decided in the ledger, the meeting's § as its reference.
  await page.goto(requestUrl);
  await expect(page.locator("#request-outcome")).toHaveText("Hylätty");
  await expect(page.locator("dl.facts")).toContainText(`Työllisyys- ja kansainvälisyysjaosto ${today} § ${section}`);
});
