/**
 * Who may do what: the one place where the roles' rights are written down. Every loader and
 * action asks `can()` (through requireViewer); the models additionally scope their queries by
 * organisation (see projectVisible in app/models/scope.server.ts).
 *
 * - admin: accounts and organisations; reads everything.
 * - manager: edits the portfolio (projects, plans, commitments, organisations); reads everything.
 * - committee: reads everything except drafts (projects still being planned); changes nothing.
 * - association: bound to one organisation; reads only that organisation's projects.
 */
export const ROLES = ["admin", "manager", "committee", "association"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "portfolio:read", // the portfolio list and project pages (scoped by organisation)
  "portfolio:aggregate", // city-wide figures: commitments by year, funding view
  "project:write", // create and edit projects, plans, commitments
  "organisation:read",
  "organisation:write",
  "user:manage",
  "export:read", // the whole ledger as JSON
  "history:read", // a project's audit history (for those who may see the project)
  "decision:correct", // return a decision recorded by mistake to pending, with a reason
  "bonus:file", // file, answer and withdraw employment bonus claims (an association's own)
  "bonus:read", // read bonus claims (an association its own, others all)
  "bonus:review", // decide bonus claims, mark them paid, set the year's bonus budget
  "bonus:summary", // the year's bonus figures: budget, approved, paid, avoided costs
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RULES: Record<Role, readonly Permission[]> = {
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

export interface Viewer {
  userId: number;
  name: string;
  email: string;
  role: Role;
  /** The organisation an association representative is bound to (null for other roles). */
  organisationId: number | null;
}

export function can(viewer: Pick<Viewer, "role"> | null, permission: Permission): boolean {
  return viewer !== null && RULES[viewer.role].includes(permission);
}

/** Which projects a viewer may see: all, all but drafts, or those of one organisation. */
export type ProjectScope = { kind: "all" } | { kind: "nonDraft" } | { kind: "organisation"; organisationId: number };

export function projectScope(viewer: Viewer): ProjectScope {
  switch (viewer.role) {
    case "admin":
    case "manager":
      return { kind: "all" };
    case "committee":
      return { kind: "nonDraft" };
    case "association":
      return { kind: "organisation", organisationId: viewer.organisationId ?? -1 };
  }
}

/** Project statuses that are drafts (hidden from committee members). */
export const DRAFT_STATUSES = ["planning"] as const;

/**
 * The main navigation a viewer gets: each page's address and the message key of its label, in
 * order, those the viewer's permissions open (computed by the root loader; the browser only
 * draws it). The bonus pages open on the claims for those who read claims, else on the figures.
 */
export function navigationFor(viewer: Pick<Viewer, "role">): { to: string; label: string }[] {
  const items: [string, string, Permission[]][] = [
    ["/", "nav.portfolio", []],
    ["/change-requests", "nav.changeRequests", []],
    ["/deadlines", "nav.deadlines", []],
    ["/commitments", "nav.commitments", ["portfolio:aggregate"]],
    ["/funding", "nav.funding", ["portfolio:aggregate"]],
    ["/meetings", "nav.meetings", ["portfolio:aggregate"]],
    [can(viewer, "bonus:read") ? "/bonus-claims" : "/bonus-claims/summary", "nav.bonus", ["bonus:read", "bonus:summary"]],
    ["/organisations", "nav.organisations", ["organisation:read"]],
    ["/users", "users.title", ["user:manage"]],
    ["/projects/new", "nav.newProject", ["project:write"]],
  ];
  return items.filter(([, , need]) => need.length === 0 || need.some((p) => can(viewer, p))).map(([to, label]) => ({ to, label }));
}
