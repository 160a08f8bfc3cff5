// How a disagreement between a table and the ledger is named: the table, the row, what the table says and
// what the ledger says. Only formats; never reads anything.

export function difference(table: string, row: string, tableSays: string, ledgerSays: string): string {
  return `${table} ${row}: the table says ${tableSays}, the ledger says ${ledgerSays}.`;
}

export const absent = 'no such row';
export const unrecorded = 'nothing (no entry records it)';
