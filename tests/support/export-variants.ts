import type { PipelineDocument } from '@/lib/document/document';
import { templates } from '@/lib/templates';
import { addEdge, addNode, removeEdge, removeNode, setParams } from './pipeline';

/**
 * Pipelines that together use every node kind in every place the exporter treats differently:
 * the templates, plus dropout and SGD, an Activation layer, preprocessing after the split, a split
 * without shuffling, no split at all (no validation), no metric, and layers with two inputs; every
 * optimizer kind, and the run settings beyond a fixed rate (a schedule, clipping, early stopping)
 * in the Iris variants that run, so the exported training is held to the engine's.
 */
const digits = templates.find((t) => t.id === 'digit-cnn')!.document;
const iris = templates.find((t) => t.id === 'iris-mlp')!.document;

/** Puts a new node on the wire `from.out -> to.in`. */
function insert(doc: PipelineDocument, id: string, kind: string, params: Record<string, unknown>, from: string, to: string): PipelineDocument {
  const next = removeEdge(addNode(doc, id, kind, params), `${from}.out`, `${to}.in`);
  return addEdge(addEdge(next, `${from}.out`, `${id}.in`), `${id}.out`, `${to}.in`);
}

/** The optimizer node replaced by one of `kind`, keeping the run settings it had and changing `params`. */
function withOptimizer(doc: PipelineDocument, kind: string, params: Record<string, unknown>): PipelineDocument {
  const optimizer = doc.nodes.find((n) => n.id === 'optimizer')!;
  const next = addNode(removeNode(doc, 'optimizer'), 'optimizer', kind, { ...optimizer.params, ...params });
  return addEdge(next, 'loss.loss', 'optimizer.loss');
}

const withSgd = (doc: PipelineDocument, params: Record<string, unknown> = {}) => withOptimizer(doc, 'optimizer.sgd', { learningRate: 0.05, ...params });

function withActivationDropoutAndLateNormalize(doc: PipelineDocument): PipelineDocument {
  let next = setParams(setParams(doc, 'hidden', { activation: 'linear' }), 'split', { shuffle: false });
  next = insert(next, 'act', 'layer.activation', { activation: 'tanh' }, 'hidden', 'classifier');
  next = insert(next, 'drop', 'layer.dropout', { rate: 0.2 }, 'act', 'classifier');
  next = addNode(next, 'late-normalize', 'preprocess.normalize');
  next = removeEdge(next, 'split.features', 'hidden.in');
  return withSgd(addEdge(addEdge(next, 'split.features', 'late-normalize.in'), 'late-normalize.out', 'hidden.in'), { momentum: 0.5, nesterov: true });
}

function withoutSplit(doc: PipelineDocument): PipelineDocument {
  let next = removeNode(doc, 'split');
  next = addEdge(next, 'standardize.out', 'hidden.in');
  return addEdge(addEdge(next, 'dataset.labels', 'loss.labels'), 'dataset.labels', 'accuracy.labels');
}

/**
 * Two Dense branches from the same features, merged by every merge layer: a + b, then gated by b,
 * its dot product with the first branch, and the gated values and that score side by side.
 */
function withMerges(doc: PipelineDocument): PipelineDocument {
  let next = removeEdge(addNode(doc, 'branch', 'layer.dense', { units: 16, activation: 'tanh' }), 'hidden.out', 'classifier.in');
  next = addNode(addNode(addNode(addNode(next, 'sum', 'layer.add'), 'gate', 'layer.multiply'), 'score', 'layer.dot', { normalize: true }), 'joined', 'layer.concatenate');
  for (const [from, to] of [
    ['split.features', 'branch.in'],
    ['hidden.out', 'sum.a'],
    ['branch.out', 'sum.b'],
    ['sum.out', 'gate.a'],
    ['branch.out', 'gate.b'],
    ['gate.out', 'score.a'],
    ['hidden.out', 'score.b'],
    ['gate.out', 'joined.a'],
    ['score.out', 'joined.b'],
    ['joined.out', 'classifier.in'],
  ]) {
    next = addEdge(next, from, to);
  }
  return next;
}

/** Puts `nodes` (id, kind, params), in order, on the wire `from -> to` (ports written out: 'split.features'). */
function chain(doc: PipelineDocument, from: string, to: string, nodes: [string, string, Record<string, unknown>][]): PipelineDocument {
  let next = removeEdge(doc, from, to);
  let source = from;
  for (const [id, kind, params] of nodes) {
    next = addEdge(addNode(next, id, kind, params), source, `${id}.in`);
    source = `${id}.out`;
  }
  return addEdge(next, source, to);
}

/** Rows made sequences: Reshape -> Conv1D -> pooling -> bidirectional LSTM -> GRU -> SimpleRNN -> global pooling. */
const irisSequence = chain(iris, 'split.features', 'hidden.in', [
  ['steps', 'layer.reshape', { targetShape: '-1,1' }],
  ['conv', 'layer.conv1d', { filters: 8, kernelSize: 2, padding: 'same' }],
  ['pool', 'layer.averagePool1d', { poolSize: 2 }],
  ['lstm', 'layer.lstm', { units: 4, returnSequences: true, bidirectional: true }],
  ['gru', 'layer.gru', { units: 4, returnSequences: true, activation: 'elu' }],
  ['rnn', 'layer.simpleRnn', { units: 4, returnSequences: true }],
  ['strongest', 'layer.globalMaxPool1d', {}],
]);

/** Conv1D with normalisation: a plain Reshape (no -1), max pooling, LayerNormalization, BatchNormalization, leaky ReLU. */
const irisNormalised = chain(
  chain(setParams(iris, 'hidden', { activation: 'linear' }), 'split.features', 'hidden.in', [
    ['steps', 'layer.reshape', { targetShape: '4,1' }],
    ['conv', 'layer.conv1d', { filters: 6, kernelSize: 2, activation: 'gelu' }],
    ['pool', 'layer.maxPool1d', { poolSize: 2, strides: 1 }],
    ['layer-norm', 'layer.layerNormalization', {}],
    ['mean', 'layer.globalAveragePool1d', {}],
    ['batch-norm', 'layer.batchNormalization', { momentum: 0.9 }],
  ]),
  'hidden.out',
  'classifier.in',
  [['leaky', 'layer.activation', { activation: 'leakyRelu' }]],
);

/** Rows made 2x2 images: SeparableConv2D, AveragePool2D, GlobalMaxPool2D. */
const irisImage = chain(iris, 'split.features', 'hidden.in', [
  ['image', 'layer.reshape', { targetShape: '2,2,1' }],
  ['separable', 'layer.separableConv2d', { filters: 4, kernelSize: 2, padding: 'same', depthMultiplier: 2 }],
  ['pool', 'layer.averagePool2d', { poolSize: 2, strides: 1, padding: 'same' }],
  ['strongest', 'layer.globalMaxPool2d', {}],
]);

/** GlobalAveragePool2D in place of Flatten. */
const digitsGlobalAverage = chain(addEdge(removeNode(digits, 'flatten'), 'pool.out', 'hidden.in'), 'pool.out', 'hidden.in', [['average', 'layer.globalAveragePool2d', {}]]);

export const exportVariants: { name: string; doc: PipelineDocument }[] = [
  ...templates.map((t) => ({ name: t.id, doc: t.document })),
  { name: 'digits-dropout-sgd', doc: withSgd(insert(digits, 'drop', 'layer.dropout', { rate: 0.3 }, 'hidden', 'classifier')) },
  { name: 'iris-activation-dropout-nesterov-late-normalize', doc: withActivationDropoutAndLateNormalize(iris) },
  {
    name: 'iris-no-split-adagrad-step-decay-clip',
    doc: withOptimizer(withoutSplit(iris), 'optimizer.adagrad', { learningRate: 0.1, schedule: 'step', decayEpochs: 2, decayRate: 0.5, clipNorm: 1 }),
  },
  {
    name: 'iris-no-metric-rmsprop-cosine-early-stop',
    doc: withOptimizer(removeNode(iris, 'accuracy'), 'optimizer.rmsprop', { schedule: 'cosine', minLearningRate: 0.001, earlyStopping: true, patience: 1 }),
  },
  { name: 'iris-merges', doc: withMerges(iris) },
  { name: 'iris-sequence', doc: irisSequence },
  { name: 'iris-conv1d-normalised', doc: irisNormalised },
  { name: 'iris-separable-image', doc: irisImage },
  { name: 'digits-global-average', doc: digitsGlobalAverage },
];
