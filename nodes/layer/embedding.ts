import { z } from 'zod';
import { defineNode, fail, ok, type AutoValue } from '../define-node';
import { fastCpuKernels } from '../shared';
import { ts } from '@/lib/export/code';
import { formatShape } from '@/lib/shape/shape';

/** tfjs's default table initializer (uniform in +-0.05), seeded so runs repeat. */
const initialRange = { minval: -0.05, maxval: 0.05 };

export const embedding = defineNode({
  kind: 'layer.embedding',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Embedding',
    description: 'Turns each integer id (a word, a user, a category) into a learned vector of numbers.',
  },
  params: z.object({
    inputDim: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .meta({ auto: true })
      .describe('Number of different ids (rows of the table); empty uses the range of the ids flowing in'),
    outputDim: z.number().int().min(1).max(1024).default(16).describe('Length of the vector learned for each id'),
  }),
  inputs: [{ id: 'in', label: 'ids', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  autoFromInputs: (_p, _inputs, [x]): Record<string, AutoValue> =>
    x?.ids === undefined ? {} : { inputDim: { value: x.ids, reason: `the ids flowing in run from 0 to ${x.ids - 1}: one row of the table for each` } },
  inferShape: (p, [x], [info]) => {
    if (info?.ids === undefined) {
      return fail(
        'E_EMBEDDING_FLOAT',
        `Embedding receives measurements ${formatShape(x)}, not integer ids, so it has nothing to look up.`,
        'Embedding looks up integer ids: feed it token ids from a Tokenize node or category codes from Select columns',
      );
    }
    const inputDim = p.inputDim ?? info.ids;
    if (inputDim < info.ids) {
      return fail(
        'E_EMBEDDING_RANGE',
        `Embedding has ${inputDim} rows (input dim), but the ids flowing in go up to ${info.ids - 1}: larger ids have no vector.`,
        `Set input dim to ${info.ids}, or clear it to follow the ids.`,
        { fix: { label: `Set input dim to ${info.ids}`, params: { inputDim: info.ids } } },
      );
    }
    return ok([[...x, p.outputDim]]);
  },
  paramCount: (p) => (p.inputDim ?? 0) * p.outputDim,
  build: (p, { tf, seed }) =>
    tf.layers.embedding({
      inputDim: compiledInputDim(p.inputDim),
      outputDim: p.outputDim,
      embeddingsInitializer: tf.initializers.randomUniform({ ...initialRange, seed }),
    }),
  emit: (p, ctx) => ({
    imports: [fastCpuKernels],
    layer: ts`tf.layers.embedding({ inputDim: ${compiledInputDim(p.inputDim)}, outputDim: ${p.outputDim}, embeddingsInitializer: tf.initializers.randomUniform({ minval: ${initialRange.minval}, maxval: ${initialRange.maxval}, seed: ${ctx.seed} }) })`,
  }),
  summary: (p) => `${p.inputDim ?? 'auto'} ids → ${p.outputDim} values`,
});

function compiledInputDim(inputDim: number | undefined): number {
  if (inputDim === undefined) throw new Error('Embedding input dim left empty is picked by compile(): these params were not compiled.');
  return inputDim;
}
