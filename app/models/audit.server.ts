/**
 * The audit trail. Writes of domain data run inside `audited()`: one transaction that first
 * names the acting user in `audit_context`; the database's triggers then write an audit row for
 * every inserted, updated or deleted row, in the same transaction. Reading the trail turns the
 * rows into plain-language entries. Before the transaction commits, the derived figures of
 * every project the change touched are recomputed (app/models/figures.server.ts).
 */
import crypto from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { refreshFigures } from "./figures.server";

/** Who is acting: a signed-in user, or the system (seed, import, command line). */
export type Actor = { userId: number | null };
export const SYSTEM: Actor = { userId: null };

export async function audited<T>(db: DB, actor: Actor, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable("audit_context").set({ user_id: actor.userId, tx_id: crypto.randomUUID() }).where("id", "=", 1).execute();
    // No `finally` clearing the context after an error: the rollback undoes it anyway, and
    // PostgreSQL would refuse that statement in the aborted transaction, hiding the real error.
    const result = await fn(tx);
    // The derived figures of what changed, in the same transaction (app/models/figures.server.ts).
    await refreshFigures(tx);
    await tx.updateTable("audit_context").set({ user_id: null, tx_id: null }).where("id", "=", 1).execute();
    return result;
  });
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: number;
  at: string;
  txId: string | null;
  userName: string | null;
  entity: string;
  entityId: number;
  action: "insert" | "update" | "delete";
  /** For inserts and deletes: the row's values; for updates: only what changed. */
  changes: HistoryChange[];
}

const HIDDEN_FIELDS = new Set([
  "id",
  "created_at",
  "updated_at",
  "revision",
  "plan_version_id",
  "position",
  "project_id",
  "plan_line_id",
  "commitment_id",
  "base_version_id",
  "proposed_version_id",
  "previous_name",
  "previous_short_name",
  "previous_target_group",
  "city_before_json",
  "city_after_json",
  "created_by_user_id",
  "decided_by_user_id",
  "withdrawn_by_user_id",
  // Derived from other rows (a target's totals from its entries, the period an obligation's
  // deadlines were made for): the change that moved them is in the history itself.
  "value_total",
  "women_total",
  "men_total",
  "other_total",
  "gender_reported_total",
  "entry_count",
  "last_entry_date",
  "gen_start",
  "gen_end",
  // Reports: who acted is the history row's own user; the refund's basis is shown on its page.
  "created_by",
  "submitted_by",
  "returned_by",
  "accepted_by",
  "deadline_id",
  "report_id",
  "basis",
  "sha256",
  "indicator_id",
  "obligation_id",
  "seq",
  "created_by",
]);

export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): HistoryChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: HistoryChange[] = [];
  for (const k of keys) {
    if (HIDDEN_FIELDS.has(k)) continue;
    const b = before ? before[k] : undefined;
    const a = after ? after[k] : undefined;
    if (before && after && JSON.stringify(b) === JSON.stringify(a)) continue;
    if (!before && (a === null || a === "")) continue;
    if (!after && (b === null || b === "")) continue;
    out.push({ field: k, before: b ?? null, after: a ?? null });
  }
  return out;
}

/**
 * A project's history, newest first: the rows of its latest `saves` saves (transactions), at
 * most `maxRows` rows, and how many saves there are in all.
 */
export async function projectHistory(
  db: DB,
  projectId: number,
  opts: { saves?: number; maxRows?: number } = {},
): Promise<{ entries: HistoryEntry[]; saves: number; shownSaves: number }> {
  const save = sql<string>`COALESCE(e.tx_id, 'row-' || e.id)`;
  const recent = db
    .selectFrom("audit_event as e")
    .select(save.as("save"))
    .where("e.project_id", "=", projectId)
    .groupBy(save)
    .orderBy(sql`MAX(e.id)`, "desc")
    .limit(opts.saves ?? 1_000_000);
  const rows = await db
    .selectFrom("audit_event as e")
    .leftJoin("app_user as u", "u.id", "e.user_id")
    .select(["e.id", "e.at", "e.tx_id", "u.name as user_name", "e.entity", "e.entity_id", "e.action", "e.before_json", "e.after_json"])
    .where("e.project_id", "=", projectId)
    .where(save, "in", recent)
    .orderBy("e.id", "desc")
    .limit(opts.maxRows ?? 200)
    .execute();
  const { n } = await db
    .selectFrom("audit_event as e")
    .select(sql<number>`COUNT(DISTINCT ${save})`.as("n"))
    .where("e.project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const entries = rows
    .map((r) => ({
      id: r.id,
      at: r.at,
      txId: r.tx_id,
      userName: r.user_name,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      changes: diffRows(r.before_json ? JSON.parse(r.before_json) : null, r.after_json ? JSON.parse(r.after_json) : null),
    }))
    // An update of nothing but derived columns says nothing a reader can use.
    .filter((e) => e.action !== "update" || e.changes.length > 0);
  return { entries, saves: n, shownSaves: new Set(rows.map((r) => r.tx_id ?? `row-${r.id}`)).size };
}

/** Names of the organisations that history entries refer to (by *organisation_id fields). */
export async function organisationNamesIn(db: DB, entries: HistoryEntry[]): Promise<Record<string, string>> {
  const ids = new Set<number>();
  for (const e of entries)
    for (const c of e.changes) if (c.field.endsWith("organisation_id")) for (const v of [c.before, c.after]) if (typeof v === "number") ids.add(v);
  if (ids.size === 0) return {};
  const rows = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("id", "in", [...ids])
    .execute();
  return Object.fromEntries(rows.map((r) => [String(r.id), r.name]));
}

/** What changed in one row after the revision an editor loaded (for the lost-update message). */
export async function changesSince(
  db: DB,
  entity: string,
  entityId: number,
  revision: number,
): Promise<{ at: string; userName: string | null; changes: HistoryChange[] }[]> {
  const rows = await db
    .selectFrom("audit_event as e")
    .leftJoin("app_user as u", "u.id", "e.user_id")
    .select(["e.at", "e.tx_id", "u.name as user_name", "e.before_json", "e.after_json"])
    .where("e.entity", "=", entity)
    .where("e.entity_id", "=", entityId)
    .where("e.action", "=", "update")
    .orderBy("e.id")
    .execute();
  const saves = rows
    .map((r) => ({ at: r.at, txId: r.tx_id, userName: r.user_name, before: JSON.parse(r.before_json ?? "{}"), after: JSON.parse(r.after_json ?? "{}") }))
    .filter((r) => typeof r.after.revision === "number" && r.after.revision > revision);
  // A save writes more than its own row (a plan's lines, say): show every row of its transaction.
  const out: { at: string; userName: string | null; changes: HistoryChange[] }[] = [];
  for (const s of saves) {
    const own = diffRows(s.before, s.after);
    const others = s.txId
      ? await db
          .selectFrom("audit_event")
          .select(["entity", "action", "before_json", "after_json"])
          .where("tx_id", "=", s.txId)
          .where("entity", "<>", entity)
          .orderBy("id")
          .execute()
      : [];
    const related = others.flatMap((o) =>
      diffRows(o.before_json ? JSON.parse(o.before_json) : null, o.after_json ? JSON.parse(o.after_json) : null).map((c) => ({
        ...c,
        before: o.action === "insert" ? null : c.before,
        after: o.action === "delete" ? null : c.after,
      })),
    );
    out.push({ at: s.at, userName: s.userName, changes: [...own, ...related] });
  }
  return out;
}
