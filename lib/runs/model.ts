import { z } from 'zod';
import { PipelineSpec } from '@/lib/spec/spec';

/**
 * What a run carries besides its numbers: its batches for the charts, the checkpoint a paused run
 * resumes from, and the trained model it keeps. Plain data, so it crosses the worker boundary and
 * is stored in IndexedDB; every way in parses it.
 */

/** Any number, NaN and the infinities too: a diverging run's last losses are what it reports. */
const anyNumber = z.custom<number>((value) => typeof value === 'number', 'a number');

/**
 * One point of the batch curve on the live charts: `step` counts batches from the start of the
 * run (1-based). A long run's curve averages neighbouring batches (lib/runs/batch-curve.ts): such
 * a point is the mean of `batches` batches ending at `step`, in `epoch`.
 */
export const BatchPoint = z.object({
  step: z.number().int().min(1),
  epoch: z.number().int().min(1),
  loss: anyNumber,
  accuracy: anyNumber.optional(),
  /** How many batches the point averages; absent for one. */
  batches: z.number().int().min(2).optional(),
});
export type BatchPoint = z.infer<typeof BatchPoint>;

/** Tensors as plain data: one buffer of float32 values, and each tensor's name and shape in order. */
export const TensorSet = z.object({
  specs: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)) })),
  data: z.instanceof(ArrayBuffer),
});
export type TensorSet = z.infer<typeof TensorSet>;

/** Where a paused run resumes: after `batch` batches of epoch `epoch` (0-based), with these weights. */
export const Checkpoint = z.object({
  epoch: z.number().int().min(0),
  batch: z.number().int().min(0),
  weights: TensorSet,
  /** The optimizer's own state (Adam's moments, its step count), so resuming does not restart it. */
  optimizer: TensorSet,
  /** The best epoch's weights that early stopping holds to put back at the end, when it holds them. */
  bestWeights: TensorSet.optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** What the preprocessing steps learnt, beside the model: a saved model predicts from raw inputs with it. */
export const Preprocessing = z.object({
  format: z.literal('pipeline-builder.preprocessing'),
  version: z.literal(1),
  /** The spec the model was trained from: its data steps, their order and the model's inputs. */
  spec: PipelineSpec,
  /** Each data step's fitted state, by node id. */
  fitted: z.record(z.string(), z.unknown()),
  /** Each number column's smallest and largest value on the training rows: the playground says when a value is beyond them. */
  ranges: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
});
export type Preprocessing = z.infer<typeof Preprocessing>;

/** A trained model in the tfjs format (model.json and one weights file) with its preprocessing. */
export const ModelBundle = z.object({
  /** model.json as tfjs writes it: modelTopology and weightsManifest (whose one path is weights.bin). */
  modelJson: z.record(z.string(), z.unknown()),
  weights: z.instanceof(ArrayBuffer),
  preprocessing: Preprocessing,
});
export type ModelBundle = z.infer<typeof ModelBundle>;

