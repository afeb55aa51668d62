import { z } from 'zod';
import { defineNode, ok } from '../define-node';

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
  summary: () => 'to [0, 1]',
});
