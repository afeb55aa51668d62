import { z } from 'zod';
import { defineNode } from '../define-node';
import { convolutionParams, fastCpuKernels, glorotUniform, inferWindowed } from '../shared';
import { ts } from '@/lib/export/code';

export const separableConv2d = defineNode({
  kind: 'layer.separableConv2d',
  version: 1,
  category: 'layer',
  ui: {
    label: 'SeparableConv2D',
    description: 'A lighter Conv2D: filters each channel on its own, then mixes channels pixel by pixel, with far fewer weights.',
  },
  params: z.object({
    ...convolutionParams({ describe: 'Filter size in pixels (square)', max: 11 }),
    depthMultiplier: z.number().int().min(1).max(8).default(1).describe('Filters per input channel in the first, per-channel step'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) =>
    inferWindowed('SeparableConv2D', 2, x, { size: p.kernelSize, stride: p.strides, padding: p.padding, sizeParam: 'kernelSize' }, () => p.filters),
  paramCount: (p, [x]) => {
    const spread = (x[3] ?? 0) * p.depthMultiplier;
    return p.kernelSize * p.kernelSize * spread + spread * p.filters + (p.useBias ? p.filters : 0);
  },
  build: (p, { tf, seed }) =>
    tf.layers.separableConv2d({
      ...p,
      depthwiseInitializer: tf.initializers.glorotUniform({ seed }),
      // Its own seed, so the two kernels do not start from the same random draws.
      pointwiseInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  // The per-pixel mixing step is a 1x1 Conv2D, whose gradient is the kernel the app replaces on the CPU.
  emit: (p, ctx) => ({
    imports: [fastCpuKernels],
    layer: ts`tf.layers.separableConv2d({ filters: ${p.filters}, kernelSize: ${p.kernelSize}, strides: ${p.strides}, padding: ${p.padding}, depthMultiplier: ${p.depthMultiplier}, activation: ${p.activation}, useBias: ${p.useBias}, depthwiseInitializer: ${glorotUniform(ctx)}, pointwiseInitializer: ${glorotUniform({ seed: ts`${ctx.seed} + 1` })} })`,
  }),
  summary: (p) => `${p.filters} filters ${p.kernelSize}x${p.kernelSize}, ${p.activation}`,
});
