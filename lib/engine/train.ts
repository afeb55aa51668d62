import type * as Tf from '@tensorflow/tfjs';
import { getNodeDefinition } from '@/nodes';
import type { AnyNodeDefinition, Category, LossFunction, TargetEncoding, TfModule } from '@/nodes/define-node';
import { classNamesOf, type PipelineSpec, type SpecStep } from '@/lib/spec/spec';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import { prepareData, type DataPlan, type PartData, type PreparedData } from '@/lib/data/run';
import { rebatch, takePartRows } from '@/lib/data/stream';
import { numberRanges, type DataTensor, type PartitionName, type Table, type Target } from '@/lib/data/table';
import type { BackendTiming, EpochReport } from './protocol';
import type { BatchPoint, Checkpoint, TensorSet } from '@/lib/runs/model';
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
  /**
   * After each batch, 1-based. `loss` is the latest training loss read back, which may be a few
   * batches old (see BatchReader); undefined before the first. Called for every batch:
   * throttling is the caller's job.
   */
  onProgress?: (epoch: number, batch: number, batches: number, loss: number | undefined) => void;
  /** Training batches' losses, as they are read back: a few batches at a time, in order. */
  onPoints?: (points: BatchPoint[]) => void;
  onEpoch?: (report: EpochReport) => void;
  /** Polled after each batch; true ends the run after that batch. */
  shouldStop?: () => boolean;
  /** Polled after each batch; true pauses the run there and hands `onPause` a checkpoint. */
  shouldPause?: () => boolean;
  /** The run waits, model and all, until this settles: 'resume' goes on with the next batch, 'stop' ends the run. */
  onPause?: (checkpoint: Checkpoint) => Promise<'resume' | 'stop'>;
}

export interface TrainOptions {
  /** Return the trained model (TrainResult.model) instead of disposing it; the caller disposes it. */
  keepModel?: boolean;
  /** Go on from a paused run: its checkpoint and the epochs it had completed. */
  resume?: { checkpoint: Checkpoint; history: EpochReport[] };
  /** Tests lower it to compare both paths on a small set. */
  batchedAboveBytes?: number;
  /**
   * After each completed epoch, where a run would resume from: the worker keeps it on WebGPU in
   * case the device is lost (the GPU's memory is gone then). It costs one read of the weights.
   */
  onEpochCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** The model's outputs on the held-out rows the results describe: validation rows, else test, else training rows. */
export interface HeldOutPredictions {
  part: PartitionName;
  data: PartData;
  prediction: Float32Array;
  /** Numbers per row in `prediction`. */
  outputs: number;
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
  /** Each number column's range on the training rows (rows held in memory only): predictions beyond it are guesses. */
  ranges?: Record<string, [number, number]>;
  /** The epoch (1-based) whose weights the model ends with, when early stopping put the best one back. */
  restoredEpoch?: number;
  /** What early stopping did, in one sentence; absent when it is off. */
  earlyStopping?: string;
  /** After at least one epoch on rows held in memory: the predictions the results panel is computed from. */
  heldOut?: HeldOutPredictions;
  /** With `keepModel`: the trained model, for the caller to save or predict with, and dispose. */
  model?: Tf.LayersModel;
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
 * Training inputs above this many bytes are never held as tensors: every part is fed from the
 * arrays batch by batch (memoryFeed), validation and test rows too. Below it each part is also
 * held as whole tensors, once, on the backend (a GPU gathers each batch there, and the
 * validation rows are scored in one pass); above it that copy is what a browser tab (WebGPU,
 * WebGL) or a 2-core CI machine feels, from a few hundred MB.
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
      yield* batchesInOrder(train, permutation(train.rows, seededRandom(epochSeed(seed, epoch))), batchSize);
    },
  };
}

/** A part's rows copied batch by batch in the given order (a memcpy per row). */
function* batchesInOrder(rows: PartData, order: Int32Array, batchSize: number): Generator<PartData> {
  for (let from = 0; from < order.length; from += batchSize) yield takePartRows(rows, order.subarray(from, from + batchSize));
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
  options: TrainOptions = {},
): Promise<TrainResult> {
  useFastCpuKernels(tf);
  const { seed, batchSize } = spec.training;
  const big = !('kind' in data) && inputBytes(data.train) > (options.batchedAboveBytes ?? BATCHED_ABOVE_BYTES);
  return trainOn(tf, spec, big ? memoryFeed(data as PreparedData, seed, batchSize) : data, callbacks, names, options);
}

async function trainOn(
  tf: TfModule,
  spec: PipelineSpec,
  source: PreparedData | BatchFeed,
  callbacks: TrainCallbacks,
  names: NodeNames,
  options: TrainOptions,
): Promise<TrainResult> {
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
  let kept = false;
  try {
    // Fed batch by batch, no part is held as a tensor: the feed gives each batch's arrays.
    let trainPart = part(data?.train);
    const validation = part(data?.validation);
    const test = part(data?.test);
    const summary = feed
      ? { trainSamples: feed.rows.train, validationSamples: feed.rows.validation, testSamples: feed.rows.test, fitted: feed.states }
      : {
          trainSamples: data!.train.rows,
          validationSamples: data!.validation?.rows ?? 0,
          testSamples: data!.test?.rows ?? 0,
          fitted: data!.states,
          ranges: numberRanges(data!.tables.train),
        };

    ({ model, optimizer } = buildCompiledModel(tf, spec));
    const fitModel = model;
    const fitOptimizer = optimizer;
    const resume = options.resume;
    if (resume) await restoreCheckpoint(tf, model, optimizer, resume.checkpoint);
    // The optimizer's schedule, gradient clipping and early stopping (lib/engine/training-controls.ts);
    // a resumed run's early stopping goes on from the finished epochs and the best weights it held.
    controls = trainingControls(
      tf,
      model,
      spec.training,
      resume && {
        history: resume.history.map(kerasLogs),
        bestWeights: resume.checkpoint.bestWeights && tensorsOf(tf, resume.checkpoint.bestWeights).map((w) => w.tensor),
      },
    );
    const runControls = controls;
    let stoppedEarly = false;

    // One fit() per epoch, so the shuffle comes from the run seed and not Math.random.
    // GPU backends compile their shaders during the first batch, which can take a while.
    let compiling = tf.getBackend() !== 'cpu';
    callbacks.onStatus?.(compiling ? 'Compiling shaders…' : 'Training…');
    const history: EpochReport[] = [...(resume?.history ?? [])];
    const batches = Math.ceil(summary.trainSamples / batchSize);
    let stopped = false;
    let diverged: { epoch: number; loss: number } | undefined;
    // tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
    // NaN: the loss shoots up to ~10-16 (confidently wrong), the clipped gradients vanish, and it
    // stays there. An untrained classifier scores about ln(classes); far above that means it blew
    // up. A regression loss has no such scale: only NaN and infinity count there.
    const explodedAbove = classNames && encoding !== 'numbers' ? Math.max(5, 4 * Math.log(classNames.length)) : Infinity;
    const reader = new BatchReader(tf, (points) => {
      for (const point of points) {
        if (!diverged && !Number.isFinite(point.loss)) {
          diverged = { epoch: point.epoch, loss: point.loss };
          fitModel.stopTraining = true;
        }
      }
      callbacks.onPoints?.(points);
    });
    const yielder = eventLoopYielder();
    // The predictions on the held-out rows after the latest epoch: the results are computed from the last.
    let heldOut: HeldOutPredictions | undefined;
    const firstEpoch = resume?.checkpoint.epoch ?? 0;
    for (let epoch = firstEpoch; epoch < epochs && !stopped && !diverged && !stoppedEarly; epoch++) {
      runControls.startEpoch(epoch);
      // A resumed epoch starts after the batches its checkpoint had done.
      const skipped = resume && epoch === firstEpoch ? resume.checkpoint.batch : 0;
      let batchesDone = skipped;
      const watcher = new (class extends tf.Callback {
        override async onBatchEnd(batch: number, logs?: Tf.Logs) {
          batchesDone = skipped + batch + 1;
          // The loss stays on the backend: reading it now would wait for the GPU after every batch.
          reader.add(epoch * batches + batchesDone, epoch + 1, logs as unknown as Record<string, Tf.Scalar | number>);
          if (compiling) {
            compiling = false;
            callbacks.onStatus?.('Training…');
          }
          callbacks.onProgress?.(epoch + 1, batchesDone, batches, reader.latest);
          if (callbacks.shouldPause?.() && callbacks.onPause && batchesDone < batches) {
            await reader.flush();
            const checkpoint = await takeCheckpoint(fitModel, fitOptimizer, epoch, batchesDone, runControls.heldBestWeights());
            if ((await callbacks.onPause(checkpoint)) === 'stop') stopped = true;
          }
          if (callbacks.shouldStop?.()) stopped = true;
          if (stopped) fitModel.stopTraining = true;
          // Lets the worker hear "stop" and "pause" between batches, without a timer's minimum delay.
          else await yielder();
        }
        override async onEpochEnd(_epoch: number, epochLogs?: Tf.Logs) {
          await reader.flush();
          // An epoch cut short has no validation numbers: report whole epochs only.
          if (diverged || batchesDone < batches || !epochLogs) return;
          // tfjs's own logger averaged the epoch's batches on the backend: one read per epoch.
          const logs = await resolveLogs(epochLogs as unknown as Record<string, Tf.Scalar | number>);
          let measured: Record<string, number> = {};
          if (validation) {
            // One pass over the validation rows gives their loss and every metric.
            const scored = await scorePart(tf, fitModel, spec, validation.xs, validation.y, validation.data, batchSize);
            logs.val_loss = scored.values.loss;
            const { loss: _loss, ...metrics } = scored.values;
            measured = metrics;
            heldOut = { part: 'validation', data: validation.data, prediction: scored.prediction, outputs: scored.outputs };
          } else if (feed && summary.validationSamples > 0) {
            const { loss, ...metrics } = await evaluateBatches(tf, fitModel, spec, feed.part('validation', epoch), encoding, batchSize);
            logs.val_loss = loss;
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
          // Taken after early stopping has seen the epoch, so it holds this epoch's weights if best.
          if (options.onEpochCheckpoint && !diverged) options.onEpochCheckpoint(await takeCheckpoint(fitModel, fitOptimizer, epoch + 1, 0, runControls.heldBestWeights()));
        }
      })();
      const fitArgs = { epochs: epoch + 1, initialEpoch: epoch, verbose: 0 as const, callbacks: [watcher] };
      if (feed) {
        const chunks = () => skipBatches(rebatch(feed.part('train', epoch), batchSize), skipped);
        await model.fitDataset(batchDataset(tf, chunks, encoding), fitArgs);
        continue;
      }
      if (data!.trainingInputs) {
        // Augmentation: fresh variations of the training rows every epoch.
        release(...trainPart!.xs);
        const inputs = data!.trainingInputs(epoch);
        trainPart = { ...trainPart!, xs: toTensors(inputs), data: { ...trainPart!.data, inputs } };
      }
      const order = permutation(summary.trainSamples, seededRandom(epochSeed(seed, epoch))).subarray(skipped * batchSize);
      const held = trainPart!;
      // Each batch gathered on its own, in the epoch's order: model.fit() on whole tensors would
      // need the whole set copied into that order first, then gather each batch again.
      if (tf.getBackend() === 'cpu') {
        // On the CPU the rows are copied from the arrays, a memcpy per row: tfjs's CPU gather
        // copies element by element (measured: a sixth of an epoch of the digit CNN).
        const batchesOf = async function* () {
          yield* batchesInOrder(held.data, order, batchSize);
        };
        await model.fitDataset(batchDataset(tf, batchesOf, encoding), fitArgs);
      } else {
        // On a GPU the rows are gathered on the device from the tensors already there.
        const gathered = tf.data.generator(function* () {
          for (let from = 0; from < order.length; from += batchSize) {
            yield tf.tidy(() => {
              const rows = tf.tensor1d(order.subarray(from, from + batchSize), 'int32');
              const xs = held.xs.map((x) => tf.gather(x, rows));
              return { xs: xs.length === 1 ? xs[0] : xs, ys: tf.gather(held.y, rows) };
            });
          }
        } as () => Iterator<Tf.TensorContainer>);
        await model.fitDataset(gathered, fitArgs);
      }
    }
    reader.dispose();

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
    const ran = history.length > 0;
    let testValues: Record<string, number> | undefined;
    if (ran && test) {
      const scored = await scorePart(tf, model, spec, test.xs, test.y, test.data, batchSize);
      testValues = scored.values;
      heldOut ??= { part: 'test', data: test.data, prediction: scored.prediction, outputs: scored.outputs };
    } else if (ran && feed && summary.testSamples > 0) {
      testValues = await evaluateBatches(tf, model, spec, feed.part('test', 0), encoding, batchSize);
    }
    // Weights put back by early stopping, or no validation rows: predict again with the final model.
    if (ran && (restored.restoredEpoch !== undefined || !heldOut) && (validation ?? test ?? trainPart)) {
      const [name, heldPart] = validation ? (['validation', validation] as const) : test ? (['test', test] as const) : (['train', trainPart!] as const);
      const prediction = predictions(tf, model, heldPart.xs, batchSize);
      heldOut = { part: name, data: heldPart.data, prediction: prediction.values, outputs: prediction.outputs };
    }
    kept = Boolean(options.keepModel);
    return {
      outcome: stopped ? 'stopped' : 'finished',
      history,
      ...summary,
      ...restored,
      ...earlyStopping,
      ...(testValues ? { test: testValues } : {}),
      ...(ran && heldOut ? { heldOut } : {}),
      ...(kept ? { model } : {}),
    };
  } finally {
    controls?.dispose();
    if (!kept) model?.dispose();
    optimizer?.dispose();
    release(...owned);
  }
}

/**
 * Training batches' losses read back from the backend a few batches at a time. tfjs hands each
 * batch's loss (and accuracy) as a tensor; reading it at once, as a plain callback's logs do,
 * makes the worker wait for the GPU after every batch. Here the values are kept as tensors and
 * read in groups of a fixed size, asynchronously: the backend keeps working while they travel
 * back. A fixed size, padded with zeros at an epoch's end, because a GPU backend compiles a shader
 * for every new shape a kernel sees (seconds on a software GPU): one stack of `groupSize` values.
 */
class BatchReader {
  private static readonly groupSize = 8;
  private pending: { step: number; epoch: number; loss: Tf.Scalar; accuracy?: Tf.Scalar }[] = [];
  private values = 0;
  private reads: Promise<void>[] = [];
  private lastRead = performance.now();
  /** The most recent loss read back; undefined before the first read. */
  latest: number | undefined;

  constructor(
    private readonly tf: TfModule,
    private readonly deliver: (points: BatchPoint[]) => void,
  ) {}

  add(step: number, epoch: number, logs: Record<string, Tf.Scalar | number>) {
    const tf = this.tf;
    const loss = asScalar(tf, logs.loss);
    const accuracy = logs.acc ?? logs.accuracy;
    const point = { step, epoch, loss, accuracy: accuracy === undefined ? undefined : asScalar(tf, accuracy) };
    this.pending.push(point);
    this.values += point.accuracy ? 2 : 1;
    // A full group, or slow batches (a big model, a software GPU): the chart still moves every second.
    if (this.values >= BatchReader.groupSize - 1 || performance.now() - this.lastRead > 1000) this.reads.push(this.read());
  }

  /** Reads every pending value and waits for the reads in flight. */
  async flush(): Promise<void> {
    this.reads.push(this.read());
    const reads = this.reads;
    this.reads = [];
    await Promise.all(reads);
  }

  private read(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.values = 0;
    this.lastRead = performance.now();
    if (batch.length === 0) return Promise.resolve();
    const tf = this.tf;
    const scalars = batch.flatMap((p) => (p.accuracy ? [p.loss, p.accuracy] : [p.loss]));
    const stacked = tf.tidy(() => {
      const padding = Array.from({ length: Math.max(0, BatchReader.groupSize - scalars.length) }, () => tf.scalar(0));
      return tf.stack([...scalars, ...padding]);
    });
    tf.dispose(scalars);
    return stacked.data().then((read) => {
      stacked.dispose();
      let at = 0;
      const points = batch.map((p): BatchPoint => {
        const loss = read[at++];
        return p.accuracy ? { step: p.step, epoch: p.epoch, loss, accuracy: read[at++] } : { step: p.step, epoch: p.epoch, loss };
      });
      this.latest = points[points.length - 1].loss;
      this.deliver(points);
    });
  }

  dispose() {
    for (const p of this.pending) this.tf.dispose([p.loss, ...(p.accuracy ? [p.accuracy] : [])]);
    this.pending = [];
    this.values = 0;
  }
}

/** An epoch's logs as numbers. */
async function resolveLogs(logs: Record<string, Tf.Scalar | number>): Promise<Tf.Logs> {
  const entries = await Promise.all(Object.entries(logs).map(async ([key, value]) => [key, typeof value === 'number' ? value : (await value.data())[0]] as const));
  return Object.fromEntries(entries);
}

/** A batch's log value kept past tfjs's disposal of the logs: a clone shares the data, it copies nothing. */
function asScalar(tf: TfModule, value: Tf.Scalar | number): Tf.Scalar {
  return typeof value === 'number' ? tf.scalar(value) : tf.clone(value);
}

/**
 * Gives the event loop a turn at most every 50 ms, so that a worker hears "stop" and "pause"
 * during an epoch. setImmediate (Node) and a MessageChannel (browsers) run the next task at once;
 * setTimeout(0) would be clamped to 4 ms when nested.
 */
function eventLoopYielder(): () => Promise<void> {
  let last = performance.now();
  const channel = typeof setImmediate === 'function' ? undefined : new MessageChannel();
  const waiting: (() => void)[] = [];
  if (channel) channel.port1.onmessage = () => waiting.shift()?.();
  return async () => {
    const now = performance.now();
    if (now - last < 50) return;
    last = now;
    await new Promise<void>((resolve) => {
      if (channel) {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      } else setImmediate(resolve);
    });
  };
}

/** Skips the first `count` batches of an epoch (a resumed run already trained them). */
async function* skipBatches(chunks: AsyncIterable<PartData>, count: number): AsyncIterable<PartData> {
  let seen = 0;
  for await (const chunk of chunks) if (seen++ >= count) yield chunk;
}

/** Tensors as one buffer of float32 values and each one's name and shape. */
async function tensorSet(named: { name: string; tensor: Tf.Tensor }[]): Promise<TensorSet> {
  const values = await Promise.all(named.map((n) => n.tensor.data()));
  const data = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  values.reduce((at, v) => (data.set(v, at), at + v.length), 0);
  return { specs: named.map((n) => ({ name: n.name, shape: n.tensor.shape })), data: data.buffer };
}

function tensorsOf(tf: TfModule, set: TensorSet): { name: string; tensor: Tf.Tensor }[] {
  const data = new Float32Array(set.data);
  let at = 0;
  return set.specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = data.subarray(at, at + size);
    at += size;
    // The optimizer's step count is an integer tensor in tfjs.
    return { name: spec.name, tensor: spec.name === 'iter' ? tf.tensor(Array.from(values), spec.shape, 'int32') : tf.tensor(values, spec.shape) };
  });
}

/**
 * The model's weights and the optimizer's state after `batch` batches of epoch `epoch` (0-based),
 * and the best epoch's weights early stopping holds, if it does.
 */
export async function takeCheckpoint(
  model: Tf.LayersModel,
  optimizer: Tf.Optimizer,
  epoch: number,
  batch: number,
  bestWeights?: readonly Tf.Tensor[],
): Promise<Checkpoint> {
  const values = model.getWeights();
  const weights = model.weights.map((w, i) => ({ name: w.name, tensor: values[i] }));
  // The optimizer hands out its own variables (Adam's moments) and a fresh tensor of its step count.
  const state = await optimizer.getWeights();
  try {
    const best = bestWeights && { bestWeights: await tensorSet(model.weights.map((w, i) => ({ name: w.name, tensor: bestWeights[i] }))) };
    return { epoch, batch, weights: await tensorSet(weights), optimizer: await tensorSet(state), ...best };
  } finally {
    for (const s of state) if (!('assign' in s.tensor)) s.tensor.dispose();
  }
}

async function restoreCheckpoint(tf: TfModule, model: Tf.LayersModel, optimizer: Tf.Optimizer, checkpoint: Checkpoint): Promise<void> {
  const weights = tensorsOf(tf, checkpoint.weights);
  const state = tensorsOf(tf, checkpoint.optimizer);
  try {
    if (weights.length !== model.weights.length) {
      throw new Error(`The paused run kept ${weights.length} weights but this model has ${model.weights.length}: the pipeline changed since it was paused.`);
    }
    model.setWeights(weights.map((w) => w.tensor));
    // The optimizer makes its own variables from these (sharing their data): ours are still ours to dispose.
    if (state.length > 0) await optimizer.setWeights(state);
  } finally {
    tf.dispose([...weights, ...state].map((w) => w.tensor));
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

function metricValues(spec: PipelineSpec, target: Target, prediction: { values: Float32Array; outputs: number }): Record<string, number> {
  const values: Record<string, number> = {};
  for (const step of spec.metrics) {
    const def = getNodeDefinition(step.kind);
    if (def?.measure) values[metricName(def, step.params)] = def.measure(step.params, target, prediction.values, prediction.outputs).value;
  }
  return values;
}

/**
 * The loss and every metric on a part held as tensors (Keras names), from ONE pass of the model
 * over its rows: model.evaluate() for the loss and predict() for the metrics would run the model
 * over them twice. The loss is the compiled loss function's mean over the rows, as evaluate()
 * computes it. The predictions come back too: the results panel is computed from them.
 */
async function scorePart(
  tf: TfModule,
  model: Tf.LayersModel,
  spec: PipelineSpec,
  xs: Tf.Tensor[],
  y: Tf.Tensor,
  part: PartData,
  batchSize: number,
): Promise<{ values: Record<string, number>; prediction: Float32Array; outputs: number }> {
  const out = model.predict(xs.length === 1 ? xs[0] : xs, { batchSize }) as Tf.Tensor;
  const [lossFunction] = (model as unknown as { lossFunctions: ((yTrue: Tf.Tensor, yPred: Tf.Tensor) => Tf.Tensor)[] }).lossFunctions;
  // Batch by batch and weighted by batch size, in evaluate()'s order of float operations, so the
  // number is exactly the one model.evaluate() gives (and the exported program prints).
  const rows = out.shape[0];
  const loss = tf.tidy(() => {
    let sum: Tf.Tensor = tf.scalar(0);
    for (let from = 0; from < rows; from += batchSize) {
      const size = Math.min(batchSize, rows - from);
      const batchLoss = tf.mean(lossFunction(y.slice(from, size), out.slice(from, size)));
      sum = tf.add(sum, tf.mul(size, batchLoss));
    }
    return tf.div(sum, rows);
  });
  try {
    const [lossValue, values] = await Promise.all([loss.data(), out.data()]);
    const prediction = values as Float32Array;
    const outputs = out.shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    return { values: { loss: lossValue[0], ...metricValues(spec, part.target, { values: prediction, outputs }) }, prediction, outputs };
  } finally {
    tf.dispose([out, loss]);
  }
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
