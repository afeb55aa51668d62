import type { Table } from '../data/table';
import type { DataSourceSpec } from '../spec/spec';
import type { StoredUpload } from '../storage/uploads';
import { csvSourceTable } from '../upload/csv/source-table';
import { datasets } from './catalog';
import { firstRows } from './tables';
import { loadTable, type ReadFile } from './load';

/** How a run reads its rows: the built-in datasets' files, and the uploads kept by fingerprint. */
export interface SourceReaders {
  readFile: ReadFile;
  /** The upload kept under a fingerprint, or undefined when there is none here. */
  readUpload: (fingerprint: string) => Promise<StoredUpload | undefined>;
}

/** Raised when an uploaded file's rows are not where the pipeline expects them: the person is asked for the file. */
export class MissingUploadError extends Error {
  constructor(readonly source: Extract<DataSourceSpec, { source: 'csv' | 'images' }>) {
    super(`The rows of ${source.file} are not in this browser (a shared pipeline, or cleared storage).`);
  }
}

/** The table of the spec's data source: a built-in dataset, or an uploaded CSV or image set. */
export async function loadSourceTable(source: DataSourceSpec, readers: SourceReaders): Promise<Table> {
  if (source.source === 'builtin') return loadTable(source.dataset, readers.readFile, source.maxSamples);
  const upload = await readers.readUpload(source.fingerprint);
  if (!upload) throw new MissingUploadError(source);
  if (source.source === 'csv') {
    if (upload.kind !== 'csv') throw new MissingUploadError(source);
    return csvSourceTable(upload.data, source.columns, source.maxSamples);
  }
  if (upload.kind !== 'images') throw new MissingUploadError(source);
  const { table } = upload;
  return source.maxSamples !== undefined && source.maxSamples < table.rows ? firstRows(table, source.maxSamples) : table;
}

/** "MNIST digits", "weather.csv": what the run says it is loading. */
export function sourceLabel(source: DataSourceSpec): string {
  return source.source === 'builtin' ? datasets[source.dataset].label : source.file;
}
