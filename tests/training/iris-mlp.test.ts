import { expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';
import { trainInNode } from '@/lib/engine/train-in-node';
import { heldOutTargets, majorityClassRate } from '../support/held-out';
import { trainTemplate } from '../support/template-run';

it('the Iris MLP template reaches at least 93% validation accuracy, far above always guessing one species', async () => {
  const { template, json, result } = await trainTemplate('iris-mlp');
  expect(result.trainSamples + result.validationSamples).toBe(150);
  // The split is not stratified: the 30 held-out flowers are not a third of each species.
  const baseline = majorityClassRate((await heldOutTargets('iris-mlp')).validation);
  // The gallery quotes the baseline: it must be the one these rows give.
  expect(template.result!.words).toContain(`about ${Math.round(baseline * 100)}%`);
  expect(json.metrics.val_accuracy).toBeGreaterThan(baseline + 0.35);
}, 120_000);

/**
 * What a newcomer builds from the palette, changing only what compile insists on (the dataset, and
 * the classifier's units and softmax): no Standardize, Select columns and Target column left on
 * auto, Dense(32) and Adam with empty learning rate and epochs, which compile picks for 120
 * training flowers.
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
  const result = await trainInNode(spec);
  const last = result.history.at(-1);
  console.log(
    `hand-built iris: ${spec.training.epochs} epochs at learning rate ${spec.training.learningRate}: ` +
      `validation accuracy ${((last?.valAccuracy ?? 0) * 100).toFixed(2)}% on ${result.validationSamples} flowers`,
  );
  expect(result.outcome).toBe('finished');
  expect(last!.valAccuracy).toBeGreaterThanOrEqual(0.9);
}, 120_000);
