import { test, expect } from './fixtures';

/** Fields that name columns offer the incoming table's columns as chips, so nobody types a name. */
test('Select columns offers the table’s columns as chips: a click takes one out or puts it back', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.selectNode('measurements');

  // Auto: every number column is chosen; the category column (the target) is offered but not chosen.
  await expect(builder.param('columns')).toHaveValue('');
  for (const name of ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth']) {
    await expect(builder.columnChip('columns', name)).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(builder.columnChip('columns', 'species')).toHaveAttribute('aria-pressed', 'false');

  await builder.columnChip('columns', 'petalWidth').click();
  await expect(builder.param('columns')).toHaveValue('sepalLength, sepalWidth, petalLength');
  await expect(builder.columnChip('columns', 'petalWidth')).toHaveAttribute('aria-pressed', 'false');
  await expect(builder.wire('measurements.out', 'standardize.in')).toHaveCount(1);
  await expect(builder.edgeShape('[?, 3]').first()).toBeVisible();

  await builder.columnChip('columns', 'petalWidth').click();
  await expect(builder.param('columns')).toHaveValue('sepalLength, sepalWidth, petalLength, petalWidth');
  await expect(builder.edgeShape('[?, 4]').first()).toBeVisible();
  // The chips are an edit like any other: undo takes the last one back.
  await builder.undo();
  await builder.selectNode('measurements');
  await expect(builder.param('columns')).toHaveValue('sepalLength, sepalWidth, petalLength');
});

test('the Target column and the split’s stratify field pick one column with a click', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await builder.selectNode('species');
  await expect(builder.columnChip('column', 'species')).toHaveAttribute('aria-pressed', 'true');
  // One name only: a click on another column replaces it.
  await builder.columnChip('column', 'petalWidth').click();
  await expect(builder.param('column')).toHaveValue('petalWidth');
  await expect(builder.columnChip('column', 'species')).toHaveAttribute('aria-pressed', 'false');
  await builder.columnChip('column', 'species').click();
  await expect(builder.param('column')).toHaveValue('species');
  await expect(builder.trainButton).toBeEnabled();

  await builder.edit('split', { stratify: true });
  await expect(builder.columnChip('stratifyBy', 'species')).toHaveAttribute('aria-pressed', 'true');
});
