import type * as Tf from '@tensorflow/tfjs';
import { getNodeDefinition } from '@/nodes';
import { validationRows } from '@/nodes/preprocess/split';
import type { AnyNodeDefinition, Category, TfModule, Transform } from '@/nodes/define-node';
import { modelInputId, type PipelineSpec, type SpecStep } from '@/lib/spec/spec';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import type { LoadedDataset } from '@/lib/datasets/load';
import type { BackendTiming, EpochReport } from './protocol';
import { useFastCpuKernels } from './cpu-kernels';
import { deriveSeed, permutation, seededRandom } from './random';

/**
 * The engine: the only code that runs tfjs at training time. The tfjs module is passed in, so the
 * same function trains in the browser worker (WebGPU, WebGL, CPU) and in Node (CPU) for the tests.
 */

export interface TrainCallbacks {
  /** A slow phase begins ("Preparing data…"). */
  onStatus?: (message: string) => void;
  /** After each batch; 1-based, with that batch's loss. Called for every batch: throttling is the caller's job. */
  onProgress?: (epoch: number, batch: number, batches: number, loss: number) => void;
  onEpoch?: (report: EpochReport) => void;
  /** Polled after each batch; true ends the run after that batch. */
  shouldStop?: () => boolean;
}

interface RunSummary {
  history: EpochReport[];
  trainSamples: number;
  validationSamples: number;
}

export type TrainResult =
  | (RunSummary & { outcome: 'finished' | 'stopped' })
  /** The loss stopped being a number: an expected failure, reported to the person training. */
  | (RunSummary & { outcome: 'diverged'; message: string; hint: string });

/*
 * Seeds for each random part of a run, derived from the run seed. Exported so that generated code
 * can use the same ones and reproduce a run.
 */
export const preprocessSeed = (seed: number, index: number) => deriveSeed(seed, 1, index);
export const splitSeed = (seed: number) => deriveSeed(seed, 2);
export const layerSeed = (seed: number, index: number) => deriveSeed(seed, 3, index);
export const epochSeed = (seed: number, epoch: number) => deriveSeed(seed, 4, epoch);

/** Which samples train and which validate: a seeded shuffle (when asked), validation at the end. */
export function splitIndices(
  count: number,
  split: PipelineSpec['data']['split'],
  seed: number,
): { train: Int32Array; validation: Int32Array } {
  const order = split?.shuffle ? permutation(count, seededRandom(splitSeed(seed))) : Int32Array.from({ length: count }, (_, i) => i);
  if (!split) return { train: order, validation: new Int32Array(0) };
  const validation = validationRows(count, split.validationFraction);
  return { train: order.slice(0, count - validation), validation: order.slice(count - validation) };
}

/** `names`: how the canvas names the spec's nodes, so that a message points at what a person sees. */
export async function train(
  tf: TfModule,
  spec: PipelineSpec,
  dataset: LoadedDataset,
  callbacks: TrainCallbacks = {},
  names: NodeNames = {},
): Promise<TrainResult> {
  useFastCpuKernels(tf);
  const { seed, epochs, batchSize, learningRate } = spec.training;
  if (dataset.id !== spec.data.dataset) throw new Error(`The engine got dataset "${dataset.id}" for a pipeline on "${spec.data.dataset}".`);
  const expected = spec.model.inputShape.slice(1).join('x');
  if (dataset.featureShape.join('x') !== expected) {
    throw new Error(`Samples are ${dataset.featureShape.join('x')}, but the model expects ${expected}.`);
  }

  callbacks.onStatus?.('Preparing data…');
  // Every tensor the run creates outside tidy(); intermediate ones are released as soon as they
  // are replaced, so a 10,000-image dataset is not held in GPU memory three times over.
  const owned = new Set<Tf.Tensor>();
  const keep = <T extends Tf.Tensor>(t: T) => (owned.add(t), t);
  const release = (...tensors: (Tf.Tensor | undefined)[]) => {
    for (const t of tensors) if (t && owned.delete(t)) t.dispose();
  };
  const replace = <T extends Tf.Tensor>(old: T, next: T) => {
    if (next !== old) release(old);
    return keep(next);
  };
  let model: Tf.LayersModel | undefined;
  let optimizer: Tf.Optimizer | undefined;
  try {
    // 1. Features and one-hot labels, preprocessed before the split (fitted on every sample).
    let x = keep(tf.tensor(dataset.features, [dataset.count, ...dataset.featureShape], 'float32'));
    const y = keep(tf.tidy(() => tf.oneHot(tf.tensor1d(dataset.labels, 'int32'), dataset.classes).toFloat()));
    spec.data.before.forEach((step, i) => {
      const transform = buildTransform(tf, step, preprocessSeed(seed, i));
      if (transform) x = replace(x, transform(x, x));
    });

    // 2. The split, then preprocessing fitted on the training rows only, so validation stays unseen.
    const indices = splitIndices(dataset.count, spec.data.split, seed);
    const pick = (t: Tf.Tensor, rows: Int32Array) => keep(tf.tidy(() => tf.gather(t, tf.tensor1d(rows, 'int32'))));
    let xTrain = spec.data.split ? pick(x, indices.train) : x;
    const yTrain = spec.data.split ? pick(y, indices.train) : y;
    let xVal = indices.validation.length > 0 ? pick(x, indices.validation) : undefined;
    const yVal = indices.validation.length > 0 ? pick(y, indices.validation) : undefined;
    if (spec.data.split) release(x, y);
    spec.data.after.forEach((step, i) => {
      const transform = buildTransform(tf, step, preprocessSeed(seed, spec.data.before.length + i));
      if (!transform) return;
      if (xVal) xVal = replace(xVal, transform(xVal, xTrain));
      xTrain = replace(xTrain, transform(xTrain, xTrain));
    });
    const summary = { trainSamples: indices.train.length, validationSamples: indices.validation.length };

    // 3. The model, then its loss, optimizer and metrics.
    ({ model, optimizer } = buildCompiledModel(tf, spec));

    // 4. Training: one fit() per epoch, so the shuffle comes from the run seed and not Math.random.
    // GPU backends compile their shaders during the first batch, which can take a while.
    let compiling = tf.getBackend() !== 'cpu';
    callbacks.onStatus?.(compiling ? 'Compiling shaders…' : 'Training…');
    const history: EpochReport[] = [];
    const batches = Math.ceil(summary.trainSamples / batchSize);
    let stopped = false;
    let diverged: { epoch: number; loss: number } | undefined;
    // tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
    // NaN: the loss shoots up to ~10-16 (confidently wrong), the clipped gradients vanish, and it
    // stays there. An untrained model scores about ln(classes); far above that means it blew up.
    const explodedAbove = Math.max(5, 4 * Math.log(dataset.classes));
    for (let epoch = 0; epoch < epochs && !stopped && !diverged; epoch++) {
      const order = permutation(summary.trainSamples, seededRandom(epochSeed(seed, epoch)));
      const [xs, ys] = tf.tidy(() => {
        const rows = tf.tensor1d(order, 'int32');
        return [tf.gather(xTrain, rows), tf.gather(yTrain, rows)];
      });
      let batchesDone = 0;
      const fitModel = model;
      try {
        await model.fit(xs, ys, {
          epochs: epoch + 1,
          initialEpoch: epoch,
          batchSize,
          shuffle: false,
          verbose: 0,
          validationData: xVal && yVal ? [xVal, yVal] : undefined,
          callbacks: {
            onBatchEnd: async (batch, logs) => {
              batchesDone = batch + 1;
              const loss = logs?.loss ?? Number.NaN;
              if (!Number.isFinite(loss)) {
                diverged = { epoch: epoch + 1, loss };
                fitModel.stopTraining = true;
                return;
              }
              if (compiling) {
                compiling = false;
                callbacks.onStatus?.('Training…');
              }
              callbacks.onProgress?.(epoch + 1, batch + 1, batches, loss);
              if (callbacks.shouldStop?.()) {
                stopped = true;
                fitModel.stopTraining = true;
              }
            },
            onEpochEnd: async (_epoch, logs) => {
              // An epoch cut short has no validation numbers: report whole epochs only.
              if (diverged || batchesDone < batches || !logs) return;
              const report = epochReport(epoch + 1, epochs, logs);
              for (const value of [report.loss, report.valLoss]) {
                if (value !== undefined && !Number.isFinite(value)) diverged = { epoch: epoch + 1, loss: value };
              }
              if (diverged) return;
              history.push(report);
              callbacks.onEpoch?.(report);
              if (report.loss > explodedAbove) diverged = { epoch: epoch + 1, loss: report.loss };
            },
          },
        });
      } finally {
        xs.dispose();
        ys.dispose();
      }
    }

    if (diverged) {
      const what = Number.isNaN(diverged.loss)
        ? 'became NaN (not a number)'
        : !Number.isFinite(diverged.loss)
          ? 'became infinite'
          : `shot up to ${diverged.loss.toFixed(1)} (an untrained model scores about ${Math.log(dataset.classes).toFixed(1)})`;
      const output = outputWithoutSoftmax(spec, names);
      return {
        outcome: 'diverged',
        message: `Training diverged at epoch ${diverged.epoch}: the loss ${what}, so the run was stopped there.${output ? ` ${output.cause}` : ''}`,
        hint: output?.fix ?? lowerRateHint(spec.optimizer.kind, learningRate),
        history,
        ...summary,
      };
    }
    return { outcome: stopped ? 'stopped' : 'finished', history, ...summary };
  } finally {
    model?.dispose();
    optimizer?.dispose();
    release(...owned);
  }
}

/** The model with the spec's optimizer, loss and metrics, ready to fit; the caller disposes both. */
function buildCompiledModel(tf: TfModule, spec: PipelineSpec): { model: Tf.LayersModel; optimizer: Tf.Optimizer } {
  const { seed } = spec.training;
  const model = buildModel(tf, spec);
  const optimizer = definition(spec.optimizer, 'optimizer').build!(spec.optimizer.params, { tf, seed }) as Tf.Optimizer;
  model.compile({
    optimizer,
    loss: definition(spec.loss, 'loss').build!(spec.loss.params, { tf, seed }) as string,
    metrics: spec.metrics.map((m) => definition(m, 'metric').build!(m.params, { tf, seed }) as string),
  });
  return { model, optimizer };
}

/**
 * Times the spec's model on the current backend: one warm-up step (where GPU backends compile
 * their shaders, which dominates a short run) and then `steps` more, on a random batch of the
 * run's shape. This is what "auto" compares backends by.
 */
export async function timeTrainingSteps(tf: TfModule, spec: PipelineSpec, batchSize: number, steps = 2): Promise<BackendTiming> {
  useFastCpuKernels(tf);
  const { model, optimizer } = buildCompiledModel(tf, spec);
  const classes = spec.data.classNames.length;
  const x = tf.randomUniform([batchSize, ...(spec.model.inputShape.slice(1) as number[])], 0, 1, 'float32', spec.training.seed);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batchSize], 0, classes, 'int32', spec.training.seed), classes).toFloat());
  try {
    let start = performance.now();
    // trainOnBatch resolves once the loss is read back, so GPU work is included in the time.
    await model.trainOnBatch(x, y);
    const warmupMs = performance.now() - start;
    start = performance.now();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
    return { warmupMs, batchMs: (performance.now() - start) / steps };
  } finally {
    model.dispose();
    optimizer.dispose();
    x.dispose();
    y.dispose();
  }
}

/**
 * Cross-entropy takes the log of the model's outputs as probabilities; a last layer that is not
 * softmax gives it negatives or zeros, and the loss blows up whatever the learning rate. When that
 * is so, it is the cause to name, not the learning rate.
 */
export function outputWithoutSoftmax(spec: PipelineSpec, names: NodeNames): { cause: string; fix: string } | null {
  if (spec.loss.kind !== 'loss.categoricalCrossentropy') return null;
  const last = spec.model.layers.find((l) => l.nodeId === spec.model.output);
  const activation = last?.params.activation;
  if (!last || activation === undefined || activation === 'softmax') return null;
  return {
    cause: `The last layer, ${nameOf(names, last.nodeId, last.kind)}, uses ${String(activation)}: cross-entropy needs softmax probabilities.`,
    fix: 'Set its activation to softmax.',
  };
}

/**
 * A learning rate to try after a divergence: the optimizer's usual starting point when the rate
 * is far above it (10x smaller than Adam at 10 is still far too high), else 10x smaller.
 */
export function lowerRateHint(optimizerKind: string, learningRate: number): string {
  const def = getNodeDefinition(optimizerKind);
  const typical = def?.typicalLearningRate;
  const name = def?.ui.label ?? 'the optimizer';
  if (typical !== undefined && learningRate > 10 * typical) {
    return `Lower the learning rate of ${name} from ${formatRate(learningRate)} to ${formatRate(typical)}, its usual starting point.`;
  }
  return `Lower the learning rate of ${name} from ${formatRate(learningRate)} to ${formatRate(learningRate / 10)} (10x smaller).`;
}

/** The spec's layers as a tfjs functional model, built layer by layer in topological order. */
export function buildModel(tf: TfModule, spec: PipelineSpec): Tf.LayersModel {
  const input = tf.input({ shape: spec.model.inputShape.slice(1) as number[] });
  const symbols = new Map<string, Tf.SymbolicTensor>([[modelInputId, input]]);
  spec.model.layers.forEach((layer, i) => {
    const built = definition(layer, 'layer').build!(layer.params, { tf, seed: layerSeed(spec.training.seed, i) }) as Tf.layers.Layer;
    const inputs = layer.inputs.map((id) => symbols.get(id) ?? missing(id));
    symbols.set(layer.nodeId, built.apply(inputs.length === 1 ? inputs[0] : inputs) as Tf.SymbolicTensor);
  });
  return tf.model({ inputs: input, outputs: symbols.get(spec.model.output) ?? missing(spec.model.output) });
}

function definition(step: SpecStep, category: Category): AnyNodeDefinition {
  const def = getNodeDefinition(step.kind);
  if (!def || def.category !== category || !def.build) {
    throw new Error(`Node "${step.nodeId}" (${step.kind}) cannot be used as a ${category} by this version of the engine.`);
  }
  return def;
}

function buildTransform(tf: TfModule, step: SpecStep, seed: number): Transform | undefined {
  const def = getNodeDefinition(step.kind);
  if (!def || def.category !== 'preprocess') {
    throw new Error(`Node "${step.nodeId}" (${step.kind}) is not a preprocessing step this version of the engine knows.`);
  }
  return def.build?.(step.params, { tf, seed }) as Transform | undefined;
}

function missing(id: string): never {
  throw new Error(`The model reads "${id}", which no earlier layer produces: the spec is out of order.`);
}

/** tfjs names the accuracy metric "acc" in its logs. */
function epochReport(epoch: number, epochs: number, logs: Tf.Logs): EpochReport {
  const report: EpochReport = { epoch, epochs, loss: logs.loss };
  const accuracy = logs.acc ?? logs.accuracy;
  const valAccuracy = logs.val_acc ?? logs.val_accuracy;
  if (accuracy !== undefined) report.accuracy = accuracy;
  if (logs.val_loss !== undefined) report.valLoss = logs.val_loss;
  if (valAccuracy !== undefined) report.valAccuracy = valAccuracy;
  return report;
}

function formatRate(rate: number): string {
  return Number(rate.toPrecision(2)).toString();
}
