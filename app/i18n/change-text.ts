/**
 * Changed values in plain language ("summa: 55 000 € → 82 500 €"), as pure functions of a
 * translate function: the history renders them (app/components/change-list.tsx), and the server
 * writes them into a refused stale save's answer, so that forms need not carry this code.
 */
import { formatBasisPoints, formatMoney } from "~/domain/money";
import { formatDay, formatInstant } from "~/domain/days";

type Td = (key: string, params?: Record<string, string | number>) => string;

export interface ChangeView {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** A stored value as a person reads it, by the column's naming convention. */
export function formatChangeValue(td: Td, names: Record<string, string>, field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "number" && field.endsWith("_cents")) return formatMoney(value);
  if (typeof value === "number" && field.endsWith("_bp")) return formatBasisPoints(value);
  if (typeof value === "number" && field === "staff_hours_centi") return `${(value / 100).toLocaleString("fi-FI")} h`;
  if (typeof value === "string" && (field.endsWith("_date") || field.endsWith("_on"))) return formatDay(value);
  if (typeof value === "string" && field.endsWith("_at")) return formatInstant(value);
  if (typeof value === "number" && field.endsWith("organisation_id")) return names[String(value)] ?? `#${value}`;
  if (typeof value === "number" && (field === "annual_budget_reservation" || field === "active" || field === "is_demo"))
    return td(value ? "common.yes" : "common.no");
  if (typeof value === "string") {
    if (field === "kinds" && value.startsWith("[")) {
      try {
        return (JSON.parse(value) as string[]).map((k) => td(`changeKind.${k}`)).join(", ");
      } catch {
        return value;
      }
    }
    // Which vocabulary a coded column's value comes from (the first whose key exists wins).
    const VOCABULARIES: Record<string, string[]> = {
      status: ["status", "report.status"],
      section: ["report.section"],
      condition_status: ["condition"],
      condition_state: ["condition"],
      cost_model: ["costModel"],
      role: ["role"],
      state: ["planState", "requestState"],
      kind: ["costKind", "financingKind", "report.kind"],
      direction: ["direction"],
      side: ["lineSide"],
    };
    for (const prefix of VOCABULARIES[field] ?? []) {
      const key = `${prefix}.${value}`;
      const text = td(key);
      if (text !== key) return text;
    }
  }
  return String(value);
}

/** A column's label ("field.amount_cents" → "summa"), or the column's own name. */
export function changeLabel(td: Td, field: string): string {
  const key = `field.${field}`;
  const text = td(key);
  return text === key ? field : text;
}

/** One change as a line: "label: before → after" (just "label: after" when there was no value before). */
export function changeLine(td: Td, names: Record<string, string>, c: ChangeView): string {
  const before = c.before !== null && c.before !== undefined ? `${formatChangeValue(td, names, c.field, c.before)} → ` : "";
  return `${changeLabel(td, c.field)}: ${before}${formatChangeValue(td, names, c.field, c.after)}`;
}
