import { z } from 'zod';
import { datasetIds } from '@/lib/datasets/catalog';

/** The execution plan compile() produces and the engine runs; params are already parsed with defaults. */
export const specVersion = 1;

const params = z.record(z.string(), z.unknown());
const shape = z.array(z.number().int().positive().nullable());

const Step = z.object({ nodeId: z.string(), kind: z.string(), params });

export const PipelineSpec = z.object({
  version: z.literal(specVersion),
  data: z.object({
    dataset: z.enum(datasetIds),
    maxSamples: z.number().int().positive().optional(),
    classNames: z.array(z.string()).min(2),
    /** Preprocessing before the split, fitted on every sample. */
    before: z.array(Step),
    split: z.object({ nodeId: z.string(), validationFraction: z.number().gt(0).lt(1), shuffle: z.boolean() }).nullable(),
    /** Preprocessing after the split: statistics come from the training rows only. */
    after: z.array(Step),
  }),
  model: z.object({
    inputShape: shape,
    /** In topological order; `inputs` name earlier layers, or "input" for the data. */
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
  }),
});
export type PipelineSpec = z.infer<typeof PipelineSpec>;
export type SpecStep = z.infer<typeof Step>;
export type SpecLayer = PipelineSpec['model']['layers'][number];

/** The id layers use for the model's data input. */
export const modelInputId = 'input';
