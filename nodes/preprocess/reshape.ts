import { z } from 'zod';
import { parseShape, resolveShape, reshapeStep } from '@/lib/data/steps/reshape';
import { formatShape, sampleSize } from '@/lib/shape/shape';
import { defineNode, fail, ok } from '../define-node';

export const reshapeData = defineNode({
  kind: 'preprocess.reshape',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Reshape data',
    description: 'Gives every sample a new shape holding the same values, such as 784 pixels as a 28 × 28 × 1 image.',
    whenUnused: 'the samples keep their shape',
  },
  params: z.object({
    targetShape: z
      .string()
      .max(100)
      .default('-1')
      .describe('The new shape of one sample, comma-separated, such as 28, 28, 1; one -1 stands for whatever size fits'),
  }),
  inputs: [{ id: 'in', label: 'tensor', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'tensor', type: 'tensor' }],
  inferShape: (p, [x], info) => {
    const size = sampleSize(x);
    const shape = resolveShape(p.targetShape, size);
    if (!shape) {
      const flat = { label: `Reshape to [${size}]`, params: { targetShape: String(size) } };
      return parseShape(p.targetShape)
        ? fail(
            'E_RESHAPE_SIZE',
            `Samples shaped ${formatShape(x)} hold ${size} values, which the shape [${p.targetShape}] cannot hold exactly.`,
            `Choose sizes whose product is ${size}, or put -1 for one of them.`,
            { fix: flat },
          )
        : fail('E_RESHAPE_FORMAT', `"${p.targetShape}" is not a shape.`, 'Write whole numbers above 0, comma-separated, such as 28, 28, 1 (at most one -1).', { fix: flat });
    }
    return ok([[null, ...shape]], [info[0]?.ids === undefined ? {} : { ids: info[0].ids }]);
  },
  data: { module: 'reshape', exportName: 'reshapeStep', step: reshapeStep },
  emit: () => ({}),
  summary: (p) => `[?, ${p.targetShape}]`,
});
