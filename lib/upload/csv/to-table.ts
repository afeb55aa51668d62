import type { Column, ColumnInfo, Table } from '../../data/table';
import { msToDays } from './cell-values';
import { cellDate, cellNumber, cellText, type CsvCells } from './column-cells';
import type { CsvColumnType } from './detect-types';
import type { CsvColumn, CsvData } from './read-csv';

/** How a date column is described in the table's schema. */
export const DATE_DESCRIPTION = 'Date, as days since 1970-01-01 (UTC); a time of day is the fraction of the day.';

/** The type each column gets: the person's choice, else the detected one. */
function chosenType(column: CsvColumn, types: Partial<Record<string, CsvColumnType>>): CsvColumnType {
  return types[column.name] ?? column.detected.type;
}

/**
 * The app's Table from a read CSV, each column converted to its chosen type: numbers (cells that
 * are not numbers become missing, NaN), categories (sorted, see sortCategories), text, or dates
 * (a number column of days since 1970-01-01 UTC). The rows are in time order (`ordered`) when
 * the first date column never goes back in time.
 */
export function csvToTable(data: CsvData, types: Partial<Record<string, CsvColumnType>> = {}): Table {
  const columns = data.columns.map((column): Column => {
    const type = chosenType(column, types);
    const { cells, name } = column;
    if (type === 'number' || type === 'date') {
      const values = new Float64Array(data.rows);
      for (let row = 0; row < data.rows; row++) values[row] = type === 'number' ? cellNumber(cells, row) : msToDays(cellDate(cells, row));
      return { name, type: 'number', values };
    }
    const values = Array.from({ length: data.rows }, (_, row) => cellText(cells, row));
    if (type === 'text') return { name, type: 'text', values };
    return { name, type: 'category', categories: sortCategories(distinctTexts(cells, data.rows)), values };
  });
  const firstDate = data.columns.findIndex((column) => chosenType(column, types) === 'date');
  return { kind: 'table', rows: data.rows, columns, ordered: firstDate >= 0 && nonDecreasing(columns[firstDate]) };
}

/**
 * The table's schema without building it: what a saved or shared pipeline carries so that the
 * person who opens it knows which columns their file must have.
 */
export function csvColumnsInfo(data: CsvData, types: Partial<Record<string, CsvColumnType>> = {}): ColumnInfo[] {
  return data.columns.map((column): ColumnInfo => {
    const type = chosenType(column, types);
    const { cells, counts, name } = column;
    if (type === 'category') return { name, type: 'category', categories: sortCategories(distinctTexts(cells, data.rows)), missing: counts.missing > 0 };
    if (type === 'text') return { name, type: 'text', missing: counts.missing > 0 };
    // Cells that are not numbers (or dates) become missing values in the table.
    const misfits = type === 'number' ? counts.dates + counts.others : counts.numbers + counts.others;
    const info: ColumnInfo = { name, type: 'number', missing: counts.missing + misfits > 0 };
    return type === 'date' ? { ...info, description: DATE_DESCRIPTION } : info;
  });
}

function distinctTexts(cells: CsvCells, rows: number): string[] {
  if (cells.kind === 'dictionary') return [...cells.values];
  const seen = new Set<string>();
  for (let row = 0; row < rows; row++) {
    const text = cellText(cells, row);
    if (text !== null) seen.add(text);
  }
  return [...seen];
}

/**
 * Categories in a fixed order that does not depend on the machine's locale: numerically when
 * every category is a number ("2" before "10"), else by character code.
 */
export function sortCategories(categories: string[]): string[] {
  const numbers = categories.map(Number);
  if (categories.every((c, i) => c.trim() !== '' && Number.isFinite(numbers[i]))) {
    return categories.map((c, i) => ({ c, n: numbers[i] })).sort((a, b) => a.n - b.n || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0)).map(({ c }) => c);
  }
  return [...categories].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Missing values (NaN) are skipped: a gap in the dates does not break the order. */
function nonDecreasing(column: Column): boolean {
  const values = column.values as Float64Array;
  let last = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    if (value < last) return false;
    last = value;
  }
  return true;
}
