import { test, expect } from './fixtures';
import type { Locator } from '@playwright/test';
import type { BuilderPage } from './pages/builder';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

/**
 * The training panel tells the truth about the run: which pipeline it belongs to, which backend
 * was measured fastest, where a stopped run stopped, what its numbers are worth, why it failed,
 * and whether training longer would help.
 */

/** A short Iris run on the CPU: a few seconds at most. */
async function shortIrisRun(builder: BuilderPage, epochs: number, query = '?backend=cpu') {
  await builder.goto(query);
  await builder.openTemplate('iris-mlp');
  await builder.edit('optimizer', { epochs });
  await builder.train();
  await builder.waitForRunEnd(60_000);
}

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box, `${locator} is on screen`).not.toBeNull();
  return box!;
}

test.describe('a run and the canvas never disagree', () => {
  test.setTimeout(150_000);

  test('the panel names the run, an edit during it applies to the next run, and opening a template asks first', async ({ builder, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await builder.startLongIrisRun();
    await expect(builder.runOrigin).toContainText(irisMlp.name);
    await expect(builder.runChanges).toHaveCount(0);

    // An edit during the run is allowed, and the panel says it is not part of this run.
    await builder.edit('hidden', { units: 32 });
    await expect(builder.node('hidden')).toContainText('32 units');
    await expect(builder.runChanges).toContainText('Changed since this run started');
    await expect(builder.runChanges).toContainText('applies to the next run');
    await expect(builder.runChanges).toContainText('16 → 32');
    // Undoing the edit brings the canvas back to what trains.
    await builder.undo();
    await expect(builder.node('hidden')).toContainText('16 units');
    await expect(builder.runChanges).toHaveCount(0);

    // Opening another template while training asks first; Escape keeps everything.
    await builder.pickTemplate('digit-cnn');
    await expect(builder.stopRunDialog).toBeVisible();
    await expect(builder.stopRunDialog).toContainText(`A run of ${irisMlp.name} is in progress. Stop it and open ${digitCnn.name}?`);
    await page.keyboard.press('Escape');
    await expect(builder.stopRunDialog).toBeHidden();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
    await expect(builder.node('standardize')).toHaveCount(1);

    // "Keep training" keeps everything too.
    await builder.pickTemplate('digit-cnn');
    await builder.stopRunDialog.getByRole('button', { name: 'Keep training' }).click();
    await expect(builder.stopRunDialog).toBeHidden();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
    await expect(builder.node('standardize')).toHaveCount(1);

    // "Stop and open" stops the run and opens the template, leaving no Iris numbers behind.
    await builder.pickTemplate('digit-cnn');
    await builder.stopRunDialog.getByRole('button', { name: 'Stop and open' }).click();
    await expect(builder.edges).toHaveCount(digitCnn.edges.length);
    await expect(builder.node('conv')).toHaveCount(1);
    await expect(builder.runStatus).toHaveAttribute('data-state', 'idle');
    await expect(builder.runOrigin).toHaveCount(0);
    await expect(builder.metric('loss')).toHaveText('–');
  });

  test('a finished run does not stay in the panel as if it were about the next pipeline', async ({ builder }) => {
    await shortIrisRun(builder, 3);
    await expect(builder.runOrigin).toContainText(irisMlp.name);
    await expect(builder.metric('loss')).not.toHaveText('–');
    await builder.pickTemplate('digit-cnn');
    await expect(builder.stopRunDialog).toHaveCount(0);
    await expect(builder.node('conv')).toHaveCount(1);
    await expect(builder.runStatus).toHaveAttribute('data-state', 'idle');
    await expect(builder.metric('loss')).toHaveText('–');
    await expect(builder.runOrigin).toHaveCount(0);
  });
});

test.describe('the automatic backend is chosen by measuring', () => {
  test.setTimeout(150_000);

  test('auto picks the backend measured fastest for this model, says why, and reuses the measurement', async ({ builder, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await shortIrisRun(builder, 20, '');
    await expect(builder.backendSelect).toHaveValue('auto');
    const badge = builder.backendBadge;
    const probe = JSON.parse((await badge.getAttribute('data-probe')) ?? 'null') as Record<string, number> | null;
    expect(probe, 'the badge carries the measured estimates').not.toBeNull();
    const names = Object.keys(probe!);
    expect(names.length, `several backends were measured: ${names}`).toBeGreaterThanOrEqual(2);
    const chosen = (await badge.getAttribute('data-backend'))!;
    const fastest = names.reduce((a, b) => (probe![b] < probe![a] ? b : a));
    expect(chosen, `estimates ${JSON.stringify(probe)}`).toBe(fastest);
    await expect(badge).toHaveAttribute('data-software', /^(true|false)$/);
    await expect(badge).toHaveText(/\d+(\.\d)?x faster than .+ here/);
    await expect(badge).toContainText('measured just now');

    // The same model again: the measurement is reused, not repeated.
    await builder.train();
    await builder.waitForRunEnd(60_000);
    await expect(badge).toContainText('measured earlier');
    await expect(badge).toHaveAttribute('data-backend', chosen);
    expect(JSON.parse((await badge.getAttribute('data-probe'))!)).toEqual(probe);

    // A backend picked in the menu is used as it is, never measured.
    await builder.backendSelect.selectOption('cpu');
    await builder.train();
    await builder.waitForRunEnd(60_000);
    await expect(badge).toHaveAttribute('data-backend', 'cpu');
    await expect(badge).not.toHaveAttribute('data-probe');
    await expect(badge).toContainText('chosen in the menu');
  });
});

test.describe('one consistent account of a run', () => {
  test.setTimeout(150_000);

  test('a headline on a handful of validation samples comes with a warning', async ({ builder }) => {
    await builder.goto('?backend=cpu');
    await builder.openTemplate('iris-mlp');
    await builder.edit('dataset', { maxSamples: 20 });
    await builder.edit('split', { validationFraction: 0.05 });
    await builder.edit('optimizer', { epochs: 3 });
    await builder.train();
    await builder.waitForRunEnd(60_000);
    await expect(builder.page.getByTestId('final-val-accuracy')).toBeVisible();
    await expect(builder.trainingPanel).toContainText('on 1 held-out sample');
    await expect(builder.trainingPanel).not.toContainText('1 held-out samples');
    await expect(builder.validationWarning).toBeVisible();
    await expect(builder.validationWarning).toContainText('says almost nothing');
  });
});

test('a diverged run shows the whole message and a learning rate that suits the optimizer, at 1024x700', async ({ builder, page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await builder.goto('?backend=cpu');
  await builder.openTemplate('iris-mlp');
  await builder.edit('optimizer', { learningRate: 10 });
  await builder.train();
  await expect(builder.runStatus).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const status = builder.runStatus;
  await expect(status).toContainText(/Training diverged at epoch \d+: the loss .+, so the run was stopped there\./);
  await expect(status).toContainText('0.001');
  await expect(status).not.toContainText('10x smaller: 1)');
  // Nothing of it is cut off: no clamped line, no part outside the panel or the window.
  const clipped = await status.evaluate((el) =>
    [el, ...Array.from(el.querySelectorAll('*'))].filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).length,
  );
  expect(clipped).toBe(0);
  expect(inside(await boxOf(status), await boxOf(builder.trainingPanel))).toBe(true);
  expect(inside(await boxOf(status), { x: 0, y: 0, width: 1024, height: 700 })).toBe(true);
});

test.describe('the training panel layout', () => {
  test.setTimeout(150_000);

  async function checkCharts(builder: BuilderPage, phase: string) {
    const panel = await boxOf(builder.trainingPanel);
    for (const name of ['loss', 'accuracy'] as const) {
      const chart = await builder.showChart(name);
      // uPlot draws on a canvas; its plot area (the axes' labels are outside it) is `.u-over`.
      const canvas = await boxOf(chart.locator('canvas').first());
      expect(canvas.height, `${phase}: ${name} chart height`).toBeGreaterThanOrEqual(80);
      expect(canvas.width, `${phase}: ${name} chart width`).toBeGreaterThanOrEqual(150);
      const card = await boxOf(builder.page.getByTestId(`chart-${name}-card`));
      expect(inside(card, panel), `${phase}: ${name} chart inside the panel`).toBe(true);
      for (const readout of await builder.page.getByTestId(`chart-${name}-card`).locator('dl > div').all()) {
        expect(inside(await boxOf(readout), card), `${phase}: ${name} readouts inside their card`).toBe(true);
      }
      const plot = await boxOf(chart.locator('.u-over'));
      expect(plot.width, `${phase}: ${name} chart leaves room for the y axis`).toBeLessThan(canvas.width - 20);
      expect(plot.height, `${phase}: ${name} chart leaves room for the x axis`).toBeLessThan(canvas.height - 10);
      const placeholder = chart.getByTestId('chart-placeholder');
      if (await placeholder.count()) {
        expect(inside(await boxOf(placeholder), plot), `${phase}: ${name} placeholder inside the plot area, clear of the axes`).toBe(true);
      }
    }
  }

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1024, height: 700 },
  ]) {
    test(`the charts keep their size and their axes clear at ${size.width}x${size.height}, before and after a run`, async ({ builder, page }) => {
      await page.setViewportSize(size);
      await builder.goto('?backend=cpu');
      await builder.openTemplate('iris-mlp');
      await builder.edit('optimizer', { epochs: 4 });
      await checkCharts(builder, 'before the run');
      await builder.train();
      await builder.waitForRunEnd(60_000);
      await checkCharts(builder, 'after the run');
    });
  }
});

test('a run still improving at its last epoch offers to train longer, as one undoable edit', async ({ builder }) => {
  test.setTimeout(120_000);
  await shortIrisRun(builder, 5);
  await expect(builder.stillImproving).toContainText('Still improving');
  const trainLonger = builder.page.getByTestId('train-longer');
  await expect(trainLonger).toContainText('10 epochs');
  await trainLonger.click();
  await expect(builder.node('optimizer')).toContainText('10 epochs');
  await builder.waitForRunEnd(60_000);
  await expect(builder.runStatus).toContainText('Finished 10 epochs');
  await builder.undo();
  await expect(builder.node('optimizer')).toContainText('5 epochs');
});

// ---- QA fixes: run messages, undo during a run, the run column ----

test('a divergence under a last layer without softmax names that layer and the fix, not the learning rate', async ({ builder }) => {
  test.setTimeout(120_000);
  await builder.goto('?backend=cpu');
  await builder.openTemplate('iris-mlp');
  await builder.edit('classifier', { activation: 'relu' });
  await builder.train();
  await expect(builder.runStatus).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(builder.runStatus).toContainText(/Training diverged at epoch \d+: the loss .+, so the run was stopped there\./);
  await expect(builder.runStatus).toContainText('The last layer, Dense (classifier), uses relu: cross-entropy needs softmax probabilities.');
  await expect(builder.runStatus).toContainText('Set its activation to softmax.');
  await expect(builder.runStatus).not.toContainText('learning rate');
});

test('undo across the opening of another pipeline during a run asks first, and stops the run only when told', async ({ builder, page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto('?backend=cpu');
  // Opened over the untouched blank pipeline of a first visit, Iris takes its place in My pipelines
  // (any other opening is a new entry with its own history): one undo step back is the blank canvas.
  await builder.openTemplate('iris-mlp');
  await builder.edit('optimizer', { epochs: 500, batchSize: 1 });
  await builder.train();
  await expect(builder.trainProgress).toHaveAttribute('data-epoch', /\d+/, { timeout: 60_000 });
  // The two edits undo as usual: the run goes on and the banner says the canvas differs.
  await builder.undo(2);
  await expect(builder.runChanges).toBeVisible();
  await expect(builder.stopRunDialog).toHaveCount(0);
  // The next step would put the blank canvas back: it asks, and Escape changes nothing.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(builder.stopRunDialog).toContainText(`A run of ${irisMlp.name} is in progress. Stop it and open Untitled pipeline?`);
  await page.keyboard.press('Escape');
  await expect(builder.stopRunDialog).toBeHidden();
  await expect(builder.node('standardize')).toHaveCount(1);
  await expect(builder.runStatus).toHaveAttribute('data-state', 'training');
  // The undo button asks the same; "Stop and open" ends the run and shows the other document.
  await page.getByTestId('undo').click();
  await builder.stopRunDialog.getByRole('button', { name: 'Stop and open' }).click();
  await expect(builder.nodes).toHaveCount(0);
  await expect(builder.runStatus).toHaveAttribute('data-state', 'idle');
  await expect(builder.runOrigin).toHaveCount(0);
  // With no run in progress, redo opens Iris again without a question.
  await page.getByTestId('redo').click();
  await expect(builder.node('standardize')).toHaveCount(1);
  await expect(builder.stopRunDialog).toHaveCount(0);
  for (const id of irisMlp.nodes.map((n) => n.id)) await builder.expectOnScreen(builder.node(id));
});

test('the changed-since banner names nodes, settings and options as the canvas does', async ({ builder }) => {
  test.setTimeout(120_000);
  await builder.startLongIrisRun();
  await builder.edit('optimizer', { learningRate: 0.001 });
  await builder.edit('hidden', { units: 32 });
  await expect(builder.runChanges).toContainText('Adam: Learning rate 0.01 → 0.001');
  await expect(builder.runChanges).toContainText('Dense (hidden): Units 16 → 32');
  await expect(builder.runChanges).not.toContainText('learningRate');
  await expect(builder.runChanges).not.toContainText('(optimizer)');
});

test('a 2-epoch run whose loss clearly fell offers to train longer', async ({ builder }) => {
  test.setTimeout(120_000);
  await shortIrisRun(builder, 2);
  await expect(builder.stillImproving).toContainText('Still improving');
  await expect(builder.page.getByTestId('train-longer')).toContainText('4 epochs');
});

test('after a run, its result, warning, offer to train longer and backend fit the panel uncut at every window size', async ({ builder, page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto('?backend=cpu');
  await builder.openTemplate('iris-mlp');
  await builder.edit('dataset', { maxSamples: 30 });
  await builder.edit('split', { validationFraction: 0.05 });
  await builder.edit('optimizer', { epochs: 3 });
  await builder.train();
  await builder.waitForRunEnd(60_000);
  await expect(builder.validationWarning).toContainText('says almost nothing');
  await expect(builder.stillImproving).toBeVisible();
  const parts = ['final-val-accuracy', 'validation-warning', 'still-improving', 'train-longer', 'backend-badge'].map((id) => page.getByTestId(id));
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    const column = page.getByTestId('run-column');
    // Nothing to scroll to: all of it is in view.
    expect(await column.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), `${size.width}x${size.height}: the column needs no scrolling`).toBe(true);
    const panel = await boxOf(builder.trainingPanel);
    const columnBox = await boxOf(column);
    for (const part of parts) {
      const box = await boxOf(part);
      const where = `${size.width}x${size.height}: ${await part.getAttribute('data-testid')}`;
      expect(inside(box, columnBox), `${where} inside the column`).toBe(true);
      expect(inside(box, panel), `${where} inside the panel`).toBe(true);
      expect(inside(box, { x: 0, y: 0, ...size }), `${where} inside the window`).toBe(true);
    }
    // No text cut mid-line: what does not fit ends in an ellipsis and has its whole text in a tooltip.
    const cut = await column.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('p, span')]
        .filter((e) => {
          const style = getComputedStyle(e);
          // Inline spans wrap inside their line; screen-reader-only text is clipped on purpose.
          if (style.display === 'inline' || e.classList.contains('sr-only')) return false;
          const clamped = style.webkitLineClamp !== 'none' && e.title !== '';
          const ellipsis = style.textOverflow === 'ellipsis' && e.title !== '';
          return (e.scrollHeight > e.clientHeight + 1 && !clamped) || (e.scrollWidth > e.clientWidth + 1 && !ellipsis);
        })
        .map((e) => e.textContent),
    );
    expect(cut, `${size.width}x${size.height}: text cut off`).toEqual([]);
  }
});
