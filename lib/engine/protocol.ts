import { z } from 'zod';
import { PipelineSpec } from '@/lib/spec/spec';

/** Messages between the page and the training Web Worker. Both sides parse what they receive. */

export const backendChoices = ['auto', 'webgpu', 'webgl', 'cpu'] as const;
export const BackendChoice = z.enum(backendChoices);
export type BackendChoice = z.infer<typeof BackendChoice>;

export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('train'), spec: PipelineSpec, backend: BackendChoice }),
  z.object({ type: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const EpochReport = z.object({
  epoch: z.number().int().min(1),
  epochs: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number().optional(),
  valLoss: z.number().optional(),
  valAccuracy: z.number().optional(),
});
export type EpochReport = z.infer<typeof EpochReport>;

export const BackendInfo = z.object({
  /** tfjs backend name actually running: webgpu | webgl | cpu. */
  name: z.string(),
  /** True when the GPU is emulated in software (e.g. a SwiftShader fallback adapter). */
  software: z.boolean(),
  /** Human-readable detail, e.g. "software fallback adapter (swiftshader)". */
  detail: z.string(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), message: z.string() }),
  z.object({ type: z.literal('backend'), backend: BackendInfo }),
  z.object({ type: z.literal('progress'), epoch: z.number().int(), epochs: z.number().int(), batch: z.number().int(), batches: z.number().int() }),
  z.object({ type: z.literal('epoch'), report: EpochReport }),
  z.object({
    type: z.literal('done'),
    outcome: z.enum(['finished', 'stopped']),
    history: z.array(EpochReport),
    trainSamples: z.number().int(),
    validationSamples: z.number().int(),
  }),
  z.object({ type: z.literal('error'), message: z.string(), hint: z.string().optional() }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
