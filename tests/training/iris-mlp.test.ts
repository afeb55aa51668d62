import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { loadDataset } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { train } from '@/lib/engine/train';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';

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

/**
 * What a newcomer builds from the palette, changing only what compile insists on (the dataset, and
 * the classifier's units and softmax): no Standardize, Dense(32) and Adam with empty learning
 * rate and epochs, which compile picks for 120 training flowers.
 */
const handBuilt: PipelineDocument = {
  version: documentVersion,
  name: 'Hand-built Iris',
  description: '',
  nodes: [
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'iris' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: {}, position: { x: 0, y: 0 } },
    { id: 'hidden', kind: 'layer.dense', params: {}, position: { x: 0, y: 0 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 0, y: 0 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 0 } },
    { id: 'optimizer', kind: 'optimizer.adam', params: {}, position: { x: 0, y: 0 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 0, y: 0 } },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'features', target: 'split', targetPort: 'features' },
    { source: 'dataset', sourcePort: 'labels', target: 'split', targetPort: 'labels' },
    { source: 'split', sourcePort: 'features', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'split', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'split', sourcePort: 'labels', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};

it('an Iris pipeline built from the palette defaults reaches at least 90% validation accuracy', async () => {
  const compiled = compile(handBuilt);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const { spec } = compiled;
  const dataset = await loadDataset(spec.data.dataset, nodeReadFile, spec.data.maxSamples);
  const result = await train(tf, spec, dataset);
  const last = result.history.at(-1);
  console.log(
    `hand-built iris: ${spec.training.epochs} epochs at learning rate ${spec.training.learningRate}: ` +
      `validation accuracy ${((last?.valAccuracy ?? 0) * 100).toFixed(2)}% on ${result.validationSamples} flowers`,
  );
  expect(result.outcome).toBe('finished');
  expect(last!.valAccuracy).toBeGreaterThanOrEqual(0.9);
});
