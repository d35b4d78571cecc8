/**
 * Organisation boundaries: an association's representative guessing the ids of another
 * organisation's projects in pages, form posts and the API is refused every time and changes
 * nothing; committee members do not see drafts; API tokens carry their user's scoping.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { headersFor, viewerOf, type DemoAccount } from "../helpers/auth";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { loader as portfolioLoader } from "~/routes/_index";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";
import { action as newProjectAction } from "~/routes/projects.new";
import { action as editProjectAction, loader as editProjectLoader } from "~/routes/projects.$projectId.edit";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as newCommitmentAction, loader as newCommitmentLoader } from "~/routes/projects.$projectId.commitments.new";
import { action as editCommitmentAction, loader as editCommitmentLoader } from "~/routes/projects.$projectId.commitments.$commitmentId";
import { loader as commitmentsPageLoader } from "~/routes/commitments";
import { loader as fundingPageLoader } from "~/routes/funding";
import { loader as apiProjectsLoader } from "~/routes/api.v1.projects._index";
import { loader as apiProjectLoader } from "~/routes/api.v1.projects.$projectId";
import { loader as apiCommitmentsLoader } from "~/routes/api.v1.commitments";
import { loader as apiFundingLoader } from "~/routes/api.v1.funding";
import { loader as apiExportLoader } from "~/routes/api.v1.export";
import { createApiToken } from "~/models/user.server";
import { SYSTEM } from "~/models/audit.server";
import { sha256 } from "~/models/password.server";

const ctx = useTestDatabase("demo");

const KOTONA = "KAJDno-2024-1358"; // led by the city, SPR Oulun piiri co-implements
const SUMMIT = "KAJDno-2025-1294"; // led by Kajaanin Haka ry
const OTE = "KAJDno-2026-641"; // Kaukametsän opisto with the city and Sotkamo
const FLOW = "KAJDno-2023-1068"; // led by Kajaanin Haka ry

const headers = {} as Record<DemoAccount, Record<string, string>>;
const ids = {} as Record<"kotona" | "summit" | "ote" | "flow", number>;

beforeAll(async () => {
  for (const a of ["admin", "manager", "committee", "haka", "spr"] as const) headers[a] = await headersFor(ctx.db, a);
  ids.kotona = await projectIdByCase(ctx.db, KOTONA);
  ids.summit = await projectIdByCase(ctx.db, SUMMIT);
  ids.ote = await projectIdByCase(ctx.db, OTE);
  ids.flow = await projectIdByCase(ctx.db, FLOW);
});

const TABLES = [
  "organisation",
  "project",
  "plan_version",
  "plan_line",
  "plan_line_year",
  "plan_implementer",
  "commitment",
  "commitment_year",
  "app_user",
  "audit_event",
] as const;

/** Row counts of the domain tables and the audit trail, plus a fingerprint of their contents. */
async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const t of TABLES)
    out[t] = Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  out.projects = await ctx.db.selectFrom("project").selectAll().orderBy("id").execute();
  out.versions = await ctx.db.selectFrom("plan_version").selectAll().orderBy("id").execute();
  out.commitments = await ctx.db.selectFrom("commitment").selectAll().orderBy("id").execute();
  return out;
}

type Loader = (args: LoaderFunctionArgs) => Promise<Response> | Response;

async function load(loader: Loader, account: DemoAccount, url: string, params: Record<string, string> = {}) {
  return callLoader(loader, url, params, { headers: headers[account] });
}

async function portfolioNames(account: DemoAccount, query = ""): Promise<string[]> {
  const res = await load(portfolioLoader, account, `/${query}`);
  expect(res.status).toBe(200);
  return (await jsonOf<{ rows: { shortName: string }[] }>(res)).rows.map((r) => r.shortName).sort();
}

async function apiNames(init: Record<string, string>, query = ""): Promise<string[]> {
  const res = await callLoader(apiProjectsLoader, `/api/v1/projects${query}`, {}, { headers: init });
  expect(res.status).toBe(200);
  return (await jsonOf<{ projects: { shortName: string }[] }>(res)).projects.map((r) => r.shortName).sort();
}

interface FormPost {
  label: string;
  action: (args: ActionFunctionArgs) => Promise<Response>;
  url: string;
  params: Record<string, string>;
  fields: Record<string, string>;
}

/** The forms an association's representative might post, each with a plausible body. */
async function forms(projectId: number, commitmentId: number, employment: number): Promise<FormPost[]> {
  const p = { projectId: String(projectId) };
  const pc = { ...p, commitmentId: String(commitmentId) };
  return [
    {
      label: "edit project",
      action: editProjectAction,
      url: `/projects/${projectId}/edit`,
      params: p,
      fields: { name: "Kaapattu", shortName: "X", caseNumber: "KAJDno-2024-1358", leadOrganisationId: String(employment), status: "running", revision: "1" },
    },
    {
      label: "plan",
      action: planAction,
      url: `/projects/${projectId}/plan`,
      params: p,
      fields: { start: "1.1.2025", end: "31.12.2025", costModel: "flat_40", "costs.0.kind": "staff", "costs.0.amount": "1", planRevision: "1" },
    },
    {
      label: "new commitment",
      action: newCommitmentAction,
      url: `/projects/${projectId}/commitments/new`,
      params: p,
      fields: { organisationId: String(employment), amount: "1 000 000" },
    },
    {
      label: "edit commitment",
      action: editCommitmentAction,
      url: `/projects/${projectId}/commitments/${commitmentId}`,
      params: pc,
      fields: { organisationId: String(employment), amount: "1", revision: "1" },
    },
    {
      label: "delete commitment",
      action: editCommitmentAction,
      url: `/projects/${projectId}/commitments/${commitmentId}`,
      params: pc,
      fields: { _intent: "delete" },
    },
  ];
}

async function commitmentOf(projectId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom("commitment as c")
    .innerJoin("plan_version as v", "v.id", "c.plan_version_id")
    .select("c.id")
    .where("v.project_id", "=", projectId)
    .where("v.state", "=", "current")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("an association's representative (Kajaanin Haka ry) and another organisation's projects", () => {
  it("sees only Haka's own projects in the portfolio and the API list, whatever the filter", async () => {
    expect(await portfolioNames("haka")).toEqual(["FLOW", "SUMMIT"]);
    expect(await portfolioNames("haka", "?q=Kotona")).toEqual([]);
    expect(await portfolioNames("haka", "?status=running")).toEqual([]);
    expect(await apiNames(headers.haka)).toEqual(["FLOW", "SUMMIT"]);
    expect(await apiNames(headers.haka, "?q=OTE")).toEqual([]);
    expect(await apiNames(headers.haka, "?status=committee_conditional")).toEqual([]);
  });

  it("gets 404 for another organisation's project page and API document, the same as for an id that does not exist", async () => {
    for (const id of [ids.kotona, ids.ote, 99_999]) {
      const page = await load(projectLoader, "haka", `/projects/${id}`, { projectId: String(id) });
      expect(page.status).toBe(404);
      const body = await page.text();
      expect(body).not.toMatch(/Kotona|OTE|Kaukametsä/);
      const api = await load(apiProjectLoader, "haka", `/api/v1/projects/${id}`, { projectId: String(id) });
      expect(api.status).toBe(404);
      expect(api.headers.get("Content-Type")).toContain("application/json");
      expect(await jsonOf(api)).toMatchObject({ error: "not_found" });
    }
    // ... while Haka's own project opens
    expect((await load(projectLoader, "haka", `/projects/${ids.summit}`, { projectId: String(ids.summit) })).status).toBe(200);
    expect((await load(apiProjectLoader, "haka", `/api/v1/projects/${ids.flow}`, { projectId: String(ids.flow) })).status).toBe(200);
  });

  it("is refused (403) every form of another organisation's project and of its own, and nothing changes", async () => {
    const employment = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    const before = await snapshot();
    for (const id of [ids.kotona, ids.ote, ids.summit]) {
      const commitmentId = await commitmentOf(id);
      for (const f of await forms(id, commitmentId, employment)) {
        const res = await postForm(f.action, f.url, f.fields, f.params, headers.haka);
        expect(res.status, `${f.label} of project ${id}`).toBe(403);
      }
      const p = { projectId: String(id) };
      for (const [loader, url, params] of [
        [editProjectLoader, `/projects/${id}/edit`, p],
        [planLoader, `/projects/${id}/plan`, p],
        [newCommitmentLoader, `/projects/${id}/commitments/new`, p],
        [editCommitmentLoader, `/projects/${id}/commitments/${commitmentId}`, { ...p, commitmentId: String(commitmentId) }],
      ] as const) {
        expect((await load(loader, "haka", url, params)).status, url).toBe(403);
      }
    }
    const create = await postForm(
      newProjectAction,
      "/projects/new",
      {
        name: "Oma hanke",
        shortName: "OMA",
        caseNumber: "KAJDno-2026-990",
        leadOrganisationId: String(await organisationIdByName(ctx.db, "Kajaanin Haka ry")),
        status: "planning",
        start: "1.1.2027",
        end: "31.12.2027",
        costModel: "flat_40",
        "costs.0.kind": "staff",
        "costs.0.amount": "1 000",
      },
      {},
      headers.haka,
    );
    expect(create.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("is refused (403) the city-wide figures and the export, in pages and the API", async () => {
    for (const [loader, url] of [
      [apiCommitmentsLoader, "/api/v1/commitments"],
      [apiFundingLoader, "/api/v1/funding?from=2025&to=2028"],
      [apiExportLoader, "/api/v1/export"],
    ] as const) {
      const res = await load(loader, "haka", url);
      expect(res.status, url).toBe(403);
      expect(await jsonOf(res)).toEqual({ error: "forbidden" });
    }
    for (const [loader, url] of [
      [commitmentsPageLoader, "/commitments"],
      [fundingPageLoader, "/funding"],
    ] as const) {
      expect((await load(loader, "haka", url)).status, url).toBe(403);
    }
  });
});

describe("SPR Oulun piiri, co-implementer of Kotona Kajaanissa", () => {
  it("sees Kotona Kajaanissa but not SUMMIT", async () => {
    expect(await portfolioNames("spr")).toEqual(["Kotona Kajaanissa"]);
    expect(await apiNames(headers.spr)).toEqual(["Kotona Kajaanissa"]);
    expect((await load(projectLoader, "spr", `/projects/${ids.kotona}`, { projectId: String(ids.kotona) })).status).toBe(200);
    expect((await load(apiProjectLoader, "spr", `/api/v1/projects/${ids.kotona}`, { projectId: String(ids.kotona) })).status).toBe(200);
    expect((await load(projectLoader, "spr", `/projects/${ids.summit}`, { projectId: String(ids.summit) })).status).toBe(404);
    expect((await load(apiProjectLoader, "spr", `/api/v1/projects/${ids.summit}`, { projectId: String(ids.summit) })).status).toBe(404);
  });
});

describe("drafts and the committee", () => {
  let draft: number;

  beforeAll(async () => {
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const employment = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    const res = await postForm(
      newProjectAction,
      "/projects/new",
      {
        name: "Luonnoshanke",
        shortName: "LUONNOS",
        caseNumber: "KAJDno-2026-980",
        leadOrganisationId: String(haka),
        status: "planning",
        start: "1.1.2027",
        end: "31.12.2028",
        costModel: "flat_40",
        "costs.0.kind": "staff",
        "costs.0.amount": "100 000",
      },
      {},
      headers.manager,
    );
    expect(res.status).toBe(302);
    draft = Number(res.headers.get("Location")!.split("/").pop());
    const c = await postForm(newCommitmentAction, "/", { organisationId: String(employment), amount: "20 000" }, { projectId: String(draft) }, headers.manager);
    expect(c.status).toBe(302);
  });

  it("a committee member does not see a project in planning: not in the portfolio, the project page, the API or the city-wide figures", async () => {
    expect(await portfolioNames("committee")).not.toContain("LUONNOS");
    expect(await portfolioNames("committee", "?status=planning")).toEqual([]);
    expect((await load(projectLoader, "committee", `/projects/${draft}`, { projectId: String(draft) })).status).toBe(404);
    expect((await load(apiProjectLoader, "committee", `/api/v1/projects/${draft}`, { projectId: String(draft) })).status).toBe(404);
    expect(await apiNames(headers.committee)).toEqual(["FLOW", "Kotona Kajaanissa", "OTE", "SUMMIT"]);
    const commitments = await jsonOf(await load(apiCommitmentsLoader, "committee", "/api/v1/commitments"));
    expect(commitments.projects.map((p: { projectId: number }) => p.projectId)).not.toContain(draft);
    const funding = await jsonOf(await load(apiFundingLoader, "committee", "/api/v1/funding?from=2025&to=2029"));
    expect(funding.projects.map((p: { projectId: number }) => p.projectId)).not.toContain(draft);
  });

  it("a manager sees it everywhere", async () => {
    expect(await portfolioNames("manager")).toContain("LUONNOS");
    expect((await load(projectLoader, "manager", `/projects/${draft}`, { projectId: String(draft) })).status).toBe(200);
    expect((await load(apiProjectLoader, "manager", `/api/v1/projects/${draft}`, { projectId: String(draft) })).status).toBe(200);
    expect(await apiNames(headers.manager)).toContain("LUONNOS");
    const commitments = await jsonOf(await load(apiCommitmentsLoader, "manager", "/api/v1/commitments"));
    expect(commitments.projects.map((p: { projectId: number }) => p.projectId)).toContain(draft);
  });

  it("Haka, the draft's lead, sees its own draft", async () => {
    expect(await portfolioNames("haka")).toEqual(["FLOW", "LUONNOS", "SUMMIT"]);
  });
});

describe("API tokens", () => {
  it("a token of Haka's representative gets the same scoping as Haka's session", async () => {
    const haka = await viewerOf(ctx.db, "haka");
    const { token } = await createApiToken(ctx.db, SYSTEM, haka.userId, { name: "raportointi" });
    const bearer = { Authorization: `Bearer ${token}` };
    expect(await apiNames(bearer)).toEqual(await apiNames(headers.haka));
    expect((await callLoader(apiProjectLoader, `/api/v1/projects/${ids.summit}`, { projectId: String(ids.summit) }, { headers: bearer })).status).toBe(200);
    for (const id of [ids.kotona, ids.ote]) {
      expect((await callLoader(apiProjectLoader, `/api/v1/projects/${id}`, { projectId: String(id) }, { headers: bearer })).status).toBe(404);
    }
    for (const [loader, url] of [
      [apiCommitmentsLoader, "/api/v1/commitments"],
      [apiFundingLoader, "/api/v1/funding"],
      [apiExportLoader, "/api/v1/export"],
    ] as const) {
      expect((await callLoader(loader, url, {}, { headers: bearer })).status, url).toBe(403);
    }
    const row = await ctx.db.selectFrom("api_token").select(["token_hash", "last_used_at"]).where("user_id", "=", haka.userId).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token)); // stored hashed only
    expect(row.last_used_at).not.toBeNull();
  });

  it("a wrong or revoked token gets 401, even with a valid session cookie alongside", async () => {
    const haka = await viewerOf(ctx.db, "haka");
    const { token } = await createApiToken(ctx.db, SYSTEM, haka.userId, { name: "kertakäyttö" });
    expect((await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    for (const wrong of [`${token}x`, "hv_", "", token.toUpperCase()]) {
      const res = await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${wrong}` } });
      expect(res.status, wrong).toBe(401);
      expect(await jsonOf(res)).toEqual({ error: "unauthorized" });
    }
    await ctx.db.updateTable("api_token").set({ revoked_at: new Date().toISOString() }).where("name", "=", "kertakäyttö").execute();
    const revoked = await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { Authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
    const withCookie = await callLoader(apiProjectsLoader, "/api/v1/projects", {}, { headers: { ...headers.manager, Authorization: `Bearer ${token}` } });
    expect(withCookie.status).toBe(401);
  });
});
