import { z } from 'zod';
import { resizeStep } from '@/lib/data/steps/resize';
import { defineNode, ok } from '../define-node';
import { imageInput, isFailure } from './table-input';

export const resize = defineNode({
  kind: 'preprocess.resize',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Resize images',
    description: 'Scales every image to a chosen height and width, blending neighbouring pixels (bilinear).',
    whenUnused: 'the images keep their size',
  },
  params: z.object({
    height: z.number().int().min(1).max(1_024).default(32).describe('Height of the resized images, in pixels'),
    width: z.number().int().min(1).max(1_024).default(32).describe('Width of the resized images, in pixels'),
  }),
  inputs: [{ id: 'in', label: 'images', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'images', type: 'tensor' }],
  inferShape: (p, [x], info) => {
    const image = imageInput('Resize images', x, info[0]);
    return isFailure(image) ? image : ok([[null, p.height, p.width, image[2]]]);
  },
  data: { module: 'resize', exportName: 'resizeStep', step: resizeStep },
  emit: () => ({}),
  summary: (p) => `${p.height} × ${p.width}`,
});
