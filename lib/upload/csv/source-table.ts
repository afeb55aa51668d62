import type { Table } from '../../data/table';
import { firstRows } from '../../datasets/tables';
import type { CsvColumnType } from './detect-types';
import type { CsvData } from './read-csv';
import { csvToTable } from './to-table';

/**
 * The table a pipeline trains on from a read CSV: the app's engine, the command line and the
 * exported project (which ships this folder) all build it here, so the columns and values agree.
 */

/** A column as the pipeline reads it (the spec's UploadedColumn): the type chosen in the app, and for categories every value, in order. */
export interface SourceColumn {
  name: string;
  type: CsvColumnType;
  categories?: string[];
}

/**
 * What a file lacks to stand in for the one a pipeline was built on: columns it does not have
 * (by name). Empty when it will do; its types and categories then replace the old ones.
 */
export function missingColumns(expected: readonly { name: string }[], data: CsvData): string[] {
  const names = new Set(data.columns.map((c) => c.name));
  return expected.filter((c) => !names.has(c.name)).map((c) => c.name);
}

/**
 * The table the engine trains on: the spec's columns of `data`, in that order, with the types
 * chosen in the app. Throws in words when the file does not match what the pipeline was compiled
 * for (a column missing, a category the pipeline does not know), which means the file changed.
 */
export function csvSourceTable(data: CsvData, columns: readonly SourceColumn[], maxRows?: number): Table {
  const missing = missingColumns(columns, data);
  if (missing.length > 0) {
    throw new Error(`The CSV file has no column ${missing.map((n) => `"${n}"`).join(', ')}, which the pipeline reads. Pick the file the pipeline was built on, or one with the same columns.`);
  }
  const byName = new Map(data.columns.map((c) => [c.name, c]));
  const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
  const table = csvToTable({ ...data, columns: columns.map((c) => byName.get(c.name)!) }, types);
  table.columns.forEach((column, i) => {
    const expected = columns[i].categories;
    if (column.type !== 'category' || !expected) return;
    const known = new Set(expected);
    const unknown = column.categories.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw new Error(
        `Column "${column.name}" holds ${unknown.slice(0, 3).map((c) => `"${c}"`).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, which the pipeline was not built for. Pick the file again on the CSV node so the pipeline learns its values.`,
      );
    }
    // The pipeline's order of categories, so one-hot columns and class numbers mean what they did when it was built.
    table.columns[i] = { ...column, categories: [...expected] };
  });
  return maxRows !== undefined && maxRows < table.rows ? firstRows(table, maxRows) : table;
}
