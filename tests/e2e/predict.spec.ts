import { test, expect } from './fixtures';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * The prediction playground on a model trained in the page: the digit template cut down to a run
 * of seconds on the CPU backend (100 samples, one epoch), then a digit drawn with the mouse. Such
 * a model guesses poorly; what is checked is that the drawing reaches the model and comes back as
 * ten class probabilities, most likely first.
 */
test('a digit drawn in the playground gets the trained model’s class probabilities', async ({ builder, page }) => {
  test.setTimeout(150_000);
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await expect(builder.edges).toHaveCount(digitCnn.edges.length);
  await builder.edit('dataset', { maxSamples: 100 });
  await builder.edit('optimizer', { epochs: 1 });
  await builder.backendSelect.selectOption('cpu');
  await builder.train();
  await builder.waitForRunEnd(120_000);
  await expect(builder.runStatus).toHaveAttribute('data-state', 'done');

  await page.getByTestId('predict-open').click();
  await expect(page.getByTestId('run-drawer')).toHaveAttribute('data-tab', 'predict');
  await expect(page.getByTestId('run-drawer-tab-predict')).toHaveAttribute('aria-selected', 'true');
  const result = page.getByTestId('prediction-result');
  await expect(result).toHaveAttribute('data-state', 'idle');

  // A 7: a bar across the top, then a stroke down and to the left, as a person draws it.
  const canvas = page.getByTestId('predict-canvas');
  const box = (await canvas.boundingBox())!;
  const at = (x: number, y: number): [number, number] => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height];
  await page.mouse.move(...at(70, 60));
  await page.mouse.down();
  for (const [x, y] of [[210, 60], [180, 130], [140, 240]]) await page.mouse.move(...at(x, y), { steps: 8 });
  await page.mouse.up();

  await expect(result).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const classes = page.getByTestId('prediction-class');
  await expect(classes).toHaveCount(10);
  const answer = await classes.evaluateAll((items) => items.map((li) => ({ name: (li as HTMLElement).dataset.class, probability: Number((li as HTMLElement).dataset.probability) })));
  expect(answer.map((c) => c.name).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const probabilities = answer.map((c) => c.probability);
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  // The drawing as the model read it: scaled down to 28x28 beside the bars.
  await expect(page.getByTestId('prediction-seen').getByRole('img')).toHaveAttribute('width', '28');

  await page.getByTestId('predict-clear').click();
  await expect(result).toHaveAttribute('data-state', 'idle');
});
