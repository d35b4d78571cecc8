/** Small SQL pieces the models share. */
import { sql, type RawBuilder, type SqlBool } from "kysely";

/** `column` within the year range (either end may be open); true when both are open. */
export function yearInRange(range: { from?: number | null; to?: number | null }, column: string): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (range.from != null) parts.push(sql<SqlBool>`${sql.ref(column)} >= ${range.from}`);
  if (range.to != null) parts.push(sql<SqlBool>`${sql.ref(column)} <= ${range.to}`);
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
