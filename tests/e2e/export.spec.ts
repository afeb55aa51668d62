import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Download, Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { BuilderPage } from './pages/builder';
import { decodeLink } from '@/lib/share/link';

/** The downloaded zip as its top folder and its files' text by path inside that folder. */
function unzipDownload(download: Download, path: string): { folders: string[]; files: Record<string, string> } {
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  const folders = [...new Set(Object.keys(entries).map((name) => name.split('/')[0]))];
  const files = Object.fromEntries(
    Object.entries(entries)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, bytes]) => [name.slice(name.indexOf('/') + 1), strFromU8(bytes)]),
  );
  expect(download.suggestedFilename()).toBe(`${folders[0]}.zip`);
  return { folders, files };
}

async function downloadedProject(builder: BuilderPage) {
  const download = await builder.downloadExport();
  return unzipDownload(download, (await download.path())!);
}

/** True when the middle of `locator` is on screen and nothing covers it there. */
async function reachable(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.x + r.width / 2;
    const y = r.y + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
  });
}

test.describe('the Export panel', () => {
  test.use({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });

  test('shows the digit template as highlighted code, file by file, and downloads the same files in one folder', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await builder.openExport();

    const paths = await builder.exportFiles.allTextContents();
    expect(paths[0]).toBe('pipeline.ts');
    expect(paths).toEqual(expect.arrayContaining(['pipeline.ts', 'package.json', 'README.md']));
    await expect(builder.exportFile('pipeline.ts')).toHaveAttribute('aria-selected', 'true');
    await expect(builder.exportCode).toHaveAttribute('data-path', 'pipeline.ts');
    // Highlighted: Prism's token spans, keywords and strings among them.
    await expect(builder.exportCode.locator('.token.keyword').first()).toBeVisible();
    await expect(builder.exportCode.locator('.token.string').first()).toBeVisible();
    await expect(page.getByTestId('export-how')).toContainText('npm install && npx tsx pipeline.ts');

    const { folders, files } = await downloadedProject(builder);
    expect(folders).toHaveLength(1);
    expect(Object.keys(files).sort()).toEqual([...paths].sort());

    // The viewer shows each file's text as it is in the zip, with a number for every line.
    for (const path of ['pipeline.ts', 'package.json', 'README.md']) {
      await builder.exportFile(path).click();
      await expect(builder.exportCode).toHaveAttribute('data-path', path);
      expect(await builder.shownCode()).toBe(files[path].replace(/\n$/, ''));
      const lines = files[path].replace(/\n$/, '').split('\n').length;
      await expect(builder.exportCode.locator('[aria-hidden="true"] > div')).toHaveCount(lines);
    }
    await expect(builder.exportCode.locator('.token.title').first()).toBeVisible();

    // The README points back at this very canvas.
    const link = files['README.md'].match(/https?:\/\/[^\s)>\]]+#pipeline=[\w.-]+/)?.[0];
    expect(link, 'a share link in README.md').toBeDefined();
    const linked = decodeLink(link!);
    if (!linked.ok) throw new Error(`the README's link does not open: ${linked.error.message}`);
    expect(linked.doc.nodes.map((n) => n.id).sort()).toEqual((await builder.nodeIds()).sort());

    // Copy takes the file on show.
    await builder.exportFile('package.json').click();
    const copy = page.getByTestId('export-copy');
    await copy.click();
    await expect(copy).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(files['package.json']);
    // Another file is not what was copied.
    await builder.exportFile('pipeline.ts').click();
    await expect(copy).toHaveText('Copy');
  });

  test('a pipeline with errors lists them in the words of the problems list, offers no code, and a click goes to the node', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await builder.edit('classifier', { units: 10 });
    await builder.pane.click({ position: { x: 5, y: 5 } });
    const problem = page.locator('[data-testid="issues-panel-item"][data-code="E_CLASS_COUNT"]');
    await expect(problem).toBeVisible();
    const words = await problem.innerText();

    await expect(builder.exportButton).toBeEnabled();
    await builder.openExport();
    await expect(builder.exportBlocked).toContainText('1 problem to fix before it can be exported');
    await expect(builder.exportIssues).toHaveCount(1);
    expect(await builder.exportIssues.innerText()).toBe(words);
    await expect(page.getByTestId('export-download')).toHaveCount(0);
    await expect(page.getByTestId('export-copy')).toHaveCount(0);
    await expect(builder.exportCode).toHaveCount(0);

    await builder.exportIssues.click();
    await expect(builder.exportPanel).toBeHidden();
    await expect(builder.param('units')).toHaveValue('10');

    // Fixed, it exports.
    await builder.issueOn('classifier', 'E_CLASS_COUNT').getByTestId('issue-fix').click();
    await builder.openExport();
    await expect(builder.exportCode).toBeVisible();
    await expect(page.getByTestId('export-download')).toBeEnabled();
  });

  test('an edit that reaches the canvas while the panel is open (from another tab) rewrites the code shown', async ({ builder, context }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const name = await builder.pipelineName.inputValue();
    await builder.openExport();
    await builder.exportFile('README.md').click();
    expect(await builder.shownCode()).toContain(name);
    const zipBefore = (await builder.downloadExport()).suggestedFilename();

    const other = new BuilderPage(await context.newPage());
    await other.goto();
    await expect(other.pipelineName).toHaveValue(name);
    await other.pipelineName.fill('Flowers renamed');
    await other.pipelineName.press('Tab');

    await expect(builder.toast.filter({ hasText: 'Updated from another tab' })).toBeVisible();
    await expect.poll(() => builder.shownCode()).toContain('Flowers renamed');
    await expect(builder.exportCode).toHaveAttribute('data-path', 'README.md');
    expect((await builder.downloadExport()).suggestedFilename()).not.toBe(zipBefore);
  });

  test('when writing the code fails, the panel says why and tries again on request; the canvas is untouched', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const nodes = await builder.nodeIds();
    // Something the generation needs (the share link it writes into the README) breaks.
    await page.evaluate(() => {
      const encode = TextEncoder.prototype.encode;
      TextEncoder.prototype.encode = () => {
        throw new Error('the text encoder is out of order');
      };
      (window as unknown as { restoreEncoder: () => void }).restoreEncoder = () => {
        TextEncoder.prototype.encode = encode;
      };
    });
    await builder.exportButton.click();
    const failure = page.getByTestId('export-error');
    await expect(failure).toContainText('could not be written: the text encoder is out of order');
    await expect(failure).toContainText('Your pipeline is unchanged');
    await expect(page.getByTestId('export-download')).toHaveCount(0);
    expect(await builder.nodeIds()).toEqual(nodes);

    await page.evaluate(() => (window as unknown as { restoreEncoder: () => void }).restoreEncoder());
    await page.getByTestId('export-retry').click();
    await expect(builder.exportCode).toBeVisible();
    await expect(failure).toHaveCount(0);
  });

  test('when the browser blocks the clipboard, the code is selected and the panel says to press Ctrl+C', async ({ builder, page }) => {
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await builder.openExport();
    await builder.exportFile('package.json').click();
    await page.getByTestId('export-copy').click();
    await expect(page.getByTestId('export-copy-blocked')).toContainText(/press (Ctrl\+C|⌘C) to copy it/);
    await expect(builder.exportCode).toBeFocused();
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    // The selection is the code, without the line numbers beside it.
    expect(selected.replace(/\n+/g, '\n').trim()).toBe((await builder.shownCode()).replace(/\n+/g, '\n').trim());
  });
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test.describe(`at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the panel fits the window, its code scrolls inside it, and the keyboard reaches files, Copy and Download', async ({ builder, page }) => {
      await builder.goto();
      await builder.openTemplate('digit-cnn');
      await builder.openExport();

      const panel = (await builder.exportPanel.boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.y).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(size.width);
      expect(panel.y + panel.height).toBeLessThanOrEqual(size.height);
      expect(await builder.exportCode.evaluate((el) => getComputedStyle(el).overflow)).toBe('auto');
      for (const control of [builder.exportCode, page.getByTestId('export-copy'), page.getByTestId('export-download'), builder.exportFile('README.md')]) {
        expect(await reachable(control), await control.getAttribute('data-testid') ?? '').toBe(true);
      }
      await page.screenshot({ path: `/tmp/ui-export-${size.width}x${size.height}.png` });

      // Escape closes and hands the focus back; Enter opens again.
      await page.keyboard.press('Escape');
      await expect(builder.exportPanel).toBeHidden();
      await expect(builder.exportButton).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(builder.exportCode).toBeVisible();

      const paths = await builder.exportFiles.allTextContents();
      await builder.tabTo(builder.exportFile('package.json'));
      await page.keyboard.press('Enter');
      await expect(builder.exportCode).toHaveAttribute('data-path', 'package.json');
      await page.keyboard.press('ArrowRight');
      const next = paths[(paths.indexOf('package.json') + 1) % paths.length];
      await expect(builder.exportFile(next)).toBeFocused();
      await expect(builder.exportCode).toHaveAttribute('data-path', next);

      await builder.tabTo(page.getByTestId('export-copy'));
      await builder.tabTo(page.getByTestId('export-download'));
      const download = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      expect((await download).suggestedFilename()).toMatch(/\.zip$/);

      await page.keyboard.press('Escape');
      await expect(builder.exportPanel).toBeHidden();
      await expect(builder.exportButton).toBeFocused();
    });
  });
}
