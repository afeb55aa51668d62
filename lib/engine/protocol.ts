import { z } from 'zod';
import { PipelineSpec } from '@/lib/spec/spec';
import { ExampleInput, RunResults } from '@/lib/results/types';
import { BatchPoint, Checkpoint, ModelBundle } from '@/lib/runs/model';

/** Messages between the page and the training Web Worker. Both sides parse what they receive. */

export const backendChoices = ['auto', 'webgpu', 'webgl', 'cpu'] as const;
export const BackendChoice = z.enum(backendChoices);
export type BackendChoice = z.infer<typeof BackendChoice>;

export const BackendName = z.enum(['webgpu', 'webgl', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

/** How long the actual model took on one backend: the first step (shader compilation included) and each step after. */
export const BackendTiming = z.object({ warmupMs: z.number().min(0), batchMs: z.number().min(0) });
export type BackendTiming = z.infer<typeof BackendTiming>;

/** Timings per backend, kept by the page per browser and model size, so "auto" measures once. */
export const ProbeCache = z.record(z.string(), z.partialRecord(BackendName, BackendTiming));
export type ProbeCache = z.infer<typeof ProbeCache>;

export const ToWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('train'),
    spec: PipelineSpec,
    backend: BackendChoice,
    probeCache: ProbeCache.default({}),
    /** How the canvas names the spec's nodes, for the engine's messages. */
    names: z.record(z.string(), z.string()).default({}),
    /** Continue a paused run (after a reload, or on another backend after the GPU was lost). */
    resume: z.object({ checkpoint: Checkpoint, history: z.array(z.lazy(() => EpochReport)) }).optional(),
  }),
  z.object({ type: z.literal('stop') }),
  /** Pause after the current batch; the worker answers 'paused' with a checkpoint and waits. */
  z.object({ type: z.literal('pause') }),
  /** Continue a paused run where it waits. */
  z.object({ type: z.literal('resume') }),
  /** Predict one input with the model of the last run (or the one loaded); answered by 'prediction'. */
  z.object({ type: z.literal('predict'), id: z.number().int(), input: ExampleInput }),
  /** Load a kept model for predictions (a run reopened after a reload); answered by 'model-loaded'. */
  z.object({ type: z.literal('load-model'), model: ModelBundle }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const EpochReport = z.object({
  epoch: z.number().int().min(1),
  epochs: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number().optional(),
  valLoss: z.number().optional(),
  valAccuracy: z.number().optional(),
  /** Every metric node's value on the validation rows, by its Keras name (accuracy, f1, mae...). */
  valMetrics: z.record(z.string(), z.number()).optional(),
});
export type EpochReport = z.infer<typeof EpochReport>;

export const BackendInfo = z.object({
  /** tfjs backend name actually running: webgpu | webgl | cpu. */
  name: z.string(),
  /** True when the GPU is emulated in software (e.g. a SwiftShader fallback adapter). */
  software: z.boolean(),
  /** Human-readable detail, e.g. "software fallback adapter (swiftshader)". */
  detail: z.string(),
  /** Picked in the menu (or the link), measured fastest in this run, or measured fastest earlier. */
  chosen: z.enum(['menu', 'measured', 'cached']),
  /** Why this backend, in words: "CPU: 10x faster than the software-emulated GPU (WebGL) here". */
  why: z.string(),
  /** When measured: the estimated time of the whole run on each backend measured, in ms. */
  estimates: z.partialRecord(BackendName, z.number().min(0)).optional(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

/** What the model says of one input: each class's probability (most likely first), or the numbers it predicts. */
export const Prediction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classes'), classes: z.array(z.object({ name: z.string(), probability: z.number() })) }),
  z.object({ kind: z.literal('numbers'), values: z.array(z.object({ name: z.string(), value: z.number() })) }),
]);
export type Prediction = z.infer<typeof Prediction>;

/** How a run failed, for the panel to offer the right way out. */
export const FailureKind = z.enum(['diverged', 'out-of-memory', 'device-lost', 'crashed', 'failed']);
export type FailureKind = z.infer<typeof FailureKind>;

/**
 * How often the training worker reports progress (and the batches for the live charts) to the
 * page while it trains. Each report costs the page a render and a frame; twice a second reads as
 * live, and on a two-core machine, where the worker holds one core, every frame fewer is one
 * chance fewer for the page's work to be stretched past 50 ms by waiting for the other.
 */
export const progressIntervalMs = 500;

export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), message: z.string() }),
  z.object({
    type: z.literal('backend'),
    backend: BackendInfo,
    /** New timings for the page to keep under `key`, when this run measured them. */
    measured: z.object({ key: z.string(), timings: z.partialRecord(BackendName, BackendTiming) }).optional(),
  }),
  z.object({
    type: z.literal('progress'),
    epoch: z.number().int(),
    epochs: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    /** Training batches since the last report, for the live charts (their losses are read a few at a time). */
    points: z.array(BatchPoint).default([]),
    /** Time spent training so far, pauses and shader compilation left out, and the samples trained on: the pace and ETA. */
    elapsedMs: z.number().min(0).default(0),
    samples: z.number().int().min(0).default(0),
  }),
  z.object({ type: z.literal('paused'), checkpoint: Checkpoint }),
  z.object({ type: z.literal('resumed') }),
  z.object({ type: z.literal('epoch'), report: EpochReport }),
  z.object({
    type: z.literal('done'),
    outcome: z.enum(['finished', 'stopped']),
    history: z.array(EpochReport),
    trainSamples: z.number().int(),
    validationSamples: z.number().int(),
    testSamples: z.number().int().default(0),
    /** The loss and metrics on the test rows, when the split holds some out. */
    test: z.record(z.string(), z.number()).optional(),
    /** What early stopping did, in one sentence; absent when it is off. */
    earlyStopping: z.string().optional(),
    /** The confusion matrix, scatter or forecast of the held-out rows; absent when no epoch completed. */
    results: RunResults.optional(),
    /** The trained model and its preprocessing, to keep with the run; absent when no epoch completed. */
    model: ModelBundle.optional(),
  }),
  z.object({
    type: z.literal('error'),
    message: z.string(),
    hint: z.string().optional(),
    kind: FailureKind.default('failed'),
    /** When the GPU was lost: the last completed epoch, to resume from on another backend. */
    checkpoint: Checkpoint.optional(),
  }),
  z.object({ type: z.literal('prediction'), id: z.number().int(), prediction: Prediction.optional(), problem: z.string().optional() }),
  z.object({ type: z.literal('model-loaded') }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
/** What the worker posts: defaults filled in by the page's parse. */
export type FromWorkerMessage = z.input<typeof FromWorker>;
