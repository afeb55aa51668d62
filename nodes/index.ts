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
import { positionalEmbedding } from './layer/positional-embedding';
import { multiHeadAttention } from './layer/multi-head-attention';
import { transformerEncoder } from './layer/transformer-encoder';
import { add } from './layer/add';
import { concatenate } from './layer/concatenate';
import { multiply } from './layer/multiply';
import { dot } from './layer/dot';
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
  positionalEmbedding,
  multiHeadAttention,
  transformerEncoder,
  add,
  concatenate,
  multiply,
  dot,
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
