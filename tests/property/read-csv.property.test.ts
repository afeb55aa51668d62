import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissingText } from '@/lib/upload/csv/cell-values';
import { cellText } from '@/lib/upload/csv/column-cells';
import type { CsvProblem } from '@/lib/upload/csv/problems';
import { readCsvText, type CsvResult } from '@/lib/upload/csv/read-csv';

/**
 * An uploaded CSV is input from anyone. Over 10,000 generated files: the reader never throws,
 * and either gives back the table that was written (cells as written, trimmed, with missing
 * markers as missing; ragged rows padded or cut and named) or a coded problem with a row number.
 *
 * Files are generated as the intended table first, then written the way spreadsheets write
 * them: a cell is quoted when it holds a delimiter, a quote, a line break or edge spaces.
 * Files stay under 2,048 distinct values per column, so cells keep their exact text (the
 * numeric storage of larger columns is covered by the unit tests).
 */

const DELIMITERS = [',', ';', '\t', '|'];
/** Characters papaparse might take for a delimiter, a quote or a line end: a cell holding one is quoted. */
const SPECIAL = /[,;\t|"\r\n\u001e\u001f]|^\s|\s$/;

/** Cell text: mostly short words and numbers, with quotes, delimiters, line breaks, markup and markers mixed in. */
const cellArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '1', '7', '.', '-', ' ', 'é', '猫', '😀'), maxLength: 8 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r', '\r\n', ' ', 'x', '\u001e', '<', '>'), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'NA', 'n/a', 'NaN', 'null', '?', '-', ' NA ', '<img src=x onerror=alert(1)>', '2024-02-29', '1,234.5') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => s.replace(/[\u0000\ufeff]/g, '')) },
);

/**
 * Column names: any text but delimiters, quotes and line breaks. A header is the only row that
 * shows the delimiter; names like ";\r\n" make several readings equally valid (the cells
 * below may hold anything, quoted).
 */
const headerArbitrary: fc.Arbitrary<string> = cellArbitrary.filter((name) => name.trim() !== '' && !/[,;\t|"\r\n\u001e\u001f]/.test(name));

/** A very long cell, for a few runs: the reader must not choke on 100,000 characters in one value. */
const longCellArbitrary = fc.constantFrom('x', 'ab', '"', 'a,b', 'line\n').map((part) => part.repeat(Math.ceil(100_000 / part.length)));

interface IntendedFile {
  header: string[];
  /** Row cells as written; a row may be ragged (fewer or more cells than the header). */
  rows: string[][];
  delimiter: string;
  lineEnd: '\n' | '\r\n';
  bom: boolean;
  trailingLineEnd: boolean;
}

const fileArbitrary: fc.Arbitrary<IntendedFile> = fc
  .record({
    header: fc.uniqueArray(
      headerArbitrary,
      { minLength: 1, maxLength: 6, selector: (name) => name.trim() },
    ),
    rowCount: fc.nat({ max: 25 }),
    delimiter: fc.constantFrom(...DELIMITERS),
    lineEnd: fc.constantFrom('\n' as const, '\r\n' as const),
    bom: fc.boolean(),
    trailingLineEnd: fc.boolean(),
    ragged: fc.array(fc.record({ at: fc.nat(), width: fc.nat({ max: 8 }) }), { maxLength: 3 }),
    // About one file in 300 (some 30 of the 10,000) holds a 100,000-character cell.
    long: fc.oneof({ weight: 299, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ at: fc.nat(), cell: longCellArbitrary }) }),
    seed: fc.array(cellArbitrary, { minLength: 200, maxLength: 200 }),
  })
  .map(({ header, rowCount, delimiter, lineEnd, bom, trailingLineEnd, ragged, long, seed }) => {
    let next = 0;
    const rows = Array.from({ length: rowCount }, () => header.map(() => seed[next++ % seed.length]));
    // A ragged row in a one-column file (";") is one cell to any reader: there, rows have at most one cell.
    const widest = header.length === 1 ? 1 : 8;
    for (const { at, width } of ragged) if (rows.length > 0) rows[at % rows.length] = Array.from({ length: Math.min(width, widest) }, () => seed[next++ % seed.length]);
    if (long && rows.length > 0) {
      const row = rows[long.at % rows.length];
      if (row.length > 0) row[long.at % row.length] = long.cell;
    }
    return { header, rows, delimiter, lineEnd, bom, trailingLineEnd };
  });

function writeCell(cell: string): string {
  return SPECIAL.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function writeFile(file: IntendedFile): string {
  const lines = [file.header, ...file.rows].map((cells) => cells.map(writeCell).join(file.delimiter));
  return (file.bom ? '\uFEFF' : '') + lines.join(file.lineEnd) + (file.trailingLineEnd ? file.lineEnd : '');
}

interface Expected {
  cells: (string | null)[][];
  rowNumbers: number[];
  /** Rows that must be named by a CSV_RAGGED_ROW problem. */
  raggedRows: number[];
}

/** What the reader should make of the intended table (see the rules in read-csv.ts). */
function expectedTable(file: IntendedFile): Expected | 'no rows' {
  const width = file.header.length;
  const isBlank = (cells: string[]) => cells.length === 0 || (cells.length === 1 && cells[0].trim() === '');
  const expected: Expected = { cells: [], rowNumbers: [], raggedRows: [] };
  let pendingBlank: number[] = [];
  file.rows.forEach((cells, i) => {
    const row = i + 2;
    if (isBlank(cells)) {
      pendingBlank.push(row);
      return;
    }
    if (width === 1) for (const blank of pendingBlank) {
      expected.cells.push([null]);
      expected.rowNumbers.push(blank);
    }
    pendingBlank = [];
    expected.cells.push(file.header.map((_, c) => (c < cells.length && !isMissingText(cells[c].trim()) ? cells[c].trim() : null)));
    expected.rowNumbers.push(row);
    if (cells.length < width || cells.slice(width).some((cell) => cell.trim() !== '')) expected.raggedRows.push(row);
  });
  return expected.cells.length === 0 ? 'no rows' : expected;
}

function readSafely(text: string): CsvResult {
  try {
    return readCsvText(text);
  } catch (error) {
    throw new Error(`readCsvText threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
}

function hasRowNumber(problem: CsvProblem): boolean {
  return Number.isInteger(problem.row) && (problem.row as number) >= 1 && problem.message.length > 20;
}

describe('fuzzing the CSV reader', () => {
  it('10,000 generated files come back as the table that was written, or a problem with a row', () => {
    fc.assert(
      fc.property(fileArbitrary, (file) => {
        const result = readSafely(writeFile(file));
        const expected = expectedTable(file);
        if (expected === 'no rows') {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('CSV_NO_ROWS');
            expect(hasRowNumber(result.error)).toBe(true);
          }
          return;
        }
        if (!result.ok) throw new Error(`expected rows, got ${result.error.code}: ${result.error.message}`);
        const { data, problems } = result;
        expect(data.columns.map((c) => c.name)).toEqual(file.header.map((name) => name.replace(/^\uFEFF/, '').trim()));
        expect(Array.from(data.fileRows)).toEqual(expected.rowNumbers);
        const cells = Array.from({ length: data.rows }, (_, row) => data.columns.map((c) => cellText(c.cells, row)));
        expect(cells).toEqual(expected.cells);
        const ragged = problems.filter((p) => p.code === 'CSV_RAGGED_ROW').map((p) => p.row);
        expect(ragged).toEqual(expected.raggedRows);
        for (const problem of problems) if (problem.code !== 'CSV_MORE_PROBLEMS') expect(hasRowNumber(problem)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('empty files, blank lines only, and a header alone give a problem with a row', () => {
    const blankish = fc.array(fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\r'), { maxLength: 10 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.boolean(), blankish, (bom, text) => {
        const result = readSafely((bom ? '\uFEFF' : '') + text);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code === 'CSV_EMPTY' && hasRowNumber(result.error)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fileArbitrary, (file) => {
        const result = readSafely(writeFile({ ...file, rows: [] }));
        expect(result).toMatchObject({ ok: false, error: { code: 'CSV_NO_ROWS', row: 2 } });
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);

  it('random text and binary junk never throw: rows, or a problem with a row', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder().decode(bytes)),
    );
    fc.assert(
      fc.property(junk, (text) => {
        const result = readSafely(text);
        if (result.ok) expect(result.data.rows).toBeGreaterThan(0);
        else expect(hasRowNumber(result.error)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  }, 60_000);
});
