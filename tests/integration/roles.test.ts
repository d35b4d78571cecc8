/**
 * Roles see what is theirs (issue 14, part 6): an organisation's representative bound to the
 * funder sees the projects it funds, and the portfolio's lead speaks of its own projects; a
 * committee member sees no organisation links it could not open; a day that is not in the
 * calendar is refused with its own message.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { createSession, createUser } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { sessionCookie } from "~/utils/auth.server";
import { headersFor, ORIGIN } from "../helpers/auth";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as orgsLoader } from "~/routes/organisations._index";
import { action as newProjectAction } from "~/routes/projects.new";

const ctx = useTestDatabase("demo");

async function asFunder(): Promise<Record<string, string>> {
  const org = await ctx.db.selectFrom("organisation").select("id").where("name", "=", "Pohjois-Suomen elinvoimakeskus").executeTakeFirstOrThrow();
  const id = await createUser(ctx.db, SYSTEM, {
    email: "rahoittaja@elinvoimakeskus.test",
    name: "Riikka Rahoittaja",
    role: "association",
    organisationId: org.id,
    password: "rahoittajan-salasana",
  });
  const token = await createSession(ctx.db, id);
  return { Cookie: (await sessionCookie().serialize(token)).split(";")[0]! };
}

describe("roles", () => {
  it("the funder's representative sees the projects it funds, under a heading about its own projects", async () => {
    const data = await jsonOf(await callLoader(portfolioLoader, "/", {}, { headers: await asFunder() }));
    expect(data.rows.map((r: { shortName: string }) => r.shortName).sort()).toEqual(["FLOW", "Kotona Kajaanissa", "SUMMIT"]);
    expect(data.intro).toContain("Pohjois-Suomen elinvoimakeskus");
  });

  it("a committee member gets the organisations without the means to edit them", async () => {
    const data = await jsonOf(await callLoader(orgsLoader, "/organisations", {}, { headers: await headersFor(ctx.db, "committee") }));
    expect(data.canWrite).toBe(false);
  });

  it("31.2.2027 is refused as a day that does not exist, not as a wrong format", async () => {
    const res = await postForm(
      newProjectAction,
      "/projects/new",
      { name: "X", shortName: "X", caseNumber: "KAJDno-2026-7", start: "31.2.2027", end: "1.1.2028" },
      {},
      { ...(await headersFor(ctx.db, "manager")), Origin: ORIGIN },
    );
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.start).toBe('error.day.notInCalendar|{"day":"31.2.2027"}');
  });
});
