/**
 * The frame of a data table: on a narrow screen the table scrolls sideways inside it, so the
 * frame is a labelled region that takes keyboard focus (arrow keys scroll it).
 */
export function TableRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
