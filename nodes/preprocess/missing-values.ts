import { z } from 'zod';
import { missingValuesStep, type MissingValueStrategy } from '@/lib/data/steps/missing-values';
import type { ColumnInfo, ColumnType } from '@/lib/data/table';
import { defineNode, fail } from '../define-node';
import { autoColumns, autoFromTable, chosenColumns, columnsSummary, isFailure, okTable, tableInput } from './table-input';

/** The column types each strategy can fill: a mean or median needs numbers. */
const fillable: Record<MissingValueStrategy, ColumnType[]> = {
  mean: ['number'],
  median: ['number'],
  mostFrequent: ['number', 'category', 'text'],
  constant: ['number', 'category', 'text'],
  dropRow: ['number', 'category', 'text'],
};

const strategyWords: Record<MissingValueStrategy, string> = {
  mean: 'Mean',
  median: 'Median',
  mostFrequent: 'Most frequent',
  constant: 'Constant',
  dropRow: 'Drop the row',
};

/** Text that reads as a finite number ("" would read as 0: it is not one). */
const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

export const missingValues = defineNode({
  kind: 'preprocess.missingValues',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Missing values',
    description: 'Fills gaps in chosen columns with the mean, median, most frequent value or a constant, or drops rows that have one.',
    whenUnused: 'the gaps in the data are not filled',
  },
  params: z.object({
    strategy: z
      .enum(['mean', 'median', 'mostFrequent', 'constant', 'dropRow'])
      .default('mean')
      .meta({ optionLabels: strategyWords })
      .describe('What replaces a gap: learnt from the training rows (mean, median, most frequent), a constant, or no row at all'),
    columns: z
      .string()
      .optional()
      .meta({ auto: true })
      .describe('Columns to repair, comma-separated; empty = every column with gaps that the strategy can fill'),
    fillValue: z.string().max(200).default('0').describe('The constant strategy\'s value: a number for number columns, any text for the others'),
  }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'table', type: 'table' }],
  autoFromInputs: autoFromTable((p, table) => {
    const types = fillable[p.strategy];
    const withGaps = table.columns.filter((c) => c.missing && types.includes(c.type));
    const left = table.columns.filter((c) => c.missing && !types.includes(c.type));
    const reason = `every ${types.length === 1 ? 'number ' : ''}column with gaps`;
    const note = left.length > 0 ? ` (${strategyWords[p.strategy].toLowerCase()} fills numbers only: add another Missing values node for ${left.map((c) => c.name).join(', ')})` : '';
    return { columns: autoColumns(withGaps, reason + note) };
  }),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.columns, ['number', 'category', 'text'], 'fill number, category and text columns');
    if (isFailure(columns)) return columns;
    const unfillable = columns.find((c) => !fillable[p.strategy].includes(c.type));
    if (unfillable) {
      return fail(
        'E_FILL_STRATEGY',
        `"${unfillable.name}" is a ${unfillable.type} column: it has no ${p.strategy}.`,
        'Use the most frequent value for it, or leave it out of the columns.',
        { fix: { label: 'Use the most frequent value', params: { strategy: 'mostFrequent' } } },
      );
    }
    if (p.strategy === 'constant' && columns.some((c) => c.type === 'number') && !isNumber(p.fillValue)) {
      return fail('E_FILL_VALUE', `The fill value "${p.fillValue}" is not a number, but number columns are filled with it.`, 'Set Fill value to a number, such as 0.', {
        fix: { label: 'Fill with 0', params: { fillValue: '0' } },
      });
    }
    const chosen = new Set(columns.map((c) => c.name));
    const repaired = (c: ColumnInfo): ColumnInfo => {
      if (!chosen.has(c.name)) return c;
      // A constant outside a category column's schema becomes one more category (the step adds it too).
      const addsCategory = p.strategy === 'constant' && c.type === 'category' && !(c.categories ?? []).includes(p.fillValue);
      return { ...c, missing: false, ...(addsCategory ? { categories: [...(c.categories ?? []), p.fillValue] } : {}) };
    };
    return okTable({ ...table, columns: table.columns.map(repaired) });
  },
  data: { module: 'missing-values', exportName: 'missingValuesStep', step: missingValuesStep },
  emit: () => ({}),
  summary: (p) => `${strategyWords[p.strategy].toLowerCase()}${p.strategy === 'constant' ? ` ${p.fillValue}` : ''} · ${columnsSummary(p.columns)}`,
});
