/**
 * The frame every data table shares: the scrolling region (TableRegion), the table with its
 * caption, and a header row of column headings (numeric ones right-aligned, an optional second
 * line under a heading). The body and the footer are the caller's.
 */
import { TableRegion } from "./table-region";

export interface Column {
  label: React.ReactNode;
  numeric?: boolean;
  /** A second line under the heading (a unit, a note). */
  sub?: React.ReactNode;
}

export function DataTable({
  id,
  caption,
  label,
  className,
  columns,
  children,
}: {
  id?: string;
  /** The table's caption (shown); also the region's label unless `label` is given. */
  caption?: string;
  /** The scrolling region's label when the table has no caption. */
  label?: string;
  /** Classes beside "data" (e.g. "wrap-head"). */
  className?: string;
  columns: readonly Column[];
  children: React.ReactNode;
}) {
  return (
    <TableRegion label={label ?? caption ?? ""}>
      <table className={className ? `data ${className}` : "data"} id={id}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" className={c.numeric ? "num" : undefined} key={i}>
                {c.label}
                {c.sub ? <span className="sub">{c.sub}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </TableRegion>
  );
}
