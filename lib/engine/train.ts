import type * as Tf from '@tensorflow/tfjs';
import { getNodeDefinition } from '@/nodes';
import type { AnyNodeDefinition, Category, LossFunction, TargetEncoding, TfModule } from '@/nodes/define-node';
import { classNamesOf, type PipelineSpec, type SpecStep } from '@/lib/spec/spec';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import { prepareData, type DataPlan, type PartData, type PreparedData } from '@/lib/data/run';
import { rebatch, takePartRows } from '@/lib/data/stream';
import type { DataTensor, PartitionName, Table, Target } from '@/lib/data/table';
import type { BackendTiming, EpochReport } from './protocol';
import { useFastCpuKernels } from './cpu-kernels';
import { deriveSeed, permutation, seededRandom } from './random';
import { earlyStoppingSummary, trainingControls, type TrainingControls } from './training-controls';

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
  testSamples: number;
  /** The loss and every metric on the test rows, measured once after training (Keras names); absent without test rows. */
  test?: Record<string, number>;
  /** What each preprocessing step learnt from the training rows, by node id. */
  fitted: Record<string, unknown>;
  /** The epoch (1-based) whose weights the model ends with, when early stopping put the best one back. */
  restoredEpoch?: number;
  /** What early stopping did, in one sentence; absent when it is off. */
  earlyStopping?: string;
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
/** The seed of the data step at `index` of the spec's steps: the split's own, or one by its place. */
export const dataStepSeed = (seed: number, index: number, isSplit: boolean) => (isSplit ? splitSeed(seed) : preprocessSeed(seed, index));
export const layerSeed = (seed: number, index: number) => deriveSeed(seed, 3, index);
export const epochSeed = (seed: number, epoch: number) => deriveSeed(seed, 4, epoch);

/** The spec's data stage as the data-stage runner takes it: each node's step functions and seed. */
export function dataPlan(spec: PipelineSpec): DataPlan {
  const { seed } = spec.training;
  return {
    source: spec.data.dataset.output,
    steps: spec.data.steps.map((step, i) => {
      const def = getNodeDefinition(step.kind);
      if (!def?.data) throw new Error(`Node "${step.nodeId}" (${step.kind}) is not a data step this version of the engine knows.`);
      return {
        id: step.nodeId,
        step: def.data.step,
        params: step.params,
        inputs: step.inputs,
        outputs: step.outputs,
        seed: dataStepSeed(seed, i, step.nodeId === spec.data.split),
      };
    }),
    inputs: spec.data.inputs.map((input) => input.id),
    target: spec.data.target.port,
  };
}

/** Runs the spec's data stage on the dataset's table: each part's model inputs and target, as plain arrays. */
export function prepareRun(spec: PipelineSpec, table: Table): PreparedData {
  const prepared = prepareData(dataPlan(spec), table);
  spec.data.inputs.forEach((input, i) => {
    const expected = input.shape.slice(1).join('x');
    const got = prepared.train.inputs[i].shape.slice(1).join('x');
    if (got !== expected) throw new Error(`The data gives samples of ${got}, but the model expects ${expected} at ${input.id}.`);
  });
  return prepared;
}

/**
 * Rows fed to training batch by batch as plain arrays, each batch a small tensor disposed after its
 * step: for training inputs too big to hold as whole tensors (memoryFeed), and for rows read from
 * a file while training (lib/engine/train-stream.ts). Validation and test rows are measured batch
 * by batch too.
 */
export interface BatchFeed {
  kind: 'batches';
  /** Rows of each part, after every data step. */
  rows: Record<PartitionName, number>;
  /** What each preprocessing step learnt, by node id. */
  states: Record<string, unknown>;
  /** A part's rows, in chunks of any size, in the order they are fed: training rows in epoch `epoch`'s (0-based) order. */
  part: (part: PartitionName, epoch: number) => AsyncIterable<PartData>;
}

/**
 * Training inputs above this many bytes are fed batch by batch instead of as whole tensors.
 * Whole tensors hold the inputs twice more on the backend (the tensors and each epoch's shuffled
 * copy), on top of the arrays: 3x the inputs, which a browser tab (WebGPU, WebGL) or a 2-core CI
 * machine feels from a few hundred MB. Below it the whole-tensor path stays: tfjs's fit() slices
 * the batches on the backend, which measured faster on small sets (the README gives the numbers).
 */
export const BATCHED_ABOVE_BYTES = 64 * 1024 * 1024;

function inputBytes(part: PartData): number {
  return part.inputs.reduce((n, x) => n + x.values.byteLength, 0);
}

/**
 * In-memory rows as a batch feed: each epoch's training batches gathered from the arrays in the
 * seeded order the whole-tensor path shuffles them into, so both paths train on the same batches.
 */
export function memoryFeed(data: PreparedData, seed: number, batchSize: number): BatchFeed {
  const parts = { train: data.train, validation: data.validation, test: data.test };
  return {
    kind: 'batches',
    rows: { train: data.train.rows, validation: data.validation?.rows ?? 0, test: data.test?.rows ?? 0 },
    states: data.states,
    part: async function* (name, epoch) {
      const rows = parts[name];
      if (!rows) return;
      if (name !== 'train') {
        for (let from = 0; from < rows.rows; from += batchSize) yield takePartRows(rows, inOrder(from, Math.min(batchSize, rows.rows - from)));
        return;
      }
      // Augmentation: fresh variations of the training rows every epoch.
      const train = data.trainingInputs ? { ...rows, inputs: data.trainingInputs(epoch) } : rows;
      const order = permutation(train.rows, seededRandom(epochSeed(seed, epoch)));
      for (let from = 0; from < train.rows; from += batchSize) yield takePartRows(train, order.subarray(from, from + batchSize));
    },
  };
}

function inOrder(from: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => from + i);
}

/** How the loss wants the target; a loss that does not say takes one-hot classes or the numbers as they are. */
function targetEncoding(spec: PipelineSpec): TargetEncoding {
  const declared = getNodeDefinition(spec.loss.kind)?.targetEncoding;
  return declared ?? (spec.data.target.info.kind === 'classes' ? 'oneHot' : 'numbers');
}

/** The target as the tensor the loss compares with. */
function targetTensor(tf: TfModule, target: Target, encoding: TargetEncoding): Tf.Tensor {
  return tf.tidy(() => {
    if (target.kind === 'numbers') return tf.tensor2d(target.values, [target.values.length / target.names.length, target.names.length]);
    const indices = tf.tensor1d(target.values, 'int32');
    if (encoding === 'oneHot') return tf.oneHot(indices, target.classNames.length).toFloat();
    return indices.toFloat().reshape([-1, 1]);
  });
}

/**
 * `names`: how the canvas names the spec's nodes, so that a message points at what a person sees.
 * `data`: the spec's data stage already run on the dataset's table (prepareRun).
 */
export async function train(
  tf: TfModule,
  spec: PipelineSpec,
  data: PreparedData | BatchFeed,
  callbacks: TrainCallbacks = {},
  names: NodeNames = {},
  /** Tests lower it to compare both paths on a small set. */
  batchedAboveBytes = BATCHED_ABOVE_BYTES,
): Promise<TrainResult> {
  useFastCpuKernels(tf);
  const { seed, batchSize } = spec.training;
  const big = !('kind' in data) && inputBytes(data.train) > batchedAboveBytes;
  return trainOn(tf, spec, big ? memoryFeed(data as PreparedData, seed, batchSize) : data, callbacks, names);
}

async function trainOn(tf: TfModule, spec: PipelineSpec, source: PreparedData | BatchFeed, callbacks: TrainCallbacks, names: NodeNames): Promise<TrainResult> {
  const { seed, epochs, batchSize, learningRate } = spec.training;
  const feed = 'kind' in source ? source : undefined;
  const data = feed ? undefined : (source as PreparedData);
  const classNames = classNamesOf(spec);
  const encoding = targetEncoding(spec);

  callbacks.onStatus?.('Preparing data…');
  // Every tensor the run creates outside tidy(), released at the end whatever happens.
  const owned = new Set<Tf.Tensor>();
  const keep = <T extends Tf.Tensor>(t: T) => (owned.add(t), t);
  const release = (...tensors: Tf.Tensor[]) => {
    for (const t of tensors) if (owned.delete(t)) t.dispose();
  };
  const toTensors = (inputs: DataTensor[]) => inputs.map((x) => keep(tf.tensor(x.values, x.shape, x.dtype)));
  const part = (p: PartData | undefined) => (p ? { xs: toTensors(p.inputs), y: keep(targetTensor(tf, p.target, encoding)), data: p } : undefined);
  let model: Tf.LayersModel | undefined;
  let optimizer: Tf.Optimizer | undefined;
  let controls: TrainingControls | undefined;
  try {
    // Fed batch by batch, no part is held as a tensor: the feed gives each batch's arrays.
    let trainPart = part(data?.train);
    const validation = part(data?.validation);
    const test = part(data?.test);
    const summary = feed
      ? { trainSamples: feed.rows.train, validationSamples: feed.rows.validation, testSamples: feed.rows.test, fitted: feed.states }
      : { trainSamples: data!.train.rows, validationSamples: data!.validation?.rows ?? 0, testSamples: data!.test?.rows ?? 0, fitted: data!.states };

    ({ model, optimizer } = buildCompiledModel(tf, spec));
    const fitModel = model;
    // The optimizer's schedule, gradient clipping and early stopping (lib/engine/training-controls.ts).
    controls = trainingControls(tf, model, spec.training);
    const runControls = controls;
    let stoppedEarly = false;

    // One fit() per epoch, so the shuffle comes from the run seed and not Math.random.
    // GPU backends compile their shaders during the first batch, which can take a while.
    let compiling = tf.getBackend() !== 'cpu';
    callbacks.onStatus?.(compiling ? 'Compiling shaders…' : 'Training…');
    const history: EpochReport[] = [];
    const batches = Math.ceil(summary.trainSamples / batchSize);
    let stopped = false;
    let diverged: { epoch: number; loss: number } | undefined;
    // tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
    // NaN: the loss shoots up to ~10-16 (confidently wrong), the clipped gradients vanish, and it
    // stays there. An untrained classifier scores about ln(classes); far above that means it blew
    // up. A regression loss has no such scale: only NaN and infinity count there.
    const explodedAbove = classNames && encoding !== 'numbers' ? Math.max(5, 4 * Math.log(classNames.length)) : Infinity;
    for (let epoch = 0; epoch < epochs && !stopped && !diverged && !stoppedEarly; epoch++) {
      runControls.startEpoch(epoch);
      let batchesDone = 0;
      const fitArgs: Tf.ModelFitDatasetArgs<unknown> = {
        epochs: epoch + 1,
        initialEpoch: epoch,
        verbose: 0,
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
              let measured: Record<string, number> = {};
              if (validation) measured = measure(tf, fitModel, spec, validation.xs, validation.data, batchSize);
              else if (feed && summary.validationSamples > 0) {
                const { loss, ...metrics } = await evaluateBatches(tf, fitModel, spec, feed.part('validation', epoch), encoding, batchSize);
                logs = { ...logs, val_loss: loss };
                measured = metrics;
              }
              const report = epochReport(epoch + 1, epochs, logs);
              if (Object.keys(measured).length > 0) report.valMetrics = measured;
              if (report.valMetrics?.accuracy !== undefined) report.valAccuracy = report.valMetrics.accuracy;
              for (const value of [report.loss, report.valLoss]) {
                if (value !== undefined && !Number.isFinite(value)) diverged = { epoch: epoch + 1, loss: value };
              }
              if (diverged) return;
              history.push(report);
              callbacks.onEpoch?.(report);
              if (report.loss > explodedAbove) diverged = { epoch: epoch + 1, loss: report.loss };
              else if (runControls.endEpoch(epoch, kerasLogs(report))) stoppedEarly = true;
            },
        },
      };
      if (feed) {
        await model.fitDataset(batchDataset(tf, () => rebatch(feed.part('train', epoch), batchSize), encoding), fitArgs);
        continue;
      }
      if (data!.trainingInputs) {
        // Augmentation: fresh variations of the training rows every epoch.
        release(...trainPart!.xs);
        trainPart = { ...trainPart!, xs: toTensors(data!.trainingInputs(epoch)) };
      }
      const order = permutation(summary.trainSamples, seededRandom(epochSeed(seed, epoch)));
      const held = trainPart!;
      const [ys, ...xs] = tf.tidy(() => {
        const rows = tf.tensor1d(order, 'int32');
        return [tf.gather(held.y, rows), ...held.xs.map((x) => tf.gather(x, rows))];
      });
      try {
        await model.fit(xs.length === 1 ? xs[0] : xs, ys, {
          ...fitArgs,
          batchSize,
          shuffle: false,
          validationData: validation ? [validation.xs.length === 1 ? validation.xs[0] : validation.xs, validation.y] : undefined,
        });
      } finally {
        tf.dispose([ys, ...xs]);
      }
    }

    const early = controls.finish();
    const restored = early?.endsWithBest && spec.training.earlyStopping?.restoreBestWeights ? { restoredEpoch: early.bestEpoch + 1 } : {};
    const earlyStopping = early ? { earlyStopping: earlyStoppingSummary(early) } : {};
    if (diverged) {
      const what = Number.isNaN(diverged.loss)
        ? 'became NaN (not a number)'
        : !Number.isFinite(diverged.loss)
          ? 'became infinite'
          : `shot up to ${diverged.loss.toFixed(1)} (an untrained model scores about ${Math.log(classNames?.length ?? 2).toFixed(1)})`;
      const output = outputWithoutSoftmax(spec, names);
      return {
        outcome: 'diverged',
        message: `Training diverged at epoch ${diverged.epoch}: the loss ${what}, so the run was stopped there.${output ? ` ${output.cause}` : ''}`,
        hint: output?.fix ?? lowerRateHint(spec.optimizer.kind, learningRate),
        history,
        ...summary,
        ...earlyStopping,
      };
    }
    const testValues =
      history.length === 0
        ? undefined
        : test
          ? await evaluatePart(tf, model, spec, test.xs, test.y, test.data, batchSize)
          : feed && summary.testSamples > 0
            ? await evaluateBatches(tf, model, spec, feed.part('test', 0), encoding, batchSize)
            : undefined;
    return { outcome: stopped ? 'stopped' : 'finished', history, ...summary, ...restored, ...earlyStopping, ...(testValues ? { test: testValues } : {}) };
  } finally {
    controls?.dispose();
    model?.dispose();
    optimizer?.dispose();
    release(...owned);
  }
}

/** An epoch's numbers in Keras naming, as early stopping watches them: loss, val_loss, val_accuracy, val_f1, ... */
function kerasLogs(report: EpochReport): Record<string, number | undefined> {
  const logs: Record<string, number | undefined> = { loss: report.loss, accuracy: report.accuracy, val_loss: report.valLoss, val_accuracy: report.valAccuracy };
  for (const [name, value] of Object.entries(report.valMetrics ?? {})) logs[`val_${name}`] = value;
  return logs;
}

/** Batches of plain arrays as a tf.data set of small tensors; fitDataset disposes each batch after its step. */
function batchDataset(tf: TfModule, batches: () => AsyncIterable<PartData>, encoding: TargetEncoding) {
  // fitDataset asks for an iterator more than once and reads the last: each call starts afresh.
  return tf.data.generator(async function* () {
    for await (const batch of batches()) {
      const xs = batch.inputs.map((x) => tf.tensor(x.values, x.shape, x.dtype));
      yield { xs: xs.length === 1 ? xs[0] : xs, ys: targetTensor(tf, batch.target, encoding) };
    }
  } as () => AsyncIterator<Tf.TensorContainer>);
}

/**
 * The loss and every metric on a part fed batch by batch: the loss averaged over rows, the
 * metrics from the whole part's truth and predictions (a few numbers per row, never its inputs).
 */
async function evaluateBatches(tf: TfModule, model: Tf.LayersModel, spec: PipelineSpec, chunks: AsyncIterable<PartData>, encoding: TargetEncoding, batchSize: number): Promise<Record<string, number>> {
  let lossSum = 0;
  let rows = 0;
  const truths: Target[] = [];
  const outputs: Float32Array[] = [];
  let width = 1;
  for await (const batch of rebatch(chunks, batchSize)) {
    const xs = batch.inputs.map((x) => tf.tensor(x.values, x.shape, x.dtype));
    const y = targetTensor(tf, batch.target, encoding);
    try {
      const evaluated = model.evaluate(xs.length === 1 ? xs[0] : xs, y, { batchSize });
      const [loss] = Array.isArray(evaluated) ? evaluated : [evaluated];
      lossSum += (await loss.data())[0] * batch.rows;
      tf.dispose(evaluated);
      const prediction = predictions(tf, model, xs, batchSize);
      outputs.push(prediction.values);
      width = prediction.outputs;
    } finally {
      tf.dispose([...xs, y]);
    }
    rows += batch.rows;
    truths.push(batch.target);
  }
  const values = new Float32Array(rows * width);
  outputs.reduce((at, o) => (values.set(o, at), at + o.length), 0);
  const target = joinTargets(truths);
  return { loss: lossSum / rows, ...metricValues(spec, target, { values, outputs: width }) };
}

function joinTargets(targets: Target[]): Target {
  const values = targets[0].kind === 'classes' ? new Int32Array(targets.reduce((n, t) => n + t.values.length, 0)) : new Float32Array(targets.reduce((n, t) => n + t.values.length, 0));
  targets.reduce((at, t) => (values.set(t.values, at), at + t.values.length), 0);
  return { ...targets[0], values } as Target;
}

/** The model's outputs for a part's inputs, as one flat array (`outputs` numbers per row). */
function predictions(tf: TfModule, model: Tf.LayersModel, xs: Tf.Tensor[], batchSize: number): { values: Float32Array; outputs: number } {
  const out = model.predict(xs.length === 1 ? xs[0] : xs, { batchSize }) as Tf.Tensor;
  try {
    return { values: out.dataSync() as Float32Array, outputs: out.shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1) };
  } finally {
    tf.dispose(out);
  }
}

/**
 * Every metric node's value on a part's rows, keyed by its Keras name: pure functions of the truth
 * and the model's outputs (lib/metrics), so the exported program computes the same numbers.
 */
function measure(tf: TfModule, model: Tf.LayersModel, spec: PipelineSpec, xs: Tf.Tensor[], part: PartData, batchSize: number): Record<string, number> {
  if (!spec.metrics.some((m) => getNodeDefinition(m.kind)?.measure)) return {};
  return metricValues(spec, part.target, predictions(tf, model, xs, batchSize));
}

function metricValues(spec: PipelineSpec, target: Target, prediction: { values: Float32Array; outputs: number }): Record<string, number> {
  const values: Record<string, number> = {};
  for (const step of spec.metrics) {
    const def = getNodeDefinition(step.kind);
    if (def?.measure) values[metricName(def, step.params)] = def.measure(step.params, target, prediction.values, prediction.outputs).value;
  }
  return values;
}

/** The loss and every metric on a held-out part, in Keras names. */
async function evaluatePart(tf: TfModule, model: Tf.LayersModel, spec: PipelineSpec, xs: Tf.Tensor[], y: Tf.Tensor, part: PartData, batchSize: number): Promise<Record<string, number>> {
  const evaluated = model.evaluate(xs.length === 1 ? xs[0] : xs, y, { batchSize });
  const [loss] = Array.isArray(evaluated) ? evaluated : [evaluated];
  const values = { loss: (await loss.data())[0], ...measure(tf, model, spec, xs, part, batchSize) };
  tf.dispose(evaluated);
  return values;
}

/** The model with the spec's optimizer, loss and metrics, ready to fit; the caller disposes both. */
function buildCompiledModel(tf: TfModule, spec: PipelineSpec): { model: Tf.LayersModel; optimizer: Tf.Optimizer } {
  const { seed } = spec.training;
  const model = buildModel(tf, spec);
  const optimizer = definition(spec.optimizer, 'optimizer').build!(spec.optimizer.params, { tf, seed }) as Tf.Optimizer;
  model.compile({
    optimizer,
    loss: definition(spec.loss, 'loss').build!(spec.loss.params, { tf, seed }) as string | LossFunction,
    // Only metrics tfjs also logs on the training batches (accuracy); every metric is measured on
    // the validation rows by lib/metrics.
    metrics: spec.metrics.flatMap((m) => {
      const def = getNodeDefinition(m.kind);
      return def?.category === 'metric' && def.build ? [def.build(m.params, { tf, seed }) as string] : [];
    }),
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
  const { seed } = spec.training;
  // Ids are looked up, not multiplied: zeros are valid ids of any vocabulary.
  const xs = spec.data.inputs.map((input) => {
    const shape = [batchSize, ...(input.shape.slice(1) as number[])];
    return input.dtype === 'int32' ? tf.zeros(shape, 'int32') : tf.randomUniform(shape, 0, 1, 'float32', seed);
  });
  const rows = new Int32Array(batchSize).map((_, i) => i % 2);
  const info = spec.data.target.info;
  const truth: Target =
    info.kind === 'classes' ? { kind: 'classes', classNames: info.classNames, values: rows } : { kind: 'numbers', names: info.names, values: new Float32Array(batchSize * info.names.length) };
  const y = targetTensor(tf, truth, targetEncoding(spec));
  const x = xs.length === 1 ? xs[0] : xs;
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
    tf.dispose([...xs, y]);
  }
}

/**
 * Cross-entropy takes the log of the model's outputs as probabilities; a last layer that does not
 * end in the activation the loss expects (softmax, sigmoid) gives it negatives or zeros, and the
 * loss blows up whatever the learning rate. When that is so, it is the cause to name, not the
 * learning rate.
 */
export function outputWithoutSoftmax(spec: PipelineSpec, names: NodeNames): { cause: string; fix: string } | null {
  const expected = getNodeDefinition(spec.loss.kind)?.outputActivation;
  if (expected !== 'softmax' && expected !== 'sigmoid') return null;
  const last = spec.model.layers.find((l) => l.nodeId === spec.model.output);
  const activation = last?.params.activation;
  if (!last || activation === undefined || activation === expected) return null;
  return {
    cause: `The last layer, ${nameOf(names, last.nodeId, last.kind)}, uses ${String(activation)}: cross-entropy needs ${expected} probabilities.`,
    fix: `Set its activation to ${expected}.`,
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
  const inputs = spec.data.inputs.map((input) => tf.input({ shape: input.shape.slice(1) as number[], dtype: input.dtype }));
  const symbols = new Map<string, Tf.SymbolicTensor>(spec.data.inputs.map((input, i) => [input.id, inputs[i]]));
  spec.model.layers.forEach((layer, i) => {
    const built = definition(layer, 'layer').build!(layer.params, { tf, seed: layerSeed(spec.training.seed, i) }) as Tf.layers.Layer;
    const from = layer.inputs.map((id) => symbols.get(id) ?? missing(id));
    symbols.set(layer.nodeId, built.apply(from.length === 1 ? from[0] : from) as Tf.SymbolicTensor);
  });
  return tf.model({ inputs: inputs.length === 1 ? inputs[0] : inputs, outputs: symbols.get(spec.model.output) ?? missing(spec.model.output) });
}

/** The key a metric's value is reported under: its Keras name ('accuracy', 'f1', 'mae'). */
export function metricName(def: AnyNodeDefinition, params: Record<string, unknown>): string {
  return def.metricName?.(params) ?? def.kind.replace(/^metric\./, '');
}

function definition(step: SpecStep, category: Category): AnyNodeDefinition {
  const def = getNodeDefinition(step.kind);
  if (!def || def.category !== category || !def.build) {
    throw new Error(`Node "${step.nodeId}" (${step.kind}) cannot be used as a ${category} by this version of the engine.`);
  }
  return def;
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
