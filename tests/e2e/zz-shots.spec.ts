import { copyFile } from 'node:fs/promises';
import { test, expect } from './fixtures';

test('shots', async ({ builder, page }) => {
  for (const [t, w, h] of [['digit-cnn', 1440, 900], ['iris-mlp', 1440, 900], ['digit-cnn', 1024, 700]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await builder.goto();
    await builder.openTemplate(t);
    await expect(page.getByTestId('edge-shape').first()).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/layout-${t}-${w}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await builder.goto();
  await builder.openTemplate('digit-cnn');
  await page.getByTestId('download-picture').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/layout-picture-menu.png' });
  const dl = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('picture-png').click();
  await copyFile((await (await dl).path())!, '/tmp/layout-picture.png');
  const pane = await builder.paneBox();
  await builder.moveNode('optimizer', { x: 70, y: 70 });
  await builder.moveNode('conv', { x: pane.width - 320, y: 70 });
  await builder.moveNode('dataset', { x: pane.width / 2, y: pane.height - 220 });
  await builder.clickEmptyCanvas();
  await page.screenshot({ path: '/tmp/layout-scrambled.png' });
  await builder.tidy();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/layout-tidied.png' });
});
