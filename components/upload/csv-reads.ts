'use client';

import { create } from 'zustand';
import { hasUpload } from '@/lib/storage/uploads';
import { usePipeline } from '@/lib/store/pipeline';
import { askCsvWorker, type CsvWork } from '@/lib/upload/csv/read-in-worker';
import { csvFileParams, type CsvFileParams } from '@/nodes/data/csv-file';

/**
 * CSV files being read into CSV file nodes, by node id. A read belongs to the app, not to the
 * inspector: a file dropped on the canvas goes on reading while another node is selected.
 */

export interface CsvReadState {
  file: string;
  bytes: number;
  total: number;
  cancel: () => void;
}

interface CsvReads {
  reading: Record<string, CsvReadState>;
  /** What went wrong with the last file picked for a node (cleared by the next one). */
  errors: Record<string, string>;
  /** Bumped each time a file's rows are kept, so panels read the store again. */
  saved: number;
}

export const useCsvReads = create<CsvReads>()(() => ({
  reading: {},
  errors: {},
  saved: 0,
}));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** What the app takes for a CSV: by its name, or by the type the browser gives it. */
export function isCsvFile(file: { name: string; type: string }): boolean {
  return /\.(csv|tsv)$/i.test(file.name) || file.type === 'text/csv' || file.type === 'text/tab-separated-values';
}

/** The node's params as its schema reads them, or undefined when it is not a CSV file node. */
export function csvNodeParamsOf(nodeId: string): CsvFileParams | undefined {
  const node = usePipeline.getState().doc.nodes.find((n) => n.id === nodeId);
  if (node?.kind !== 'data.csv') return undefined;
  const parsed = csvFileParams.safeParse(node.params);
  return parsed.success ? parsed.data : undefined;
}

/** Every param of the schema, so a key the new params lack (a target no longer there) is removed, not kept. */
export function fullParamsPatch(params: CsvFileParams): Record<string, unknown> {
  return Object.fromEntries(Object.keys(csvFileParams.shape).map((key) => [key, params[key as keyof CsvFileParams]]));
}

/**
 * Reads `file` into the CSV file node `nodeId`, in a worker. On success the node's params become
 * the file's schema (one undo step), keeping the types, target and left-out columns chosen
 * before. When the node was built on a file this browser does not have, the new file must have
 * its columns. A failure changes nothing and is kept in `errors` for the node's panel.
 */
export async function startCsvRead(nodeId: string, file: File): Promise<void> {
  useCsvReads.getState().reading[nodeId]?.cancel();
  const previous = csvNodeParamsOf(nodeId);
  const standIn = previous?.fingerprint && !(await hasUpload(previous.fingerprint));
  const requiredColumns = standIn ? previous.columns.map((c) => c.name) : [];

  let read: CsvWork | undefined;
  const state: CsvReadState = { file: file.name, bytes: 0, total: file.size, cancel: () => read?.cancel() };
  useCsvReads.setState((s) => ({ reading: { ...s.reading, [nodeId]: state }, errors: without(s.errors, nodeId) }));
  read = askCsvWorker({ type: 'read', file, previous, requiredColumns }, (bytes, total) =>
    useCsvReads.setState((s) => (s.reading[nodeId] === state ? { reading: { ...s.reading, [nodeId]: { ...state, bytes, total } } } : s)),
  );
  const outcome = await read.done;
  // A newer read of the same node took over: its outcome is the one that counts.
  if (useCsvReads.getState().reading[nodeId]?.cancel !== state.cancel) return;
  useCsvReads.setState((s) => ({ reading: without(s.reading, nodeId) }));

  const fail = (message: string) => useCsvReads.setState((s) => ({ errors: { ...s.errors, [nodeId]: message } }));
  switch (outcome.type) {
    case 'read':
      useCsvReads.setState((s) => ({ saved: s.saved + 1 }));
      // The node may have been deleted while the file was read: the rows are kept, nothing else to do.
      if (csvNodeParamsOf(nodeId)) {
        usePipeline.getState().breakCoalescing();
        usePipeline.getState().updateParams(nodeId, fullParamsPatch(outcome.params));
      }
      return;
    case 'unreadable':
      return fail(`${file.name}: ${outcome.problem.message}`);
    case 'missing-columns':
      return fail(
        `${file.name} has no ${outcome.columns.length === 1 ? 'column' : 'columns'} ${outcome.columns.map((c) => `"${c}"`).join(', ')}, which this pipeline reads. Choose a CSV with the columns ${requiredColumns.join(', ')}.`,
      );
    case 'error':
      return fail(outcome.message);
    case 'cancelled':
      return;
    default:
      return fail(`The CSV worker answered a read with "${outcome.type}". Reload the page and try again.`);
  }
}
