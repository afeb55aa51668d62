import { test, expect } from './fixtures';

/** Images of one's own: a zip with a sub-folder per class, read in a worker, kept in the browser. */

const zip = 'tests/fixtures/images/shapes.zip';

test('an image zip: 3 classes of 6, the broken file named, sample images; all still there after a reload', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  const id = await builder.clickPaletteItem('data.images');
  await builder.selectNode(id);
  const inspector = builder.inspector;
  await expect(inspector.getByTestId('images-panel')).toBeVisible();
  await expect(builder.node(id)).toContainText('No images yet');

  await inspector.getByTestId('images-choose-zip').setInputFiles(zip);
  const classes = inspector.getByTestId('images-classes');
  await expect(classes.locator('li')).toHaveCount(3, { timeout: 20_000 });
  for (const name of ['circle', 'square', 'triangle']) await expect(classes.locator('li', { hasText: name })).toContainText('6');
  await expect(inspector.getByTestId('images-unreadable')).toContainText('broken.png');
  await expect(inspector.getByTestId('images-samples').locator('canvas')).toHaveCount(16);
  await expect(builder.node(id)).toContainText('18 images, 3 classes, 28x28');

  await page.reload();
  await expect(builder.node(id)).toContainText('18 images, 3 classes, 28x28');
  await builder.selectNode(id);
  await expect(inspector.getByTestId('images-classes').locator('li')).toHaveCount(3, { timeout: 20_000 });
  await expect(inspector.getByTestId('images-samples').locator('canvas')).toHaveCount(16);

  // Fresh storage (a shared link): the panel names what the pipeline expects, and the same zip brings it back.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pipeline-builder');
        open.onsuccess = () => {
          const request = open.result.transaction('uploads', 'readwrite').objectStore('uploads').clear();
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.reload();
  await builder.selectNode(id);
  const missing = inspector.getByTestId('images-missing');
  await expect(missing).toContainText('shapes.zip');
  await expect(missing).toContainText('circle, square, triangle');
  await inspector.getByTestId('images-choose-zip').setInputFiles(zip);
  await expect(inspector.getByTestId('images-classes').locator('li')).toHaveCount(3, { timeout: 20_000 });
  await expect(missing).toBeHidden();
});
