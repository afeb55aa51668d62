import { z } from 'zod';
import { defineNode } from '../define-node';
import { ts } from '@/lib/export/code';
import { elementwise, mergeInputs } from './merge-shapes';

export const multiply = defineNode({
  kind: 'layer.multiply',
  version: 1,
  category: 'layer',
  ui: { label: 'Multiply', description: 'Multiplies two tensors of the same shape value by value, e.g. to gate one branch with another.' },
  params: z.object({}),
  inputs: mergeInputs,
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [a, b]) => elementwise('Multiply', a, b),
  paramCount: () => 0,
  build: (_p, { tf }) => tf.layers.multiply(),
  emit: () => ({ layer: ts`tf.layers.multiply()` }),
  summary: () => 'a × b',
});
