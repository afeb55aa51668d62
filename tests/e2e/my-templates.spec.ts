import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { digitCnn } from '../../lib/templates/digit-cnn';
import { irisMlp } from '../../lib/templates/iris-mlp';

/** Issue 6, item 4: save the pipeline as a template; find, open, rename and delete it under My templates. */

/** Writes a raw entry into the app's own database, as an older or damaged version of the app could have left it. */
async function putStoredTemplate(page: Page, record: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        // No version: the app has created the database already, at whatever version it is now.
        const request = indexedDB.open('pipeline-builder');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('templates', 'readwrite');
          tx.objectStore('templates').put(value);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    record,
  );
}

test('a changed pipeline saved as a template is listed with its details, opens, is renamed and deleted, and survives a reload', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await builder.edit('conv', { filters: 12 });
  await builder.edit('hidden', { units: 96 });

  // Nothing saved yet: the dialog says how to save one.
  await builder.openTemplatesDialog();
  await expect(page.getByTestId('my-templates-empty')).toContainText('Save current pipeline as a template');

  // The form starts from the pipeline's own name and description.
  const saveButton = page.getByTestId('save-as-template');
  await saveButton.click();
  const form = builder.saveTemplateDialog;
  await expect(form.getByTestId('template-name')).toHaveValue(digitCnn.name);
  await expect(form.getByTestId('template-name')).toBeFocused();
  await expect(form.getByTestId('template-description')).toHaveValue(digitCnn.description);
  await form.getByTestId('template-description').fill('Wider digits CNN to start from');
  await form.getByTestId('template-tags').fill(' images, cnn ,, Images, baseline ');
  // Tags as they will be saved: trimmed, empty ones and repeats dropped.
  await expect(form.getByTestId('template-tag-chip')).toHaveText(['images', 'cnn', 'baseline']);
  await form.getByTestId('template-name').fill('Wide digits');
  await form.getByTestId('template-name').press('Enter');

  await expect(form).toBeHidden();
  await expect(builder.toast.filter({ hasText: 'Saved as template' })).toContainText('Saved as template “Wide digits”');
  await expect(saveButton).toBeFocused();
  const card = builder.myTemplateCard('Wide digits');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('my-template-description')).toHaveText('Wider digits CNN to start from');
  await expect(card.getByTestId('my-template-tag')).toHaveText(['images', 'cnn', 'baseline']);
  await expect(card).toContainText(`${digitCnn.nodes.length} nodes`);
  await expect(card.getByTestId('mini-graph').locator('rect')).toHaveCount(digitCnn.nodes.length * 2);
  await expect(page.getByTestId('my-templates-empty')).toHaveCount(0);
  // The pipeline on the canvas keeps its own name.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pipeline-name')).toHaveValue(digitCnn.name);

  // Stored for good: after a reload it is still there.
  await page.reload();
  await builder.openTemplatesDialog();
  await expect(builder.myTemplateCard('Wide digits')).toHaveCount(1);
  await page.keyboard.press('Escape');

  // Opening it starts from the saved pipeline, with its changed params.
  await builder.openTemplate('iris-mlp');
  await expect(builder.nodes).toHaveCount(irisMlp.nodes.length);
  await builder.openMyTemplate('Wide digits');
  await expect(builder.nodes).toHaveCount(digitCnn.nodes.length);
  await expect(page.getByTestId('pipeline-name')).toHaveValue('Wide digits');
  await builder.selectNode('conv');
  await expect(builder.param('filters')).toHaveValue('12');
  await builder.selectNode('hidden');
  await expect(builder.param('units')).toHaveValue('96');

  // Rename: a name is required, the message sits by the field; Escape-free Enter saves.
  await builder.openTemplatesDialog();
  const rename = builder.myTemplateCard('Wide digits').getByTestId('my-template-rename');
  await rename.click();
  const edit = builder.editTemplateDialog;
  await expect(edit.getByTestId('template-name')).toHaveValue('Wide digits');
  await expect(edit.getByTestId('template-tags')).toHaveValue('images, cnn, baseline');
  await edit.getByTestId('template-name').fill('   ');
  await edit.getByTestId('template-name').press('Enter');
  await expect(edit.getByTestId('template-name-error')).toHaveText('Give the template a name, so you can find it under My templates.');
  await expect(edit.getByTestId('template-name')).toHaveAttribute('aria-invalid', 'true');
  await edit.getByTestId('template-name').fill('Digits, wide and tagged');
  await expect(edit.getByTestId('template-name-error')).toHaveCount(0);
  await edit.getByTestId('template-name').press('Enter');
  await expect(edit).toBeHidden();
  const renamed = builder.myTemplateCard('Digits, wide and tagged');
  await expect(renamed).toHaveCount(1);
  await expect(builder.myTemplateCard('Wide digits')).toHaveCount(0);
  await expect(renamed.getByTestId('my-template-rename')).toBeFocused();

  // Delete asks first; Keep (focused, the safe answer) keeps it.
  await renamed.getByTestId('my-template-delete').click();
  await expect(renamed.getByTestId('my-template-delete-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(renamed.getByTestId('my-template-delete-confirm')).toHaveCount(0);
  await expect(renamed.getByTestId('my-template-delete')).toBeFocused();
  await renamed.getByTestId('my-template-delete').click();
  await renamed.getByTestId('my-template-delete-confirm').click();
  await expect(builder.myTemplateCards).toHaveCount(0);
  await expect(page.getByTestId('my-templates-empty')).toBeVisible();
  await expect(saveButton).toBeFocused();

  await page.reload();
  await builder.openTemplatesDialog();
  await expect(page.getByTestId('my-templates-empty')).toBeVisible();
  await expect(builder.myTemplateCards).toHaveCount(0);
});

test('the save form explains what is wrong next to the field, and Escape cancels without saving', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.openTemplatesDialog();
  const saveButton = page.getByTestId('save-as-template');
  await saveButton.click();
  const form = builder.saveTemplateDialog;

  await form.getByTestId('template-name').fill('n'.repeat(201));
  await form.getByTestId('template-tags').fill('a, b, c, d, e, f, g, h, i');
  await form.getByTestId('template-details-submit').click();
  await expect(form.getByTestId('template-name-error')).toHaveText('Keep the name to 200 characters or fewer.');
  await expect(form.getByTestId('template-tags-error')).toHaveText('Use at most 8 tags (there are 9): remove a few.');
  await expect(form.getByTestId('template-name')).toBeFocused();
  await form.getByTestId('template-tags').fill(`ok, ${'x'.repeat(31)}`);
  await expect(form.getByTestId('template-tags-error')).toContainText('is too long: keep each tag to 30 characters.');

  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(builder.templatesDialog).toBeVisible();
  await expect(saveButton).toBeFocused();
  await expect(page.getByTestId('my-templates-empty')).toBeVisible();

  // The form forgets what was typed: it opens again from the pipeline's own name.
  await saveButton.click();
  await expect(form.getByTestId('template-name')).toHaveValue(irisMlp.name);
  await expect(form.getByTestId('template-name-error')).toHaveCount(0);
  await form.getByTestId('template-details-cancel').click();
  await expect(form).toBeHidden();
});

test('an empty canvas cannot be saved as a template, and the form says so', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  await builder.openTemplatesDialog();
  await page.getByTestId('save-as-template').click();
  await expect(builder.saveTemplateDialog.getByTestId('template-details-blocked')).toContainText('The canvas is empty');
  await expect(builder.saveTemplateDialog.getByTestId('template-details-submit')).toBeDisabled();
  await builder.saveTemplateDialog.getByTestId('template-name').press('Enter');
  await expect(builder.saveTemplateDialog).toBeVisible();
});

test('a hostile name and description show as text in the card, the toast and the rename form, and run nothing', async ({ builder, page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.saveAsTemplate({ name: hostile, description: `<b>bold</b> ${hostile}`, tags: '<script>x</script>' });

  const card = builder.myTemplateCard(hostile);
  await expect(card.getByTestId('my-template-name')).toHaveText(hostile);
  await expect(card.getByTestId('my-template-description')).toHaveText(`<b>bold</b> ${hostile}`);
  await expect(card.getByTestId('my-template-tag')).toHaveText(['<script>x</script>']);
  await expect(card.locator('img, b, script')).toHaveCount(0);
  await expect(builder.toast.filter({ hasText: 'Saved as template' })).toContainText(hostile);

  await card.getByTestId('my-template-rename').click();
  await expect(builder.editTemplateDialog.getByTestId('template-name')).toHaveValue(hostile);
  await expect(builder.editTemplateDialog.locator('img')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(builder.editTemplateDialog).toBeHidden();

  await builder.openMyTemplate(hostile);
  await expect(page.getByTestId('pipeline-name')).toHaveValue(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('an unreadable stored template shows why, does not take the dialog down, and can be deleted', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.saveAsTemplate({ name: 'Good one' });
  await putStoredTemplate(page, {
    id: 'tpl-broken',
    doc: { version: 1, name: 'Broken one', nodes: 'not a list', edges: [] },
    tags: ['old'],
    createdAt: Date.now() + 1000,
    updatedAt: Date.now() + 1000,
  });
  await putStoredTemplate(page, { id: 'tpl-nothing', doc: null, createdAt: 'yesterday' });

  await page.keyboard.press('Escape');
  await builder.openTemplatesDialog();
  await expect(builder.myTemplateCards).toHaveCount(3);
  const broken = page.locator('[data-testid="my-template-card"][data-template-id="tpl-broken"]');
  await expect(broken).toHaveAttribute('data-readable', 'false');
  await expect(broken.getByTestId('my-template-name')).toHaveText('Broken one');
  await expect(broken.getByTestId('my-template-problem')).toContainText('This template cannot be opened:');
  await expect(broken.getByTestId('my-template-open')).toHaveCount(0);
  await expect(broken.getByTestId('my-template-rename')).toHaveCount(0);
  const nameless = page.locator('[data-testid="my-template-card"][data-template-id="tpl-nothing"]');
  await expect(nameless.getByTestId('my-template-name')).toHaveText('Unnamed template');
  await expect(builder.myTemplateCard('Good one').getByTestId('my-template-open')).toBeEnabled();

  await broken.getByTestId('my-template-delete').click();
  await broken.getByTestId('my-template-delete-confirm').click();
  await expect(broken).toHaveCount(0);
  // Focus goes on to the card that took its place.
  await expect(builder.myTemplateCard('Good one').getByTestId('my-template-open')).toBeFocused();
  await expect(builder.myTemplateCards).toHaveCount(2);

  // The good one still opens.
  await builder.openMyTemplate('Good one');
  await expect(builder.nodes).toHaveCount(irisMlp.nodes.length);
});

test('at 1024x700 the dialog fits the window and scrolls to the last of many templates; Tab goes card by card', async ({ builder, page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.saveAsTemplate({ name: 'Iris, my way', tags: 'tabular' });
  await page.keyboard.press('Escape');
  await builder.openTemplate('digit-cnn');
  await builder.saveAsTemplate({ name: 'Digits, my way', description: 'Start here for images', tags: 'images, cnn' });
  for (let i = 1; i <= 5; i++) {
    await putStoredTemplate(page, {
      id: `tpl-old-${i}`,
      doc: { ...irisMlp, name: `Older iris ${i}` },
      tags: [],
      createdAt: i,
      updatedAt: i,
    });
  }
  await page.keyboard.press('Escape');
  await builder.openTemplatesDialog();
  await expect(builder.myTemplateCards).toHaveCount(7);
  // Newest first.
  await expect(builder.myTemplateCards.getByTestId('my-template-name')).toHaveText([
    'Digits, my way',
    'Iris, my way',
    'Older iris 5',
    'Older iris 4',
    'Older iris 3',
    'Older iris 2',
    'Older iris 1',
  ]);

  await builder.expectOnScreen(builder.templatesDialog);
  const scroller = page.getByTestId('templates-scroll');
  expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  const dialogBox = (await builder.templatesDialog.boundingBox())!;
  for (const box of await builder.boxesOf(builder.myTemplateCards)) {
    expect(box.x, box.name).toBeGreaterThanOrEqual(dialogBox.x);
    expect(box.x + box.width, box.name).toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
  }

  // Keyboard: each card is a button, then its Rename and Delete, then the next card.
  const first = builder.myTemplateCard('Digits, my way');
  await first.getByTestId('my-template-open').focus();
  await page.keyboard.press('Tab');
  await expect(first.getByTestId('my-template-rename')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(first.getByTestId('my-template-delete')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(builder.myTemplateCard('Iris, my way').getByTestId('my-template-open')).toBeFocused();

  // The last one is reached by scrolling and opens with the keyboard.
  const last = builder.myTemplateCard('Older iris 1').getByTestId('my-template-open');
  await last.scrollIntoViewIfNeeded();
  await builder.expectOnScreen(last);
  await last.focus();
  await page.keyboard.press('Enter');
  await expect(builder.templatesDialog).toBeHidden();
  await expect(page.getByTestId('pipeline-name')).toHaveValue('Older iris 1');
});
