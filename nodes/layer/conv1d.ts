import { z } from 'zod';
import { defineNode } from '../define-node';
import { convolutionParams, fastCpuKernels, glorotUniform, inferWindowed } from '../shared';
import { ts } from '@/lib/export/code';

export const conv1d = defineNode({
  kind: 'layer.conv1d',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Conv1D',
    description: 'Slides learned filters along a sequence to detect short patterns, such as a spike in a signal or a phrase in text.',
  },
  params: z.object(convolutionParams({ describe: 'Filter length in steps', max: 32 })),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) => inferWindowed('Conv1D', 1, x, { size: p.kernelSize, stride: p.strides, padding: p.padding, sizeParam: 'kernelSize' }, () => p.filters),
  paramCount: (p, [x]) => p.kernelSize * (x[2] ?? 0) * p.filters + (p.useBias ? p.filters : 0),
  build: (p, { tf, seed }) => tf.layers.conv1d({ ...p, kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  // tfjs computes Conv1D as a Conv2D of height 1, so its gradient is the kernel the app replaces on the CPU.
  emit: (p, ctx) => ({
    imports: [fastCpuKernels],
    layer: ts`tf.layers.conv1d({ filters: ${p.filters}, kernelSize: ${p.kernelSize}, strides: ${p.strides}, padding: ${p.padding}, activation: ${p.activation}, useBias: ${p.useBias}, kernelInitializer: ${glorotUniform(ctx)} })`,
  }),
  summary: (p) => `${p.filters} filters of ${p.kernelSize} steps, ${p.activation}`,
});
