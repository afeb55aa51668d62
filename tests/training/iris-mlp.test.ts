import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { loadTable } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { prepareRun, train } from '@/lib/engine/train';
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
  const table = await loadTable(spec.data.dataset.dataset, nodeReadFile, spec.data.dataset.maxSamples);
  expect(table.rows).toBe(150);
  const data = prepareRun(spec, table);

  const started = performance.now();
  const result = await train(tf, spec, data);
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
 * the classifier's units and softmax): no Standardize, Select columns and Target column on their
 * defaults (the four measurements, the species), Dense(32) and Adam with empty learning rate and
 * epochs, which compile picks for 120 training flowers.
 */
const handBuilt: PipelineDocument = {
  version: documentVersion,
  name: 'Hand-built Iris',
  description: '',
  nodes: [
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'iris' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: {}, position: { x: 0, y: 0 } },
    { id: 'columns', kind: 'preprocess.selectColumns', params: {}, position: { x: 0, y: 0 } },
    { id: 'target', kind: 'preprocess.target', params: {}, position: { x: 0, y: 0 } },
    { id: 'hidden', kind: 'layer.dense', params: {}, position: { x: 0, y: 0 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 0, y: 0 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 0 } },
    { id: 'optimizer', kind: 'optimizer.adam', params: {}, position: { x: 0, y: 0 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 0, y: 0 } },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'columns', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'target', targetPort: 'table' },
    { source: 'columns', sourcePort: 'out', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'target', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'target', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};

it('an Iris pipeline built from the palette defaults reaches at least 90% validation accuracy', async () => {
  const compiled = compile(handBuilt);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const { spec } = compiled;
  const data = prepareRun(spec, await loadTable(spec.data.dataset.dataset, nodeReadFile, spec.data.dataset.maxSamples));
  const result = await train(tf, spec, data);
  const last = result.history.at(-1);
  console.log(
    `hand-built iris: ${spec.training.epochs} epochs at learning rate ${spec.training.learningRate}: ` +
      `validation accuracy ${((last?.valAccuracy ?? 0) * 100).toFixed(2)}% on ${result.validationSamples} flowers`,
  );
  expect(result.outcome).toBe('finished');
  expect(last!.valAccuracy).toBeGreaterThanOrEqual(0.9);
});
