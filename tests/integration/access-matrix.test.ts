/// <reference types="vite/client" />
/**
 * The route × role matrix: every route's loader and action, called as anonymous, administrator,
 * manager, committee member and association representative, must be allowed or refused exactly
 * as written here. A route file without a row here fails the first test, so a new route cannot
 * be added without deciding who may use it.
 */
import { describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { currentCommitmentId, organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { headersFor, ORIGIN, type DemoAccount } from "../helpers/auth";

const ctx = useTestDatabase("demo");

type Who = "anon" | "admin" | "manager" | "committee" | "haka";
const WHO: Who[] = ["anon", "admin", "manager", "committee", "haka"];
/** ok: authorised (200, a redirect that is not to sign-in, or 400 for an empty form); the rest are refusals. */
type Outcome = "ok" | "login" | 401 | 403 | 404;
type Row = Record<Who, Outcome>;

const page = (o: Partial<Row> & { anon?: Outcome }): Row => ({ anon: "login", admin: "ok", manager: "ok", committee: "ok", haka: "ok", ...o });
const api = (o: Partial<Row>): Row => ({ anon: 401, admin: "ok", manager: "ok", committee: "ok", haka: "ok", ...o });
const writer: Row = { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 403 };
const orgWriter: Row = { anon: "login", admin: "ok", manager: "ok", committee: 403, haka: 403 };
const anyone: Row = { anon: "ok", admin: "ok", manager: "ok", committee: "ok", haka: "ok" };
const NOT_FOUND_FOR_WRITER: Row = { anon: "login", admin: 403, manager: 404, committee: 403, haka: 403 };

interface Ids {
  summit: number; // Haka's own project
  kotona: number; // another organisation's project (Haka is not in it)
  commitment: number; // SUMMIT's commitment
  org: number;
  summitRequest: number; // SUMMIT's change request (Haka's own project)
  user: number; // the committee member's account
  flow: number; // Haka's ended project
  flowReach: number; // FLOW's reach target
  kotonaReach: number; // Kotona Kajaanissa's reach target (another project's)
  flowObligation: number; // FLOW's yearly report obligation
  kotonaObligation: number; // an obligation of another project
  deadline: number; // a deadline of FLOW
  payment: number; // Kotona Kajaanissa's first payment application
  summitReport: number; // Haka's draft yearly report of SUMMIT
  flowReport: number; // Haka's accepted final report of FLOW
  kotonaReport: number; // SPR's returned yearly report of Kotona Kajaanissa (another organisation's)
  summitReportDeadline: number; // the deadline of SUMMIT's report
  kotonaReportDeadline: number; // the deadline of Kotona Kajaanissa's report
  meeting: number; // the demo's meeting of 20.5.2026
  agendaItem: number; // its § 15 (OTE)
  hakaClaim: number; // Haka's bonus claim in review (HAKA-2026-011)
  sprClaim: number; // SPR's bonus claim (another organisation's)
  managerUpload: number; // a spreadsheet upload of the manager
  adminUpload: number; // one of the administrator (another user's: 404 for the manager)
}

interface Rule {
  url: (ids: Ids) => string;
  params: (ids: Ids) => Record<string, string>;
  loader?: Row;
  action?: Row;
  /** Extra cases: the same route on another organisation's data. */
  foreign?: { url: (ids: Ids) => string; params: (ids: Ids) => Record<string, string>; loader?: Row; action?: Row };
}

const none = () => ({});
const MATRIX: Record<string, Rule> = {
  "_index.tsx": { url: () => "/", params: none, loader: page({}) },
  "account.tsx": { url: () => "/account", params: none, loader: page({}), action: page({}) },
  "login.tsx": { url: () => "/login", params: none, loader: anyone, action: anyone },
  // Signing out always ends on the sign-in page.
  "logout.tsx": {
    url: () => "/logout",
    params: none,
    loader: anyone,
    action: { anon: "login", admin: "login", manager: "login", committee: "login", haka: "login" },
  },
  "language.tsx": { url: () => "/language", params: none, loader: anyone, action: anyone },
  // The message catalogue: public (the sign-in page needs it); an unknown language is a 404.
  "i18n.$lang.ts": {
    url: () => "/i18n/fi",
    params: () => ({ lang: "fi" }),
    loader: anyone,
    foreign: { url: () => "/i18n/xx", params: () => ({ lang: "xx" }), loader: { anon: 404, admin: 404, manager: 404, committee: 404, haka: 404 } },
  },
  "users._index.tsx": {
    url: () => "/users",
    params: none,
    loader: { anon: "login", admin: "ok", manager: 403, committee: 403, haka: 403 },
    action: { anon: "login", admin: "ok", manager: 403, committee: 403, haka: 403 },
  },
  "users.$userId.tsx": {
    url: (i) => `/users/${i.user}`,
    params: (i) => ({ userId: String(i.user) }),
    loader: { anon: "login", admin: "ok", manager: 403, committee: 403, haka: 403 },
    action: { anon: "login", admin: "ok", manager: 403, committee: 403, haka: 403 },
    foreign: {
      url: () => "/users/999999",
      params: () => ({ userId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 403, committee: 403, haka: 403 },
      action: { anon: "login", admin: 404, manager: 403, committee: 403, haka: 403 },
    },
  },
  "commitments.tsx": { url: () => "/commitments", params: none, loader: page({ haka: 403 }) },
  "funding.tsx": { url: () => "/funding", params: none, loader: page({ haka: 403 }) },
  "organisations._index.tsx": { url: () => "/organisations", params: none, loader: page({ haka: 403 }) },
  "organisations.new.tsx": { url: () => "/organisations/new", params: none, loader: orgWriter, action: orgWriter },
  "organisations.$organisationId.tsx": {
    url: (i) => `/organisations/${i.org}`,
    params: (i) => ({ organisationId: String(i.org) }),
    loader: orgWriter,
    action: orgWriter,
  },
  "projects.new.tsx": { url: () => "/projects/new", params: none, loader: writer, action: writer },
  "projects.$projectId._index.tsx": {
    url: (i) => `/projects/${i.summit}`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: page({}),
    foreign: { url: (i) => `/projects/${i.kotona}`, params: (i) => ({ projectId: String(i.kotona) }), loader: page({ haka: 404 }) },
  },
  "projects.$projectId.edit.tsx": {
    url: (i) => `/projects/${i.summit}/edit`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: writer,
    action: writer,
  },
  "projects.$projectId.plan.tsx": {
    url: (i) => `/projects/${i.summit}/plan`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: writer,
    action: writer,
  },
  "projects.$projectId.commitments.new.tsx": {
    url: (i) => `/projects/${i.summit}/commitments/new`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: writer,
    action: writer,
  },
  "projects.$projectId.commitments.$commitmentId.tsx": {
    url: (i) => `/projects/${i.summit}/commitments/${i.commitment}`,
    params: (i) => ({ projectId: String(i.summit), commitmentId: String(i.commitment) }),
    loader: writer,
    action: writer,
  },
  "change-requests._index.tsx": { url: () => "/change-requests", params: none, loader: page({}) },
  "change-requests.$requestId.tsx": {
    url: (i) => `/change-requests/${i.summitRequest}`,
    params: (i) => ({ requestId: String(i.summitRequest) }),
    loader: page({}),
    action: writer,
  },
  // Editing a pending request: managers (and whoever filed it); another organisation's → 404.
  "change-requests.$requestId_.edit.tsx": {
    url: (i) => `/change-requests/${i.summitRequest}/edit`,
    params: (i) => ({ requestId: String(i.summitRequest) }),
    loader: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 403 },
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 403 },
    foreign: {
      url: () => "/change-requests/999999/edit",
      params: () => ({ requestId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 404 },
      action: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 404 },
    },
  },
  // An association representative files its own organisation's requests (SUMMIT is Haka's).
  "projects.$projectId.change-requests.new.tsx": {
    url: (i) => `/projects/${i.summit}/change-requests/new`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: { ...writer, haka: "ok" },
    action: { ...writer, haka: "ok" },
  },
  "api.v1.projects._index.ts": { url: () => "/api/v1/projects", params: none, loader: api({}) },
  "api.v1.deadlines.ts": { url: () => "/api/v1/deadlines", params: none, loader: api({}) },
  // Meetings in the API: as their pages (admin, manager, committee; associations 403); an unknown meeting → 404.
  "api.v1.meetings.ts": { url: () => "/api/v1/meetings", params: none, loader: api({ haka: 403 }) },
  "api.v1.meetings.$meetingId.ts": {
    url: (i) => `/api/v1/meetings/${i.meeting}`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: api({ haka: 403 }),
    foreign: {
      url: () => "/api/v1/meetings/999999",
      params: () => ({ meetingId: "999999" }),
      loader: api({ admin: 404, manager: 404, committee: 404, haka: 403 }),
    },
  },
  "api.v1.meetings.$meetingId.popolo.ts": {
    url: (i) => `/api/v1/meetings/${i.meeting}/popolo`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: api({ haka: 403 }),
    foreign: {
      url: () => "/api/v1/meetings/999999/popolo",
      params: () => ({ meetingId: "999999" }),
      loader: api({ admin: 404, manager: 404, committee: 404, haka: 403 }),
    },
  },
  "api.v1.projects.$projectId.ts": {
    url: (i) => `/api/v1/projects/${i.summit}`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: api({}),
    foreign: { url: (i) => `/api/v1/projects/${i.kotona}`, params: (i) => ({ projectId: String(i.kotona) }), loader: api({ haka: 404 }) },
  },
  "api.v1.commitments.ts": { url: () => "/api/v1/commitments", params: none, loader: api({ haka: 403 }) },
  "api.v1.funding.ts": { url: () => "/api/v1/funding", params: none, loader: api({ haka: 403 }) },
  "api.v1.export.ts": { url: () => "/api/v1/export", params: none, loader: api({ committee: 403, haka: 403 }) },
  // Bonus claims in the API: bonus:read (an association its own, managers and admins every claim); committee 403.
  "api.v1.bonus-claims.ts": { url: () => "/api/v1/bonus-claims", params: none, loader: api({ committee: 403 }) },
  // Targets, obligations, deadlines and payment applications: managers write; another project's ids → 404.
  "projects.$projectId.indicators.new.tsx": {
    url: (i) => `/projects/${i.flow}/indicators/new`,
    params: (i) => ({ projectId: String(i.flow) }),
    loader: writer,
    action: writer,
    foreign: {
      url: () => "/projects/999999/indicators/new",
      params: () => ({ projectId: "999999" }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "projects.$projectId.indicators.$indicatorId._index.tsx": {
    url: (i) => `/projects/${i.flow}/indicators/${i.flowReach}`,
    params: (i) => ({ projectId: String(i.flow), indicatorId: String(i.flowReach) }),
    loader: writer,
    action: writer,
    foreign: {
      url: (i) => `/projects/${i.flow}/indicators/${i.kotonaReach}`,
      params: (i) => ({ projectId: String(i.flow), indicatorId: String(i.kotonaReach) }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "projects.$projectId.indicators.$indicatorId.entries.new.tsx": {
    url: (i) => `/projects/${i.flow}/indicators/${i.flowReach}/entries/new`,
    params: (i) => ({ projectId: String(i.flow), indicatorId: String(i.flowReach) }),
    loader: writer,
    action: writer,
    foreign: {
      url: (i) => `/projects/${i.flow}/indicators/${i.kotonaReach}/entries/new`,
      params: (i) => ({ projectId: String(i.flow), indicatorId: String(i.kotonaReach) }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "projects.$projectId.obligations.new.tsx": {
    url: (i) => `/projects/${i.flow}/obligations/new`,
    params: (i) => ({ projectId: String(i.flow) }),
    loader: writer,
    action: writer,
  },
  "projects.$projectId.obligations.$obligationId.tsx": {
    url: (i) => `/projects/${i.flow}/obligations/${i.flowObligation}`,
    params: (i) => ({ projectId: String(i.flow), obligationId: String(i.flowObligation) }),
    loader: writer,
    action: writer,
    foreign: {
      url: (i) => `/projects/${i.flow}/obligations/${i.kotonaObligation}`,
      params: (i) => ({ projectId: String(i.flow), obligationId: String(i.kotonaObligation) }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "projects.$projectId.payments.new.tsx": {
    url: (i) => `/projects/${i.kotona}/payments/new`,
    params: (i) => ({ projectId: String(i.kotona) }),
    loader: writer,
    action: writer,
  },
  "projects.$projectId.payments.$paymentId.tsx": {
    url: (i) => `/projects/${i.kotona}/payments/${i.payment}`,
    params: (i) => ({ projectId: String(i.kotona), paymentId: String(i.payment) }),
    loader: writer,
    action: writer,
    foreign: {
      url: (i) => `/projects/${i.flow}/payments/${i.payment}`,
      params: (i) => ({ projectId: String(i.flow), paymentId: String(i.payment) }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "deadlines._index.tsx": { url: () => "/deadlines", params: none, loader: page({}) },
  "deadlines.$deadlineId.tsx": {
    url: (i) => `/deadlines/${i.deadline}`,
    params: (i) => ({ deadlineId: String(i.deadline) }),
    loader: writer,
    action: writer,
    foreign: { url: () => "/deadlines/999999", params: () => ({ deadlineId: "999999" }), loader: NOT_FOUND_FOR_WRITER, action: NOT_FOUND_FOR_WRITER },
  },
  // Reports: everyone who may see the project reads them; managers and the grantee's
  // representatives write them (admins and committee members do not); another organisation's → 404.
  "reports.$reportId._index.tsx": {
    url: (i) => `/reports/${i.summitReport}`,
    params: (i) => ({ reportId: String(i.summitReport) }),
    loader: page({}),
    foreign: { url: (i) => `/reports/${i.kotonaReport}`, params: (i) => ({ reportId: String(i.kotonaReport) }), loader: page({ haka: 404 }) },
  },
  // The form: managers and the grantee's representatives (admins and committee members do not write reports).
  "reports.$reportId.edit.tsx": {
    url: (i) => `/reports/${i.summitReport}/edit`,
    params: (i) => ({ reportId: String(i.summitReport) }),
    loader: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: "ok" },
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: "ok" },
    foreign: {
      url: (i) => `/reports/${i.kotonaReport}/edit`,
      params: (i) => ({ reportId: String(i.kotonaReport) }),
      loader: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 404 },
      action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 404 },
    },
  },
  // The review: managers only.
  "reports.$reportId.review.tsx": {
    url: (i) => `/reports/${i.summitReport}/review`,
    params: (i) => ({ reportId: String(i.summitReport) }),
    loader: writer,
    action: writer,
    foreign: { url: () => "/reports/999999/review", params: () => ({ reportId: "999999" }), loader: NOT_FOUND_FOR_WRITER, action: NOT_FOUND_FOR_WRITER },
  },
  "reports.$reportId.receipt.tsx": {
    url: (i) => `/reports/${i.flowReport}/receipt`,
    params: (i) => ({ reportId: String(i.flowReport) }),
    loader: page({}),
    foreign: { url: (i) => `/reports/${i.kotonaReport}/receipt`, params: (i) => ({ reportId: String(i.kotonaReport) }), loader: page({ haka: 404 }) },
  },
  "deadlines.$deadlineId_.report.tsx": {
    url: (i) => `/deadlines/${i.summitReportDeadline}/report`,
    params: (i) => ({ deadlineId: String(i.summitReportDeadline) }),
    loader: page({}),
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: "ok" },
    foreign: {
      url: (i) => `/deadlines/${i.kotonaReportDeadline}/report`,
      params: (i) => ({ deadlineId: String(i.kotonaReportDeadline) }),
      loader: page({ haka: 404 }),
      action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 404 },
    },
  },
  // A report's attachments (tests/integration/report-attachments.test.ts has the files themselves):
  // read like the report; uploaded and deleted by its writers. The demo data has no attachment,
  // so the file route's id is one that does not exist (404 for every reader).
  "reports.$reportId.attachments.tsx": {
    url: (i) => `/reports/${i.summitReport}/attachments`,
    params: (i) => ({ reportId: String(i.summitReport) }),
    loader: page({}),
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: "ok" },
    foreign: {
      url: (i) => `/reports/${i.kotonaReport}/attachments`,
      params: (i) => ({ reportId: String(i.kotonaReport) }),
      loader: page({ haka: 404 }),
      action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 404 },
    },
  },
  "reports.$reportId.attachments.$attachmentId.tsx": {
    url: (i) => `/reports/${i.summitReport}/attachments/999999`,
    params: (i) => ({ reportId: String(i.summitReport), attachmentId: "999999" }),
    loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 404 },
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: "ok" },
    foreign: {
      url: (i) => `/reports/${i.kotonaReport}/attachments/999999`,
      params: (i) => ({ reportId: String(i.kotonaReport), attachmentId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 404 },
      action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 404 },
    },
  },
  // Employment bonus claims (tests/integration/bonus-claims.test.ts has the flows): listed and read
  // by associations (their own), managers and admins; filed by associations; decided by managers
  // (the page's action answers each intent with its own permission: an empty post is a 400); the
  // year's figures for managers, admins and committee members. The demo's evidence files are not
  // in this test's folder, so the file route's id is one that does not exist.
  "bonus-claims._index.tsx": { url: () => "/bonus-claims", params: none, loader: page({ committee: 403 }) },
  "bonus-claims.new.tsx": {
    url: () => "/bonus-claims/new",
    params: none,
    loader: { anon: "login", admin: 403, manager: 403, committee: 403, haka: "ok" },
    action: { anon: "login", admin: 403, manager: 403, committee: 403, haka: "ok" },
  },
  "bonus-claims.$claimId._index.tsx": {
    url: (i) => `/bonus-claims/${i.hakaClaim}`,
    params: (i) => ({ claimId: String(i.hakaClaim) }),
    loader: page({ committee: 403 }),
    action: page({ committee: 403 }),
    foreign: {
      url: (i) => `/bonus-claims/${i.sprClaim}`,
      params: (i) => ({ claimId: String(i.sprClaim) }),
      loader: page({ committee: 403, haka: 404 }),
      action: page({ committee: 403, haka: 404 }),
    },
  },
  "bonus-claims.$claimId.attachments.$attachmentId.tsx": {
    url: (i) => `/bonus-claims/${i.hakaClaim}/attachments/999999`,
    params: (i) => ({ claimId: String(i.hakaClaim), attachmentId: "999999" }),
    loader: { anon: "login", admin: 404, manager: 404, committee: 403, haka: 404 },
    foreign: {
      url: (i) => `/bonus-claims/${i.sprClaim}/attachments/999999`,
      params: (i) => ({ claimId: String(i.sprClaim), attachmentId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 403, haka: 404 },
    },
  },
  "bonus-claims.summary.tsx": {
    url: () => "/bonus-claims/summary",
    params: none,
    loader: page({ haka: 403 }),
    action: { anon: "login", admin: 403, manager: "ok", committee: 403, haka: 403 },
  },
  // Spreadsheet exports (issue 21, docs/spreadsheets.md): each read like the page it comes from.
  "exports.portfolio.ts": { url: () => "/exports/portfolio", params: none, loader: page({}) },
  "exports.commitments.ts": { url: () => "/exports/commitments", params: none, loader: page({ haka: 403 }) },
  "exports.deadlines.ts": { url: () => "/exports/deadlines", params: none, loader: page({}) },
  "exports.projects.$projectId.plan.ts": {
    url: (i) => `/exports/projects/${i.summit}/plan`,
    params: (i) => ({ projectId: String(i.summit) }),
    loader: page({}),
    foreign: { url: (i) => `/exports/projects/${i.kotona}/plan`, params: (i) => ({ projectId: String(i.kotona) }), loader: page({ haka: 404 }) },
  },
  "exports.reports.ts": {
    url: (i) => `/exports/reports?project=${i.summit}`,
    params: none,
    loader: page({}),
    foreign: { url: (i) => `/exports/reports?project=${i.kotona}`, params: none, loader: page({ haka: 404 }) },
  },
  "exports.bonus-claims.ts": { url: () => "/exports/bonus-claims", params: none, loader: page({ committee: 403 }) },
  // Importing projects from a spreadsheet (issue 21; tests/integration/spreadsheet-import.test.ts has the flows):
  // managers only (project:write). An upload is its uploader's own: another user's (here the
  // administrator's) is a 404 for a manager, to the page and to its confirmation alike.
  "projects.import._index.tsx": { url: () => "/projects/import", params: none, loader: writer, action: writer },
  "projects.import.template.ts": { url: () => "/projects/import/template", params: none, loader: writer },
  "projects.import.$uploadId.tsx": {
    url: (i) => `/projects/import/${i.managerUpload}`,
    params: (i) => ({ uploadId: String(i.managerUpload) }),
    loader: writer,
    action: writer,
    foreign: {
      url: (i) => `/projects/import/${i.adminUpload}`,
      params: (i) => ({ uploadId: String(i.adminUpload) }),
      loader: NOT_FOUND_FOR_WRITER,
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  // The refund: read by everyone who may see the project; claimed and marked paid by managers.
  "projects.$projectId.refund.tsx": {
    url: (i) => `/projects/${i.flow}/refund`,
    params: (i) => ({ projectId: String(i.flow) }),
    loader: page({}),
    action: writer,
    foreign: { url: (i) => `/projects/${i.kotona}/refund`, params: (i) => ({ projectId: String(i.kotona) }), loader: page({ haka: 404 }), action: writer },
  },
  // Meetings and agenda items: managers prepare them; committee members and administrators read
  // them; associations do not see the body's internal agendas.
  "meetings._index.tsx": { url: () => "/meetings", params: none, loader: page({ haka: 403 }) },
  "meetings.new.tsx": { url: () => "/meetings/new", params: none, loader: writer, action: writer },
  "meetings.$meetingId._index.tsx": {
    url: (i) => `/meetings/${i.meeting}`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: page({ haka: 403 }),
    action: writer,
    foreign: {
      url: () => "/meetings/999999",
      params: () => ({ meetingId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 403 },
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  "meetings.$meetingId.print.tsx": {
    url: (i) => `/meetings/${i.meeting}/print`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: page({ haka: 403 }),
    foreign: {
      url: () => "/meetings/999999/print",
      params: () => ({ meetingId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 403 },
    },
  },
  // The agenda and one item as Word documents (DOCX): read like the printable agenda.
  "meetings.$meetingId.docx.ts": {
    url: (i) => `/meetings/${i.meeting}/docx`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: page({ haka: 403 }),
    foreign: {
      url: () => "/meetings/999999/docx",
      params: () => ({ meetingId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 403 },
    },
  },
  "agenda-items.$itemId.docx.ts": {
    url: (i) => `/agenda-items/${i.agendaItem}/docx`,
    params: (i) => ({ itemId: String(i.agendaItem) }),
    loader: page({ haka: 403 }),
    foreign: {
      url: () => "/agenda-items/999999/docx",
      params: () => ({ itemId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 403 },
    },
  },
  "meetings.$meetingId.items.new.tsx": {
    url: (i) => `/meetings/${i.meeting}/items/new`,
    params: (i) => ({ meetingId: String(i.meeting) }),
    loader: writer,
    action: writer,
    foreign: { url: () => "/meetings/999999/items/new", params: () => ({ meetingId: "999999" }), loader: NOT_FOUND_FOR_WRITER, action: NOT_FOUND_FOR_WRITER },
  },
  "agenda-items.$itemId.tsx": {
    url: (i) => `/agenda-items/${i.agendaItem}`,
    params: (i) => ({ itemId: String(i.agendaItem) }),
    loader: page({ haka: 403 }),
    action: writer,
    foreign: {
      url: () => "/agenda-items/999999",
      params: () => ({ itemId: "999999" }),
      loader: { anon: "login", admin: 404, manager: 404, committee: 404, haka: 403 },
      action: NOT_FOUND_FOR_WRITER,
    },
  },
  // The public agenda and minutes: by their stable address, without signing in; an unknown one is a 404.
  "public.meetings.$slug.tsx": {
    url: () => "/public/meetings/unknown",
    params: () => ({ slug: "unknown" }),
    loader: { anon: 404, admin: 404, manager: 404, committee: 404, haka: 404 },
  },
  // The calendar feed opens with its secret alone; a wrong one is a 404 for everybody.
  "calendar.$token.ts": {
    url: () => "/calendar/not-a-token.ics",
    params: () => ({ token: "not-a-token.ics" }),
    loader: { anon: 404, admin: 404, manager: 404, committee: 404, haka: 404 },
  },
};

type RouteModule = {
  loader?: (a: LoaderFunctionArgs) => Promise<Response>;
  action?: (a: ActionFunctionArgs) => Promise<Response>;
  default?: unknown;
  ErrorBoundary?: unknown;
};
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");
const fileOf = (path: string) => path.split("/").pop()!;

const ACCOUNT: Record<Exclude<Who, "anon">, DemoAccount> = { admin: "admin", manager: "manager", committee: "committee", haka: "haka" };

async function headers(who: Who): Promise<Record<string, string>> {
  return who === "anon" ? { Origin: ORIGIN } : headersFor(ctx.db, ACCOUNT[who]);
}

async function call(fn: (a: never) => Promise<Response>, request: Request, params: Record<string, string>): Promise<Response> {
  try {
    return await fn({ request, params, context: { clientIp: "127.0.0.9" } } as never);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function outcomeOf(res: Response, isAction: boolean): Outcome | `unexpected ${number}` {
  const location = res.headers.get("Location") ?? "";
  if (res.status >= 300 && res.status < 400) return location.startsWith("/login") ? "login" : "ok";
  if (res.status === 401 || res.status === 403 || res.status === 404) return res.status;
  if (res.status === 200 || (isAction && (res.status === 400 || res.status === 429))) return "ok";
  return `unexpected ${res.status}`;
}

async function ids(): Promise<Ids> {
  const summit = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
  const commitment = { id: await currentCommitmentId(ctx.db, summit) };
  const request = await ctx.db.selectFrom("change_request").select("id").where("project_id", "=", summit).executeTakeFirstOrThrow();
  const kotona = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
  const flow = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
  const indicatorOf = async (p: number) =>
    (await ctx.db.selectFrom("indicator").select("id").where("project_id", "=", p).where("kind", "=", "reach").executeTakeFirstOrThrow()).id;
  const reportOf = async (p: number) =>
    ctx.db.selectFrom("report").select(["id", "deadline_id"]).where("project_id", "=", p).orderBy("id").executeTakeFirstOrThrow();
  const obligationOf = async (p: number) =>
    (await ctx.db.selectFrom("obligation").select("id").where("project_id", "=", p).orderBy("id").executeTakeFirstOrThrow()).id;
  return {
    summit,
    kotona,
    commitment: commitment.id,
    org: await organisationIdByName(ctx.db, "Kajaanin Haka ry"),
    summitRequest: request.id,
    user: (await ctx.db.selectFrom("app_user").select("id").where("role", "=", "committee").executeTakeFirstOrThrow()).id,
    flow,
    flowReach: await indicatorOf(flow),
    kotonaReach: await indicatorOf(kotona),
    flowObligation: await obligationOf(flow),
    kotonaObligation: await obligationOf(kotona),
    deadline: (await ctx.db.selectFrom("deadline").select("id").where("project_id", "=", flow).orderBy("id").executeTakeFirstOrThrow()).id,
    payment: (await ctx.db.selectFrom("payment_application").select("id").where("project_id", "=", kotona).orderBy("id").executeTakeFirstOrThrow()).id,
    summitReport: (await reportOf(summit)).id,
    flowReport: (await reportOf(flow)).id,
    kotonaReport: (await reportOf(kotona)).id,
    summitReportDeadline: (await reportOf(summit)).deadline_id!,
    kotonaReportDeadline: (await reportOf(kotona)).deadline_id!,
    meeting: (await ctx.db.selectFrom("meeting").select("id").orderBy("id").executeTakeFirstOrThrow()).id,
    agendaItem: (await ctx.db.selectFrom("agenda_item").select("id").where("section", "=", 15).executeTakeFirstOrThrow()).id,
    hakaClaim: (await ctx.db.selectFrom("bonus_claim").select("id").where("reference", "=", "HAKA-2026-011").executeTakeFirstOrThrow()).id,
    sprClaim: (await ctx.db.selectFrom("bonus_claim").select("id").where("reference", "=", "SPR-K-0412").executeTakeFirstOrThrow()).id,
    managerUpload: await uploadOf("manager"),
    adminUpload: await uploadOf("admin"),
  };
}

describe("route × role matrix", () => {
  it("has a rule for every route and no rule for a route that does not exist", () => {
    const files = Object.keys(modules).map(fileOf).sort();
    expect(files).toEqual(Object.keys(MATRIX).sort());
  });

  const cases: { file: string; kind: "loader" | "action"; variant: "own" | "foreign"; who: Who; expected: Outcome }[] = [];
  for (const [file, rule] of Object.entries(MATRIX)) {
    for (const kind of ["loader", "action"] as const) {
      for (const variant of ["own", "foreign"] as const) {
        const row = variant === "own" ? rule[kind] : rule.foreign?.[kind];
        if (!row) continue;
        for (const who of WHO) cases.push({ file, kind, variant, who, expected: row[who] });
      }
    }
  }

  it.each(cases)("$file $kind ($variant data) as $who → $expected", async ({ file, kind, variant, who, expected }) => {
    const path = Object.keys(modules).find((p) => fileOf(p) === file)!;
    const mod = await modules[path]!();
    const fn = mod[kind];
    expect(fn, `${file} has no ${kind}, but the matrix has a rule for it`).toBeTypeOf("function");
    const i = await ids();
    const rule = MATRIX[file]!;
    const target = variant === "own" ? rule : rule.foreign!;
    const url = `http://localhost${target.url(i)}`;
    const h = await headers(who);
    const request =
      kind === "loader"
        ? new Request(url, { headers: Object.fromEntries(Object.entries(h).filter(([k]) => k !== "Origin")) })
        : new Request(url, { method: "POST", headers: { ...h, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams() });
    const before = await auditCount();
    const res = await call(fn as never, request, target.params(i));
    expect(outcomeOf(res, kind === "action")).toBe(expected);
    if (kind === "action" && expected !== "ok") expect(await auditCount()).toBe(before);
  });

  it("gives every page its own error boundary (so a refused post still renders the translated frame)", async () => {
    for (const [path, load] of Object.entries(modules)) {
      const mod = await load();
      if (typeof mod.default === "function") expect(typeof mod.ErrorBoundary, fileOf(path)).toBe("function");
    }
  });

  it("declares an action rule exactly where the route has an action, and a loader rule where it has a loader", async () => {
    for (const [path, load] of Object.entries(modules)) {
      const mod = await load();
      const rule = MATRIX[fileOf(path)]!;
      expect(typeof mod.loader === "function", `${fileOf(path)} loader`).toBe(rule.loader !== undefined);
      expect(typeof mod.action === "function", `${fileOf(path)} action`).toBe(rule.action !== undefined);
    }
  });
});

async function auditCount(): Promise<number> {
  return Number(
    (
      await ctx.db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** A spreadsheet upload (a preview with no rows) of the demo account of this role: the first one, made once. */
async function uploadOf(role: "manager" | "admin"): Promise<number> {
  const user = await ctx.db.selectFrom("app_user").select("id").where("role", "=", role).orderBy("id").executeTakeFirstOrThrow();
  const found = await ctx.db.selectFrom("spreadsheet_upload").select("id").where("user_id", "=", user.id).orderBy("id").executeTakeFirst();
  if (found) return found.id;
  const none = { rows: 0, totalCents: 0, esrCents: 0, ownCents: 0, cityCents: 0 };
  const at = new Date().toISOString();
  const summary = { checkedAt: at, counts: { valid: 0, error: 0, exists: 0, created: 0 }, totals: { valid: none, all: none } };
  const row = await ctx.db
    .insertInto("spreadsheet_upload")
    .values({
      user_id: user.id,
      file_name: "hankkeet.csv",
      file_kind: "csv",
      size_bytes: 1,
      sha256: "0".repeat(64),
      row_count: 0,
      columns_json: "[]",
      rows_json: "[]",
      check_json: "[]",
      summary_json: JSON.stringify(summary),
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
