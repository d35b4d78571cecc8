/**
 * Issue 21's import: the manager opens "Tuo taulukosta" from the portfolio, downloads the CSV
 * template, fills in two projects in Finnish formats ("1 234,50", "1.4.2026") and one with a day
 * that does not exist, uploads it (a PDF is refused first, next to the file field), sees the
 * preview with the error at its row and column, imports the valid rows, and finds a new project
 * with its budget to the cent. The same file again imports nothing.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, fiMoney, waitForHydration } from "./support";
import { pdf } from "../helpers/office-files";

const tag = Date.now().toString(36).toUpperCase();

test("a manager imports projects from a spreadsheet after a preview", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.getByRole("link", { name: "Tuo taulukosta" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hankkeiden tuonti taulukosta");
  await expectNoSeriousA11yViolations(page);

  const [template] = await Promise.all([page.waitForEvent("download"), page.locator('a[href*="/projects/import/template"][href*="csv"]').first().click()]);
  const header = fs
    .readFileSync((await template.path())!, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)[0]!;
  const columns = header.split(";");
  const row = (v: Record<string, string>) => columns.map((c) => v[c] ?? "").join(";");
  const good = (n: number, budget: string) =>
    row({
      Diaarinumero: `E2E-${tag}-${n}`,
      Nimi: `Taulukosta tuotu ${n}`,
      Lyhenne: `TT${tag}${n}`,
      Tila: "Haettu",
      Alkaa: "1.4.2026",
      Päättyy: "31.3.2028",
      Päätoteuttaja: "Kajaanin Haka ry",
      "Kokonaisbudjetti (€)": budget,
      "ESR-osuus (%)": "80",
    });
  const bad = row({
    Diaarinumero: `E2E-${tag}-3`,
    Nimi: "Virheellinen",
    Lyhenne: `TT${tag}3`,
    Tila: "Haettu",
    Alkaa: "1.4.2026",
    Päättyy: "31.2.2027",
    Päätoteuttaja: "Kajaanin Haka ry",
    "Kokonaisbudjetti (€)": "1 000",
    "ESR-osuus (%)": "80",
  });
  const csv = Buffer.from("\uFEFF" + [header, good(1, "101 234,50"), good(2, "20 000"), bad].join("\r\n") + "\r\n", "utf8");

  // Not a spreadsheet: refused next to the file field, nothing kept.
  await waitForHydration(page);
  await page.getByLabel("Hankkeet sisältävä tiedosto").setInputFiles({ name: "hankkeet.pdf", mimeType: "application/pdf", buffer: pdf() });
  await page.getByRole("button", { name: "Lähetä ja esikatsele" }).click();
  await expect(page.locator('[data-field="file"]')).toContainText("Tiedosto ei ole taulukko.");

  await page.getByLabel("Hankkeet sisältävä tiedosto").setInputFiles({ name: "hankkeet.csv", mimeType: "text/csv", buffer: csv });
  await page.getByRole("button", { name: "Lähetä ja esikatsele" }).click();
  await expect(page).toHaveURL(/\/projects\/import\/\d+/);
  await expect(page.locator("main")).toContainText("31.2.2027");
  await expectNoSeriousA11yViolations(page);

  await waitForHydration(page);
  await page.getByRole("radio", { name: /^Virheettömät rivit/ }).check();
  await page.getByRole("button", { name: "Tuo hankkeet" }).click();
  await expect(page.getByRole("status")).toContainText("Tuonti valmis. Luotuja hankkeita 2, ohitettuja rivejä 0, virheiden vuoksi tuomatta jääneitä rivejä 1.");

  await page.goto(`/?q=${encodeURIComponent(`E2E-${tag}-1`)}`);
  await page
    .locator("table.portfolio")
    .getByRole("link", { name: `TT${tag}1` })
    .click();
  await expect(page.locator("main")).toContainText(fiMoney("101 234,50 €"));

  // The same file again: every row is already there; nothing is imported twice.
  await page.goto("/projects/import");
  await waitForHydration(page);
  await page.getByLabel("Hankkeet sisältävä tiedosto").setInputFiles({ name: "hankkeet.csv", mimeType: "text/csv", buffer: csv });
  await page.getByRole("button", { name: "Lähetä ja esikatsele" }).click();
  // The two are in Hankevahti already (skipped) and the third still has its error: nothing to import.
  await expect(page.locator('[data-field="file"]')).toContainText("Tiedostosta ei voi tuoda yhtään hanketta");
  await page.goto(`/?q=${encodeURIComponent(`E2E-${tag}`)}`);
  await expect(page.locator("table.portfolio tbody tr")).toHaveCount(2);
});
