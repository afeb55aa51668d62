import { RunningMoments } from '../moments';
import { column, columnNames, takeRows, type ChunkFit, type StepFunctions, type Table } from '../table';

export interface RemoveOutliersParams {
  method: 'zScore' | 'iqr';
  /** zScore: how many standard deviations from the mean a value may lie. */
  threshold: number;
  /** iqr: how many interquartile ranges below the first or above the third quartile a value may lie. */
  factor: number;
  /** Number column names, comma-separated (compile fills in the default when left empty). */
  columns?: string;
}

/** The range of usual values per column, learnt from the training rows. Columns with no values have none. */
export interface RemoveOutliersState {
  bounds: Record<string, { low: number; high: number }>;
}

/**
 * Drops the training rows with a value outside the usual range of its column, learnt from the
 * training rows: mean ± threshold standard deviations (z-score), or the quartiles widened by
 * factor interquartile ranges (IQR). Validation and test rows pass unchanged: the model is judged
 * on data as it comes. A missing value is not an outlier.
 */
export const removeOutliersStep: StepFunctions<RemoveOutliersParams, RemoveOutliersState> = {
  fit: (params, [input]) => {
    const table = input as Table;
    const bounds: RemoveOutliersState['bounds'] = {};
    for (const name of columnNames(params.columns)) {
      const c = column(table, name);
      if (c.type !== 'number') continue;
      const values = c.values.filter((v) => !Number.isNaN(v)).sort();
      if (values.length > 0) bounds[name] = params.method === 'zScore' ? zScoreBounds(values, params.threshold) : iqrBounds(values, params.factor);
    }
    return { bounds };
  },
  apply: (_params, [input], { bounds }, ctx) => {
    const table = input as Table;
    if (ctx.partition === 'validation' || ctx.partition === 'test') return [table];
    const checks = Object.entries(bounds).map(([name, range]) => ({ values: column(table, name).values as Float64Array, ...range }));
    const kept: number[] = [];
    for (let r = 0; r < table.rows; r++) {
      // NaN compares false both ways, so a missing value keeps its row.
      if (!checks.some(({ values, low, high }) => values[r] < low || values[r] > high)) kept.push(r);
    }
    return [takeRows(table, kept)];
  },
  fitStream: streamBounds,
};

/**
 * The z-score bounds learn a mean and a spread, which merge chunk by chunk; the IQR bounds need
 * every value sorted at once.
 */
function streamBounds(params: RemoveOutliersParams): ChunkFit<RemoveOutliersState> | { cannot: string } {
  if (params.method === 'iqr') return { cannot: 'its IQR bounds need the quartiles of all the training rows at once' };
  const moments = new Map<string, RunningMoments>();
  return {
    add: ([input]) => {
      const table = input as Table;
      for (const name of columnNames(params.columns)) {
        const c = column(table, name);
        if (c.type !== 'number') continue;
        if (!moments.has(name)) moments.set(name, new RunningMoments());
        moments.get(name)!.add(c.values.filter((v) => !Number.isNaN(v)));
      }
    },
    end: () => {
      const bounds: RemoveOutliersState['bounds'] = {};
      for (const [name, { count, mean, std }] of moments) {
        if (count > 0) bounds[name] = asBounds(mean - params.threshold * std, mean + params.threshold * std);
      }
      return { bounds };
    },
  };
}

function zScoreBounds(values: Float64Array, threshold: number) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return asBounds(mean - threshold * std, mean + threshold * std);
}

function iqrBounds(sorted: Float64Array, factor: number) {
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return asBounds(q1 - factor * (q3 - q1), q3 + factor * (q3 - q1));
}

/**
 * `+ 0` turns -0 into 0: the state is saved as JSON, which writes -0 as 0, and a state read back
 * must equal the one fitted (the bounds compare the same either way).
 */
function asBounds(low: number, high: number) {
  return { low: low + 0, high: high + 0 };
}

/** The q-quantile of sorted values, interpolating linearly between the two nearest ranks (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
