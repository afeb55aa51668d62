import type * as Tf from '@tensorflow/tfjs';
import type { TfModule } from '@/nodes/define-node';
import type { Prediction } from '@/lib/engine/protocol';
import type { ExampleInput } from '@/lib/results/types';
import type { Preprocessing } from '@/lib/runs/model';
import { modelInputs } from './model-inputs';

/**
 * What a trained model says of one input a person gives: its class probabilities, most likely
 * first, or the numbers it predicts. The training worker runs it on the run's model (or a kept
 * one it loaded); the tfjs module is passed in, as to the engine, so Node tests run it too.
 */
export async function predictOne(
  tf: TfModule,
  model: Tf.LayersModel,
  preprocessing: Preprocessing,
  input: ExampleInput,
  names: Record<string, string> = {},
): Promise<Prediction | { problem: string }> {
  const built = modelInputs(preprocessing, input, names);
  if (!built.ok) return { problem: built.problem };
  const xs = built.inputs.map((x) => tf.tensor(x.values, x.shape, x.dtype));
  let outputs: Float32Array;
  try {
    const y = model.predict(xs.length === 1 ? xs[0] : xs) as Tf.Tensor;
    try {
      outputs = (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  } finally {
    xs.forEach((x) => x.dispose());
  }
  return readOutputs(preprocessing, outputs);
}

/** The model's outputs for one row in words: each class's probability, or each target's number. */
export function readOutputs(preprocessing: Preprocessing, outputs: ArrayLike<number>): Prediction {
  const { info } = preprocessing.spec.data.target;
  if (info.kind === 'numbers') {
    return { kind: 'numbers', values: info.names.map((name, i) => ({ name, value: outputs[i] })) };
  }
  // One sigmoid output is the probability of the second class (tfjs's binary accuracy reads it so).
  const probabilities = outputs.length === 1 ? [1 - outputs[0], outputs[0]] : asProbabilities(Array.from(outputs));
  const classes = info.classNames.map((name, i) => ({ name, probability: probabilities[i] ?? 0 }));
  return { kind: 'classes', classes: classes.sort((a, b) => b.probability - a.probability) };
}

/**
 * A softmax output as it is; scores that are not probabilities (an output layer without softmax,
 * which compile warns of) through a softmax, so the bars still read as shares that add up to 1.
 */
function asProbabilities(scores: number[]): number[] {
  const sum = scores.reduce((a, b) => a + b, 0);
  if (scores.every((s) => s >= 0 && s <= 1) && Math.abs(sum - 1) < 1e-3) return scores;
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
