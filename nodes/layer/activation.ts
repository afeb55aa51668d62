import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { activation as activationName } from '../shared';
import { ts } from '@/lib/export/code';

export const activation = defineNode({
  kind: 'layer.activation',
  version: 1,
  category: 'layer',
  ui: { label: 'Activation', description: 'Applies a function to every value, e.g. relu, or softmax to turn scores into probabilities.' },
  params: z.object({ activation: activationName.default('relu') }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => ok([x]),
  paramCount: () => 0,
  build: (p, { tf }) => tf.layers.activation({ activation: p.activation }),
  emit: (p) => ({ layer: ts`tf.layers.activation({ activation: ${p.activation} })` }),
  summary: (p) => p.activation,
});
