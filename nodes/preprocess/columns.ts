import type { ColumnInfo, TableInfo } from '@/lib/data/table';
import { columnNames } from '@/lib/data/steps/select-columns';
import { fail, type PortInfo, type ShapeFailure } from '../define-node';

export { columnNames };

/** The table flowing into a node's table port, when compile knows it. */
export function tableIn(info: PortInfo[] | undefined, index = 0): TableInfo | undefined {
  return info?.[index]?.table;
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * The columns named in a comma-separated field, or the issue saying which names the table lacks
 * (with the names it has, so the fix is a copy away).
 */
export function findColumns(table: TableInfo, list: string | undefined, field: string): ColumnInfo[] | ShapeFailure {
  const names = columnNames(list);
  if (names.length === 0) return fail('E_NO_COLUMNS', `No column is chosen in ${field}.`, `Name one or more of: ${quoted(table.columns.map((c) => c.name))}.`);
  const unknown = names.filter((name) => !table.columns.some((c) => c.name === name));
  if (unknown.length > 0) {
    return fail(
      'E_UNKNOWN_COLUMN',
      `The table has no column ${quoted(unknown)}.`,
      `Columns are: ${quoted(table.columns.map((c) => c.name))} (names are case-sensitive, separated by commas).`,
    );
  }
  return names.map((name) => table.columns.find((c) => c.name === name)!);
}

/** The shape of a table port: one row per sample, one value per column. */
export const tableShape = (table: TableInfo) => [null, table.columns.length];
