import type { Table } from '@/lib/data/table';
import type { CsvProblem } from '@/lib/upload/csv/problems';
import type { CsvData } from '@/lib/upload/csv/read-csv';
import { openDatabase } from './db';

/**
 * The rows of uploaded files, kept in the browser under their fingerprint so that a reload (and
 * the training worker, which opens the same database) finds them. A CSV is kept as read (its
 * typed column storage), so a person can change a column's type without reading the file again;
 * an image set as the table it was resized into. Structured clone stores typed arrays as they are.
 */
export type StoredUpload =
  | {
      kind: 'csv';
      fingerprint: string;
      file: string;
      bytes: number;
      savedAt: number;
      data: CsvData;
      /**
       * What reading found in the file's make-up (header names, ragged rows, quotes), which only
       * the read itself sees; the problems of each column depend on the type chosen for it and
       * are worked out again from `data` (columnProblems).
       */
      problems: CsvProblem[];
    }
  | { kind: 'images'; fingerprint: string; file: string; bytes: number; savedAt: number; table: Table };

/** Told when an upload is saved (by the page or a worker), so what shows whether one is here can look again. */
const changesChannel = 'pipeline-builder-uploads';

export async function saveUpload(upload: StoredUpload): Promise<void> {
  const db = await openDatabase();
  await db.put('uploads', upload);
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(changesChannel);
    channel.postMessage(upload.fingerprint);
    channel.close();
  }
}

/** Calls `listener` whenever an upload is saved in this browser (any tab or worker); returns the unsubscribe. */
export function onUploadSaved(listener: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(changesChannel);
  channel.onmessage = () => listener();
  return () => channel.close();
}

/** The upload kept under `fingerprint`, or undefined when this browser has none (a shared link, cleared storage). */
export async function readUpload(fingerprint: string): Promise<StoredUpload | undefined> {
  const db = await openDatabase();
  return db.get('uploads', fingerprint);
}

export async function hasUpload(fingerprint: string): Promise<boolean> {
  const db = await openDatabase();
  return (await db.getKey('uploads', fingerprint)) !== undefined;
}
