import type { Target } from '../data/table';

/** A metric's value on some rows (lib/metrics is shipped as it is in the exported project). */
export interface MetricResult {
  value: number;
}

/** The class each row's outputs pick: the largest probability, or above 0.5 for one sigmoid output. */
export function predictedClasses(prediction: Float32Array, outputs: number): Int32Array {
  const rows = prediction.length / outputs;
  const picked = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (outputs === 1) {
      picked[r] = prediction[r] > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < outputs; j++) if (prediction[r * outputs + j] > prediction[r * outputs + best]) best = j;
    picked[r] = best;
  }
  return picked;
}

/** The share of rows whose predicted class is the true one. */
export function accuracy(truth: Target, prediction: Float32Array, outputs: number): MetricResult {
  if (truth.kind !== 'classes') throw new Error('Accuracy measures a classifier: the target must be classes.');
  const picked = predictedClasses(prediction, outputs);
  let right = 0;
  for (let r = 0; r < picked.length; r++) if (picked[r] === truth.values[r]) right++;
  return { value: picked.length === 0 ? 0 : right / picked.length };
}
