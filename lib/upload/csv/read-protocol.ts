import { z } from 'zod';
import { csvFileParams } from '@/nodes/data/csv-file';

/**
 * Messages between the page and the CSV reading worker (read-worker.ts). Both sides parse what
 * they receive. The rows never come back to the page: the worker keeps them in IndexedDB itself
 * and answers with the node's params, a few hundred bytes, so a 100 MB file costs the page's main
 * thread no structured clone of its columns.
 */

export const ReadRequest = z.object({
  type: z.literal('read'),
  file: z.instanceof(File),
  /** The node's params before this file: the chosen types, target and left-out columns carry over. */
  previous: csvFileParams.partial().optional(),
  /** Columns the file must have (a pipeline built on a file this browser lacks): one without them is refused. */
  requiredColumns: z.array(z.string()).default([]),
});
export type ReadRequest = z.input<typeof ReadRequest>;

const Problem = z.object({
  code: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
});

export const FromReader = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), bytes: z.number().int().min(0), total: z.number().int().min(0) }),
  /** Read and kept under `params.fingerprint`; `problems` counts what the panel will list. */
  z.object({ type: z.literal('read'), params: csvFileParams, problems: z.number().int().min(0) }),
  /** The file gives no table (empty, not text, a header only): nothing was kept or changed. */
  z.object({ type: z.literal('unreadable'), problem: Problem }),
  /** The file lacks columns the pipeline reads: nothing was kept or changed. */
  z.object({ type: z.literal('missing-columns'), columns: z.array(z.string()).min(1) }),
  /** Reading or keeping failed for a reason outside the file (storage full, a bug). */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type FromReader = z.infer<typeof FromReader>;
