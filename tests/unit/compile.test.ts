import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult, type Issue } from '@/lib/compile/compile';
import { PipelineSpec } from '@/lib/spec/spec';
import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { adam } from '@/nodes/optimizer/adam';
import { checkEarlyStopping } from '@/nodes/shared';
import { getNodeDefinition } from '@/nodes';
import { digitCnnGeometry } from '../support/digit-cnn-geometry';
import { flowersPipeline } from '../support/csv-pipeline';
import { addEdge, addNode, codes, issuesWith, removeEdge, removeNode, replaceSource, rewire, setParams } from '../support/pipeline';

/** Asserts the result failed and returns the issues with `code`, so each test reads as "what broke, where". */
function expectIssue(result: CompileResult, code: string): Issue[] {
  const found = issuesWith(result, code);
  expect(found, `expected ${code}; got ${JSON.stringify(result.issues.map((i) => [i.code, i.nodeId]))}`).not.toHaveLength(0);
  for (const issue of found) {
    expect(issue.message.length, `${code} needs a message`).toBeGreaterThan(0);
    expect(issue.hint.length, `${code} needs a hint`).toBeGreaterThan(0);
  }
  if (code.startsWith('E_')) expect(result.ok).toBe(false);
  return found;
}

function expectOk(result: CompileResult): Extract<CompileResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok; got ${JSON.stringify(result.issues, null, 2)}`);
  return result;
}

describe('compile: digit CNN template', () => {
  const result = expectOk(compile(digitCnn));
  const { analysis, spec } = result;

  it('compiles without any issue', () => {
    expect(result.issues).toEqual([]);
    expect(() => PipelineSpec.parse(spec)).not.toThrow();
  });

  const g = digitCnnGeometry();

  it('infers every shape, batch dimension as null', () => {
    const out = (id: string, port = 'out') => analysis.nodes[id].outputShapes[port];
    // A table's shape is [rows, columns]: MNIST has an image column and a digit column.
    expect(out('dataset', 'table')).toEqual([null, 2]);
    expect(out('split', 'table')).toEqual([null, 2]);
    expect(out('pixels')).toEqual([null, 28, 28, 1]);
    expect(out('digit')).toEqual([null, 10]);
    expect(out('normalize')).toEqual([null, 28, 28, 1]);
    expect(out('conv')).toEqual(g.convShape);
    expect(out('pool')).toEqual(g.poolShape);
    expect(out('flatten')).toEqual([null, g.flat]);
    expect(out('hidden')).toEqual([null, g.hiddenUnits]);
    expect(out('classifier')).toEqual([null, 10]);
  });

  it('puts the shape on every edge', () => {
    expect(Object.keys(analysis.edgeShapes)).toHaveLength(digitCnn.edges.length);
    expect(analysis.edgeShapes['conv.out->pool.in']).toEqual(g.convShape);
    expect(analysis.edgeShapes['pool.out->flatten.in']).toEqual(g.poolShape);
    expect(analysis.edgeShapes['digit.out->loss.labels']).toEqual([null, 10]);
    expect(analysis.edgeShapes['pixels.out->normalize.in']).toEqual([null, 28, 28, 1]);
    expect(analysis.edgeShapes['loss.loss->optimizer.loss']).toEqual([]);
  });

  it('counts trainable parameters as tfjs does', () => {
    const count = (id: string) => analysis.nodes[id].paramCount;
    expect(count('conv')).toBe(g.convParams);
    expect(count('pool')).toBe(0);
    expect(count('flatten')).toBe(0);
    expect(count('hidden')).toBe(g.hiddenParams);
    expect(count('classifier')).toBe(g.classifierParams);
    // Data, loss and optimizer nodes have no weights to count.
    expect(count('dataset')).toBeUndefined();
  });

  it('computes the classic 3x3 stride-1 geometry exactly (independent of how the template is tuned)', () => {
    const classic = setParams(digitCnn, 'conv', { filters: 16, kernelSize: 3, strides: 1, padding: 'valid', useBias: true });
    const { analysis: a, spec: s } = expectOk(compile(setParams(classic, 'hidden', { units: 64, useBias: true })));
    // 28 - 3 + 1 = 26; pooled 2x2 to 13; 13 * 13 * 16 = 2704 values per sample.
    expect(s.model.layers.map((l) => [l.nodeId, l.outputShape, l.paramCount])).toEqual([
      ['conv', [null, 26, 26, 16], 3 * 3 * 16 + 16],
      ['pool', [null, 13, 13, 16], 0],
      ['flatten', [null, 2704], 0],
      ['hidden', [null, 64], 2704 * 64 + 64],
      ['classifier', [null, 10], 64 * 10 + 10],
    ]);
    expect(a.edgeShapes['conv.out->pool.in']).toEqual([null, 26, 26, 16]);
  });

  it('exposes parsed params with defaults filled in', () => {
    expect(analysis.nodes.conv.params).toMatchObject({ filters: g.filters, kernelSize: g.kernel, padding: 'valid', useBias: true });
    expect(analysis.nodes.pool.params).toMatchObject({ padding: 'valid' });
  });

  it('builds the spec: the split first, then the columns, normalize fitted on the split rows', () => {
    expect(spec.data).toEqual({
      dataset: { source: 'builtin', nodeId: 'dataset', dataset: 'mnist', output: 'dataset.table' },
      steps: [
        {
          nodeId: 'split',
          kind: 'preprocess.split',
          params: { validationFraction: 0.2, testFraction: 0, shuffle: true, stratify: false },
          inputs: ['dataset.table'],
          outputs: ['split.table'],
        },
        { nodeId: 'pixels', kind: 'preprocess.selectColumns', params: { columns: 'image' }, inputs: ['split.table'], outputs: ['pixels.out'] },
        { nodeId: 'digit', kind: 'preprocess.target', params: { column: 'digit' }, inputs: ['split.table'], outputs: ['digit.out'] },
        { nodeId: 'normalize', kind: 'preprocess.normalize', params: {}, inputs: ['pixels.out'], outputs: ['normalize.out'] },
      ],
      split: 'split',
      inputs: [{ id: 'normalize.out', shape: [null, 28, 28, 1], dtype: 'float32' }],
      target: { port: 'digit.out', info: { kind: 'classes', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] } },
    });
  });

  it('builds the model DAG in flow order', () => {
    expect(spec.model.output).toBe('classifier');
    // The first layer reads the model input by the data port that feeds it.
    expect(spec.model.layers.map((l) => [l.nodeId, l.inputs, l.outputShape, l.paramCount])).toEqual([
      ['conv', ['normalize.out'], g.convShape, g.convParams],
      ['pool', ['conv'], g.poolShape, 0],
      ['flatten', ['pool'], [null, g.flat], 0],
      ['hidden', ['flatten'], [null, g.hiddenUnits], g.hiddenParams],
      ['classifier', ['hidden'], [null, 10], g.classifierParams],
    ]);
    expect(spec.loss).toEqual({ nodeId: 'loss', kind: 'loss.categoricalCrossentropy', params: {} });
    expect(spec.optimizer.kind).toBe('optimizer.adam');
    expect(spec.metrics.map((m) => m.kind)).toEqual(['metric.accuracy']);
    const { epochs, batchSize, learningRate, seed } = g.optimizer;
    expect(spec.training).toEqual({ epochs, batchSize, learningRate, seed });
  });

  it('updates shapes when a param changes (what the canvas shows on every edit)', () => {
    const changed = expectOk(compile(setParams(digitCnn, 'conv', { kernelSize: 5, filters: 8, strides: 1 })));
    expect(changed.analysis.nodes.conv.outputShapes.out).toEqual([null, 24, 24, 8]);
    expect(changed.analysis.nodes.pool.outputShapes.out).toEqual([null, 12, 12, 8]);
    expect(changed.analysis.nodes.conv.paramCount).toBe(5 * 5 * 8 + 8);
  });

  it('does not mutate the document', () => {
    const before = JSON.stringify(digitCnn);
    compile(digitCnn);
    expect(JSON.stringify(digitCnn)).toBe(before);
  });
});

describe('compile: iris MLP template', () => {
  const result = expectOk(compile(irisMlp));
  const { analysis, spec } = result;

  it('compiles without any issue', () => {
    expect(result.issues).toEqual([]);
  });

  it('infers shapes and parameter counts', () => {
    // Four measurement columns and the species.
    expect(analysis.nodes.dataset.outputShapes).toEqual({ table: [null, 5] });
    expect(analysis.nodes.measurements.outputShapes).toEqual({ out: [null, 4] });
    expect(analysis.nodes.species.outputShapes).toEqual({ out: [null, 3] });
    expect(analysis.nodes.hidden.outputShapes.out).toEqual([null, 16]);
    expect(analysis.nodes.classifier.outputShapes.out).toEqual([null, 3]);
    expect(analysis.nodes.hidden.paramCount).toBe(4 * 16 + 16);
    expect(analysis.nodes.classifier.paramCount).toBe(16 * 3 + 3);
  });

  it('builds the spec', () => {
    expect(spec.data.dataset).toEqual({ source: 'builtin', nodeId: 'dataset', dataset: 'iris', output: 'dataset.table' });
    expect(spec.data.target).toEqual({ port: 'species.out', info: { kind: 'classes', classNames: ['setosa', 'versicolor', 'virginica'] } });
    expect(spec.data.steps.map((s) => s.nodeId)).toEqual(['split', 'measurements', 'species', 'standardize']);
    expect(spec.data.split).toBe('split');
    // Select columns left empty picks every number column but the target.
    expect(spec.data.steps.find((s) => s.nodeId === 'measurements')?.params).toEqual({ columns: 'sepalLength, sepalWidth, petalLength, petalWidth' });
    expect(spec.data.inputs).toEqual([{ id: 'standardize.out', shape: [null, 4], dtype: 'float32' }]);
    expect(spec.model.layers.map((l) => [l.nodeId, l.inputs])).toEqual([
      ['hidden', ['standardize.out']],
      ['classifier', ['hidden']],
    ]);
    expect(spec.training).toEqual({ epochs: 60, batchSize: 16, learningRate: 0.01, seed: 42 });
  });

  it('lists a table step wired before the split before it, in flow order, reading what feeds it', () => {
    // dataset -> fill missing values -> split -> ...
    let doc = addNode(irisMlp, 'fill', 'preprocess.missingValues');
    doc = replaceSource(doc, 'dataset.table', 'fill.out', 'split.table');
    doc = addEdge(doc, 'dataset.table', 'fill.in');
    const { spec: before } = expectOk(compile(doc));
    expect(before.data.steps.map((s) => [s.nodeId, s.inputs])).toEqual([
      ['fill', ['dataset.table']],
      ['split', ['fill.out']],
      ['measurements', ['split.table']],
      ['species', ['split.table']],
      ['standardize', ['measurements.out']],
    ]);
  });

  it('carries maxSamples into the spec', () => {
    const { spec: small } = expectOk(compile(setParams(irisMlp, 'dataset', { maxSamples: 50 })));
    expect(small.data.dataset.maxSamples).toBe(50);
  });
});

describe('compile: every issue code, on the node to change', () => {
  it('E_UNKNOWN_KIND on the node of an unknown kind, without a cascade of edge errors', () => {
    const doc = addEdge(addNode(digitCnn, 'mystery', 'layer.quantumFoam'), 'pool.out', 'mystery.in');
    const result = compile(doc);
    const [issue] = expectIssue(result, 'E_UNKNOWN_KIND');
    expect(issue.nodeId).toBe('mystery');
    expect(issue.message).toContain('layer.quantumFoam');
    expect(issuesWith(result, 'E_BAD_EDGE')).toEqual([]);
  });

  it('E_PARAM on the node, naming the field', () => {
    const result = compile(setParams(digitCnn, 'conv', { kernelSize: 0 }));
    const [issue] = expectIssue(result, 'E_PARAM');
    expect(issue).toMatchObject({ nodeId: 'conv', field: 'kernelSize', severity: 'error' });
    // The other fields of the node are not blamed.
    expect(issuesWith(result, 'E_PARAM')).toHaveLength(1);
  });

  it('E_PARAM names each bad field once, including a wrong type', () => {
    const result = compile(setParams(digitCnn, 'optimizer', { epochs: 0, learningRate: 'fast' }));
    const fields = expectIssue(result, 'E_PARAM').map((i) => [i.nodeId, i.field]);
    expect(fields.sort()).toEqual([
      ['optimizer', 'epochs'],
      ['optimizer', 'learningRate'],
    ]);
  });

  it('E_PARAM on an unknown dataset id', () => {
    const [issue] = expectIssue(compile(setParams(digitCnn, 'dataset', { dataset: 'cifar' })), 'E_PARAM');
    expect(issue).toMatchObject({ nodeId: 'dataset', field: 'dataset' });
  });

  it('E_BAD_EDGE on the node whose port does not exist', () => {
    const [issue] = expectIssue(compile(addEdge(digitCnn, 'conv.nope', 'flatten.in')), 'E_BAD_EDGE');
    expect(issue.nodeId).toBe('conv');
    const [intoMissing] = expectIssue(compile(addEdge(digitCnn, 'conv.out', 'hidden.side')), 'E_BAD_EDGE');
    expect(intoMissing.nodeId).toBe('hidden');
  });

  it('E_BAD_EDGE for a wire into a node that is gone has no node to point at', () => {
    const [issue] = expectIssue(compile(addEdge(digitCnn, 'conv.out', 'ghost.in')), 'E_BAD_EDGE');
    expect(issue.nodeId).toBeUndefined();
  });

  it('E_PORT_TYPE on the input port that refuses the wire (labels into a layer)', () => {
    const result = compile(addEdge(digitCnn, 'digit.out', 'conv.in'));
    const [issue] = expectIssue(result, 'E_PORT_TYPE');
    expect(issue).toMatchObject({ nodeId: 'conv', portId: 'in' });
    expect(issue.message).toContain('labels');
    // The refused wire is not counted as a second wire into the port.
    expect(issuesWith(result, 'E_PORT_TAKEN')).toEqual([]);
  });

  it('E_PORT_TAKEN on the input that has two wires', () => {
    const [issue] = expectIssue(compile(addEdge(digitCnn, 'flatten.out', 'classifier.in')), 'E_PORT_TAKEN');
    expect(issue).toMatchObject({ nodeId: 'classifier', portId: 'in' });
  });

  it('E_CYCLE on the nodes of a loop', () => {
    // classifier feeds back into hidden: hidden -> classifier -> hidden.
    const result = compile(replaceSource(digitCnn, 'flatten.out', 'classifier.out', 'hidden.in'));
    const flagged = expectIssue(result, 'E_CYCLE').map((i) => i.nodeId);
    expect(flagged).toEqual(expect.arrayContaining(['hidden', 'classifier']));
  });

  it('E_CYCLE is not reported on nodes that only sit downstream of a loop', () => {
    // Kahn's algorithm also leaves out everything downstream of a loop (here loss, accuracy,
    // optimizer); telling the user those are "part of a loop" would send them to the wrong place.
    const result = compile(replaceSource(digitCnn, 'flatten.out', 'classifier.out', 'hidden.in'));
    const flagged = expectIssue(result, 'E_CYCLE').map((i) => i.nodeId).sort();
    expect(flagged).toEqual(['classifier', 'hidden']);
  });

  it('E_CYCLE on a node wired into itself', () => {
    const doc = replaceSource(digitCnn, 'hidden.out', 'classifier.out', 'classifier.in');
    expect(expectIssue(compile(doc), 'E_CYCLE').map((i) => i.nodeId)).toContain('classifier');
  });

  it('E_MISSING_INPUT on the loss port "labels" when the labels are not wired', () => {
    const result = compile(removeEdge(digitCnn, 'digit.out', 'loss.labels'));
    const [issue] = expectIssue(result, 'E_MISSING_INPUT');
    expect(issue).toMatchObject({ nodeId: 'loss', portId: 'labels' });
    expect(issue.hint).toBe('Connect the output of a Target column node that reads the table of Train/validation split.');
    expect(issuesWith(result, 'E_MISSING_INPUT')).toHaveLength(1);
  });

  it('E_MISSING_INPUT on a layer with nothing wired in', () => {
    const [issue] = expectIssue(compile(removeEdge(digitCnn, 'normalize.out', 'conv.in')), 'E_MISSING_INPUT');
    expect(issue).toMatchObject({ nodeId: 'conv', portId: 'in' });
    expect(issue.hint).toBe('Connect another layer, or the features output of Select columns.');
  });

  it('E_MISSING_INPUT on Select columns without a table points at the split, and at the dataset without one', () => {
    const [issue] = expectIssue(compile(removeEdge(digitCnn, 'split.table', 'pixels.table')), 'E_MISSING_INPUT');
    expect(issue).toMatchObject({ nodeId: 'pixels', portId: 'table', hint: 'Connect the table output of Train/validation split.' });
    const [intoSplit] = expectIssue(compile(removeEdge(digitCnn, 'dataset.table', 'split.table')), 'E_MISSING_INPUT');
    expect(intoSplit).toMatchObject({ nodeId: 'split', portId: 'table', hint: "Connect the dataset's table output." });
  });

  it('E_NO_DATASET on the pipeline when there is no dataset', () => {
    const result = compile(removeNode(digitCnn, 'dataset'));
    const [issue] = expectIssue(result, 'E_NO_DATASET');
    expect(issue.nodeId).toBeUndefined();
    // The nodes that lost their input say so on their ports.
    expect(issuesWith(result, 'E_MISSING_INPUT').map((i) => `${i.nodeId}.${i.portId}`)).toEqual(['split.table']);
  });

  it('E_MULTIPLE_DATASETS on each dataset', () => {
    const flagged = expectIssue(compile(addNode(digitCnn, 'dataset2', 'data.dataset', { dataset: 'iris' })), 'E_MULTIPLE_DATASETS');
    expect(flagged.map((i) => i.nodeId).sort()).toEqual(['dataset', 'dataset2']);
  });

  it('E_NO_LOSS on the pipeline', () => {
    const [issue] = expectIssue(compile(removeNode(digitCnn, 'loss')), 'E_NO_LOSS');
    expect(issue.nodeId).toBeUndefined();
  });

  it('E_MULTIPLE_LOSSES on each loss', () => {
    let doc = addNode(digitCnn, 'loss2', 'loss.categoricalCrossentropy');
    doc = addEdge(addEdge(doc, 'classifier.out', 'loss2.prediction'), 'digit.out', 'loss2.labels');
    expect(expectIssue(compile(doc), 'E_MULTIPLE_LOSSES').map((i) => i.nodeId).sort()).toEqual(['loss', 'loss2']);
  });

  it('E_NO_OPTIMIZER on the pipeline', () => {
    const [issue] = expectIssue(compile(removeNode(digitCnn, 'optimizer')), 'E_NO_OPTIMIZER');
    expect(issue.nodeId).toBeUndefined();
  });

  it('E_MULTIPLE_OPTIMIZERS on each optimizer', () => {
    const doc = addEdge(addNode(digitCnn, 'sgd', 'optimizer.sgd'), 'loss.loss', 'sgd.loss');
    const result = compile(doc);
    expect(expectIssue(result, 'E_MULTIPLE_OPTIMIZERS').map((i) => i.nodeId).sort()).toEqual(['optimizer', 'sgd']);
    // An output may feed several inputs: that alone is not an issue.
    expect(codes(result)).toEqual(['E_MULTIPLE_OPTIMIZERS']);
  });

  it('E_MULTIPLE_SPLITS on each split', () => {
    let doc = addNode(digitCnn, 'split2', 'preprocess.split');
    doc = addEdge(doc, 'dataset.table', 'split2.table');
    expect(expectIssue(compile(doc), 'E_MULTIPLE_SPLITS').map((i) => i.nodeId).sort()).toEqual(['split', 'split2']);
  });

  it('E_PREPROCESS_AFTER_LAYER on the preprocessing node wired after a layer', () => {
    const doc = addEdge(addNode(irisMlp, 'late', 'preprocess.standardize'), 'hidden.out', 'late.in');
    const [issue] = expectIssue(compile(doc), 'E_PREPROCESS_AFTER_LAYER');
    expect(issue.nodeId).toBe('late');
  });

  it('E_BYPASSES_SPLIT on the Target column that reads the dataset instead of the split', () => {
    const result = compile(replaceSource(digitCnn, 'split.table', 'dataset.table', 'digit.table'));
    const flagged = expectIssue(result, 'E_BYPASSES_SPLIT');
    // Only the node to rewire: not the loss and the metric that read it.
    expect(flagged.map((i) => [i.nodeId, i.portId])).toEqual([['digit', 'table']]);
    expect(flagged[0].message).toBe('Target column reads Dataset before the train/validation split, so validation rows would leak into training.');
    expect(flagged[0].hint).toContain('Target column (labels)');
  });

  it('E_BYPASSES_SPLIT on the Select columns that reads the dataset, not on the layers after it', () => {
    const doc = replaceSource(digitCnn, 'split.table', 'dataset.table', 'pixels.table');
    const result = compile(doc);
    const flagged = expectIssue(result, 'E_BYPASSES_SPLIT');
    expect(flagged.map((i) => [i.nodeId, i.portId])).toEqual([['pixels', 'table']]);
    expect(flagged[0].hint).toBe(
      'Connect its "table" input to the table output of Train/validation split instead: Dataset → Train/validation split → Select columns (features) or Target column (labels).',
    );
    // A table step that reads the dataset but feeds only the split is before it, as it should be.
    let fill = addNode(digitCnn, 'fill', 'preprocess.missingValues');
    fill = addEdge(replaceSource(fill, 'dataset.table', 'fill.out', 'split.table'), 'dataset.table', 'fill.in');
    expect(codes(compile(fill))).not.toContain('E_BYPASSES_SPLIT');
  });

  it('E_NO_LAYERS on the loss when its prediction comes straight from the data', () => {
    // The shape check alone would fail here (four measurements, three classes) and blame
    // Standardize with "This output has 4 units"; the real problem is that there is no model.
    let doc = removeNode(removeNode(irisMlp, 'hidden'), 'classifier');
    doc = addEdge(addEdge(doc, 'standardize.out', 'loss.prediction'), 'standardize.out', 'accuracy.prediction');
    const result = compile(doc);
    const [issue] = expectIssue(result, 'E_NO_LAYERS');
    expect(issue).toMatchObject({ nodeId: 'loss', portId: 'prediction' });
    expect(result.issues.filter((i) => i.nodeId === 'standardize')).toEqual([]);
  });

  it('E_RANK on a Conv2D fed with table rows', () => {
    // Iris's four measurements, picked by Select columns left empty, into the CNN.
    const doc = setParams(setParams(digitCnn, 'dataset', { dataset: 'iris' }), 'pixels', { columns: undefined });
    const [issue] = expectIssue(compile(setParams(doc, 'digit', { column: undefined })), 'E_RANK');
    expect(issue.nodeId).toBe('conv');
    expect(issue.message).toContain('[?, 4]');
  });

  it('E_RANK on a Flatten fed with rows that are already flat', () => {
    let doc = addNode(irisMlp, 'flatten', 'layer.flatten');
    doc = rewire(doc, 'standardize.out', 'hidden.in', 'flatten.in');
    doc = addEdge(doc, 'flatten.out', 'hidden.in');
    const [issue] = expectIssue(compile(doc), 'E_RANK');
    expect(issue.nodeId).toBe('flatten');
  });

  it('E_SHAPE on a pooling window larger than its input', () => {
    // Conv 11x11 stride 5 leaves 4x4; an 8x8 pool cannot fit.
    const doc = setParams(setParams(digitCnn, 'conv', { kernelSize: 11, strides: 5, filters: 16, padding: 'valid' }), 'pool', { poolSize: 8, padding: 'valid' });
    const result = compile(doc);
    expect(result.analysis.nodes.conv.outputShapes.out).toEqual([null, 4, 4, 16]);
    const [issue] = expectIssue(result, 'E_SHAPE');
    expect(issue.nodeId).toBe('pool');
    expect(issue.hint).toContain('same');
  });

  /** Iris with `kinds` (node id -> [kind, params]) wired in order between the split and the hidden Dense. */
  function irisThrough(nodes: [string, string, Record<string, unknown>][]): typeof irisMlp {
    let doc = irisMlp;
    let from = 'standardize.out';
    for (const [id, kind, params] of nodes) {
      doc = rewire(addNode(doc, id, kind, params), from, 'hidden.in', `${id}.in`);
      doc = addEdge(doc, `${id}.out`, 'hidden.in');
      from = `${id}.out`;
    }
    return doc;
  }

  it('E_RANK on an LSTM after a Dense, with the hint to make sequences first', () => {
    let doc = addNode(irisMlp, 'lstm', 'layer.lstm');
    doc = addEdge(rewire(doc, 'hidden.out', 'classifier.in', 'lstm.in'), 'lstm.out', 'classifier.in');
    const [issue] = expectIssue(compile(doc), 'E_RANK');
    expect(issue.nodeId).toBe('lstm');
    expect(issue.message).toContain('[?, 16]');
    expect(issue.hint).toBe('Recurrent layers read sequences [?, steps, features]: add a Time windowing or Reshape node before it');
  });

  it('E_RANK goes once a Reshape makes the rows sequences for the LSTM', () => {
    const doc = irisThrough([
      ['steps', 'layer.reshape', { targetShape: '-1,1' }],
      ['lstm', 'layer.lstm', { units: 8 }],
    ]);
    const result = expectOk(compile(doc));
    expect(result.analysis.nodes.steps.outputShapes.out).toEqual([null, 4, 1]);
    expect(result.analysis.nodes.lstm.outputShapes.out).toEqual([null, 8]);
    expect(result.analysis.nodes.lstm.paramCount).toBe(4 * 8 * (1 + 8 + 1));
  });

  it('E_EMBEDDING_FLOAT on an Embedding fed measurements, saying where ids come from', () => {
    const [issue] = expectIssue(compile(irisThrough([['embed', 'layer.embedding', {}]])), 'E_EMBEDDING_FLOAT');
    expect(issue.nodeId).toBe('embed');
    expect(issue.hint).toContain('Tokenize');
  });

  it('E_EMBEDDING_RANGE when the table has fewer rows than the ids, with a fix to the id range', () => {
    // compile hands nodes what it knows of their inputs (PortInfo) once the table data flow lands;
    // until then ids reach no Embedding through compile, so the node is asked directly.
    const def = getNodeDefinition('layer.embedding')!;
    const result = def.inferShape(def.params.parse({ inputDim: 50 }), [[null, 20]], [{ ids: 120 }]);
    expect(result).toMatchObject({ ok: false, code: 'E_EMBEDDING_RANGE', fix: { params: { inputDim: 120 } } });
  });

  it('E_RESHAPE_TARGET on a Reshape whose target shape is not sizes', () => {
    const [issue] = expectIssue(compile(irisThrough([['shape', 'layer.reshape', { targetShape: '4 by 1' }]])), 'E_RESHAPE_TARGET');
    expect(issue.nodeId).toBe('shape');
    expect(issue.hint).toContain('commas');
  });

  it('E_RESHAPE_SIZE on a Reshape whose sizes do not hold the values, with a fix that does', () => {
    const [issue] = expectIssue(compile(irisThrough([['shape', 'layer.reshape', { targetShape: '4,2' }]])), 'E_RESHAPE_SIZE');
    expect(issue).toMatchObject({ nodeId: 'shape', fix: { nodeId: 'shape', params: { targetShape: '4,1' } } });
    expect(issue.message).toContain('8 values');
  });

  it('E_NORMALIZE_SINGLE on a LayerNormalization over one value per step', () => {
    const doc = irisThrough([
      ['steps', 'layer.reshape', { targetShape: '-1,1' }],
      ['norm', 'layer.layerNormalization', {}],
      ['flat', 'layer.flatten', {}],
    ]);
    const [issue] = expectIssue(compile(doc), 'E_NORMALIZE_SINGLE');
    expect(issue.nodeId).toBe('norm');
  });

  it('E_PREDICTION_SHAPE on the classifier when Flatten is removed, with a hint to add Flatten', () => {
    const doc = addEdge(removeNode(digitCnn, 'flatten'), 'pool.out', 'hidden.in');
    const result = compile(doc);
    const found = expectIssue(result, 'E_PREDICTION_SHAPE');
    // Loss and accuracy read the same output: one issue, not two.
    expect(found).toHaveLength(1);
    expect(found[0].nodeId).toBe('classifier');
    expect(found[0].hint).toContain('Flatten');
    const [, side] = digitCnnGeometry().poolShape;
    expect(result.analysis.nodes.classifier.outputShapes.out).toEqual([null, side, side, 10]);
  });

  it('E_CLASS_COUNT on the classifier with a one-click fix to the class count', () => {
    const result = compile(setParams(irisMlp, 'classifier', { units: 10 }));
    const found = expectIssue(result, 'E_CLASS_COUNT');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ nodeId: 'classifier', fix: { nodeId: 'classifier', params: { units: 3 } } });
    // Applying the fix makes the pipeline compile again.
    expectOk(compile(setParams(irisMlp, 'classifier', found[0].fix!.params)));
  });

  it('E_CLASS_COUNT through an Activation is blamed on the Dense that sets the units, with the fix', () => {
    // The Activation reading the Dense keeps its shape, so the units to change are on the Dense;
    // blaming the Activation would say "Set units to 3" on a node that has none.
    let doc = setParams(irisMlp, 'classifier', { units: 10, activation: 'linear' });
    doc = addNode(doc, 'softmax', 'layer.activation', { activation: 'softmax' });
    doc = rewire(doc, 'classifier.out', 'loss.prediction', 'softmax.in');
    doc = addEdge(doc, 'softmax.out', 'loss.prediction');
    doc = replaceSource(doc, 'classifier.out', 'softmax.out', 'accuracy.prediction');
    const [issue] = expectIssue(compile(doc), 'E_CLASS_COUNT');
    expect(issue).toMatchObject({ nodeId: 'classifier', fix: { nodeId: 'classifier', params: { units: 3 } } });
  });

  it('E_LOSS_TASK on binary cross-entropy reading the three iris classes, with a hint to the losses for several classes', () => {
    let doc = addNode(removeNode(irisMlp, 'loss'), 'loss', 'loss.binaryCrossentropy');
    doc = addEdge(addEdge(addEdge(doc, 'classifier.out', 'loss.prediction'), 'species.out', 'loss.labels'), 'loss.loss', 'optimizer.loss');
    const [issue] = expectIssue(compile(doc), 'E_LOSS_TASK');
    expect(issue).toMatchObject({ nodeId: 'loss', message: 'Binary cross-entropy is for a choice between two classes, but the target has 3 classes (setosa, versicolor, virginica).' });
    expect(issue.hint).toMatch(/categorical or sparse categorical cross-entropy/);
  });

  it('E_METRIC_PREDICTION on a metric wired straight to the data while the loss reads the model', () => {
    const doc = replaceSource(irisMlp, 'classifier.out', 'standardize.out', 'accuracy.prediction');
    const result = compile(doc);
    const [issue] = expectIssue(result, 'E_METRIC_PREDICTION');
    expect(issue).toMatchObject({ nodeId: 'accuracy', portId: 'prediction' });
    expect(result.issues.filter((i) => i.nodeId === 'standardize')).toEqual([]);
  });

  it('E_METRIC_PREDICTION on the metric that measures another output than the loss', () => {
    let doc = addNode(digitCnn, 'other', 'layer.dense', { units: 10, activation: 'softmax' });
    doc = addEdge(doc, 'hidden.out', 'other.in');
    doc = replaceSource(doc, 'classifier.out', 'other.out', 'accuracy.prediction');
    const result = compile(doc);
    const [issue] = expectIssue(result, 'E_METRIC_PREDICTION');
    expect(issue).toMatchObject({ nodeId: 'accuracy', portId: 'prediction' });
  });

  /**
   * Auto MPG as a regression on the iris layout: rows without a value dropped before the split
   * (the target and Horsepower have gaps), five measurements in, miles per gallon out.
   */
  function fuelEconomy(): PipelineDocument {
    let doc = setParams(irisMlp, 'dataset', { dataset: 'cars' });
    doc = addNode(doc, 'gaps', 'preprocess.missingValues', { strategy: 'dropRow' });
    doc = addEdge(replaceSource(doc, 'dataset.table', 'gaps.out', 'split.table'), 'dataset.table', 'gaps.in');
    doc = setParams(doc, 'measurements', { columns: 'Cylinders, Displacement, Weight_in_lbs, Acceleration, Year' });
    doc = setParams(doc, 'species', { column: 'Miles_per_Gallon' });
    doc = setParams(doc, 'classifier', { units: 1, activation: 'linear' });
    doc = swapKind(doc, 'loss', 'loss.meanSquaredError');
    return swapKind(doc, 'accuracy', 'metric.mae');
  }

  /** `doc` with node `id` turned into `kind`, its params reset and its wires kept. */
  function swapKind(doc: PipelineDocument, id: string, kind: string): PipelineDocument {
    const next = structuredClone(doc);
    const node = next.nodes.find((n) => n.id === id)!;
    node.kind = kind;
    node.params = {};
    return next;
  }

  it('compiles the Auto MPG regression the other tests change', () => {
    const { spec } = expectOk(compile(fuelEconomy()));
    expect(spec.data.target.info).toEqual({ kind: 'numbers', names: ['Miles_per_Gallon'] });
    expect(spec.data.steps.map((s) => s.nodeId)).toEqual(['gaps', 'split', 'measurements', 'species', 'standardize']);
  });

  it('E_METRIC_TASK on accuracy measuring a regression, with the hint to MAE, RMSE or R²', () => {
    const [issue] = expectIssue(compile(swapKind(fuelEconomy(), 'accuracy', 'metric.accuracy')), 'E_METRIC_TASK');
    expect(issue).toMatchObject({ nodeId: 'accuracy', hint: 'Use MAE, RMSE or R² instead.' });
  });

  it('E_METRIC_TASK on a regression metric (MAE) measuring the iris classifier', () => {
    const [issue] = expectIssue(compile(swapKind(irisMlp, 'accuracy', 'metric.mae')), 'E_METRIC_TASK');
    expect(issue.nodeId).toBe('accuracy');
    expect(issue.hint).toMatch(/accuracy/i);
  });

  it('E_OUTPUT_COUNT on the last Dense of a regression with 3 units, with a fix to 1 unit', () => {
    const result = compile(setParams(fuelEconomy(), 'classifier', { units: 3 }));
    const [issue] = expectIssue(result, 'E_OUTPUT_COUNT');
    expect(issue).toMatchObject({ nodeId: 'classifier', fix: { params: { units: 1 } } });
    expectOk(compile(setParams(fuelEconomy(), 'classifier', issue.fix!.params)));
  });

  it('W_OUTPUT_ACTIVATION on a regression whose output is relu, with a fix to linear', () => {
    const result = expectOk(compile(setParams(fuelEconomy(), 'classifier', { activation: 'relu' })));
    const [issue] = expectIssue(result, 'W_OUTPUT_ACTIVATION');
    expect(issue).toMatchObject({ severity: 'warning', nodeId: 'classifier', fix: { nodeId: 'classifier', params: { activation: 'linear' } } });
    expect(codes(compile(setParams(fuelEconomy(), 'classifier', issue.fix!.params)))).toEqual([]);
  });

  it('E_LOSS_TASK on binary cross-entropy reading the ten digits', () => {
    const [issue] = expectIssue(compile(swapKind(digitCnn, 'loss', 'loss.binaryCrossentropy')), 'E_LOSS_TASK');
    expect(issue.nodeId).toBe('loss');
    expect(issue.message).toContain('the target has 10 classes');
  });

  it('E_AUGMENT_BEFORE_SPLIT on augmentation of images read before the split, not once they come through it', () => {
    let doc = addNode(digitCnn, 'augment', 'preprocess.augment');
    doc = addEdge(rewire(doc, 'normalize.out', 'conv.in', 'augment.in'), 'augment.out', 'conv.in');
    expect(codes(expectOk(compile(doc)))).toEqual([]);
    const result = compile(replaceSource(doc, 'split.table', 'dataset.table', 'pixels.table'));
    const [issue] = expectIssue(result, 'E_AUGMENT_BEFORE_SPLIT');
    expect(issue.nodeId).toBe('augment');
    expect(issue.hint).toContain('Select columns');
  });

  it('W_OUTLIERS_BEFORE_SPLIT on outlier removal wired before the split, still compiles', () => {
    let doc = addNode(irisMlp, 'outliers', 'preprocess.removeOutliers');
    doc = addEdge(replaceSource(doc, 'dataset.table', 'outliers.out', 'split.table'), 'dataset.table', 'outliers.in');
    const result = expectOk(compile(doc));
    const [issue] = expectIssue(result, 'W_OUTLIERS_BEFORE_SPLIT');
    expect(issue).toMatchObject({ severity: 'warning', nodeId: 'outliers' });
    expect(issue.hint).toContain('after the split');
  });

  it('E_EARLY_STOPPING_NO_VALIDATION on the optimizer of a pipeline without a split, with a fix that turns it off', () => {
    let doc = removeNode(irisMlp, 'split');
    doc = addEdge(addEdge(doc, 'dataset.table', 'measurements.table'), 'dataset.table', 'species.table');
    doc = setParams(doc, 'optimizer', { earlyStopping: true });
    const [issue] = expectIssue(compile(doc), 'E_EARLY_STOPPING_NO_VALIDATION');
    expect(issue).toMatchObject({ nodeId: 'optimizer', fix: { nodeId: 'optimizer', params: { earlyStopping: false } } });
    expectOk(compile(setParams(doc, 'optimizer', issue.fix!.params)));
  });

  it('E_MONITOR_NOT_MEASURED on early stopping that watches a metric no node computes, with a fix to the loss', () => {
    const doc = setParams(irisMlp, 'optimizer', { earlyStopping: true, monitor: 'val_auc' });
    const [issue] = expectIssue(compile(doc), 'E_MONITOR_NOT_MEASURED');
    expect(issue).toMatchObject({ nodeId: 'optimizer', fix: { nodeId: 'optimizer', params: { monitor: 'val_loss' } } });
    expect(issue.message).toBe('Early stopping watches val_auc, but no metric node computes auc in this pipeline.');
    expectOk(compile(setParams(doc, 'optimizer', issue.fix!.params)));
  });

  it('E_MISSING_VALUES on Select columns reading columns with gaps, pointing at the Missing values node', () => {
    const doc = setParams(fuelEconomy(), 'measurements', { columns: 'Horsepower, Weight_in_lbs' });
    // Without the node that drops the rows with gaps, the Horsepower gaps reach Select columns.
    const [issue] = expectIssue(compile(replaceSource(doc, 'gaps.out', 'dataset.table', 'split.table')), 'E_MISSING_VALUES');
    expect(issue).toMatchObject({ nodeId: 'measurements', message: '"Horsepower" has missing values, which a model cannot read.' });
    expect(issue.hint).toContain('Missing values');
  });

  it('E_MIXED_COLUMNS on Select columns mixing a category with numbers', () => {
    const [issue] = expectIssue(compile(setParams(fuelEconomy(), 'measurements', { columns: 'Origin, Weight_in_lbs' })), 'E_MIXED_COLUMNS');
    expect(issue.nodeId).toBe('measurements');
    expect(issue.hint).toContain('One-hot');
  });

  it('E_MIXED_COLUMNS on Select columns taking the MNIST image with the digit', () => {
    const [issue] = expectIssue(compile(setParams(digitCnn, 'pixels', { columns: 'image, digit' })), 'E_MIXED_COLUMNS');
    expect(issue).toMatchObject({ nodeId: 'pixels', hint: 'Select "image" alone.' });
  });

  it('E_MISSING_TARGET on a Target column with gaps, pointing at Missing values before the split', () => {
    const doc = replaceSource(fuelEconomy(), 'gaps.out', 'dataset.table', 'split.table');
    const [issue] = expectIssue(compile(doc), 'E_MISSING_TARGET');
    expect(issue).toMatchObject({ nodeId: 'species', message: 'Some rows have no "Miles_per_Gallon": there is nothing to learn from them.' });
  });

  it('E_ONE_TARGET on a Target column naming two columns', () => {
    const [issue] = expectIssue(compile(setParams(irisMlp, 'species', { column: 'species, petalWidth' })), 'E_ONE_TARGET');
    expect(issue.nodeId).toBe('species');
    expect(issue.hint).toContain('species');
  });

  it('E_SPLIT_SHARES on a split that holds out too much, with a fix that compiles', () => {
    const result = compile(setParams(irisMlp, 'split', { validationFraction: 0.5, testFraction: 0.4 }));
    const [issue] = expectIssue(result, 'E_SPLIT_SHARES');
    expect(issue).toMatchObject({ nodeId: 'split', hint: 'Keep validation and test at 80% or less together.' });
    expect(issue.message).toContain('90%');
    expectOk(compile(setParams(irisMlp, 'split', issue.fix!.params)));
    expectOk(compile(setParams(irisMlp, 'split', { validationFraction: 0.5, testFraction: 0.3 })));
  });

  it('E_STRATIFY_COLUMN on a split stratified by two category columns', () => {
    const penguins = setParams(irisMlp, 'dataset', { dataset: 'penguins' });
    const [issue] = expectIssue(compile(setParams(penguins, 'split', { stratify: true, stratifyBy: 'species, island' })), 'E_STRATIFY_COLUMN');
    expect(issue).toMatchObject({ nodeId: 'split', hint: 'Name one category column, or turn stratify off.' });
    expectOk(compile(setParams(irisMlp, 'split', { stratify: true, stratifyBy: 'species' })));
  });

  /** Spam e-mails as word ids: Tokenize reads the split's table, `layers` run from it to the hidden Dense. */
  function spamWords(layers: [string, string, Record<string, unknown>][]): PipelineDocument {
    let doc = setParams(removeNode(removeNode(irisMlp, 'measurements'), 'standardize'), 'dataset', { dataset: 'spam' });
    doc = setParams(setParams(doc, 'species', { column: 'label' }), 'classifier', { units: 2 });
    doc = addEdge(addNode(doc, 'tokens', 'preprocess.tokenize', { vocabularySize: 500, sequenceLength: 20 }), 'split.table', 'tokens.in');
    let from = 'tokens.out';
    for (const [id, kind, params] of layers) {
      doc = addEdge(addNode(doc, id, kind, params), from, `${id}.in`);
      from = `${id}.out`;
    }
    return addEdge(doc, from, 'hidden.in');
  }

  it('E_VOCABULARY_SIZE on a Positional embedding smaller than the token ids, with a fix to their range', () => {
    const words = (params: Record<string, unknown>) => spamWords([['positions', 'layer.positionalEmbedding', params], ['pool', 'layer.globalAveragePool1d', {}]]);
    expectOk(compile(words({})));
    const [issue] = expectIssue(compile(words({ vocabularySize: 100 })), 'E_VOCABULARY_SIZE');
    expect(issue).toMatchObject({ nodeId: 'positions', fix: { params: { vocabularySize: 500 } } });
    expectOk(compile(setParams(words({ vocabularySize: 100 }), 'positions', issue.fix!.params)));
  });

  it('E_SEQUENCE_LENGTH on a Positional embedding that learns fewer positions than the texts have words', () => {
    const doc = spamWords([['positions', 'layer.positionalEmbedding', { sequenceLength: 10 }], ['pool', 'layer.globalAveragePool1d', {}]]);
    const [issue] = expectIssue(compile(doc), 'E_SEQUENCE_LENGTH');
    expect(issue).toMatchObject({ nodeId: 'positions', fix: { params: { sequenceLength: 20 } } });
  });

  it('W_NO_METRIC on the pipeline, still compiles', () => {
    const result = expectOk(compile(removeNode(digitCnn, 'accuracy')));
    const [issue] = expectIssue(result, 'W_NO_METRIC');
    expect(issue.severity).toBe('warning');
    expect(issue.nodeId).toBeUndefined();
    expect(result.spec.metrics).toEqual([]);
  });

  it('W_NO_VALIDATION on the dataset without a split, still compiles with split null', () => {
    let doc = removeNode(digitCnn, 'split');
    doc = addEdge(addEdge(doc, 'dataset.table', 'pixels.table'), 'dataset.table', 'digit.table');
    const result = expectOk(compile(doc));
    const [issue] = expectIssue(result, 'W_NO_VALIDATION');
    expect(issue).toMatchObject({ severity: 'warning', nodeId: 'dataset' });
    expect(result.spec.data.split).toBeNull();
    expect(result.spec.data.steps.map((s) => s.nodeId)).toEqual(['pixels', 'digit', 'normalize']);
  });

  it('W_UNUSED_NODE on a layer that does not lead to the loss, still compiles without it', () => {
    const doc = addEdge(addNode(digitCnn, 'spare', 'layer.dense', { units: 5 }), 'hidden.out', 'spare.in');
    const result = expectOk(compile(doc));
    const [issue] = expectIssue(result, 'W_UNUSED_NODE');
    expect(issue).toMatchObject({ severity: 'warning', nodeId: 'spare' });
    expect(result.spec.model.layers.map((l) => l.nodeId)).not.toContain('spare');
    expect(result.analysis.nodes.spare.outputShapes.out).toEqual([null, 5]);
  });

  it('W_UNUSED_NODE on preprocessing left over after a rewiring: its work does not reach what trains', () => {
    // Select columns wired straight into the first layer: Standardize still reads the data but leads nowhere.
    const doc = replaceSource(irisMlp, 'standardize.out', 'measurements.out', 'hidden.in');
    const result = expectOk(compile(doc));
    const [issue] = expectIssue(result, 'W_UNUSED_NODE');
    expect(issue).toMatchObject({ severity: 'warning', nodeId: 'standardize' });
    expect(issue.message).toBe('Standardize is not connected to what trains, so the data is not standardized.');
    expect(issue.hint).toBe('Wire it between Select columns and the first layer (the wire there now is replaced), or delete it.');
    expect(result.spec.data.steps.map((s) => s.nodeId)).not.toContain('standardize');
    // Wired in, it is part of the data chain and nothing is flagged.
    expect(codes(compile(irisMlp))).not.toContain('W_UNUSED_NODE');
  });

  it('W_NO_SOFTMAX on the classifier, with a fix to softmax', () => {
    const result = expectOk(compile(setParams(digitCnn, 'classifier', { activation: 'relu' })));
    const [issue] = expectIssue(result, 'W_NO_SOFTMAX');
    expect(issue).toMatchObject({
      severity: 'warning',
      nodeId: 'classifier',
      fix: { nodeId: 'classifier', params: { activation: 'softmax' } },
    });
  });

  it('an empty document reports what is missing instead of throwing', () => {
    const result = compile({ ...digitCnn, nodes: [], edges: [] });
    expect(codes(result)).toEqual(['E_NO_DATASET', 'E_NO_LOSS', 'E_NO_OPTIMIZER', 'W_NO_METRIC']);
  });

  it('is deterministic', () => {
    const doc = addEdge(removeNode(digitCnn, 'flatten'), 'pool.out', 'hidden.in');
    expect(compile(doc)).toEqual(compile(structuredClone(doc)));
  });
});

describe("compile: the optimizer's run settings", () => {
  it('E_SCHEDULE_FLOOR: a cosine schedule that would not lower the rate, on the optimizer, with a fix', () => {
    const doc = setParams(irisMlp, 'optimizer', { schedule: 'cosine', minLearningRate: 0.05 });
    const [issue] = expectIssue(compile(doc), 'E_SCHEDULE_FLOOR');
    expect(issue).toMatchObject({ nodeId: 'optimizer', fix: { nodeId: 'optimizer', params: { minLearningRate: 0 } } });
    expect(issue.message).toContain('not below the learning rate of 0.01');
    expectOk(compile(setParams(doc, 'optimizer', issue.fix!.params)));
    expectOk(compile(setParams(doc, 'optimizer', { minLearningRate: 0.001 })));
  });

  // checkEarlyStopping is for the stages pass, which knows whether rows validate and which metrics
  // the pipeline computes; until it calls it, these test the check itself.
  const early = (params: Record<string, unknown>) => adam.params.parse({ learningRate: 0.01, epochs: 10, earlyStopping: true, ...params });

  it('E_EARLY_STOPPING_NO_VALIDATION: early stopping without validation rows, with a fix that turns it off', () => {
    expect(checkEarlyStopping(early({}), { validates: false, measured: ['accuracy'] })).toMatchObject({
      code: 'E_EARLY_STOPPING_NO_VALIDATION',
      fix: { params: { earlyStopping: false } },
    });
    expect(checkEarlyStopping(early({}), { validates: true, measured: [] })).toBeUndefined();
    expect(checkEarlyStopping(early({ earlyStopping: false }), { validates: false, measured: [] })).toBeUndefined();
  });

  it('E_MONITOR_NOT_MEASURED: early stopping on a metric no node computes, with a fix that watches the loss', () => {
    const failure = checkEarlyStopping(early({ monitor: 'val_auc' }), { validates: true, measured: ['accuracy'] });
    expect(failure).toMatchObject({ code: 'E_MONITOR_NOT_MEASURED', fix: { params: { monitor: 'val_loss' } } });
    expect(failure?.message).toBe('Early stopping watches val_auc, but no metric node computes auc in this pipeline.');
    expect(checkEarlyStopping(early({ monitor: 'val_f1' }), { validates: true, measured: ['accuracy', 'f1'] })).toBeUndefined();
  });
});

describe('issue code coverage', () => {
  /** Reads source text: the point is to notice a new issue code that no test exercises. */
  const read = (path: string) => readFileSync(join(process.cwd(), path), 'utf8');
  const nodeFiles = (dir: string): string[] =>
    readdirSync(join(process.cwd(), dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? nodeFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const emitted = new Set(
    [...nodeFiles('lib/compile'), ...nodeFiles('nodes')].flatMap((file) => [...read(file).matchAll(/'([EW]_[A-Z_]+)'/g)].map((m) => m[1])),
  );

  it('finds the codes compile and the nodes can emit', () => {
    expect(emitted.size).toBeGreaterThanOrEqual(27);
  });

  it('has a test for every one of them', () => {
    // Two-input layers (E_MULTIPLE_MODEL_INPUTS, the merge shapes) are tested in compile-merge*.test.ts;
    // the preprocessing kinds' own issues in preprocess-nodes.test.ts.
    const tests = ['compile', 'compile-merge', 'compile-merge-layers', 'preprocess-nodes'].map((f) => read(`tests/unit/${f}.test.ts`)).join('\n');
    const untested = [...emitted].filter((code) => !new RegExp(`it\\(\\s*'[^']*${code}`).test(tests));
    expect(untested).toEqual([]);
  });
});

describe('compile: uploaded data', () => {
  const flowers = flowersPipeline();

  it('E_NO_FILE: a CSV file node with no file yet asks for one', () => {
    const [issue] = expectIssue(compile(setParams(flowers, 'dataset', { fingerprint: '', columns: [] })), 'E_NO_FILE');
    expect(issue).toMatchObject({ nodeId: 'dataset', hint: 'Drop a CSV file on the canvas, or pick one in the inspector.' });
  });

  it('E_NO_COLUMNS: every column of the file left out', () => {
    const [issue] = expectIssue(compile(setParams(flowers, 'dataset', { ignore: ['petal_length', 'petal_width', 'note', 'species'] })), 'E_NO_COLUMNS');
    expect(issue.nodeId).toBe('dataset');
  });

  it('E_NO_FILE and E_ONE_CLASS: an image folder node with no images, then with one class', () => {
    const images = (params: Record<string, unknown>) => ({ ...flowers, nodes: flowers.nodes.map((n) => (n.id === 'dataset' ? { ...n, kind: 'data.images', params } : n)) });
    expect(expectIssue(compile(images({})), 'E_NO_FILE')[0].nodeId).toBe('dataset');
    const [oneClass] = expectIssue(compile(images({ file: 'cats.zip', fingerprint: 'img-1', rows: 20, classes: ['cat'] })), 'E_ONE_CLASS');
    expect(oneClass.hint).toMatch(/at least two class sub-folders/);
  });

  it('a CSV column typed as a category feeds a classifier target, a number column a regression one', () => {
    const { spec } = expectOk(compile(flowers));
    expect(spec.data.target.info).toEqual({ kind: 'classes', classNames: ['setosa', 'versicolor', 'virginica'] });
    const widths = setParams(setParams(flowers, 'species', { column: 'petal_width' }), 'measurements', { columns: 'petal_length' });
    const regression = compile(widths);
    // A numeric target with a softmax classifier and categorical cross-entropy is a mismatch compile names.
    expect(regression.ok).toBe(false);
    expect(regression.issues.some((i) => i.nodeId === 'loss' || i.nodeId === 'classifier' || i.nodeId === 'accuracy')).toBe(true);
  });
});
