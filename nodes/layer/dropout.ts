import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';

/** The helper the exported program builds dropout layers with: what build() below does, as code. */
const dropoutWithFreshMasks = ts`/**
 * A dropout layer whose seed moves on with every call. tfjs reseeds its random generator with
 * the layer's seed on every call, which would drop the same units in every batch; a seed that
 * moves on per call keeps runs repeatable and masks fresh.
 */
function dropoutWithFreshMasks(rate: number, seed: number): tf.layers.Layer {
  const layer = tf.layers.dropout({ rate, seed });
  let calls = 0;
  Object.defineProperty(layer, 'seed', { get: () => seed + calls++ });
  return layer;
}`;

export const dropout = defineNode({
  kind: 'layer.dropout',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Dropout',
    description: 'During training, randomly zeroes a share of the values so the model cannot rely on any one of them (less overfitting).',
  },
  params: z.object({
    rate: z.number().min(0).max(0.9).default(0.25).describe('Share of values dropped while training'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => ok([x]),
  paramCount: () => 0,
  build: (p, { tf, seed }) => {
    const layer = tf.layers.dropout({ rate: p.rate, seed });
    // tfjs reseeds its random generator with this same seed on every call, which would drop the
    // same units in every batch; a seed that moves on per call keeps runs repeatable and masks fresh.
    let calls = 0;
    Object.defineProperty(layer, 'seed', { get: () => seed + calls++ });
    return layer;
  },
  emit: (p, ctx) => ({ declarations: [dropoutWithFreshMasks], layer: ts`dropoutWithFreshMasks(${p.rate}, ${ctx.seed})` }),
  summary: (p) => `rate ${p.rate}`,
});
