import { z } from 'zod';
import { normalizeStep } from '@/lib/data/steps/normalize';
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
  // Scaled values are measurements, no longer ids.
  inferShape: (_p, [x]) => ok([x]),
  data: { module: 'normalize', exportName: 'normalizeStep', step: normalizeStep },
  emit: () => ({}),
  summary: () => 'to [0, 1]',
});
