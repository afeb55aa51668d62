import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';

/**
 * What a run leaves, after one real run: the digit CNN on 100 samples for one epoch on the CPU (a
 * few seconds). Its split holds 20% out, so the results count 20 validation rows; a digit drawn
 * with the mouse gets the model's class probabilities; the model downloads as tfjs files with the
 * fitted preprocessing. One run serves all three: each would otherwise load the page and train.
 */
test('after a short digit run: a confusion matrix of the validation rows, a drawn digit\'s prediction, and the model\'s files', async ({ builder, page }) => {
  test.setTimeout(150_000);
  await builder.openTinyDigitRun();
  await builder.train();
  await builder.waitForRunEnd(120_000);

  // ---- Results: the confusion matrix, per-class scores and the mistakes ----

  await builder.openResults();
  await expect(page.getByTestId('results-rows')).toContainText('On 20 validation rows');
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  await expect(matrix.locator('thead th[title]')).toHaveText(digits);
  await expect(matrix.getByRole('rowheader')).toHaveText(digits);

  const cells = await matrix.getByTestId('confusion-cell').evaluateAll((tds) =>
    tds.map((td) => ({ truth: td.getAttribute('data-truth'), predicted: td.getAttribute('data-predicted'), count: Number(td.textContent) })),
  );
  expect(cells).toHaveLength(100);
  expect(new Set(cells.map((c) => c.truth))).toEqual(new Set(digits));
  expect(cells.reduce((sum, c) => sum + c.count, 0)).toBe(20);

  // The diagonal share is the accuracy the engine reported on the same 20 rows.
  const right = cells.filter((c) => c.truth === c.predicted).reduce((sum, c) => sum + c.count, 0);
  const accuracy = await page.getByTestId('results-val-accuracy').innerText();
  expect(accuracy).toContain(`${((right / 20) * 100).toFixed(1)}%`);

  await expect(page.getByTestId('per-class-row')).toHaveCount(10);
  const wrong = 20 - right;
  await expect(page.getByTestId('misclassified-example')).toHaveCount(wrong);
  if (wrong > 0) await expect(page.getByTestId('misclassified').locator('canvas').first()).toBeVisible();
  // ---- Try the model: a digit drawn with the mouse ----
  await page.getByTestId('run-drawer-close').click();

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
  // ---- Keep the model: the download, from the run drawer's header ----
  await page.getByTestId('run-drawer-close').click();
  await page.getByTestId('runs-open').click();
  const button = page.getByTestId('download-model');
  await expect(button).toBeEnabled();
  await expect(page.getByTestId('download-model-reason')).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('digit-classifier-cnn-model.zip');
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const folder = 'digit-classifier-cnn-model';
  expect(Object.keys(entries).sort()).toEqual(['README.txt', 'model.json', 'preprocessing.json', 'weights.bin'].map((f) => `${folder}/${f}`));

  const modelJson = JSON.parse(strFromU8(entries[`${folder}/model.json`]));
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.modelTopology).toBeTruthy();
  expect(modelJson.weightsManifest).toHaveLength(1);
  expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  // The weights file holds every weight model.json lists, float32.
  const values = modelJson.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  expect(entries[`${folder}/weights.bin`].length).toBe(4 * values);
  const preprocessing = JSON.parse(strFromU8(entries[`${folder}/preprocessing.json`]));
  expect(preprocessing).toMatchObject({ format: 'pipeline-builder.preprocessing', version: 1 });
  expect(preprocessing.spec.data.steps.length).toBeGreaterThan(0);});

test('the form of a tabular model predicts from typed values, and says when one lies beyond the training data', async ({ builder, page }) => {
  test.setTimeout(90_000);
  await builder.goto('?backend=cpu');
  await builder.openTemplate('iris-mlp');
  await builder.train();
  await builder.waitForRunEnd(60_000);
  await page.getByTestId('predict-open').click();
  const form = page.getByTestId('predict-form');
  await expect(form).toBeVisible();

  // Each measurement's field shows the range the model learnt from.
  const petalWidth = form.getByLabel('petalWidth', { exact: true });
  await expect(petalWidth).toHaveAttribute('placeholder', /^\d+(\.\d+)? to \d+(\.\d+)?$/);
  // A setosa's measurements, typed with the keyboard; Enter predicts.
  for (const [name, value] of [['sepalLength', '5.1'], ['sepalWidth', '3.5'], ['petalLength', '1.4'], ['petalWidth', '0.2']]) {
    await form.getByLabel(name, { exact: true }).fill(value);
  }
  await expect(page.getByTestId('predict-beyond-petalWidth')).toHaveCount(0);
  await petalWidth.press('Enter');
  const result = page.getByTestId('prediction-result');
  await expect(result).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('prediction-class').first()).toHaveAttribute('data-class', 'setosa');

  // A petal 40 cm wide is no iris the model has seen: it still answers, and says so.
  await petalWidth.fill('40');
  await expect(page.getByTestId('predict-beyond-petalWidth')).toHaveText(/^Beyond the training data \(.+ to .+\): the prediction is a guess\.$/);
  await expect(petalWidth).toHaveAccessibleDescription(/Beyond the training data/);
  await page.getByTestId('predict-button').click();
  await expect(result).toHaveAttribute('data-state', 'done');
  await petalWidth.fill('1.3');
  await expect(page.getByTestId('predict-beyond-petalWidth')).toHaveCount(0);
});
