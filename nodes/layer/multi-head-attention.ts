import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { ts } from '@/lib/export/code';
import { attentionLayers, selfAttentionParams } from '@/lib/layers/attention';
import { attentionModule, headParams, notASequence } from './attention-shared';

export const multiHeadAttention = defineNode({
  kind: 'layer.multiHeadAttention',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Multi-head attention',
    description: 'Lets every step of a sequence look at every other step and mix in what is relevant (self-attention).',
  },
  params: z.object(headParams),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => notASequence('Multi-head attention', x) ?? ok([x]),
  paramCount: (p, [x]) => selfAttentionParams(x[2] ?? 0, p.numHeads, p.keyDim),
  build: (p, { tf, seed }) => new (attentionLayers(tf).MultiHeadSelfAttention)({ numHeads: p.numHeads, keyDim: p.keyDim, seed }),
  emit: (p, ctx) => ({
    ...attentionModule,
    layer: ts`new attention.MultiHeadSelfAttention({ numHeads: ${p.numHeads}, keyDim: ${p.keyDim}, seed: ${ctx.seed} })`,
  }),
  summary: (p) => `${p.numHeads} heads × ${p.keyDim}`,
});
