import { test, expect } from './fixtures';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * The results panel after a real run: the digit CNN on 100 samples for one epoch on the CPU (a few
 * seconds). Its split holds 20% out, so the confusion matrix counts 20 validation rows, and its
 * diagonal is the validation accuracy the engine measured on the same rows.
 */
test('after a short digit run the Results tab shows a confusion matrix of the validation rows', async ({ builder, page }) => {
  test.setTimeout(150_000);
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await expect(builder.edges).toHaveCount(digitCnn.edges.length);
  await builder.edit('dataset', { maxSamples: 100 });
  await builder.edit('optimizer', { epochs: 1 });
  await builder.backendSelect.selectOption('cpu');
  await builder.train();
  await builder.waitForRunEnd(120_000);

  await builder.openResults();
  await expect(page.getByTestId('results-rows')).toContainText('On 20 validation rows');
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  await expect(matrix.locator('thead th[title]')).toHaveText(digits);
  await expect(matrix.getByRole('rowheader')).toHaveText(digits);

  const cells = await matrix.getByTestId('confusion-cell').evaluateAll((tds) =>
    tds.map((td) => ({ truth: td.getAttribute('data-truth'), predicted: td.getAttribute('data-predicted'), count: Number(td.textContent) })),
  );
  expect(cells).toHaveLength(100);
  expect(new Set(cells.map((c) => c.truth))).toEqual(new Set(digits));
  expect(cells.reduce((sum, c) => sum + c.count, 0)).toBe(20);

  // The diagonal share is the accuracy the engine reported on the same 20 rows.
  const right = cells.filter((c) => c.truth === c.predicted).reduce((sum, c) => sum + c.count, 0);
  const accuracy = await page.getByTestId('results-val-accuracy').innerText();
  expect(accuracy).toContain(`${((right / 20) * 100).toFixed(1)}%`);

  await expect(page.getByTestId('per-class-row')).toHaveCount(10);
  const wrong = 20 - right;
  await expect(page.getByTestId('misclassified-example')).toHaveCount(wrong);
  if (wrong > 0) await expect(page.getByTestId('misclassified').locator('canvas').first()).toBeVisible();
});
