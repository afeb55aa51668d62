import { test, expect } from './fixtures';
import type { Backend, BuilderPage } from './pages/builder';
import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * The CNN template cut down to a run that finishes in seconds, even on WebGPU's software fallback
 * (SwiftShader on these machines: every batch is tens of times slower than on WebGL): 100 samples
 * are 80 training rows, two batches, one epoch.
 */
async function tinyDigitRun(builder: BuilderPage, backend: Backend) {
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await expect(builder.edges).toHaveCount(digitCnn.edges.length);
  await builder.edit('dataset', { maxSamples: 100 });
  await builder.edit('optimizer', { epochs: 1 });
  await expect(builder.backendSelect).toHaveValue('auto');
  if (backend !== 'auto') await builder.backendSelect.selectOption(backend);
  await builder.train();
  await builder.waitForRunEnd(150_000);
  await expect(builder.runStatus).toHaveAttribute('data-state', 'done');
  const loss = await builder.metricValue('loss');
  expect(Number.isFinite(loss), `metric-loss shows a number, got "${await builder.metric('loss').innerText()}"`).toBe(true);
  await expect(builder.page.getByTestId('chart-loss')).toBeVisible();
}

test.describe('training in the browser', () => {
  test.setTimeout(200_000);

  test('trains the tiny CNN on WebGPU when WebGPU is chosen', async ({ builder }) => {
    await tinyDigitRun(builder, 'webgpu');
    await expect(builder.backendBadge).toHaveAttribute('data-backend', 'webgpu');
    const accuracy = await builder.metricValue('accuracy');
    expect(accuracy).toBeGreaterThanOrEqual(0);
  });

  test('trains the tiny CNN on the automatic backend', async ({ builder }) => {
    await tinyDigitRun(builder, 'auto');
    await expect(builder.backendBadge).toHaveAttribute('data-backend', /^(webgpu|webgl|cpu)$/);
  });
});
