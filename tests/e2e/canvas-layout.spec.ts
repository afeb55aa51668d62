import { test, expect } from './fixtures';
import type { BuilderPage, TemplateId } from './pages/builder';
import { inside, overlapsAmong, overlapsBetween } from './geometry';

async function open(builder: BuilderPage, template: TemplateId, size: { width: number; height: number }) {
  await builder.page.setViewportSize(size);
  await builder.goto();
  await builder.openTemplate(template);
  await expect(builder.edges.first()).toBeVisible();
}

test.describe('nodes added by a click', () => {
  test('three clicks on Dense land in free space in view, not on the classifier and Adam', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.clickEmptyCanvas();
    const added = [];
    for (let i = 0; i < 3; i++) added.push(await builder.clickPaletteItem('layer.dense'));
    await builder.clickEmptyCanvas();
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    const nodes = await builder.boxesOf(builder.nodes);
    expect(overlapsAmong(nodes)).toEqual([]);
    for (const id of added) {
      const box = (await builder.boxesOf(builder.node(id)))[0];
      expect(inside(box, pane), `${id} is on screen`).toBe(true);
    }
  });

  test('with a node selected, the new node goes beside it, and the canvas pans to show it', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.selectNode('optimizer');
    const id = await builder.clickPaletteItem('metric.accuracy');
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    await expect(async () => {
      const [optimizer] = await builder.boxesOf(builder.node('optimizer'));
      const [added] = await builder.boxesOf(builder.node(id));
      expect(inside(added, pane), 'the new node is on screen').toBe(true);
      expect(Math.abs(added.y - optimizer.y), 'in the row of the selected node').toBeLessThan(2);
      expect(added.x, 'to the right of the selected node').toBeGreaterThan(optimizer.x + optimizer.width);
    }).toPass({ timeout: 5_000 });
    expect(overlapsAmong(await builder.boxesOf(builder.nodes))).toEqual([]);
  });
});

test('a problem shows as a badge and a popover without growing the node over its neighbours', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  const [before] = await builder.boxesOf(builder.node('classifier'));
  await builder.edit('classifier', { units: 4 });
  await expect(builder.node('classifier')).toHaveAttribute('data-state', 'error');
  await builder.clickEmptyCanvas();

  // Seen at a glance: the border colour (state) and a count on the node; the node keeps its size.
  await expect(builder.issueBadge('classifier')).toBeVisible();
  await expect(builder.issueBadge('classifier')).toHaveText('1');
  const [after] = await builder.boxesOf(builder.node('classifier'));
  expect(after.height).toBeCloseTo(before.height, 0);
  expect(overlapsAmong(await builder.boxesOf(builder.nodes))).toEqual([]);

  // The node under the classifier is clicked, and it is the one selected.
  const nodes = await builder.boxesOf(builder.nodes);
  const below = nodes
    .filter((n) => n.y > after.y + 10 && n.x < after.x + after.width && n.x + n.width > after.x)
    .sort((a, b) => a.y - b.y)[0];
  expect(below, 'a node below the classifier').toBeDefined();
  const belowId = below.name.match(/^node-(\S+)/)![1];
  await builder.page.mouse.click(below.x + below.width / 2, below.y + 12);
  await expect(builder.inspector).toContainText(belowId);
  await expect(builder.node(belowId).locator('xpath=..')).toHaveClass(/selected/);

  // The text and the fix are one hover away.
  await builder.clickEmptyCanvas();
  await expect(builder.issueOn('classifier', 'E_CLASS_COUNT')).toBeHidden();
  await builder.issueBadge('classifier').hover();
  await expect(builder.issueOn('classifier', 'E_CLASS_COUNT')).toBeVisible();
  await builder.issueOn('classifier', 'E_CLASS_COUNT').getByTestId('issue-fix').click();
  await expect(builder.node('classifier')).toHaveAttribute('data-state', 'ok');
  await expect(builder.issueBadge('classifier')).toHaveCount(0);
});

for (const template of ['digit-cnn', 'iris-mlp'] as const) {
  test(`the ${template} template opens readable at 1440x900: zoom, labels clear of each other and of nodes, full titles`, async ({ builder }) => {
    await open(builder, template, { width: 1440, height: 900 });
    await expect(async () => expect(await builder.zoom()).toBeGreaterThanOrEqual(0.85)).toPass({ timeout: 5_000 });
    await expect(builder.page.getByTestId('edge-shape').first()).toBeVisible();
    const labels = await builder.boxesOf(builder.page.getByTestId('edge-shape'));
    const nodes = await builder.boxesOf(builder.nodes);
    expect(labels.length).toBeGreaterThan(5);
    expect(overlapsAmong(labels)).toEqual([]);
    expect(overlapsBetween(labels, nodes)).toEqual([]);
    // Every label and node is inside the canvas, none cut at its edge.
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    for (const box of [...labels, ...nodes]) expect(inside(box, pane), `${box.name} inside the canvas`).toBe(true);

    const titles = builder.page.getByTestId('node-title');
    await expect(titles).toHaveCount(nodes.length);
    const cut = await titles.evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight).map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    await expect(builder.node('loss').getByTestId('node-title')).toHaveText('Categorical cross-entropy');
  });
}

test('the digit template at 1024x700 shows every node and label in the canvas, labels clear of nodes', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1024, height: 700 });
  await expect(builder.page.getByTestId('edge-shape').first()).toBeVisible();
  const labels = await builder.boxesOf(builder.page.getByTestId('edge-shape'));
  const nodes = await builder.boxesOf(builder.nodes);
  expect(overlapsAmong(labels)).toEqual([]);
  expect(overlapsBetween(labels, nodes)).toEqual([]);
  const pane = { name: 'canvas', ...(await builder.paneBox()) };
  for (const box of [...labels, ...nodes]) expect(inside(box, pane), `${box.name} inside the canvas`).toBe(true);
});

test('while a wire is dragged, ports say whether they take it, and a compatible one shows the shape', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  const edges = await builder.edges.count();

  // The classifier's output over the loss's prediction input: accepted, and "[?, 10]" would flow.
  await builder.startWire('classifier.out');
  await builder.wireOver('loss.prediction');
  await expect(builder.handle('loss', 'prediction', 'target')).toHaveAttribute('data-compatible', 'true');
  await expect(builder.handle('loss', 'labels', 'target')).toHaveAttribute('data-compatible', 'false');
  await expect(builder.handle('optimizer', 'loss', 'target')).toHaveAttribute('data-compatible', 'false');
  await expect(builder.page.getByTestId('connection-shape')).toHaveText('[?, 10]');
  await builder.page.mouse.up();
  await expect(builder.handle('loss', 'prediction', 'target')).not.toHaveAttribute('data-compatible', /.*/);

  // The loss over a Dense input: marked as refused while dragging, before anything is dropped.
  await builder.startWire('loss.loss');
  await builder.wireOver('hidden.in');
  await expect(builder.handle('hidden', 'in', 'target')).toHaveAttribute('data-compatible', 'false');
  await expect(builder.handle('optimizer', 'loss', 'target')).toHaveAttribute('data-compatible', 'true');
  await expect(builder.page.getByTestId('connection-refused')).toBeVisible();
  await expect(builder.page.getByTestId('connection-shape')).toHaveCount(0);
  await builder.page.mouse.up();
  await expect(builder.toast).toContainText('Connection refused');
  await expect(builder.edges).toHaveCount(edges);
});

test('a wire into a taken input says which wire it replaced, and one undo brings it back', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  const old = builder.page.getByTestId('rf__edge-split.features->conv.in');
  const added = builder.page.getByTestId('rf__edge-normalize.out->conv.in');
  await expect(old).toHaveCount(1);
  await builder.connect('normalize.out', 'conv.in');
  await expect(added).toHaveCount(1);
  await expect(old).toHaveCount(0);
  await expect(builder.toast).toContainText('Replaced the connection from Train/validation split');

  await builder.undo();
  await expect(old).toHaveCount(1);
  await expect(added).toHaveCount(0);
});

test('a loop names the connection that closes it and deletes it in one click', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  await builder.connect('classifier.out', 'hidden.in');
  const loop = builder.issueOn('hidden', 'E_CYCLE');
  await expect(loop).toHaveCount(1);
  await expect(loop).toContainText('Dense (classifier) → Dense (hidden)');
  await builder.clickEmptyCanvas();
  await builder.issueBadge('hidden').hover();
  await loop.getByTestId('issue-fix').click();
  await expect(builder.page.getByTestId('rf__edge-classifier.out->hidden.in')).toHaveCount(0);
  await expect(builder.issueOn('hidden', 'E_CYCLE')).toHaveCount(0);
  await expect(builder.issueOn('classifier', 'E_CYCLE')).toHaveCount(0);
});

test('toasts at 1024x700: one per kind, over no node, and Escape dismisses', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1024, height: 700 });
  await builder.connect('split.labels', 'conv.in');
  await expect(builder.toast).toHaveCount(1);
  await builder.connect('loss.loss', 'hidden.in');
  await expect(builder.toast).toHaveCount(1);
  await expect(builder.toast).toContainText('cross-entropy');

  const toasts = await builder.boxesOf(builder.toast);
  const pane = { name: 'canvas', ...(await builder.paneBox()) };
  expect(overlapsBetween(toasts, [pane])).toEqual([]);
  expect(overlapsBetween(toasts, await builder.boxesOf(builder.nodes))).toEqual([]);

  await builder.page.keyboard.press('Escape');
  await expect(builder.toast).toHaveCount(0);
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}x${size.height} the map and the zoom buttons cover no node`, async ({ builder }) => {
    await open(builder, 'digit-cnn', size);
    const nodes = await builder.boxesOf(builder.nodes);
    const chrome = await builder.boxesOf(builder.page.locator('.react-flow__minimap, .react-flow__controls'));
    expect(chrome.length).toBeGreaterThan(0);
    expect(overlapsBetween(chrome, nodes)).toEqual([]);
    // After zooming in to work on part of the graph, the map still does not sit on nodes unless asked for.
    await builder.page.locator('.react-flow__controls-zoomin').click();
    await builder.page.locator('.react-flow__controls-zoomin').click();
    await expect(builder.page.locator('.react-flow__minimap')).toHaveCount(0);
    await builder.page.getByTestId('toggle-minimap').click();
    await expect(builder.page.locator('.react-flow__minimap')).toBeVisible();
  });
}
