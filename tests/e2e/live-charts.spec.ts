import { test, expect } from './fixtures';

/**
 * The live charts receive the run's batches as it trains, and drawing them never blocks the page:
 * every main-thread task while training stays under 50 ms (the browser's own "long task" line).
 * A digit run of 1,500 samples over 2 epochs on the CPU backend: about 76 batches, long enough to
 * see the chart grow, short enough to cost seconds.
 */
// Playwright's trace recording (CI records a failed test's retry) snapshots the DOM in the page's
// main thread around every action, and those snapshots are 50-75 ms tasks of their own (measured:
// the same run has none over 50 ms without the trace, five to eleven with it). The page is
// measured as a user gets it.
test.use({ trace: 'off' });

test('the loss chart grows batch by batch while training, and the main thread never blocks for 50 ms', async ({ builder, page }) => {
  test.setTimeout(150_000);
  // Installed before the app's scripts: every long task of the page is kept, from the start.
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await builder.goto('?backend=cpu');
  await builder.openTemplate('digit-cnn');
  await builder.edit('dataset', { maxSamples: 1500 });
  await builder.edit('optimizer', { epochs: 2 });
  const chart = page.getByTestId('chart-loss');
  await expect(chart).toHaveAttribute('data-points', '0');

  await builder.train();
  const trainingFrom = await page.evaluate(() => performance.now());
  const drawn = async () => Number(await chart.getAttribute('data-points'));
  await expect.poll(drawn, { timeout: 60_000, message: 'the loss chart receives batches' }).toBeGreaterThan(0);
  const first = await drawn();
  await expect.poll(drawn, { timeout: 60_000, message: 'and more of them as the run goes on' }).toBeGreaterThan(first);
  await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('run-pace')).toContainText('samples/s');
  const batches = Number((await builder.trainProgress.innerText()).match(/Batch \d+\/(\d+)/)?.[1]);
  expect(batches, 'the progress tells the batches per epoch').toBeGreaterThan(1);
  await builder.waitForRunEnd(120_000);
  const trainingTo = await page.evaluate(() => performance.now());

  // Every batch of both epochs is on the chart once the run ends.
  await expect.poll(drawn, { message: 'every batch is drawn' }).toBe(batches * 2);

  const tasks = await page.evaluate(() => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks);
  const during = tasks.filter((t) => t.start >= trainingFrom && t.start <= trainingTo);
  const longest = Math.max(0, ...during.map((t) => t.duration));
  expect(longest, `the longest main-thread task while training (${during.length} over 50 ms: ${during.map((t) => Math.round(t.duration)).join(', ')} ms)`).toBeLessThan(50);
});

test('a chart reads out its values under the pointer, and with the arrow keys', async ({ builder, page }) => {
  test.setTimeout(120_000);
  await builder.openTinyDigitRun();
  await builder.train();
  await builder.waitForRunEnd(90_000);
  const chart = page.getByTestId('chart-loss');
  const readout = chart.getByTestId('chart-readout');
  await expect(readout).toBeHidden();

  // The pointer over the chart's right half: the values there, beside it.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await expect(readout).toBeVisible();
  await expect(readout).toContainText(/Epoch 1, \d+% through|End of epoch 1/);
  await expect(readout).toContainText(/Batch: \d/);
  await expect(readout).toContainText(/Smoothed: \d/);
  // Not read aloud at every move of the mouse; the keys below are.
  await expect(readout).not.toHaveAttribute('aria-live');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
  await expect(readout).toBeHidden();

  // The keyboard: Home is the first batch, End the run's end with its validation loss.
  await chart.focus();
  await page.keyboard.press('Home');
  await expect(readout).toContainText('Epoch 1, ');
  await expect(readout).toHaveAttribute('aria-live', 'polite');
  await page.keyboard.press('End');
  await expect(readout).toContainText('End of epoch 1');
  await expect(readout).toContainText(/Validation: \d/);
  // The per-epoch train mean is not drawn while batches are, so it is not read out either.
  await expect(readout).not.toContainText('Train');
  await page.keyboard.press('ArrowLeft');
  await expect(readout).toContainText('% through');
  await page.keyboard.press('Escape');
  await expect(readout).toBeHidden();
});
