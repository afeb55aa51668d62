import type { EpochReport } from '@/lib/engine/protocol';
import type { BatchPoint } from '@/lib/runs/model';

/**
 * The live charts' numbers, in the aligned columns uPlot draws: one x column in epochs (a batch at
 * step / batches-per-epoch, an epoch's value at its end, x = epoch), then each series with null
 * where it has no value. Rebuilt whole a few times a second: a few thousand numbers take well
 * under a millisecond, and a rebuild cannot drift the way patched columns could.
 */

/** How much of the running average each new batch leaves in place: about the last ten batches count. */
export const smoothing = 0.9;

/**
 * An exponential moving average that skips gaps, divided by the weight it has gathered so far
 * (as TensorBoard does), so the first batches are not pulled towards zero. `batches[i]` says how
 * many batches value i averages (a long run's merged points, lib/runs/batch-curve.ts): such a
 * value counts as that many batches, so the smoothing spans the same batches at any resolution.
 */
export function ema(values: readonly (number | null)[], weight = smoothing, batches?: readonly number[]): (number | null)[] {
  let average = 0;
  // What is left of the starting zero: 1 before any value, weight^batches after them.
  let unset = 1;
  return values.map((v, i) => {
    if (v === null || !Number.isFinite(v)) return null;
    const keep = weight ** (batches?.[i] ?? 1);
    average = average * keep + (1 - keep) * v;
    unset *= keep;
    return average / (1 - unset);
  });
}

/**
 * Batches per epoch: what the run's progress says, else (a kept run reopened) the last step of
 * the earliest epoch among the points over that epoch's number (steps count from the run's start).
 */
export function batchesPerEpoch(points: readonly BatchPoint[], fromProgress?: number): number {
  if (fromProgress && fromProgress > 0) return fromProgress;
  if (points.length === 0) return 1;
  let first = points[0].epoch;
  for (const p of points) first = Math.min(first, p.epoch);
  let lastStep = 0;
  for (const p of points) if (p.epoch === first) lastStep = Math.max(lastStep, p.step);
  return Math.max(1, lastStep / first);
}

export interface ChartInput {
  points: readonly BatchPoint[];
  /** Which batch value the chart follows; none for a metric measured only on the validation rows. */
  field?: 'loss' | 'accuracy';
  batchesPerEpoch: number;
  history: readonly EpochReport[];
  /** Each per-epoch series' value of a report. */
  epochSeries: readonly ((report: EpochReport) => number | undefined)[];
}

export interface ChartColumns {
  /** x, then (with a field) raw and smoothed batches, then each per-epoch series. */
  columns: (number | null)[][];
  /** Batch values drawn. */
  batchPoints: number;
}

export function chartColumns({ points, field, batchesPerEpoch: perEpoch, history, epochSeries }: ChartInput): ChartColumns {
  const batches = field ? points.filter((p) => p[field] !== undefined && Number.isFinite(p[field])) : [];
  const raw = batches.map((p) => p[field!]!);
  const smooth = ema(
    raw,
    smoothing,
    batches.map((p) => p.batches ?? 1),
  );
  const epochs = history.filter((r) => epochSeries.some((value) => isNumber(value(r))));
  const x: number[] = [];
  const columns: (number | null)[][] = [...(field ? [[], []] : []), ...epochSeries.map(() => [])];
  // Both lists are in x order: a merge keeps the column sorted, as uPlot needs, and an epoch's
  // end shares the x of its last batch (step = epoch × batches-per-epoch divides exactly).
  let b = 0;
  let e = 0;
  while (b < batches.length || e < epochs.length) {
    const bx = b < batches.length ? batches[b].step / perEpoch : Infinity;
    const ex = e < epochs.length ? epochs[e].epoch : Infinity;
    const at = Math.min(bx, ex);
    x.push(at);
    let c = 0;
    if (field) {
      columns[c++].push(bx === at ? raw[b] : null);
      columns[c++].push(bx === at ? smooth[b] : null);
    }
    for (const value of epochSeries) {
      const v = ex === at ? value(epochs[e]) : undefined;
      columns[c++].push(isNumber(v) ? v : null);
    }
    if (bx === at) b++;
    if (ex === at) e++;
  }
  return { columns: [x, ...columns], batchPoints: batches.length };
}

const isNumber = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** One line of a chart's readout: a series and its value where the cursor is. */
export interface ReadoutRow {
  name: string;
  value: number;
  /** Where the value is when it is not at the cursor (a series with a value at each epoch's end). */
  at?: number;
}

/**
 * What a chart shows where the cursor is (`index` into `columns`, as chartColumns made them):
 * for each series, its value there, or, for a series with gaps there (a value each epoch's end),
 * its nearest value along x. `names` follows the columns after x; a series with no value, or no
 * name (one the chart does not draw now), is left out.
 */
export function readoutAt(
  columns: readonly (readonly (number | null)[])[],
  index: number,
  names: readonly (string | undefined)[],
): { x: number; rows: ReadoutRow[] } | undefined {
  const [x, ...series] = columns;
  if (index < 0 || index >= x.length) return undefined;
  const rows: ReadoutRow[] = [];
  series.forEach((values, s) => {
    const name = names[s];
    if (name === undefined) return;
    let best: number | undefined;
    let distance = Infinity;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null) continue;
      const d = Math.abs(x[i]! - x[index]!);
      if (d < distance) {
        distance = d;
        best = i;
      }
    }
    if (best === undefined) return;
    rows.push({ name, value: values[best]!, ...(x[best] !== x[index] ? { at: x[best]! } : {}) });
  });
  return { x: x[index]!, rows };
}

/** Where on a chart's epoch axis `x` is, in words: "End of epoch 2", "Epoch 3, 40% through". */
export function chartPosition(x: number): string {
  if (Number.isInteger(x)) return x === 0 ? 'Start' : `End of epoch ${x}`;
  return `Epoch ${Math.floor(x) + 1}, ${Math.round((x % 1) * 100)}% through`;
}
