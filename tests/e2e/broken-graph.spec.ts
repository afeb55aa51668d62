import { test, expect } from './fixtures';

test.describe('a broken graph', () => {
  test.beforeEach(async ({ builder }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await expect(builder.edges).toHaveCount(14);
  });

  test('without Flatten the classifier explains what to add, training is blocked, and undo restores', async ({ builder }) => {
    await builder.deleteNode('flatten');
    await expect(builder.nodes).toHaveCount(12);
    await expect(builder.edges).toHaveCount(12);

    await builder.connect('pool.out', 'hidden.in');
    await expect(builder.edges).toHaveCount(13);

    const issue = builder.issueOn('classifier', 'E_PREDICTION_SHAPE');
    await expect(issue).toHaveCount(1);
    await expect(builder.node('classifier')).toHaveAttribute('data-state', 'error');
    // The hint on the node says what to do.
    await expect(issue).toContainText('Flatten');

    await expect(builder.trainButton).toBeDisabled();
    await expect(builder.trainDisabledReason).toBeVisible();
    await expect(builder.trainDisabledReason).not.toHaveText('');

    // Undo the new wire, then the deletion.
    await builder.undo(2);
    await expect(builder.node('flatten')).toHaveCount(1);
    await expect(builder.nodes).toHaveCount(13);
    await expect(builder.edges).toHaveCount(14);
    await expect(builder.node('classifier')).toHaveAttribute('data-state', 'ok');
    await expect(builder.trainButton).toBeEnabled();
  });

  test('a wire between ports of different types is refused with a message', async ({ builder }) => {
    // The Target column's labels into a convolution.
    await builder.connect('digit.out', 'conv.in');
    // The "Opened" toast of the template may still be up: the refusal is the connection's own.
    const refused = builder.toastOfKind('connection');
    await expect(refused).toBeVisible();
    await expect(refused).toContainText(/label/i);
    await expect(builder.edges).toHaveCount(14);
    await expect(builder.node('conv')).toHaveAttribute('data-state', 'ok');
  });
});

test('a wrong class count on the Iris classifier is repaired by its one-click fix', async ({ builder }) => {
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await expect(builder.edges).toHaveCount(11);
  await builder.edit('classifier', { units: 10 });
  await expect(builder.issueOn('classifier', 'E_CLASS_COUNT')).toHaveCount(1);
  await expect(builder.trainButton).toBeDisabled();

  await builder.issueOn('classifier', 'E_CLASS_COUNT').getByTestId('issue-fix').click();
  await expect(builder.issueOn('classifier', 'E_CLASS_COUNT')).toHaveCount(0);
  await builder.selectNode('classifier');
  await expect(builder.param('units')).toHaveValue('3');
  await expect(builder.trainButton).toBeEnabled();
});
