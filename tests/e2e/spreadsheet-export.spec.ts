/**
 * Issue 21's downloads: the manager filters the portfolio to running projects and downloads it as
 * Excel and as CSV (what the screen shows, the totals row beside); the project page's plan by year
 * downloads too; an association cannot download another organisation's plan.
 */
import ExcelJS from "exceljs";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, openFromPortfolio, signIn } from "./support";
import { todayInHelsinki } from "../../app/domain/clock";

const today = todayInHelsinki();

test("the filtered portfolio and a project's plan download as XLSX and CSV", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto("/?status=running");
  const links = page.getByTestId("portfolio-downloads");
  const xlsxLink = links.getByRole("link", { name: "Excel (XLSX)" });
  await expect(xlsxLink).toHaveAttribute("href", /status=running/);
  await expect(xlsxLink).toHaveAttribute("href", /format=xlsx/);
  const shown = await page.locator("table.portfolio tbody tr").count();

  const [xlsx] = await Promise.all([page.waitForEvent("download"), xlsxLink.click()]);
  expect(xlsx.suggestedFilename()).toBe(`hankesalkku-${today}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fs.readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.views[0]?.state).toBe("frozen");
  // The header, one row per project on screen, the totals row.
  expect(sheet.actualRowCount).toBe(shown + 2);
  const names: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1 && n < shown + 2) names.push(String(row.getCell(1).value));
  });
  expect(names).toContain("Kotona Kajaanissa");

  const [csv] = await Promise.all([page.waitForEvent("download"), links.getByRole("link", { name: "CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe(`hankesalkku-${today}.csv`);
  const text = fs.readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.split("\r\n").filter((l) => l.length > 0)).toHaveLength(shown + 2);

  await openFromPortfolio(page, "Kotona Kajaanissa");
  const projectUrl = page.url();
  const plan = page.locator("#plan-by-year").locator("..");
  const [planFile] = await Promise.all([page.waitForEvent("download"), page.locator('a[href$="/plan?format=xlsx"]').click()]);
  expect(planFile.suggestedFilename()).toMatch(/\.xlsx$/);
  await expect(plan).toBeVisible();

  // Haka is not in Kotona Kajaanissa: its plan's download is not found.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const haka = await context.newPage();
  await signIn(haka, ACCOUNTS.haka);
  const id = projectUrl.split("/").pop();
  const res = await haka.request.get(`/exports/projects/${id}/plan`);
  expect(res.status()).toBe(404);
  await context.close();
});
