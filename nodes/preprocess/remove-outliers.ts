import { z } from 'zod';
import { removeOutliersStep } from '@/lib/data/steps/remove-outliers';
import { defineNode } from '../define-node';
import { autoColumns, autoFromTable, chosenColumns, columnsSummary, isFailure, okTable, tableInput } from './table-input';

export const removeOutliers = defineNode({
  kind: 'preprocess.removeOutliers',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Remove outliers',
    description: 'Drops training rows with a value far outside its column\'s usual range; validation and test rows all stay, as real data would come.',
    whenUnused: 'outliers stay in the training rows',
  },
  params: z.object({
    method: z
      .enum(['zScore', 'iqr'])
      .default('zScore')
      .meta({ optionLabels: { zScore: 'Z-score', iqr: 'Interquartile range (IQR)' } })
      .describe('How the usual range is measured: standard deviations from the mean, or interquartile ranges beyond the quartiles'),
    threshold: z.number().positive().max(10).default(3).describe('Z-score: standard deviations from the mean beyond which a value is an outlier'),
    factor: z.number().positive().max(10).default(1.5).describe('IQR: interquartile ranges below the first or above the third quartile beyond which a value is an outlier'),
    columns: z.string().optional().meta({ auto: true }).describe('Number columns to check, comma-separated; empty = every number column'),
  }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'table', type: 'table' }],
  autoFromInputs: autoFromTable((_p, table) => ({ columns: autoColumns(table.columns.filter((c) => c.type === 'number'), 'every number column') })),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.columns, ['number'], 'check number columns for outliers');
    return isFailure(columns) ? columns : okTable(table);
  },
  trainingOnly: {
    severity: 'warning',
    code: 'W_OUTLIERS_BEFORE_SPLIT',
    message: 'Remove outliers is wired before the split, so it also drops rows that will validate: validation no longer sees data as it comes.',
    hint: 'Move it after the split: Dataset → split → Remove outliers → Select columns.',
  },
  data: { module: 'remove-outliers', exportName: 'removeOutliersStep', step: removeOutliersStep },
  emit: () => ({}),
  summary: (p) => `${p.method === 'zScore' ? `|z| > ${p.threshold}` : `${p.factor} × IQR`} · ${columnsSummary(p.columns)}`,
});
