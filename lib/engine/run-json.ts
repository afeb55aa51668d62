import { z } from 'zod';
import type { TrainResult } from './train';

/**
 * The result of a run as `pipeline train --json` prints it and the exported program prints as its
 * last line: the outcome, the epochs run, and the values of the last whole epoch (or of the best
 * one, when early stopping put its weights back) in Keras naming
 * (`loss`, `accuracy`, each validation value as `val_<name>`: val_loss, val_accuracy, val_f1,
 * val_mae...), then the test rows' values as `test_<name>` when the split holds some out.
 *
 * A value that is not a finite number is `null`: JSON has no NaN or Infinity (JSON.stringify
 * writes null for them), and a run can give one honestly: a loss that diverged, an R² of rows
 * whose target never varies, an AUC of validation rows of one class only. The value runJson
 * returns is the one its JSON text reads back as, so a printed run and an in-process one compare.
 */
export const RunJson = z.object({
  outcome: z.enum(['finished', 'stopped', 'diverged']),
  epochs: z.number().int().min(0),
  metrics: z.record(z.string(), z.number().nullable()),
});
export type RunJson = z.infer<typeof RunJson>;

export function runJson(result: Pick<TrainResult, 'outcome' | 'history' | 'test' | 'restoredEpoch'>): RunJson {
  // When early stopping put the best epoch's weights back, that epoch's numbers describe the model.
  const last = result.restoredEpoch !== undefined ? result.history[result.restoredEpoch - 1] : result.history.at(-1);
  const metrics: Record<string, number | null> = {};
  if (last) {
    metrics.loss = last.loss;
    if (last.accuracy !== undefined) metrics.accuracy = last.accuracy;
    if (last.valLoss !== undefined) metrics.val_loss = last.valLoss;
    if (last.valAccuracy !== undefined) metrics.val_accuracy = last.valAccuracy;
    for (const [name, value] of Object.entries(last.valMetrics ?? {})) metrics[`val_${name}`] = value;
  }
  for (const [name, value] of Object.entries(result.test ?? {})) metrics[`test_${name}`] = value;
  for (const [name, value] of Object.entries(metrics)) if (value !== null && !Number.isFinite(value)) metrics[name] = null;
  return { outcome: result.outcome, epochs: result.history.length, metrics };
}
