import { test, expect } from './fixtures';
import type { BuilderPage, TemplateId } from './pages/builder';
import { inside, overlapsAmong, overlapsBetween } from './geometry';

async function open(builder: BuilderPage, template: TemplateId, size: { width: number; height: number }) {
  await builder.page.setViewportSize(size);
  await builder.goto();
  await builder.openTemplate(template);
  // A wire's shape label, not a wire: a straight wire along a row has no height, which Playwright reads as hidden.
  await expect(builder.edgeShape('[').first()).toBeVisible();
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

  // Before the QA pass this expected the node right of Adam, off screen, with the canvas panned to it.
  // Now a free spot on screen wins (right, below, above, left, then further out), so the template
  // stays where it is: here the free end of Adam's row.
  test('with a node selected, the new node goes to the nearest free spot beside it that is on screen, without panning', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.selectNode('optimizer');
    const before = await builder.boxesOf(builder.node('optimizer'));
    const id = await builder.clickPaletteItem('metric.accuracy');
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    const [optimizer] = await builder.boxesOf(builder.node('optimizer'));
    const [added] = await builder.boxesOf(builder.node(id));
    expect(inside(added, pane), 'the new node is on screen').toBe(true);
    expect(Math.abs(added.y - optimizer.y), 'in the row of the selected node').toBeLessThan(2);
    expect(Math.abs(optimizer.x - before[0].x) + Math.abs(optimizer.y - before[0].y), 'the canvas did not pan').toBeLessThan(2);
    expect(overlapsAmong(await builder.boxesOf(builder.nodes))).toEqual([]);
  });
});

test('a problem shows as a badge and a popover without growing the node over its neighbours', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  // Heights in canvas units (screen pixels over the zoom): the node's own size, whatever the view does meanwhile.
  const [before] = await builder.boxesOf(builder.node('classifier'));
  const heightBefore = before.height / (await builder.zoom());
  await builder.edit('classifier', { units: 4 });
  await expect(builder.node('classifier')).toHaveAttribute('data-state', 'error');
  await builder.clickEmptyCanvas();

  // Seen at a glance: the border colour (state) and a count on the node; the node keeps its size.
  await expect(builder.issueBadge('classifier')).toBeVisible();
  await expect(builder.issueBadge('classifier')).toHaveText('1');
  const [after] = await builder.boxesOf(builder.node('classifier'));
  expect(after.height / (await builder.zoom())).toBeCloseTo(heightBefore, 0);
  expect(overlapsAmong(await builder.boxesOf(builder.nodes))).toEqual([]);

  // The nearest node below the classifier, else (in the tidy layout, issue 6) the one beside it
  // where its badge sits, is clicked, and it is the one selected.
  const nodes = await builder.boxesOf(builder.nodes);
  const beside = nodes.filter((n) => n.x > after.x + after.width && n.y < after.y + after.height && n.y + n.height > after.y);
  const below = [
    ...nodes.filter((n) => n.y > after.y + 10 && n.x < after.x + after.width && n.x + n.width > after.x).sort((a, b) => a.y - b.y),
    ...beside.sort((a, b) => a.x - b.x),
  ][0];
  expect(below, 'a node below or beside the classifier').toBeDefined();
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
    // Issue 6 lays the templates out with the tidy layout (left to right, cut into rows of three
    // columns wide enough for the shape labels). Issue 8's table flow gave the digit CNN two more
    // nodes (Select columns, Target column) and a fifth row: it opens at about 0.67, where titles
    // and labels still read (checked below); the floor keeps it from shrinking further.
    await expect(async () => expect(await builder.zoom()).toBeGreaterThanOrEqual(0.65)).toPass({ timeout: 5_000 });
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
  await expect(builder.toastOfKind('connection')).toContainText('Connection refused');
  await expect(builder.edges).toHaveCount(edges);
});

test('a wire into a taken input says which wire it replaced, and one undo brings it back', async ({ builder }) => {
  await open(builder, 'digit-cnn', { width: 1440, height: 900 });
  const old = builder.page.getByTestId('rf__edge-normalize.out->conv.in');
  const added = builder.page.getByTestId('rf__edge-pixels.out->conv.in');
  await expect(old).toHaveCount(1);
  await builder.connect('pixels.out', 'conv.in');
  await expect(added).toHaveCount(1);
  await expect(old).toHaveCount(0);
  await expect(builder.toast).toContainText('Replaced the connection from Normalize');

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
  await builder.connect('digit.out', 'conv.in');
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

test.describe('issue 5 QA: adding by click, popovers, names and summaries', () => {
  test('a pipeline built by clicking palette items, each beside the last, stays on screen (item 5)', async ({ builder }) => {
    await builder.page.setViewportSize({ width: 1440, height: 900 });
    await builder.goto();
    await builder.openTemplate('blank');
    const kinds = ['data.dataset', 'preprocess.standardize', 'preprocess.split', 'layer.dense', 'layer.dense', 'loss.categoricalCrossentropy', 'optimizer.adam'];
    for (const kind of kinds) await builder.clickPaletteItem(kind);
    await expect(builder.nodes).toHaveCount(kinds.length);
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    const nodes = await builder.boxesOf(builder.nodes);
    expect(nodes.filter((n) => !inside(n, pane)).map((n) => n.name), 'nodes off screen').toEqual([]);
    expect(overlapsAmong(nodes)).toEqual([]);
  });

  test('at 1024x700 three Dense clicks beside a layer land on screen without moving the template nodes (item 5)', async ({ builder }) => {
    await open(builder, 'iris-mlp', { width: 1024, height: 700 });
    // The palette starts folded at this width: open it first, as a person would, then look.
    await builder.expandPanel('palette');
    await builder.selectNode('classifier');
    await builder.waitForSteadyView();
    const before = await builder.boxesOf(builder.nodes);
    const zoomBefore = await builder.zoom();
    const added = [];
    for (let i = 0; i < 3; i++) added.push(await builder.clickPaletteItem('layer.dense'));
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    for (const id of added) expect(inside((await builder.boxesOf(builder.node(id)))[0], pane), `${id} is on screen`).toBe(true);
    // The view may still be gliding to the new nodes: measure once it holds still.
    await builder.waitForSteadyView();
    const after = await builder.boxesOf(builder.nodes);
    const zoomAfter = await builder.zoom();
    // The canvas is small here (the palette is open and the inspector floats over its right part),
    // so the view may pan or zoom to keep the new nodes in sight; the template's nodes themselves
    // stay put: their places relative to the first, in canvas units, do not change.
    const first = (boxes: typeof before) => boxes.find((n) => n.name.startsWith(before[0].name.split(' ')[0]))!;
    for (const node of before) {
      const now = after.find((n) => n.name.startsWith(node.name.split(' ')[0]))!;
      const was = { x: (node.x - first(before).x) / zoomBefore, y: (node.y - first(before).y) / zoomBefore };
      const is = { x: (now.x - first(after).x) / zoomAfter, y: (now.y - first(after).y) / zoomAfter };
      expect(Math.abs(is.x - was.x) + Math.abs(is.y - was.y), `${node.name} keeps its place relative to the others`).toBeLessThan(2);
    }
    expect(overlapsAmong(after)).toEqual([]);
  });

  test('a problem popover near the right and bottom edges of the canvas opens towards the inside (item 6)', async ({ builder }) => {
    await builder.page.setViewportSize({ width: 1440, height: 900 });
    await builder.goto();
    await builder.openTemplate('blank');
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    const corner = await builder.addFromPalette('metric.accuracy', { x: pane.width - 240, y: pane.height - 130 });
    const [node] = await builder.boxesOf(builder.node(corner));
    expect(inside(node, pane), 'the node itself is on screen').toBe(true);
    await builder.selectNode(corner);
    const popover = builder.node(corner).getByTestId('node-issues');
    await expect(popover).toBeVisible();
    await expect(popover).toHaveAttribute('data-side', 'above');
    const [box] = await builder.boxesOf(popover);
    expect(inside(box, pane), `${JSON.stringify(box)} inside ${JSON.stringify(pane)}`).toBe(true);

    // Near the top-left the popover opens as before: below the node, from its left edge.
    const topLeft = await builder.addFromPalette('metric.accuracy', { x: 40, y: 40 });
    await builder.selectNode(topLeft);
    const other = builder.node(topLeft).getByTestId('node-issues');
    await expect(other).toHaveAttribute('data-side', 'below');
    await expect(other).toHaveAttribute('data-align', 'start');
  });

  test('Parameters says "–" when no layer has a count, and "at least" when only some do (item 3)', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.selectNothing();
    await expect(builder.modelStat('params')).not.toContainText('+');
    // A loop leaves the layers on it without a count; the convolution before it keeps its own.
    await builder.connect('classifier.out', 'hidden.in');
    await builder.selectNothing();
    await expect(builder.modelStat('params')).toHaveText('80+');
    await expect(builder.modelStat('params')).toHaveAttribute('title', 'At least; 2 layers have no count until their problems are fixed.');
    // An invalid first layer leaves no layer with a count.
    await builder.page.getByTestId('undo').click();
    await builder.edit('conv', { filters: 'x' });
    await builder.selectNothing();
    await expect(builder.modelStat('params')).toHaveText('–');
  });

  test('the Problems list tells apart the two Dense nodes of a loop (item 9)', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.connect('classifier.out', 'hidden.in');
    await builder.selectNothing();
    const items = builder.page.locator('[data-testid="issues-panel-item"][data-code="E_CYCLE"]');
    await expect(items).toHaveCount(2);
    const texts = await items.allInnerTexts();
    expect(new Set(texts).size, texts.join('\n---\n')).toBe(2);
    await expect(items.filter({ hasText: /^Dense \(hidden\)/ })).toHaveCount(1);
    await expect(items.filter({ hasText: /^Dense \(classifier\)/ })).toHaveCount(1);
  });

  test('preprocessing left over after a rewiring is flagged (item 5 of the QA list)', async ({ builder }) => {
    await open(builder, 'iris-mlp', { width: 1440, height: 900 });
    // The columns straight into the model: Standardize is left feeding nothing.
    await builder.connect('measurements.out', 'hidden.in');
    await builder.selectNothing();
    const panel = builder.page.getByTestId('issues-panel');
    await expect(panel).not.toContainText('ready to train');
    const item = panel.locator('[data-testid="issues-panel-item"][data-code="W_UNUSED_NODE"]');
    await expect(item).toContainText('Standardize is not connected to what trains, so the data is not standardized.');
    await expect(builder.issueOn('standardize', 'W_UNUSED_NODE')).toHaveCount(1);
  });

  for (const template of ['digit-cnn', 'iris-mlp'] as const) {
    test(`no node summary of the ${template} template is cut off (item 7)`, async ({ builder }) => {
      await open(builder, template, { width: 1440, height: 900 });
      const summaries = builder.page.getByTestId('node-summary');
      await expect(summaries.first()).toBeVisible();
      const cut = await summaries.evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent));
      expect(cut).toEqual([]);
      await expect(builder.node('dataset').getByTestId('node-summary')).toHaveText(template === 'iris-mlp' ? '150 Iris flowers' : '10,000 MNIST digits');
    });
  }

  test('pressing on palette items, to click or to drag, selects no palette text (QA minor)', async ({ builder }) => {
    await open(builder, 'iris-mlp', { width: 1024, height: 700 });
    const page = builder.page;
    const selected = () => page.evaluate(() => window.getSelection()?.toString() ?? '');
    await builder.expandPanel('palette');
    const dense = page.getByTestId('palette-item-layer.dense');
    await dense.click({ clickCount: 3 });
    await expect(builder.nodesOfKind('layer.dense')).toHaveCount(5);
    expect(await selected()).toBe('');
    // A press that sweeps over the list (as a drag that the canvas does not take) used to select the headings.
    const item = (await builder.boxesOf(page.getByTestId('palette-item-layer.dropout')))[0];
    await page.mouse.move(item.x + 10, item.y + 5);
    await page.mouse.down();
    await page.mouse.move(400, 400, { steps: 15 });
    await page.mouse.up();
    expect(await selected()).toBe('');
  });

  test('C with nothing selected says to select one node first (QA minor)', async ({ builder }) => {
    await open(builder, 'iris-mlp', { width: 1440, height: 900 });
    await builder.selectNothing();
    await builder.page.keyboard.press('c');
    await expect(builder.toast).toContainText('Select one node to connect');
  });
});
