import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import type { BuilderPage } from './pages/builder';

/** The data preview: a node's output rows and statistics, from the inspector, in a drawer that does not block the page. */

async function openPreview(builder: BuilderPage, nodeId: string): Promise<Locator> {
  await builder.selectNode(nodeId);
  await builder.inspector.getByTestId('preview-open').click();
  const panel = builder.page.getByTestId('preview-panel');
  await expect(panel).toBeVisible();
  return panel;
}

/** The number a stats list shows beside `label` ("mean", "std"), in the tensor preview's "All values". */
async function tensorStat(panel: Locator, label: string): Promise<number> {
  const value = panel.getByTestId('tensor-preview').locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  return Number(await value.textContent());
}

test('iris: the dataset’s rows, histograms and class balance; Standardize’s output on the training rows', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');

  let panel = await openPreview(builder, 'dataset');
  await expect(panel.getByTestId('preview-rows-note')).toHaveText(/Every row/);
  await expect(panel.getByTestId('preview-table').locator('tbody tr')).toHaveCount(20);
  await expect(panel.getByTestId('preview-histogram-sepalLength')).toBeVisible();
  await expect(panel.getByTestId('preview-class-balance')).toContainText('setosa');
  await expect(panel.getByTestId('preview-class-balance')).toContainText('virginica');
  // Escape closes the drawer and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(builder.inspector.getByTestId('preview-open')).toBeFocused();

  panel = await openPreview(builder, 'measurements');
  await expect(panel.getByTestId('tensor-preview-shape')).toHaveText('[120, 4]');
  expect(await tensorStat(panel, 'mean')).toBeGreaterThan(3);
  await panel.getByTestId('preview-close').click();

  panel = await openPreview(builder, 'standardize');
  await expect(panel.getByTestId('preview-rows-note')).toHaveText(/120 training rows only \(30 validation rows held out\)/);
  await expect(panel.getByTestId('tensor-preview-shape')).toHaveText('[120, 4]');
  expect(Math.abs(await tensorStat(panel, 'mean'))).toBeLessThan(1e-4);
  expect(await tensorStat(panel, 'std')).toBeCloseTo(1, 2);
  await expect(panel.getByTestId('preview-histogram-values')).toBeVisible();
  await page.keyboard.press('Escape');
});

test('a preview goes stale when the pipeline changes, and refreshes on request', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  const panel = await openPreview(builder, 'measurements');
  await expect(panel.getByTestId('tensor-preview-shape')).toHaveText('[120, 4]');
  await expect(panel.getByTestId('preview-stale')).toBeHidden();
  // The drawer leaves the inspector usable: take a column out.
  await builder.columnChip('columns', 'petalWidth').click();
  await expect(panel.getByTestId('preview-stale')).toBeVisible();
  await panel.getByTestId('preview-refresh').click();
  await expect(panel.getByTestId('tensor-preview-shape')).toHaveText('[120, 3]');
  await expect(panel.getByTestId('preview-stale')).toBeHidden();
});

test('a broken path says which node to fix', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.edit('measurements', { columns: 'petal_size' });
  const panel = await openPreview(builder, 'standardize');
  await expect(panel.getByTestId('preview-error')).toContainText('Fix the problems on Select columns first');
});

test('digits: the dataset preview shows a grid of sample images', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  const panel = await openPreview(builder, 'dataset');
  const grid = panel.getByTestId('preview-image-grid');
  await expect(grid).toBeVisible({ timeout: 20_000 });
  expect(await grid.locator('canvas').count()).toBeGreaterThan(10);
});
