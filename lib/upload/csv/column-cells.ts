import { CellKind, cellKind, formatDate, formatNumber, isMissingText, parseDate, parseNumber } from './cell-values';

/**
 * How one column's cells are held while a file streams in, and after. Plain data (typed arrays,
 * arrays, Maps), so a finished CsvData can be posted from a worker by structured clone.
 *
 * Memory stays O(rows) in typed arrays wherever the column allows:
 * - `dictionary`: each distinct (trimmed) text once, and one Int32 per row. Categories, flags,
 *   and numbers or dates with few distinct values stay exactly as written.
 * - `parsed`: a column with too many distinct values that is mostly numbers (or dates) keeps
 *   one Float64 per row (ms since 1970 for dates); the few cells that are not keep their text in
 *   `others`. The original spelling of numbers is not kept ("1.50" reads back as "1.5").
 * - `strings`: a column of free text keeps its strings (a text column needs them anyway).
 * A column starts as a dictionary and moves on at most twice, when its values call for it.
 */
export type CsvCells =
  /** ids[row] indexes `values`; -1 is missing. */
  | { kind: 'dictionary'; ids: Int32Array; values: string[] }
  /** NaN with no entry in `others` is missing. */
  | { kind: 'parsed'; as: 'number' | 'date'; values: Float64Array; others: Map<number, string> }
  /** null is missing. */
  | { kind: 'strings'; values: (string | null)[] };

/** Distinct values a dictionary holds before a column counts as high-cardinality. */
export const DICTIONARY_LIMIT = 2048;
/** Text cells a parsed column keeps aside before it is treated as text (and more than 5% of its cells). */
const PARSED_OTHERS_LIMIT = 1000;

/** The cell's text, trimmed, or null when missing. Numbers and dates of a parsed column are formatted back. */
export function cellText(cells: CsvCells, row: number): string | null {
  switch (cells.kind) {
    case 'dictionary': {
      const id = cells.ids[row];
      return id < 0 ? null : cells.values[id];
    }
    case 'parsed': {
      const value = cells.values[row];
      if (!Number.isNaN(value)) return cells.as === 'number' ? formatNumber(value) : formatDate(value);
      return cells.others.get(row) ?? null;
    }
    case 'strings':
      return cells.values[row];
  }
}

/** The cell as a number; NaN when missing or not a number. */
export function cellNumber(cells: CsvCells, row: number): number {
  if (cells.kind === 'parsed' && cells.as === 'number') {
    return cells.values[row];
  }
  const text = cellText(cells, row);
  return text === null ? Number.NaN : parseNumber(text);
}

/** The cell as ms since 1970-01-01 UTC; NaN when missing or not a date. */
export function cellDate(cells: CsvCells, row: number): number {
  if (cells.kind === 'parsed' && cells.as === 'date') return cells.values[row];
  const text = cellText(cells, row);
  return text === null ? Number.NaN : parseDate(text);
}

/** Counts per column that type detection reads: how many cells were of each kind. */
export interface CellCounts {
  missing: number;
  numbers: number;
  dates: number;
  others: number;
  /** Longest trimmed text, in characters. */
  longest: number;
}

/** Grows one column's cells row by row; `finish` hands them over trimmed to the row count. */
export class ColumnBuilder {
  private cells: CsvCells;
  private rows = 0;
  /** Dictionary mode: each value's id and kind, so each distinct text is classified once. */
  private ids = new Map<string, number>();
  private kinds: CellKind[] = [];
  readonly counts: CellCounts = { missing: 0, numbers: 0, dates: 0, others: 0, longest: 0 };
  /** The first few missing rows (0-based data rows), for the message. */
  readonly firstMissing: number[] = [];

  constructor(capacity = 1024) {
    this.cells = { kind: 'dictionary', ids: new Int32Array(capacity), values: [] };
  }

  add(raw: string): void {
    const text = raw.trim();
    const row = this.rows++;
    this.ensureCapacity(row + 1);
    const kind = this.store(text, row);
    if (kind === CellKind.Missing) {
      this.counts.missing++;
      if (this.firstMissing.length < 5) this.firstMissing.push(row);
    } else {
      if (text.length > this.counts.longest) this.counts.longest = text.length;
      if (kind === CellKind.Number) this.counts.numbers++;
      else if (kind === CellKind.Date) this.counts.dates++;
      else this.counts.others++;
    }
    this.moveOnWhenDue();
  }

  /** Changes storage once the values seen so far no longer suit it (see CsvCells). */
  private moveOnWhenDue(): void {
    const cells = this.cells;
    if (cells.kind === 'dictionary' && cells.values.length > DICTIONARY_LIMIT) this.leaveDictionary();
    else if (cells.kind === 'parsed' && cells.others.size > PARSED_OTHERS_LIMIT && cells.others.size * 20 > this.rows) this.toStrings();
  }

  /** Distinct non-missing values, or null when there are more than DICTIONARY_LIMIT. */
  distinct(): number | null {
    return this.cells.kind === 'dictionary' ? this.cells.values.length : null;
  }

  finish(): CsvCells {
    const cells = this.cells;
    switch (cells.kind) {
      case 'dictionary':
        return { ...cells, ids: cells.ids.slice(0, this.rows) };
      case 'parsed':
        return { ...cells, values: cells.values.slice(0, this.rows) };
      case 'strings':
        return cells;
    }
  }

  /** Stores the trimmed text at `row` and says what kind of cell it was. */
  private store(text: string, row: number): CellKind {
    const cells = this.cells;
    if (cells.kind === 'dictionary') {
      if (isMissingText(text)) {
        cells.ids[row] = -1;
        return CellKind.Missing;
      }
      let id = this.ids.get(text);
      if (id === undefined) {
        id = cells.values.length;
        cells.values.push(text);
        this.ids.set(text, id);
        this.kinds.push(cellKind(text));
      }
      cells.ids[row] = id;
      return this.kinds[id];
    }
    const kind = cellKind(text);
    if (cells.kind === 'parsed') {
      const value = kind === CellKind.Missing ? Number.NaN : cells.as === 'number' ? parseNumber(text) : parseDate(text);
      cells.values[row] = value;
      if (kind !== CellKind.Missing && Number.isNaN(value)) {
        cells.others.set(row, text);
      }
    } else {
      cells.values.push(kind === CellKind.Missing ? null : text);
    }
    return kind;
  }

  /** Too many distinct values for a dictionary: numbers or dates get parsed storage, text gets strings. */
  private leaveDictionary(): void {
    const rows = this.rows;
    const { numbers, dates, others } = this.counts;
    const total = numbers + dates + others;
    const dictionary = this.cells as Extract<CsvCells, { kind: 'dictionary' }>;
    const as = numbers * 2 >= total ? 'number' : dates * 2 >= total ? 'date' : null;
    if (as === null) {
      this.cells = { kind: 'strings', values: Array.from(dictionary.ids.subarray(0, rows), (id) => (id < 0 ? null : dictionary.values[id])) };
    } else {
      const parse = as === 'number' ? parseNumber : parseDate;
      const parsedValues = dictionary.values.map(parse);
      const values = new Float64Array(dictionary.ids.length);
      const others = new Map<number, string>();
      for (let row = 0; row < rows; row++) {
        const id = dictionary.ids[row];
        values[row] = id < 0 ? Number.NaN : parsedValues[id];
        if (id >= 0 && Number.isNaN(parsedValues[id])) others.set(row, dictionary.values[id]);
      }
      this.cells = { kind: 'parsed', as, values, others };
    }
    this.ids = new Map();
    this.kinds = [];
  }

  private toStrings(): void {
    const rows = this.rows;
    const values: (string | null)[] = new Array(rows);
    for (let row = 0; row < rows; row++) values[row] = cellText(this.cells, row);
    this.cells = { kind: 'strings', values };
  }

  private ensureCapacity(rows: number): void {
    const cells = this.cells;
    if (cells.kind === 'dictionary' && cells.ids.length < rows) {
      const ids = new Int32Array(cells.ids.length * 2);
      ids.set(cells.ids);
      cells.ids = ids;
    } else if (cells.kind === 'parsed' && cells.values.length < rows) {
      const values = new Float64Array(cells.values.length * 2);
      values.set(cells.values);
      cells.values = values;
    }
  }
}
