/**
 * The values that flow between data-stage nodes (datasets and preprocessing), before the model.
 * Plain arrays, no tfjs and no app imports: the engine runs the data stage on them, and the
 * exported project ships this file as it is, so both compute with the same code.
 *
 * A dataset is a table of typed columns. A table flows through the split; column selection turns
 * chosen columns into a tensor (what the model reads) or into the target (what the loss compares
 * with). Rows stay aligned because every branch after the split starts from the same table.
 */

/** What one column holds, per row. */
export type ColumnType = 'number' | 'category' | 'text' | 'image' | 'series';

export type Column =
  /** NaN marks a missing value. */
  | { name: string; type: 'number'; values: Float64Array }
  /** null marks a missing value; `categories` is every value the column can take (its schema), in a fixed order. */
  | { name: string; type: 'category'; categories: string[]; values: (string | null)[] }
  | { name: string; type: 'text'; values: (string | null)[] }
  /** Row after row, `shape` = [height, width, channels] values each. */
  | { name: string; type: 'image'; shape: number[]; values: Float32Array }
  /** A fixed-length sequence per row (a waveform): row after row, `shape` = [steps, channels] values each. */
  | { name: string; type: 'series'; shape: number[]; values: Float32Array };

export interface Table {
  kind: 'table';
  rows: number;
  columns: Column[];
  /** Rows are in time order (a time series): split chronologically, never shuffled. */
  ordered: boolean;
}

/** What the model reads: rows first, then the shape of one sample. */
export interface DataTensor {
  kind: 'tensor';
  /** [rows, ...sample shape]. */
  shape: number[];
  /** int32 for ids (token ids, category codes) that an Embedding looks up; float32 for measurements. */
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** What the loss compares the prediction with: a class per row, or numbers per row. */
export type Target =
  | { kind: 'classes'; classNames: string[]; values: Int32Array }
  /** Row after row, `names.length` numbers each (usually one: the value to predict). */
  | { kind: 'numbers'; names: string[]; values: Float32Array };

/** Anything a data-stage port carries at run time. */
export type DataValue = Table | DataTensor | Target;

/** The rows of each part of the data, after the split. */
export interface Partitions {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export type PartitionName = keyof Partitions;

// ---- What compile knows about the same values, before any data is loaded --------------------

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** Category columns: every value the column can take, in a fixed order (the column's schema). */
  categories?: string[];
  /** Image and series columns: the shape of one row's value. */
  shape?: number[];
  /** True when some rows have no value in this column. */
  missing?: boolean;
  /** One line for people: unit, meaning. */
  description?: string;
}

export interface TableInfo {
  columns: ColumnInfo[];
  rows: number;
  ordered: boolean;
  /** The column a dataset is usually asked to predict: column selection defaults to it. */
  target?: string;
}

export type TargetInfo = { kind: 'classes'; classNames: string[] } | { kind: 'numbers'; names: string[] };

// ---- Helpers shared by the steps ----------------------------------------------------------------

/** The column named `name`; throws when the table has none (compile checks names first). */
export function column(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`The table has no column "${name}" (it has ${table.columns.map((c) => c.name).join(', ')}).`);
  return found;
}

/** The names in a comma-separated list, trimmed, empty ones dropped. */
export function columnNames(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** True when row `row` of the column has no value (NaN in number columns, null in category and text ones). */
export function isMissing(c: Column, row: number): boolean {
  if (c.type === 'number') return Number.isNaN(c.values[row]);
  return (c.type === 'category' || c.type === 'text') && c.values[row] === null;
}

/** How pixels outside an image are read: the nearest edge pixel, or 0. */
export type ImageFill = 'nearest' | 'constant';

/**
 * Bilinear interpolation of one image at the fractional pixel (y, x), pixel centres at whole
 * numbers: writes its `channels` values to `out` from `at`. The image is `height` x `width` x
 * `channels` values of `src` from `offset`. Image resizing and augmentation share it, so both
 * read pixels the same way.
 */
export function sampleBilinear(
  src: ArrayLike<number>,
  offset: number,
  height: number,
  width: number,
  channels: number,
  y: number,
  x: number,
  fill: ImageFill,
  out: Float32Array,
  at: number,
): void {
  if (fill === 'nearest') {
    y = Math.min(Math.max(y, 0), height - 1);
    x = Math.min(Math.max(x, 0), width - 1);
  }
  const y0 = Math.floor(y);
  const x0 = Math.floor(x);
  const dy = y - y0;
  const dx = x - x0;
  // The four neighbours, each weighted by how close (y, x) is to it; one outside the image adds 0.
  const top = y0 >= 0 && y0 < height;
  const bottom = y0 + 1 >= 0 && y0 + 1 < height && dy > 0;
  const left = x0 >= 0 && x0 < width;
  const right = x0 + 1 >= 0 && x0 + 1 < width && dx > 0;
  const topLeft = offset + (y0 * width + x0) * channels;
  const below = width * channels;
  for (let ch = 0; ch < channels; ch++) {
    let value = 0;
    if (top && left) value += (1 - dy) * (1 - dx) * src[topLeft + ch];
    if (top && right) value += (1 - dy) * dx * src[topLeft + channels + ch];
    if (bottom && left) value += dy * (1 - dx) * src[topLeft + below + ch];
    if (bottom && right) value += dy * dx * src[topLeft + below + channels + ch];
    out[at + ch] = value;
  }
}

/** Values per row of a column: 1 for number, category and text, the product of the shape otherwise. */
export function rowSize(c: Column): number {
  return c.type === 'image' || c.type === 'series' ? c.shape.reduce((a, b) => a * b, 1) : 1;
}

/** The table's rows `rows`, in that order (a row may repeat). */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  return { ...table, rows: rows.length, columns: table.columns.map((c) => takeColumnRows(c, rows)) };
}

export function takeColumnRows(c: Column, rows: ArrayLike<number>): Column {
  switch (c.type) {
    case 'number': {
      const values = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = c.values[rows[i]];
      return { ...c, values };
    }
    case 'category':
    case 'text':
      return { ...c, values: Array.from(rows, (r) => c.values[r]) };
    default: {
      const size = rowSize(c);
      const values = new Float32Array(rows.length * size);
      for (let i = 0; i < rows.length; i++) values.set(c.values.subarray(rows[i] * size, rows[i] * size + size), i * size);
      return { ...c, values };
    }
  }
}

/** Rows of any data value. */
export function rowCount(value: DataValue): number {
  if (value.kind === 'table') return value.rows;
  if (value.kind === 'tensor') return value.shape[0];
  return value.kind === 'classes' ? value.values.length : value.values.length / value.names.length;
}

// ---- The contract of a data-stage step ----------------------------------------------------------

export interface DataContext {
  /** The step's own seed, derived from the run seed. */
  seed: number;
  /** Which rows `apply` is given: all of them before the split, one part after it. */
  partition: PartitionName | 'all';
  /** 0-based epoch, for steps re-applied every epoch (augmentation); 0 otherwise. */
  epoch: number;
}

/**
 * What a preprocessing node does to the data, as plain functions over DataValues: `fit` learns
 * from the training rows (every row before the split) and returns a plain JSON value, `apply`
 * transforms one part's inputs into the node's outputs (in its `outputs` order) with that value.
 * Validation and test rows never reach `fit`, so they cannot change what was learnt.
 */
export interface StepFunctions<P = Record<string, unknown>, S = unknown> {
  fit?: (params: P, inputs: DataValue[], ctx: DataContext) => S;
  apply: (params: P, inputs: DataValue[], state: S, ctx: DataContext) => DataValue[];
  /**
   * Re-applied to the training rows at the start of every epoch with a fresh seed (augmentation:
   * the model never sees the same variation twice); validation and test rows pass through `apply`
   * with `partition` set, where such a step leaves them unchanged.
   */
  perEpoch?: boolean;
  /** The split only: which rows of its input table go to each part. */
  partition?: (params: P, table: Table, ctx: DataContext) => Partitions;
  /**
   * For data too big to hold (lib/data/stream.ts): present when `apply` treats each row on its own,
   * so it can run on one chunk of rows at a time. Returns the chunk-by-chunk form of `fit` (its
   * statistics merge exactly, so the state equals `fit` on all the rows at once), or, when these
   * params need every row at once (a median), why not, in words. A step without it (shuffle, time
   * windows) cannot stream: the run then loads the rows in memory.
   */
  fitStream?: (params: P) => ChunkFit<S> | { cannot: string };
}

/** A fit learnt chunk by chunk: `add` each chunk of the rows `fit` would see, then `end` gives its state. */
export interface ChunkFit<S> {
  add: (inputs: DataValue[], ctx: DataContext) => void;
  end: () => S;
}

/** The chunk-by-chunk fit of a step that learns nothing (it has no `fit`): only its `apply` matters. */
export const nothingToFit = (): ChunkFit<undefined> => ({ add: () => undefined, end: () => undefined });

/** Each number column's smallest and largest value (missing values left out); columns with no value are absent. */
export function numberRanges(table: Table | undefined): Record<string, [number, number]> {
  const ranges: Record<string, [number, number]> = {};
  for (const column of table?.columns ?? []) {
    if (column.type !== 'number') continue;
    let low = Infinity;
    let high = -Infinity;
    for (const value of column.values) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (low <= high) ranges[column.name] = [low, high];
  }
  return ranges;
}
