import { test, expect } from './fixtures';
import { encodeLink } from '@/lib/share/link';
import type { PipelineDocument } from '@/lib/document/document';

/**
 * Issue 8: a text model trained briefly in the browser shows precision, recall and F1. The
 * pipeline is the spam filter's shape (Tokenize, Embedding, LSTM, Dense), made small enough for
 * one quick epoch on the CPU backend, and opened by a share link as a person would receive it.
 */
const column = (x: number) => x * 300;
const smallSpamFilter: PipelineDocument = {
  version: 3,
  name: 'Small spam filter',
  description: '200 e-mails, one epoch: enough to see every metric the run reports, and what early stopping did.',
  nodes: [
    { id: 'emails', kind: 'data.dataset', params: { dataset: 'spam', maxSamples: 200 }, position: { x: column(0), y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.25, testFraction: 0.2, shuffle: true, stratify: true }, position: { x: column(1), y: 0 } },
    { id: 'words', kind: 'preprocess.tokenize', params: { column: 'text', vocabularySize: 500, sequenceLength: 30 }, position: { x: column(2), y: 0 } },
    { id: 'label', kind: 'preprocess.target', params: { column: 'label' }, position: { x: column(2), y: 300 } },
    { id: 'wordVectors', kind: 'layer.embedding', params: { outputDim: 8 }, position: { x: column(3), y: 0 } },
    { id: 'reader', kind: 'layer.lstm', params: { units: 8 }, position: { x: column(4), y: 0 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 2, activation: 'softmax' }, position: { x: column(5), y: 0 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: column(3), y: 300 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: column(4), y: 300 } },
    { id: 'precision', kind: 'metric.precision', params: {}, position: { x: column(5), y: 300 } },
    { id: 'recall', kind: 'metric.recall', params: {}, position: { x: column(4), y: 500 } },
    { id: 'f1', kind: 'metric.f1', params: {}, position: { x: column(5), y: 500 } },
    { id: 'optimizer', kind: 'optimizer.adam', params: { learningRate: 0.01, epochs: 1, batchSize: 32, seed: 42, earlyStopping: true, patience: 1 }, position: { x: column(3), y: 500 } },
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

test('a small spam filter trained for one epoch shows precision, recall and F1 on validation and test rows', async ({ builder, page, baseURL }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(encodeLink(smallSpamFilter, `${baseURL}/?backend=cpu`));
  await expect(builder.nodes).toHaveCount(smallSpamFilter.nodes.length);
  await expect(builder.trainButton).toBeEnabled({ timeout: 30_000 });

  await builder.train();
  await builder.waitForRunEnd(200_000);

  // Each metric once, by its node's name, with a value that is a share of the rows.
  for (const [name, label] of [['precision', 'Precision'], ['recall', 'Recall'], ['f1', 'F1 score']] as const) {
    await expect(builder.metricTable.locator(`[data-metric="${name}"]`)).toHaveAttribute('title', label);
    for (const rows of ['val', 'test'] as const) {
      const value = await builder.runMetricValue(name, rows);
      expect(value, `${rows} ${name}`).toBeGreaterThanOrEqual(0);
      expect(value, `${rows} ${name}`).toBeLessThanOrEqual(100);
    }
  }
  // Accuracy is charted (its validation value is the chart's readout); its test value is in the table.
  expect(await builder.metricValue('val-accuracy')).toBeGreaterThanOrEqual(0);
  expect(await builder.runMetricValue('accuracy', 'test')).toBeGreaterThanOrEqual(0);
  expect(await builder.runMetricValue('loss', 'test')).toBeGreaterThan(0);
  // Early stopping is on: the panel says what it did (one epoch: the best was the only one).
  await expect(page.getByTestId('early-stopping')).toContainText(/^Early stopping: the best val_loss was at epoch 1/);

  await page.setViewportSize({ width: 1024, height: 700 });
  await builder.trainingPanel.screenshot({ path: test.info().outputPath('training-panel-1024x700.png') });
  await expect(builder.metricTable).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1200 });
  await builder.trainingPanel.screenshot({ path: test.info().outputPath('training-panel-1920x1200.png') });
});

test('the spam template, trained briefly in the browser, shows precision, recall and F1', async ({ builder, page }) => {
  test.setTimeout(240_000);
  await builder.goto('?backend=cpu');
  await builder.openTemplate('spam-lstm');
  // What a person does for a quick look: fewer e-mails and one epoch, in the inspector.
  await builder.selectNode('emails');
  await builder.setParam('maxSamples', 200);
  await builder.selectNode('optimizer');
  await builder.setParam('epochs', 1);
  await expect(builder.trainButton).toBeEnabled({ timeout: 30_000 });

  await builder.train();
  await builder.waitForRunEnd(200_000);
  for (const name of ['precision', 'recall', 'f1'] as const) {
    const value = await builder.runMetricValue(name, 'val');
    expect(value, name).toBeGreaterThanOrEqual(0);
    expect(value, name).toBeLessThanOrEqual(100);
  }
});
