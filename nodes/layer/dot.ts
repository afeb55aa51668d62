import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { ts } from '@/lib/export/code';
import { formatShape } from '@/lib/shape/shape';
import { bothShapes, lastAxisMismatch, mergeInputs } from './merge-shapes';

export const dot = defineNode({
  kind: 'layer.dot',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Dot',
    description: 'Dot product of two tensors along an axis, e.g. how well a user vector matches an item vector.',
  },
  params: z.object({
    axes: z.number().int().min(-1).max(2).default(-1).describe('Axis multiplied and summed, in both inputs: -1 is the last, 1 the first after the batch'),
    normalize: z.boolean().default(false).describe('Scale both to length 1 first, so the result is their cosine similarity'),
  }),
  inputs: mergeInputs,
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [a, b]) => {
    if (a.length > 3 || b.length > 3 || a.length !== b.length) {
      return fail(
        'E_RANK',
        `Dot multiplies two inputs of the same rank, [?, n] or [?, steps, n], but ${bothShapes(a, b)}.`,
        'Add a Flatten node before the input with more axes (or before both).',
      );
    }
    if (p.axes === 0) {
      return fail('E_AXIS', 'Axis 0 of every tensor is the batch: Dot cannot sum over samples.', 'Set axes to -1 (the last axis).', {
        fix: { label: 'Use the last axis', params: { axes: -1 } },
      });
    }
    const axis = p.axes < 0 ? a.length + p.axes : p.axes;
    if (axis >= a.length) {
      const axesAfterBatch = a.length === 2 ? 'its only axis after the batch is 1' : `its axes after the batch are 1 to ${a.length - 1}`;
      return fail('E_AXIS', `Axis ${p.axes} does not exist in ${formatShape(a)}: ${axesAfterBatch}.`, 'Set axes to -1 (the last axis).', {
        fix: { label: 'Use the last axis', params: { axes: -1 } },
      });
    }
    if (a[axis] !== b[axis]) {
      const message = `Dot multiplies axis ${axis} of both inputs value by value, so its sizes must agree, but ${bothShapes(a, b)} (${a[axis]} and ${b[axis]}).`;
      if (axis === a.length - 1) return lastAxisMismatch('E_SHAPE_MISMATCH', message, a, b);
      return fail('E_SHAPE_MISMATCH', message, 'Choose the axis both inputs share (axes), or make that axis the same size on both branches.');
    }
    const rest = [...a.slice(0, axis), ...a.slice(axis + 1), ...b.slice(1, axis), ...b.slice(axis + 1)];
    // A dot product of two rows is one number per sample, kept as a column.
    return ok([rest.length === 1 ? [null, 1] : rest]);
  },
  paramCount: () => 0,
  build: (p, { tf }) => tf.layers.dot({ axes: p.axes, normalize: p.normalize }),
  emit: (p) => ({ layer: ts`tf.layers.dot({ axes: ${p.axes}, normalize: ${p.normalize} })` }),
  summary: (p) => `${p.normalize ? 'cosine, ' : ''}axis ${p.axes}`,
});
