import { test, expect } from './fixtures';

/**
 * Where the parts of issue 6 meet: opening things from outside, the templates dialog's own
 * action, and several nodes selected at once (a paste, Select all).
 */

test('a template opened over work says so as a link or a file does, naming the pipeline kept in the list', async ({ builder }) => {
  await builder.page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto();
  // On a blank canvas the template takes its place: nothing to announce.
  await builder.openTemplate('digit-cnn');
  // A straight wire's path has no height, which Playwright counts as hidden: its shape label shows it is drawn.
  await expect(builder.page.getByTestId('edge-shape').first()).toBeVisible();
  await expect(builder.toast.filter({ hasText: 'Opened' })).toHaveCount(0);

  await builder.openTemplate('iris-mlp');
  const toast = builder.toast.filter({ hasText: 'from a template' });
  await expect(toast).toContainText('Opened “Iris species (MLP)” from a template');
  await expect(toast).toContainText('It is a new entry in My pipelines; “Digit classifier (CNN)” is still there.');
  await builder.openPipelines();
  await expect(builder.pipelineRow('Digit classifier (CNN)')).toBeVisible();
});

test('Save current pipeline as a template sits on the My templates title line, clear of the example cards', async ({ builder }) => {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    await builder.page.setViewportSize(size);
    await builder.goto();
    await builder.openTemplatesDialog();
    const [save] = await builder.boxesOf(builder.page.getByTestId('save-as-template'));
    const [title] = await builder.boxesOf(builder.page.locator('#my-templates-title'));
    const [blank] = await builder.boxesOf(builder.page.getByTestId('template-card-blank'));
    expect(Math.abs(save.y + save.height / 2 - (title.y + title.height / 2)), 'centred on the title line').toBeLessThan(3);
    expect(save.y - (blank.y + blank.height), 'a section gap below the cards').toBeGreaterThanOrEqual(16);
  }
});

test('with several nodes selected no problem lists open over their neighbours; one node selected shows its own', async ({ builder }) => {
  await builder.page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto();
  await builder.openTemplate('blank');
  const dense = await builder.addByKeyboard('dense', 'layer.dense');
  const adam = await builder.addByKeyboard('adam', 'optimizer.adam');
  await builder.selectNodes([dense, adam]);
  await expect(builder.inspector).toContainText('2 nodes selected');
  await expect(builder.page.getByTestId('node-issues').filter({ visible: true })).toHaveCount(0);

  await builder.selectNothing();
  await builder.selectNode(adam);
  await expect(builder.inspector).not.toContainText('nodes selected');
  await expect(builder.node(adam).getByTestId('node-issues')).toBeVisible();
  await expect(builder.node(dense).getByTestId('node-issues')).toBeHidden();
});
