import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';

const standardizeFunction = ts`/** Scales each column of \`x\` to mean 0 and standard deviation 1, with the statistics of \`fitOn\`. */
function standardize(x: tf.Tensor, fitOn: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(fitOn, 0);
    // A constant column has no spread: leave it centred instead of dividing by zero.
    return x.sub(mean).div(variance.sqrt().maximum(1e-7));
  });
}`;

export const standardize = defineNode({
  kind: 'preprocess.standardize',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Standardize',
    description: 'Scale each feature to mean 0 and standard deviation 1 (z-score), column by column.',
    whenUnused: 'the data is not standardized',
  },
  params: z.object({}),
  inputs: [{ id: 'in', label: 'features', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'features', type: 'tensor' }],
  inferShape: (_p, [x]) => ok([x]),
  build: (_p, { tf }) => (x, fitOn) =>
    tf.tidy(() => {
      const { mean, variance } = tf.moments(fitOn, 0);
      // A constant column has no spread: leave it centred instead of dividing by zero.
      return x.sub(mean).div(variance.sqrt().maximum(1e-7));
    }),
  emit: () => ({ declarations: [standardizeFunction], apply: (x, fitOn) => ts`standardize(${x}, ${fitOn})` }),
  summary: () => 'mean 0, std 1',
});
