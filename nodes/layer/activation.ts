import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { activationLayerChoice, leakyReluSlope } from '../shared';
import { ts } from '@/lib/export/code';

export const activation = defineNode({
  kind: 'layer.activation',
  version: 1,
  category: 'layer',
  ui: { label: 'Activation', description: 'Applies a function to every value, e.g. relu, or softmax to turn scores into probabilities.' },
  params: z.object({ activation: activationLayerChoice.default('relu') }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => ok([x]),
  paramCount: () => 0,
  // tfjs has leaky ReLU as a layer of its own, not as an activation name.
  build: (p, { tf }) =>
    p.activation === 'leakyRelu' ? tf.layers.leakyReLU({ alpha: leakyReluSlope }) : tf.layers.activation({ activation: p.activation }),
  emit: (p) => ({
    layer:
      p.activation === 'leakyRelu'
        ? ts`tf.layers.leakyReLU({ alpha: ${leakyReluSlope} })`
        : ts`tf.layers.activation({ activation: ${p.activation} })`,
  }),
  summary: (p) => p.activation,
});
