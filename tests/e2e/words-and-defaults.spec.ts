import { test, expect } from './fixtures';
import { datasetIds, datasets } from '@/lib/datasets/catalog';
import { cell, dropPoint } from './geometry';

test.describe('the model summary and emptied fields (issue 5, item 3)', () => {
  test('the summary shows the epochs while another node has an error', async ({ builder }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await builder.edit('classifier', { units: 10 });
    await expect(builder.issueOn('classifier', 'E_CLASS_COUNT')).toHaveCount(1);
    await builder.selectNothing();
    await expect(builder.modelStat('epochs')).toHaveText('60');
  });

  test('an emptied number field says which value it uses, and shows it again on leaving', async ({ builder, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await builder.selectNode('hidden');
    await expect(builder.param('units')).toHaveValue('16');
    await builder.clearParam('units');
    await expect(builder.paramNote('units')).toHaveText('Empty: uses the default, 32.');
    await expect(builder.param('units')).toHaveAttribute('placeholder', '32');
    // The node and the run use that default.
    await expect(builder.node('hidden')).toContainText('32 units');
    await builder.param('units').press('Tab');
    await expect(builder.param('units')).toHaveValue('32');
    await expect(builder.paramNote('units')).toHaveCount(0);
  });
});

test.describe('messages in words (issue 5, item 4)', () => {
  test('a rejected setting names the field by its label with its allowed range', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await builder.edit('conv', { filters: 'many' });
    const error = builder.paramError('filters');
    await expect(error).toContainText('Filters must be a whole number from 1 to 512');
    await expect(error).not.toContainText(/invalid input|expected|received|"filters"/i);
    await builder.edit('conv', { filters: '2.5' });
    await expect(error).toContainText('Filters must be a whole number from 1 to 512, not 2.5.');
    await builder.edit('conv', { kernelSize: 0 });
    await expect(builder.paramError('kernelSize')).toContainText('Kernel size must be a whole number from 1 to 11, not 0.');
    await expect(builder.issueOn('conv', 'E_PARAM').first()).not.toContainText(/kernelSize|expected/);
    await page.setViewportSize({ width: 1024, height: 700 });
  });

  test("the split's missing input points at the dataset's table, not at the split itself", async ({ builder }) => {
    await builder.goto();
    await builder.openTemplate('blank');
    await builder.addFromPalette('data.dataset', dropPoint(0, 0));
    const split = await builder.addFromPalette('preprocess.split', dropPoint(1, 0));
    const missing = builder.issueOn(split, 'E_MISSING_INPUT');
    await expect(missing).toHaveCount(1);
    // The second line of the issue is its hint: the table comes from the dataset (the split has no "features" or "labels" any more).
    const hint = missing.locator('p').nth(1);
    await expect(hint).toContainText(/dataset.*table/i);
    await expect(hint).not.toContainText(/features|labels|train .* of Split/i);
  });
});

test('the Dataset menu shows dataset names and keeps their ids (issue 5, item 15)', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  const dataset = await builder.addFromPalette('data.dataset', dropPoint(0, 0));
  await builder.selectNode(dataset);
  const menu = builder.param('dataset');
  await expect(menu.locator('option')).toHaveText(datasetIds.map((id) => datasets[id].label));
  await menu.selectOption({ label: 'Iris flowers' });
  await expect(menu).toHaveValue('iris');
  await expect(builder.node(dataset)).toContainText('150 Iris flowers');
  // The dataset gives a table; its columns become a tensor at Select columns.
  await expect(builder.inspector.getByTestId('output-shape-table')).toBeVisible();
});

test('a hand-built Iris pipeline gets epochs and learning rate that fit its data, and trains well (issue 5, item 16)', async ({ builder, page }) => {
  test.setTimeout(180_000);
  await builder.goto();
  await builder.openTemplate('blank');
  const dataset = await builder.addFromPalette('data.dataset', dropPoint(0, 0));
  await builder.moveNode(dataset, cell(0, 0));
  const split = await builder.addFromPalette('preprocess.split', dropPoint(1, 0));
  const columns = await builder.addFromPalette('preprocess.selectColumns', dropPoint(2, 0));
  const target = await builder.addFromPalette('preprocess.target', dropPoint(3, 0));
  const hidden = await builder.addFromPalette('layer.dense', dropPoint(0, 1));
  const classifier = await builder.addFromPalette('layer.dense', dropPoint(1, 1));
  const accuracy = await builder.addFromPalette('metric.accuracy', dropPoint(2, 1));
  const loss = await builder.addFromPalette('loss.categoricalCrossentropy', dropPoint(3, 1));
  // A ninth node: the 4x2 grid is full, so wherever the canvas has room.
  const optimizer = await builder.addFromPalette('optimizer.adam', await builder.freeDropPoint());
  // The selected node's problem popover may lie over a neighbour's port: wire with nothing selected.
  await builder.selectNothing();

  await builder.connect(`${dataset}.table`, `${split}.table`);
  await builder.connect(`${split}.table`, `${columns}.table`);
  await builder.connect(`${split}.table`, `${target}.table`);
  await builder.connect(`${columns}.out`, `${hidden}.in`);
  await builder.connect(`${hidden}.out`, `${classifier}.in`);
  await builder.connect(`${classifier}.out`, `${loss}.prediction`);
  await builder.connect(`${target}.out`, `${loss}.labels`);
  await builder.connect(`${classifier}.out`, `${accuracy}.prediction`);
  await builder.connect(`${target}.out`, `${accuracy}.labels`);
  await builder.connect(`${loss}.loss`, `${optimizer}.loss`);
  await expect(builder.edges).toHaveCount(10);

  // MNIST by default: 8,000 training digits need few passes at Adam's usual step.
  await builder.selectNode(optimizer);
  await expect(builder.paramNote('epochs')).toContainText('Auto: 3 — 8,000 training samples');
  await expect(builder.paramNote('learningRate')).toContainText('Auto: 0.001');

  await builder.edit(dataset, { dataset: 'iris' });
  await builder.edit(classifier, { units: 3, activation: 'softmax' });
  await expect(builder.trainButton).toBeEnabled();

  await builder.selectNode(optimizer);
  await expect(builder.param('epochs')).toHaveValue('');
  await expect(builder.param('epochs')).toHaveAttribute('placeholder', 'Auto (75)');
  await expect(builder.paramNote('epochs')).toHaveText(/^Auto: 75 — 120 training samples is small data/);
  await expect(builder.paramNote('learningRate')).toHaveText(/^Auto: 0\.01 — a small table/);
  await expect(builder.node(optimizer)).toContainText('lr 0.01 · 75 epochs');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.setViewportSize({ width: 1024, height: 700 });

  // Typing overrides auto; clearing returns to it.
  await builder.setParam('epochs', 20);
  await expect(builder.paramNote('epochs')).toHaveCount(0);
  await expect(builder.node(optimizer)).toContainText('20 epochs');
  await builder.clearParam('epochs');
  await expect(builder.paramNote('epochs')).toContainText('Auto: 75');

  await builder.selectNothing();
  await expect(builder.modelStat('epochs')).toHaveText('75 · auto');

  await builder.backendSelect.selectOption('cpu');
  await builder.train();
  await builder.waitForRunEnd(150_000);
  const accuracyText = await page.getByTestId('final-val-accuracy').innerText();
  expect(Number.parseFloat(accuracyText), `validation accuracy ${accuracyText}`).toBeGreaterThanOrEqual(85);
});
