import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import type { BuilderPage, TemplateId } from './pages/builder';
import { inside, overlapsAmong, overlapsBetween } from './geometry';

async function open(builder: BuilderPage, template: TemplateId, size: { width: number; height: number }) {
  await builder.page.setViewportSize(size);
  await builder.goto();
  await builder.openTemplate(template);
  // A straight wire's path has no height, which Playwright counts as hidden: its shape label shows it is drawn.
  await expect(builder.page.getByTestId('edge-shape').first()).toBeVisible();
}

/** Wires whose target is neither right of their source nor wholly below it (in the next row of the layout). */
async function wiresNotLeftToRight(builder: BuilderPage): Promise<string[]> {
  const boxes = new Map((await builder.boxesOf(builder.nodes)).map((b) => [b.name.match(/^node-(\S+)/)![1], b]));
  const ids = await builder.edges.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.replace(/^rf__edge-/, '')));
  return ids.filter((id) => {
    const [from, to] = id.split('->');
    const source = boxes.get(from.split('.')[0])!;
    const target = boxes.get(to.split('.')[0])!;
    return !(target.x >= source.x + source.width || target.y >= source.y + source.height);
  });
}

async function expectTidy(builder: BuilderPage) {
  const nodes = await builder.boxesOf(builder.nodes);
  const labels = await builder.boxesOf(builder.page.getByTestId('edge-shape'));
  expect(overlapsAmong(nodes)).toEqual([]);
  expect(overlapsAmong(labels)).toEqual([]);
  expect(overlapsBetween(labels, nodes)).toEqual([]);
  expect(await wiresNotLeftToRight(builder)).toEqual([]);
}

test.describe('tidy layout', () => {
  test('a template is already tidy: the button lays it out as it is stored', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    const before = await builder.nodePositions();
    await builder.tidy();
    await expect(builder.toast).toContainText('The layout is already tidy');
    expect(await builder.nodePositions()).toEqual(before);
  });

  test('scrambled by dragging, one click lays the graph out left to right; one undo brings the mess back', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    const pane = await builder.paneBox();
    // Clear of the edges, where React Flow would pan under a dragged node.
    await builder.moveNode('dataset', { x: pane.width - 260, y: pane.height - 170 });
    await builder.moveNode('optimizer', { x: 70, y: 70 });
    await builder.moveNode('conv', { x: pane.width - 320, y: 70 });
    const scrambled = await builder.nodePositions();
    expect(await wiresNotLeftToRight(builder)).not.toEqual([]);

    await builder.tidy();
    await expect(async () => expect(await builder.nodePositions()).not.toEqual(scrambled)).toPass({ timeout: 10_000 });
    await expectTidy(builder);
    // The view is fitted to the result: every node is on screen.
    const screen = { name: 'canvas', ...(await builder.paneBox()) };
    for (const node of await builder.boxesOf(builder.nodes)) expect(inside(node, screen), `${node.name} on screen`).toBe(true);

    await builder.undo();
    await expect(async () => expect(await builder.nodePositions()).toEqual(scrambled)).toPass({ timeout: 5_000 });
    await builder.page.keyboard.press('ControlOrMeta+Shift+z');
    await expect(async () => expect(await builder.nodePositions()).not.toEqual(scrambled)).toPass({ timeout: 5_000 });
  });

  test('Shift+T tidies too, and the help sheet lists it with copy, paste and duplicate', async ({ builder, page }) => {
    await open(builder, 'iris-mlp', { width: 1440, height: 900 });
    await builder.moveNode('optimizer', { x: 70, y: 70 });
    const scrambled = await builder.nodePositions();
    await builder.clickEmptyCanvas();
    await page.keyboard.press('Shift+T');
    await expect(async () => expect(await builder.nodePositions()).not.toEqual(scrambled)).toPass({ timeout: 10_000 });
    await expectTidy(builder);
    await page.keyboard.press('?');
    for (const does of ['Copy the selected nodes', 'Paste copied nodes', 'Duplicate the selected nodes', 'Tidy the layout']) {
      await expect(builder.helpSheet).toContainText(does);
    }
  });

  test('at 1024x700 the toolbar covers no node and not the inspector, and tidy keeps the graph readable', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1024, height: 700 });
    const toolbar = await builder.boxesOf(builder.page.getByRole('toolbar', { name: 'Canvas actions' }));
    expect(overlapsBetween(toolbar, await builder.boxesOf(builder.nodes))).toEqual([]);
    const pane = { name: 'canvas', ...(await builder.paneBox()) };
    expect(inside(toolbar[0], pane)).toBe(true);

    await builder.moveNode('accuracy', { x: 70, y: 70 });
    await builder.tidy();
    await expect(async () => expect(overlapsBetween(toolbar, await builder.boxesOf(builder.nodes))).toEqual([])).toPass({ timeout: 10_000 });
    await expectTidy(builder);
    for (const node of await builder.boxesOf(builder.nodes)) expect(inside(node, pane), `${node.name} on screen`).toBe(true);

    await builder.selectNode('dataset');
    await builder.expandPanel('inspector');
    await expect(builder.inspector).toBeVisible();
    expect(overlapsBetween(toolbar, await builder.boxesOf(builder.inspector))).toEqual([]);
  });
});

test.describe('copy, paste, duplicate', () => {
  test('two wired nodes copied and pasted come back as two new nodes with the wire and the params; Ctrl+D duplicates; a reload keeps them', async ({ builder, page }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    const count = await builder.nodes.count();
    await builder.selectNodes(['hidden', 'classifier']);
    await page.keyboard.press('ControlOrMeta+c');
    await expect(builder.toast).toContainText('Copied 2 nodes');
    await page.keyboard.press('ControlOrMeta+v');

    await expect(builder.nodes).toHaveCount(count + 2);
    await expect(builder.wire('dense.out', 'dense-1.in')).toHaveCount(1);
    // The copies are selected, beside the originals, and keep their params.
    await expect(builder.node('dense').locator('xpath=..')).toHaveClass(/selected/);
    await expect(builder.node('dense-1').locator('xpath=..')).toHaveClass(/selected/);
    await expect(builder.node('dense-1').getByTestId('node-summary')).toHaveText('10 units, softmax');
    const positions = await builder.nodePositions();
    expect(positions['dense-1']).toEqual({ x: positions.classifier.x + 40, y: positions.classifier.y + 40 });
    await builder.clickEmptyCanvas();
    await builder.selectNode('dense');
    await expect(builder.param('units')).toHaveValue('64');

    await builder.selectNodes(['dense', 'dense-1']);
    await page.keyboard.press('ControlOrMeta+d');
    await expect(builder.nodes).toHaveCount(count + 4);
    await expect(builder.wire('dense-2.out', 'dense-3.in')).toHaveCount(1);
    await builder.undo();
    await expect(builder.nodes).toHaveCount(count + 2);

    await page.reload();
    // A straight wire's path has no height, which Playwright counts as hidden: its shape label shows it is drawn.
    await expect(builder.page.getByTestId('edge-shape').first()).toBeVisible();
    await expect(builder.nodes).toHaveCount(count + 2);
    await expect(builder.wire('dense.out', 'dense-1.in')).toHaveCount(1);
  });

  test('Ctrl+C in a text field copies its text; pasting that text on the canvas adds nothing and says so', async ({ builder, page }) => {
    await open(builder, 'iris-mlp', { width: 1440, height: 900 });
    const count = await builder.nodes.count();
    await builder.selectNode('hidden');
    const name = page.getByTestId('pipeline-name');
    await name.click();
    await name.press('ControlOrMeta+a');
    await name.press('ControlOrMeta+c');
    await expect(builder.toast).toHaveCount(0);
    await builder.clickEmptyCanvas();
    await page.keyboard.press('ControlOrMeta+v');
    await expect(builder.toast).toContainText('Nothing to paste');
    await expect(builder.nodes).toHaveCount(count);
    // Pasted into a field, the text is the field's: the pipeline's name, not nodes.
    await builder.selectNode('hidden');
    await builder.param('units').click();
    await builder.param('units').press('ControlOrMeta+a');
    await builder.param('units').press('ControlOrMeta+v');
    await expect(builder.param('units')).toHaveValue(/Iris/);
    await expect(builder.nodes).toHaveCount(count);
  });
});

test.describe('picture of the graph', () => {
  test('PNG and SVG downloads are named after the pipeline and show the whole graph', async ({ builder }) => {
    await open(builder, 'digit-cnn', { width: 1440, height: 900 });
    await builder.selectNode('classifier');

    const png = await builder.downloadPicture('png');
    expect(png.suggestedFilename()).toBe('Digit classifier (CNN).png');
    const bytes = await readFile((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(30_000);
    // Width and height from the PNG header: the whole graph (888x631 on the canvas) at 2x, whatever the zoom on screen.
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(2 * 888);
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(2 * 631);
    await expect(builder.page.getByTestId('download-picture')).toBeFocused();

    const svg = await builder.downloadPicture('svg');
    expect(svg.suggestedFilename()).toBe('Digit classifier (CNN).svg');
    const text = await readFile((await svg.path())!, 'utf8');
    expect(text).toMatch(/^<svg/);
    for (const label of ['Dataset', 'Train/validation split', 'Categorical cross-entropy', 'Adam', '[?, 28, 28, 1]']) expect(text).toContain(label);
  });

  test('Escape closes the format menu and gives the focus back', async ({ builder, page }) => {
    await open(builder, 'iris-mlp', { width: 1024, height: 700 });
    await page.getByTestId('download-picture').click();
    await expect(page.getByTestId('picture-png')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('picture-svg')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('picture-menu')).toHaveCount(0);
    await expect(page.getByTestId('download-picture')).toBeFocused();
  });
});
