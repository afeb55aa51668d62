import { CellKind, cellKind } from './cell-values';
import { DICTIONARY_LIMIT, cellText, type CellCounts } from './column-cells';
import { LISTED_ROW_PROBLEMS, ProblemList, formatCount, formatRows, quoteCell, type CsvProblem } from './problems';
import type { CsvColumn, CsvData } from './read-csv';

/** The types a person can give a CSV column (dates become numbers in the table: days since 1970). */
export type CsvColumnType = 'number' | 'category' | 'text' | 'date';

export interface DetectedType {
  type: CsvColumnType;
  /** Why, in words: "all 1,460 values are numbers", "5 distinct values". */
  reason: string;
  /** Distinct non-missing values; null when more than DICTIONARY_LIMIT. */
  distinct: number | null;
}

/** Share of non-missing values that must read as numbers (or dates) for the column to be one: a few typos do not make it text. */
const MOSTLY = 0.95;
/** A category has at most this many values... */
const MAX_CATEGORIES = 50;
/** ...each at most this long (longer values are sentences: text). */
const MAX_CATEGORY_LENGTH = 40;

/**
 * The type a column most likely has, from how its cells read. Numbers and dates win when
 * nearly all values are such (the rest are listed as problems); otherwise few, short, repeated
 * values make a category (fewer than half the rows, so that an id column stays text), and
 * anything else is text.
 */
export function detectColumnType(counts: CellCounts, distinct: number | null): DetectedType {
  const values = counts.numbers + counts.dates + counts.others;
  const distinctWords = distinct === null ? `more than ${formatCount(DICTIONARY_LIMIT)} distinct values` : `${formatCount(distinct)} distinct ${distinct === 1 ? 'value' : 'values'}`;
  if (values === 0) return { type: 'text', reason: 'every value is missing', distinct };
  if (counts.numbers >= values * MOSTLY) return { type: 'number', reason: share(counts.numbers, values, 'numbers'), distinct };
  if (counts.dates >= values * MOSTLY) return { type: 'date', reason: share(counts.dates, values, 'dates'), distinct };
  if (distinct !== null && distinct <= MAX_CATEGORIES && distinct * 2 < values && counts.longest <= MAX_CATEGORY_LENGTH) {
    return { type: 'category', reason: `${distinctWords} in ${formatCount(values)} rows`, distinct };
  }
  if (distinct !== null && distinct <= MAX_CATEGORIES && counts.longest > MAX_CATEGORY_LENGTH) {
    return { type: 'text', reason: `values up to ${formatCount(counts.longest)} characters long`, distinct };
  }
  return { type: 'text', reason: `${distinctWords} in ${formatCount(values)} rows`, distinct };
}

function share(count: number, values: number, what: string): string {
  return count === values ? `all ${formatCount(values)} values are ${what}` : `${formatCount(count)} of ${formatCount(values)} values are ${what}`;
}

/**
 * What a person should know about each column, given the types chosen (detected ones where
 * `types` names none): empty and constant columns, missing values (one summary per column), and
 * cells that do not read as the column's number or date type (one per cell, capped).
 * Run again when the person changes a type.
 */
export function columnProblems(data: CsvData, types: Partial<Record<string, CsvColumnType>>): CsvProblem[] {
  const problems = new ProblemList();
  for (const column of data.columns) {
    const type = types[column.name] ?? column.detected.type;
    const { counts, name } = column;
    if (counts.missing === data.rows) {
      problems.add({
        code: 'CSV_EMPTY_COLUMN',
        row: data.fileRows[0],
        column: name,
        message: `Column "${name}" has no values in any row. Leave it out of the features.`,
      });
      continue;
    }
    if (column.detected.distinct === 1) {
      problems.add({
        code: 'CSV_CONSTANT_COLUMN',
        row: data.fileRows[0],
        column: name,
        message: `Column "${name}" holds the same value (${quoteCell(cellText(column.cells, firstValueRow(column)) ?? '')}) in every row that has one, so a model cannot learn anything from it. Leave it out of the features.`,
      });
    }
    if (counts.missing > 0) {
      problems.add({
        code: 'CSV_MISSING',
        row: column.firstMissingRows[0],
        column: name,
        message: `Column "${name}" has ${formatCount(counts.missing)} missing ${counts.missing === 1 ? 'value' : 'values'} (${formatRows(column.firstMissingRows, counts.missing)}). ${counts.missing === 1 ? 'Fill it in the file, or add a step that fills or drops it' : 'Fill them in the file, or add a step that fills or drops them'}.`,
      });
    }
    if (type === 'number') listMisfits(problems, data, column, CellKind.Number, counts.dates + counts.others);
    if (type === 'date') listMisfits(problems, data, column, CellKind.Date, counts.numbers + counts.others);
  }
  return problems.all();
}

function firstValueRow(column: CsvColumn): number {
  for (let row = 0; ; row++) if (cellText(column.cells, row) !== null) return row;
}

/** One problem per cell that is not of `kind`, scanning only until the listed ones are found. */
function listMisfits(problems: ProblemList, data: CsvData, column: CsvColumn, kind: CellKind, count: number): void {
  if (count === 0) return;
  const misfits: { row: number; text: string }[] = [];
  for (let row = 0; row < data.rows && misfits.length < count && misfits.length < LISTED_ROW_PROBLEMS; row++) {
    const text = cellText(column.cells, row);
    if (text !== null && cellKind(text) !== kind) misfits.push({ row: data.fileRows[row], text });
  }
  const code = kind === CellKind.Number ? 'CSV_NOT_A_NUMBER' : 'CSV_NOT_A_DATE';
  const what = kind === CellKind.Number ? 'a number' : 'a date';
  const hint =
    kind === CellKind.Number
      ? 'It counts as missing. Correct it in the file, or make the column a category or text if it is not meant to hold numbers.'
      : 'It counts as missing. Write dates as 2024-03-09 (or 2024-03-09 14:05), or make the column text.';
  problems.addRowProblems(code, count, (i) => ({
    code,
    row: misfits[i].row,
    column: column.name,
    message: `Row ${misfits[i].row}, column "${column.name}": ${quoteCell(misfits[i].text)} is not ${what}. ${hint}`,
  }));
}
