import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BuilderPage, type PickedFile } from './pages/builder';

/**
 * A product manager's own data, end to end: a CSV dropped on the canvas (and picked in the
 * panel) is read with its bad cells named by row and column, a column's type and the target are
 * chosen, a starter model is built in one click and trains, a reload keeps it all, and a
 * colleague opening the share link is asked for the file. The fixture's bad cells are listed in
 * scripts/make-csv-fixture.ts, which writes it.
 */

const customers: PickedFile = {
  name: 'customers.csv',
  text: readFileSync('tests/fixtures/csv/customers.csv', 'utf8'),
  type: 'text/csv',
};
const columns = ['customer_id', 'signup_date', 'age', 'plan', 'monthly_spend', 'support_calls', 'churned', 'region'];

/** Screenshots for a person to look at, at both window sizes: into CSV_UI_SHOTS when set, else the test's own output folder. */
async function shots(page: Page, builder: BuilderPage, name: string, scrollTo?: Locator): Promise<void> {
  const dir = process.env.CSV_UI_SHOTS ?? test.info().outputPath('shots');
  mkdirSync(dir, { recursive: true });
  for (const size of [
    { width: 1600, height: 1000 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await builder.expandPanel('inspector');
    if (scrollTo) await scrollTo.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dir, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize({ width: 1600, height: 1000 });
}

type Role = 'Feature' | 'Target' | 'Leave out';

const panel = (builder: BuilderPage) => ({
  rows: builder.inspector.getByTestId('csv-rows'),
  problems: builder.inspector.getByTestId('csv-problems'),
  column: (name: string): Locator => builder.inspector.getByTestId(`csv-column-${name}`),
  type: (name: string): Locator => builder.inspector.getByTestId(`csv-type-${name}`),
  /** A role's radio button, to read; pick it with `pick` (the radios are drawn as a segmented control over hidden inputs). */
  role: (name: string, role: Role): Locator => builder.inspector.getByTestId(`csv-role-${name}`).getByLabel(role, { exact: true }),
  pick: (name: string, role: Role) => builder.inspector.getByTestId(`csv-role-${name}`).getByText(role, { exact: true }).click(),
  fileInput: builder.inspector.getByTestId('csv-file-input'),
  missing: builder.inspector.getByTestId('csv-missing-file'),
  error: builder.inspector.getByTestId('csv-read-error'),
});

test('a CSV dropped on the canvas: problems by row, a type changed, the target picked, a starter model trained, kept over a reload, asked for by a shared link', async ({
  builder,
  page,
  browser,
}) => {
  await builder.goto();
  await builder.openTemplate('blank');
  await builder.dropFilesOnCanvas([customers]);

  // The drop adds a CSV file node, selected, and reads the file into it.
  await expect(builder.node('csv')).toBeVisible();
  const csv = panel(builder);
  await expect(csv.rows).toHaveText('300');
  await expect(builder.node('csv')).toContainText('customers.csv: 300 rows');

  // Each bad cell is named by its row (as a spreadsheet numbers it) and column.
  await expect(csv.problems).toContainText('Row 45 has 5 cells where the header has 8 columns');
  await expect(csv.problems).toContainText('Column "age" has 1 missing value (row 12)');
  const notANumber = csv.problems.getByTestId('csv-problem').filter({ hasText: '"twelve" is not a number' });
  await expect(notANumber).toContainText('row 27 · monthly_spend');
  for (const name of columns) await expect(csv.column(name)).toBeVisible();
  await expect(csv.column('monthly_spend')).toContainText('Detected: 299 of 300 values are numbers');
  await shots(page, builder, 'csv-panel');
  await shots(page, builder, 'csv-columns', csv.column('support_calls'));

  // A column made text has no "not a number" problem; back to a number, the problem is back.
  await csv.type('monthly_spend').selectOption('text');
  await expect(notANumber).toHaveCount(0);
  await expect(csv.column('monthly_spend')).toContainText('Detected as number');
  await csv.type('monthly_spend').selectOption('number');
  await expect(notANumber).toHaveCount(1);
  // support_calls holds a few small counts: as categories, they are one-hot encoded by the starter model.
  await csv.type('support_calls').selectOption('category');
  await expect(csv.type('support_calls')).toHaveValue('category');

  // The app guessed region (the last category column); the person picks churned, and leaves the id out.
  await expect(csv.role('region', 'Target')).toBeChecked();
  await csv.pick('churned', 'Target');
  await expect(csv.role('region', 'Feature')).toBeChecked();
  await csv.pick('customer_id', 'Leave out');
  await expect(csv.role('customer_id', 'Leave out')).toBeChecked();

  const before = await builder.nodes.count();
  await builder.inspector.getByTestId('csv-build-model').click();
  await expect.poll(() => builder.nodes.count()).toBeGreaterThan(before + 8);
  await builder.waitForSteadyView();
  await builder.selectNothing();
  await expect(page.getByTestId('issues-panel')).toContainText('No problems: ready to train.');
  const nodeIds = (await builder.nodeIds()).sort();
  expect(nodeIds).toEqual(expect.arrayContaining(['csv', 'split', 'one-hot', 'adam', 'f1', 'accuracy']));

  await builder.edit('adam', { epochs: 2 });
  await builder.backendSelect.selectOption('cpu');
  await builder.train();
  await builder.waitForRunEnd(60_000);
  expect(Number.isFinite(await builder.metricValue('val-accuracy'))).toBe(true);
  const f1 = await builder.runMetricValue('f1');
  expect(f1).toBeGreaterThanOrEqual(0);

  // A reload finds the pipeline, and the file's rows in this browser.
  await page.reload();
  await expect(builder.node('adam')).toBeVisible();
  expect((await builder.nodeIds()).sort()).toEqual(nodeIds);
  await builder.selectNode('csv');
  await expect(csv.rows).toHaveText('300');
  await expect(csv.role('churned', 'Target')).toBeChecked();
  await expect(csv.type('support_calls')).toHaveValue('category');
  await expect(csv.problems).toContainText('Row 45 has 5 cells');

  // A colleague with the link has the pipeline but not the rows: they are asked for the file.
  await expect(page.getByTestId('node-needs-file')).toHaveCount(0);
  const link = await builder.openShare();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const fresh = new BuilderPage(await context.newPage());
    const errors: string[] = [];
    fresh.page.on('pageerror', (e) => errors.push(e.message));
    await fresh.page.goto(link);
    await expect(fresh.node('adam')).toBeVisible();
    // The node itself says which file it needs, before anyone trains.
    await expect(fresh.page.getByTestId('node-needs-file')).toHaveText('Choose customers.csv');
    await fresh.selectNode('csv');
    const theirs = panel(fresh);
    await expect(theirs.missing).toContainText('This pipeline was built on customers.csv (300 rows)');
    await expect(theirs.missing).toContainText(`Choose a CSV with these columns: ${columns.join(', ')}`);
    await shots(fresh.page, fresh, 'csv-missing-file');
    // Compile cannot see this browser's storage, so the run is what says which file to choose.
    await fresh.train();
    await expect(fresh.runStatus).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(fresh.runStatus).toContainText('Choose customers.csv on the CSV file node: its rows are not in this browser.');

    // Picked in the panel: a file without the pipeline's columns is refused by name, the right one is taken.
    await theirs.fileInput.setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('customer_id,age,plan\nC1,30,basic\nC2,41,pro\n') });
    await expect(theirs.error).toContainText('other.csv has no columns "signup_date", "monthly_spend", "support_calls", "churned", "region"');
    await expect(theirs.missing).toBeVisible();
    await theirs.fileInput.setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customers.text) });
    await expect(theirs.missing).toBeHidden();
    await expect(fresh.page.getByTestId('node-needs-file')).toHaveCount(0);
    await expect(theirs.rows).toHaveText('300');
    await expect(theirs.role('churned', 'Target')).toBeChecked();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a large CSV shows its progress and can be cancelled, leaving the node as it was', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  await builder.dropFilesOnCanvas([customers]);
  const csv = panel(builder);
  await expect(csv.rows).toHaveText('300');

  // About 40 MB: long enough to read that the bar shows.
  const body = customers.text.slice(customers.text.indexOf('\n') + 1);
  const big = test.info().outputPath('many-customers.csv');
  writeFileSync(big, customers.text + body.repeat(Math.ceil(40e6 / body.length)));
  // By path: a buffer this size would crawl through the browser protocol.
  await csv.fileInput.setInputFiles(big);
  await expect(builder.inspector.getByTestId('csv-progress')).toBeVisible();
  await builder.inspector.getByTestId('csv-cancel').click();
  await expect(builder.inspector.getByTestId('csv-progress')).toBeHidden();
  await expect(csv.rows).toHaveText('300');
  await expect(builder.node('csv')).toContainText('customers.csv: 300 rows');
  await expect(page.getByTestId('csv-read-error')).toHaveCount(0);
});

test('a 40 MB CSV is read off the main thread: no task there takes 100 ms or more while it is parsed', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  const body = customers.text.slice(customers.text.indexOf('\n') + 1);
  const big = test.info().outputPath('many-customers.csv');
  const copies = Math.ceil(40e6 / body.length);
  writeFileSync(big, customers.text + body.repeat(copies));

  const id = await builder.clickPaletteItem('data.csv');
  await builder.selectNode(id);
  // The page's long tasks (the browser reports those of 50 ms and more), and when the progress bar
  // came and went: the parsing is in between; the task that takes the worker's answer, applies it
  // and draws the columns ends after.
  await page.evaluate(() => {
    const watch = window as unknown as { longTasks: { start: number; end: number }[]; readStart?: number; readEnd?: number };
    watch.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => watch.longTasks.push({ start: e.startTime, end: e.startTime + e.duration }))).observe({ type: 'longtask' });
    let shown = false;
    new MutationObserver(() => {
      const now = !!document.querySelector('[data-testid="csv-progress"]');
      if (shown && !now) watch.readEnd ??= performance.now();
      if (!shown && now) watch.readStart = performance.now();
      shown ||= now;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await panel(builder).fileInput.setInputFiles(big);
  await expect(builder.inspector.getByTestId('csv-progress')).toBeVisible();
  await expect(panel(builder).rows).toHaveText((300 * (copies + 1)).toLocaleString('en-US'), { timeout: 60_000 });
  await expect(panel(builder).problems).toContainText('Row 45 has 5 cells');
  const { parsing, after } = await page.evaluate(() => {
    const watch = window as unknown as { longTasks: { start: number; end: number }[]; readStart: number; readEnd: number };
    const longest = (tasks: { start: number; end: number }[]) => Math.round(Math.max(0, ...tasks.map((t) => t.end - t.start)));
    return {
      parsing: longest(watch.longTasks.filter((t) => t.end > watch.readStart && t.end < watch.readEnd)),
      after: longest(watch.longTasks.filter((t) => t.end >= watch.readEnd)),
    };
  });
  test.info().annotations.push({ type: 'longest main-thread task', description: `${parsing} ms while parsing; ${after} ms applying the result` });
  expect(parsing).toBeLessThan(100);
});
