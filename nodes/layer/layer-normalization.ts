import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { formatShape } from '@/lib/shape/shape';
import { requireFeatures } from '../shared';
import { ts } from '@/lib/export/code';

export const layerNormalization = defineNode({
  kind: 'layer.layerNormalization',
  version: 1,
  category: 'layer',
  ui: {
    label: 'LayerNormalization',
    description: "Rescales each sample's values to mean 0 and spread 1, then applies a learned scale and offset; the usual choice in RNNs and Transformers.",
  },
  params: z.object({
    epsilon: z.number().min(1e-6).max(0.1).default(0.001).describe('Small number added to the variance so it never divides by zero'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) =>
    requireFeatures('LayerNormalization', x) ??
    // Normalising one value gives 0 whatever it was: the layer would output its offset, a constant.
    (x[x.length - 1] === 1
      ? fail(
          'E_NORMALIZE_SINGLE',
          `LayerNormalization rescales the values along the last axis, but its input ${formatShape(x)} has one value there: every output would be the same number.`,
          'Move it after a layer with several outputs (Dense, Conv1D, LSTM), or use BatchNormalization, which normalises across the batch.',
        )
      : ok([x])),
  paramCount: (_p, [x]) => 2 * (x[x.length - 1] ?? 0),
  build: (p, { tf }) => tf.layers.layerNormalization({ epsilon: p.epsilon }),
  emit: (p) => ({ layer: ts`tf.layers.layerNormalization({ epsilon: ${p.epsilon} })` }),
  summary: (p) => `epsilon ${p.epsilon}`,
});
