import { z } from 'zod';
import { shuffleStep } from '@/lib/data/steps/shuffle';
import { defineNode } from '../define-node';
import { isFailure, okTable, tableInput } from './table-input';

export const shuffle = defineNode({
  kind: 'preprocess.shuffle',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Shuffle',
    description: 'Puts the rows in a random order that the run seed repeats.',
    whenUnused: 'the rows keep their order',
  },
  params: z.object({}),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'table', type: 'table' }],
  inferShape: (_p, _shapes, info) => {
    const table = tableInput(info);
    return isFailure(table) ? table : okTable({ ...table, ordered: false });
  },
  data: { module: 'shuffle', exportName: 'shuffleStep', step: shuffleStep },
  emit: () => ({}),
  summary: () => 'seeded',
});
