import { test, expect } from './fixtures';

/**
 * Issue 8's canvas check: a wrong combination is an issue on the node with a fix. An LSTM added
 * after a Dense reads rows of numbers, not sequences; the LSTM says so and what to add, and once
 * a Reshape makes each value a step the issue goes and the pipeline trains.
 */
test('an LSTM after a Dense shows the rank issue with its hint; a Reshape before it clears it', async ({ builder, page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await builder.goto();
  await builder.openTemplate('iris-mlp');
  await expect(builder.trainButton).toBeEnabled();

  const lstm = await builder.addFromPalette('layer.lstm', await builder.freeDropPoint());
  // Between the hidden Dense and the classifier: the classifier's input is replaced by the LSTM's output.
  await builder.connect('hidden.out', `${lstm}.in`);
  await builder.connect(`${lstm}.out`, 'classifier.in');
  await expect(builder.wire(`${lstm}.out`, 'classifier.in')).toHaveCount(1);
  await expect(builder.wire('hidden.out', 'classifier.in')).toHaveCount(0);

  const rank = builder.issueOn(lstm, 'E_RANK');
  await expect(rank).toHaveCount(1);
  await expect(builder.node(lstm)).toHaveAttribute('data-state', 'error');
  await expect(rank).toContainText('LSTM reads sequences shaped [?, steps, features], but it receives [?, 16].');
  await expect(rank).toContainText('add a Time windowing or Reshape node before it');
  await expect(builder.trainButton).toBeDisabled();

  // The fix the hint names: a Reshape that makes each of the 16 values a step of one feature.
  const reshape = await builder.addFromPalette('layer.reshape', await builder.freeDropPoint());
  await builder.connect('hidden.out', `${reshape}.in`);
  await builder.connect(`${reshape}.out`, `${lstm}.in`);
  await expect(builder.wire('hidden.out', `${lstm}.in`)).toHaveCount(0);
  await builder.edit(reshape, { targetShape: '-1,1' });

  await expect(rank).toHaveCount(0);
  await expect(builder.node(lstm)).not.toHaveAttribute('data-state', 'error');
  await expect(builder.edgeShape('[?, 16, 1]')).toHaveCount(1);
  await expect(builder.trainButton).toBeEnabled();
});
