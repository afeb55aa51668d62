import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from '../data/table';
import { decodeUtf8, readCsvChunks } from './csv/read-csv-chunks';
import type { CsvColumnType } from './csv/detect-types';
import { csvSourceTable, missingColumns, type SourceColumn } from './csv/source-table';

/**
 * Node only, shipped in exported projects (as upload/csv-file.ts): the loader of a pipeline that
 * trains on a CSV file. It reads the file by path with the app's own reader and builds the
 * table with the app's own code (csv/source-table.ts), so the columns, types and values are the
 * ones the app and `pipeline train --data` train on.
 */

/** Problems of the file listed on stderr before training; the app lists them all when the file is picked. */
const PROBLEMS_SHOWN = 3;

/** A column as CSV_COLUMNS in pipeline.ts lists it: plain values, which a person may edit. */
export interface CsvColumnSetting {
  name: string;
  type: string;
  categories?: readonly string[];
}

const columnTypes: readonly string[] = ['number', 'category', 'text', 'date'] satisfies CsvColumnType[];

/** The settings as the reader takes them; a type it does not know is an edit gone wrong, said in words. */
function sourceColumns(settings: readonly CsvColumnSetting[]): SourceColumn[] {
  return settings.map(({ name, type, categories }) => {
    if (!columnTypes.includes(type)) throw new Error(`CSV_COLUMNS in pipeline.ts gives column "${name}" the type "${type}": use ${columnTypes.join(', ')}.`);
    return { name, type: type as CsvColumnType, ...(categories && { categories: [...categories] }) };
  });
}

/**
 * The table of the CSV at `file`: a path relative to the folder of the module whose
 * `import.meta.url` is `relativeTo` (pipeline.ts: the project's folder, wherever the program is
 * started from), or an absolute one. The pipeline's `columns` in their order, with the types
 * chosen in the app; the first `maxRows` rows when given. Throws in words when the file is
 * missing, is not a table, or lacks a column the pipeline reads.
 */
export async function readCsvFileTable(file: string, relativeTo: string, settings: readonly CsvColumnSetting[], maxRows?: number): Promise<Table> {
  const columns = sourceColumns(settings);
  const where = path.resolve(path.dirname(fileURLToPath(relativeTo)), file);
  let result;
  try {
    result = await readCsvChunks(decodeUtf8(createReadStream(where)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`There is no CSV file at ${where}. Put the file there, or set DATA_PATH in pipeline.ts to where it is (relative to the project's folder).`);
    throw new Error(`The CSV file ${where} could not be read (${code ?? String(error)}). Check that DATA_PATH in pipeline.ts names a file you may read.`);
  }
  if (!result.ok) throw new Error(`${where} cannot be used: ${result.error.message}`);
  const missing = missingColumns(columns, result.data);
  if (missing.length > 0) {
    throw new Error(
      `${where} has no column ${missing.map((name) => `"${name}"`).join(', ')}, which the pipeline reads (CSV_COLUMNS in pipeline.ts). Set DATA_PATH to a file with the columns the pipeline was built on.`,
    );
  }
  const { problems } = result;
  if (problems.length > 0) {
    const listed = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${p.message}`);
    const more = problems.length > PROBLEMS_SHOWN ? [`  …and ${problems.length - PROBLEMS_SHOWN} more.`] : [];
    console.warn([`${path.basename(where)} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; the pipeline trains on it as the app does:`, ...listed, ...more].join('\n'));
  }
  return csvSourceTable(result.data, columns, maxRows);
}
