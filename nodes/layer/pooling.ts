import { z } from 'zod';
import { defineNode } from '../define-node';
import { fastCpuKernels, inferGlobalPool, inferWindowed, padding, type WindowDims } from '../shared';
import { raw, ts } from '@/lib/export/code';

/**
 * The pooling kinds differ only in what they keep of a window (the largest value or the mean) and
 * how many axes it slides along, so each kind's file is one call to these factories.
 */
type Reduce = 'max' | 'average';

const axesWords: Record<WindowDims, { window: string; unit: string; layerSuffix: '1d' | '2d' }> = {
  1: { window: 'Window length in steps', unit: 'steps', layerSuffix: '1d' },
  2: { window: 'Window size in pixels (square)', unit: 'pixels', layerSuffix: '2d' },
};

/** tfjs's factory names: tf.layers.maxPooling1d, averagePooling2d, globalMaxPooling1d, ... */
const poolingFactory = (reduce: Reduce, dims: WindowDims) => `${reduce}Pooling${axesWords[dims].layerSuffix}` as const;
const globalPoolingFactory = (reduce: Reduce, dims: WindowDims) =>
  `global${reduce === 'max' ? 'Max' : 'Average'}Pooling${axesWords[dims].layerSuffix}` as const;

export function poolingNode<K extends string>(kind: K, label: string, description: string, reduce: Reduce, dims: WindowDims) {
  const factory = poolingFactory(reduce, dims);
  return defineNode({
    kind,
    version: 1,
    category: 'layer',
    ui: { label, description },
    params: z.object({
      poolSize: z.number().int().min(1).max(8).default(2).describe(axesWords[dims].window),
      strides: z.number().int().min(1).max(8).optional().describe('Step between windows; empty uses the pool size'),
      padding: padding.default('valid'),
    }),
    inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
    outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
    inferShape: (p, [x]) =>
      inferWindowed(label, dims, x, { size: p.poolSize, stride: p.strides ?? p.poolSize, padding: p.padding, sizeParam: 'poolSize' }, (c) => c),
    paramCount: () => 0,
    build: (p, { tf }) => tf.layers[factory]({ poolSize: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding }),
    // Max pooling's gradient runs through MaxPoolGrad, which the app replaces on the CPU backend.
    emit: (p) => ({
      ...(reduce === 'max' ? { imports: [fastCpuKernels] } : {}),
      layer: ts`tf.layers.${raw(factory)}({ poolSize: ${p.poolSize}, strides: ${p.strides ?? p.poolSize}, padding: ${p.padding} })`,
    }),
    summary: (p) => (dims === 1 ? `${p.poolSize} ${axesWords[dims].unit}` : `${p.poolSize}x${p.poolSize}`),
  });
}

export function globalPoolingNode<K extends string>(kind: K, label: string, description: string, reduce: Reduce, dims: WindowDims) {
  const factory = globalPoolingFactory(reduce, dims);
  return defineNode({
    kind,
    version: 1,
    category: 'layer',
    ui: { label, description },
    params: z.object({}),
    inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
    outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
    inferShape: (_p, [x]) => inferGlobalPool(label, dims, x),
    paramCount: () => 0,
    build: (_p, { tf }) => tf.layers[factory]({}),
    emit: () => ({ layer: ts`tf.layers.${raw(factory)}({})` }),
  });
}
