/**
 * Issue 13 on the real server: dynamic responses are not cached, a foreign Origin gets the app's
 * 403 page (not a 500), an oversize form gets 413 while other requests are answered, an API
 * token opens no page, and an administrator manages a user's tokens and sessions in the browser
 * (at 1280 px and 390 px, with axe).
 */
import { expect, test } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, expectNoSeriousA11yViolations, signIn, waitForHydration } from "./support";

test("signed-in pages and the API are not cached; a foreign Origin gets the app's 403 page", async ({ page }) => {
  for (const url of ["/", "/commitments", "/api/v1/projects"]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["cache-control"], url).toBe("no-store");
  }
  const foreign = await page.request.post("/organisations/new", { headers: { Origin: "http://evil.example" }, form: { name: "Vieras", kind: "association" } });
  expect(foreign.status()).toBe(403);
  const html = await foreign.text();
  expect(html).toContain("Ei käyttöoikeutta");
  expect(html).not.toMatch(/at .*node_modules/);
});

test("the API answers a POST with its documented error shape (405)", async ({ page, baseURL }) => {
  const res = await page.request.post("/api/v1/projects", { headers: { Origin: baseURL! }, data: {} });
  expect(res.status()).toBe(405);
  expect(await res.json()).toMatchObject({ error: "method_not_allowed" });
  expect(res.headers()["allow"]).toBe("GET, HEAD");
});

test("an oversize form is refused with 413 at once while the site keeps answering", async ({ page, baseURL }) => {
  const big = "a".repeat(3 * 1024 * 1024);
  const [refused, login] = await Promise.all([
    page.request
      .post("/login", { headers: { Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" }, data: `email=x&password=${big}` })
      .catch(() => null),
    page.request.get("/login"),
  ]);
  expect(login.status()).toBe(200);
  if (refused) expect(refused.status()).toBe(413);
});

test.describe("administrator", () => {
  test.use({ storageState: SIGNED_OUT });

  for (const width of [1280, 390]) {
    test(`creates a token for a user (shown once), revokes it, and the token opens no page (${width} px)`, async ({ page, playwright, baseURL }) => {
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, ACCOUNTS.admin);
      await page.goto("/users");
      await page.getByRole("link", { name: "Jussi Jäsen" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Jussi Jäsen");
      await expect(page).toHaveTitle(/Jussi Jäsen/);
      await waitForHydration(page);
      await page.getByLabel("Käyttötarkoitus").fill(`Raportit ${width}`);
      await page.getByRole("button", { name: "Luo tunniste" }).click();
      const flash = page.getByRole("status");
      await expect(flash).toContainText(`Tunniste ”Raportit ${width}” luotu`);
      const token = (await flash.locator("code").textContent())!.trim();
      expect(token).toMatch(/^hv_/);
      await expectNoSeriousA11yViolations(page);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(scroll, "no sideways scrolling of the page").toBeLessThanOrEqual(0);

      const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
      expect((await api.get("/api/v1/projects")).status()).toBe(200);
      expect((await api.get("/")).status()).toBe(403);

      await page.getByRole("button", { name: `Peru tunniste Raportit ${width}` }).click();
      await expect(page.getByRole("status")).toContainText("peruttu");
      expect((await api.get("/api/v1/projects")).status()).toBe(401);
      await api.dispose();
    });
  }
});
