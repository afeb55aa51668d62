import { z } from 'zod';
import type { TrainResult } from './train';

/**
 * The result of a run as `pipeline train --json` prints it and the exported program prints as its
 * last line: the outcome, the epochs run, and the last whole epoch's values in Keras naming
 * (`loss`, one key per metric, each validation value as `val_<name>`).
 */
export const RunJson = z.object({
  outcome: z.enum(['finished', 'stopped', 'diverged']),
  epochs: z.number().int().min(0),
  metrics: z.record(z.string(), z.number()),
});
export type RunJson = z.infer<typeof RunJson>;

export function runJson(result: Pick<TrainResult, 'outcome' | 'history'>): RunJson {
  const last = result.history.at(-1);
  const metrics: Record<string, number> = {};
  if (last) {
    metrics.loss = last.loss;
    if (last.accuracy !== undefined) metrics.accuracy = last.accuracy;
    if (last.valLoss !== undefined) metrics.val_loss = last.valLoss;
    if (last.valAccuracy !== undefined) metrics.val_accuracy = last.valAccuracy;
  }
  return { outcome: result.outcome, epochs: result.history.length, metrics };
}
