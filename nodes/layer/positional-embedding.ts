import { z } from 'zod';
import { defineNode, fail, ok, type AutoValue } from '../define-node';
import { fastCpuKernels } from '../shared';
import { ts } from '@/lib/export/code';
import { attentionLayers, positionalEmbeddingParams } from '@/lib/layers/attention';
import { formatShape } from '@/lib/shape/shape';
import { attentionModule } from './attention-shared';

/** A field compile fills in from the input (autoFromInputs) before build() runs. */
function filledIn(value: number | undefined, field: string): number {
  if (value === undefined) throw new Error(`${field} left empty is picked by compile() from the input: these params were not compiled.`);
  return value;
}

export const positionalEmbedding = defineNode({
  kind: 'layer.positionalEmbedding',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Positional embedding',
    description: 'Turns token ids into learned vectors that also encode the position of each token, the input of a Transformer.',
  },
  params: z.object({
    vocabularySize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .meta({ auto: true })
      .describe('Distinct token ids it can look up; empty: as many as its input holds'),
    sequenceLength: z
      .number()
      .int()
      .min(1)
      .max(4096)
      .optional()
      .meta({ auto: true })
      .describe('Positions it learns a vector for; empty: the steps of its input'),
    embedDim: z.number().int().min(1).max(1024).default(32).describe('Size of the vector of each token'),
  }),
  inputs: [{ id: 'in', label: 'ids', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  autoFromInputs: (_p, [x], [info]) => {
    const picked: Record<string, AutoValue> = {};
    if (info?.ids !== undefined) picked.vocabularySize = { value: info.ids, reason: `its input holds ids from 0 to ${info.ids - 1}` };
    if (x?.length === 2 && typeof x[1] === 'number') picked.sequenceLength = { value: x[1], reason: `its input has ${x[1]} steps per sample` };
    return picked;
  },
  inferShape: (p, [x], [info]) => {
    if (x.length !== 2) {
      return fail(
        'E_RANK',
        `Positional embedding reads token ids shaped [?, steps], but it receives ${formatShape(x)}.`,
        x.length > 2
          ? 'Its input is already vectors: connect a Transformer encoder or Multi-head attention to it directly, or feed this node token ids.'
          : 'Feed it sequences of token ids, e.g. from a Tokenize node.',
      );
    }
    const ids = info?.ids;
    if (ids === undefined) {
      return fail(
        'E_EMBEDDING_FLOAT',
        `Positional embedding looks up whole-number token ids, but ${formatShape(x)} holds measurements (decimal numbers).`,
        'Feed it token ids from a Tokenize node (text) or a category column encoded as ids; for measurements use Time windowing and a Transformer encoder instead.',
      );
    }
    const steps = x[1] as number;
    const vocabularySize = p.vocabularySize ?? ids;
    if (vocabularySize < ids) {
      return fail(
        'E_VOCABULARY_SIZE',
        `Its input holds ids up to ${ids - 1}, but the vocabulary size is ${vocabularySize}: larger ids have no vector.`,
        `Set vocabulary size to ${ids}, or clear it to follow the input.`,
        { fix: { label: `Set vocabulary size to ${ids}`, params: { vocabularySize: ids } } },
      );
    }
    const sequenceLength = p.sequenceLength ?? steps;
    if (sequenceLength < steps) {
      return fail(
        'E_SEQUENCE_LENGTH',
        `Its input has ${steps} steps, but it learns positions for ${sequenceLength} only.`,
        `Set sequence length to ${steps}, or clear it to follow the input.`,
        { fix: { label: `Set sequence length to ${steps}`, params: { sequenceLength: steps } } },
      );
    }
    return ok([[null, steps, p.embedDim]]);
  },
  paramCount: (p, [x]) => positionalEmbeddingParams(p.vocabularySize ?? 0, p.sequenceLength ?? (x[1] ?? 0), p.embedDim),
  build: (p, { tf, seed }) =>
    new (attentionLayers(tf).PositionalEmbedding)({
      vocabularySize: filledIn(p.vocabularySize, 'Vocabulary size'),
      sequenceLength: filledIn(p.sequenceLength, 'Sequence length'),
      embedDim: p.embedDim,
      seed,
    }),
  emit: (p, ctx) => ({
    ...attentionModule,
    imports: [...(attentionModule.imports ?? []), fastCpuKernels],
    layer: ts`new attention.PositionalEmbedding({ vocabularySize: ${filledIn(p.vocabularySize, 'Vocabulary size')}, sequenceLength: ${filledIn(p.sequenceLength, 'Sequence length')}, embedDim: ${p.embedDim}, seed: ${ctx.seed} })`,
  }),
  summary: (p) => `${p.vocabularySize ?? 'auto'} ids × ${p.embedDim}, ${p.sequenceLength ?? 'auto'} positions`,
});
