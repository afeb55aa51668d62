import type * as Tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { loadSourceTable, type SourceReaders } from '@/lib/datasets/source';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';
import { progressIntervalMs, type EpochReport } from '@/lib/engine/protocol';
import { buildModel, prepareRun, train, type TrainCallbacks } from '@/lib/engine/train';
import type { BatchPoint } from '@/lib/runs/model';
import type { PipelineSpec } from '@/lib/spec/spec';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { handwrittenDigitModel, trainHandwrittenDigit } from './handwritten-digit';

/**
 * The engine against hand-written tfjs (bench/handwritten-digit.ts) on the digit template: the
 * same arrays, model, optimizer, batch size and backend, timed in alternating rounds of the same
 * process, so that what the machine is doing meanwhile falls on both alike. Shared by the Node
 * bench (CPU) and the browser page (WebGL, WebGPU).
 */

type TfModule = typeof Tf;

export const BenchSettings = z.object({
  /** Digits read from MNIST; the template holds 20% out for validation. */
  samples: z.number().int().min(40).max(10_000),
  epochs: z.number().int().min(1).max(50),
  /** Timed rounds, each one engine run and one hand-written run, after an untimed warm-up of each. */
  rounds: z.number().int().min(1).max(20),
});
export type BenchSettings = z.infer<typeof BenchSettings>;

export interface Comparison {
  backend: string;
  settings: BenchSettings;
  trainSamples: number;
  batchSize: number;
  parameters: number;
  engineSeconds: number[];
  handwrittenSeconds: number[];
  /** The median of each round's engine time over its hand-written time: 1.0 is as fast, below is faster. */
  ratio: number;
  /**
   * The same of the CPU time each run used (Node only, from process.cpuUsage): wall time on a
   * shared machine also counts the moments another job held the core, CPU time only the work done.
   */
  cpuRatio?: number;
  /** Batch points the engine's live-chart messages carried, per run: every batch must arrive. */
  pointsPerRun: number;
  postsPerRun: number;
  /** Validation accuracy after the last round of each, so a reader sees both really trained. */
  engineValAccuracy: number;
  handwrittenValAccuracy: number;
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

/** The digit template with the bench's epochs and sample count written in, compiled. */
export function benchSpec(epochs: number, samples: number): PipelineSpec {
  const compiled = compile(applyRunOverrides(digitCnn, { epochs, maxSamples: samples }));
  if (!compiled.ok) throw new Error(`The digit template does not compile: ${JSON.stringify(compiled.issues)}`);
  return compiled.spec;
}

/** Runs the comparison on tfjs's current backend; `onRound` hears each timed round as it ends. */
export async function compareEngineWithHandwritten(
  tf: TfModule,
  readers: SourceReaders,
  settings: BenchSettings,
  onRound: (message: string) => void = () => {},
  /** Seconds of CPU this process has used, where the platform tells it. */
  cpuClock?: () => number,
): Promise<Comparison> {
  const spec = benchSpec(settings.epochs, settings.samples);
  const data = prepareRun(spec, await loadSourceTable(spec.data.dataset, readers));
  const { batchSize, learningRate } = spec.training;
  const parameters = sameParameterCount(tf, spec);
  // The engine registers its CPU gradient kernels when it trains; registering them first puts the
  // hand-written model on the very same kernels from its first run (they touch only 'cpu'). Its
  // optimizer stays textbook tf.train.adam: the engine's one-pass Adam is the engine's own work.
  useFastCpuKernels(tf);

  const webgpu = tf.getBackend() === 'webgpu';
  const engine = async (runSpec: PipelineSpec) => {
    const charts = liveCharts();
    try {
      // The options the training worker runs with (lib/engine/worker.ts): it keeps the model for
      // predictions, and on WebGPU a checkpoint each epoch in case the device is lost.
      const result = await train(tf, runSpec, data, charts.callbacks, {}, { keepModel: true, onEpochCheckpoint: webgpu ? () => {} : undefined });
      result.model?.dispose();
      if (result.outcome !== 'finished' || result.history.length !== runSpec.training.epochs) {
        throw new Error(`The engine's bench run ended ${result.outcome} after ${result.history.length} epochs.`);
      }
      charts.flush();
      return { ...(await charts.received()), valAccuracy: result.history.at(-1)?.valAccuracy ?? Number.NaN };
    } finally {
      charts.close();
    }
  };
  const handwritten = (epochs: number) => trainHandwrittenDigit(tf, data, { epochs, batchSize, learningRate });

  // Untimed warm-up of one epoch each: GPU backends compile their shaders and the JIT warms up on
  // the first run, which a real session pays once and neither side should be charged for.
  let started = performance.now();
  await engine(benchSpec(1, settings.samples));
  onRound(`warm-up (1 epoch, not counted): engine ${seconds(started)} s`);
  started = performance.now();
  await handwritten(1);
  onRound(`warm-up (1 epoch, not counted): hand-written ${seconds(started)} s`);

  const engineSeconds: number[] = [];
  const handwrittenSeconds: number[] = [];
  const engineCpu: number[] = [];
  const handwrittenCpu: number[] = [];
  let last = { points: 0, posts: 0, valAccuracy: Number.NaN };
  let handwrittenValAccuracy = Number.NaN;
  const timeEngine = async () => {
    const started = performance.now();
    const cpu = cpuClock?.() ?? 0;
    last = await engine(spec);
    engineSeconds.push((performance.now() - started) / 1000);
    if (cpuClock) engineCpu.push(cpuClock() - cpu);
  };
  const timeHandwritten = async () => {
    const started = performance.now();
    const cpu = cpuClock?.() ?? 0;
    const logs = await handwritten(settings.epochs);
    handwrittenSeconds.push((performance.now() - started) / 1000);
    if (cpuClock) handwrittenCpu.push(cpuClock() - cpu);
    handwrittenValAccuracy = logs.val_acc ?? logs.val_accuracy ?? Number.NaN;
  };
  for (let round = 0; round < settings.rounds; round++) {
    // Alternate who goes first, so neither always runs on a machine the other has just warmed.
    if (round % 2 === 0) await timeEngine().then(timeHandwritten);
    else await timeHandwritten().then(timeEngine);
    onRound(`round ${round + 1}/${settings.rounds}: engine ${engineSeconds.at(-1)!.toFixed(2)} s, hand-written ${handwrittenSeconds.at(-1)!.toFixed(2)} s`);
  }
  return {
    backend: tf.getBackend(),
    settings,
    trainSamples: data.train.rows,
    batchSize,
    parameters,
    engineSeconds,
    handwrittenSeconds,
    // Each round's two runs are neighbours in time, so their ratio shares the machine's load of the
    // moment; the median of those ratios shrugs off a busy stretch that a ratio of medians would not.
    ratio: median(engineSeconds.map((engineTime, round) => engineTime / handwrittenSeconds[round])),
    ...(cpuClock && { cpuRatio: median(engineCpu.map((engineTime, round) => engineTime / handwrittenCpu[round])) }),
    pointsPerRun: last.points,
    postsPerRun: last.posts,
    engineValAccuracy: last.valAccuracy,
    handwrittenValAccuracy,
  };
}

/** Both models must be the same network, or the comparison means nothing: a bug if not. */
function sameParameterCount(tf: TfModule, spec: PipelineSpec): number {
  const engineModel = buildModel(tf, spec);
  const handModel = handwrittenDigitModel(tf);
  try {
    const [engineCount, handCount] = [engineModel.countParams(), handModel.countParams()];
    if (engineCount !== handCount) throw new Error(`The hand-written model has ${handCount} parameters, the engine's ${engineCount}: they are not the same network.`);
    return engineCount;
  } finally {
    engineModel.dispose();
    handModel.dispose();
  }
}

/**
 * What the training worker does for the live charts, on a real message channel: the engine hands
 * over each batch's point (a few batches at a time), and the points gathered so far are posted at
 * most every progressIntervalMs (the worker's own interval), at each epoch's last batch and once
 * after the run, where the other end collects them as the page would.
 */
function liveCharts() {
  const channel = new MessageChannel();
  let points = 0;
  let posts = 0;
  let expected = 0;
  let arrived: () => void = () => {};
  channel.port2.onmessage = (event: MessageEvent<{ points: BatchPoint[]; report?: EpochReport }>) => {
    points += event.data.points.length;
    posts++;
    if (posts === expected) arrived();
  };
  let pending: BatchPoint[] = [];
  let lastPost = 0;
  const post = (report?: EpochReport) => {
    channel.port1.postMessage({ points: pending, report });
    expected++;
    pending = [];
    lastPost = performance.now();
  };
  return {
    callbacks: {
      onPoints: (read: BatchPoint[]) => pending.push(...read),
      onProgress: (_epoch: number, batch: number, batches: number) => {
        if (batch === batches || performance.now() - lastPost >= progressIntervalMs) post();
      },
      onEpoch: (report: EpochReport) => post(report),
    } satisfies TrainCallbacks,
    /** The points read back after the last progress report. */
    flush: () => post(),
    /** Resolves once every posted message has reached the other end. */
    received: () => new Promise<{ points: number; posts: number }>((resolve) => {
      if (posts === expected) resolve({ points, posts });
      else arrived = () => resolve({ points, posts });
    }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
