import { test, expect } from './fixtures';

/** Where the run is, as one number: batches since the start of the run. */
async function position(progress: import('@playwright/test').Locator): Promise<number> {
  const epoch = Number(await progress.getAttribute('data-epoch'));
  const batch = Number(await progress.getAttribute('data-batch'));
  return epoch * 100_000 + batch;
}

test.describe('run controls', () => {
  test.setTimeout(120_000);

  test('pause holds the run where it is, resume continues it, stop ends it', async ({ builder }) => {
    const { page } = builder;
    await builder.startLongIrisRun();
    await page.getByTestId('pause-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    await expect(builder.runStatus).toContainText('Paused in epoch');
    const pausedAt = await position(builder.trainProgress);
    await page.waitForTimeout(1_500);
    expect(await position(builder.trainProgress), 'no batch trains while paused').toBe(pausedAt);
    await expect(builder.trainButton, 'a paused run is still in progress').toBeDisabled();

    await page.getByTestId('resume-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
    await expect.poll(() => position(builder.trainProgress), { timeout: 15_000 }).toBeGreaterThan(pausedAt);

    await page.getByTestId('stop-button').click();
    await builder.waitForRunEnd(30_000);
    // After Stop, the status and the progress tell the same story, and no second account sits beside it.
    const status = await builder.runStatus.innerText();
    const during = status.match(/Stopped in epoch (\d+) of 500, at batch (\d+) of 120 · (no epoch complete yet|(\d+) epochs? complete)/);
    const after = status.match(/Stopped after epoch (\d+) of 500/);
    expect(during ?? after, `status "${status}"`).not.toBeNull();
    if (during?.[4]) expect(Number(during[4])).toBe(Number(during[1]) - 1);
    await expect(builder.trainingPanel).not.toContainText(/Epoch \d+\/\d+/);
    await expect(builder.trainingPanel).not.toContainText(/Batch \d+\/\d+/);
  });

  test('a paused run survives a reload and a visit to another pipeline, and resumes from the batch it paused at', async ({ builder }) => {
    const { page } = builder;
    await builder.startLongIrisRun();
    await page.getByTestId('pause-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    const pausedAt = await position(builder.trainProgress);
    const pipeline = await builder.pipelineName.inputValue();

    await page.reload();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    expect(await position(builder.trainProgress), 'the reloaded run is where it paused').toBe(pausedAt);
    await expect(page.getByTestId('resume-button')).toBeVisible();
    await expect(builder.runStatus).toContainText('Paused in epoch');
    // Its batches so far are on the chart again.
    await expect.poll(async () => Number(await builder.chart('loss').getAttribute('data-points'))).toBeGreaterThan(0);

    // Away to a new pipeline and back: the paused run is shown again, ready to resume.
    await builder.newPipeline();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'idle');
    await builder.switchToPipeline(pipeline);
    await expect(builder.runStatus).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    expect(await position(builder.trainProgress)).toBe(pausedAt);

    await page.getByTestId('resume-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'training', { timeout: 15_000 });
    await expect.poll(() => position(builder.trainProgress), { timeout: 30_000 }).toBeGreaterThan(pausedAt);
    await page.getByTestId('stop-button').click();
    await builder.waitForRunEnd(30_000);
  });

  test('a crashed training worker shows the error, and Retry trains again with the pipeline untouched', async ({ builder }) => {
    const { page } = builder;
    await builder.startLongIrisRun();
    const nodes = await builder.nodeIds();
    const worker = page.workers().find((w) => /worker/i.test(w.url()));
    expect(worker, 'the training worker is running').toBeDefined();
    // An uncaught error inside the worker: what the page sees when a worker dies of a bug.
    await worker!.evaluate(() => setTimeout(() => {
      throw new Error('simulated crash');
    }));
    await expect(builder.runStatus).toHaveAttribute('data-state', 'error', { timeout: 15_000 });
    await expect(builder.runStatus).toContainText('The training worker crashed');
    await expect(builder.runStatus).toContainText('Retry');
    expect(await builder.nodeIds()).toEqual(nodes);

    await page.getByTestId('retry-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
    await expect(builder.trainProgress).toHaveAttribute('data-epoch', /\d+/, { timeout: 60_000 });
    await page.getByTestId('stop-button').click();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  });
});
