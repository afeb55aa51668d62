/**
 * How much the engine's CPU gradient kernels speed up training the digit template, as a ratio
 * against tfjs's own kernels measured in the same process (these machines are shared and noisy:
 * absolute times mean little, the ratio does). Run with `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '@/lib/compile/compile';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';
import { buildModel } from '@/lib/engine/train';
import { digitCnn } from '@/lib/templates/digit-cnn';

const batches = Number(process.env.BENCH_BATCHES ?? 20);
const rounds = 3;

const compiled = compile(digitCnn);
if (!compiled.ok) throw new Error('The digit template does not compile.');
const { spec } = compiled;

/** Seconds for `batches` training steps of the template's batch size on fixed random digits. */
async function timeTraining(): Promise<number> {
  const model = buildModel(tf, spec);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const size = spec.training.batchSize;
  const x = tf.randomUniform([size, ...(spec.data.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([size], 0, 10, 'int32', 2), 10).toFloat();
  await model.trainOnBatch(x, y); // warm-up: first-call allocations are not what we measure
  const started = performance.now();
  for (let i = 0; i < batches; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - started) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  return seconds;
}

await tf.setBackend('cpu');
const baseline: number[] = [];
for (let i = 0; i < rounds; i++) baseline.push(await timeTraining());
useFastCpuKernels(tf);
const fast: number[] = [];
for (let i = 0; i < rounds; i++) fast.push(await timeTraining());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`digit template, ${batches} batches of ${spec.training.batchSize} on the tfjs CPU backend (median of ${rounds})`);
console.log(`  tfjs kernels:   ${median(baseline).toFixed(2)} s`);
console.log(`  engine kernels: ${median(fast).toFixed(2)} s`);
console.log(`  speed-up: ${(median(baseline) / median(fast)).toFixed(1)}x`);
