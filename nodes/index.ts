import type { AnyNodeDefinition, Category } from './define-node';
import { dataset } from './data/dataset';
import { normalize } from './preprocess/normalize';
import { standardize } from './preprocess/standardize';
import { split } from './preprocess/split';
import { conv2d } from './layer/conv2d';
import { maxPool2d } from './layer/max-pool2d';
import { flatten } from './layer/flatten';
import { dense } from './layer/dense';
import { dropout } from './layer/dropout';
import { activation } from './layer/activation';
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
import { sgd } from './optimizer/sgd';
import { adam } from './optimizer/adam';
import { accuracy } from './metric/accuracy';

/** The single list of node kinds. Adding a node = one file + one line here. */
export const nodeDefinitions = [
  dataset,
  normalize,
  standardize,
  split,
  conv2d,
  maxPool2d,
  flatten,
  dense,
  dropout,
  activation,
  separableConv2d,
  averagePool2d,
  globalAveragePool2d,
  globalMaxPool2d,
  conv1d,
  maxPool1d,
  averagePool1d,
  globalAveragePool1d,
  globalMaxPool1d,
  reshape,
  embedding,
  simpleRnn,
  lstm,
  gru,
  batchNormalization,
  layerNormalization,
  categoricalCrossentropy,
  sgd,
  adam,
  accuracy,
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
