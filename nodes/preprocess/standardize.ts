import { z } from 'zod';
import { standardizeStep } from '@/lib/data/steps/standardize';
import { defineNode, ok } from '../define-node';

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
  // Scaled values are measurements, no longer ids.
  inferShape: (_p, [x]) => ok([x]),
  data: { module: 'standardize', exportName: 'standardizeStep', step: standardizeStep },
  emit: () => ({}),
  summary: () => 'mean 0, std 1',
});
