import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingValuesStep, type MissingValuesParams } from '@/lib/data/steps/missing-values';
import { removeOutliersStep, type RemoveOutliersParams } from '@/lib/data/steps/remove-outliers';
import { tokenizeStep, type TokenizeParams } from '@/lib/data/steps/tokenize';
import { takeRows, type Column, type DataValue, type StepFunctions, type Table } from '@/lib/data/table';
import { categories, context, numbers, table, texts } from '../support/tables';

/**
 * What a step learns comes from the training rows only: whatever the validation rows hold, the
 * fitted state is the same, it is plain JSON (a saved run and the exported code read back the
 * same numbers), and a validation row's output depends on that row and the state alone.
 */

const schema = ['a', 'b', 'c'];
const vocabulary = ['free', 'Money', 'now', 'meeting', 'at', 'noon', "don't", 'café'];

const row = fc.record({
  x: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -3, max: 3 })),
  c: fc.oneof(fc.constantFrom(...schema), fc.constant(null)),
  t: fc.oneof(fc.array(fc.constantFrom(...vocabulary, ',', '!', ' '), { maxLength: 12 }).map((parts) => parts.join(' ')), fc.constant(null)),
});
type Row = { x: number; c: string | null; t: string | null };

function toTable(rows: Row[]): Table {
  return table([
    numbers('x', rows.map((r) => r.x)),
    categories('c', schema, rows.map((r) => r.c)),
    texts('t', rows.map((r) => r.t)),
  ]);
}

/** The training rows first, then the validation rows, as the split hands them out. */
const parts = fc.record({
  train: fc.array(row, { minLength: 1, maxLength: 25 }).filter((rows) => rows.some((r) => !Number.isNaN(r.x)) && rows.some((r) => r.c !== null) && rows.some((r) => r.t !== null)),
  validation: fc.array(row, { minLength: 1, maxLength: 15 }),
  otherValidation: fc.array(row, { minLength: 1, maxLength: 15 }),
});

/** A step's output as plain arrays, which toEqual compares exactly (NaN included): per table column, or the tensor's values. */
type Plain = { name: string; values: unknown[] }[];

function plain(values: DataValue[]): Plain[] {
  return values.map((v) =>
    v.kind === 'table' ? v.columns.map((c: Column) => ({ name: c.name, values: Array.from(c.values as ArrayLike<unknown>) })) : [{ name: v.kind, values: Array.from(v.values) }],
  );
}

/** Outputs of single rows put back together, output by output and column by column. */
function joinRows(rows: Plain[][]): Plain[] {
  return rows[0].map((output, o) => output.map(({ name }, c) => ({ name, values: rows.flatMap((r) => r[o][c].values) })));
}

function checkFit<P>(step: StepFunctions<P, unknown>, params: P) {
  fc.assert(
    fc.property(parts, ({ train, validation, otherValidation }) => {
      const whole = (held: Row[]) => toTable([...train, ...held]);
      const trainRows = Int32Array.from(train, (_, i) => i);
      const heldRows = (held: Row[]) => Int32Array.from(held, (_, i) => train.length + i);
      const fitted = (held: Row[]) => {
        const trainingTable = takeRows(whole(held), trainRows);
        const before = plain([trainingTable]);
        const state = step.fit!(params, [trainingTable], context('train'));
        expect(plain([trainingTable]), 'fit leaves its input as it was').toEqual(before);
        return state;
      };
      const state = fitted(validation);
      expect(fitted(otherValidation)).toEqual(state);
      const saved = JSON.parse(JSON.stringify(state));
      expect(saved).toEqual(state);
      const held = takeRows(whole(validation), heldRows(validation));
      const out = plain(step.apply(params, [held], saved, context('validation')));
      expect(out).toEqual(plain(step.apply(params, [held], state, context('validation'))));
      // Row by row gives the same rows: a validation row never affects another one's output.
      const byRow = validation.map((_, i) => plain(step.apply(params, [takeRows(held, [i])], state, context('validation'))));
      expect(plain(step.apply(params, [held], state, context('validation')))).toEqual(joinRows(byRow));
    }),
    { numRuns: 150 },
  );
}

describe('fitted preprocessing never learns from validation rows', () => {
  it.each<MissingValuesParams['strategy']>(['mean', 'median', 'mostFrequent', 'constant'])('missing values, %s', (strategy) => {
    checkFit(missingValuesStep as StepFunctions<MissingValuesParams, unknown>, { strategy, columns: strategy === 'mostFrequent' || strategy === 'constant' ? 'x, c, t' : 'x', fillValue: '0' });
  });

  it.each<RemoveOutliersParams['method']>(['zScore', 'iqr'])('remove outliers, %s', (method) => {
    checkFit(removeOutliersStep as StepFunctions<RemoveOutliersParams, unknown>, { method, threshold: 1, factor: 0.5, columns: 'x' });
  });

  it.each([true, false])('tokenize, lowercase %s', (lowercase) => {
    const params: TokenizeParams = { column: 't', lowercase, vocabularySize: 6, sequenceLength: 5, padding: 'pre', truncating: 'post' };
    checkFit(tokenizeStep as StepFunctions<TokenizeParams, unknown>, params);
  });
});
