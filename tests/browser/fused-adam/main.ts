import * as tf from '@tensorflow/tfjs';
import { adamOptimizer } from '@/lib/engine/fused-adam';

/**
 * The page tests/e2e/fused-adam.spec.ts opens: `window.compareAdam(backend)` steps the engine's
 * Adam and tf.train.adam through the same gradients on one tfjs backend and reports how far apart
 * their weights end up, and how far the weights moved (so a no-op cannot pass).
 */

export interface AdamComparison {
  backend: string;
  steps: number;
  /** The largest difference between the two optimizers' weights, over the largest weight. */
  relativeDifference: number;
  /** How far the weights moved from where they started, the same way. */
  relativeMovement: number;
  /** Tensors left behind per step (0 when nothing leaks). */
  leakedPerStep: number;
}

async function compareAdam(backend: string, steps = 30): Promise<AdamComparison> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend.`);
  // The digit CNN's weight shapes: a conv kernel and bias, a wide dense kernel.
  const shapes = [[3, 3, 1, 8], [8], [1352, 64], [64], [64, 10], [10]];
  const start = shapes.map((shape, i) => tf.randomNormal(shape, 0, 0.2, 'float32', i + 1));
  const ours = start.map((t, i) => tf.variable(t.clone(), true, `${backend}-ours-${i}`));
  const theirs = start.map((t, i) => tf.variable(t.clone(), true, `${backend}-tfjs-${i}`));
  const fused = adamOptimizer(tf, 0.01);
  const reference = tf.train.adam(0.01);
  let before = 0;
  for (let step = 0; step < steps; step++) {
    if (step === 1) before = tf.memory().numTensors;
    // Gradients of both tiny and large magnitude, as training meets them (seeds from 1: 0 means none).
    const gradients = shapes.map((shape, i) => tf.randomNormal(shape, 0, step % 3 === 0 ? 1e-4 : 1, 'float32', 1000 * step + i + 1));
    // A learning-rate schedule changes the rate between steps: both must follow it.
    if (step === steps / 2) for (const optimizer of [fused, reference]) (optimizer as unknown as { learningRate: number }).learningRate = 0.003;
    fused.applyGradients(ours.map((w, i) => ({ name: w.name, tensor: gradients[i] })));
    reference.applyGradients(theirs.map((w, i) => ({ name: w.name, tensor: gradients[i] })));
    tf.dispose(gradients);
  }
  const leakedPerStep = (tf.memory().numTensors - before) / (steps - 1);
  const scale = await largestOf(() => start);
  const relativeDifference = (await largestOf(() => ours.map((w, i) => tf.sub(w, theirs[i])))) / scale;
  const relativeMovement = (await largestOf(() => ours.map((w, i) => tf.sub(w, start[i])))) / scale;
  tf.dispose([...start, ...ours, ...theirs]);
  fused.dispose();
  reference.dispose();
  return { backend: tf.getBackend(), steps, relativeDifference, relativeMovement, leakedPerStep };
}

/** The largest absolute value in the tensors `make` returns (made and disposed here). */
async function largestOf(make: () => tf.Tensor[]): Promise<number> {
  const largest = tf.tidy(() => tf.max(tf.stack(make().map((t) => tf.max(tf.abs(t))))));
  const [value] = await largest.data();
  largest.dispose();
  return value;
}

declare global {
  interface Window {
    compareAdam: typeof compareAdam;
  }
}
window.compareAdam = compareAdam;
