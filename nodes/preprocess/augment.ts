import { z } from 'zod';
import { augmentStep } from '@/lib/data/steps/augment';
import { defineNode, ok } from '../define-node';
import { imageInput, isFailure } from './table-input';

export const augment = defineNode({
  kind: 'preprocess.augment',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Augment images',
    description: 'Randomly flips, turns, zooms and shifts the training images, afresh every epoch; validation images stay as they are.',
    whenUnused: 'the model trains on the images as they are',
  },
  params: z.object({
    horizontalFlip: z.boolean().default(false).describe('Mirror half of the images left to right (not for digits or text, which read one way)'),
    rotation: z.number().min(0).max(180).default(10).describe('Largest turn either way, in degrees'),
    zoom: z.number().min(0).max(0.9).default(0.1).describe('Largest zoom in or out, as a fraction of the size (0.1 = 90% to 110%)'),
    translation: z.number().min(0).max(0.5).default(0.1).describe('Largest shift either way, as a fraction of the width and height'),
    fillMode: z
      .enum(['nearest', 'constant'])
      .default('nearest')
      .meta({ optionLabels: { nearest: 'Repeat the edge', constant: 'Zeros' } })
      .describe('What fills the corners a turn or shift uncovers'),
  }),
  inputs: [{ id: 'in', label: 'images', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'images', type: 'tensor' }],
  inferShape: (_p, [x], info) => {
    const image = imageInput('Augment images', x, info[0]);
    return isFailure(image) ? image : ok([x]);
  },
  trainingOnly: {
    severity: 'error',
    code: 'E_AUGMENT_BEFORE_SPLIT',
    message: 'Augment images is wired before the split, so it would alter the validation images too: validation must judge the model on real ones.',
    hint: 'Feed it from a Select columns node that reads the table output of the split: Dataset → split → Select columns → Augment images.',
  },
  data: { module: 'augment', exportName: 'augmentStep', step: augmentStep },
  emit: () => ({}),
  summary: (p) =>
    [p.horizontalFlip && 'flip', p.rotation > 0 && `±${p.rotation}°`, p.zoom > 0 && `zoom ±${Math.round(p.zoom * 100)}%`, p.translation > 0 && `shift ±${Math.round(p.translation * 100)}%`]
      .filter(Boolean)
      .join(' · ') || 'no change',
});
