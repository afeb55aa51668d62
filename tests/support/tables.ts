import type { Column, DataContext, DataValue, PartitionName, StepFunctions, Table } from '@/lib/data/table';

/** Small hand-written tables for the data steps' tests. */

export const numbers = (name: string, values: number[]): Column => ({ name, type: 'number', values: Float64Array.from(values) });
export const categories = (name: string, schema: string[], values: (string | null)[]): Column => ({ name, type: 'category', categories: schema, values });
export const texts = (name: string, values: (string | null)[]): Column => ({ name, type: 'text', values });

export function table(columns: Column[], ordered = false): Table {
  return { kind: 'table', rows: columns[0]?.values.length ?? 0, columns, ordered };
}

export const context = (partition: PartitionName | 'all' = 'train', seed = 7, epoch = 0): DataContext => ({ seed, partition, epoch });

/** Fits a step on the training inputs, as the engine does after the split, and applies it to `part` (default: the training inputs). */
export function fitApply<P, S>(
  step: StepFunctions<P, S>,
  params: P,
  train: DataValue[],
  part: { inputs: DataValue[]; partition: PartitionName } = { inputs: train, partition: 'train' },
): DataValue[] {
  // Steps without a fit learn nothing: their apply ignores the state.
  const state = step.fit?.(params, train, context('train')) as S;
  return step.apply(params, part.inputs, state, context(part.partition));
}

/** The values of a column of a table, as a plain array. */
export function valuesOf(value: DataValue, name: string): unknown[] {
  if (value.kind !== 'table') throw new Error(`Expected a table, got a ${value.kind}.`);
  const c = value.columns.find((col) => col.name === name);
  if (!c) throw new Error(`No column ${name}: ${value.columns.map((col) => col.name).join(', ')}`);
  return Array.from(c.values as ArrayLike<unknown>);
}
