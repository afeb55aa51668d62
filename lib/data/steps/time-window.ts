import { column, columnNames, type DataTensor, type StepFunctions, type Table, type Target } from '../table';

export interface TimeWindowParams {
  /** Number column names, comma-separated: what each step of a window holds (compile fills in the default when left empty). */
  columns?: string;
  /** The number column to forecast (compile fills in the default when left empty). */
  target?: string;
  /** Rows per window. */
  steps: number;
  /** How many rows after a window's last row the forecast value lies. */
  horizon: number;
}

/** How many windows `rows` rows in time order give. */
export function windowCount(rows: number, steps: number, horizon: number): number {
  return Math.max(0, rows - steps - horizon + 1);
}

/**
 * Cuts a table in time order into overlapping windows: window i holds rows i .. i + steps - 1 of
 * the chosen columns, and its label is the target `horizon` rows after the window's last row. The
 * engine applies it to each part on its own, so a window never mixes training and validation rows.
 */
export const timeWindowStep: StepFunctions<TimeWindowParams> = {
  apply: (params, [input]) => {
    const table = input as Table;
    const { steps, horizon } = params;
    const features = columnNames(params.columns).map((name) => numbers(table, name));
    const target = numbers(table, params.target ?? '');
    const count = windowCount(table.rows, steps, horizon);
    const width = features.length;
    const values = new Float32Array(count * steps * width);
    const labels = new Float32Array(count);
    for (let w = 0; w < count; w++) {
      for (let s = 0; s < steps; s++) {
        for (let f = 0; f < width; f++) values[(w * steps + s) * width + f] = features[f][w + s];
      }
      labels[w] = target[w + steps - 1 + horizon];
    }
    const tensor: DataTensor = { kind: 'tensor', shape: [count, steps, width], dtype: 'float32', values };
    const forecast: Target = { kind: 'numbers', names: [params.target ?? ''], values: labels };
    return [tensor, forecast];
  },
};

function numbers(table: Table, name: string): Float64Array {
  const c = column(table, name);
  if (c.type !== 'number') throw new Error(`Column "${name}" is a ${c.type} column: time windows hold numbers.`);
  return c.values;
}
