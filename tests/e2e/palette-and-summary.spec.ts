import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import type { BuilderPage } from './pages/builder';
import { nodeDefinitions } from '@/nodes';

const small = { width: 1024, height: 700 };
const large = { width: 1600, height: 1000 };

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not on screen`);
  return box;
}

/** Fails when the card covers the palette entry it is about, or leaves the window. */
async function expectBesideEntry(builder: BuilderPage, kind: string) {
  const card = await boxOf(builder.paletteCard);
  const entry = await boxOf(builder.paletteItem(kind));
  const apart = card.x >= entry.x + entry.width || card.x + card.width <= entry.x || card.y >= entry.y + entry.height || card.y + card.height <= entry.y;
  expect(apart, 'the card leaves its entry visible').toBe(true);
  await builder.expectOnScreen(builder.paletteCard);
}

test.describe('the palette at 60+ kinds', () => {
  test.use({ viewport: small });

  test.beforeEach(async ({ builder }) => {
    await builder.goto();
    await builder.openTemplate('blank');
    await builder.expandPanel('palette');
  });

  test('search finds a kind by words of its description, and a category by its name', async ({ builder }) => {
    await builder.searchPalette('overfitting');
    await expect(builder.paletteItems).toHaveCount(1);
    await expect(builder.paletteItems.first()).toHaveAttribute('data-testid', 'palette-item-layer.dropout');

    await builder.searchPalette('preprocessing');
    const preprocess = nodeDefinitions.filter((d) => d.category === 'preprocess').map((d) => `palette-item-${d.kind}`);
    await expect(builder.paletteItems).toHaveCount(preprocess.length);
    expect(await builder.paletteItems.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))).toEqual(preprocess);
  });

  test('resting on an entry opens a card with what it does, its ports and its parameters, beside the entry', async ({ builder, page }, info) => {
    await builder.hoverPaletteItem('layer.conv2d');
    const card = builder.paletteCard;
    await expect(card).toContainText('Slides learned filters over an image');
    await expect(card).toHaveAttribute('data-compact', 'false');
    await expect(builder.paletteCardPorts('input')).toHaveText(['intensor']);
    await expect(builder.paletteCardPorts('output')).toHaveText(['outtensor']);
    await expect(builder.paletteCardParam('filters')).toContainText('Filters8A whole number from 1 to 512');
    await expect(builder.paletteCardParam('padding')).toContainText('PaddingvalidOne of valid or same');
    await expect(builder.paletteCardParam('useBias')).toContainText('On or off');
    await expectBesideEntry(builder, 'layer.conv2d');
    await page.screenshot({ path: info.outputPath('palette-card-1024.png') });

    // Leaving the entry closes it; an entry low in the list opens its card inside the window.
    await page.mouse.move(600, 400);
    await expect(card).toBeHidden();
    await builder.hoverPaletteItem('metric.accuracy');
    await expect(builder.paletteCardPorts('input')).toHaveText(['predictiontensor', 'labelslabels']);
    await expect(card).toContainText('None: nothing to set.');
    await expectBesideEntry(builder, 'metric.accuracy');
    await page.screenshot({ path: info.outputPath('palette-card-low-1024.png') });

    // In a window too short for the whole card, it drops the ranges and still fits.
    await page.setViewportSize({ width: 1024, height: 440 });
    await page.mouse.move(600, 300);
    await builder.hoverPaletteItem('layer.conv2d');
    await expect(card).toHaveAttribute('data-compact', 'true');
    await expect(builder.paletteCardParam('filters')).toHaveText('Filters8');
    await expectBesideEntry(builder, 'layer.conv2d');
    await page.screenshot({ path: info.outputPath('palette-card-short-window.png') });
  });

  test('keyboard focus on an entry opens its card too, and so do the arrow keys in the search', async ({ builder, page }) => {
    await builder.tabTo(builder.paletteItem('data.dataset'));
    await expect(builder.paletteCard).toHaveAttribute('data-kind', 'data.dataset');
    await expect(builder.paletteItem('data.dataset')).toHaveAttribute('aria-describedby', 'palette-card');
    await expect(builder.paletteCardParam('maxSamples')).toContainText('empty');
    await expectBesideEntry(builder, 'data.dataset');
    // Tab walks the other data entries, then stops at the Preprocessing header, which has no card; then its first node.
    const dataKinds = nodeDefinitions.filter((d) => d.category === 'data').map((d) => d.kind);
    for (const kind of dataKinds.slice(1)) {
      await page.keyboard.press('Tab');
      await expect(builder.paletteCard).toHaveAttribute('data-kind', kind);
    }
    await page.keyboard.press('Tab');
    await expect(builder.paletteCategory('preprocess')).toBeFocused();
    await expect(builder.paletteCard).toBeHidden();
    await page.keyboard.press('Tab');
    await expect(builder.paletteCard).toHaveAttribute('data-kind', nodeDefinitions[dataKinds.length].kind);

    await builder.searchPalette('den');
    await expect(builder.paletteCard).toBeHidden();
    await page.keyboard.press('ArrowDown');
    await expect(builder.paletteCard).toHaveAttribute('data-kind', 'layer.flatten');
    await expectBesideEntry(builder, 'layer.flatten');
    await page.keyboard.press('Enter');
    await expect(builder.nodesOfKind('layer.flatten')).toHaveCount(1);
    await expect(builder.paletteCard).toBeHidden();
  });

  test('a category folds to its header and count, stays folded after a reload, and search still finds its nodes', async ({ builder, page }) => {
    const layers = nodeDefinitions.filter((d) => d.category === 'layer');
    const header = builder.paletteCategory('layer');
    await expect(header).toHaveAttribute('aria-expanded', 'true');
    await expect(header.getByTestId('palette-category-count')).toHaveText(String(layers.length));
    await header.click();
    await expect(header).toHaveAttribute('aria-expanded', 'false');
    for (const def of layers) await expect(builder.paletteItem(def.kind)).toHaveCount(0);
    await expect(header.getByTestId('palette-category-count')).toHaveText(String(layers.length));
    await expect(builder.paletteItem('loss.categoricalCrossentropy')).toBeVisible();

    await page.reload();
    await builder.openTemplate('blank');
    await builder.expandPanel('palette');
    await expect(builder.paletteCategory('layer')).toHaveAttribute('aria-expanded', 'false');
    await expect(builder.paletteItem('layer.dense')).toHaveCount(0);

    await builder.addByKeyboard('dense', 'layer.dense');
    await builder.paletteCategory('layer').click();
    await expect(builder.paletteItem('layer.dense')).toBeVisible();
  });
});

/**
 * The digit template by hand, as Keras counts it: a 28x28x1 image; Conv2D 8 filters of 3x3
 * ("valid") gives 26x26x8 and 3*3*1*8 + 8 = 80 weights; MaxPool2D 2x2 halves it to 13x13x8; Flatten
 * makes 13*13*8 = 1,352 values; Dense 64 holds 1,352*64 + 64 = 86,592 and Dense 10 64*10 + 10 = 650.
 */
const digitLayers = [
  { name: 'Conv2D', kind: 'Conv2D', shape: '[?, 26, 26, 8]', params: '80' },
  { name: 'MaxPool2D', kind: 'MaxPool2D', shape: '[?, 13, 13, 8]', params: '0' },
  { name: 'Flatten', kind: 'Flatten', shape: '[?, 1352]', params: '0' },
  { name: 'Dense (hidden)', kind: 'Dense', shape: '[?, 64]', params: '86,592' },
  { name: 'Dense (classifier)', kind: 'Dense', shape: '[?, 10]', params: '650' },
];
const totalParams = 80 + 86_592 + 650;
// Batch 32 x (26*26*8 + 13*13*8 + 1352 + 64 + 10 = 8,186 values) x 4 bytes = 1,047,808 bytes.
const batchBytes = 32 * (26 * 26 * 8 + 13 * 13 * 8 + 1352 + 64 + 10) * 4;

for (const size of [small, large]) {
  test.describe(`the model summary at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test("lists the digit template's layers with the totals Keras would give, and a click selects a layer", async ({ builder, page }, info) => {
      await builder.goto();
      await builder.openTemplate('digit-cnn');
      await builder.openModelSummary();
      expect(await builder.modelSummaryTable()).toEqual(digitLayers);
      await expect(builder.modelSummaryTotal('total-params')).toHaveText('87,322');
      expect(totalParams).toBe(87_322);
      // 87,322 x 4 = 349,288 bytes = 341.10 KB (1 KB = 1,024 bytes, as Keras writes it).
      await expect(builder.modelSummaryTotal('weights')).toHaveText(`${((totalParams * 4) / 1024).toFixed(2)} KB`);
      await expect(builder.modelSummaryTotal('weights')).toHaveText('341.10 KB');
      await expect(builder.modelSummaryTotal('batch')).toContainText(`${(batchBytes / 1024).toFixed(2)} KB · 32 samples × 8,186 values`);
      await expect(builder.modelSummaryTotal('formula')).toContainText('batch size × the values of every layer output per sample × 4 bytes');
      await expect(builder.modelSummaryTotal('missing')).toHaveCount(0);
      await builder.expectOnScreen(builder.modelSummary);
      await page.screenshot({ path: info.outputPath(`model-summary-${size.width}.png`) });

      await builder.modelSummaryRows.filter({ hasText: 'Dense (hidden)' }).click();
      await expect(builder.modelSummary).toBeHidden();
      await expect(builder.node('hidden').locator('xpath=..')).toHaveClass(/selected/);
    });
  });
}

test.describe('the model summary by keyboard and on a broken graph', () => {
  test.use({ viewport: small });

  test('opens from the top bar by keyboard, Escape closes it and focus returns', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await builder.tabTo(builder.modelSummaryButton);
    await page.keyboard.press('Enter');
    await expect(builder.modelSummary).toBeVisible();
    await expect(builder.modelSummaryRows).toHaveCount(digitLayers.length);
    // Enter on a layer's name selects it, as a click does.
    await builder.tabTo(builder.modelSummary.getByTestId('model-summary-layer').first(), 20);
    await page.keyboard.press('Escape');
    await expect(builder.modelSummary).toBeHidden();
    await expect(builder.modelSummaryButton).toBeFocused();
    await page.keyboard.press('Enter');
    await builder.tabTo(builder.modelSummary.getByTestId('model-summary-layer').nth(2), 20);
    await page.keyboard.press('Enter');
    await expect(builder.modelSummary).toBeHidden();
    await expect(builder.node('flatten').locator('xpath=..')).toHaveClass(/selected/);
  });

  test('shows what is known, and says what is missing, when layers cannot be counted', async ({ builder, page }, info) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await builder.deleteNode('flatten');
    await builder.openModelSummary();
    const table = await builder.modelSummaryTable();
    expect(table.map((r) => r.name)).toEqual(['Conv2D', 'MaxPool2D', 'Dense (hidden)', 'Dense (classifier)']);
    expect(table[0]).toEqual(digitLayers[0]);
    expect(table[2]).toMatchObject({ shape: 'unknown', params: 'unknown' });
    await expect(builder.modelSummaryTotal('total-params')).toHaveText('at least 80');
    await expect(builder.modelSummaryTotal('missing')).toContainText('Dense (hidden) and Dense (classifier) have no output shape or parameter count yet');
    await builder.expectOnScreen(builder.modelSummary);
    await page.screenshot({ path: info.outputPath('model-summary-broken-1024.png') });
  });
});
