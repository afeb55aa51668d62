import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { formatBytes, modelSummary } from '@/lib/summary/model-summary';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { addEdge, addNode, removeEdge, removeNode, setParams } from '../support/pipeline';

const summaryOf = (doc: PipelineDocument) => modelSummary(doc, compile(doc).analysis);

describe('modelSummary: the digit CNN as Keras would print it', () => {
  const summary = summaryOf(digitCnn);

  it('lists every layer in flow order with its output shape and parameters', () => {
    expect(summary.rows.map((r) => [r.name, r.kind, r.outputShape, r.params])).toEqual([
      // 3x3 kernels over 1 channel into 8 filters, plus 8 biases.
      ['Conv2D', 'Conv2D', [null, 26, 26, 8], 3 * 3 * 1 * 8 + 8],
      ['MaxPool2D', 'MaxPool2D', [null, 13, 13, 8], 0],
      ['Flatten', 'Flatten', [null, 13 * 13 * 8], 0],
      // The two Dense layers share a name, so the canvas ids tell them apart.
      ['Dense (hidden)', 'Dense', [null, 64], 1352 * 64 + 64],
      ['Dense (classifier)', 'Dense', [null, 10], 64 * 10 + 10],
    ]);
    expect(summary.rows.map((r) => r.connectedTo)).toEqual([
      // The model reads the data after its last preprocessing.
      ['Normalize'],
      ['Conv2D'],
      ['MaxPool2D'],
      ['Flatten'],
      ['Dense (hidden)'],
    ]);
  });

  it('totals the trainable parameters and their memory', () => {
    expect(summary.totalParams).toBe(80 + 86_592 + 650);
    expect(summary.nonTrainableParams).toBe(0);
    expect(summary.trainableParams).toBe(80 + 86_592 + 650);
    expect(summary.paramsComplete).toBe(true);
    expect(summary.weightBytes).toBe(87_322 * 4);
    expect(formatBytes(summary.weightBytes)).toBe('341.10 KB');
    expect(summary.missing).toEqual([]);
  });

  it('counts one batch as the optimizer batch size times every layer output, 4 bytes each', () => {
    const perSample = 26 * 26 * 8 + 13 * 13 * 8 + 1352 + 64 + 10;
    expect(summary.batch).toEqual({ size: 32, valuesPerSample: perSample, bytes: 32 * perSample * 4, complete: true });
    expect(formatBytes(summary.batch!.bytes)).toBe('1023.25 KB');
    const larger = summaryOf(setParams(digitCnn, 'optimizer', { batchSize: 128 }));
    expect(larger.batch?.bytes).toBe(128 * perSample * 4);
  });
});

describe('modelSummary: BatchNormalization holds parameters training does not learn', () => {
  // conv -> batch norm -> pool: a scale and an offset (trainable) and a moving mean and variance
  // (updated by the layer itself) for each of the 8 channels.
  let doc = addNode(digitCnn, 'norm', 'layer.batchNormalization');
  doc = addEdge(addEdge(removeEdge(doc, 'conv.out', 'pool.in'), 'conv.out', 'norm.in'), 'norm.out', 'pool.in');
  const summary = summaryOf(doc);

  it('counts all four in the row, as Keras\'s "Param #", and the two moving statistics as non-trainable', () => {
    const row = summary.rows.find((r) => r.nodeId === 'norm')!;
    expect(row).toMatchObject({ kind: 'BatchNormalization', params: 4 * 8, nonTrainableParams: 2 * 8 });
    expect(summary.rows.find((r) => r.nodeId === 'conv')!.nonTrainableParams).toBe(0);
  });

  it('leaves the moving statistics out of the trainable total, but keeps them in memory', () => {
    const total = 80 + 32 + 86_592 + 650;
    expect(summary.totalParams).toBe(total);
    expect(summary.nonTrainableParams).toBe(16);
    expect(summary.trainableParams).toBe(total - 16);
    expect(summary.weightBytes).toBe(total * 4);
  });
});

describe('modelSummary on a graph with problems', () => {
  it('keeps what is known and names the layers it cannot count', () => {
    const summary = summaryOf(removeEdge(digitCnn, 'flatten.out', 'hidden.in'));
    // Dense (hidden) has no input now, a flow of its own: the layers the data reaches come first.
    expect(summary.rows.map((r) => r.nodeId)).toEqual(['conv', 'pool', 'flatten', 'hidden', 'classifier']);
    const hidden = summary.rows.find((r) => r.nodeId === 'hidden')!;
    const classifier = summary.rows.find((r) => r.nodeId === 'classifier')!;
    expect(hidden.outputShape).toBeUndefined();
    expect(hidden.params).toBeUndefined();
    expect(hidden.connectedTo).toEqual([]);
    expect(classifier.params).toBeUndefined();
    expect(summary.rows.find((r) => r.nodeId === 'conv')!.params).toBe(80);
    expect(summary.trainableParams).toBe(80);
    expect(summary.paramsComplete).toBe(false);
    expect(summary.batch?.complete).toBe(false);
    expect(summary.missing).toHaveLength(1);
    expect(summary.missing[0]).toMatch(/^Dense \(hidden\) and Dense \(classifier\) have no output shape/);
  });

  it('says the batch memory needs an optimizer when there is none, or when there are two', () => {
    const none = summaryOf(removeNode(digitCnn, 'optimizer'));
    expect(none.batch).toBeUndefined();
    expect(none.trainableParams).toBe(87_322);
    expect(none.missing).toEqual([expect.stringMatching(/add an optimizer/)]);

    const two = summaryOf(addNode(digitCnn, 'second', 'optimizer.sgd'));
    expect(two.batch).toBeUndefined();
    expect(two.missing).toEqual([expect.stringMatching(/several optimizers/)]);
  });

  it('has no rows and says so when there are no layers', () => {
    const empty: PipelineDocument = { ...digitCnn, nodes: digitCnn.nodes.filter((n) => !n.kind.startsWith('layer.')), edges: [] };
    const summary = summaryOf(empty);
    expect(summary.rows).toEqual([]);
    expect(summary.trainableParams).toBe(0);
    expect(summary.missing).toEqual([expect.stringMatching(/no layers yet/)]);
  });

  it('lists the layers on and after a loop in document order instead of dropping them', () => {
    const looped = addEdge(removeEdge(digitCnn, 'normalize.out', 'conv.in'), 'flatten.out', 'conv.in');
    const summary = summaryOf(looped);
    expect(summary.rows.map((r) => r.nodeId)).toEqual(['conv', 'pool', 'flatten', 'hidden', 'classifier']);
    expect(summary.rows.every((r) => r.outputShape === undefined)).toBe(true);
  });
});

describe('formatBytes', () => {
  it('writes sizes as Keras does: 1024 to the next unit, two decimals', () => {
    expect(formatBytes(0)).toBe('0.00 B');
    expect(formatBytes(1023)).toBe('1023.00 B');
    expect(formatBytes(1024)).toBe('1.00 KB');
    expect(formatBytes(4_799_528)).toBe('4.58 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});
