import type { CsvFileColumn, CsvFileParams } from '@/nodes/data/csv-file';
import type { CsvColumnType } from './detect-types';
import type { CsvData } from './read-csv';
import { csvColumnsInfo, csvToTable } from './to-table';

/**
 * A read CSV as the CSV file node's params (the file's schema). The browser and the command
 * line's `--data` both go through here; the table itself comes from source-table.ts.
 */

/** The type chosen for each column in `params`, where it still names a column of `data`. */
export function chosenTypes(params: Pick<CsvFileParams, 'columns'> | undefined, data: CsvData): Partial<Record<string, CsvColumnType>> {
  const names = new Set(data.columns.map((c) => c.name));
  return Object.fromEntries((params?.columns ?? []).filter((c) => names.has(c.name)).map((c) => [c.name, c.type]));
}

/**
 * The node's params for `data`: every column with its type (the one chosen before where the
 * column is still there, else the detected one), categories, whether values are missing, and
 * the rows. Ignored columns and the target carry over where the file still has them; a new file
 * with no target chosen gets its last category column (where spreadsheets usually put the answer).
 */
export function csvNodeParams(file: string, fingerprint: string, data: CsvData, previous?: Partial<CsvFileParams>): CsvFileParams {
  const types = { ...Object.fromEntries(data.columns.map((c) => [c.name, c.detected.type])), ...chosenTypes(previous as CsvFileParams | undefined, data) };
  const infos = csvColumnsInfo(data, types);
  const columns = data.columns.map(
    (c, i): CsvFileColumn => ({
      name: c.name,
      type: types[c.name]!,
      ...(infos[i].categories && { categories: infos[i].categories }),
      ...(infos[i].missing && { missing: true }),
    }),
  );
  const names = new Set(columns.map((c) => c.name));
  const target =
    previous?.target !== undefined && names.has(previous.target) ? previous.target : [...columns].reverse().find((c) => c.type === 'category')?.name;
  return {
    file,
    fingerprint,
    rows: data.rows,
    columns,
    ignore: (previous?.ignore ?? []).filter((name) => names.has(name)),
    ...(target !== undefined && { target }),
    ordered: isOrdered(data, types),
    ...(previous?.maxSamples !== undefined && { maxSamples: previous.maxSamples }),
  };
}

function isOrdered(data: CsvData, types: Partial<Record<string, CsvColumnType>>): boolean {
  const firstDate = data.columns.find((c) => types[c.name] === 'date');
  return firstDate !== undefined && csvToTable({ ...data, columns: [firstDate] }, types).ordered;
}
