/**
 * A list of changed values in plain language ("summa 55 000 € → 82 500 €"): used by the
 * project's history and by the message shown when a save is refused as stale.
 */
import { formatBasisPoints, formatMoney } from "~/domain/money";
import { formatDay, formatInstant } from "~/domain/days";
import { useTDynamic } from "~/i18n/react";

export interface HistoryChangeView {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface HistoryEntryView {
  id: number;
  at: string;
  userName: string | null;
  entity: string;
  action: "insert" | "update" | "delete";
  changes: HistoryChangeView[];
}

/** A stored value as a person reads it, by the column's naming convention. */
export function useFormatValue(names: Record<string, string>) {
  const td = useTDynamic();
  return (field: string, value: unknown): string => {
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
  };
}

export function ChangeList({ changes, names }: { changes: HistoryChangeView[]; names: Record<string, string> }) {
  const td = useTDynamic();
  const fmt = useFormatValue(names);
  const label = (field: string) => {
    const key = `field.${field}`;
    const text = td(key);
    return text === key ? field : text;
  };
  return (
    <ul className="changes">
      {changes.map((c, i) => (
        <li key={i}>
          {label(c.field)}: {c.before !== null && c.before !== undefined ? `${fmt(c.field, c.before)} → ` : ""}
          {fmt(c.field, c.after)}
        </li>
      ))}
    </ul>
  );
}
