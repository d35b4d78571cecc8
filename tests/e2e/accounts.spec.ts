/**
 * Issue 3's journeys, each in a fresh context without a session: anonymous visitors are sent to
 * the login page (which passes axe), a wrong password or an unknown e-mail gets one and the same
 * message, and an association representative (Kajaanin Haka ry) sees only Haka's projects, gets
 * the 404 page for another organisation's project opened by URL, has no write actions in the
 * navigation, and signs out back to the login page.
 */
import { expect, test } from "@playwright/test";
import { ACCOUNTS, MANAGER_STATE, SIGNED_OUT, expectNoSeriousA11yViolations, projectLinks, submitLogin } from "./support";

const LOGIN_FAILED = "Sähköposti tai salasana on väärin.";

test.use({ storageState: SIGNED_OUT });

test("anonymous visitors are sent to the login page; a wrong password is refused", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kirjaudu sisään");
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.locator("aside.demo-accounts li")).toHaveCount(5);
  await expectNoSeriousA11yViolations(page);

  // The API answers 401 instead of redirecting.
  expect((await page.request.get("/api/v1/projects")).status()).toBe(401);

  // A wrong password and an unknown e-mail look the same from outside.
  for (const email of [ACCOUNTS.haka, "ei-ketaan@hankevahti.test"]) {
    await submitLogin(page, email, "väärä-salasana");
    await expect(page.getByRole("alert")).toHaveText(LOGIN_FAILED);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("Sähköposti")).toHaveValue(email);
    await expect(page.getByRole("button", { name: "Kirjaudu ulos" })).toHaveCount(0);
  }
});

test("an association representative sees only their own organisation's projects", async ({ page, playwright, baseURL }) => {
  // Kotona Kajaanissa (led by the city, SPR co-implements) is not Haka's: find its id as the manager.
  const manager = await playwright.request.newContext({ baseURL, storageState: MANAGER_STATE });
  const list = (await (await manager.get("/api/v1/projects")).json()) as { projects: { id: number; shortName: string }[] };
  await manager.dispose();
  const kotona = list.projects.find((p) => p.shortName === "Kotona Kajaanissa");
  expect(kotona, "Kotona Kajaanissa in the manager's API list").toBeDefined();

  // Signing in from the redirect comes back to the page asked for.
  await page.goto("/");
  await submitLogin(page, ACCOUNTS.haka);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: /Hanna Haka/ })).toContainText("Yhdistyksen edustaja");

  // Only Haka's projects, and no write actions anywhere in the navigation or on the pages.
  await expect.poll(async () => (await projectLinks(page).allTextContents()).map((t) => t.trim())).toEqual(["FLOW", "SUMMIT"]);
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "Hankesalkku" })).toBeVisible();
  const navTargets = await nav.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(
    navTargets.filter((href) => /\/(new|edit)$|^\/users/.test(href)),
    "write actions in the navigation",
  ).toEqual([]);
  await expect(page.getByRole("link", { name: "Uusi hanke" })).toHaveCount(0);
  await projectLinks(page).filter({ hasText: "SUMMIT" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.locator("#plan-years")).toBeVisible();
  await expect(page.getByRole("link", { name: /^(Muokkaa|Muokkaa suunnitelmaa|Lisää sitoumus)$/ })).toHaveCount(0);

  // Another organisation's project by URL: the 404 page, nothing of the project shown.
  const response = await page.goto(`/projects/${kotona!.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sivua ei löytynyt");
  await expect(page.locator("main")).not.toContainText("Kotona Kajaanissa");
  expect((await page.request.get(`/api/v1/projects/${kotona!.id}`)).status()).toBe(404);
  // A write page typed in by hand is refused.
  expect((await page.goto("/projects/new"))?.status()).toBe(403);

  // Signing out ends the session: back to the login page, and the portfolio asks to sign in again.
  await page.goto("/");
  await page.getByRole("button", { name: "Kirjaudu ulos" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kirjaudu sisään");
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
});
