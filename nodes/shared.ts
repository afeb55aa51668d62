import { z } from 'zod';
import type { Shape } from '@/lib/shape/shape';
import { fail, ok, type AutoValue, type DataFacts, type EmitContext, type ExportConstant, type ExportImport, type ShapeResult, type TrainingSettings } from './define-node';
import { formatShape } from '@/lib/shape/shape';
import { ts, type Code } from '@/lib/export/code';
import { humanize } from './fields';

/**
 * Activation functions a layer applies to its own output: tfjs's activation identifiers. Leaky
 * ReLU is not one of them (tfjs has it only as a layer, tf.layers.leakyReLU), so it is offered on
 * the Activation node alone (`activationLayerChoice`): a Dense or Conv node cannot build it as one
 * tfjs layer, and an option that silently built something else would break export parity.
 * linear, softplus and relu6 stay so that saved pipelines keep parsing.
 */
export const activation = z
  .enum(['relu', 'elu', 'selu', 'gelu', 'sigmoid', 'tanh', 'softmax', 'swish', 'linear', 'softplus', 'relu6'])
  .describe('Function applied to every output value');

/** The slope leaky ReLU keeps of negative values: tfjs's and Keras's default. */
export const leakyReluSlope = 0.3;

/** What the Activation node offers: every layer activation, and leaky ReLU (built as tf.layers.leakyReLU). */
export const activationLayerChoice = z
  .enum(['relu', 'leakyRelu', ...activation.options.filter((a) => a !== 'relu')])
  .meta({
    description: `Function applied to every value; leaky ReLU keeps ${leakyReluSlope} of each negative value instead of 0`,
    optionLabels: { leakyRelu: 'leaky ReLU' },
  });

export type Padding = 'valid' | 'same';

export const padding = z
  .enum(['valid', 'same'])
  .describe('"same" pads the border so the output keeps the input size (divided by the stride); "valid" uses whole windows only');

/** Spatial output size of a convolution or pooling window along one axis, as tfjs computes it. */
export function windowOutput(size: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/** Windowed layers slide along the steps of a sequence (1) or the rows and columns of an image (2). */
export type WindowDims = 1 | 2;

/** The input rank a windowed layer of `dims` needs, or the reason this input is not that. */
function windowedInputProblem(layer: string, dims: WindowDims, x: Shape): ShapeResult | undefined {
  if (x.length === dims + 2) return undefined;
  if (dims === 1) {
    return fail(
      'E_RANK',
      `${layer} works on sequences shaped [?, steps, channels], but it receives ${formatShape(x)}.`,
      x.length === 2
        ? 'This data is one row of values per sample: add a Reshape node before it (target shape -1,1 makes each value a step), or a Time windowing node.'
        : x.length === 4
          ? 'This is image data: use the 2D version of this layer.'
          : 'Connect a sequence to it: a Reshape, Time windowing, Embedding or Conv1D output.',
    );
  }
  return fail(
    'E_RANK',
    `${layer} works on images shaped [?, height, width, channels], but it receives ${formatShape(x)}.`,
    x.length === 2
      ? 'This data is a table, not images: use Dense layers, or connect an image dataset.'
      : x.length === 3
        ? 'This is a sequence: use the 1D version of this layer, or a Reshape node to make it an image.'
        : 'Connect an image dataset or a Conv2D/MaxPool2D output to it.',
  );
}

/** A window sliding over the input: its size, step and border handling. */
export interface Window {
  size: number;
  stride: number;
  padding: Padding;
  /** The param that sets the size (kernelSize, poolSize): the one-click fix changes it. */
  sizeParam: string;
}

/**
 * Checks the input of a convolution or pooling over `dims` axes and returns its output, or the
 * reason it cannot work. `channels` gives the output channels from the input ones.
 */
export function inferWindowed(layer: string, dims: WindowDims, x: Shape, window: Window, channels: (inChannels: number) => number): ShapeResult {
  const problem = windowedInputProblem(layer, dims, x);
  if (problem) return problem;
  const axes = x.slice(1, -1) as number[];
  const smallest = Math.min(...axes);
  if (window.padding === 'valid' && window.size > smallest) {
    const size = humanize(window.sizeParam).toLowerCase();
    return fail(
      'E_SHAPE',
      dims === 1
        ? `The ${window.size}-step window of ${layer} is longer than its ${smallest}-step input.`
        : `The ${window.size}x${window.size} window of ${layer} is larger than its ${axes.join('x')} input.`,
      `Use a ${size} of at most ${smallest}, or set padding to "same".`,
      { fix: { label: `Set ${size} to ${smallest}`, params: { [window.sizeParam]: smallest } } },
    );
  }
  const c = x[x.length - 1] as number;
  return ok([[null, ...axes.map((n) => windowOutput(n, window.size, window.stride, window.padding)), channels(c)]]);
}

/** Global pooling over every step (1) or every pixel (2): one value per channel. */
export function inferGlobalPool(layer: string, dims: WindowDims, x: Shape): ShapeResult {
  return windowedInputProblem(layer, dims, x) ?? ok([[null, x[x.length - 1]]]);
}

/**
 * Classification loss and metrics compare a prediction [?, classes] with one-hot labels [?, classes].
 * Problems are blamed on the node that makes the prediction: that is the one the user must change.
 */
export function checkPrediction(prediction: Shape, labels: Shape): ShapeResult {
  const classes = labels[labels.length - 1] ?? 0;
  if (prediction.length !== 2) {
    return fail(
      'E_PREDICTION_SHAPE',
      `This output is ${formatShape(prediction)}, but the labels are ${formatShape(labels)}: one row of ${classes} class scores per sample is needed.`,
      prediction.length > 2 ? 'Add a Flatten node before the classifier.' : 'Add a Dense layer with one unit per class.',
      { blamePort: 'prediction' },
    );
  }
  if (prediction[1] !== classes) {
    return fail(
      'E_CLASS_COUNT',
      `This output has ${prediction[1]} units, but the labels have ${classes} classes.`,
      `Set units to ${classes}, one per class.`,
      { blamePort: 'prediction', fix: { label: `Set units to ${classes}`, params: { units: classes } } },
    );
  }
  return ok([]);
}

/**
 * Run settings carried by every optimizer node. Learning rate and epochs may be left empty: the
 * optimizer then picks them from the data it trains on (see `suggestTraining`).
 */
export const trainingParams = {
  learningRate: z.number().positive().max(10).optional().meta({ auto: true }).describe('Step size of each update'),
  epochs: z.number().int().min(1).max(500).optional().meta({ auto: true }).describe('Passes over the training data'),
  batchSize: z.number().int().min(1).max(4096).default(32).describe('Samples per update'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).describe('Makes shuffling and initial weights repeatable'),
};
type TrainingParams = z.output<z.ZodObject<typeof trainingParams>>;

/** An optimizer's usual learning rate, and the larger one that suits small tables (few updates per pass). */
export interface LearningRates {
  optimizer: string;
  usual: number;
  smallData: number;
}

/**
 * Gradient updates a run should make. Iris (120 training rows, 4 batches per pass) needs about
 * 75 passes to get there; 8,000 MNIST digits make 250 updates in every pass.
 */
const targetUpdates = 300;
const epochRange = { min: 3, max: 100 };
/** Up to this many training samples and values per sample, the data is a small table. */
const smallData = { samples: 2_000, features: 100 };

const count = (n: number) => n.toLocaleString('en-US');

/** Epochs and learning rate for data of this size: what an optimizer's empty fields resolve to. */
export function suggestTraining(data: DataFacts | undefined, batchSize: number, rates: LearningRates): { epochs: AutoValue; learningRate: AutoValue } {
  if (!data) {
    return {
      epochs: { value: 10, reason: 'for now: connect a dataset and the epochs will fit its size' },
      learningRate: { value: rates.usual, reason: `${rates.optimizer}'s usual step for now: connect a dataset and it will fit its size` },
    };
  }
  const batches = Math.max(1, Math.ceil(data.trainSamples / batchSize));
  const epochs = Math.min(epochRange.max, Math.max(epochRange.min, Math.ceil(targetUpdates / batches)));
  const samples = `${count(data.trainSamples)} training samples`;
  const epochReason =
    epochs === epochRange.min && batches * epochs > targetUpdates
      ? `${samples} already make ${count(batches)} updates per pass: a few passes are enough`
      : `${samples} is small data, ${count(batches)} update${batches === 1 ? '' : 's'} per pass: it needs ${epochs} passes to learn`;
  const small = data.trainSamples <= smallData.samples && data.featureSize <= smallData.features;
  const learningRate = small
    ? {
        value: rates.smallData,
        reason: `a small table (${samples}, ${count(data.featureSize)} values each) gets few updates, so each step is larger than ${rates.optimizer}'s usual ${rates.usual}`,
      }
    : {
        value: rates.usual,
        reason:
          data.featureSize > smallData.features
            ? `${rates.optimizer}'s usual step: with ${count(data.featureSize)} values per sample a larger one can overshoot`
            : `${rates.optimizer}'s usual step: ${samples} give it plenty of updates`,
      };
  return { epochs: { value: epochs, reason: epochReason }, learningRate };
}

/** The `auto` of an optimizer node: fills in the learning rate and epochs left empty. */
export function autoTraining(rates: LearningRates) {
  return (p: TrainingParams, data: DataFacts | undefined): Record<string, AutoValue> => suggestTraining(data, p.batchSize, rates);
}

/** The run settings of compiled optimizer params (compile fills in the auto values before anything trains). */
export function runSettings(p: TrainingParams): TrainingSettings {
  if (p.learningRate === undefined || p.epochs === undefined) {
    throw new Error('Learning rate and epochs left empty are picked by compile(): these optimizer params were not compiled.');
  }
  return { learningRate: p.learningRate, epochs: p.epochs, batchSize: p.batchSize, seed: p.seed };
}

/** The canvas line of an optimizer node. */
export function trainingSummary(p: TrainingParams): string {
  return `lr ${p.learningRate ?? 'auto'} · ${p.epochs ?? 'auto'} epochs · batch ${p.batchSize}`;
}

/** The exported program's run settings: the constants an optimizer's emit() declares (see EmitByCategory). */
export function trainingConstants(p: TrainingParams): ExportConstant[] {
  const settings = runSettings(p);
  return [
    { name: 'EPOCHS', value: settings.epochs, comment: 'Passes over the training data.' },
    { name: 'BATCH_SIZE', value: settings.batchSize, comment: 'Samples per update.' },
    { name: 'LEARNING_RATE', value: settings.learningRate, comment: 'Step size of each update.' },
    { name: 'SEED', value: settings.seed, comment: 'Makes shuffling, initial weights and dropout repeatable.' },
  ];
}

/** The kernel initializer build() gives Dense and Conv2D layers, as code. */
export function glorotUniform(ctx: EmitContext): Code {
  return ts`tf.initializers.glorotUniform({ seed: ${ctx.seed} })`;
}

/**
 * tfjs's CPU backend computes the gradients of Conv2D and MaxPool2D very slowly, so the export of a
 * pipeline with either layer ships the app's faster kernels (cpu-kernels.ts: the same sums), which
 * train() registers. A pipeline without them has no use for the file.
 */
export const fastCpuKernels: ExportImport = { module: './cpu-kernels', named: ['useFastCpuKernels'] };

/** The fields every convolution node has, in tfjs's names; `kernel` words the size for its axes. */
export function convolutionParams(kernel: { describe: string; max: number }) {
  return {
    filters: z.number().int().min(1).max(512).default(8).describe('Number of filters (output channels)'),
    kernelSize: z.number().int().min(1).max(kernel.max).default(3).describe(kernel.describe),
    strides: z.number().int().min(1).max(5).default(1).describe('Step between filter positions'),
    padding: padding.default('valid'),
    activation: activation.default('relu'),
    useBias: z.boolean().default(true).describe("Adds a learned offset to each filter's output"),
  };
}

/** Layers that work on the last axis (features, channels) of any input that has one beside the batch. */
export function requireFeatures(layer: string, x: Shape): ShapeResult | undefined {
  return x.length < 2 || x[x.length - 1] === null
    ? fail('E_RANK', `${layer} needs samples with at least one value, but it receives ${formatShape(x)}.`, 'Connect features or another layer to it.')
    : undefined;
}
