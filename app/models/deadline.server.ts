/**
 * The deadline view across the portfolio: a page of fifty deadlines by due date, and the count
 * in each standing (upcoming, due within 30 days, overdue, submitted, accepted, returned) beside
 * it. Standings are ranges of the (status, due_date) index; counts without other filters than
 * the viewer's own scope read that index alone (a committee member's subtract the drafts'
 * deadlines, found from the few draft projects).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import { addDays, DEADLINE_BUCKETS, DUE_SOON_DAYS, OBLIGATION_KINDS, type DeadlineBucket, type ObligationKind } from "~/domain/obligations";
import { pageOf, DEFAULT_PAGE_SIZE, type Page } from "~/domain/paging";
import { DRAFT_STATUSES, projectScope, type Viewer } from "~/domain/permissions";
import type { Day } from "~/domain/days";
import { withProjectFilters } from "./portfolio.server";

export interface DeadlineFilters {
  /** A standing, or "open" (upcoming, due soon and overdue), or null for all. */
  bucket?: DeadlineBucket | "open" | null;
  kind?: ObligationKind | null;
  organisationId?: number | null;
  unitId?: number | null;
  responsibleUserId?: number | null;
}

export interface DeadlineRow {
  id: number;
  projectId: number;
  shortName: string;
  projectName: string;
  caseNumber: string;
  kind: ObligationKind;
  title: string;
  dueDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  status: "open" | "submitted" | "accepted" | "returned";
  submittedOn: string | null;
  decidedOn: string | null;
  responsibleName: string | null;
  /** The report filled in for the deadline, if one was started. */
  reportId: number | null;
}

export interface DeadlinePage {
  rows: DeadlineRow[];
  counts: Record<DeadlineBucket, number>;
  page: Page;
  today: Day;
}

/** The SQL condition of a standing on a deadline aliased `d`. */
export function bucketCondition(bucket: DeadlineBucket | "open", today: Day): RawBuilder<SqlBool> {
  const soon = addDays(today, DUE_SOON_DAYS);
  switch (bucket) {
    case "open":
      return sql<SqlBool>`d.status = 'open'`;
    case "overdue":
      return sql<SqlBool>`d.status = 'open' AND d.due_date < ${today}`;
    case "dueSoon":
      return sql<SqlBool>`d.status = 'open' AND d.due_date >= ${today} AND d.due_date <= ${soon}`;
    case "upcoming":
      return sql<SqlBool>`d.status = 'open' AND d.due_date > ${soon}`;
    default:
      return sql<SqlBool>`d.status = ${bucket}`;
  }
}

function countColumns(today: Day) {
  const soon = addDays(today, DUE_SOON_DAYS);
  return [
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_date > ${soon} THEN 1 ELSE 0 END), 0)`.as("upcoming"),
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_date >= ${today} AND d.due_date <= ${soon} THEN 1 ELSE 0 END), 0)`.as("dueSoon"),
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_date < ${today} THEN 1 ELSE 0 END), 0)`.as("overdue"),
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'submitted' THEN 1 ELSE 0 END), 0)`.as("submitted"),
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'accepted' THEN 1 ELSE 0 END), 0)`.as("accepted"),
    sql<number>`COALESCE(SUM(CASE WHEN d.status = 'returned' THEN 1 ELSE 0 END), 0)`.as("returned"),
  ];
}

/** The ids of the projects the viewer sees that pass the implementer and unit filters (a subquery). */
function scopedProjects(db: DB, viewer: Viewer, filters: DeadlineFilters) {
  return withProjectFilters(db.selectFrom("project_figure as f").innerJoin("project as p", "p.id", "f.project_id"), viewer, {
    organisationId: filters.organisationId ?? null,
    unitId: filters.unitId ?? null,
  }).select("p.id");
}

/**
 * The deadlines that pass the filters, with their obligation `o`. The projects come in as a
 * subquery of ids (the viewer's scope and the project filters), so that a narrow scope (an
 * organisation's few projects) is read through the deadlines' project index instead of every
 * deadline being joined to its project.
 */
function filtered(db: DB, viewer: Viewer, filters: DeadlineFilters) {
  let q = db.selectFrom("deadline as d").innerJoin("obligation as o", "o.id", "d.obligation_id");
  if (projectScope(viewer).kind !== "all" || filters.organisationId || filters.unitId) q = q.where("d.project_id", "in", scopedProjects(db, viewer, filters));
  if (filters.kind) q = q.where("d.kind", "=", filters.kind);
  if (filters.responsibleUserId) q = q.where("o.responsible_user_id", "=", filters.responsibleUserId);
  return q;
}

type Counts = Record<DeadlineBucket, number>;

/** Each standing counted as a range of the (status, due_date) index (six index ranges, not a pass over every deadline). */
async function rangeCounts(db: DB, today: Day): Promise<Counts> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const r = await sql<Counts>`SELECT
      (SELECT COUNT(*) FROM deadline WHERE status = 'open' AND due_date > ${soon}) AS upcoming,
      (SELECT COUNT(*) FROM deadline WHERE status = 'open' AND due_date >= ${today} AND due_date <= ${soon}) AS "dueSoon",
      (SELECT COUNT(*) FROM deadline WHERE status = 'open' AND due_date < ${today}) AS overdue,
      (SELECT COUNT(*) FROM deadline WHERE status = 'submitted') AS submitted,
      (SELECT COUNT(*) FROM deadline WHERE status = 'accepted') AS accepted,
      (SELECT COUNT(*) FROM deadline WHERE status = 'returned') AS returned`.execute(db);
  return r.rows[0]!;
}

/** Counts per standing from the deadline index alone, when only the viewer's scope (all, or all but drafts) narrows them. */
async function indexCounts(db: DB, viewer: Viewer, today: Day): Promise<Counts> {
  const all = await rangeCounts(db, today);
  if (projectScope(viewer).kind === "all") return all;
  const drafts = await db
    .selectFrom("project as p")
    .innerJoin("deadline as d", "d.project_id", "p.id")
    .select(countColumns(today))
    .where("p.status", "in", [...DRAFT_STATUSES])
    .executeTakeFirstOrThrow();
  const out = {} as Counts;
  for (const b of DEADLINE_BUCKETS) out[b] = all[b] - drafts[b];
  return out;
}

export async function listDeadlines(
  db: DB,
  viewer: Viewer,
  filters: DeadlineFilters,
  paging: { page?: number; size?: number } = {},
  today: Day,
): Promise<DeadlinePage> {
  const narrowed = filters.kind || filters.organisationId || filters.unitId || filters.responsibleUserId || projectScope(viewer).kind === "organisation";
  const counts = narrowed ? await filtered(db, viewer, filters).select(countColumns(today)).executeTakeFirstOrThrow() : await indexCounts(db, viewer, today);
  const bucket = filters.bucket ?? null;
  const total =
    bucket === null
      ? DEADLINE_BUCKETS.reduce((a, b) => a + counts[b], 0)
      : bucket === "open"
        ? counts.upcoming + counts.dueSoon + counts.overdue
        : counts[bucket];
  const page = pageOf(total, paging.page ?? 1, paging.size ?? DEFAULT_PAGE_SIZE);
  let q = filtered(db, viewer, filters);
  if (bucket) q = q.where(bucketCondition(bucket, today));
  const rows = await q
    .innerJoin("project as p", "p.id", "d.project_id")
    .leftJoin("app_user as u", "u.id", "o.responsible_user_id")
    .select([
      "d.id",
      "d.project_id",
      "p.short_name",
      "p.name",
      "p.case_number",
      "d.kind",
      "o.title",
      "d.due_date",
      "d.period_start",
      "d.period_end",
      "d.status",
      "d.submitted_on",
      "d.decided_on",
      "u.name as responsible_name",
      (eb) => eb.selectFrom("report as r").select("r.id").whereRef("r.deadline_id", "=", "d.id").as("report_id"),
    ])
    .orderBy("d.due_date", bucket === "submitted" || bucket === "accepted" ? "desc" : "asc")
    .orderBy("d.id")
    .limit(page.size)
    .offset(page.offset)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      shortName: r.short_name,
      projectName: r.name,
      caseNumber: r.case_number,
      kind: r.kind,
      title: r.title,
      dueDate: r.due_date,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      status: r.status,
      submittedOn: r.submitted_on,
      decidedOn: r.decided_on,
      responsibleName: r.responsible_name,
      reportId: r.report_id ?? null,
    })),
    counts,
    page,
    today,
  };
}

export const DEADLINE_FILTER_BUCKETS = ["open", ...DEADLINE_BUCKETS] as const;
export { OBLIGATION_KINDS };

/** The people named responsible for some obligation (for the filter's choices). */
export async function responsiblePeople(db: DB) {
  return db
    .selectFrom("app_user as u")
    .select(["u.id", "u.name"])
    .where((eb) => eb.exists(eb.selectFrom("obligation as o").select("o.id").whereRef("o.responsible_user_id", "=", "u.id")))
    .orderBy("u.name")
    .limit(500)
    .execute();
}
