import { z } from 'zod';
import type { Shape } from '@/lib/shape/shape';
import {
  fail,
  ok,
  type AutoValue,
  type DataFacts,
  type EmitContext,
  type ExportConstant,
  type ExportImport,
  type LearningRateSchedule,
  type ShapeFailure,
  type ShapeResult,
  type TrainingSettings,
} from './define-node';
import { lowerIsBetter } from '@/lib/engine/training-controls';
import { formatShape } from '@/lib/shape/shape';
import { ts, type Code } from '@/lib/export/code';
import type { TargetInfo } from '@/lib/data/table';
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
 * The widths a classifier's prediction may have: one score per class (`scores`, softmax), one
 * probability of the second class (`probability`, sigmoid: two classes only), or either (`any`:
 * metrics read both).
 */
export type ClassPrediction = 'scores' | 'probability' | 'any';

/**
 * Losses and metrics compare a prediction [?, width] with the target: one score per class, one
 * probability for two classes with a sigmoid output, or one number per number to predict.
 * Without a target (older callers) the labels shape [?, classes] stands for one-hot classes.
 * Problems are blamed on the node that makes the prediction: that is the one the user must change.
 */
export function checkPrediction(prediction: Shape, labels: Shape, target?: TargetInfo, expects: ClassPrediction = 'scores'): ShapeResult {
  if (target?.kind === 'numbers') return checkNumbersPrediction(prediction, target);
  const classes = target ? target.classNames.length : (labels[labels.length - 1] ?? 0);
  const single = expects === 'probability';
  if (prediction.length !== 2) {
    return fail(
      'E_PREDICTION_SHAPE',
      single
        ? `This output is ${formatShape(prediction)}, but a two-class loss reads one number per sample: the probability of the second class.`
        : `This output is ${formatShape(prediction)}, but the labels are ${formatShape(labels)}: one row of ${classes} class scores per sample is needed.`,
      prediction.length > 2 ? 'Add a Flatten node before the classifier.' : single ? 'Add a Dense layer with 1 unit and a sigmoid activation.' : 'Add a Dense layer with one unit per class.',
      { blamePort: 'prediction' },
    );
  }
  const width = prediction[1];
  if (single && width !== 1) {
    const second = target?.kind === 'classes' ? ` "${target.classNames[1]}"` : '';
    return fail(
      'E_CLASS_COUNT',
      `This output has ${width} units, but a two-class loss reads one: the probability of the second class${second}.`,
      'Set units to 1, with a sigmoid activation.',
      { blamePort: 'prediction', fix: { label: 'Set units to 1', params: { units: 1 } } },
    );
  }
  if (!single && width !== classes && !(expects === 'any' && classes === 2 && width === 1)) {
    return fail(
      'E_CLASS_COUNT',
      `This output has ${width} units, but the labels have ${classes} classes.`,
      `Set units to ${classes}, one per class.`,
      { blamePort: 'prediction', fix: { label: `Set units to ${classes}`, params: { units: classes } } },
    );
  }
  return ok([]);
}

const scheduleLabels = { constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine decay' };

/** The values early stopping can watch, in Keras naming: the validation loss and each metric's value. */
const monitorChoices = ['val_loss', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1', 'val_auc', 'val_mae', 'val_mse', 'val_rmse', 'val_r2'] as const;
const monitorNames: Record<(typeof monitorChoices)[number], string> = {
  val_loss: 'Validation loss',
  val_accuracy: 'Validation accuracy',
  val_precision: 'Validation precision',
  val_recall: 'Validation recall',
  val_f1: 'Validation F1',
  val_auc: 'Validation AUC',
  val_mae: 'Validation MAE',
  val_mse: 'Validation MSE',
  val_rmse: 'Validation RMSE',
  val_r2: 'Validation R²',
};
const monitorLabels = Object.fromEntries(
  monitorChoices.map((m) => [m, `${monitorNames[m]} (${lowerIsBetter(m) ? 'lower' : 'higher'} is better)`]),
);

/** Fields the inspector shows only with the choice they belong to (see FieldSpec.shownWhen). */
const decayingOnly = { shownWhen: { schedule: ['step', 'exponential'] } };
const cosineOnly = { shownWhen: { schedule: ['cosine'] } };
const earlyStoppingOnly = { shownWhen: { earlyStopping: [true] } };

function checkNumbersPrediction(prediction: Shape, target: Extract<TargetInfo, { kind: 'numbers' }>): ShapeResult {
  const width = target.names.length;
  const what = `${width === 1 ? 'one number' : `${width} numbers`} per sample (${listed(target.names)})`;
  if (prediction.length !== 2) {
    return fail(
      'E_PREDICTION_SHAPE',
      `This output is ${formatShape(prediction)}, but the target is ${what}.`,
      prediction.length > 2 ? 'Add a Flatten node before the last Dense layer.' : `Add a Dense layer with ${width} unit${width === 1 ? '' : 's'} and a linear activation.`,
      { blamePort: 'prediction' },
    );
  }
  if (prediction[1] !== width) {
    return fail('E_OUTPUT_COUNT', `This output has ${prediction[1]} units, but the target is ${what}.`, `Set units to ${width}, one per number to predict.`, {
      blamePort: 'prediction',
      fix: { label: `Set units to ${width}`, params: { units: width } },
    });
  }
  return ok([]);
}

/** What a target is, in words for a message: "classes (Adelie, Chinstrap, Gentoo)", "numbers (mpg)". */
export function describeTarget(target: TargetInfo): string {
  return target.kind === 'classes' ? `${target.classNames.length} classes (${listed(target.classNames)})` : `numbers (${listed(target.names)})`;
}

/** Names for a message: the first few, then how many more. */
function listed(names: string[], shown = 4): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/**
 * Run settings carried by every optimizer node. Learning rate and epochs may be left empty: the
 * optimizer then picks them from the data it trains on (see `suggestTraining`). Fields that only
 * matter for one choice of another are shown only then (`shownWhen`), and say so first for
 * places that list every field.
 */
export const trainingParams = {
  learningRate: z.number().positive().max(10).optional().meta({ auto: true }).describe('Step size of each update (the starting one when a schedule lowers it)'),
  epochs: z.number().int().min(1).max(500).optional().meta({ auto: true }).describe('Passes over the training data'),
  batchSize: z.number().int().min(1).max(4096).default(32).describe('Samples per update'),
  schedule: z
    .enum(['constant', 'step', 'exponential', 'cosine'])
    .default('constant')
    .meta({ optionLabels: scheduleLabels })
    .describe('How the learning rate changes over the epochs: smaller steps late in a run let the weights settle'),
  decayRate: z
    .number()
    .positive()
    .max(1)
    .default(0.5)
    .meta(decayingOnly)
    .describe('Step and exponential decay only: the share of the learning rate left after each decay period (0.5 halves it)'),
  decayEpochs: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(10)
    .meta(decayingOnly)
    .describe('Step and exponential decay only: epochs in a decay period. Step decay cuts the rate at the end of each; exponential a little every epoch'),
  minLearningRate: z
    .number()
    .min(0)
    .max(10)
    .default(0)
    .meta(cosineOnly)
    .describe('Cosine decay only: the rate the run ends near (0 takes it all the way down)'),
  clipNorm: z
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe('Caps the size of each update: gradients whose combined (global) norm is larger are scaled down to it. Empty: no cap. Try 1 when the loss jumps or becomes NaN, as RNNs often do'),
  earlyStopping: z.boolean().default(false).describe('Stops the run once the watched value has stopped improving on the validation rows'),
  monitor: z
    .enum(monitorChoices)
    .default('val_loss')
    .meta({ optionLabels: monitorLabels, ...earlyStoppingOnly })
    .describe('Early stopping only: the validation value watched after each epoch (a metric needs its node on the canvas)'),
  patience: z.number().int().min(1).max(100).default(5).meta(earlyStoppingOnly).describe('Early stopping only: epochs in a row without improvement before the run stops'),
  restoreBestWeights: z.boolean().default(true).meta(earlyStoppingOnly).describe('Early stopping only: end with the weights of the best epoch instead of the last one'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).describe('Makes shuffling and initial weights repeatable'),
};
type TrainingParams = z.output<z.ZodObject<typeof trainingParams>>;

/**
 * An optimizer's params: its own fields (momentum, rho, ...) right after the learning rate they
 * shape, then the run settings every optimizer shares.
 */
export function optimizerParams<Own extends z.ZodRawShape>(own: Own) {
  const { learningRate, ...shared } = trainingParams;
  return z.object({ learningRate, ...own, ...shared });
}

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
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

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

/** The schedule the run settings name, as the engine applies it. */
function scheduleOf(p: TrainingParams): LearningRateSchedule {
  switch (p.schedule) {
    case 'constant':
      return { kind: 'constant' };
    case 'step':
      return { kind: 'step', every: p.decayEpochs, factor: p.decayRate };
    case 'exponential':
      // As Keras's ExponentialDecay: the rate falls by decayRate over each period, smoothly, so by
      // decayRate^(1 / decayEpochs) each epoch.
      return { kind: 'exponential', factor: p.decayRate ** (1 / p.decayEpochs) };
    case 'cosine':
      return { kind: 'cosine', minRate: p.minLearningRate };
  }
}

/** The run settings of compiled optimizer params (compile fills in the auto values before anything trains). */
export function runSettings(p: TrainingParams): TrainingSettings {
  if (p.learningRate === undefined || p.epochs === undefined) {
    throw new Error('Learning rate and epochs left empty are picked by compile(): these optimizer params were not compiled.');
  }
  return {
    learningRate: p.learningRate,
    epochs: p.epochs,
    batchSize: p.batchSize,
    seed: p.seed,
    ...(p.schedule !== 'constant' && { schedule: scheduleOf(p) }),
    ...(p.clipNorm !== undefined && { clipNorm: p.clipNorm }),
    ...(p.earlyStopping && { earlyStopping: { monitor: p.monitor, patience: p.patience, restoreBestWeights: p.restoreBestWeights } }),
  };
}

/**
 * What the schedule does, in a few words: "halved every 10 epochs", "cosine down to 0". The canvas
 * line and the exported constant's comment both use it.
 */
function scheduleWords(p: TrainingParams): string {
  const change = p.decayRate === 0.5 ? 'halved' : `× ${p.decayRate}`;
  const period = p.decayEpochs === 1 ? 'every epoch' : `every ${p.decayEpochs} epochs`;
  switch (p.schedule) {
    case 'constant':
      return 'constant';
    case 'step':
      return `${change} ${period}`;
    case 'exponential':
      return `${change} ${period}, smoothly`;
    case 'cosine':
      return `cosine down to ${p.minLearningRate}`;
  }
}

/** The canvas line of an optimizer node. */
export function trainingSummary(p: TrainingParams): string {
  return [
    `lr ${p.learningRate ?? 'auto'}${p.schedule === 'constant' ? '' : `, ${scheduleWords(p)}`}`,
    `${p.epochs ?? 'auto'} epochs`,
    `batch ${p.batchSize}`,
    ...(p.clipNorm !== undefined ? [`clip ${p.clipNorm}`] : []),
    ...(p.earlyStopping ? [`stop on ${p.monitor}`] : []),
  ].join(' · ');
}

/**
 * Cosine decay only lowers the rate when it ends below where it starts: said on the optimizer,
 * with a fix, instead of a run whose rate climbs. Runs in the shapes pass, after auto values.
 */
export function checkTrainingParams(p: TrainingParams): ShapeResult {
  if (p.schedule === 'cosine' && p.learningRate !== undefined && p.minLearningRate >= p.learningRate) {
    return fail(
      'E_SCHEDULE_FLOOR',
      `The cosine schedule ends at a min learning rate of ${p.minLearningRate}, which is not below the learning rate of ${p.learningRate} it starts from: the rate would ${p.minLearningRate > p.learningRate ? 'climb' : 'never fall'}.`,
      `Set Min learning rate below ${p.learningRate} (0 takes it all the way down), or raise the learning rate.`,
      { fix: { label: 'Set Min learning rate to 0', params: { minLearningRate: 0 } } },
    );
  }
  return ok([]);
}

/**
 * Early stopping watches a value measured on the validation rows after each epoch: without
 * validation rows, or with a metric the pipeline does not compute, there is nothing to watch.
 * `measured` are the Keras names of the pipeline's metrics ('accuracy', 'f1'). For the stages pass
 * of compile(), which knows both; the fix turns early stopping off or watches the loss.
 */
export function checkEarlyStopping(p: TrainingParams, run: { validates: boolean; measured: readonly string[] }): ShapeFailure | undefined {
  if (!p.earlyStopping) return undefined;
  if (!run.validates) {
    return fail(
      'E_EARLY_STOPPING_NO_VALIDATION',
      'Early stopping watches the validation rows, but this pipeline keeps none: every row trains.',
      'Add a split before the model so that some rows validate, or turn early stopping off.',
      { fix: { label: 'Turn early stopping off', params: { earlyStopping: false } } },
    );
  }
  const metric = p.monitor.replace(/^val_/, '');
  if (metric !== 'loss' && !run.measured.includes(metric)) {
    return fail(
      'E_MONITOR_NOT_MEASURED',
      `Early stopping watches ${p.monitor}, but no metric node computes ${metric} in this pipeline.`,
      `Add the metric node for ${metric}, or watch val_loss instead.`,
      { fix: { label: 'Watch val_loss', params: { monitor: 'val_loss' } } },
    );
  }
  return undefined;
}

/**
 * The exported program's run settings: the constants an optimizer's emit() declares (see
 * EmitByCategory). The schedule, clipping and early stopping are declared only when used, in the
 * shapes lib/engine/training-controls.ts takes (`as const` keeps the schedule's kind a literal).
 */
export function trainingConstants(p: TrainingParams): ExportConstant[] {
  const settings = runSettings(p);
  return [
    { name: 'EPOCHS', value: settings.epochs, comment: 'Passes over the training data.' },
    { name: 'BATCH_SIZE', value: settings.batchSize, comment: 'Samples per update.' },
    { name: 'LEARNING_RATE', value: settings.learningRate, comment: 'Step size of each update.' },
    { name: 'SEED', value: settings.seed, comment: 'Makes shuffling, initial weights and dropout repeatable.' },
    ...(settings.schedule
      ? [{ name: 'LEARNING_RATE_SCHEDULE', value: ts`${{ ...settings.schedule }} as const`, comment: `How the learning rate changes: ${scheduleWords(p)}.` }]
      : []),
    ...(settings.clipNorm !== undefined
      ? [{ name: 'CLIP_NORM', value: settings.clipNorm, comment: 'Gradients are scaled down so that their global norm is at most this.' }]
      : []),
    ...(settings.earlyStopping
      ? [
          {
            name: 'EARLY_STOPPING',
            value: ts`${{ ...settings.earlyStopping }} as const`,
            comment: `Stops after ${plural(settings.earlyStopping.patience, 'epoch')} without a better ${settings.earlyStopping.monitor}${settings.earlyStopping.restoreBestWeights ? ", then puts back the best epoch's weights" : ''}.`,
          },
        ]
      : []),
  ];
}

/**
 * What every optimizer node has in common: the loss as its one input, empty learning rate and epochs
 * picked for the data from `rates`, the run settings it carries and their checks.
 */
export function optimizerBasics(rates: LearningRates) {
  return {
    category: 'optimizer' as const,
    auto: autoTraining(rates),
    typicalLearningRate: rates.usual,
    inputs: [{ id: 'loss', label: 'loss', type: 'loss' as const }],
    outputs: [],
    inferShape: checkTrainingParams,
    training: runSettings,
  };
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
