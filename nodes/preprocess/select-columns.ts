import { z } from 'zod';
import { selectColumnsStep } from '@/lib/data/steps/select-columns';
import type { ColumnInfo, TableInfo } from '@/lib/data/table';
import { defineNode, fail, ok, type AutoValue } from '../define-node';
import { autoFromTable, chosenColumns, columnsSummary, isFailure, tableInput } from './table-input';

/** The columns a model usually reads: the one image or series column, else every number column; never the target. */
function defaultColumns(table: TableInfo): { names: string[]; reason: string } {
  const candidates = table.columns.filter((c) => c.name !== table.target);
  const whole = candidates.find((c) => c.type === 'image' || c.type === 'series');
  if (whole) return { names: [whole.name], reason: `the ${whole.type} column` };
  const numbers = candidates.filter((c) => c.type === 'number');
  return { names: numbers.map((c) => c.name), reason: `every number column${table.target ? ` but the target, ${table.target}` : ''}` };
}

export const selectColumns = defineNode({
  kind: 'preprocess.selectColumns',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Select columns',
    description: 'Turns chosen columns of the table into the tensor a model reads.',
    whenUnused: 'these columns reach no model',
  },
  params: z.object({
    columns: z
      .string()
      .optional()
      .meta({ auto: true })
      .describe('Column names, separated by commas; empty: the image column, or every number column but the target'),
  }),
  inputs: [{ id: 'table', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'features', type: 'tensor' }],
  autoFromInputs: autoFromTable((_p, table): Record<string, AutoValue> => {
    const { names, reason } = defaultColumns(table);
    return names.length > 0 ? { columns: { value: names.join(', '), reason } } : {};
  }),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.columns, ['number', 'category', 'image', 'series', 'text'], 'turn columns into a tensor');
    if (isFailure(columns)) return columns;
    if (columns.length === 0) return fail('E_NO_COLUMNS', 'No column is chosen.', `Name one or more of: ${table.columns.map((c) => c.name).join(', ')}.`);
    return selectedShape(columns);
  },
  data: { module: 'select-columns', exportName: 'selectColumnsStep', step: selectColumnsStep },
  emit: () => ({}),
  summary: (p) => columnsSummary(p.columns),
});

/** What the chosen columns make: float measurements, integer category codes, or one image/series column. */
function selectedShape(columns: ColumnInfo[]) {
  const text = columns.find((c) => c.type === 'text');
  if (text) {
    return fail('E_TEXT_COLUMN', `"${text.name}" holds text, which a model cannot read as it is.`, 'Turn it into token ids with a Tokenize node instead.');
  }
  const whole = columns.find((c) => c.type === 'image' || c.type === 'series');
  if (whole) {
    if (columns.length > 1) {
      return fail('E_MIXED_COLUMNS', `The ${whole.type} column "${whole.name}" cannot share a tensor with other columns.`, `Select "${whole.name}" alone.`);
    }
    return ok([[null, ...(whole.shape ?? [])]]);
  }
  const missing = columns.filter((c) => c.missing);
  if (missing.length > 0) {
    return fail(
      'E_MISSING_VALUES',
      `${missing.map((c) => `"${c.name}"`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} missing values, which a model cannot read.`,
      'Add a Missing values node (fill or drop rows) before this one.',
    );
  }
  const categories = columns.filter((c) => c.type === 'category');
  if (categories.length > 0 && categories.length < columns.length) {
    return fail(
      'E_MIXED_COLUMNS',
      `${categories.map((c) => `"${c.name}"`).join(', ')} ${categories.length === 1 ? 'is a category' : 'are categories'}, the others numbers: one tensor holds one kind.`,
      'One-hot encode the categories first (One-hot node), or select them in a Select columns of their own for an Embedding.',
    );
  }
  if (categories.length > 0) {
    // Category codes are ids an Embedding looks up: their range is the largest category list.
    return ok([[null, columns.length]], [{ ids: Math.max(...categories.map((c) => c.categories?.length ?? 0)) }]);
  }
  return ok([[null, columns.length]]);
}
