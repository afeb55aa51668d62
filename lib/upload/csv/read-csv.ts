import Papa from 'papaparse';
import { ColumnBuilder, type CellCounts, type CsvCells } from './column-cells';
import { columnProblems, detectColumnType, type DetectedType } from './detect-types';
import { ProblemList, formatCount, quoteCell, type CsvProblem } from './problems';

/**
 * Reading an uploaded CSV, one chunk of records at a time.
 *
 * papaparse does the parsing (quotes, BOM, CRLF); `createCsvReader` is an accumulator its
 * `chunk` callback feeds (see csvParseConfig), so the same code serves every source:
 * - files and streams, in our own Web Worker or in the CLI: `readCsvChunks` (read-csv-chunks.ts),
 *   which decodes UTF-8 itself, because papaparse's File and Node-stream readers break
 *   characters that straddle two chunks (papaparse's `worker: true` would also run the
 *   callbacks on the main thread);
 * - tests and small texts: `readCsvText(text)`.
 * Only the header's names and the columns' compact storage (see CsvCells) are kept; raw records
 * are dropped after each chunk, so memory is O(rows x columns) in typed arrays for numeric columns.
 *
 * Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row row 2.
 * A quoted cell may hold line breaks, so a row's number is its record's number (1-based), not
 * the line of the text where it starts; spreadsheets number rows the same way.
 */

export interface CsvColumn {
  /** Unique and non-empty: empty headers become "column 3", repeats "x (2)". */
  name: string;
  cells: CsvCells;
  counts: CellCounts;
  /** The first few rows (spreadsheet numbers) with no value. */
  firstMissingRows: number[];
  detected: DetectedType;
}

export interface CsvData {
  rows: number;
  columns: CsvColumn[];
  /** fileRows[i] is the spreadsheet row of data row i (blank lines are skipped but keep their number). */
  fileRows: Int32Array;
}

export type CsvResult =
  | {
      ok: true;
      data: CsvData;
      /** Everything to tell the person: the file's make-up (`readingProblems`), then each column's for its detected type. */
      problems: CsvProblem[];
      /**
       * What only the reading sees (header names, ragged rows, quotes). An app that lets the person
       * change a column's type keeps these and works the column problems out again (columnProblems).
       */
      readingProblems: CsvProblem[];
    }
  | { ok: false; error: CsvProblem };

export interface CsvReader {
  /** The next records, in file order; `parserErrors` are papaparse's for them (their `row` indexes `records`). */
  push(records: string[][], parserErrors?: readonly Papa.ParseError[]): void;
  /** Set once the input is known not to give a table (it is not text): the driver should stop parsing. */
  readonly failure: CsvProblem | null;
  finish(): CsvResult;
}

/** Records read before a file counts as text: a NUL character in them means it is not a CSV. */
const SNIFFED_RECORDS = 100;

export function createCsvReader(): CsvReader {
  const problems = new ProblemList();
  let header: string[] | null = null;
  let headerRow = 0;
  let builders: ColumnBuilder[] = [];
  let records = 0;
  let dataRows = 0;
  let fileRows = new Int32Array(1024);
  /** Blank records seen since the last data row: in a one-column file they are missing values, unless the file ends. */
  let pendingBlank: number[] = [];
  let failure: CsvProblem | null = null;

  function readHeader(cells: string[], row: number): void {
    headerRow = row;
    header = nameColumns(cells, row, problems);
    builders = header.map(() => new ColumnBuilder());
  }

  function addRow(cells: string[], row: number): void {
    const names = header as string[];
    if (dataRows === fileRows.length) {
      const grown = new Int32Array(fileRows.length * 2);
      grown.set(fileRows);
      fileRows = grown;
    }
    fileRows[dataRows++] = row;
    for (let c = 0; c < builders.length; c++) builders[c].add(c < cells.length ? cells[c] : '');
    if (cells.length === names.length) return;
    if (cells.length < names.length) {
      const empty = names.slice(cells.length);
      problems.addRowProblem('CSV_RAGGED_ROW', () => ({
        code: 'CSV_RAGGED_ROW',
        row,
        column: empty[0],
        message: `Row ${row} has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} where the header has ${names.length} columns, so ${listNames(empty)} ${empty.length === 1 ? 'is' : 'are'} left empty there. Check that row for a missing delimiter or a line break inside an unquoted value.`,
      }));
      return;
    }
    const extra = cells.slice(names.length);
    // A trailing delimiter ("1,2,3,") adds only empty cells: nothing is lost by dropping them.
    if (extra.every((cell) => cell.trim() === '')) return;
    problems.addRowProblem('CSV_RAGGED_ROW', () => ({
      code: 'CSV_RAGGED_ROW',
      row,
      message: `Row ${row} has ${cells.length} cells where the header has ${names.length} columns, so its last ${extra.length === 1 ? 'cell' : `${extra.length} cells`} (${extra.slice(0, 3).map(quoteCell).join(', ')}${extra.length > 3 ? ', …' : ''}) ${extra.length === 1 ? 'is' : 'are'} dropped. A value that contains the delimiter must be put in double quotes.`,
    }));
  }

  function push(chunk: string[][], parserErrors: readonly Papa.ParseError[] = []): void {
    if (failure) return;
    const first = records;
    for (const error of parserErrors) {
      if (error.type !== 'Quotes') continue;
      const row = first + (error.row ?? 0) + 1;
      problems.addRowProblem('CSV_BAD_QUOTES', () => ({
        code: 'CSV_BAD_QUOTES',
        row,
        message: `Row ${row} opens a double quote that is never closed, so everything after it was read as one value. Close the quote, or remove it if the value needs none.`,
      }));
    }
    for (const cells of chunk) {
      const row = ++records;
      if (row <= SNIFFED_RECORDS && cells.some((cell) => cell.includes('\u0000'))) {
        failure = notText(row);
        return;
      }
      if (cells.length === 1 && cells[0].trim() === '') {
        if (header) pendingBlank.push(row);
        continue;
      }
      if (!header) {
        // A line of delimiters only (",,,") names nothing: the header is the first line that names a column.
        if (cells.every((cell) => cell.trim() === '')) continue;
        readHeader(cells, row);
        continue;
      }
      // A blank line between rows is a missing value when there is a single column, nothing otherwise.
      if (header.length === 1) for (const blank of pendingBlank) addRow([''], blank);
      pendingBlank = [];
      addRow(cells, row);
    }
  }

  function finish(): CsvResult {
    if (failure) return { ok: false, error: failure };
    if (!header) {
      return {
        ok: false,
        error: { code: 'CSV_EMPTY', row: 1, message: 'The file is empty: it has no header and no rows. Upload a CSV whose first row names the columns.' },
      };
    }
    if (dataRows === 0) {
      const row = headerRow + 1;
      return {
        ok: false,
        error: {
          code: 'CSV_NO_ROWS',
          row,
          message: `The file has a header (${listNames(header)}) but no rows under it. Upload a file with data from row ${row} on.`,
        },
      };
    }
    const rows = fileRows.slice(0, dataRows);
    const names = header as string[];
    const columns: CsvColumn[] = builders.map((builder, c) => {
      const counts = builder.counts;
      return {
        name: names[c],
        cells: builder.finish(),
        counts,
        firstMissingRows: builder.firstMissing.map((r) => rows[r]),
        detected: detectColumnType(counts, builder.distinct()),
      };
    });
    const data: CsvData = { rows: dataRows, columns, fileRows: rows };
    const readingProblems = problems.all();
    return { ok: true, data, problems: [...readingProblems, ...columnProblems(data, {})], readingProblems };
  }

  return {
    push,
    finish,
    get failure() {
      return failure;
    },
  };
}

export function notText(row: number): CsvProblem {
  return {
    code: 'CSV_NOT_TEXT',
    row,
    message: `This file is not a CSV: row ${row} holds binary data (it may be a spreadsheet workbook, an image or a zip). Save the sheet as "CSV (comma-separated values)" and upload that file.`,
  };
}

/** Column names from the header record: trimmed, empty ones named by position, repeats numbered. */
export function nameColumns(cells: string[], row: number, problems: ProblemList): string[] {
  // A byte-order mark survives when a Node stream is decoded chunk by chunk; it is not part of the name.
  const trimmed = cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
  const taken = new Set(trimmed.filter((name) => name !== ''));
  const seen = new Set<string>();
  return trimmed.map((name, i) => {
    if (name === '') {
      const given = unusedName(`column ${i + 1}`, taken);
      problems.add({
        code: 'CSV_EMPTY_HEADER',
        row,
        column: given,
        message: `Column ${i + 1} has no name in the header, so it is called "${given}". Name it in the file's first row if you want a clearer name.`,
      });
      return given;
    }
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    const given = unusedName(name, taken);
    problems.add({
      code: 'CSV_DUPLICATE_HEADER',
      row,
      column: given,
      message: `The header names "${name}" more than once; column ${i + 1} is called "${given}" so that no data is lost. Rename one of them in the file if they are different things.`,
    });
    return given;
  });
}

/** `base` itself when free (for "column 3"), else "base (2)", "base (3)", ... whichever is free; marks it taken. */
function unusedName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

/** '"a"', '"a" and "b"', '"a", "b", "c", "d", "e" and 3 more'. */
function listNames(names: readonly string[]): string {
  const quoted = names.slice(0, 5).map((name) => `"${name}"`);
  if (names.length > 5) return `${quoted.join(', ')} and ${formatCount(names.length - 5)} more`;
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** What papaparse may take for a delimiter: its own list (RECORD_SEP and UNIT_SEP are ASCII's separators). */
const DELIMITERS = [',', ';', '\t', '|', Papa.RECORD_SEP, Papa.UNIT_SEP];

/**
 * The delimiter of a file, from its first rows (in its first chunk). papaparse's own guess
 * wants more than 1.99 cells a row on average, blank lines and ragged rows included, so a
 * short file ("a;b\n1;2\n", or a header over one short row) falls back to a comma and reads
 * as one column. Here each candidate parses the first rows with papaparse (quotes respected)
 * and the best wins, in this order: splits the header into several columns, leaves no quote
 * unclosed, makes most rows as wide as the header, makes the widest header; ties go to the
 * earlier candidate (the comma first). When no delimiter splits the header the file is one
 * column, and the delimiter that splits fewest rows wins, so that no cell is cut.
 */
export function guessDelimiter(firstChunk: string): string {
  let best = ',';
  let bestScore: number[] = [];
  for (const delimiter of DELIMITERS) {
    const sample = Papa.parse<string[]>(firstChunk, { delimiter, preview: 11, skipEmptyLines: 'greedy' });
    const [header = [], ...rows] = sample.data;
    const score = [
      header.length > 1 ? 1 : 0,
      sample.errors.some((error) => error.type === 'Quotes') ? 0 : 1,
      rows.filter((row) => row.length === header.length).length,
      header.length,
    ];
    if (isBetter(score, bestScore)) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Lexicographic comparison; the empty score (nothing yet) loses to any. */
function isBetter(score: number[], than: number[]): boolean {
  for (let i = 0; i < score.length; i++) {
    if (than[i] === undefined || score[i] > than[i]) return true;
    if (score[i] < than[i]) return false;
  }
  return false;
}

/**
 * The papaparse settings every source uses, wired to `reader`: records as arrays (the header is
 * ours to name), the delimiter guessed from the first chunk, no type guessing (ours is
 * per column), blank lines passed through so row numbers stay those of the file.
 * Parsing stops when the reader has failed (a binary file).
 */
export function csvParseConfig(reader: Pick<CsvReader, 'push' | 'failure'>, onProgress?: (cursor: number) => void) {
  return {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    // papaparse calls a function delimiter once, with the first chunk, and keeps what it returns.
    delimiter: guessDelimiter,
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
      reader.push(results.data, results.errors);
      if (reader.failure) parser.abort();
      onProgress?.(results.meta.cursor);
    },
  } as const;
}

/** Reads a whole CSV text (small files, tests) through the same accumulator as streamed files. */
export function readCsvText(text: string): CsvResult {
  const reader = createCsvReader();
  // A string input is parsed synchronously, chunk after chunk, before Papa.parse returns.
  Papa.parse<string[]>(text, { ...csvParseConfig(reader), complete: () => undefined });
  return reader.finish();
}
