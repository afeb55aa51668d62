import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { ts } from '@/lib/export/code';
import { formatShape } from '@/lib/shape/shape';
import { bothShapes, mergeInputs } from './merge-shapes';

export const concatenate = defineNode({
  kind: 'layer.concatenate',
  version: 1,
  category: 'layer',
  ui: { label: 'Concatenate', description: 'Joins two tensors side by side along their last axis, e.g. to combine two branches of features.' },
  params: z.object({}),
  inputs: mergeInputs,
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [a, b]) => {
    if (a.length === b.length && formatShape(a.slice(0, -1)) === formatShape(b.slice(0, -1))) {
      return ok([[...a.slice(0, -1), (a[a.length - 1] ?? 0) + (b[b.length - 1] ?? 0)]]);
    }
    return fail(
      'E_SHAPE_MISMATCH',
      `Concatenate joins its inputs along the last axis, so every other axis must agree, but ${bothShapes(a, b)}.`,
      a.length !== b.length
        ? 'Add a Flatten node on the branch with more axes (or on both), so both are [?, values].'
        : 'Make the axes before the last one agree (the same steps or image size on both branches), or Flatten both branches first.',
    );
  },
  paramCount: () => 0,
  // Axis -1: the only axis two branches of different widths can be joined along.
  build: (_p, { tf }) => tf.layers.concatenate({ axis: -1 }),
  emit: () => ({ layer: ts`tf.layers.concatenate({ axis: -1 })` }),
  summary: () => 'along the last axis',
});
