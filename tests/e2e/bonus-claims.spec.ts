/**
 * Issue 20's journey: Kajaanin Haka ry's representative claims the employment bonus for a job
 * seeker placed in work five months ago (a reference that looks like a henkilötunnus is refused
 * next to the field first), with the evidence file; the employment manager finds it in the review
 * list, approves it and marks it paid; the representative sees it paid, and the year's figures
 * count it.
 */
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, expectFieldError, expectNoSeriousA11yViolations, signIn, waitForHydration } from "./support";
import { pdf } from "../helpers/office-files";
import { addCalendarMonths } from "../../app/domain/bonus";
import { todayInHelsinki } from "../../app/domain/clock";
import { formatDay } from "../../app/domain/days";

const today = todayInHelsinki();
const REFERENCE = `E2E-${Date.now().toString(36).toUpperCase()}`;

async function approvedCount(page: Page): Promise<number> {
  await page.goto(`/bonus-claims/summary?year=${today.slice(0, 4)}`);
  const text = await page.locator("[data-testid=bonus-figures] dd").nth(1).innerText();
  return Number(/\((\d+)\s*kpl\)/.exec(text)?.[1]);
}

test("an association files a bonus claim; the manager approves it and marks it paid", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const before = await approvedCount(page);

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const haka = await context.newPage();
  await signIn(haka, ACCOUNTS.haka);
  await haka.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Työllisyysbonukset" }).click();
  await expect(haka.getByRole("heading", { level: 1 })).toHaveText("Yhdistyksen bonushakemukset");
  await haka.getByRole("link", { name: "Hae bonusta" }).click();
  await expect(haka).toHaveTitle(/^Hae työllisyysbonusta – Hankevahti$/);
  await waitForHydration(haka);

  // A personal identity code as the reference is refused next to the field, before anything is posted.
  // (The reference is typed last and sent with Enter: its message appearing on blur moves the fields below it.)
  await haka.getByLabel("Työllistyminen").check();
  await haka.getByLabel("Aloituspäivä").fill(formatDay(addCalendarMonths(today, -5)));
  await haka.getByLabel("Työ täyttää työssäoloehdon (avoimet työmarkkinat)").check();
  await haka.getByLabel("Viite").fill("131052-308T");
  await haka.getByLabel("Viite").press("Enter");
  await expectFieldError(haka, "reference", "Viite näyttää henkilötunnukselta. Käytä yhdistyksen omaa tunnistetta, esimerkiksi HAKA-2026-014.");

  await haka.getByLabel("Viite").fill(REFERENCE);
  await haka.getByLabel(/^Todiste/).setInputFiles({ name: "tyosopimus.pdf", mimeType: "application/pdf", buffer: pdf("Tyosopimus") });
  await haka.getByRole("button", { name: "Lähetä hakemus" }).click();
  await expect(haka.getByRole("status")).toContainText("Hakemus lähetetty.");
  await expect(haka.getByRole("heading", { level: 1 })).toHaveText(`Bonushakemus ${REFERENCE}`);
  await expect(haka.locator("main")).toContainText("Käsittelyssä");
  await expect(haka.getByRole("link", { name: "Lataa tyosopimus.pdf" })).toBeVisible();
  await expectNoSeriousA11yViolations(haka);

  // The manager finds it in the review list, approves it (no decision was preselected) and pays it.
  await page.goto("/bonus-claims");
  await page.getByRole("link", { name: REFERENCE }).click();
  await waitForHydration(page);
  const decision = page.getByRole("group", { name: "Päätös" });
  for (const label of ["Hyväksy (1 000 €)", "Pyydä lisäselvitystä", "Hylkää"]) await expect(decision.getByLabel(label)).not.toBeChecked();
  await decision.getByLabel("Hyväksy (1 000 €)").check();
  await page.getByRole("button", { name: "Tallenna päätös" }).click();
  await expect(page.getByRole("status")).toContainText(`Hakemus hyväksytty ${formatDay(today)}.`);
  await waitForHydration(page);
  await page.getByLabel("Maksupäivä").fill(formatDay(today));
  await page.getByRole("button", { name: "Merkitse maksetuksi" }).click();
  await expect(page.getByRole("status")).toContainText(`Bonus merkitty maksetuksi ${formatDay(today)}.`);
  await expect(page.locator("main")).toContainText(`Maksettu ${formatDay(today)}`);
  await expect(page.locator(".claim-events")).toContainText("Hyväksytty");
  expect(await approvedCount(page)).toBe(before + 1);

  // The representative sees it paid in the list of the association's claims.
  await haka.goto("/bonus-claims?show=paid");
  await expect(haka.locator("#claims tr", { hasText: REFERENCE })).toContainText(`Maksettu ${formatDay(today)}`);
  await context.close();
});
