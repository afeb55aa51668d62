import type { PipelineDocument } from '@/lib/document/document';

/** A text classifier: words become ids, ids become learnt vectors, an LSTM reads them in order. */
export const spamLstm: PipelineDocument = {
  version: 3,
  name: 'Spam filter, Embedding + LSTM',
  description:
    'Tells spam from wanted mail in 2,000 real e-mails (SpamAssassin), half of each. ' +
    'Tokenize turns the first 80 words of each e-mail into ids from a 2,000-word vocabulary learnt on the training e-mails only, an Embedding gives each word a learnt vector, ' +
    'an LSTM reads them in order and a Dense layer says spam or ham. Precision, recall and F1 show how many flagged e-mails were spam and how much spam was caught. ' +
    'Expect at least 90% validation accuracy (always guessing the commoner class: 50%).',
  nodes: [
    { id: 'emails', kind: 'data.dataset', params: { dataset: 'spam' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true, stratify: true }, position: { x: 346, y: 0 } },
    { id: 'words', kind: 'preprocess.tokenize', params: { column: 'text', vocabularySize: 2000, sequenceLength: 80 }, position: { x: 692, y: 0 } },
    { id: 'label', kind: 'preprocess.target', params: { column: 'label' }, position: { x: 692, y: 307 } },
    { id: 'wordVectors', kind: 'layer.embedding', params: { outputDim: 16 }, position: { x: 0, y: 159 } },
    { id: 'reader', kind: 'layer.lstm', params: { units: 16 }, position: { x: 346, y: 159 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 2, activation: 'softmax' }, position: { x: 692, y: 159 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 437 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 799 } },
    { id: 'precision', kind: 'metric.precision', params: {}, position: { x: 346, y: 921 } },
    { id: 'recall', kind: 'metric.recall', params: {}, position: { x: 346, y: 559 } },
    { id: 'f1', kind: 'metric.f1', params: {}, position: { x: 346, y: 437 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.005, epochs: 3, batchSize: 32, seed: 42 },
      position: { x: 346, y: 681 },
    },
  ],
  edges: [
    { source: 'emails', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'words', targetPort: 'in' },
    { source: 'split', sourcePort: 'table', target: 'label', targetPort: 'table' },
    { source: 'words', sourcePort: 'out', target: 'wordVectors', targetPort: 'in' },
    { source: 'wordVectors', sourcePort: 'out', target: 'reader', targetPort: 'in' },
    { source: 'reader', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'label', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    ...['accuracy', 'precision', 'recall', 'f1'].flatMap((metric) => [
      { source: 'classifier', sourcePort: 'out', target: metric, targetPort: 'prediction' },
      { source: 'label', sourcePort: 'out', target: metric, targetPort: 'labels' },
    ]),
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
