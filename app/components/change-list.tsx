/**
 * A list of changed values in plain language ("summa 55 000 € → 82 500 €"): used by the
 * project's history and by the message shown when a save is refused as stale.
 */
import { useTDynamic } from "~/i18n/react";
import { changeLine, formatChangeValue } from "~/i18n/change-text";

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
  return (field: string, value: unknown): string => formatChangeValue(td, names, field, value);
}

export function ChangeList({ changes, names }: { changes: HistoryChangeView[]; names: Record<string, string> }) {
  const td = useTDynamic();
  return (
    <ul className="changes">
      {changes.map((c, i) => (
        <li key={i}>{changeLine(td, names, c)}</li>
      ))}
    </ul>
  );
}
