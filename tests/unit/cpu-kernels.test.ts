import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';

/**
 * The faster CPU kernels for transposes, sums and matrix products give tfjs's own results bit for
 * bit: training (and the templates' promised results) depends on every rounding. Each case is
 * computed with tfjs's kernels first, then with ours.
 */
/** `byTfjs`: a case the fast kernels hand to tfjs's own. */
type Case = { name: string; run: () => tf.Tensor; byTfjs?: boolean };

const random = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') =>
  dtype === 'int32' ? tf.randomUniform(shape, -50, 50, 'int32', seed) : tf.randomNormal(shape, 0, 1, 'float32', seed);

const cases: Case[] = [
  { name: 'transpose 2-d', run: () => tf.transpose(random([37, 53], 1)) },
  { name: 'transpose 4-d, channels first', run: () => tf.transpose(random([3, 5, 7, 4], 2), [0, 3, 1, 2]) },
  { name: 'transpose 3-d int32', run: () => tf.transpose(random([4, 6, 5], 3, 'int32'), [2, 0, 1]) },
  { name: 'transpose bool', run: () => tf.transpose(tf.greater(random([6, 9], 4), 0)) },
  { name: 'sum over leading axes (a conv bias gradient)', run: () => tf.sum(random([8, 13, 13, 16], 5), [0, 1, 2]) },
  { name: 'sum over the batch axis, keepDims', run: () => tf.sum(random([32, 64], 6), 0, true) },
  { name: 'sum over middle axes', run: () => tf.sum(random([4, 9, 11, 3], 7), [1, 2]) },
  { name: 'sum over the last axis (tfjs already direct)', run: () => tf.sum(random([4, 9], 8), -1), byTfjs: true },
  { name: 'sum of everything', run: () => tf.sum(random([5, 7, 3], 9)), byTfjs: true },
  { name: 'matMul 32x1352 · 1352x64', run: () => tf.matMul(random([32, 1352], 10), random([1352, 64], 11)) },
  { name: 'matMul, a transposed (a weight gradient)', run: () => tf.matMul(random([32, 130], 12), random([32, 64], 13), true, false) },
  { name: 'matMul, b transposed (an input gradient)', run: () => tf.matMul(random([32, 64], 14), random([130, 64], 15), false, true) },
  { name: 'matMul, both transposed', run: () => tf.matMul(random([50, 7], 16), random([9, 50], 17), true, true) },
  { name: 'batched matMul with broadcasting (attention)', run: () => tf.matMul(random([2, 3, 10, 16], 18), random([3, 16, 10], 19)) },
  { name: 'matMul of one row and one column', run: () => tf.matMul(random([1, 200], 20), random([200, 1], 21)) },
  {
    name: 'fused matMul with bias and relu (a dense layer)',
    run: () => tf.fused.matMul({ a: random([32, 100], 22), b: random([100, 64], 23), bias: random([64], 24), activation: 'relu' }),
  },
  { name: 'fused matMul with bias, linear', run: () => tf.fused.matMul({ a: random([8, 60], 25), b: random([60, 3], 26), bias: random([3], 27) }) },
  {
    name: 'fused matMul with sigmoid (left to tfjs)',
    run: () => tf.fused.matMul({ a: random([8, 60], 28), b: random([60, 3], 29), bias: random([3], 30), activation: 'sigmoid' }),
    byTfjs: true,
  },
];

const overridden = ['Transpose', 'Sum', 'BatchMatMul', '_FusedMatMul'];
let tfjsCalls = 0;

describe('fast CPU kernels against tfjs’s own', () => {
  const expected = new Map<string, { shape: number[]; dtype: string; values: ArrayLike<number> }>();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const c of cases) {
      const t = tf.tidy(c.run);
      expected.set(c.name, { shape: t.shape, dtype: t.dtype, values: t.dataSync().slice() });
      t.dispose();
    }
    // tfjs's kernels, counted: a case the fast ones handle must not reach them.
    for (const name of overridden) {
      const kernel = tf.getKernel(name, 'cpu')!;
      tf.unregisterKernel(name, 'cpu');
      tf.registerKernel({
        ...kernel,
        kernelFunc: ((...args: Parameters<typeof kernel.kernelFunc>) => {
          tfjsCalls++;
          return kernel.kernelFunc(...args);
        }) as typeof kernel.kernelFunc,
      });
    }
    useFastCpuKernels(tf);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the same values, bit for bit', (_name, c) => {
    const before = tf.memory().numTensors;
    const calls = tfjsCalls;
    const t = tf.tidy(c.run);
    if (c.byTfjs) expect(tfjsCalls, 'handed to tfjs’s own kernel').toBeGreaterThan(calls);
    else expect(tfjsCalls, 'tfjs’s own kernel was not needed').toBe(calls);
    const want = expected.get(c.name)!;
    expect([t.shape, t.dtype]).toEqual([want.shape, want.dtype]);
    expect(t.dataSync()).toEqual(want.values);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says what tfjs says when the shapes do not fit', () => {
    expect(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow(/inner shapes \(3\) and \(4\)/);
  });
});
