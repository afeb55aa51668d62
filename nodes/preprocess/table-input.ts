import { z } from 'zod';
import { columnNames, type ColumnInfo, type ColumnType, type TableInfo } from '@/lib/data/table';
import { formatShape, type Shape } from '@/lib/shape/shape';
import { fail, ok, type AutoValue, type PortInfo, type ShapeFailure, type ShapeResult } from '../define-node';

/**
 * Shape checks shared by the preprocessing nodes that read a table or an image tensor. Columns are
 * chosen by name in a comma-separated text field; these helpers find them in the table that flows
 * in and word what is wrong for the person choosing them.
 */

/** The table flowing into a node's first input, or the issue when compile knows nothing about it. */
export function tableInput(info: PortInfo[]): TableInfo | ShapeFailure {
  return (
    info[0]?.table ??
    fail('E_NO_TABLE', 'This node reads a table, but no columns are known for what flows in.', 'Connect it to a dataset or to another node that gives a table.')
  );
}

/** An `autoFromInputs` that picks from the table flowing in, and picks nothing while none is known. */
export function autoFromTable<P>(pick: (params: P, table: TableInfo) => Record<string, AutoValue>) {
  return (params: P, _shapes: Shape[], info: PortInfo[]): Record<string, AutoValue> => {
    const table = tableInput(info);
    return isFailure(table) ? {} : pick(params, table);
  };
}

export const isFailure = (value: unknown): value is ShapeFailure => typeof value === 'object' && value !== null && (value as ShapeFailure).ok === false;

/** A table port's shape: one row of `columns` values per sample. */
export const tableShape = (table: TableInfo): Shape => [null, table.columns.length];

export const okTable = (table: TableInfo): ShapeResult => ok([tableShape(table)], [{ table }]);

function listNames(columns: ColumnInfo[]): string {
  return columns.length === 0 ? 'none' : columns.map((c) => c.name).join(', ');
}

/**
 * The columns named in `list`, each of one of the `allowed` types, or the issue naming the first
 * one that is unknown or of another type, with the columns that would do. `purpose` ends "... can
 * only <purpose>" in messages, e.g. "fill number columns with a mean".
 */
export function chosenColumns(table: TableInfo, list: string | undefined, allowed: ColumnType[], purpose: string): ColumnInfo[] | ShapeFailure {
  const suitable = table.columns.filter((c) => allowed.includes(c.type));
  const chosen: ColumnInfo[] = [];
  for (const name of columnNames(list)) {
    const found = table.columns.find((c) => c.name === name);
    if (!found) {
      return fail('E_UNKNOWN_COLUMN', `The table has no column "${name}".`, `Use the names of its columns, comma-separated. Columns that fit here: ${listNames(suitable)}.`);
    }
    if (!allowed.includes(found.type)) {
      return fail(
        'E_COLUMN_TYPE',
        `"${name}" is a ${found.type} column, and this node can only ${purpose}.`,
        `Remove "${name}" from the columns. Columns that fit here: ${listNames(suitable)}.`,
      );
    }
    if (!chosen.includes(found)) chosen.push(found);
  }
  return chosen;
}

/** A column list as the canvas line shows it: the names when they are few, else how many. */
export function columnsSummary(list: string | undefined): string {
  if (list === undefined) return 'auto';
  const names = columnNames(list);
  return names.length <= 2 ? names.join(', ') || 'no columns' : `${names.length} columns`;
}

/** The auto value of a column-list field: the names, and why those. */
export function autoColumns(columns: ColumnInfo[], reason: string): AutoValue {
  return { value: columns.map((c) => c.name).join(', '), reason: columns.length === 0 ? `none: the table has no ${reason}` : reason };
}

/** The columns field of the category encoders. */
export function categoryColumnsParam(what: string) {
  return z.string().optional().meta({ auto: true }).describe(`${what}, comma-separated; empty = every category column except the target`);
}

/**
 * The encoders' columns when left empty: every category column but the table's usual target, which
 * the model predicts and a Target column node reads as categories.
 */
export const autoCategoryColumns = autoFromTable((_params: unknown, table) => ({
  columns: autoColumns(
    table.columns.filter((c) => c.type === 'category' && c.name !== table.target),
    `every category column${table.target ? ` except the target (${table.target}), which the model predicts` : ''}`,
  ),
}));

/** The image tensor flowing into a node ([?, height, width, channels] of measurements), or the issue. */
export function imageInput(node: string, x: Shape, info: PortInfo | undefined): [number, number, number] | ShapeFailure {
  if (x.length !== 4) {
    return fail(
      'E_RANK',
      `${node} works on images shaped [?, height, width, channels], but it receives ${formatShape(x)}.`,
      x.length === 2 ? 'This data is a table, not images: remove this node, or select an image column before it.' : 'Connect it to the image tensor a Select columns node gives.',
    );
  }
  if (info?.ids !== undefined) {
    return fail('E_IDS_NOT_IMAGES', `${node} works on pixel values, but it receives integer ids (codes or tokens).`, 'Connect it to an image column instead.');
  }
  return x.slice(1) as [number, number, number];
}
