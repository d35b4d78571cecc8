/**
 * The accessibility sweep: every page, as each role that can see it, at 1280 px and 390 px:
 * axe finds nothing serious or critical, the page has its own <title>, one h1, and the page
 * itself does not scroll sideways (wide tables scroll inside their labelled region).
 */
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, SIGNED_OUT, expectNoSeriousA11yViolations, signIn } from "./support";

test.use({ storageState: SIGNED_OUT });
test.describe.configure({ mode: "parallel" });

type Role = keyof typeof ACCOUNTS;

/** Ids of the demo data, read from the pages (the e2e database is fresh each run). */
async function ids(page: Page) {
  /** The first link's href matching the selector on the page, or null when there is none (never waits). */
  const first = async (selector: string) => ((await page.locator(selector).count()) > 0 ? page.locator(selector).first().getAttribute("href") : null);
  await page.goto("/");
  const summit = (await page.locator("table.portfolio").getByRole("link", { name: "SUMMIT", exact: true }).getAttribute("href"))!.split("/").pop()!;
  await page.goto(`/projects/${summit}`);
  const commitment = await first('main a[href*="/commitments/"]:not([href$="/new"])');
  await page.goto("/change-requests");
  const request = (await first('main table.data a[href^="/change-requests/"]'))!;
  await page.goto("/organisations");
  const org = await first('main table.data a[href^="/organisations/"]');
  await page.goto("/");
  const flow = (await page.locator("table.portfolio").getByRole("link", { name: "FLOW", exact: true }).getAttribute("href"))!;
  const kotonaLink = page.locator("table.portfolio").getByRole("link", { name: "Kotona Kajaanissa", exact: true });
  const kotona = (await kotonaLink.count()) > 0 ? await kotonaLink.getAttribute("href") : null;
  await page.goto(flow);
  const indicator = await first('main a[href*="/indicators/"]:not([href$="/new"]):not([href$="/entries/new"])');
  const entry = await first('main a[href$="/entries/new"]');
  const obligation = await first('main a[href*="/obligations/"]:not([href$="/new"])');
  const deadline = await first('main a[href^="/deadlines/"]:not([href$="/report"])');
  const flowReport = await first('main section[aria-labelledby=reports] a[href^="/reports/"]');
  let payment: string | null = null;
  if (kotona) {
    await page.goto(kotona);
    payment = await first('main a[href*="/payments/"]:not([href$="/new"])');
  }
  await page.goto(`/projects/${summit}`);
  const summitReport = await first('main section[aria-labelledby=reports] a[href^="/reports/"]');
  const startReport = await first('main a[href^="/deadlines/"][href$="/report"]');
  let meeting: string | null = null;
  let agendaItem: string | null = null;
  if ((await page.getByRole("link", { name: "Kokoukset" }).count()) > 0) {
    await page.goto("/meetings");
    meeting = await first('main table.data a[href^="/meetings/"]');
    if (meeting) {
      await page.goto(meeting);
      agendaItem = await first('main a[href^="/agenda-items/"]');
    }
  }
  // A bonus claim (for those who read claims: associations their own, managers and admins all).
  const claims = await page.goto("/bonus-claims?show=all");
  const bonusClaim = claims?.status() === 200 ? await first('main table.data a[href^="/bonus-claims/"]') : null;
  return {
    bonusClaim,
    summit,
    commitment,
    request,
    org,
    flow,
    kotona,
    indicator,
    entry,
    obligation,
    deadline,
    payment,
    flowReport,
    summitReport,
    startReport,
    meeting,
    agendaItem,
  };
}

function pagesFor(role: Role, i: Awaited<ReturnType<typeof ids>>): string[] {
  const common = [
    "/",
    "/change-requests",
    i.request,
    `/projects/${i.summit}`,
    i.flow,
    "/deadlines",
    "/deadlines?bucket=overdue",
    "/account",
    "/projects/999999",
    // Reports: FLOW's accepted final report, its receipt, attachments and the refund.
    ...(i.flowReport ? [i.flowReport, `${i.flowReport}/receipt`, `${i.flowReport}/attachments`] : []),
    `${i.flow}/refund`,
  ];
  // Who writes reports (a manager, the grantee): SUMMIT's draft and a deadline's report to start.
  const reporter = [...(i.summitReport ? [`${i.summitReport}/edit`] : []), ...(i.startReport ? [i.startReport] : [])];
  const aggregate = [
    "/commitments",
    "/funding",
    "/organisations",
    "/meetings",
    ...(i.meeting ? [i.meeting, `${i.meeting}/print`] : []),
    ...(i.agendaItem ? [i.agendaItem] : []),
  ];
  const writer = [
    `${i.request}/edit`,
    `/projects/${i.summit}/edit`,
    `/projects/${i.summit}/plan`,
    `/projects/${i.summit}/commitments/new`,
    `/projects/${i.summit}/change-requests/new`,
    "/projects/new",
    "/organisations/new",
    ...(i.commitment ? [i.commitment] : []),
    ...(i.org ? [i.org] : []),
    `/projects/${i.summit}/indicators/new`,
    `/projects/${i.summit}/obligations/new`,
    ...[i.kotona, i.indicator, i.entry, i.obligation, i.deadline, i.payment].filter((u): u is string => u !== null),
    ...(i.kotona ? [`${i.kotona}/payments/new`] : []),
  ];
  const claimReader = ["/bonus-claims", ...(i.bonusClaim ? [i.bonusClaim] : [])];
  switch (role) {
    case "admin":
      return [...common, ...aggregate, ...claimReader, "/bonus-claims/summary", "/users", "/users/3", "/organisations/new", ...(i.org ? [i.org] : [])];
    case "manager":
      return [
        ...common,
        ...aggregate,
        ...writer,
        ...reporter,
        ...(i.flowReport ? [`${i.flowReport}/review`] : []),
        "/meetings/new",
        ...(i.meeting ? [`${i.meeting}/items/new`] : []),
        ...claimReader,
        "/bonus-claims/summary",
        "/projects/import",
      ];
    case "committee":
      return [...common, ...aggregate, "/bonus-claims/summary"];
    default:
      return [...common, ...reporter, ...claimReader, "/bonus-claims/new"];
  }
}

for (const role of ["admin", "manager", "committee", "haka"] as const) {
  test(`every page ${role} can see passes axe at 1280 and 390 px, with its own title`, async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, ACCOUNTS[role]);
    const found = await ids(page);
    const titles = new Map<string, string>();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const url of pagesFor(role, found)) {
        await page.goto(url);
        await expect(page.locator("h1"), `${url} @${width}`).toHaveCount(1);
        const title = await page.title();
        expect(title, `${url} has a title`).toMatch(/Hankevahti$/);
        expect(title, `${url}: a message key, not its text, in the title`).not.toMatch(/[a-z]\.[a-z]/i);
        titles.set(url, title);
        await expectNoSeriousA11yViolations(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} @${width}: the page scrolls sideways`).toBeLessThanOrEqual(0);
        if (width === 1280) {
          // At desktop width no table is cut: none of them scrolls inside its region.
          const cut = await page.evaluate(() =>
            [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.getAttribute("aria-label")),
          );
          expect(cut, `${url} @1280: tables cut`).toEqual([]);
        }
      }
    }
    // Pages differ in their titles (the 404 and error pages aside).
    const distinct = new Set([...titles.entries()].filter(([u]) => u !== "/projects/999999").map(([, t]) => t));
    expect(distinct.size, [...titles.entries()].map(([u, t]) => `${u}: ${t}`).join("\n")).toBe([...titles.keys()].length - 1);
  });
}

test("the sign-in page passes axe at 1280 and 390 px", async ({ page }) => {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/login");
    await expect(page).toHaveTitle("Kirjaudu sisään – Hankevahti");
    await expectNoSeriousA11yViolations(page);
  }
});
