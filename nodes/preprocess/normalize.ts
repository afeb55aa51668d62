import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';

const normalizeFunction = ts`/**
 * Min-max scaling into [0, 1] with one global min and max, taken from \`fitOn\`: scaling pixels
 * must keep their relative brightness, so it is not done column by column.
 */
function normalize(x: tf.Tensor, fitOn: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const min = fitOn.min();
    const range = fitOn.max().sub(min).maximum(1e-7);
    return x.sub(min).div(range);
  });
}`;

export const normalize = defineNode({
  kind: 'preprocess.normalize',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Normalize',
    description: 'Min-max scaling of every value into [0, 1] (pixels 0-255 become 0-1).',
    whenUnused: 'the data is not normalized',
  },
  params: z.object({}),
  inputs: [{ id: 'in', label: 'features', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'features', type: 'tensor' }],
  inferShape: (_p, [x]) => ok([x]),
  // One global min and max (not per column): scaling pixels must keep their relative brightness.
  build: (_p, { tf }) => (x, fitOn) =>
    tf.tidy(() => {
      const min = fitOn.min();
      const range = fitOn.max().sub(min).maximum(1e-7);
      return x.sub(min).div(range);
    }),
  emit: () => ({ declarations: [normalizeFunction], apply: (x, fitOn) => ts`normalize(${x}, ${fitOn})` }),
  summary: () => 'to [0, 1]',
});
