/**
 * Consistency warnings, each a sentence in the user's language with what to do about it. The
 * stable code stays in the markup (data-code, for tests and support), never on the screen.
 */
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
          {td(`warning.${w.code}`, warningParams(w, td))}
          <span className="warning-fix">{td(`warning.${w.code}.fix`)}</span>
        </li>
      ))}
    </ul>
  );
}
