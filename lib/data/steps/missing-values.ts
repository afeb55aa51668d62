import { column, columnNames, isMissing, takeRows, type ChunkFit, type Column, type StepFunctions, type Table } from '../table';

export type MissingValueStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant' | 'dropRow';

export interface MissingValuesParams {
  strategy: MissingValueStrategy;
  /** Column names, comma-separated (compile fills in the default when left empty). */
  columns?: string;
  /** The constant strategy's value: a number for number columns, the text itself otherwise. */
  fillValue: string;
}

/** The value each chosen column's gaps are filled with, learnt from the training rows. */
export interface MissingValuesState {
  fills: Record<string, number | string>;
}

/**
 * Fills the gaps of chosen columns (NaN in number columns, null in category and text ones) with a
 * value learnt from the training rows (mean, median, most frequent) or a constant, or drops the
 * rows that have a gap.
 */
export const missingValuesStep: StepFunctions<MissingValuesParams, MissingValuesState> = {
  fit: (params, [input]) => {
    const table = input as Table;
    const fills: Record<string, number | string> = {};
    if (params.strategy === 'dropRow') return { fills };
    for (const name of columnNames(params.columns)) fills[name] = fillValue(column(table, name), params);
    return { fills };
  },
  apply: (params, [input], { fills }) => {
    const table = input as Table;
    const names = columnNames(params.columns);
    if (params.strategy === 'dropRow') {
      const chosen = names.map((name) => column(table, name));
      const kept: number[] = [];
      for (let r = 0; r < table.rows; r++) if (!chosen.some((c) => isMissing(c, r))) kept.push(r);
      return [takeRows(table, kept)];
    }
    return [{ ...table, columns: table.columns.map((c) => (c.name in fills ? filled(c, fills[c.name]) : c)) }];
  },
  fitStream: streamFills,
};

/**
 * Chunk by chunk: a mean from the running sum and count (added in row order, as `fit` adds them),
 * the most frequent value from running counts. A median needs every value at once.
 */
function streamFills(params: MissingValuesParams): ChunkFit<MissingValuesState> | { cannot: string } {
  if (params.strategy === 'median') return { cannot: 'its median needs all the training values at once' };
  const names = columnNames(params.columns);
  const seen = new Map<string, { column: Column; count: number; sum: number; counts: Map<number | string, number> }>();
  return {
    add: ([input]) => {
      if (params.strategy === 'dropRow') return;
      for (const name of names) {
        const c = column(input as Table, name);
        const s = seen.get(name) ?? { column: c, count: 0, sum: 0, counts: new Map() };
        seen.set(name, s);
        if (params.strategy === 'constant') continue;
        for (let r = 0; r < c.values.length; r++) {
          if (isMissing(c, r)) continue;
          const v = c.values[r] as number | string;
          s.count++;
          if (params.strategy === 'mean') s.sum += v as number;
          else s.counts.set(v, (s.counts.get(v) ?? 0) + 1);
        }
      }
    },
    end: () => {
      const fills: Record<string, number | string> = {};
      if (params.strategy === 'dropRow') return { fills };
      for (const name of names) {
        const s = seen.get(name);
        if (params.strategy === 'constant') {
          fills[name] = s?.column.type === 'number' ? Number(params.fillValue) : params.fillValue;
          continue;
        }
        if (!s || s.count === 0) throw new Error(noValues(name));
        const fill = params.strategy === 'mean' ? s.sum / s.count : mostFrequentCounted(s.counts);
        fills[name] = fill === 0 ? 0 : fill;
      }
      return { fills };
    },
  };
}

function fillValue(c: Column, params: MissingValuesParams): number | string {
  if (params.strategy === 'constant') return c.type === 'number' ? Number(params.fillValue) : params.fillValue;
  const present: (number | string)[] = [];
  for (let r = 0; r < c.values.length; r++) if (!isMissing(c, r)) present.push(c.values[r] as number | string);
  if (present.length === 0) throw new Error(noValues(c.name));
  if (params.strategy === 'mostFrequent') return mostFrequent(present);
  const numbers = present as number[];
  const fill = params.strategy === 'mean' ? numbers.reduce((a, b) => a + b, 0) / numbers.length : median(numbers);
  // JSON has no -0: the state must read back as it was learnt.
  return fill === 0 ? 0 : fill;
}

/** The middle value; with an even count, halfway between the two middle ones. */
export function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function noValues(name: string): string {
  return `Column "${name}" has no value in any training row, so there is nothing to learn a fill value from: use the constant strategy for it.`;
}

/** The value seen most often; among equally frequent ones the smallest, so a tie is settled the same way every run. */
export function mostFrequent<T extends number | string>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return mostFrequentCounted(counts);
}

/** The most frequent value of non-empty counts, ties to the smallest value. */
function mostFrequentCounted<T extends number | string>(counts: Map<T, number>): T {
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (best === undefined || count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  }
  return best!;
}

function filled(c: Column, fill: number | string): Column {
  switch (c.type) {
    case 'number':
      return { ...c, values: c.values.map((v) => (Number.isNaN(v) ? (fill as number) : v)) };
    case 'category': {
      const value = String(fill);
      // A constant outside the schema becomes one more category, as compile's column description says.
      const categories = c.categories.includes(value) ? c.categories : [...c.categories, value];
      return { ...c, categories, values: c.values.map((v) => v ?? value) };
    }
    case 'text':
      return { ...c, values: c.values.map((v) => v ?? String(fill)) };
    default:
      return c;
  }
}
