/**
 * How much the engine's CPU gradient kernels, then its one-pass Adam (lib/engine/fused-adam.ts),
 * speed up training the digit template, as ratios against tfjs's own kernels and tf.train.adam
 * measured in the same process (these machines are shared and noisy: absolute times mean little,
 * the ratios do). Run with `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '@/lib/compile/compile';
import { adamOptimizer } from '@/lib/engine/fused-adam';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';
import { buildModel } from '@/lib/engine/train';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { median } from './engine-vs-handwritten';

const batches = Number(process.env.BENCH_BATCHES ?? 20);
const rounds = 3;

const compiled = compile(digitCnn);
if (!compiled.ok) throw new Error('The digit template does not compile.');
const { spec } = compiled;

/** Seconds for `batches` training steps of the template's batch size on fixed random digits. */
async function timeTraining(adam: (rate: number) => tf.Optimizer): Promise<number> {
  const model = buildModel(tf, spec);
  const optimizer = adam(0.001);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const size = spec.training.batchSize;
  const x = tf.randomUniform([size, ...(spec.data.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([size], 0, 10, 'int32', 2), 10).toFloat();
  await model.trainOnBatch(x, y); // warm-up: first-call allocations are not what we measure
  const started = performance.now();
  for (let i = 0; i < batches; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - started) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return seconds;
}

const tfjsAdam = (rate: number) => tf.train.adam(rate);
const engineAdam = (rate: number) => adamOptimizer(tf, rate);
async function medianOf(adam: (rate: number) => tf.Optimizer): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timeTraining(adam));
  return median(times);
}

await tf.setBackend('cpu');
const baseline = await medianOf(tfjsAdam);
useFastCpuKernels(tf);
const kernels = await medianOf(tfjsAdam);
const both = await medianOf(engineAdam);

console.log(`digit template, ${batches} batches of ${spec.training.batchSize} on the tfjs CPU backend (median of ${rounds})`);
console.log(`  tfjs kernels, tf.train.adam:     ${baseline.toFixed(2)} s`);
console.log(`  engine kernels, tf.train.adam:   ${kernels.toFixed(2)} s  speed-up ${(baseline / kernels).toFixed(1)}x`);
console.log(`  engine kernels, one-pass Adam:   ${both.toFixed(2)} s  speed-up ${(baseline / both).toFixed(1)}x`);
