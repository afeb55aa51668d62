import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { BuilderPage, type PickedFile } from './pages/builder';
import { overlapsAmong } from './geometry';
import { decodeLink } from '@/lib/share/link';
import { readDocumentText } from '@/lib/document/read';

const fileName = 'Digit classifier (CNN).pipeline.json';

/** Where each node sits relative to the dataset node, in canvas units: the same whatever the zoom and pan. */
async function layoutOf(builder: BuilderPage): Promise<Record<string, { x: number; y: number }>> {
  const zoom = await builder.zoom();
  const boxes = await builder.nodes.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-testid')!.slice(5), x: r.x, y: r.y };
    }),
  );
  const origin = boxes.find((b) => b.id === 'dataset')!;
  return Object.fromEntries(boxes.map((b) => [b.id, { x: (b.x - origin.x) / zoom, y: (b.y - origin.y) / zoom }]));
}

function expectSameLayout(actual: Record<string, { x: number; y: number }>, expected: Record<string, { x: number; y: number }>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, at] of Object.entries(expected)) {
    expect(Math.abs(actual[id].x - at.x), `${id} x`).toBeLessThan(2);
    expect(Math.abs(actual[id].y - at.y), `${id} y`).toBeLessThan(2);
  }
}

/** The digit template with the hidden layer changed to 48 units and the accuracy node moved: a pipeline of one's own. */
async function editedDigitPipeline(builder: BuilderPage): Promise<void> {
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await builder.edit('hidden', { units: 48 });
  const pane = await builder.paneBox();
  const box = (await builder.node('accuracy').boundingBox())!;
  await builder.moveNode('accuracy', { x: Math.round(box.x - pane.x - 60), y: Math.round(box.y - pane.y + 30) });
}

// Playwright turns on catching the file chooser while the test goes on: a chooser opened by the
// very next key press can slip past a waitForEvent begun just before it. Catching from the start
// of each test, long before any chooser opens, leaves no race.
test.beforeEach(({ page }) => {
  page.on('filechooser', () => {});
});

test.describe('share links and pipeline files', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the share link holds the whole pipeline; a fresh browser opens the link with the same nodes, params and layout', async ({ builder, page, browser, baseURL }) => {
    await editedDigitPipeline(builder);

    const link = await builder.openShare();
    expect(link.startsWith(`${baseURL}/#pipeline=`)).toBe(true);
    await expect(builder.sharePanel).toContainText('nothing is sent to a server');
    await expect(builder.shareLink).toBeFocused();
    const linked = decodeLink(link);
    if (!linked.ok) throw new Error(`the share link does not decode: ${linked.error.message}`);
    expect(linked.doc.nodes.find((n) => n.id === 'hidden')?.params.units).toBe(48);

    await page.keyboard.press('Escape');
    await expect(builder.sharePanel).toBeHidden();
    await expect(builder.shareButton).toBeFocused();

    // The file is the same document as the link.
    const download = await builder.downloadPipeline();
    expect(download.suggestedFilename()).toBe(fileName);
    const text = readFileSync((await download.path())!, 'utf8');
    const read = readDocumentText(text);
    if (!read.ok) throw new Error(`the downloaded file does not read back: ${read.error.message}`);
    expect(read.doc).toEqual(linked.doc);

    const layout = await layoutOf(builder);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const fresh = new BuilderPage(await context.newPage());
      const errors: string[] = [];
      fresh.page.on('pageerror', (e) => errors.push(e.message));
      // A colleague pastes the link into a browser that has never opened the app.
      await fresh.page.goto(link);
      await expect(fresh.page.getByTestId('toast').filter({ hasText: 'from a link' })).toBeVisible();
      await expect(fresh.page.getByTestId('pipeline-name')).toHaveValue(linked.doc.name);
      await expect(fresh.nodes).toHaveCount(linked.doc.nodes.length);
      await expect(fresh.edges).toHaveCount(linked.doc.edges.length);
      await fresh.selectNode('hidden');
      await expect(fresh.param('units')).toHaveValue('48');
      expectSameLayout(await layoutOf(fresh), layout);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test.describe('with the clipboard allowed', () => {
    test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

    test('Copy puts the link on the clipboard and says so', async ({ builder, page }) => {
      await editedDigitPipeline(builder);
      const link = await builder.openShare();
      const copy = page.getByTestId('share-copy');
      await copy.click();
      await expect(copy).toHaveText('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    });
  });

  test('when the browser blocks the clipboard, the link is selected and the panel says to press Ctrl+C', async ({ builder, page }) => {
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const link = await builder.openShare();
    await page.getByTestId('share-copy').click();
    await expect(page.getByTestId('share-copy-blocked')).toContainText(/press (Ctrl\+C|⌘C) to copy it/);
    await expect(builder.shareLink).toBeFocused();
    const selected = await builder.shareLink.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart!, el.selectionEnd!));
    expect(selected).toBe(link);
  });

  test('a downloaded file opens again by dropping it on the canvas and with the file picker', async ({ builder, page }) => {
    await editedDigitPipeline(builder);
    const download = await builder.downloadPipeline();
    const file: PickedFile = { name: fileName, text: readFileSync((await download.path())!, 'utf8') };

    // Dragging shows where to drop; leaving the canvas takes the hint away again.
    await builder.dragFilesOverCanvas([file], { drop: false });
    await expect(builder.fileDropHint).toContainText('Drop to open this pipeline file');
    await builder.pane.dispatchEvent('dragleave');
    await expect(builder.fileDropHint).toBeHidden();

    await builder.deleteNode('accuracy');
    await expect(builder.nodes).toHaveCount(12);
    await builder.dropFilesOnCanvas([file]);
    await expect(builder.node('accuracy')).toBeVisible();
    await expect(builder.nodes).toHaveCount(13);
    // A name already in My pipelines may come with a number.
    await expect(builder.toast.filter({ hasText: /^Opened “Digit classifier \(CNN\)( \(\d+\))?” from “Digit classifier \(CNN\)\.pipeline\.json”/ })).toBeVisible();
    await builder.selectNode('hidden');
    await expect(builder.param('units')).toHaveValue('48');

    await builder.setParam('units', 99);
    await builder.openFileByPicker([file]);
    await builder.selectNode('hidden');
    await expect(builder.param('units')).toHaveValue('48');

    // Several files at once: the pipeline file opens, and the toast says which were left alone.
    await builder.setParam('units', 99);
    await builder.dropFilesOnCanvas([{ name: 'whiteboard.png', type: 'image/png', text: 'PNG' }, file]);
    await expect(builder.toast.filter({ hasText: '“whiteboard.png” was not opened' })).toBeVisible();
    await builder.selectNode('hidden');
    await expect(builder.param('units')).toHaveValue('48');
    await expect(page.getByTestId('file-error')).toHaveCount(0);
  });

  test('a file that is not a pipeline, or too big, opens nothing and says why; the work stays', async ({ builder, page }) => {
    await editedDigitPipeline(builder);
    const before = await layoutOf(builder);
    const workIsIntact = async () => {
      await expect(builder.nodes).toHaveCount(13);
      expectSameLayout(await layoutOf(builder), before);
      await builder.selectNode('hidden');
      await expect(builder.param('units')).toHaveValue('48');
    };

    await builder.dropFilesOnCanvas([{ name: 'notes.json', text: 'Meeting notes: ship the classifier' }]);
    await expect(builder.fileError).toHaveAttribute('data-code', 'E_NOT_JSON');
    await expect(builder.fileError).toContainText(`Couldn't open “notes.json”`);
    await expect(builder.fileError).toContainText('your pipeline is as it was');
    await workIsIntact();

    await builder.openFileByPicker([{ name: 'package.json', text: '{ "name": "my-app", "version": "1.0.0" }' }]);
    await expect(builder.fileError).toHaveAttribute('data-code', 'E_NOT_PIPELINE');
    await expect(builder.fileError).toContainText('package.json');
    await workIsIntact();

    // 1,200,000 bytes: checked by its size before it is read.
    await builder.dropFilesOnCanvas([{ name: 'huge.pipeline.json', text: `{"pad":"${'x'.repeat(1_199_990)}"}` }]);
    await expect(builder.fileError).toHaveAttribute('data-code', 'E_TOO_LARGE');
    await expect(builder.fileError).toContainText('1.2 MB');
    await expect(builder.fileError).toContainText('at most 1 MB');
    await workIsIntact();

    // Every message has words for what to do, not just what went wrong.
    const hint = builder.fileError.locator('p').nth(2);
    await expect(hint).not.toBeEmpty();
    await page.getByTestId('file-error-dismiss').click();
    await expect(builder.fileError).toHaveCount(0);
  });

  test('the File menu works from the keyboard', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await builder.fileMenu.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('file-menu-items')).toBeVisible();
    await expect(page.getByTestId('download-pipeline')).toBeFocused();
    await expect(page.getByTestId('download-pipeline')).toContainText(fileName);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('open-pipeline-file')).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByTestId('save-as-template')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('download-pipeline')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('save-as-template')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('file-menu-items')).toBeHidden();
    await expect(builder.fileMenu).toBeFocused();

    // Enter opens the menu on its first item; Enter on "Open pipeline file..." opens the file chooser.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('download-pipeline')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await expect(builder.fileError).toBeVisible();
    await expect(page.getByTestId('file-menu-items')).toBeHidden();
    await expect(builder.fileMenu).toBeFocused();

    // Downloading from the keyboard: Enter on the first item.
    await page.keyboard.press('Enter');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toBe(fileName);
  });

  test('the tab title carries the pipeline name', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await expect(page).toHaveTitle('Digit classifier (CNN) - Pipeline Builder');
    await page.getByTestId('pipeline-name').fill('Churn model');
    await expect(page).toHaveTitle('Churn model - Pipeline Builder');
  });
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/share-${name}.png` });
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test.describe(`at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the top bar fits, and the Share panel and the File menu are wholly on screen', async ({ builder, page }) => {
      await builder.goto();
      await builder.openTemplate('digit-cnn');
      const header = page.locator('header');
      const controls = header.locator('button:visible, input:visible');
      expect(await controls.count()).toBeGreaterThanOrEqual(8);
      const boxes = await builder.boxesOf(controls);
      expect(overlapsAmong(boxes)).toEqual([]);
      for (const box of boxes) expect(box.x + box.width, box.name).toBeLessThanOrEqual(size.width);
      // The name stays wide enough to read.
      expect((await page.getByTestId('pipeline-name').boundingBox())!.width).toBeGreaterThanOrEqual(120);

      await builder.openShare();
      await builder.expectOnScreen(builder.sharePanel);
      await shoot(page, `panel-${size.width}`);
      await page.keyboard.press('Escape');

      await builder.fileMenu.click();
      await builder.expectOnScreen(page.getByTestId('file-menu-items'));
      await shoot(page, `file-menu-${size.width}`);
      await page.keyboard.press('Escape');

      await builder.dragFilesOverCanvas([{ name: fileName, text: '{}' }], { drop: false });
      await shoot(page, `drop-hint-${size.width}`);
      await builder.pane.dispatchEvent('dragleave');
      await expect(builder.fileDropHint).toBeHidden();
      await builder.dropFilesOnCanvas([{ name: 'notes.json', text: 'hello' }]);
      await expect(builder.fileError).toBeVisible();
      await builder.expectOnScreen(builder.fileError);
      await shoot(page, `file-error-${size.width}`);
    });
  });
}
