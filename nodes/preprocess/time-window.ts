import { z } from 'zod';
import { timeWindowStep } from '@/lib/data/steps/time-window';
import { defineNode, fail, ok } from '../define-node';
import { autoColumns, autoFromTable, chosenColumns, isFailure, tableInput } from './table-input';

export const timeWindow = defineNode({
  kind: 'preprocess.timeWindow',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Time windows',
    description: 'Cuts rows in time order into windows of recent steps, each labelled with the target value a few rows later.',
    whenUnused: 'no forecast is learnt from the time series',
  },
  params: z.object({
    columns: z.string().optional().meta({ auto: true }).describe('Number columns each step of a window holds, comma-separated; empty = every number column'),
    target: z.string().optional().meta({ auto: true }).describe('The number column to forecast; empty = the dataset\'s usual target'),
    steps: z.number().int().min(1).max(1_000).default(10).describe('Rows (time steps) per window'),
    horizon: z.number().int().min(1).max(1_000).default(1).describe('How many rows after the window the forecast value lies (1 = the next row)'),
  }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [
    { id: 'features', label: 'windows', type: 'tensor' },
    { id: 'labels', label: 'labels', type: 'labels' },
  ],
  autoFromInputs: autoFromTable((_p, table) => {
    const numbers = table.columns.filter((c) => c.type === 'number');
    const usual = numbers.find((c) => c.name === table.target);
    return {
      columns: autoColumns(numbers, 'every number column, the target too: its recent values are what a forecast starts from'),
      target: autoColumns((usual ? [usual] : numbers).slice(0, 1), usual ? "the dataset's usual target" : 'the first number column'),
    };
  }),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    if (!table.ordered) {
      return fail(
        'E_NOT_TIME_ORDERED',
        'Time windows need rows in time order, but the rows of this table are not.',
        'Connect a time series dataset, and remove any Shuffle node before this one.',
      );
    }
    const columns = chosenColumns(table, p.columns, ['number'], 'window number columns');
    if (isFailure(columns)) return columns;
    const target = chosenColumns(table, p.target, ['number'], 'forecast a number column');
    if (isFailure(target)) return target;
    if (columns.length === 0) return fail('E_NO_COLUMNS', 'Time windows have no column to hold.', 'Name the number columns to window, or leave the field empty for all of them.');
    if (target.length !== 1) return fail('E_WINDOW_TARGET', 'Time windows need exactly one target column to forecast.', 'Name one number column in Target.');
    const withGaps = [...columns, ...target].find((c) => c.missing);
    if (withGaps) {
      return fail('E_WINDOW_GAPS', `Column "${withGaps.name}" has gaps, and a window cannot hold a missing value.`, 'Add a Missing values node before this one.');
    }
    if (p.steps + p.horizon > table.rows) {
      // A quarter of the rows leaves room for windows in every part of the split.
      const steps = Math.min(Math.floor(table.rows / 4), table.rows - p.horizon);
      return fail(
        'E_WINDOW_TOO_LONG',
        `A window of ${p.steps} rows plus a horizon of ${p.horizon} is longer than the ${table.rows} rows of the table.`,
        steps >= 1 ? 'Use fewer steps.' : 'Use a shorter horizon, then fewer steps if needed.',
        steps >= 1 ? { fix: { label: `Use ${steps} steps`, params: { steps } } } : {},
      );
    }
    return ok(
      [
        [null, p.steps, columns.length],
        [null, 1],
      ],
      [{}, { target: { kind: 'numbers', names: [target[0].name] } }],
    );
  },
  data: { module: 'time-window', exportName: 'timeWindowStep', step: timeWindowStep },
  emit: () => ({}),
  summary: (p) => `${p.steps} steps → ${p.target || 'target'} +${p.horizon}`,
});
