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

/** How long an upload is kept though nothing saved refers to it: another tab may hold it unsaved, or in its undo history. */
export const unusedUploadGraceMs = 24 * 60 * 60 * 1000;

/** The uploads a document (raw, as stored) reads: its data nodes' fingerprints. */
export function uploadsReadBy(doc: unknown): string[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node) => {
    const fingerprint = (node as { params?: { fingerprint?: unknown } } | null)?.params?.fingerprint;
    return typeof fingerprint === 'string' && fingerprint !== '' ? [fingerprint] : [];
  });
}

/**
 * Deletes the uploads that no saved pipeline or template reads, nor a paused run (resuming reads
 * its rows again), nor `alsoKeep` (the document open in this tab), once older than a day. Uploads
 * are the largest thing the app stores (a CSV's whole columns), and a file replaced on its node,
 * or a deleted pipeline, would otherwise keep its rows for good. A finished run does not need its
 * upload: its results, examples and model are in its record. Returns what was freed.
 */
export async function forgetUnusedUploads(alsoKeep: Iterable<string> = [], now = Date.now()): Promise<{ uploads: number; bytes: number }> {
  const db = await openDatabase();
  const read = new Set(alsoKeep);
  // Runs are read through the status index: the others carry trained models, too heavy to load for this.
  const documents = [...(await db.getAll('pipelines')), ...(await db.getAll('templates')), ...(await db.getAllFromIndex('runs', 'status', 'paused'))];
  for (const { doc } of documents) for (const fingerprint of uploadsReadBy(doc)) read.add(fingerprint);
  const freed = { uploads: 0, bytes: 0 };
  const tx = db.transaction('uploads', 'readwrite');
  // Keys first: an upload something reads (a CSV's whole columns) is never loaded to be kept.
  for (const fingerprint of await tx.store.getAllKeys()) {
    if (read.has(fingerprint)) continue;
    const upload = await tx.store.get(fingerprint);
    if (!upload || now - upload.savedAt < unusedUploadGraceMs) continue;
    await tx.store.delete(fingerprint);
    freed.uploads += 1;
    freed.bytes += upload.bytes;
  }
  await tx.done;
  return freed;
}
