// A labelled table of facts with a header row: the one shape of the screens' tables (dashboard, banks,
// people, holds, retention, packages…). It only lays out; the rows are the caller's.
import type { ReactNode } from 'react';

export function DataTable({
  label,
  columns,
  className = 'desk-table',
  children,
}: {
  /** The table's accessible name. */
  label: string;
  /** The column headings, in order; a false entry is a column the caller leaves out. */
  columns: readonly (string | false)[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column, index) =>
            column === false ? null : (
              <th key={`${index}-${column}`} scope="col">
                {column}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
