import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { formatShape, sampleSize } from '@/lib/shape/shape';
import { ts } from '@/lib/export/code';

export const flatten = defineNode({
  kind: 'layer.flatten',
  version: 1,
  category: 'layer',
  ui: { label: 'Flatten', description: 'Unrolls an image-like tensor into one long row per sample, for Dense layers.' },
  params: z.object({}),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) =>
    x.length < 3
      ? fail('E_RANK', `Flatten needs at least [?, a, b], but its input ${formatShape(x)} is already flat.`, 'Remove this Flatten node.')
      : ok([[null, sampleSize(x)]]),
  paramCount: () => 0,
  build: (_p, { tf }) => tf.layers.flatten(),
  emit: () => ({ layer: ts`tf.layers.flatten()` }),
});
