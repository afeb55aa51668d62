import { z } from 'zod';
import { csvFileParams } from '@/nodes/data/csv-file';

/**
 * Messages between the page and the CSV worker (read-worker.ts). Both sides parse what they
 * receive. The rows never come to the page: the worker keeps them in IndexedDB itself and works
 * on them there (reading, listing problems, changing a column's type), answering with the node's
 * params and the panel's few facts, so a 100 MB file costs the page's main thread no structured
 * clone of its columns.
 */

const columnType = z.enum(['number', 'category', 'text', 'date']);

export const ReadRequest = z.object({
  type: z.literal('read'),
  file: z.instanceof(File),
  /** The node's params before this file: the chosen types, target and left-out columns carry over. */
  previous: csvFileParams.partial().optional(),
  /** Columns the file must have (a pipeline built on a file this browser lacks): one without them is refused. */
  requiredColumns: z.array(z.string()).default([]),
});
export type ReadRequest = z.input<typeof ReadRequest>;

/** What the panel shows of a kept file, with the problems for the types chosen now. */
export const DescribeRequest = z.object({
  type: z.literal('describe'),
  fingerprint: z.string(),
  types: z.record(z.string(), columnType),
});
export type DescribeRequest = z.input<typeof DescribeRequest>;

/** The node's params again for the types in `params` (categories and gaps follow a column's type). */
export const RetypeRequest = z.object({ type: z.literal('retype'), params: csvFileParams });
export type RetypeRequest = z.input<typeof RetypeRequest>;

export const ToWorker = z.discriminatedUnion('type', [ReadRequest, DescribeRequest, RetypeRequest]);
export type ToWorker = z.input<typeof ToWorker>;

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
  /** The kept file's facts; null when this browser does not have its rows. */
  z.object({
    type: z.literal('described'),
    upload: z
      .object({
        bytes: z.number().int().min(0),
        problems: z.array(Problem),
        detected: z.record(z.string(), z.object({ type: columnType, reason: z.string() })),
      })
      .nullable(),
  }),
  z.object({ type: z.literal('retyped'), params: csvFileParams }),
  /** Reading or keeping failed for a reason outside the file (storage full, a bug). */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type FromReader = z.infer<typeof FromReader>;
export type CsvDescription = NonNullable<Extract<FromReader, { type: 'described' }>['upload']>;
