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
  const hidden = await builder.addFromPalette('layer.dense', dropPoint(2, 0));
  const classifier = await builder.addFromPalette('layer.dense', dropPoint(3, 0));
  const loss = await builder.addFromPalette('loss.categoricalCrossentropy', dropPoint(1, 1));
  const optimizer = await builder.addFromPalette('optimizer.adam', dropPoint(2, 1));
  await expect(builder.nodes).toHaveCount(6);

  await builder.connect(`${dataset}.features`, `${split}.features`);
  await builder.connect(`${dataset}.labels`, `${split}.labels`);
  await builder.connect(`${split}.features`, `${hidden}.in`);
  await builder.connect(`${hidden}.out`, `${classifier}.in`);
  await builder.connect(`${classifier}.out`, `${loss}.prediction`);
  await builder.connect(`${split}.labels`, `${loss}.labels`);
  await builder.connect(`${loss}.loss`, `${optimizer}.loss`);
  await expect(builder.edges).toHaveCount(7);

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
