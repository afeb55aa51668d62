import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { BuilderPage } from './pages/builder';
import { decodeLink, encodeLink } from '@/lib/share/link';
import { documentFileName, documentFileText } from '@/lib/document/read';
import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * Names, labels, descriptions and param strings from a file someone sent are shown as text,
 * never parsed as HTML or run: each payload would set window.__pwned if it ever were.
 */
const img = '<img src=x onerror="window.__pwned=1">';
const script = '<script>window.__pwned=1</script>';
const jsUrl = 'javascript:window.__pwned=1//';
// Right-to-left override, zero-width space and joiner, byte order mark.
const invisible = '\u202Eevil\u202C zero\u200Bwidth\u200D\uFEFF';
const unbroken = 'W'.repeat(100);

const name = `${img} ${invisible}`;
const description = `${script} ${jsUrl} ${'A long description that goes on. '.repeat(150)}`.slice(0, 5000);

const hostile: PipelineDocument = {
  ...digitCnn,
  name,
  description,
  nodes: [
    ...digitCnn.nodes.map((n) => {
      if (n.id === 'hidden') return { ...n, label: img, params: { ...n.params, units: img } };
      if (n.id === 'classifier') return { ...n, label: script, params: { ...n.params, activation: script } };
      if (n.id === 'conv') return { ...n, label: `${jsUrl} ${invisible}` };
      if (n.id === 'pool') return { ...n, label: unbroken };
      return n;
    }),
    // A kind no version of the app knows: its node and its problem show the kind as written.
    { id: 'stranger', kind: img, params: { note: script }, position: { x: 948, y: 502 } },
  ],
};

test.describe('hostile input is inert', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test.beforeEach(async ({ page }) => {
    // Records every element added anywhere, from before the app's first script: a payload that
    // became markup for an instant and was then removed still shows here.
    await page.addInitScript(() => {
      const added: string[] = [];
      (window as unknown as { __added: string[] }).__added = added;
      const markup = 'img, script, iframe, object, embed, [onerror], [onload]';
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue;
            // Text that holds a payload is fine; an element made from one is not.
            for (const el of [node, ...node.querySelectorAll(markup)])
              if (el.matches(markup) && el.outerHTML.includes('__pwned')) added.push(el.outerHTML.slice(0, 200));
          }
      }).observe(document, { childList: true, subtree: true });
    });
  });

  test('a pipeline file full of HTML, script and invisible characters shows them as literal text everywhere', async ({ builder, page }) => {
    const dialogs = collectDialogs(page);
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const before = await markupCount(page);

    await builder.dropFilesOnCanvas([{ name: documentFileName(hostile), text: documentFileText(hostile) }]);
    await expect(builder.toast.filter({ hasText: `Opened “${name}” from “${documentFileName(hostile)}”` })).toBeVisible();
    await expectShownAsText(builder);
    await expectNothingRan(page, before, dialogs);

    // The control: the same payload made into markup does fire in this browser, and is caught.
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), img);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toHaveLength(1);
  });

  test('a share link holding the same payloads, pasted into the address bar, shows them as literal text too', async ({ builder, page, baseURL }) => {
    const dialogs = collectDialogs(page);
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const before = await markupCount(page);

    await page.goto(encodeLink(hostile, `${baseURL}/`));
    await expect(builder.toast.filter({ hasText: 'from a link' })).toBeVisible();
    await expectShownAsText(builder);
    await expectNothingRan(page, before, dialogs);
  });
});

function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

const markupCount = (page: Page) => page.evaluate(() => ({ images: document.images.length, scripts: document.scripts.length }));

/** Every place the hostile pipeline's strings show, once it is open: each as the very text it was. */
async function expectShownAsText(builder: BuilderPage): Promise<void> {
  const { page } = builder;
  await expect(builder.nodes).toHaveCount(hostile.nodes.length);

  // The top bar, the tab title.
  await expect(page.getByTestId('pipeline-name')).toHaveValue(name);
  await expect(page).toHaveTitle(`${name} - Pipeline Builder`);
  expect((await page.getByTestId('pipeline-name').boundingBox())!.width).toBeLessThanOrEqual(300);

  // The canvas: labels and an unknown kind as text, and a 100-letter label does not stretch its node.
  await expect(builder.node('hidden')).toContainText(img);
  await expect(builder.node('classifier')).toContainText(script);
  await expect(builder.node('conv')).toContainText(jsUrl);
  await expect(builder.node('stranger')).toContainText(img);
  const widths = await Promise.all(['pool', 'flatten'].map(async (id) => (await builder.node(id).boundingBox())!.width));
  expect(widths[0]).toBe(widths[1]);

  // The inspector: the label, a text param and the problem that names it; an invalid choice.
  await builder.selectNode('hidden');
  await expect(page.getByTestId('inspector-node-label')).toHaveValue(img);
  await expect(builder.param('units')).toHaveValue(img);
  await expect(builder.paramError('units')).toContainText(img);
  await builder.selectNode('classifier');
  await expect(page.getByTestId('inspector-node-label')).toHaveValue(script);
  await expect(builder.param('activation').locator('option:checked')).toHaveText(`${script} (not valid)`);
  await builder.selectNode('conv');
  await expect(page.getByTestId('inspector-node-label')).toHaveValue(`${jsUrl} ${invisible}`);

  // The whole pipeline: its description and the issues list.
  await builder.selectNothing();
  await expect(page.getByTestId('pipeline-description')).toHaveValue(description);
  const issues = page.getByTestId('issues-panel');
  await expect(issues).toContainText(`"${img}" is not a node this version of the app knows.`);
  await expect(issues).toContainText(`${img}: Units must be`);
  await expect(issues).toContainText(`${script}: Activation must be`);

  // The File menu names the download after the pipeline, made safe for file systems.
  await builder.fileMenu.click();
  await expect(page.getByTestId('download-pipeline')).toContainText(documentFileName(hostile));
  await page.keyboard.press('Escape');

  // The share link carries every string as it was.
  const link = await builder.openShare();
  expect(decodeLink(link)).toEqual({ ok: true, doc: hostile });
  await page.keyboard.press('Escape');
}

/** No payload ran, and none became an element, even for an instant (see the observer in beforeEach). */
async function expectNothingRan(page: Page, before: { images: number; scripts: number }, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toEqual([]);
  expect(await markupCount(page)).toEqual(before);
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(dialogs).toEqual([]);
}
