import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { BuilderPage } from './pages/builder';

/**
 * Run history: two tiny runs of the digit CNN that differ in their epochs are kept, compared
 * (the diff names the change, the chart draws both), and still there after a reload, where the
 * first one reopens in the training panel with its numbers.
 */

/** The Runs tab of the run drawer, from the training panel's "All runs". */
async function openRuns(page: Page) {
  await page.getByTestId('runs-open').click();
  await expect(page.getByTestId('run-history')).toBeVisible();
}

async function runOnce(builder: BuilderPage): Promise<string> {
  await builder.train();
  await builder.waitForRunEnd(150_000);
  return builder.metric('loss').innerText();
}

test('two runs are kept, compared, and reopened after a reload', async ({ builder, page }) => {
  test.setTimeout(240_000);
  await builder.openTinyDigitRun();
  const firstLoss = await runOnce(builder);
  await builder.edit('optimizer', { epochs: 2 });
  await runOnce(builder);

  const history = page.getByTestId('run-history');
  const rows = history.getByTestId('run-row');
  await openRuns(page);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-status', 'finished');
  await rows.nth(0).getByTestId('run-pick').check();
  await rows.nth(1).getByTestId('run-pick').check();
  await history.getByTestId('run-compare').click();
  const compare = page.getByTestId('run-compare-view');
  await expect(compare.getByTestId('compare-diff')).toContainText(/Epochs 1 → 2/);
  // Four lines (each run's training and validation loss) on the loss chart, drawn on its canvas.
  await expect(compare.getByTestId('compare-chart-loss')).toHaveAttribute('data-series', '4');
  await expect(compare.getByTestId('compare-chart-loss').locator('canvas')).toBeVisible();
  await expect(compare.getByTestId('compare-metrics')).toContainText('Loss (training rows)');

  await page.reload();
  await openRuns(page);
  await expect(rows).toHaveCount(2);
  // Newest first: the first run is the last row.
  await rows.nth(1).getByTestId('run-open').click();
  await expect(builder.runStatus).toHaveAttribute('data-state', 'done');
  await expect(builder.metric('loss')).toHaveText(firstLoss);
});
