import { z } from 'zod';
import { defineNode } from '../define-node';
import { convolutionParams, fastCpuKernels, glorotUniform, inferWindowed } from '../shared';
import { ts } from '@/lib/export/code';

export const conv2d = defineNode({
  kind: 'layer.conv2d',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Conv2D',
    description: 'Slides learned filters over an image to detect local patterns such as edges and strokes.',
  },
  params: z.object(convolutionParams({ describe: 'Filter size in pixels (square)', max: 11 })),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) => inferWindowed('Conv2D', 2, x, { size: p.kernelSize, stride: p.strides, padding: p.padding, sizeParam: 'kernelSize' }, () => p.filters),
  paramCount: (p, [x]) => p.kernelSize * p.kernelSize * (x[3] ?? 0) * p.filters + (p.useBias ? p.filters : 0),
  build: (p, { tf, seed }) =>
    tf.layers.conv2d({ ...p, kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  emit: (p, ctx) => ({
    imports: [fastCpuKernels],
    layer: ts`tf.layers.conv2d({ filters: ${p.filters}, kernelSize: ${p.kernelSize}, strides: ${p.strides}, padding: ${p.padding}, activation: ${p.activation}, useBias: ${p.useBias}, kernelInitializer: ${glorotUniform(ctx)} })`,
  }),
  summary: (p) => `${p.filters} filters ${p.kernelSize}x${p.kernelSize}, ${p.activation}`,
});
