import { rowSize, type Column, type DataTensor, type Table, type Target } from './table';

/**
 * What a data preview shows: per column statistics, the first rows as display strings, class
 * balance, and downsampled lines for time series. Plain values computed from plain arrays, so the
 * app, the command line and the exported project describe the same data with the same numbers.
 *
 * Standard deviations are population ones (divided by n, not n - 1), as Standardize computes
 * them, so the preview of a column and what Standardize learns from it agree.
 */

/** Equal-width bins in a histogram: enough to show a shape, few enough to draw in a small card. */
export const HISTOGRAM_BINS = 20;
/** The most frequent values listed for a category or text column; the rest are counted as "other". */
export const TOP_VALUES = 10;
/** Points kept per line of a time series chart: about one per pixel of a preview chart. */
export const LINE_POINTS = 500;
/** Values of one tensor row shown in a preview; an image row has hundreds. */
export const TENSOR_VALUES_SHOWN = 8;

export interface Bin {
  from: number;
  /** The last bin includes `to`; the others stop just before it. */
  to: number;
  count: number;
}

/** Count, spread and shape of a list of numbers; NaN counts as missing. */
export interface NumberSummary {
  /** Values that are not missing. */
  count: number;
  missing: number;
  /** null when no value is present. */
  mean: number | null;
  /** Population standard deviation (divided by the count, as Standardize does). */
  std: number | null;
  min: number | null;
  max: number | null;
  /** HISTOGRAM_BINS equal-width bins from min to max; one bin for a constant list; none for an empty one, or one with an infinite value (no equal widths span it). */
  bins: Bin[];
}

export interface TopValue {
  value: string;
  count: number;
}

export interface NumberColumnStats extends NumberSummary {
  name: string;
  type: 'number';
  /** Different values among the present ones, exactly. */
  distinct: number;
}

export interface CategoryColumnStats {
  name: string;
  type: 'category' | 'text';
  count: number;
  missing: number;
  distinct: number;
  /** The TOP_VALUES most frequent values, most frequent first; ties keep the order values first appear (a category column's schema order). */
  top: TopValue[];
  /** The rows whose value is not in `top`, and how many different values they hold. */
  other: { count: number; values: number };
  /** Text columns: the mean length in characters of the present values; null when none is present. */
  meanLength?: number | null;
}

export interface ChannelSummary {
  min: number | null;
  max: number | null;
  mean: number | null;
}

export interface ArrayColumnStats {
  name: string;
  type: 'image' | 'series';
  /** Image and series rows are never missing: every row has its full shape of values. */
  count: number;
  missing: 0;
  /** One row's shape: [height, width, channels] for images, [steps, channels] for series. */
  shape: number[];
  /** Per channel (the last dimension of `shape`), over every value of every row. */
  channels: ChannelSummary[];
}

export type ColumnStats = NumberColumnStats | CategoryColumnStats | ArrayColumnStats;

export interface ClassShare {
  name: string;
  count: number;
  /** count / rows with a class, 0 when no row has one. */
  share: number;
}

// ---- Numbers ------------------------------------------------------------------------------------

/** Count, mean, population std, min, max and histogram of `values` (at `rows` only, when given); NaN is missing. */
export function summarizeNumbers(values: ArrayLike<number>, rows?: ArrayLike<number>): NumberSummary {
  const n = rows ? rows.length : values.length;
  const at = (i: number) => values[rows ? rows[i] : i];
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (Number.isNaN(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0)
    return {
      count,
      missing: n,
      mean: null,
      std: null,
      min: null,
      max: null,
      bins: [],
    };
  const mean = sum / count;
  // A second pass over the deviations: one pass over sums of squares loses digits on large values.
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  }
  return {
    count,
    missing: n - count,
    mean,
    std: Math.sqrt(squares / count),
    min,
    max,
    bins: histogram(values, rows, min, max, count),
  };
}

function histogram(values: ArrayLike<number>, rows: ArrayLike<number> | undefined, min: number, max: number, count: number): Bin[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [{ from: min, to: max, count }];
  const width = (max - min) / HISTOGRAM_BINS;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const n = rows ? rows.length : values.length;
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (Number.isNaN(v)) continue;
    // The maximum belongs to the last bin, not to one past it.
    counts[Math.min(Math.floor((v - min) / width), HISTOGRAM_BINS - 1)]++;
  }
  return counts.map((c, i) => ({
    from: min + i * width,
    to: i === HISTOGRAM_BINS - 1 ? max : min + (i + 1) * width,
    count: c,
  }));
}

function distinctNumbers(values: ArrayLike<number>, rows?: ArrayLike<number>): number {
  // Sorting a typed copy and counting changes is exact and several times faster than a Set of a million doubles.
  const n = rows ? rows.length : values.length;
  const present = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (!Number.isNaN(v)) present[count++] = v;
  }
  const sorted = present.subarray(0, count).sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

// ---- Columns ------------------------------------------------------------------------------------

/** Statistics of one column, over `rows` only when given (the training rows), over every row otherwise. */
export function describeColumn(column: Column, rows?: ArrayLike<number>): ColumnStats {
  switch (column.type) {
    case 'number':
      return {
        name: column.name,
        type: 'number',
        ...summarizeNumbers(column.values, rows),
        distinct: distinctNumbers(column.values, rows),
      };
    case 'category':
    case 'text':
      return describeLabels(column, rows);
    default:
      return describeArrays(column, rows);
  }
}

function describeLabels(column: Extract<Column, { type: 'category' | 'text' }>, rows?: ArrayLike<number>): CategoryColumnStats {
  const counts = new Map<string, number>();
  // Seeding with the schema makes ties fall in the schema's order, not in the order rows happen to come.
  if (column.type === 'category') for (const c of column.categories) counts.set(c, 0);
  const n = rows ? rows.length : column.values.length;
  let missing = 0;
  let characters = 0;
  for (let i = 0; i < n; i++) {
    const v = column.values[rows ? rows[i] : i];
    if (v === null) {
      missing++;
      continue;
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (column.type === 'text') characters += characterCount(v);
  }
  const present = [...counts].filter(([, c]) => c > 0).map(([value, count]) => ({ value, count }));
  // Array.prototype.sort is stable, so equal counts keep their first-seen (schema) order.
  const sorted = present.sort((a, b) => b.count - a.count);
  const top = sorted.slice(0, TOP_VALUES);
  const rest = sorted.slice(TOP_VALUES);
  const count = n - missing;
  const stats: CategoryColumnStats = {
    name: column.name,
    type: column.type,
    count,
    missing,
    distinct: present.length,
    top,
    other: {
      count: rest.reduce((sum, r) => sum + r.count, 0),
      values: rest.length,
    },
  };
  if (column.type === 'text') stats.meanLength = count === 0 ? null : characters / count;
  return stats;
}

/** Characters as people count them: an emoji outside the Basic Multilingual Plane is one, not two UTF-16 units. */
function characterCount(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) surrogates++;
  }
  return text.length - surrogates;
}

function describeArrays(column: Extract<Column, { type: 'image' | 'series' }>, rows?: ArrayLike<number>): ArrayColumnStats {
  const size = rowSize(column);
  const channelCount = column.shape[column.shape.length - 1] ?? 1;
  const total = size === 0 ? 0 : column.values.length / size;
  const n = rows ? rows.length : total;
  const sums = new Array<number>(channelCount).fill(0);
  const mins = new Array<number>(channelCount).fill(Infinity);
  const maxs = new Array<number>(channelCount).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const start = (rows ? rows[i] : i) * size;
    // Pixel by pixel, then channel by channel: no remainder per value (an image column can hold tens of millions).
    for (let j = 0; j < size; j += channelCount) {
      for (let ch = 0; ch < channelCount; ch++) {
        const v = column.values[start + j + ch];
        sums[ch] += v;
        if (v < mins[ch]) mins[ch] = v;
        if (v > maxs[ch]) maxs[ch] = v;
      }
    }
  }
  const perChannel = n * (size / channelCount);
  const channels = sums.map((sum, ch) => (perChannel === 0 ? { min: null, max: null, mean: null } : { min: mins[ch], max: maxs[ch], mean: sum / perChannel }));
  return {
    name: column.name,
    type: column.type,
    count: n,
    missing: 0,
    shape: [...column.shape],
    channels,
  };
}

/**
 * Rows per class, in the classes' own order (a class no row has is listed with 0), over `rows`
 * only when given. Rows without a class (a missing category) are left out of the counts and the
 * shares: the column's stats report them as missing.
 */
export function classBalance(target: Extract<Column, { type: 'category' }> | Extract<Target, { kind: 'classes' }>, rows?: ArrayLike<number>): ClassShare[] {
  const names = 'kind' in target ? target.classNames : target.categories;
  const counts = new Array<number>(names.length).fill(0);
  const index = new Map(names.map((name, i) => [name, i]));
  const n = rows ? rows.length : target.values.length;
  let classified = 0;
  for (let i = 0; i < n; i++) {
    const v = target.values[rows ? rows[i] : i];
    // A category column may hold a value its schema lacks only through a bug upstream; it then has no class here.
    const at = typeof v === 'number' ? v : v === null ? undefined : index.get(v);
    if (at === undefined || at < 0 || at >= names.length) continue;
    counts[at]++;
    classified++;
  }
  return names.map((name, i) => ({
    name,
    count: counts[i],
    share: classified === 0 ? 0 : counts[i] / classified,
  }));
}

// ---- Tables -------------------------------------------------------------------------------------

/** One cell of a preview row: text to show as text, a marker for a missing value, or a row of an image or series column to draw. */
export type PreviewCell =
  | { kind: 'value'; text: string }
  | { kind: 'missing' }
  /** `row` indexes the column's `samples` (the first rows), which hold the values to draw. */
  | { kind: 'image' | 'series'; row: number };

/** The first rows of an image or series column, copied out so the preview holds what it draws and nothing more. */
export interface ArraySamples {
  name: string;
  /** The column's position in the table: names may repeat in an uploaded file, positions do not. */
  column: number;
  type: 'image' | 'series';
  shape: number[];
  /** Row after row, the product of `shape` values each. */
  values: Float32Array;
  rows: number;
  /** The range of every value of the column, so all samples are drawn on one scale. */
  min: number;
  max: number;
}

/** A number column of an ordered table, downsampled for a line chart. */
export interface LinePoints {
  name: string;
  /** The table rows the points come from, ascending. */
  rows: number[];
  values: number[];
}

export interface TablePreview {
  rows: number;
  ordered: boolean;
  columns: { name: string; type: Column['type'] }[];
  /** The first rows, one cell per column. */
  head: PreviewCell[][];
  stats: ColumnStats[];
  /** Image and series columns, in column order. */
  samples: ArraySamples[];
  /** Ordered tables: every number column with a present value, downsampled; empty otherwise. */
  lines: LinePoints[];
  /** The rows per class of the target column, when it is asked for and is a category column. */
  classBalance: { column: string; shares: ClassShare[] } | null;
}

export interface TablePreviewOptions {
  /** The first rows shown as cells. */
  rowsShown?: number;
  /** The column to predict (TableInfo.target): its class balance is shown when it holds categories. */
  target?: string;
}

/**
 * What a preview of `table` shows: its first `rowsShown` rows, per column statistics, samples to
 * draw, lines for a time series and the class balance of the `target` column.
 */
export function describeTable(table: Table, { rowsShown = 20, target }: TablePreviewOptions = {}): TablePreview {
  const shown = Math.max(0, Math.min(rowsShown, table.rows));
  const head = Array.from({ length: shown }, (_, row) => table.columns.map((c) => previewCell(c, row)));
  const stats = table.columns.map((c) => describeColumn(c));
  const samples: ArraySamples[] = [];
  table.columns.forEach((c, i) => {
    const described = stats[i];
    if ((c.type !== 'image' && c.type !== 'series') || !('channels' in described)) return;
    // The column's range comes from its stats: an image column can hold tens of millions of values, read once.
    const present = described.channels.filter((ch) => ch.min !== null && ch.max !== null);
    samples.push({
      name: c.name,
      column: i,
      type: c.type,
      shape: [...c.shape],
      values: c.values.slice(0, shown * rowSize(c)),
      rows: shown,
      min: present.length === 0 ? 0 : Math.min(...present.map((ch) => ch.min as number)),
      max: present.length === 0 ? 0 : Math.max(...present.map((ch) => ch.max as number)),
    });
  });
  const targetColumn = table.columns.find((c) => c.name === target);
  const lines = table.ordered
    ? table.columns.flatMap((c) => (c.type === 'number' ? [{ name: c.name, ...downsampleMinMax(c.values, LINE_POINTS) }] : [])).filter((l) => l.rows.length > 0)
    : [];
  return {
    rows: table.rows,
    ordered: table.ordered,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
    head,
    stats,
    samples,
    lines,
    classBalance: targetColumn?.type === 'category' ? { column: targetColumn.name, shares: classBalance(targetColumn) } : null,
  };
}

function previewCell(c: Column, row: number): PreviewCell {
  switch (c.type) {
    case 'number':
      return Number.isNaN(c.values[row]) ? { kind: 'missing' } : { kind: 'value', text: formatNumber(c.values[row]) };
    case 'category':
    case 'text': {
      const v = c.values[row];
      return v === null ? { kind: 'missing' } : { kind: 'value', text: v };
    }
    default:
      return { kind: c.type, row };
  }
}

/**
 * A number as a preview shows it: whole numbers in full without grouping (a year stays 2024),
 * others with six significant digits but at least one decimal (1234567.891 is not shown as a
 * whole number), no trailing zeros, and very large or small ones in exponent notation.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const size = Math.abs(v);
  if (size >= 1e9 || size < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  const wholeDigits = size >= 1 ? Math.floor(Math.log10(size)) + 1 : 0;
  return String(Number(v.toPrecision(Math.max(6, wholeDigits + 1))));
}

/**
 * At most `maxPoints` points of `values` for a line chart: the rows in buckets of equal size, each
 * bucket kept as its minimum and its maximum in row order, so spikes survive where averaging or
 * taking every n-th row would drop them. NaN (missing) rows are skipped.
 */
export function downsampleMinMax(values: ArrayLike<number>, maxPoints: number): { rows: number[]; values: number[] } {
  const keptRows: number[] = [];
  const n = values.length;
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) keptRows.push(i);
  } else {
    const buckets = Math.max(1, Math.floor(maxPoints / 2));
    for (let b = 0; b < buckets; b++) {
      const start = Math.floor((b * n) / buckets);
      const end = Math.floor(((b + 1) * n) / buckets);
      let lo = -1;
      let hi = -1;
      for (let i = start; i < end; i++) {
        const v = values[i];
        if (Number.isNaN(v)) continue;
        if (lo < 0 || v < values[lo]) lo = i;
        if (hi < 0 || v > values[hi]) hi = i;
      }
      if (lo < 0) continue;
      if (lo === hi) keptRows.push(lo);
      else keptRows.push(Math.min(lo, hi), Math.max(lo, hi));
    }
  }
  return { rows: keptRows, values: keptRows.map((r) => values[r]) };
}

// ---- Preprocessing outputs -------------------------------------------------------------------------

export interface TensorPreview {
  shape: number[];
  dtype: DataTensor['dtype'];
  /** The first rows, up to TENSOR_VALUES_SHOWN formatted values each. */
  head: string[][];
  /** Values per row: more than TENSOR_VALUES_SHOWN means the rows in `head` are cut short. */
  rowSize: number;
  /** Over every value of the tensor. */
  values: NumberSummary;
}

/** What a preview of a tensor shows: its shape, its first rows and the range and histogram of its values. */
export function describeTensor(tensor: DataTensor, { rowsShown = 20 }: { rowsShown?: number } = {}): TensorPreview {
  const rows = tensor.shape[0] ?? 0;
  const size = rows === 0 ? 0 : tensor.values.length / rows;
  const shown = Math.max(0, Math.min(rowsShown, rows));
  const head = Array.from({ length: shown }, (_, r) =>
    Array.from(tensor.values.subarray(r * size, r * size + Math.min(size, TENSOR_VALUES_SHOWN)), formatNumber),
  );
  return {
    shape: [...tensor.shape],
    dtype: tensor.dtype,
    head,
    rowSize: size,
    values: summarizeNumbers(tensor.values),
  };
}

export type TargetPreview =
  | { kind: 'classes'; rows: number; balance: ClassShare[] }
  | {
      kind: 'numbers';
      rows: number;
      columns: (NumberSummary & { name: string })[];
    };

/** What a preview of a target shows: the class balance, or per predicted number its statistics. */
export function describeTarget(target: Target): TargetPreview {
  if (target.kind === 'classes')
    return {
      kind: 'classes',
      rows: target.values.length,
      balance: classBalance(target),
    };
  const width = target.names.length;
  const rows = width === 0 ? 0 : target.values.length / width;
  const columns = target.names.map((name, j) => {
    const positions = Int32Array.from({ length: rows }, (_, r) => r * width + j);
    return { name, ...summarizeNumbers(target.values, positions) };
  });
  return { kind: 'numbers', rows, columns };
}
