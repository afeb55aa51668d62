import { z } from 'zod';
import { targetStep } from '@/lib/data/steps/target';
import { defineNode, fail, ok, type AutoValue } from '../define-node';
import { findColumns, tableIn } from './columns';

export const target = defineNode({
  kind: 'preprocess.target',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Target column',
    description: 'The column to predict: categories make a classifier, numbers a regression.',
    whenUnused: 'nothing learns to predict it',
  },
  params: z.object({
    column: z.string().optional().meta({ auto: true }).describe("The column to predict; empty: the dataset's usual target"),
  }),
  inputs: [{ id: 'table', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'labels', type: 'labels' }],
  autoFromInputs: (_p, _shapes, info): Record<string, AutoValue> => {
    const table = tableIn(info);
    return table?.target ? { column: { value: table.target, reason: "the dataset's usual target" } } : {};
  },
  inferShape: (p, _shapes, info) => {
    const table = tableIn(info);
    if (!table) return fail('E_NO_TABLE', 'Target column reads a table.', "Connect the split's table (or a dataset's).");
    const found = findColumns(table, p.column, 'Column');
    if (!Array.isArray(found)) return found;
    if (found.length > 1) return fail('E_ONE_TARGET', 'A target is one column.', `Name one of ${found.map((c) => `"${c.name}"`).join(', ')}.`);
    const [c] = found;
    if (c.missing) {
      return fail(
        'E_MISSING_TARGET',
        `Some rows have no "${c.name}": there is nothing to learn from them.`,
        'Add a Missing values node set to "drop row" for this column before the split.',
      );
    }
    if (c.type === 'category') {
      const classNames = c.categories ?? [];
      return ok([[null, classNames.length]], [{ target: { kind: 'classes', classNames } }]);
    }
    if (c.type === 'number') return ok([[null, 1]], [{ target: { kind: 'numbers', names: [c.name] } }]);
    return fail('E_TARGET_TYPE', `"${c.name}" is a ${c.type} column: a target holds categories or numbers.`, 'Pick a category column (classification) or a number column (regression).');
  },
  data: { module: 'target', exportName: 'targetStep', step: targetStep },
  emit: () => ({}),
  summary: (p) => p.column ?? 'auto',
});
