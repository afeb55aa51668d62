import { deriveSeed } from '../engine/random';
import type { DataPlan, DataStepRun, PartData } from './run';
import { rowCount, takeRows, type ChunkFit, type DataContext, type DataTensor, type DataValue, type PartitionName, type Table, type Target } from './table';

/**
 * The data stage for rows too many to hold: the same steps as lib/data/run.ts `prepareData`, run
 * on one chunk of rows at a time, so memory depends on the chunk size and not on the file.
 * Pure and without tfjs or Node (the exported project ships it); the reading of chunks is the
 * caller's (a CSV file in Node: lib/engine/train-stream.ts).
 *
 * What differs from the in-memory run, and why:
 * - The split cannot draw a permutation of rows it has not seen: each row goes to train,
 *   validation or test by a seeded hash of its row number (`streamedPart`). Each part gets its
 *   fraction in expectation, the same rows every time the file is read, but not the exact counts,
 *   the stratification or the chronological order of the in-memory split.
 * - A step learns its statistics chunk by chunk (`fitStream`, lib/data/table.ts). A step whose
 *   statistics depend on an earlier learnt step (a standardize after a mean fill) must wait for
 *   it: the rows are read once per such level (`fitStreamed` says how many passes it took).
 * - Steps that need every row at once (shuffle, time windows, a median) cannot stream at all:
 *   `streamBlocker` names the first, and the caller loads the rows in memory instead.
 */

/** Rows of the source, in file order: `start` is the 0-based number of the chunk's first row. */
export interface TableChunk {
  start: number;
  table: Table;
}

/** Reads the source from its first row, chunk after chunk; called once per pass over the rows. */
export type ChunkSource = () => AsyncIterable<TableChunk>;

/** The first step of the plan that cannot run chunk by chunk, and why, in words. */
export function streamBlocker(plan: DataPlan): { nodeId: string; reason: string } | undefined {
  for (const run of plan.steps) {
    if (run.step.partition) continue;
    if (!run.step.fitStream) return { nodeId: run.id, reason: 'it works on all the rows at once (it reorders them, or reads neighbouring rows together)' };
    const fit = run.step.fitStream(run.params);
    if ('cannot' in fit) return { nodeId: run.id, reason: fit.cannot };
  }
  return undefined;
}

/**
 * The part row `row` (0-based, in file order) belongs to: a seeded hash of its number against the
 * split's fractions, the test rows first, as the in-memory split counts them.
 */
export function streamedPart(row: number, seed: number, validationFraction: number, testFraction: number): PartitionName {
  const u = deriveSeed(seed, row) / 2147483647;
  if (u < testFraction) return 'test';
  return u < testFraction + validationFraction ? 'validation' : 'train';
}

export interface StreamFitted {
  /** What each step learnt, by node id: the same plain JSON `prepareData` gives. */
  states: Record<string, unknown>;
  /** Rows of each part after every step (dropped rows left out). */
  rows: Record<PartitionName, number>;
  /** How many times the rows were read to learn it all. */
  passes: number;
}

/** Learns every step's statistics from the training rows, reading the source as often as the steps' dependencies need. */
export async function fitStreamed(plan: DataPlan, read: ChunkSource): Promise<StreamFitted> {
  const states: Record<string, unknown> = {};
  const learnt = new Set<string>();
  let rows: Record<PartitionName, number> | undefined;
  let passes = 0;
  const unlearnt = () => plan.steps.some((run) => learns(plan, run) && !learnt.has(run.id));
  while (rows === undefined || unlearnt()) {
    if (passes > plan.steps.length) throw new Error('The streamed data stage still has steps to learn after a pass per step: there are no rows to learn from.');
    passes++;
    const fits = new Map<string, ChunkFit<unknown>>();
    const counted = { train: 0, validation: 0, test: 0 };
    let countable = true;
    for await (const chunk of read()) {
      const out = runChunk(plan, chunk, { states, learnt, fits });
      // The target is aligned with the model's inputs: its rows are the part's rows, known as soon as it is.
      if (out.pending.has(plan.target)) countable = false;
      else for (const part of parts) counted[part] += out.parts[part] ? rowCount(valueOf(out.parts[part], plan.target)) : 0;
    }
    if (countable && rows === undefined) rows = counted;
    // Each pass must learn something or count the rows, or the next one would read the file for nothing.
    if (fits.size === 0 && !countable) throw new Error('A pass over the rows learnt nothing: the streamed data stage cannot make progress.');
    for (const [id, fit] of fits) {
      const state = fit.end();
      if (state !== undefined) states[id] = state;
      learnt.add(id);
    }
  }
  return { states, rows, passes };
}

/**
 * Every chunk's rows of one part with every step applied (`fitted` from fitStreamed), as the
 * model reads them, in file order; empty chunks are skipped. `epoch` re-applies per-epoch steps
 * (augmentation) to training rows, each chunk with its own seed.
 */
export async function* streamPart(plan: DataPlan, fitted: StreamFitted, read: ChunkSource, part: PartitionName, epoch = 0): AsyncGenerator<PartData> {
  const learnt = new Set(plan.steps.map((run) => run.id));
  for await (const chunk of read()) {
    const values = runChunk(plan, chunk, { states: fitted.states, learnt, epoch }).parts[part];
    if (!values) continue;
    const data: PartData = { inputs: plan.inputs.map((key) => valueOf(values, key) as DataTensor), target: valueOf(values, plan.target) as Target, rows: 0 };
    data.rows = rowCount(data.target);
    if (data.rows > 0) yield data;
  }
}

/** Rows `rows` of a part, in that order: a batch gathered from plain arrays. */
export function takePartRows(data: PartData, rows: ArrayLike<number>): PartData {
  const inputs = data.inputs.map((x): DataTensor => {
    const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const values = x.dtype === 'int32' ? new Int32Array(rows.length * size) : new Float32Array(rows.length * size);
    for (let i = 0; i < rows.length; i++) values.set(x.values.subarray(rows[i] * size, rows[i] * size + size), i * size);
    return { ...x, shape: [rows.length, ...x.shape.slice(1)], values };
  });
  const t = data.target;
  const width = t.kind === 'classes' ? 1 : t.names.length;
  const values = t.kind === 'classes' ? new Int32Array(rows.length) : new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) values.set(t.values.subarray(rows[i] * width, rows[i] * width + width), i * width);
  return { inputs, target: { ...t, values } as Target, rows: rows.length };
}

/**
 * Chunks of any sizes regrouped into batches of exactly `size` rows (the last one smaller), in
 * the same row order: a batch may span two chunks, so batch boundaries do not depend on how the
 * source was cut.
 */
export async function* rebatch(chunks: AsyncIterable<PartData>, size: number): AsyncGenerator<PartData> {
  let held: PartData[] = [];
  let heldRows = 0;
  for await (const chunk of chunks) {
    let from = 0;
    while (from < chunk.rows) {
      const take = Math.min(size - heldRows, chunk.rows - from);
      held.push(from === 0 && take === chunk.rows ? chunk : takePartRows(chunk, range(from, take)));
      heldRows += take;
      from += take;
      if (heldRows === size) {
        yield joinParts(held);
        held = [];
        heldRows = 0;
      }
    }
  }
  if (heldRows > 0) yield joinParts(held);
}

/** The rows of several parts one after the other. */
export function joinParts(pieces: PartData[]): PartData {
  if (pieces.length === 1) return pieces[0];
  const rows = pieces.reduce((n, p) => n + p.rows, 0);
  const join = <A extends Float32Array | Int32Array>(arrays: A[]): A => {
    const out = new (arrays[0].constructor as new (n: number) => A)(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const [first] = pieces;
  return {
    inputs: first.inputs.map((x, i) => ({ ...x, shape: [rows, ...x.shape.slice(1)], values: join(pieces.map((p) => p.inputs[i].values)) })),
    target: { ...first.target, values: join(pieces.map((p) => p.target.values)) } as Target,
    rows,
  };
}

function range(from: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => from + i);
}

const parts: PartitionName[] = ['train', 'validation', 'test'];
type Values = Map<string, DataValue>;

/** True when the step learns a state the streamed run must fit (a per-epoch step after the split learns nothing, as in prepareData). */
function learns(plan: DataPlan, run: DataStepRun): boolean {
  return run.step.fit !== undefined && !(run.step.perEpoch && isAfterSplit(plan, run));
}

function isAfterSplit(plan: DataPlan, run: DataStepRun): boolean {
  const after = new Set<string>();
  for (const step of plan.steps) {
    if (step.step.partition || (after.size > 0 && step.inputs.every((key) => after.has(key)))) step.outputs.forEach((key) => after.add(key));
    if (step === run) return after.size > 0 && step.inputs.every((key) => after.has(key));
  }
  return false;
}

interface ChunkRun {
  states: Record<string, unknown>;
  /** Steps whose state is known (or that learn nothing). */
  learnt: Set<string>;
  /** Fitting: the chunk fits of this pass, fed here; a step being fitted gives no output yet. */
  fits?: Map<string, ChunkFit<unknown>>;
  /** Training: the epoch, for per-epoch steps; absent while fitting (they pass rows unchanged then). */
  epoch?: number;
}

/**
 * One chunk through the plan: each part's values by port (all rows in `train` without a split),
 * and the ports left without a value because a step on the way is still being fitted.
 */
function runChunk(plan: DataPlan, chunk: TableChunk, run: ChunkRun): { parts: Partial<Record<PartitionName, Values>>; pending: Set<string> } {
  const all: Values = new Map([[plan.source, chunk.table]]);
  let split: Record<PartitionName, Values> | undefined;
  /** Ports without a value in this pass: their step (or one before it) is still being fitted. */
  const pending = new Set<string>();
  for (const step of plan.steps) {
    const ctx = (partition: DataContext['partition']): DataContext => ({ seed: step.seed, partition, epoch: run.epoch ?? 0 });
    if (step.inputs.some((key) => pending.has(key))) {
      step.outputs.forEach((key) => pending.add(key));
      continue;
    }
    if (step.step.partition) {
      const table = valueOf(all, step.inputs[0], step) as Table;
      const { validationFraction, testFraction } = step.params as { validationFraction: number; testFraction: number };
      const rows: Record<PartitionName, number[]> = { train: [], validation: [], test: [] };
      for (let r = 0; r < table.rows; r++) rows[streamedPart(chunk.start + r, step.seed, validationFraction, testFraction)].push(r);
      split = { train: new Map(), validation: new Map(), test: new Map() };
      for (const part of parts) split[part].set(step.outputs[0], takeRows(table, rows[part]));
      continue;
    }
    const after = split !== undefined && step.inputs.every((key) => split!.train.has(key));
    const needsFit = learns(plan, step) && !run.learnt.has(step.id);
    if (needsFit) {
      if (!run.fits) throw new Error(`Node ${step.id} has not learnt its statistics: fit the streamed data stage first.`);
      const fit = run.fits.get(step.id) ?? (step.step.fitStream!(step.params) as ChunkFit<unknown>);
      run.fits.set(step.id, fit);
      fit.add(step.inputs.map((key) => valueOf(after ? split!.train : all, key, step)), ctx(after ? 'train' : 'all'));
      step.outputs.forEach((key) => pending.add(key));
      continue;
    }
    const state = run.states[step.id];
    if (!after || !split) {
      write(all, step, step.step.apply(step.params, step.inputs.map((key) => valueOf(all, key, step)), state, ctx('all')));
      continue;
    }
    const partValues = split;
    for (const part of parts) {
      const inputs = step.inputs.map((key) => valueOf(partValues[part], key, step));
      // While fitting, a per-epoch step passes the training rows as they are (prepareData does the same).
      const unchanged = step.step.perEpoch && part === 'train' && run.epoch === undefined;
      // Each chunk gets its own variations: with one seed, every chunk would repeat the first one's.
      const partCtx = step.step.perEpoch && part === 'train' ? { ...ctx(part), seed: deriveSeed(step.seed, chunk.start) } : ctx(part);
      write(partValues[part], step, unchanged ? inputs : step.step.apply(step.params, inputs, state, partCtx));
    }
  }
  return { parts: split ?? { train: all }, pending };
}

function valueOf(values: Values, key: string, run?: DataStepRun): DataValue {
  const value = values.get(key);
  if (!value) throw new Error(`The streamed data stage has no value for ${key}${run ? `, which node ${run.id} reads` : ''}: the plan is out of order.`);
  return value;
}

function write(values: Values, run: DataStepRun, outputs: DataValue[]) {
  if (outputs.length !== run.outputs.length) throw new Error(`Node ${run.id} gave ${outputs.length} outputs for ${run.outputs.length} ports.`);
  run.outputs.forEach((key, i) => values.set(key, outputs[i]));
}
