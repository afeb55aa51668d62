import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { loadTable } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { prepareRun, train } from '@/lib/engine/train';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * The digit template, exactly as a user opens it (default epochs, all 10,000 digits, seed 42),
 * trained on tfjs's CPU backend. Validation digits are held out by the template's split.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('the digit CNN template reaches at least 95% validation accuracy on MNIST', async () => {
  const compiled = compile(digitCnn);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const { spec } = compiled;
  const table = await loadTable(spec.data.dataset.dataset, nodeReadFile, spec.data.dataset.maxSamples);
  expect(table.rows).toBe(10_000);
  const data = prepareRun(spec, table);

  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const result = await train(tf, spec, data, {
    onEpoch: (r) =>
      console.log(
        `digit-cnn epoch ${r.epoch}/${r.epochs}: loss ${r.loss.toFixed(4)}, accuracy ${r.accuracy?.toFixed(4)}, ` +
          `val loss ${r.valLoss?.toFixed(4)}, val accuracy ${r.valAccuracy?.toFixed(4)} (${seconds()} s)`,
      ),
  });

  const last = result.history.at(-1);
  console.log(
    `digit-cnn result: validation accuracy ${((last?.valAccuracy ?? 0) * 100).toFixed(2)}% on ${result.validationSamples} held-out digits ` +
      `after ${result.history.length} epochs on ${result.trainSamples} digits, ${seconds()} s on the tfjs CPU backend`,
  );
  expect(result.outcome).toBe('finished');
  expect(result.history.length).toBe(spec.training.epochs);
  expect([result.trainSamples, result.validationSamples]).toEqual([8000, 2000]);
  expect(last!.valAccuracy).toBeGreaterThanOrEqual(0.95);
}, 360_000);
