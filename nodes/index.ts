import type { AnyNodeDefinition, Category } from './define-node';
import { dataset } from './data/dataset';
import { csvFile } from './data/csv-file';
import { imageFolder } from './data/image-folder';
import { normalize } from './preprocess/normalize';
import { standardize } from './preprocess/standardize';
import { split } from './preprocess/split';
import { selectColumns } from './preprocess/select-columns';
import { target } from './preprocess/target';
import { missingValues } from './preprocess/missing-values';
import { oneHot } from './preprocess/one-hot';
import { labelEncode } from './preprocess/label-encode';
import { removeOutliers } from './preprocess/remove-outliers';
import { shuffle } from './preprocess/shuffle';
import { tokenize } from './preprocess/tokenize';
import { timeWindow } from './preprocess/time-window';
import { augment } from './preprocess/augment';
import { resize } from './preprocess/resize';
import { reshapeData } from './preprocess/reshape';
import { conv2d } from './layer/conv2d';
import { maxPool2d } from './layer/max-pool2d';
import { flatten } from './layer/flatten';
import { dense } from './layer/dense';
import { dropout } from './layer/dropout';
import { activation } from './layer/activation';
import { positionalEmbedding } from './layer/positional-embedding';
import { multiHeadAttention } from './layer/multi-head-attention';
import { transformerEncoder } from './layer/transformer-encoder';
import { add } from './layer/add';
import { concatenate } from './layer/concatenate';
import { multiply } from './layer/multiply';
import { dot } from './layer/dot';
import { separableConv2d } from './layer/separable-conv2d';
import { averagePool2d } from './layer/average-pool2d';
import { globalAveragePool2d } from './layer/global-average-pool2d';
import { globalMaxPool2d } from './layer/global-max-pool2d';
import { conv1d } from './layer/conv1d';
import { maxPool1d } from './layer/max-pool1d';
import { averagePool1d } from './layer/average-pool1d';
import { globalAveragePool1d } from './layer/global-average-pool1d';
import { globalMaxPool1d } from './layer/global-max-pool1d';
import { reshape } from './layer/reshape';
import { embedding } from './layer/embedding';
import { simpleRnn } from './layer/simple-rnn';
import { lstm } from './layer/lstm';
import { gru } from './layer/gru';
import { batchNormalization } from './layer/batch-normalization';
import { layerNormalization } from './layer/layer-normalization';
import { categoricalCrossentropy } from './loss/categorical-crossentropy';
import { sparseCategoricalCrossentropy } from './loss/sparse-categorical-crossentropy';
import { binaryCrossentropy } from './loss/binary-crossentropy';
import { meanSquaredError } from './loss/mean-squared-error';
import { meanAbsoluteError } from './loss/mean-absolute-error';
import { huber } from './loss/huber';
import { sgd } from './optimizer/sgd';
import { adam } from './optimizer/adam';
import { rmsprop } from './optimizer/rmsprop';
import { adagrad } from './optimizer/adagrad';
import { accuracy } from './metric/accuracy';
import { precisionMetric } from './metric/precision';
import { recallMetric } from './metric/recall';
import { f1Metric } from './metric/f1';
import { confusionMatrixMetric } from './metric/confusion-matrix';
import { topKAccuracy } from './metric/top-k-accuracy';
import { auc } from './metric/auc';
import { maeMetric } from './metric/mae';
import { mseMetric } from './metric/mse';
import { rmseMetric } from './metric/rmse';
import { r2Metric } from './metric/r2';

/** The single list of node kinds. Adding a node = one file + one line here. */
export const nodeDefinitions = [
  dataset,
  csvFile,
  imageFolder,
  split,
  selectColumns,
  target,
  missingValues,
  oneHot,
  labelEncode,
  removeOutliers,
  shuffle,
  normalize,
  standardize,
  tokenize,
  timeWindow,
  augment,
  resize,
  reshapeData,
  dense,
  dropout,
  activation,
  batchNormalization,
  layerNormalization,
  flatten,
  reshape,
  conv2d,
  separableConv2d,
  maxPool2d,
  averagePool2d,
  globalAveragePool2d,
  globalMaxPool2d,
  conv1d,
  maxPool1d,
  averagePool1d,
  globalAveragePool1d,
  globalMaxPool1d,
  embedding,
  simpleRnn,
  lstm,
  gru,
  positionalEmbedding,
  multiHeadAttention,
  transformerEncoder,
  add,
  concatenate,
  multiply,
  dot,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  binaryCrossentropy,
  meanSquaredError,
  meanAbsoluteError,
  huber,
  sgd,
  adam,
  rmsprop,
  adagrad,
  accuracy,
  precisionMetric,
  recallMetric,
  f1Metric,
  confusionMatrixMetric,
  topKAccuracy,
  auc,
  maeMetric,
  mseMetric,
  rmseMetric,
  r2Metric,
] as const;

export type NodeKind = (typeof nodeDefinitions)[number]['kind'];

const byKind = new Map<string, AnyNodeDefinition>(nodeDefinitions.map((d) => [d.kind, d as AnyNodeDefinition]));

export function getNodeDefinition(kind: string): AnyNodeDefinition | undefined {
  return byKind.get(kind);
}

export const categories: { id: Category; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'preprocess', label: 'Preprocessing' },
  { id: 'layer', label: 'Layers' },
  { id: 'loss', label: 'Loss' },
  { id: 'optimizer', label: 'Optimizer' },
  { id: 'metric', label: 'Metrics' },
];
