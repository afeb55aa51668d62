import type { PipelineDocument } from '@/lib/document/document';
import { templates } from '@/lib/templates';
import { flowersPipeline } from './csv-pipeline';
import { addEdge, addNode, edge, removeEdge, removeNode, setParams } from './pipeline';

/**
 * Pipelines that together use every node kind in every place the exporter treats differently:
 * the templates; dropout, an Activation layer and every optimizer kind with the run settings
 * beyond a fixed rate (a schedule, clipping, early stopping); a split without shuffling, no split
 * at all, no metric, layers with two inputs; every data step on a dataset it fits (missing values,
 * outliers, one-hot, label codes and shuffle on penguins, user and item ids into Embeddings on ratings, text tokens
 * into recurrent and attention layers on spam, time windows on the Seattle weather, augmentation,
 * resizing and reshaping on digits); every loss and every metric, on a classifier with three
 * classes, a binary one and a regression; a test fraction and stratification. The small variants
 * (`iris-` and `small-`) also train in the contract test, so each kind's exported run is held to
 * the engine's.
 */
const digits = templates.find((t) => t.id === 'digit-cnn')!.document;
const iris = templates.find((t) => t.id === 'iris-mlp')!.document;

type NodeSpec = [id: string, kind: string, params?: Record<string, unknown>];

/** A document from its nodes and wires (ports written out: 'split.table'). */
function pipeline(name: string, nodes: NodeSpec[], wires: [string, string][]): PipelineDocument {
  return {
    version: 3,
    name,
    description: `Export variant: ${name}.`,
    nodes: nodes.map(([id, kind, params = {}], i) => ({ id, kind, params, position: { x: 200 * i, y: 0 } })),
    edges: wires.map(([from, to]) => edge(from, to)),
  };
}

/** A few epochs of small batches, seeded: enough to exercise every part of training, quickly. */
const quickAdam = (extra: Record<string, unknown> = {}): NodeSpec => ['optimizer', 'optimizer.adam', { learningRate: 0.01, epochs: 2, batchSize: 16, seed: 7, ...extra }];

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

/** A linear hidden layer, then tanh and dropout; Normalize (min-max) in place of Standardize; rows in file order. */
function withActivationDropoutAndNormalize(doc: PipelineDocument): PipelineDocument {
  let next = setParams(setParams(doc, 'hidden', { activation: 'linear' }), 'split', { shuffle: false });
  next = insert(next, 'act', 'layer.activation', { activation: 'tanh' }, 'hidden', 'classifier');
  next = insert(next, 'drop', 'layer.dropout', { rate: 0.2 }, 'act', 'classifier');
  next = addNode(removeNode(next, 'standardize'), 'scale', 'preprocess.normalize');
  next = addEdge(addEdge(next, 'measurements.out', 'scale.in'), 'scale.out', 'hidden.in');
  return withSgd(next, { momentum: 0.5, nesterov: true });
}

/** Measurements and species read the dataset's table straight, without a split. */
function withoutSplit(doc: PipelineDocument): PipelineDocument {
  const next = removeNode(doc, 'split');
  return addEdge(addEdge(next, 'dataset.table', 'measurements.table'), 'dataset.table', 'species.table');
}

/**
 * Two Dense branches from the same features, merged by every merge layer: a + b, then gated by b,
 * its dot product with the first branch, and the gated values and that score side by side.
 */
function withMerges(doc: PipelineDocument): PipelineDocument {
  let next = removeEdge(addNode(doc, 'branch', 'layer.dense', { units: 16, activation: 'tanh' }), 'hidden.out', 'classifier.in');
  next = addNode(addNode(addNode(addNode(next, 'sum', 'layer.add'), 'gate', 'layer.multiply'), 'score', 'layer.dot', { normalize: true }), 'joined', 'layer.concatenate');
  for (const [from, to] of [
    ['standardize.out', 'branch.in'],
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

/** Puts `nodes` (id, kind, params), in order, on the wire `from -> to` (ports written out: 'standardize.out'). */
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
const irisSequence = chain(iris, 'standardize.out', 'hidden.in', [
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
  chain(setParams(iris, 'hidden', { activation: 'linear' }), 'standardize.out', 'hidden.in', [
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
const irisImage = chain(iris, 'standardize.out', 'hidden.in', [
  ['image', 'layer.reshape', { targetShape: '2,2,1' }],
  ['separable', 'layer.separableConv2d', { filters: 4, kernelSize: 2, padding: 'same', depthMultiplier: 2 }],
  ['pool', 'layer.averagePool2d', { poolSize: 2, strides: 1, padding: 'same' }],
  ['strongest', 'layer.globalMaxPool2d', {}],
]);

/** GlobalAveragePool2D in place of Flatten. */
const digitsGlobalAverage = chain(addEdge(removeNode(digits, 'flatten'), 'pool.out', 'hidden.in'), 'pool.out', 'hidden.in', [['average', 'layer.globalAveragePool2d', {}]]);

/**
 * Digits augmented (training batches only, fresh every epoch), shrunk to 14x14 and read as rows
 * of pixels by a reshape of the data; a small dense model.
 */
const digitsAugmentResize = pipeline(
  'digits augment resize reshape',
  [
    ['dataset', 'data.dataset', { dataset: 'mnist', maxSamples: 200 }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['pixels', 'preprocess.selectColumns', {}],
    ['digit', 'preprocess.target', {}],
    ['scale', 'preprocess.normalize', {}],
    ['augment', 'preprocess.augment', { rotation: 10, zoom: 0.1, translation: 0.1 }],
    ['shrink', 'preprocess.resize', { height: 14, width: 14 }],
    ['rows', 'preprocess.reshape', { targetShape: '14,14' }],
    ['flat', 'layer.flatten'],
    ['hidden', 'layer.dense', { units: 16, activation: 'relu' }],
    ['classifier', 'layer.dense', { units: 10, activation: 'softmax' }],
    ['loss', 'loss.categoricalCrossentropy'],
    ['accuracy', 'metric.accuracy'],
    quickAdam({ epochs: 1, batchSize: 32 }),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'pixels.table'],
    ['split.table', 'digit.table'],
    ['pixels.out', 'scale.in'],
    ['scale.out', 'augment.in'],
    ['augment.out', 'shrink.in'],
    ['shrink.out', 'rows.in'],
    ['rows.out', 'flat.in'],
    ['flat.out', 'hidden.in'],
    ['hidden.out', 'classifier.in'],
    ['classifier.out', 'loss.prediction'],
    ['digit.out', 'loss.labels'],
    ['classifier.out', 'accuracy.prediction'],
    ['digit.out', 'accuracy.labels'],
    ['loss.loss', 'optimizer.loss'],
  ],
);

/** Wires a prediction and labels to a loss and to each metric, and the loss to the optimizer. */
function scoring(prediction: string, labels: string, metrics: string[]): [string, string][] {
  return [
    [prediction, 'loss.prediction'],
    [labels, 'loss.labels'],
    ...metrics.flatMap((m): [string, string][] => [
      [prediction, `${m}.prediction`],
      [labels, `${m}.labels`],
    ]),
    ['loss.loss', 'optimizer.loss'],
  ];
}

/**
 * Penguins cleaned (gaps filled with the most frequent value; after a three-way split that keeps
 * the species in proportion, outlying rows dropped, sex one-hot encoded, islands as codes, rows
 * shuffled); every classification metric on three classes, with sparse categorical cross-entropy.
 */
const penguinsClean = pipeline(
  'penguins cleaned',
  [
    ['dataset', 'data.dataset', { dataset: 'penguins', maxSamples: 120 }],
    ['gaps', 'preprocess.missingValues', { strategy: 'mostFrequent' }],
    ['split', 'preprocess.split', { validationFraction: 0.25, testFraction: 0.2, stratify: true }],
    ['outliers', 'preprocess.removeOutliers', { method: 'iqr', factor: 3 }],
    ['encode', 'preprocess.oneHot', { columns: 'sex' }],
    ['islands', 'preprocess.labelEncode', { columns: 'island' }],
    ['mix', 'preprocess.shuffle'],
    ['measurements', 'preprocess.selectColumns', {}],
    ['species', 'preprocess.target', {}],
    ['standardize', 'preprocess.standardize'],
    ['hidden', 'layer.dense', { units: 8, activation: 'selu' }],
    ['classifier', 'layer.dense', { units: 3, activation: 'softmax' }],
    ['loss', 'loss.sparseCategoricalCrossentropy'],
    ['accuracy', 'metric.accuracy'],
    ['precision', 'metric.precision'],
    ['recall', 'metric.recall'],
    ['f1', 'metric.f1'],
    ['confusion', 'metric.confusionMatrix'],
    ['top2', 'metric.topKAccuracy', { k: 2 }],
    quickAdam(),
  ],
  [
    ['dataset.table', 'gaps.in'],
    ['gaps.out', 'split.table'],
    ['split.table', 'outliers.in'],
    ['outliers.out', 'encode.in'],
    ['encode.out', 'islands.in'],
    ['islands.out', 'mix.in'],
    ['mix.out', 'measurements.table'],
    ['mix.out', 'species.table'],
    ['measurements.out', 'standardize.in'],
    ['standardize.out', 'hidden.in'],
    ['hidden.out', 'classifier.in'],
    ...scoring('classifier.out', 'species.out', ['accuracy', 'precision', 'recall', 'f1', 'confusion', 'top2']),
  ],
);

/** Fuel economy, a regression: gaps filled with the median, Huber loss, every regression metric. */
const carsRegression = pipeline(
  'cars regression',
  [
    ['dataset', 'data.dataset', { dataset: 'cars', maxSamples: 120 }],
    ['gaps', 'preprocess.missingValues', { strategy: 'median' }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['engine', 'preprocess.selectColumns', { columns: 'Cylinders,Displacement,Horsepower,Weight_in_lbs,Acceleration,Year' }],
    ['mpg', 'preprocess.target', {}],
    ['standardize', 'preprocess.standardize'],
    ['hidden', 'layer.dense', { units: 8, activation: 'swish' }],
    ['estimate', 'layer.dense', { units: 1, activation: 'linear' }],
    ['loss', 'loss.huber', { delta: 2 }],
    ['mae', 'metric.mae'],
    ['mse', 'metric.mse'],
    ['rmse', 'metric.rmse'],
    ['r2', 'metric.r2'],
    quickAdam({ learningRate: 0.05 }),
  ],
  [
    ['dataset.table', 'gaps.in'],
    ['gaps.out', 'split.table'],
    ['split.table', 'engine.table'],
    ['split.table', 'mpg.table'],
    ['engine.out', 'standardize.in'],
    ['standardize.out', 'hidden.in'],
    ['hidden.out', 'estimate.in'],
    ...scoring('estimate.out', 'mpg.out', ['mae', 'mse', 'rmse', 'r2']),
  ],
);

/** The same regression with mean squared error, then with mean absolute error and rows dropped where a value is missing. */
const carsMse = withLoss(carsRegression, 'loss.meanSquaredError');
const carsMae = withLoss(setParams(carsRegression, 'gaps', { strategy: 'dropRow' }), 'loss.meanAbsoluteError');

function withLoss(doc: PipelineDocument, kind: string): PipelineDocument {
  const wires = doc.edges.filter((e) => e.target === 'loss' || e.source === 'loss');
  let next = addNode(removeNode(doc, 'loss'), 'loss', kind);
  for (const e of wires) next = addEdge(next, `${e.source}.${e.sourcePort}`, `${e.target}.${e.targetPort}`);
  return next;
}

/** XOR, binary: one sigmoid unit, binary cross-entropy, AUC beside accuracy; stratified on the class column named. */
const xorBinary = pipeline(
  'xor binary',
  [
    ['dataset', 'data.dataset', { dataset: 'xor', maxSamples: 200 }],
    ['split', 'preprocess.split', { validationFraction: 0.25, stratify: true, stratifyBy: 'class' }],
    ['points', 'preprocess.selectColumns', { columns: 'x,y' }],
    ['side', 'preprocess.target', { column: 'class' }],
    ['hidden', 'layer.dense', { units: 8, activation: 'tanh' }],
    ['odds', 'layer.dense', { units: 1, activation: 'sigmoid' }],
    ['loss', 'loss.binaryCrossentropy'],
    ['accuracy', 'metric.accuracy'],
    ['auc', 'metric.auc'],
    ['f1', 'metric.f1'],
    quickAdam({ earlyStopping: true, patience: 1, monitor: 'val_auc' }),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'points.table'],
    ['split.table', 'side.table'],
    ['points.out', 'hidden.in'],
    ['hidden.out', 'odds.in'],
    ...scoring('odds.out', 'side.out', ['accuracy', 'auc', 'f1']),
  ],
);

/** A recommender: user and item ids (category columns selected alone) into two Embeddings, their dot product is the rating. */
const ratingsRecommender = pipeline(
  'ratings recommender',
  [
    ['dataset', 'data.dataset', { dataset: 'ratings', maxSamples: 300 }],
    ['split', 'preprocess.split', { validationFraction: 0.2, testFraction: 0.1 }],
    ['users', 'preprocess.selectColumns', { columns: 'user' }],
    ['items', 'preprocess.selectColumns', { columns: 'item' }],
    ['rating', 'preprocess.target', {}],
    ['user-vectors', 'layer.embedding', { outputDim: 4 }],
    ['item-vectors', 'layer.embedding', { outputDim: 4 }],
    ['user-flat', 'layer.flatten'],
    ['item-flat', 'layer.flatten'],
    ['match', 'layer.dot', {}],
    ['estimate', 'layer.dense', { units: 1, activation: 'linear' }],
    ['loss', 'loss.meanSquaredError'],
    ['rmse', 'metric.rmse'],
    quickAdam({ learningRate: 0.05 }),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'users.table'],
    ['split.table', 'items.table'],
    ['split.table', 'rating.table'],
    ['users.out', 'user-vectors.in'],
    ['items.out', 'item-vectors.in'],
    ['user-vectors.out', 'user-flat.in'],
    ['item-vectors.out', 'item-flat.in'],
    ['user-flat.out', 'match.a'],
    ['item-flat.out', 'match.b'],
    ['match.out', 'estimate.in'],
    ...scoring('estimate.out', 'rating.out', ['rmse']),
  ],
);

/** Spam text: tokens (vocabulary fitted on training rows) into an Embedding and an LSTM. */
const spamLstm = pipeline(
  'spam lstm',
  [
    ['dataset', 'data.dataset', { dataset: 'spam', maxSamples: 60 }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['tokens', 'preprocess.tokenize', { vocabularySize: 200, sequenceLength: 12 }],
    ['label', 'preprocess.target', {}],
    ['words', 'layer.embedding', { outputDim: 8 }],
    ['reader', 'layer.lstm', { units: 8 }],
    ['classifier', 'layer.dense', { units: 2, activation: 'softmax' }],
    ['loss', 'loss.sparseCategoricalCrossentropy'],
    ['accuracy', 'metric.accuracy'],
    quickAdam(),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'tokens.in'],
    ['split.table', 'label.table'],
    ['tokens.out', 'words.in'],
    ['words.out', 'reader.in'],
    ['reader.out', 'classifier.in'],
    ...scoring('classifier.out', 'label.out', ['accuracy']),
  ],
);

/** Spam text into a small Transformer: positional embedding, an encoder block, self-attention, mean over the words. */
const spamTransformer = pipeline(
  'spam transformer',
  [
    ['dataset', 'data.dataset', { dataset: 'spam', maxSamples: 60 }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['tokens', 'preprocess.tokenize', { vocabularySize: 200, sequenceLength: 12 }],
    ['label', 'preprocess.target', {}],
    ['words', 'layer.positionalEmbedding', { embedDim: 8 }],
    ['encoder', 'layer.transformerEncoder', { numHeads: 2, keyDim: 4, ffDim: 16 }],
    ['attention', 'layer.multiHeadAttention', { numHeads: 2, keyDim: 4 }],
    ['mean', 'layer.globalAveragePool1d'],
    ['classifier', 'layer.dense', { units: 2, activation: 'softmax' }],
    ['loss', 'loss.sparseCategoricalCrossentropy'],
    ['accuracy', 'metric.accuracy'],
    quickAdam(),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'tokens.in'],
    ['split.table', 'label.table'],
    ['tokens.out', 'words.in'],
    ['words.out', 'encoder.in'],
    ['encoder.out', 'attention.in'],
    ['attention.out', 'mean.in'],
    ['mean.out', 'classifier.in'],
    ...scoring('classifier.out', 'label.out', ['accuracy']),
  ],
);

/** Weather forecast: windows of past days (rows in time order, never shuffled) into a GRU, MAE. */
const weatherForecast = pipeline(
  'weather forecast',
  [
    ['dataset', 'data.dataset', { dataset: 'seattleWeather', maxSamples: 160 }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['windows', 'preprocess.timeWindow', { columns: 'precipitation,temp_max,temp_min,wind', steps: 5, horizon: 1 }],
    ['standardize', 'preprocess.standardize'],
    ['reader', 'layer.gru', { units: 8 }],
    ['estimate', 'layer.dense', { units: 1, activation: 'linear' }],
    ['loss', 'loss.meanAbsoluteError'],
    ['mae', 'metric.mae'],
    quickAdam({ learningRate: 0.05 }),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'windows.in'],
    ['windows.features', 'standardize.in'],
    ['standardize.out', 'reader.in'],
    ['reader.out', 'estimate.in'],
    ...scoring('estimate.out', 'windows.labels', ['mae']),
  ],
);

/** Waveform shapes, a series column read as [steps, 1] by a Conv1D, the strongest response per filter. */
const waveformsConv = pipeline(
  'waveforms conv1d',
  [
    ['dataset', 'data.dataset', { dataset: 'waveforms', maxSamples: 80 }],
    ['split', 'preprocess.split', { validationFraction: 0.25 }],
    ['signal', 'preprocess.selectColumns', {}],
    ['shape', 'preprocess.target', {}],
    ['conv', 'layer.conv1d', { filters: 4, kernelSize: 5, strides: 2 }],
    ['strongest', 'layer.globalMaxPool1d'],
    ['classifier', 'layer.dense', { units: 4, activation: 'softmax' }],
    ['loss', 'loss.sparseCategoricalCrossentropy'],
    ['top2', 'metric.topKAccuracy', { k: 2 }],
    quickAdam(),
  ],
  [
    ['dataset.table', 'split.table'],
    ['split.table', 'signal.table'],
    ['split.table', 'shape.table'],
    ['signal.out', 'conv.in'],
    ['conv.out', 'strongest.in'],
    ['strongest.out', 'classifier.in'],
    ...scoring('classifier.out', 'shape.out', ['top2']),
  ],
);

/**
 * The digit CNN on an uploaded image folder: the params describe a small set of three shapes
 * (no rows: those stay in the browser, and the exported loader says so when run).
 */
const shapesImages: PipelineDocument = setParams(
  setParams(
    {
      ...digits,
      name: 'Shapes (image folder)',
      nodes: digits.nodes.map((n) =>
        n.id === 'dataset'
          ? { ...n, kind: 'data.images', params: { file: 'shapes.zip', fingerprint: 'images-test-1', rows: 18, height: 16, width: 16, channels: 1, classes: ['circle', 'square', 'triangle'] } }
          : n,
      ),
    },
    'digit',
    { column: 'label' },
  ),
  'classifier',
  { units: 3 },
);

export const exportVariants: { name: string; doc: PipelineDocument }[] = [
  ...templates.map((t) => ({ name: t.id, doc: t.document })),
  { name: 'digits-dropout-sgd', doc: withSgd(insert(digits, 'drop', 'layer.dropout', { rate: 0.3 }, 'hidden', 'classifier')) },
  { name: 'iris-activation-dropout-nesterov-normalize', doc: withActivationDropoutAndNormalize(iris) },
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
  { name: 'small-digits-augment-resize-reshape', doc: digitsAugmentResize },
  { name: 'small-penguins-clean-onehot-test-stratify', doc: penguinsClean },
  { name: 'small-cars-huber', doc: carsRegression },
  { name: 'small-cars-mse', doc: carsMse },
  { name: 'small-cars-mae-drop-rows', doc: carsMae },
  { name: 'small-xor-binary-auc-early-stop', doc: xorBinary },
  { name: 'small-ratings-two-embeddings-dot', doc: ratingsRecommender },
  { name: 'small-spam-lstm', doc: spamLstm },
  { name: 'small-spam-transformer', doc: spamTransformer },
  { name: 'small-weather-windows-gru', doc: weatherForecast },
  { name: 'small-waveforms-conv1d', doc: waveformsConv },
  // Uploads: the program reads the CSV by path (export-parity runs it on the file); images cannot be read by an export yet.
  { name: 'csv-flowers', doc: flowersPipeline() },
  { name: 'images-shapes', doc: shapesImages },
];
