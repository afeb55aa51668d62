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

/** A column of an uploaded CSV as the pipeline uses it: its name, the type chosen for it, and for categories every value it takes. */
export const UploadedColumn = z.object({
  name: z.string().min(1),
  type: z.enum(['number', 'category', 'text', 'date']),
  categories: z.array(z.string()).optional(),
});
export type UploadedColumn = z.infer<typeof UploadedColumn>;

/** What identifies an uploaded file: its name (for people) and a hash of its bytes (the key its rows are stored under). */
const UploadedFile = {
  file: z.string().min(1),
  fingerprint: z.string().min(1),
  rows: z.number().int().positive(),
};

/**
 * Where the rows come from: a built-in dataset (files the app serves, or a seeded generator), or a
 * file the person uploaded (kept in the browser's IndexedDB under its fingerprint; given with
 * `--data` on the command line). Only the schema travels in the spec, never the rows.
 */
export const DataSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('builtin'), dataset: z.enum(datasetIds), maxSamples: z.number().int().positive().optional() }),
  z.object({
    source: z.literal('csv'),
    ...UploadedFile,
    /** The columns the table keeps, in file order, with their chosen types. */
    columns: z.array(UploadedColumn).min(1),
    maxSamples: z.number().int().positive().optional(),
  }),
  z.object({
    source: z.literal('images'),
    ...UploadedFile,
    /** [height, width, channels] each image is resized to. */
    shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.union([z.literal(1), z.literal(3)])]),
    classes: z.array(z.string()).min(2),
    maxSamples: z.number().int().positive().optional(),
  }),
]);
export type DataSourceSpec = z.infer<typeof DataSource>;

export const PipelineSpec = z.object({
  version: z.literal(specVersion),
  data: z.object({
    /** The data node, its table output, and where its rows come from. */
    dataset: DataSource.and(z.object({ nodeId: z.string(), output: z.string() })),
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
