import { z } from 'zod';

/**
 * What the results panel shows after a run, computed in the training worker from the model's
 * outputs on held-out rows (lib/results/compute.ts) and kept with the run (lib/runs/record.ts).
 * Plain JSON: it crosses the worker boundary and lives in IndexedDB, so every way in parses it.
 */

/** One row's input as a person reads it: an image as an image, a table row as cells, text as text. */
export const ExampleInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    width: z.number().int().min(1),
    height: z.number().int().min(1),
    channels: z.union([z.literal(1), z.literal(3)]),
    /**
     * 0-255, row-major, `channels` bytes per pixel (the model input rescaled for display). Bytes, not
     * a list of numbers: a run's results hold dozens of images, and checking every pixel of a list
     * one by one took the page tens of milliseconds when a run ended.
     */
    pixels: z.instanceof(Uint8Array),
  }),
  z.object({
    kind: z.literal('row'),
    cells: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.null()]) })),
  }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type ExampleInput = z.infer<typeof ExampleInput>;

export const ClassScoresJson = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int().min(0),
});

/** A held-out row the model got wrong. */
export const Misclassified = z.object({
  /** Its index among the part's rows. */
  row: z.number().int().min(0),
  truth: z.string(),
  predicted: z.string(),
  /** The model's probability for the class it predicted. */
  confidence: z.number().min(0).max(1),
  input: ExampleInput,
});
export type Misclassified = z.infer<typeof Misclassified>;

export const ClassificationResults = z.object({
  kind: z.literal('classification'),
  classNames: z.array(z.string()),
  /** counts[truth][predicted], in class order. */
  confusion: z.array(z.array(z.number().int().min(0))),
  perClass: z.array(ClassScoresJson),
  /** Classes in the truth that the model never predicted (advice names them). */
  neverPredicted: z.array(z.string()),
  /** The most confident mistakes first; at most 24. */
  misclassified: z.array(Misclassified),
});

export const RegressionResults = z.object({
  kind: z.literal('regression'),
  /** The target column shown (the first when the model predicts several). */
  target: z.string(),
  /** Predicted against actual, at most 2,000 rows (evenly sampled when there are more). */
  points: z.array(z.object({ actual: z.number(), predicted: z.number() })),
  /** Residuals (actual - predicted) over every row of the part. */
  residuals: z.object({
    bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) })),
    mean: z.number(),
    mae: z.number(),
    rmse: z.number(),
  }),
});

export const ForecastResults = z.object({
  kind: z.literal('forecast'),
  target: z.string(),
  /** The held-out series in time order and the model's forecast of each value, at most 2,000 steps. */
  actual: z.array(z.number()),
  predicted: z.array(z.number()),
});

export const RunResults = z.object({
  /** Which rows these come from: validation when the split holds some out, else test, else train. */
  part: z.enum(['validation', 'test', 'train']),
  rows: z.number().int().min(0),
  detail: z.discriminatedUnion('kind', [ClassificationResults, RegressionResults, ForecastResults]),
});
export type RunResults = z.infer<typeof RunResults>;
export type ClassificationResults = z.infer<typeof ClassificationResults>;
export type RegressionResults = z.infer<typeof RegressionResults>;
export type ForecastResults = z.infer<typeof ForecastResults>;
