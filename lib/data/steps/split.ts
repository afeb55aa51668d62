import { permutation, seededRandom } from '../../engine/random';
import { column, type Partitions, type StepFunctions, type Table } from '../table';

export interface SplitParams {
  validationFraction: number;
  /** 0: no test rows. */
  testFraction: number;
  shuffle: boolean;
  stratify: boolean;
  /** The category column whose classes keep their shares in every part (compile fills it in). */
  stratifyBy?: string;
}

/**
 * How many of `count` rows the split holds out for validation: the fraction, rounded, but at least
 * one row on each side so tiny datasets still train and validate. compile() sizes auto training
 * values with it and the split uses it, so both count the same rows.
 */
export function validationRows(count: number, validationFraction: number): number {
  return Math.min(count - 1, Math.max(1, Math.round(count * validationFraction)));
}

/** Rows held out for testing: none when the fraction is 0, else at least one, leaving a row to train on. */
export function testRows(count: number, validation: number, testFraction: number): number {
  if (testFraction <= 0) return 0;
  return Math.max(0, Math.min(count - validation - 1, Math.max(1, Math.round(count * testFraction))));
}

/**
 * Which rows train, which validate and which test. Rows in time order (`table.ordered`) split
 * chronologically: the model trains on the past and is judged on what came after, never on a
 * shuffled mix. Otherwise the rows are shuffled with the step's seed (when asked) and the held-out
 * parts come from the end; stratified, each class gives its own share to every part, so a rare
 * class is in validation too.
 */
export function partitionRows(table: Table, params: SplitParams, seed: number): Partitions {
  const count = table.rows;
  const validation = validationRows(count, params.validationFraction);
  const test = testRows(count, validation, params.testFraction);
  const chronological = table.ordered;
  const order = params.shuffle && !chronological ? permutation(count, seededRandom(seed)) : Int32Array.from({ length: count }, (_, i) => i);
  if (!params.stratify || chronological || !params.stratifyBy) {
    return {
      train: order.slice(0, count - validation - test),
      validation: order.slice(count - validation - test, count - test),
      test: order.slice(count - test),
    };
  }
  // Stratified: the rows of each class, in `order`, give their last shares to test and validation.
  const byClass = new Map<string, number[]>();
  const c = column(table, params.stratifyBy);
  for (const row of order) {
    const key = c.type === 'category' || c.type === 'text' ? String(c.values[row]) : c.type === 'number' ? String(c.values[row]) : '';
    byClass.set(key, [...(byClass.get(key) ?? []), row]);
  }
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const rows of byClass.values()) {
    const t = Math.round((rows.length * test) / count);
    const v = Math.min(rows.length - t, Math.round((rows.length * validation) / count));
    parts.train.push(...rows.slice(0, rows.length - v - t));
    parts.validation.push(...rows.slice(rows.length - v - t, rows.length - t));
    parts.test.push(...rows.slice(rows.length - t));
  }
  // Keep each part in the shuffled order, so batches mix the classes.
  const position = new Int32Array(count);
  order.forEach((row, i) => (position[row] = i));
  const inOrder = (rows: number[]) => Int32Array.from(rows.sort((a, b) => position[a] - position[b]));
  return { train: inOrder(parts.train), validation: inOrder(parts.validation), test: inOrder(parts.test) };
}

export const splitStep: StepFunctions<SplitParams> = {
  partition: (params, table, ctx) => partitionRows(table, params, ctx.seed),
  // After the split each part flows on as a table of its own rows (the engine takes them).
  apply: (_params, [input]) => [input],
};

