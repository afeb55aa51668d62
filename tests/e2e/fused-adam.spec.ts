import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { test, expect } from '@playwright/test';

/**
 * The engine's Adam (lib/engine/fused-adam.ts) in Chromium: on WebGL its three shader passes must
 * move the weights as tf.train.adam's thirteen ops do, to float32 rounding; on the CPU backend bit
 * for bit. tests/browser/fused-adam/ is bundled with vite on its own (no Next app) and served
 * through Playwright's routing.
 */
const root = fileURLToPath(new URL('../browser/fused-adam/', import.meta.url));
const outDir = fileURLToPath(new URL('../browser/.build/fused-adam/', import.meta.url));
const origin = 'http://fused-adam.test';

test.describe('the engine\'s Adam in the browser', () => {
  test.setTimeout(180_000);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      resolve: { alias: { '@': fileURLToPath(new URL('../../', import.meta.url)) } },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
    });
  });

  test.beforeEach(async ({ page }) => {
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
    await page.route(`${origin}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = join(outDir, normalize(path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir)) return route.fulfill({ status: 404 });
      await route.fulfill({ body: await readFile(file), contentType: types[extname(file)] ?? 'application/octet-stream' });
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof window.compareAdam === 'function');
  });

  test('on WebGL it moves the weights as tf.train.adam does, to float32 rounding', async ({ page }) => {
    const result = await page.evaluate(() => window.compareAdam('webgl'));
    expect(result.backend).toBe('webgl');
    // Thirty steps, each moving a weight up to the learning rate: the weights really moved.
    expect(result.relativeMovement).toBeGreaterThan(0.05);
    // SwiftShader gives tfjs's weights exactly; a GPU that fuses a multiply and an add may differ
    // by rounding, orders of magnitude below this. A second moment off by 1e-4 gives 7e-6 here.
    expect(result.relativeDifference).toBeLessThan(1e-6);
    expect(result.leakedPerStep).toBe(0);
  });

  test('on the CPU backend it gives tf.train.adam\'s weights bit for bit', async ({ page }) => {
    const result = await page.evaluate(() => window.compareAdam('cpu'));
    expect(result.backend).toBe('cpu');
    expect(result.relativeMovement).toBeGreaterThan(0.05);
    expect(result.relativeDifference).toBe(0);
    expect(result.leakedPerStep).toBe(0);
  });
});
