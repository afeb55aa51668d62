import { z } from 'zod';
import { targetStep } from '@/lib/data/steps/target';
import { defineNode, fail, ok, type AutoValue } from '../define-node';
import { autoFromTable, chosenColumns, isFailure, tableInput } from './table-input';

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
  autoFromInputs: autoFromTable((_p, table): Record<string, AutoValue> =>
    table.target ? { column: { value: table.target, reason: "the dataset's usual target" } } : {},
  ),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const found = chosenColumns(table, p.column, ['category', 'number'], 'predict categories (a classifier) or numbers (a regression)');
    if (isFailure(found)) return found;
    if (found.length !== 1) {
      return fail('E_ONE_TARGET', 'A target is one column.', `Name one of: ${table.columns.filter((c) => c.type === 'category' || c.type === 'number').map((c) => c.name).join(', ')}.`);
    }
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
    return ok([[null, 1]], [{ target: { kind: 'numbers', names: [c.name] } }]);
  },
  data: { module: 'target', exportName: 'targetStep', step: targetStep },
  emit: () => ({}),
  summary: (p) => p.column ?? 'auto',
});
