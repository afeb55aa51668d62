import Papa from 'papaparse';
import type { Column, Table } from '../../data/table';
import type { TableChunk } from '../../data/stream';
import { isMissingText, msToDays, parseDate, parseNumber } from './cell-values';
import { BATCH_CHARS, TextSource } from './read-csv-chunks';
import { csvParseConfig, nameColumns, notText } from './read-csv';
import { ProblemList, type CsvProblem } from './problems';
import type { SourceColumn } from './source-table';

/**
 * A CSV read as a stream of Table chunks with the columns and types a pipeline reads (its spec's
 * columns), never holding more than a chunk of rows: for files too big for the in-memory reader
 * (createCsvReader keeps every row). Cells are read as csvToTable reads them (parseNumber,
 * parseDate, the same missing markers), so a streamed row holds the values the in-memory table
 * would. Blank lines are skipped; a short row's missing cells are missing values.
 */

/** Rows per chunk: big enough that per-chunk work is cheap, small enough that a chunk is a few MB. */
export const ROWS_PER_CHUNK = 8192;

/** A file that cannot give the pipeline's rows: the problem in words, with its row and column. */
export class CsvStreamError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(problem.message);
  }
}

/**
 * The file's rows as chunks of `rowsPerChunk` rows (the last one shorter), each a Table of
 * `columns` in that order. Throws CsvStreamError when the file lacks a column, holds a category
 * the pipeline does not know, or is not text. Stops after `maxRows` rows when given.
 */
export async function* readCsvTables(
  text: AsyncIterable<string>,
  columns: readonly SourceColumn[],
  { rowsPerChunk = ROWS_PER_CHUNK, maxRows = Infinity }: { rowsPerChunk?: number; maxRows?: number } = {},
): AsyncGenerator<TableChunk> {
  for (const c of columns) {
    if (c.type === 'category' && !c.categories) throw new Error(`Column "${c.name}" is a category column without its categories in the spec: compile it again.`);
  }
  const records: string[][] = [];
  const source = new TextSource();
  let done = false;
  // The in-memory reader's settings (delimiter guess, blank lines kept for row numbers), its records queued here instead.
  const queue = {
    push: (parsed: string[][]) => {
      for (const record of parsed) records.push(record);
    },
    failure: null,
  };
  Papa.parse(source as unknown as NodeJS.ReadableStream, {
    ...csvParseConfig(queue),
    complete: () => {
      done = true;
    },
  });
  let record = 0;
  let indices: number[] | undefined;
  let chunk = newChunk(columns, rowsPerChunk);
  let start = 0;
  let first = true;

  /** Moves the parsed records into the chunk; yields each chunk that fills up. */
  function* take(): Generator<TableChunk> {
    for (const cells of records) {
      record++;
      if (start + chunk.rows >= maxRows) break;
      if (cells.length === 1 && cells[0].trim() === '') continue;
      if (!indices) {
        // The header is the first line that names a column, as the in-memory reader takes it.
        if (cells.every((cell) => cell.trim() === '')) continue;
        indices = headerIndices(nameColumns(cells, record, new ProblemList()), columns, record);
        continue;
      }
      addRow(chunk, columns, indices, cells, record);
      if (chunk.rows === rowsPerChunk) {
        yield { start, table: finishChunk(chunk, columns) };
        start += chunk.rows;
        chunk = newChunk(columns, rowsPerChunk);
      }
    }
    records.length = 0;
  }

  let batch = '';
  for await (const piece of text) {
    batch += piece;
    if (batch.length < BATCH_CHARS) continue;
    if (first && batch.includes('\u0000')) throw new CsvStreamError(notText(batch.slice(0, batch.indexOf('\u0000')).split('\n').length));
    first = false;
    source.emit('data', batch);
    batch = '';
    yield* take();
    if (start + chunk.rows >= maxRows) break;
  }
  if (batch && first && batch.includes('\u0000')) throw new CsvStreamError(notText(batch.slice(0, batch.indexOf('\u0000')).split('\n').length));
  if (batch) source.emit('data', batch);
  source.emit('end', '');
  if (!done) throw new Error('papaparse did not finish the text it was given.');
  yield* take();
  if (!indices) throw new CsvStreamError({ code: 'CSV_EMPTY', row: 1, message: 'The file is empty: it has no header and no rows. Give the CSV the pipeline was built on.' });
  if (chunk.rows > 0) yield { start, table: finishChunk(chunk, columns) };
}

/** Where each pipeline column is in the file's records; a missing one is a problem in words. */
function headerIndices(names: string[], columns: readonly SourceColumn[], row: number): number[] {
  const at = new Map(names.map((name, i) => [name, i]));
  const missing = columns.filter((c) => !at.has(c.name)).map((c) => `"${c.name}"`);
  if (missing.length > 0) {
    throw new CsvStreamError({
      code: 'CSV_MISSING_COLUMNS',
      row,
      message: `The CSV file has no column ${missing.join(', ')}, which the pipeline reads (its header, row ${row}, names ${names.map((n) => `"${n}"`).join(', ')}). Give the file the pipeline was built on, or one with the same columns.`,
    });
  }
  return columns.map((c) => at.get(c.name)!);
}

interface ChunkBuilder {
  rows: number;
  values: (Float64Array | (string | null)[])[];
  /** Category columns: each known value, for the check that a cell is one of them. */
  known: (Set<string> | undefined)[];
}

function newChunk(columns: readonly SourceColumn[], size: number): ChunkBuilder {
  return {
    rows: 0,
    values: columns.map((c) => (c.type === 'number' || c.type === 'date' ? new Float64Array(size) : [])),
    known: columns.map((c) => (c.type === 'category' ? new Set(c.categories) : undefined)),
  };
}

function addRow(chunk: ChunkBuilder, columns: readonly SourceColumn[], indices: number[], cells: string[], row: number): void {
  const r = chunk.rows++;
  for (let j = 0; j < columns.length; j++) {
    const text = (cells[indices[j]] ?? '').trim();
    const c = columns[j];
    const values = chunk.values[j];
    if (c.type === 'number') (values as Float64Array)[r] = parseNumber(text);
    else if (c.type === 'date') (values as Float64Array)[r] = msToDays(parseDate(text));
    else {
      const value = isMissingText(text) ? null : text;
      const known = chunk.known[j];
      if (known && value !== null && !known.has(value)) {
        throw new CsvStreamError({
          code: 'CSV_UNKNOWN_CATEGORY',
          row,
          column: c.name,
          message: `Row ${row} holds "${value}" in column "${c.name}", which is not one of the categories the pipeline was built for (${c.categories!.slice(0, 5).map((v) => `"${v}"`).join(', ')}${c.categories!.length > 5 ? ', …' : ''}). Fix that cell, or pick the file again on the CSV node so the pipeline learns its values.`,
        });
      }
      (values as (string | null)[]).push(value);
    }
  }
}

function finishChunk(chunk: ChunkBuilder, columns: readonly SourceColumn[]): Table {
  const out = columns.map((c, j): Column => {
    const values = chunk.values[j];
    if (values instanceof Float64Array) return { name: c.name, type: 'number', values: values.slice(0, chunk.rows) };
    if (c.type === 'category') return { name: c.name, type: 'category', categories: [...c.categories!], values };
    return { name: c.name, type: 'text', values };
  });
  return { kind: 'table', rows: chunk.rows, columns: out, ordered: false };
}
