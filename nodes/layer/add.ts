import { z } from 'zod';
import { defineNode } from '../define-node';
import { ts } from '@/lib/export/code';
import { elementwise, mergeInputs } from './merge-shapes';

export const add = defineNode({
  kind: 'layer.add',
  version: 1,
  category: 'layer',
  ui: { label: 'Add', description: 'Adds two tensors of the same shape value by value, e.g. a skip connection around some layers.' },
  params: z.object({}),
  inputs: mergeInputs,
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [a, b]) => elementwise('Add', a, b),
  paramCount: () => 0,
  build: (_p, { tf }) => tf.layers.add(),
  emit: () => ({ layer: ts`tf.layers.add()` }),
  summary: () => 'a + b',
});
