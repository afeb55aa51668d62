import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { checkPrediction } from '../shared';
import { ts } from '@/lib/export/code';

export const categoricalCrossentropy = defineNode({
  kind: 'loss.categoricalCrossentropy',
  version: 1,
  category: 'loss',
  ui: {
    label: 'Categorical cross-entropy',
    description: 'Loss for picking one class out of several: compares softmax probabilities with one-hot labels.',
  },
  params: z.object({}),
  inputs: [
    { id: 'prediction', label: 'prediction', type: 'tensor' },
    { id: 'labels', label: 'labels', type: 'labels' },
  ],
  outputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
  inferShape: (_p, [prediction, labels]) => {
    const check = checkPrediction(prediction, labels);
    return check.ok ? ok([[]]) : check;
  },
  build: () => 'categoricalCrossentropy',
  emit: () => ({ loss: ts`${'categoricalCrossentropy'}` }),
});
