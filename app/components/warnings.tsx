/** Consistency warnings, each in the user's language, with its stable code for reference. */
import type { Warning } from "~/domain/checks";
import { useTDynamic } from "~/i18n/react";
import { warningParams } from "~/i18n/warnings";

export function WarningList({ warnings, emptyText }: { warnings: readonly Warning[]; emptyText: string }) {
  const td = useTDynamic();
  if (warnings.length === 0) return <p className="ok-note">{emptyText}</p>;
  return (
    <ul className="warnings">
      {warnings.map((w, i) => (
        <li key={i} data-code={w.code}>
          <span className="warning-icon" aria-hidden="true">
            !
          </span>{" "}
          {td(`warning.${w.code}`, warningParams(w, td))} <code className="code">{w.code}</code>
        </li>
      ))}
    </ul>
  );
}
