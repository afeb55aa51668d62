import type { PipelineDocument } from '@/lib/document/document';

/** The same spam task as spam-lstm, read by self-attention instead of a recurrent layer. */
export const spamTransformer: PipelineDocument = {
  version: 3,
  name: 'Spam filter, small Transformer',
  description:
    'Tells spam from wanted mail in 2,000 real e-mails (SpamAssassin), half of each, with the building block of today\'s language models. ' +
    'Tokenize turns the first 80 words into ids from a 2,000-word vocabulary learnt on the training e-mails only; a Positional embedding gives each word a vector that also says where it stands; ' +
    'a Transformer encoder lets every word look at every other (self-attention); global average pooling sums up the e-mail and a Dense layer says spam or ham. ' +
    'Expect at least 90% validation accuracy (always guessing the commoner class: 50%).',
  nodes: [
    { id: 'emails', kind: 'data.dataset', params: { dataset: 'spam' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true, stratify: true }, position: { x: 346, y: 0 } },
    { id: 'words', kind: 'preprocess.tokenize', params: { column: 'text', vocabularySize: 2000, sequenceLength: 80 }, position: { x: 0, y: 130 } },
    { id: 'label', kind: 'preprocess.target', params: { column: 'label' }, position: { x: 0, y: 616 } },
    { id: 'wordVectors', kind: 'layer.positionalEmbedding', params: { embedDim: 32 }, position: { x: 346, y: 130 } },
    { id: 'attention', kind: 'layer.transformerEncoder', params: { numHeads: 2, keyDim: 16, ffDim: 32 }, position: { x: 0, y: 290 } },
    { id: 'wholeEmail', kind: 'layer.globalAveragePool1d', params: {}, position: { x: 346, y: 310 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 2, activation: 'softmax' }, position: { x: 0, y: 450 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 346, y: 452 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 0, y: 746 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.002, epochs: 1, batchSize: 32, seed: 42 },
      position: { x: 346, y: 746 },
    },
  ],
  edges: [
    { source: 'emails', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'words', targetPort: 'in' },
    { source: 'split', sourcePort: 'table', target: 'label', targetPort: 'table' },
    { source: 'words', sourcePort: 'out', target: 'wordVectors', targetPort: 'in' },
    { source: 'wordVectors', sourcePort: 'out', target: 'attention', targetPort: 'in' },
    { source: 'attention', sourcePort: 'out', target: 'wholeEmail', targetPort: 'in' },
    { source: 'wholeEmail', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'label', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'label', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
