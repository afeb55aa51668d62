import { column, nothingToFit, type StepFunctions, type Table, type Target } from '../table';

export interface TargetParams {
  /** The column to predict (compile fills in the dataset's usual target when left empty). */
  column?: string;
}

/**
 * The column the model learns to predict: a category column gives each row's class index (the
 * task is classification), a number column the number itself (regression). The loss decides how
 * the engine encodes it for tfjs (one-hot, index, 0/1 or as is).
 */
export const targetStep: StepFunctions<TargetParams> = {
  apply: (params, [input]) => [targetOf(input as Table, params.column ?? '')],
  fitStream: nothingToFit,
};

export function targetOf(table: Table, name: string): Target {
  const c = column(table, name);
  if (c.type === 'category') {
    const codes = new Map(c.categories.map((category, index) => [category, index]));
    const values = new Int32Array(table.rows);
    for (let r = 0; r < table.rows; r++) {
      const code = codes.get(c.values[r] ?? '');
      if (code === undefined) {
        throw new Error(`The target "${name}" has no class in row ${r + 1}: drop the rows with a missing target before the split.`);
      }
      values[r] = code;
    }
    return { kind: 'classes', classNames: c.categories.slice(), values };
  }
  if (c.type === 'number') {
    const values = new Float32Array(table.rows);
    for (let r = 0; r < table.rows; r++) {
      if (Number.isNaN(c.values[r])) {
        throw new Error(`The target "${name}" has no value in row ${r + 1}: drop the rows with a missing target before the split.`);
      }
      values[r] = c.values[r];
    }
    return { kind: 'numbers', names: [name], values };
  }
  throw new Error(`The target "${name}" is a ${c.type} column: a target must hold categories or numbers.`);
}
