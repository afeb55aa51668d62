import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { activation, glorotUniform } from '../shared';
import { ts } from '@/lib/export/code';
import { formatShape } from '@/lib/shape/shape';

export const dense = defineNode({
  kind: 'layer.dense',
  version: 1,
  category: 'layer',
  ui: { label: 'Dense', description: 'Fully connected layer: activation(x·W + b).' },
  params: z.object({
    units: z.number().int().min(1).max(4096).default(32).describe('Number of neurons (outputs)'),
    activation: activation.default('relu'),
    useBias: z.boolean().default(true).describe('Adds a learned offset to each output'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) =>
    x.length < 2
      ? fail('E_RANK', `Dense needs an input of rank 2 or more, but it receives ${formatShape(x)}.`, 'Connect features or another layer to it.')
      : ok([[...x.slice(0, -1), p.units]]),
  paramCount: (p, [x]) => (x[x.length - 1] ?? 0) * p.units + (p.useBias ? p.units : 0),
  build: (p, { tf, seed }) =>
    tf.layers.dense({ ...p, kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  emit: (p, ctx) => ({
    layer: ts`tf.layers.dense({ units: ${p.units}, activation: ${p.activation}, useBias: ${p.useBias}, kernelInitializer: ${glorotUniform(ctx)} })`,
  }),
  summary: (p) => `${p.units} units, ${p.activation}`,
});
