import { z } from 'zod';
import { defineNode } from '../define-node';
import { fastCpuKernels, inferWindowed } from '../shared';
import { ts } from '@/lib/export/code';

export const maxPool2d = defineNode({
  kind: 'layer.maxPool2d',
  version: 1,
  category: 'layer',
  ui: {
    label: 'MaxPool2D',
    description: 'Keeps the strongest value in each window: halves the image size with the default 2x2.',
  },
  params: z.object({
    poolSize: z.number().int().min(1).max(8).default(2).describe('Window size in pixels (square)'),
    strides: z.number().int().min(1).max(8).optional().describe('Step between windows; empty uses the pool size'),
    padding: z.enum(['valid', 'same']).default('valid'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) => inferWindowed('MaxPool2D', x, p.poolSize, p.strides ?? p.poolSize, p.padding, (c) => c),
  paramCount: () => 0,
  build: (p, { tf }) =>
    tf.layers.maxPooling2d({ poolSize: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding }),
  emit: (p) => ({
    imports: [fastCpuKernels],
    layer: ts`tf.layers.maxPooling2d({ poolSize: ${p.poolSize}, strides: ${p.strides ?? p.poolSize}, padding: ${p.padding} })`,
  }),
  summary: (p) => `${p.poolSize}x${p.poolSize}`,
});
