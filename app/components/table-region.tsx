/**
 * The frame of a data table: on a narrow screen the table scrolls sideways inside it, so the
 * frame is a labelled region that takes keyboard focus (arrow keys scroll it), the row headers
 * stay in place while the figures scroll, and a line says that it scrolls.
 */
import { useT } from "~/i18n/react";

export function TableRegion({ label, children }: { label: string; children: React.ReactNode }) {
  const t = useT();
  return (
    <>
      <p className="scroll-hint" aria-hidden="true">
        {t("common.scrollHint")}
      </p>
      <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
