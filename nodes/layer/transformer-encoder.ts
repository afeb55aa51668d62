import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';
import { attentionLayers, transformerEncoderParams } from '@/lib/layers/attention';
import { attentionModule, headParams, notASequence } from './attention-shared';

export const transformerEncoder = defineNode({
  kind: 'layer.transformerEncoder',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Transformer encoder',
    description: 'One Transformer block: self-attention, then a small feed-forward network, each added back and normalised.',
  },
  params: z.object({
    ...headParams,
    ffDim: z.number().int().min(1).max(4096).default(64).describe('Width of the feed-forward network inside the block'),
    activation: z.enum(['relu', 'gelu']).default('relu').describe('Activation of the feed-forward network'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => notASequence('Transformer encoder', x) ?? ok([x]),
  paramCount: (p, [x]) => transformerEncoderParams(x[2] ?? 0, p.numHeads, p.keyDim, p.ffDim),
  build: (p, { tf, seed }) =>
    new (attentionLayers(tf).TransformerEncoder)({ numHeads: p.numHeads, keyDim: p.keyDim, ffDim: p.ffDim, activation: p.activation, seed }),
  emit: (p, ctx) => ({
    ...attentionModule,
    layer: ts`new attention.TransformerEncoder({ numHeads: ${p.numHeads}, keyDim: ${p.keyDim}, ffDim: ${p.ffDim}, activation: ${p.activation}, seed: ${ctx.seed} })`,
  }),
  summary: (p) => `${p.numHeads} heads × ${p.keyDim}, feed-forward ${p.ffDim} ${p.activation}`,
});
