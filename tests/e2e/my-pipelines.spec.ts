import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { BuilderPage } from './pages/builder';
import { decodeLink, encodeLink } from '@/lib/share/link';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

const digit = digitCnn.name;
const iris = irisMlp.name;

interface Stored {
  id: string;
  revision: number;
  doc: { name?: string; nodes?: { id: string; params: Record<string, unknown> }[] };
}

/** What the page's IndexedDB holds: the app's own words are on screen, this checks what is kept. */
function storedPipelines(page: Page): Promise<Stored[]> {
  return page.evaluate(
    () =>
      new Promise<Stored[]>((resolve, reject) => {
        const request = indexedDB.open('pipeline-builder');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const all = request.result.transaction('pipelines').objectStore('pipelines').getAll();
          all.onsuccess = () => {
            request.result.close();
            resolve(all.result as Stored[]);
          };
        };
      }),
  );
}

async function unitsOfHidden(builder: BuilderPage): Promise<string> {
  await builder.selectNode('hidden');
  return builder.param('units').inputValue();
}

test('two pipelines keep their own nodes and undo, and a reload reopens the last one open', async ({ builder, page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await expect(builder.node('conv')).toBeVisible();
  await builder.edit('hidden', { units: 48 });

  await builder.newPipeline();
  await builder.openTemplate('iris-mlp');
  await expect(builder.node('standardize')).toBeVisible();
  await expect(builder.node('conv')).toHaveCount(0);

  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(2);
  await expect(builder.pipelineRow(iris)).toHaveAttribute('data-current', 'true');
  await expect(builder.pipelineRow(digit)).toContainText('Edited just now');
  await expect(builder.pipelineRow(digit)).not.toHaveAttribute('data-current', 'true');
  await page.screenshot({ path: '/tmp/pipelines-list-1440.png' });
  await builder.closePipelines();

  await builder.switchToPipeline(digit);
  await expect(builder.node('conv')).toBeVisible();
  await expect(builder.node('standardize')).toHaveCount(0);
  expect(await unitsOfHidden(builder)).toBe('48');
  // Undo steps back through this pipeline's own edits and never into the other pipeline.
  await builder.undo();
  expect(await unitsOfHidden(builder)).toBe('64');
  await expect(builder.node('standardize')).toHaveCount(0);

  await builder.switchToPipeline(iris);
  await expect(builder.node('standardize')).toBeVisible();
  await builder.switchToPipeline(digit);
  await page.reload();
  await expect(builder.pipelineName).toHaveValue(digit);
  await expect(builder.node('conv')).toBeVisible();
  expect(await unitsOfHidden(builder)).toBe('64');
  await expect(page.getByTestId('templates-dialog')).toBeHidden();
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(2);
  await expect(builder.pipelineRow(digit)).toHaveAttribute('data-current', 'true');
});

test('rename, duplicate and delete from the list in a small window, with the keyboard too', async ({ builder, page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await builder.newPipeline();
  await builder.openTemplate('iris-mlp');

  await builder.openPipelines();
  await builder.expectOnScreen(builder.pipelinesList);
  const field = page.getByTestId('pipeline-rename-input');
  // A pipeline that is not open is renamed in place.
  await builder.pipelineAction(digit, 'rename');
  await expect(field).toBeFocused();
  await field.fill('Digits for Q3');
  await field.press('Enter');
  await expect(builder.pipelineRow('Digits for Q3')).toHaveCount(1);
  // Escape keeps the old name and leaves the list open.
  await builder.pipelineAction('Digits for Q3', 'rename');
  await field.fill('Not this');
  await field.press('Escape');
  await expect(builder.pipelineRow('Digits for Q3')).toHaveCount(1);
  await expect(builder.pipelinesList).toBeVisible();
  // The open one is renamed through its document: the top bar follows.
  await builder.pipelineAction(iris, 'rename');
  await field.fill('Flowers');
  await field.press('Enter');
  await expect(builder.pipelineName).toHaveValue('Flowers');

  await builder.pipelineAction('Flowers', 'duplicate');
  await expect(builder.pipelineRow('Flowers (2)')).toHaveCount(1);
  await expect(builder.pipelineRows).toHaveCount(3);
  await builder.expectOnScreen(builder.pipelinesList);
  await page.screenshot({ path: '/tmp/pipelines-list-1024.png' });

  // Deleting asks first; Escape changes nothing.
  const dialog = page.getByTestId('delete-pipeline-dialog');
  await builder.pipelineAction('Flowers (2)', 'delete');
  await expect(dialog).toContainText('Delete “Flowers (2)”?');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(builder.pipelinesList).toBeVisible();
  await expect(builder.pipelineRows).toHaveCount(3);
  await builder.pipelineAction('Flowers (2)', 'delete');
  await dialog.getByTestId('confirm-delete').click();
  await expect(builder.pipelineRows).toHaveCount(2);
  await expect(builder.pipelineRow('Flowers (2)')).toHaveCount(0);

  // Deleting the open one opens the other.
  await builder.pipelineAction('Flowers', 'delete');
  await dialog.getByTestId('confirm-delete').click();
  await expect(builder.pipelineRows).toHaveCount(1);
  await expect(builder.pipelineName).toHaveValue('Digits for Q3');
  await expect(builder.node('conv')).toBeVisible();
  await builder.closePipelines();

  // Keyboard: Enter opens the list on the open row, arrows move, Enter switches, focus comes back.
  await builder.newPipeline();
  const button = page.getByTestId('pipelines-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(builder.pipelinesList).toBeVisible();
  await expect(builder.pipelineRows.first().getByTestId('pipeline-open')).toBeFocused();
  await expect(builder.pipelineRows.first()).toHaveAttribute('data-current', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(builder.pipelineRow('Digits for Q3').getByTestId('pipeline-open')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(builder.pipelinesList).toBeHidden();
  await expect(builder.pipelineName).toHaveValue('Digits for Q3');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(builder.pipelinesList).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(builder.pipelinesList).toBeHidden();
  await expect(button).toBeFocused();
});

test('the autosave from before My pipelines is moved in on the first load, once', async ({ builder, page }) => {
  const old = { ...digitCnn, name: 'My old pipeline' };
  await page.addInitScript((text) => {
    if (sessionStorage.getItem('seeded')) return;
    localStorage.setItem('pipeline-builder:autosave', text);
    sessionStorage.setItem('seeded', 'yes');
  }, JSON.stringify(old));
  await builder.goto();
  await expect(builder.pipelineName).toHaveValue('My old pipeline');
  await expect(builder.node('conv')).toBeVisible();
  await expect(page.getByTestId('templates-dialog')).toBeHidden();

  await page.reload();
  await expect(builder.pipelineName).toHaveValue('My old pipeline');
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(1);
  expect(await page.evaluate(() => localStorage.getItem('pipeline-builder:autosave'))).toBe(JSON.stringify(old));
});

test('an autosave that cannot be read is kept in the list, marked, and the app starts fresh', async ({ builder, page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    localStorage.setItem('pipeline-builder:autosave', '{"version":1,"name":"Half-saved work","nodes":[{"id":"a"');
    sessionStorage.setItem('seeded', 'yes');
  });
  await builder.goto();
  await expect(page.getByTestId('templates-dialog')).toBeVisible();
  await expect(page.getByTestId('restore-notice')).toContainText('could not be read');
  await builder.openTemplate('iris-mlp');
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(2);
  const unreadable = builder.pipelineRows.filter({ has: page.getByTestId('pipeline-row-error') });
  await expect(unreadable).toHaveCount(1);
  await expect(unreadable).toContainText('Cannot be opened');
  await expect(unreadable.getByTestId('pipeline-rename')).toHaveCount(0);
  // Clicking it explains instead of opening it.
  await unreadable.getByTestId('pipeline-open').click();
  await expect(builder.toast.filter({ hasText: 'cannot be opened' })).toBeVisible();
  await expect(builder.pipelineName).toHaveValue(iris);
});

test('a damaged link opens nothing and says why, and the work on the canvas stays', async ({ builder, page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await builder.edit('hidden', { units: 48 });

  // Opened in this tab as a new page load, right after the edit.
  await page.goto('about:blank');
  await builder.goto('#pipeline=garbage');
  const expected = decodeLink('#pipeline=garbage');
  if (expected.ok) throw new Error('"garbage" must not decode');
  const alert = page.getByTestId('link-error');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(expected.error.message);
  await expect(alert).toContainText(expected.error.hint);
  await expect(builder.pipelineName).toHaveValue(digit);
  expect(await unitsOfHidden(builder)).toBe('48');
  await expect(page).toHaveURL(/\/$/);
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(1);
  await builder.closePipelines();
  await page.screenshot({ path: '/tmp/pipelines-link-error-1440.png' });
  // It stays until dismissed.
  await page.getByTestId('link-error-dismiss').click();
  await expect(alert).toBeHidden();

  // Pasted into the address bar of the open tab.
  await page.evaluate(() => {
    window.location.hash = 'pipeline=AAAA';
  });
  await expect(alert).toBeVisible();
  await expect(builder.pipelineName).toHaveValue(digit);
  await expect(builder.node('conv')).toBeVisible();
});

test('a good link opens as a new entry, and what was open stays in the list unchanged', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.edit('hidden', { units: 20 });

  const shared = {
    ...digitCnn,
    name: 'Shared digits',
    nodes: digitCnn.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, units: 99 } } : n)),
  };
  const link = encodeLink(shared, 'http://elsewhere.example/');
  const fragment = link.slice(link.indexOf('#'));
  await page.goto('about:blank');
  await builder.goto(fragment);
  await expect(builder.toast.filter({ hasText: 'Opened “Shared digits” from a link' })).toBeVisible();
  await expect(builder.pipelineName).toHaveValue('Shared digits');
  await expect(builder.node('conv')).toBeVisible();
  expect(await unitsOfHidden(builder)).toBe('99');
  await expect(page).toHaveURL(/\/$/);

  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(2);
  await expect(builder.pipelineRow('Shared digits')).toHaveAttribute('data-current', 'true');
  await builder.closePipelines();
  await builder.switchToPipeline(iris);
  expect(await unitsOfHidden(builder)).toBe('20');

  // The same link again, pasted into this tab: a name already taken gets a number.
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, fragment);
  await expect(builder.pipelineName).toHaveValue('Shared digits (2)');
  await page.reload();
  await expect(builder.pipelineName).toHaveValue('Shared digits (2)');
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(3);
});

test('two tabs on one pipeline: an edit in one reaches the other, and a stale tab never overwrites', async ({ builder, page, context }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await expect.poll(async () => (await storedPipelines(page)).map((p) => p.doc.name)).toEqual([iris]);

  const other = new BuilderPage(await context.newPage());
  await other.goto();
  await expect(other.pipelineName).toHaveValue(iris);
  await other.edit('hidden', { units: 20 });

  await expect(builder.toast.filter({ hasText: 'Updated from another tab' })).toBeVisible();
  expect(await unitsOfHidden(builder)).toBe('20');
  await other.page.close();

  // Another tab's save that this one has not heard of: this tab's next save must not overwrite it.
  const [record] = await storedPipelines(page);
  await page.evaluate(
    (theirs) =>
      new Promise<void>((resolve) => {
        const request = indexedDB.open('pipeline-builder');
        request.onsuccess = () => {
          const tx = request.result.transaction('pipelines', 'readwrite');
          tx.objectStore('pipelines').put(theirs);
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
        };
      }),
    {
      ...record,
      revision: record.revision + 1,
      doc: { ...record.doc, nodes: record.doc.nodes!.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, units: 77 } } : n)) },
    },
  );
  await builder.setParam('units', 30);
  const banner = page.getByTestId('tab-conflict');
  await expect(banner).toBeVisible();
  expect((await storedPipelines(page))[0].doc.nodes!.find((n) => n.id === 'hidden')?.params.units).toBe(77);
  await page.screenshot({ path: '/tmp/pipelines-conflict-1440.png' });

  await banner.getByTestId('conflict-keep-mine').click();
  await expect(banner).toBeHidden();
  await expect(builder.pipelineName).toHaveValue(`${iris} (2)`);
  expect(await unitsOfHidden(builder)).toBe('30');
  await builder.openPipelines();
  await expect(builder.pipelineRow(`${iris} (2)`)).toHaveAttribute('data-current', 'true');
  await expect(builder.pipelineRow(iris)).not.toHaveAttribute('data-current', 'true');
  await builder.closePipelines();
  await builder.switchToPipeline(iris);
  expect(await unitsOfHidden(builder)).toBe('77');
});

test('where the browser refuses storage, the app still works and says once that pipelines are not kept', async ({ builder, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
  });
  await builder.goto();
  await expect(builder.toast.filter({ hasText: 'Pipelines will not be kept' })).toHaveCount(1);
  await builder.openTemplate('digit-cnn');
  await expect(builder.node('conv')).toBeVisible();
  await builder.newPipeline();
  await builder.openPipelines();
  await expect(builder.pipelineRows).toHaveCount(2);
  await expect(builder.pipelinesList).toContainText('not letting the app save');
});
