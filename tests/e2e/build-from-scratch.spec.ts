import { test, expect } from './fixtures';
import { cell, dropPoint } from './geometry';

test('builds the Iris classifier from a blank canvas with the palette and wires', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  await expect(builder.nodes).toHaveCount(0);
  await expect(builder.trainButton).toBeDisabled();

  const dataset = await builder.addFromPalette('data.dataset', dropPoint(0, 0));
  // Tidy it into the corner, as a person would if the canvas moved it (see the next test).
  await builder.moveNode(dataset, cell(0, 0));
  const split = await builder.addFromPalette('preprocess.split', dropPoint(1, 0));
  const columns = await builder.addFromPalette('preprocess.selectColumns', dropPoint(2, 0));
  const target = await builder.addFromPalette('preprocess.target', dropPoint(3, 0));
  const hidden = await builder.addFromPalette('layer.dense', dropPoint(0, 1));
  const classifier = await builder.addFromPalette('layer.dense', dropPoint(1, 1));
  const loss = await builder.addFromPalette('loss.categoricalCrossentropy', dropPoint(2, 1));
  const optimizer = await builder.addFromPalette('optimizer.adam', dropPoint(3, 1));
  await expect(builder.nodes).toHaveCount(8);

  // The table flows through the split; the column nodes turn it into the model's input and its labels.
  await builder.connect(`${dataset}.table`, `${split}.table`);
  await builder.connect(`${split}.table`, `${columns}.table`);
  await builder.connect(`${split}.table`, `${target}.table`);
  await builder.connect(`${columns}.out`, `${hidden}.in`);
  await builder.connect(`${hidden}.out`, `${classifier}.in`);
  await builder.connect(`${classifier}.out`, `${loss}.prediction`);
  await builder.connect(`${target}.out`, `${loss}.labels`);
  await builder.connect(`${loss}.loss`, `${optimizer}.loss`);
  await expect(builder.edges).toHaveCount(8);

  await builder.edit(dataset, { dataset: 'iris' });
  await expect(builder.edgeShape('[?, 4]').first()).toBeVisible();
  // The default 32 units do not match the 3 species: the classifier says so.
  await expect(builder.issueOn(classifier, 'E_CLASS_COUNT')).toHaveCount(1);
  await expect(builder.trainButton).toBeDisabled();

  await builder.edit(classifier, { units: 3, activation: 'softmax' });
  await expect(builder.node(classifier)).not.toHaveAttribute('data-state', 'error');
  await expect(builder.edgeShape('[?, 3]').first()).toBeVisible();
  await expect(builder.trainButton).toBeEnabled();
  await expect(builder.trainDisabledReason).not.toBeVisible();
});

test('a node dropped on a blank canvas lands under the pointer', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  const pane = await builder.paneBox();
  const drop = dropPoint(0, 0);
  const id = await builder.addFromPalette('data.dataset', drop);
  // Give a late re-centring of the canvas the chance to happen before looking.
  await builder.page.waitForTimeout(500);
  const box = (await builder.node(id).boundingBox())!;
  const pointer = { x: pane.x + drop.x, y: pane.y + drop.y };
  expect(pointer.x, 'pointer x within the node').toBeGreaterThanOrEqual(box.x);
  expect(pointer.x).toBeLessThanOrEqual(box.x + box.width);
  expect(pointer.y, 'pointer y within the node').toBeGreaterThanOrEqual(box.y);
  expect(pointer.y).toBeLessThanOrEqual(box.y + box.height);
});
