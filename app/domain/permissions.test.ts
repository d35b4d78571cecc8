import { describe, expect, it } from "vitest";
import { can, DRAFT_STATUSES, navigationFor, PERMISSIONS, projectScope, ROLES, type Permission, type Role } from "./permissions";
import { isMessageKey } from "~/i18n";

const expected: Record<Role, Permission[]> = {
  admin: [
    "portfolio:read",
    "portfolio:aggregate",
    "organisation:read",
    "organisation:write",
    "user:manage",
    "export:read",
    "history:read",
    "decision:correct",
    "bonus:read",
    "bonus:summary",
  ],
  manager: [
    "portfolio:read",
    "portfolio:aggregate",
    "project:write",
    "organisation:read",
    "organisation:write",
    "export:read",
    "history:read",
    "bonus:read",
    "bonus:review",
    "bonus:summary",
  ],
  committee: ["portfolio:read", "portfolio:aggregate", "organisation:read", "history:read", "bonus:summary"],
  association: ["portfolio:read", "history:read", "bonus:file", "bonus:read"],
};

describe("who may do what", () => {
  it.each(ROLES)("%s has exactly its rights", (role) => {
    expect(PERMISSIONS.filter((p) => can({ role }, p))).toEqual(expected[role]);
  });
  it("nobody signed in may do anything", () => {
    for (const p of PERMISSIONS) expect(can(null, p)).toBe(false);
  });
  it("only the manager writes the portfolio; only the admin manages accounts and corrects decisions", () => {
    expect(ROLES.filter((r) => can({ role: r }, "project:write"))).toEqual(["manager"]);
    expect(ROLES.filter((r) => can({ role: r }, "user:manage"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can({ role: r }, "decision:correct"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can({ role: r }, "portfolio:aggregate"))).toEqual(["admin", "manager", "committee"]);
  });
});

describe("which projects a role sees", () => {
  const viewer = (role: Role, organisationId: number | null = null) => ({ userId: 1, name: "", email: "", role, organisationId });
  it("admin and manager all, committee all but drafts, an association its own organisation's", () => {
    expect(projectScope(viewer("admin"))).toEqual({ kind: "all" });
    expect(projectScope(viewer("manager"))).toEqual({ kind: "all" });
    expect(projectScope(viewer("committee"))).toEqual({ kind: "nonDraft" });
    expect(projectScope(viewer("association", 7))).toEqual({ kind: "organisation", organisationId: 7 });
    expect(DRAFT_STATUSES).toEqual(["planning"]);
  });
  it("an association account without an organisation sees nothing (no organisation has id -1)", () => {
    expect(projectScope(viewer("association", null))).toEqual({ kind: "organisation", organisationId: -1 });
  });
});

describe("the main navigation", () => {
  const nav = (role: Role) => navigationFor({ role }).map((n) => n.to);
  it("opens what each role may see, the bonus pages on the claims or, for the committee, on the figures", () => {
    expect(nav("association")).toEqual(["/", "/change-requests", "/deadlines", "/bonus-claims"]);
    expect(nav("committee")).toEqual([
      "/",
      "/change-requests",
      "/deadlines",
      "/commitments",
      "/funding",
      "/meetings",
      "/bonus-claims/summary",
      "/organisations",
    ]);
    expect(nav("manager")).toEqual([
      "/",
      "/change-requests",
      "/deadlines",
      "/commitments",
      "/funding",
      "/meetings",
      "/bonus-claims",
      "/organisations",
      "/projects/new",
    ]);
    expect(nav("admin")).toEqual(["/", "/change-requests", "/deadlines", "/commitments", "/funding", "/meetings", "/bonus-claims", "/organisations", "/users"]);
  });
  it("labels every item with a message of the catalogue", () => {
    for (const role of ROLES) for (const n of navigationFor({ role })) expect(isMessageKey(n.label), n.label).toBe(true);
  });
});
