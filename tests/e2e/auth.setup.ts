/**
 * Setup project: signs in once through the real login form as the employment manager
 * (paallikko@hankevahti.test) and stores the session for the journeys (MANAGER_STATE).
 */
import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, MANAGER_STATE, signIn } from "./support";

setup("sign in as the employment manager", async ({ page }) => {
  await signIn(page, ACCOUNTS.manager);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: /Paula Päällikkö/ })).toContainText("Työllisyyspäällikkö");
  await page.context().storageState({ path: MANAGER_STATE });
});
