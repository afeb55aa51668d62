import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * Keep the model: after a tiny digit run (100 samples, one epoch, the CPU backend: seconds), the
 * run's model downloads as a zip of the tfjs files and the fitted preprocessing.
 */
test('the trained model downloads as model.json, weights.bin and preprocessing.json', async ({ builder, page }) => {
  test.setTimeout(120_000);
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await expect(builder.edges).toHaveCount(digitCnn.edges.length);

  await builder.edit('dataset', { maxSamples: 100 });
  await builder.edit('optimizer', { epochs: 1 });
  await builder.backendSelect.selectOption('cpu');
  await builder.train();
  await builder.waitForRunEnd(90_000);
  // The model downloads from the run drawer, on any of its tabs.
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
  expect(preprocessing.spec.data.steps.length).toBeGreaterThan(0);
});
