/**
 * A project's history in plain language: who added, changed or removed what, when, and the
 * values before and after, one item per save.
 */
import { formatInstant } from "~/domain/days";
import { useT, useTDynamic } from "~/i18n/react";
import { ChangeList, type HistoryEntryView } from "./change-list";

/** Entries grouped by transaction: one save is one item, its rows in a disclosure. */
export function History({ entries, names }: { entries: (HistoryEntryView & { txId?: string | null })[]; names: Record<string, string> }) {
  const t = useT();
  const td = useTDynamic();
  if (entries.length === 0) return <p>{t("history.empty")}</p>;
  const groups: (HistoryEntryView & { txId?: string | null })[][] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    if (last && e.txId && last[0]!.txId === e.txId) last.push(e);
    else groups.push([e]);
  }
  return (
    <ol className="history">
      {groups.map((g) => {
        const first = g[0]!;
        const phrases = [...new Set(g.map((e) => `${td(`history.${e.action}`)} ${td(`entity.${e.entity}`)}`))];
        return (
          <li key={first.id}>
            <span className="when">{formatInstant(first.at)}</span> · <strong>{first.userName ?? t("history.system")}</strong> {phrases.join(", ")}
            <details>
              <summary>{g.length === 1 ? t("history.details.one") : t("history.details", { count: g.length })}</summary>
              {g.map((e) => (
                <div key={e.id} className="history-row">
                  <span className="muted">
                    {td(`history.${e.action}`)} {td(`entity.${e.entity}`)}
                  </span>
                  <ChangeList
                    changes={
                      e.action === "update"
                        ? e.changes
                        : e.changes.map((c) => ({ ...c, before: e.action === "delete" ? c.before : null, after: e.action === "delete" ? null : c.after }))
                    }
                    names={names}
                  />
                </div>
              ))}
            </details>
          </li>
        );
      })}
    </ol>
  );
}
