import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamOptimizer } from '@/lib/engine/fused-adam';
import { clipGradients, setLearningRate } from '@/lib/engine/training-controls';

/**
 * The engine's one-pass Adam must move the weights exactly as tf.train.adam does, bit for bit: the
 * exported program trains with tf.train.adam and must reach the same numbers, and the templates'
 * promised results were measured before it existed.
 */
type Weights = tf.Variable[];

function makeWeights(seed: number, owner = 'ours'): Weights {
  return [
    tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 0.3, 'float32', seed), true, `${owner}-conv-${seed}`),
    tf.variable(tf.randomNormal([8], 0, 0.1, 'float32', seed + 1), true, `${owner}-bias-${seed}`),
    tf.variable(tf.randomNormal([130, 17], 0, 0.2, 'float32', seed + 2), true, `${owner}-dense-${seed}`),
  ];
}

/** Steps an optimizer through `steps` updates with gradients that vary from step to step. */
function train(optimizer: tf.Optimizer, weights: Weights, steps: number, between?: (step: number) => void) {
  for (let step = 0; step < steps; step++) {
    between?.(step);
    const gradients = weights.map((w, i) => ({
      name: w.name,
      // Seeds from 1: tfjs takes a seed of 0 as none and draws a random one.
      tensor: tf.randomNormal(w.shape, 0, step % 3 === 0 ? 1e-4 : 2, 'float32', 1000 * step + i + 1),
    }));
    optimizer.applyGradients(gradients);
    tf.dispose(gradients.map((g) => g.tensor));
  }
}

/** The same weights twice, one set for the engine's Adam and one for tf.train.adam, at `rate`. */
function sideBySide(seed: number, rate: number) {
  const ours = makeWeights(seed);
  const theirs = makeWeights(seed, 'tfjs');
  const fused = adamOptimizer(tf, rate);
  const reference = tf.train.adam(rate);
  return { ours, theirs, fused, reference, dispose: () => (tf.dispose([...ours, ...theirs]), fused.dispose(), reference.dispose()) };
}

const bits = (weights: Weights) => weights.map((w) => Array.from(new Uint32Array((w.dataSync() as Float32Array).slice().buffer)));

describe('adamOptimizer on the CPU backend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives tf.train.adam\'s weights and moments bit for bit over many steps', async () => {
    const { ours, theirs, fused, reference, dispose } = sideBySide(1, 0.01);
    train(fused, ours, 40);
    train(reference, theirs, 40);
    expect(bits(ours)).toEqual(bits(theirs));
    const state = async (o: tf.Optimizer) => Promise.all((await o.getWeights()).map(async (w) => Array.from(await w.tensor.data())));
    expect(await state(fused)).toEqual(await state(reference));
    // The state keeps tfjs's names, so a checkpoint of either restores into the other.
    expect((await fused.getWeights()).map((w) => w.name)).toEqual((await reference.getWeights()).map((w) => w.name.replace('tfjs-', 'ours-')));
    dispose();
  });

  it('follows a changing learning rate and gradient clipping the same way', () => {
    const { ours, theirs, fused, reference, dispose } = sideBySide(2, 0.05);
    for (const optimizer of [fused, reference]) clipGradients(tf, optimizer, 0.5);
    const schedule = (optimizer: tf.Optimizer) => (step: number) => setLearningRate(optimizer, 0.05 * 0.7 ** Math.floor(step / 5));
    train(fused, ours, 20, schedule(fused));
    train(reference, theirs, 20, schedule(reference));
    expect(bits(ours)).toEqual(bits(theirs));
    dispose();
  });

  it('resumes from a checkpoint of its state as tfjs does', async () => {
    const { ours, theirs, fused: first, reference, dispose } = sideBySide(3, 0.02);
    train(first, ours, 7);
    train(reference, theirs, 7);
    // A new optimizer given the first one's state carries on from step 8.
    const saved = (await first.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    const resumed = adamOptimizer(tf, 0.02);
    await resumed.setWeights(saved);
    train(resumed, ours, 9);
    train(reference, theirs, 9);
    expect(bits(ours)).toEqual(bits(theirs));
    resumed.dispose();
    dispose();
  });

  it('leaves no tensors behind per step', () => {
    const weights = makeWeights(4);
    const fused = adamOptimizer(tf, 0.01);
    train(fused, weights, 1);
    const before = tf.memory().numTensors;
    train(fused, weights, 5);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(weights);
    fused.dispose();
  });
});
