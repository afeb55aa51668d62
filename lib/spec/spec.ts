import { z } from 'zod';
import { datasetIds } from '@/lib/datasets/catalog';

/** The execution plan compile() produces and the engine runs; params are already parsed with defaults. */
export const specVersion = 2;

const params = z.record(z.string(), z.unknown());
const shape = z.array(z.number().int().positive().nullable());

const Step = z.object({ nodeId: z.string(), kind: z.string(), params });

export const TargetInfo = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classes'), classNames: z.array(z.string()).min(2) }),
  z.object({ kind: z.literal('numbers'), names: z.array(z.string()).min(1) }),
]);

/** A data-stage node: the ports it reads and writes, as `node.port` keys. */
const DataStep = Step.extend({ inputs: z.array(z.string()), outputs: z.array(z.string()) });

const LearningRateSchedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  z.object({ kind: z.literal('step'), every: z.number().int().positive(), factor: z.number().positive() }),
  z.object({ kind: z.literal('exponential'), factor: z.number().positive() }),
  z.object({ kind: z.literal('cosine'), minRate: z.number().min(0) }),
]);

export const PipelineSpec = z.object({
  version: z.literal(specVersion),
  data: z.object({
    dataset: z.object({
      nodeId: z.string(),
      dataset: z.enum(datasetIds),
      maxSamples: z.number().int().positive().optional(),
      /** Its table output. */
      output: z.string(),
    }),
    /** Every data-stage node the model and the loss read from, in flow order; the split among them. */
    steps: z.array(DataStep),
    /** The split's node id: steps after it learn from the training rows only. */
    split: z.string().nullable(),
    /** The tensors the model reads, in the order of its inputs; `id` is the data port they come from. */
    inputs: z.array(z.object({ id: z.string(), shape, dtype: z.enum(['float32', 'int32']) })).min(1),
    /** The labels the loss reads, and what they are. */
    target: z.object({ port: z.string(), info: TargetInfo }),
  }),
  model: z.object({
    /** In topological order; `inputs` name earlier layers, or a data input's id. */
    layers: z.array(Step.extend({ inputs: z.array(z.string()).min(1), outputShape: shape, paramCount: z.number().int().min(0) })).min(1),
    output: z.string(),
  }),
  loss: Step,
  optimizer: Step,
  metrics: z.array(Step),
  training: z.object({
    epochs: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    learningRate: z.number().positive(),
    seed: z.number().int().min(0),
    schedule: LearningRateSchedule.optional(),
    clipNorm: z.number().positive().optional(),
    earlyStopping: z
      .object({ monitor: z.string(), patience: z.number().int().min(1), restoreBestWeights: z.boolean() })
      .optional(),
  }),
});
export type PipelineSpec = z.infer<typeof PipelineSpec>;
export type SpecStep = z.infer<typeof Step>;
export type SpecDataStep = z.infer<typeof DataStep>;
export type SpecLayer = PipelineSpec['model']['layers'][number];

/** The class names when the pipeline classifies, else undefined (it predicts numbers). */
export function classNamesOf(spec: PipelineSpec): string[] | undefined {
  const { info } = spec.data.target;
  return info.kind === 'classes' ? info.classNames : undefined;
}
