import { z } from 'zod';
import { splitStep } from '@/lib/data/steps/split';
import { defineNode, fail, type AutoValue } from '../define-node';
import { autoFromTable, chosenColumns, isFailure, okTable, tableInput } from './table-input';

export const split = defineNode({
  kind: 'preprocess.split',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Train/validation split',
    description: 'Holds out rows the model never trains on, to measure how it does on new data.',
    whenUnused: 'no rows are held out to measure the model on',
  },
  params: z.object({
    validationFraction: z.number().min(0.05).max(0.5).default(0.2).describe('Share of rows held out for validation'),
    testFraction: z.number().min(0).max(0.4).default(0).describe('Share of rows held out for a final test, after training; 0: none'),
    shuffle: z.boolean().default(true).describe('Shuffle rows (with the run seed) before splitting; rows in time order are never shuffled'),
    stratify: z.boolean().default(false).describe('Keep the share of each class the same in every part'),
    stratifyBy: z.string().optional().meta({ auto: true }).describe('The class column stratify keeps in proportion; empty: the target'),
  }),
  inputs: [{ id: 'table', label: 'table', type: 'table' }],
  outputs: [{ id: 'table', label: 'table', type: 'table' }],
  autoFromInputs: autoFromTable((p: { stratify: boolean }, table): Record<string, AutoValue> =>
    p.stratify && table.target ? { stratifyBy: { value: table.target, reason: "the dataset's target" } } : {},
  ),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    if (p.validationFraction + p.testFraction > 0.8) {
      return fail(
        'E_SPLIT_SHARES',
        `Validation and test together hold out ${Math.round((p.validationFraction + p.testFraction) * 100)}% of the rows, leaving too few to train on.`,
        'Keep validation and test at 80% or less together.',
        { fix: { label: 'Hold out 20% + 0%', params: { validationFraction: 0.2, testFraction: 0 } } },
      );
    }
    if (p.stratify && !table.ordered) {
      const found = chosenColumns(table, p.stratifyBy, ['category'], 'keep the shares of the classes of a category column');
      if (isFailure(found)) return found;
      if (found.length !== 1) {
        return fail('E_STRATIFY_COLUMN', 'Stratify keeps the shares of the classes of one category column.', 'Name one category column, or turn stratify off.');
      }
    }
    return okTable(table);
  },
  data: { module: 'split', exportName: 'splitStep', step: splitStep },
  emit: () => ({}),
  summary: (p) => {
    const test = Math.round(p.testFraction * 100);
    const validation = Math.round(p.validationFraction * 100);
    return `${100 - validation - test}% train / ${validation}% validation${test > 0 ? ` / ${test}% test` : ''}`;
  },
});
