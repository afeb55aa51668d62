import type { PipelineDocument } from '@/lib/document/document';
import { templates } from '@/lib/templates';
import { addEdge, addNode, removeEdge, removeNode, setParams } from './pipeline';

/**
 * Pipelines that together use every node kind in every place the exporter treats differently:
 * the templates, plus dropout and SGD, an Activation layer, preprocessing after the split, a split
 * without shuffling, no split at all (no validation) and no metric.
 */
const digits = templates.find((t) => t.id === 'digit-cnn')!.document;
const iris = templates.find((t) => t.id === 'iris-mlp')!.document;

function withDropoutAndSgd(doc: PipelineDocument): PipelineDocument {
  let next = addNode(doc, 'drop', 'layer.dropout', { rate: 0.3 });
  next = removeEdge(next, 'hidden.out', 'classifier.in');
  next = addEdge(addEdge(next, 'hidden.out', 'drop.in'), 'drop.out', 'classifier.in');
  const optimizer = doc.nodes.find((n) => n.id === 'optimizer')!;
  next = removeNode(next, 'optimizer');
  next = addNode(next, 'optimizer', 'optimizer.sgd', { ...optimizer.params, learningRate: 0.05 });
  return addEdge(next, 'loss.loss', 'optimizer.loss');
}

function withActivationAndLateNormalize(doc: PipelineDocument): PipelineDocument {
  let next = setParams(doc, 'hidden', { activation: 'linear' });
  next = setParams(next, 'split', { shuffle: false });
  next = addNode(next, 'act', 'layer.activation', { activation: 'tanh' });
  next = removeEdge(next, 'hidden.out', 'classifier.in');
  next = addEdge(addEdge(next, 'hidden.out', 'act.in'), 'act.out', 'classifier.in');
  next = addNode(next, 'late-normalize', 'preprocess.normalize');
  next = removeEdge(next, 'split.features', 'hidden.in');
  return addEdge(addEdge(next, 'split.features', 'late-normalize.in'), 'late-normalize.out', 'hidden.in');
}

function withoutSplit(doc: PipelineDocument): PipelineDocument {
  let next = removeNode(doc, 'split');
  next = addEdge(next, 'standardize.out', 'hidden.in');
  return addEdge(addEdge(next, 'dataset.labels', 'loss.labels'), 'dataset.labels', 'accuracy.labels');
}

export const exportVariants: { name: string; doc: PipelineDocument }[] = [
  ...templates.map((t) => ({ name: t.id, doc: t.document })),
  { name: 'digits-dropout-sgd', doc: withDropoutAndSgd(digits) },
  { name: 'iris-activation-late-normalize', doc: withActivationAndLateNormalize(iris) },
  { name: 'iris-no-split', doc: withoutSplit(iris) },
  { name: 'iris-no-metric', doc: removeNode(iris, 'accuracy') },
];
