import { createReadStream, statSync } from 'node:fs';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import type { PartData } from '@/lib/data/run';
import { fitStreamed, streamBlocker, streamPart, takePartRows, type ChunkSource } from '@/lib/data/stream';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { CsvProblem } from '@/lib/upload/csv/problems';
import { decodeUtf8 } from '@/lib/upload/csv/read-csv-chunks';
import { CsvStreamError, readCsvTables } from '@/lib/upload/csv/read-csv-tables';
import { deriveSeed, permutation, seededRandom } from './random';
import { dataPlan, epochSeed, train, type BatchFeed, type TrainCallbacks, type TrainOptions, type TrainResult } from './train';
import { cpuTf } from './train-in-node';

/**
 * Node only (`pipeline train --data` on a big file): trains a CSV pipeline without ever holding
 * its rows. The file is read chunk by chunk (lib/upload/csv/read-csv-tables.ts): first to learn
 * the preprocessing from the training rows (lib/data/stream.ts), then once per epoch to train
 * batch by batch, and once per epoch for the validation rows. Memory depends on the chunk and
 * batch sizes, not on the file: only the validation rows' truth and predictions (a few numbers a
 * row) are held, to compute the metrics.
 */

/** Files above this size stream without being asked (the in-memory reader keeps every row: about this much again). */
export const STREAM_ABOVE_BYTES = 256 * 1024 * 1024;

/** The line to print when the pipeline cannot stream (a step needs every row at once), naming its node; undefined when it can. */
export function csvStreamBlocker(spec: PipelineSpec, names: NodeNames = {}): string | undefined {
  const blocker = streamBlocker(dataPlan(spec));
  if (!blocker) return undefined;
  const kind = spec.data.steps.find((step) => step.nodeId === blocker.nodeId)?.kind ?? '';
  return `${nameOf(names, blocker.nodeId, kind)} cannot learn chunk by chunk: ${blocker.reason}. The file is loaded in memory instead.`;
}

/**
 * Whether `pipeline train` streams the CSV at `path` for `spec`: when asked (`--stream`) or when
 * the file is above STREAM_ABOVE_BYTES, and every data step can learn chunk by chunk. `note` is
 * the stderr line when streaming was wanted but a step prevents it.
 */
export function streamChoice(spec: PipelineSpec, path: string, asked: boolean, names: NodeNames = {}): { stream: boolean; note?: string } {
  if (spec.data.dataset.source !== 'csv' || (!asked && statSync(path).size <= STREAM_ABOVE_BYTES)) return { stream: false };
  const blocked = csvStreamBlocker(spec, names);
  return blocked ? { stream: false, note: blocked } : { stream: true };
}

/** What the streamed split does differently from the in-memory one: said once on stderr. */
export const streamedSplitNote =
  'Streaming: each row goes to training, validation or test by a seeded hash of its row number, so the parts hold about (not exactly) the split\'s fractions, and neither stratified nor in time order; training rows are shuffled within chunks of 8,192 rows, not across the file.';

export type StreamRun = { ok: true; result: TrainResult; passes: number } | { ok: false; error: CsvProblem };

/**
 * Trains `spec` (a pipeline on a CSV file node) on the CSV at `path`, streamed. The file must have
 * the spec's columns and categories; it is not re-read for types. A file that does not fit is a
 * problem value (row, column, what to do). The spec must stream: check csvStreamBlocker first.
 */
export async function trainCsvStream(
  spec: PipelineSpec,
  path: string,
  callbacks: TrainCallbacks = {},
  names: NodeNames = {},
  onNote?: (line: string) => void,
  /** What train() takes besides: `keepModel` returns the trained model (`pipeline train --save-model`). */
  options: TrainOptions = {},
): Promise<StreamRun> {
  const source = spec.data.dataset;
  if (source.source !== 'csv') throw new Error(`trainCsvStream reads a CSV file node's rows, not a ${source.source} source.`);
  const plan = dataPlan(spec);
  const blocked = csvStreamBlocker(spec, names);
  if (blocked) throw new Error(`This pipeline cannot stream: ${blocked}`);
  if (spec.data.split) onNote?.(streamedSplitNote);
  const read: ChunkSource = () => readCsvTables(decodeUtf8(createReadStream(path)), source.columns, { maxRows: source.maxSamples });
  const tf = await cpuTf();
  try {
    callbacks.onStatus?.('Learning the preprocessing from the training rows…');
    const fitted = await fitStreamed(plan, read);
    if (fitted.rows.train === 0) {
      return { ok: false, error: { code: 'CSV_NO_ROWS', message: `${path} gives no training rows: check that it has rows under its header.` } };
    }
    const seed = spec.training.seed;
    const feed: BatchFeed = {
      kind: 'batches',
      rows: fitted.rows,
      states: fitted.states,
      part: (part, epoch) =>
        part === 'train' ? shuffledWithin(streamPart(plan, fitted, read, 'train', epoch), epochSeed(seed, epoch)) : streamPart(plan, fitted, read, part),
    };
    return { ok: true, result: await train(tf, spec, feed, callbacks, names, options), passes: fitted.passes };
  } catch (e) {
    if (e instanceof CsvStreamError) return { ok: false, error: e.problem };
    throw e;
  }
}

/** Each chunk's rows in a seeded order of their own: batches then mix the rows near each other without holding the file. */
async function* shuffledWithin(chunks: AsyncIterable<PartData>, seed: number): AsyncGenerator<PartData> {
  let index = 0;
  for await (const chunk of chunks) yield takePartRows(chunk, permutation(chunk.rows, seededRandom(deriveSeed(seed, index++))));
}
