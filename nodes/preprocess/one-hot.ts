import { z } from 'zod';
import { oneHotName, oneHotStep } from '@/lib/data/steps/one-hot';
import type { ColumnInfo } from '@/lib/data/table';
import { defineNode, fail } from '../define-node';
import { autoCategoryColumns, categoryColumnsParam, chosenColumns, columnsSummary, isFailure, okTable, tableInput } from './table-input';

export const oneHot = defineNode({
  kind: 'preprocess.oneHot',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'One-hot encode',
    description: 'Replaces a category column with one 0/1 number column per category, such as island=Biscoe.',
    whenUnused: 'the category columns are not encoded',
  },
  params: z.object({ columns: categoryColumnsParam('Category columns to encode') }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'table', type: 'table' }],
  autoFromInputs: autoCategoryColumns,
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.columns, ['category'], 'encode category columns');
    if (isFailure(columns)) return columns;
    const chosen = new Set(columns.map((c) => c.name));
    const encoded = table.columns.flatMap((c): ColumnInfo[] =>
      chosen.has(c.name) ? (c.categories ?? []).map((category) => ({ name: oneHotName(c.name, category), type: 'number', description: `1 where ${c.name} is ${category}, else 0` })) : [c],
    );
    const names = new Set<string>();
    for (const c of encoded) {
      if (names.has(c.name)) {
        return fail('E_COLUMN_NAME_TAKEN', `Encoding makes a column "${c.name}", but the table already has a column of that name.`, 'Leave one of the two out, or encode it with Label encode instead.');
      }
      names.add(c.name);
    }
    return okTable({ ...table, columns: encoded, target: table.target && chosen.has(table.target) ? undefined : table.target });
  },
  data: { module: 'one-hot', exportName: 'oneHotStep', step: oneHotStep },
  emit: () => ({}),
  summary: (p) => columnsSummary(p.columns),
});

