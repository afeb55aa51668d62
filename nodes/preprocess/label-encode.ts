import { z } from 'zod';
import { labelEncodeStep } from '@/lib/data/steps/label-encode';
import { defineNode } from '../define-node';
import { autoCategoryColumns, categoryColumnsParam, chosenColumns, columnsSummary, isFailure, okTable, tableInput } from './table-input';

export const labelEncode = defineNode({
  kind: 'preprocess.labelEncode',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Label encode',
    description: 'Replaces a category column with a number column of codes: 0 for its first category, 1 for the next, and so on.',
    whenUnused: 'the category columns are not encoded',
  },
  params: z.object({ columns: categoryColumnsParam('Category columns to turn into codes') }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'table', type: 'table' }],
  autoFromInputs: autoCategoryColumns,
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.columns, ['category'], 'encode category columns');
    if (isFailure(columns)) return columns;
    const chosen = new Set(columns.map((c) => c.name));
    return okTable({
      ...table,
      columns: table.columns.map((c) =>
        chosen.has(c.name)
          ? { name: c.name, type: 'number', missing: c.missing, description: `codes of ${c.name}: ${(c.categories ?? []).map((category, i) => `${i} ${category}`).join(', ')}` }
          : c,
      ),
    });
  },
  data: { module: 'label-encode', exportName: 'labelEncodeStep', step: labelEncodeStep },
  emit: () => ({}),
  summary: (p) => columnsSummary(p.columns),
});
