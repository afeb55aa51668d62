import { z } from 'zod';
import { defineNode, fail, ok, type EmitByCategory } from '../define-node';
import { raw, ts } from '@/lib/export/code';
import type { ColumnInfo, TableInfo } from '@/lib/data/table';
import { UploadedColumn } from '@/lib/spec/spec';
import { DATE_DESCRIPTION } from '@/lib/upload/csv/to-table';

/**
 * A CSV file the person uploaded. The node's params are the file's schema (name, fingerprint,
 * rows, each column's chosen type and categories), never its rows: those stay in the browser's
 * IndexedDB under the fingerprint (lib/storage/uploads.ts), or are given with `--data` on the
 * command line. So a shared link says which columns a file must have, and the recipient picks one.
 */
const csvColumn = UploadedColumn.extend({
  /** Rows without a value in this column (as read, before any cleaning). */
  missing: z.boolean().optional(),
});
export type CsvFileColumn = z.infer<typeof csvColumn>;

export const csvFileParams = z.object({
  file: z.string().default('').meta({ hidden: true }).describe('The CSV file the rows come from'),
  fingerprint: z.string().default('').meta({ hidden: true }).describe('A hash of the file, the key its rows are kept under'),
  rows: z.number().int().min(0).default(0).meta({ hidden: true }).describe('Data rows in the file'),
  columns: z.array(csvColumn).default([]).meta({ hidden: true }).describe('Every column of the file, with the type chosen for it'),
  /** Left out of the table: an id, a free-text note, a column that gives the answer away. */
  ignore: z.array(z.string()).default([]).meta({ hidden: true }).describe('Columns the pipeline leaves out'),
  target: z.string().optional().meta({ hidden: true }).describe('The column to predict'),
  /** The first date column never goes back in time: split chronologically (set when the file is read). */
  ordered: z.boolean().default(false).meta({ hidden: true }).describe('Rows are in time order'),
  maxSamples: z.number().int().min(10).max(10_000_000).optional().describe('Use only the first N rows; empty uses them all'),
});
export type CsvFileParams = z.output<typeof csvFileParams>;

/** The columns the table keeps: every one not ignored, in file order. */
export function usedColumns(p: Pick<CsvFileParams, 'columns' | 'ignore'>): CsvFileColumn[] {
  const ignored = new Set(p.ignore);
  return p.columns.filter((c) => !ignored.has(c.name));
}

/** The table the node gives, as compile knows it. Dates are number columns (days since 1970). */
export function csvTableInfo(p: CsvFileParams): TableInfo {
  const columns = usedColumns(p).map(
    (c): ColumnInfo => ({
      name: c.name,
      type: c.type === 'date' ? 'number' : c.type,
      ...(c.type === 'category' && { categories: c.categories ?? [] }),
      ...(c.missing && { missing: true }),
      ...(c.type === 'date' && { description: DATE_DESCRIPTION }),
    }),
  );
  const target = p.target !== undefined && columns.some((c) => c.name === p.target) ? p.target : undefined;
  return { columns, rows: Math.min(p.maxSamples ?? p.rows, p.rows), ordered: p.ordered, ...(target && { target }) };
}

/** The exported program reads the CSV by path, with the app's own reader and the same column types. */
function emitCsv(p: CsvFileParams): EmitByCategory['data'] {
  const columns = usedColumns(p).map(({ name, type, categories }) => ({ name, type, ...(categories && { categories }) }));
  return {
    modules: ['upload/csv-file.ts'],
    packages: ['papaparse'],
    constants: [
      {
        name: 'DATA_PATH',
        value: p.file,
        comment: `The CSV file the rows come from (${p.rows.toLocaleString('en-US')} rows when exported), relative to this project's folder: point it at another file with the same columns to train on that.`,
      },
      { name: 'CSV_COLUMNS', value: columns, comment: 'The columns the pipeline reads and the type chosen for each in the app.' },
      ...(p.maxSamples !== undefined ? [{ name: 'MAX_ROWS', value: p.maxSamples, comment: 'Rows used, from the start of the file.' }] : []),
    ],
    load: ts`// Read from disk (Node) with the app's own CSV reader, so the columns and values are the app's.
  const { readCsvFileTable } = await import('./upload/csv-file');
  return readCsvFileTable(DATA_PATH, import.meta.url, CSV_COLUMNS${raw(p.maxSamples !== undefined ? ', MAX_ROWS' : '')});`,
  };
}

export const csvFile = defineNode({
  kind: 'data.csv',
  version: 1,
  category: 'data',
  ui: { label: 'CSV file', description: 'Your own table: a CSV file, read in the browser and kept there.' },
  params: csvFileParams,
  inputs: [],
  outputs: [{ id: 'table', label: 'table', type: 'table' }],
  inferShape: (p) => {
    if (!p.fingerprint || p.columns.length === 0) {
      return fail('E_NO_FILE', 'This CSV file node has no file yet.', 'Drop a CSV file on the canvas, or pick one in the inspector.');
    }
    const table = csvTableInfo(p);
    if (table.columns.length === 0) return fail('E_NO_COLUMNS', 'Every column of the file is left out.', 'Keep at least one column in the inspector.');
    return ok([[null, table.columns.length]], [{ table }]);
  },
  emit: (p) => emitCsv(p),
  summary: (p) => (p.fingerprint ? `${p.file}: ${Math.min(p.maxSamples ?? p.rows, p.rows).toLocaleString('en-US')} rows` : 'No file yet'),
  source: {
    table: csvTableInfo,
    spec: (p) => ({
      source: 'csv',
      file: p.file,
      fingerprint: p.fingerprint,
      rows: p.rows,
      columns: usedColumns(p).map(({ name, type, categories }) => ({ name, type, ...(type === 'category' && { categories: categories ?? [] }) })),
      ...(p.maxSamples !== undefined && { maxSamples: p.maxSamples }),
    }),
  },
});
