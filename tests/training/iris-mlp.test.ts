import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { loadDataset } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { train } from '@/lib/engine/train';
import { irisMlp } from '@/lib/templates/iris-mlp';

/** The Iris template as a user opens it (default epochs, all 150 flowers, seed 42), on tfjs's CPU backend. */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('the Iris MLP template reaches at least 93% validation accuracy', async () => {
  const compiled = compile(irisMlp);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const { spec } = compiled;
  const dataset = await loadDataset(spec.data.dataset, nodeReadFile, spec.data.maxSamples);
  expect(dataset.count).toBe(150);

  const started = performance.now();
  const result = await train(tf, spec, dataset);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const last = result.history.at(-1);
  const correct = Math.round((last?.valAccuracy ?? 0) * result.validationSamples);
  console.log(
    `iris-mlp result: validation accuracy ${((last?.valAccuracy ?? 0) * 100).toFixed(2)}% (${correct}/${result.validationSamples} held-out flowers) ` +
      `after ${result.history.length} epochs on ${result.trainSamples} flowers, ${seconds} s on the tfjs CPU backend`,
  );
  expect(result.outcome).toBe('finished');
  expect(result.history.length).toBe(spec.training.epochs);
  expect(last!.valAccuracy).toBeGreaterThanOrEqual(0.93);
});
