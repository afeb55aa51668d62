import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';

/**
 * How many of `count` samples the split holds out: the fraction, rounded, but at least one sample
 * on each side so tiny datasets still train and validate. compile() sizes auto training values
 * with it and the engine splits with it, so both count the same rows.
 */
export function validationRows(count: number, validationFraction: number): number {
  return Math.min(count - 1, Math.max(1, Math.round(count * validationFraction)));
}

export const split = defineNode({
  kind: 'preprocess.split',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Train/validation split',
    description:
      'Holds out a share of the samples for validation: the model never trains on them, so validation accuracy shows how it does on new data.',
  },
  params: z.object({
    validationFraction: z
      .number()
      .min(0.05)
      .max(0.5)
      .default(0.2)
      .describe('Share of samples held out for validation'),
    shuffle: z.boolean().default(true).describe('Shuffle samples (with the run seed) before splitting'),
  }),
  inputs: [
    { id: 'features', label: 'features', type: 'tensor' },
    { id: 'labels', label: 'labels', type: 'labels' },
  ],
  outputs: [
    { id: 'features', label: 'train features', type: 'tensor' },
    { id: 'labels', label: 'train labels', type: 'labels' },
  ],
  inferShape: (_p, [features, labels]) => ok([features, labels]),
  emit: (p, ctx) => ({
    imports: p.shuffle ? [{ module: './random', named: ['permutation', 'seededRandom'] }] : [],
    constants: [{ name: 'VALIDATION_FRACTION', value: p.validationFraction, comment: 'Share of the samples held out for validation.' }],
    declarations: [
      ts`/**
 * Which rows train and which validate: VALIDATION_FRACTION of them (rounded, but at least one on
 * each side) are held out from the end of ${p.shuffle ? ts`a seeded shuffle` : ts`the rows in order`}.
 */
function splitRows(count: number): { train: Int32Array; validation: Int32Array } {
  const order = ${p.shuffle ? ts`permutation(count, seededRandom(${ctx.seed}))` : ts`Int32Array.from({ length: count }, (_, i) => i)`};
  const validation = Math.min(count - 1, Math.max(1, Math.round(count * VALIDATION_FRACTION)));
  return { train: order.slice(0, count - validation), validation: order.slice(count - validation) };
}`,
    ],
    splitRows: (count) => ts`splitRows(${count})`,
  }),
  summary: (p) => `${Math.round((1 - p.validationFraction) * 100)}% train / ${Math.round(p.validationFraction * 100)}% validation`,
});
