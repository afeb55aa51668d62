import { readUpload, saveUpload, type StoredUpload } from '@/lib/storage/uploads';
import type { CsvFileParams } from '@/nodes/data/csv-file';
import { Fingerprint, fingerprinted } from '../fingerprint';
import { columnProblems } from './detect-types';
import { csvNodeParams } from './node-params';
import { decodeUtf8, readCsvChunks } from './read-csv-chunks';
import type { CsvColumnType } from './detect-types';
import type { CsvDescription, FromReader, ReadRequest } from './read-protocol';
import { missingColumns } from './source-table';

/** Progress reports at most this often: enough for a smooth bar, few enough to cost the page nothing. */
const PROGRESS_INTERVAL_MS = 100;

type Outcome = Exclude<FromReader, { type: 'progress' }>;

/**
 * Reads an uploaded CSV where it runs (the reading worker; tests in Node): streams the file's
 * bytes through the fingerprint and the UTF-8 decoder into the CSV reader, reporting bytes read,
 * then keeps the rows under the fingerprint and answers with the node's new params. A file that
 * gives no table, or lacks the columns asked for, is refused and nothing is kept.
 */
export async function readCsvFile(
  request: Omit<ReadRequest, 'type'>,
  onProgress: (message: Extract<FromReader, { type: 'progress' }>) => void,
  save: (upload: StoredUpload) => Promise<void> = saveUpload,
): Promise<Outcome> {
  const { file, previous, requiredColumns = [] } = request;
  const fingerprint = new Fingerprint();
  let bytes = 0;
  let reported = 0;
  async function* counted(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      bytes += chunk.length;
      const now = Date.now();
      if (now - reported >= PROGRESS_INTERVAL_MS) {
        reported = now;
        onProgress({ type: 'progress', bytes, total: file.size });
      }
      yield chunk;
    }
  }
  const result = await readCsvChunks(decodeUtf8(counted(fingerprinted(streamChunks(file.stream()), fingerprint))));
  onProgress({ type: 'progress', bytes, total: file.size });
  if (!result.ok) return { type: 'unreadable', problem: result.error };
  const { data, readingProblems } = result;
  const missing = missingColumns(
    requiredColumns.map((name) => ({ name })),
    data,
  );
  if (missing.length > 0) return { type: 'missing-columns', columns: missing };

  // Only the reading's own problems are kept: the column ones are worked out again from the types chosen.
  const key = fingerprint.digest('csv');
  const params = csvNodeParams(file.name, key, data, previous);
  try {
    await save({ kind: 'csv', fingerprint: key, file: file.name, bytes: file.size, savedAt: Date.now(), data, problems: readingProblems });
  } catch (error) {
    return {
      type: 'error',
      message: `${file.name} was read, but this browser could not keep its rows (${error instanceof Error ? error.message : String(error)}). Free some space for this site, or use a smaller file.`,
    };
  }
  const types = Object.fromEntries(params.columns.map((c) => [c.name, c.type]));
  return { type: 'read', params, problems: readingProblems.length + columnProblems(data, types).length };
}

type ReadUpload = (fingerprint: string) => Promise<StoredUpload | undefined>;

async function keptCsv(fingerprint: string, read: ReadUpload): Promise<Extract<StoredUpload, { kind: 'csv' }> | undefined> {
  const upload = await read(fingerprint);
  return upload?.kind === 'csv' ? upload : undefined;
}

/**
 * What the CSV node's panel shows of a kept file: its size, the reading's problems and each
 * column's for `types`, and why each column got the type it was detected as. Null when this
 * browser does not have the file's rows.
 */
export async function describeCsv(fingerprint: string, types: Partial<Record<string, CsvColumnType>>, read: ReadUpload = readUpload): Promise<CsvDescription | null> {
  const upload = await keptCsv(fingerprint, read);
  if (!upload) return null;
  return {
    bytes: upload.bytes,
    problems: [...upload.problems, ...columnProblems(upload.data, types)],
    detected: Object.fromEntries(upload.data.columns.map((c) => [c.name, { type: c.detected.type, reason: c.detected.reason }])),
  };
}

/** The node's params for the column types in `params`, from the kept rows; null when they are not here. */
export async function retypeCsv(params: CsvFileParams, read: ReadUpload = readUpload): Promise<CsvFileParams | null> {
  const upload = await keptCsv(params.fingerprint, read);
  return upload ? csvNodeParams(params.file, params.fingerprint, upload.data, params) : null;
}

/** A ReadableStream's chunks, through its reader: async iteration of streams is not in every browser yet. */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
