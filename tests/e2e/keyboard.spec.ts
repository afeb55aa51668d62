import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { irisMlp } from '@/lib/templates/iris-mlp';

/** Item 11: the palette search puts the best match first, so Enter adds it; arrows move the highlight. */
test.describe('palette search by keyboard', () => {
  test('"den" lists Dense before Flatten, Enter adds Dense, and arrows pick another result', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('blank');

    await builder.searchPalette('den');
    const first = builder.paletteItems.first();
    await expect(first).toHaveAttribute('data-testid', 'palette-item-layer.dense');
    await expect(first).toHaveAttribute('data-active', 'true');
    // Flatten's description mentions Dense layers: it still matches, but below Dense.
    const order = await builder.paletteItems.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    expect(order.indexOf('palette-item-layer.flatten')).toBeGreaterThan(order.indexOf('palette-item-layer.dense'));

    await page.keyboard.press('Enter');
    await expect(builder.nodesOfKind('layer.dense')).toHaveCount(1);
    await expect(builder.nodesOfKind('layer.flatten')).toHaveCount(0);

    // Down moves to the next result, Up (past the top) wraps to the last; Enter adds the highlighted one.
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('palette-item-layer.flatten')).toHaveAttribute('data-active', 'true');
    await expect(first).toHaveAttribute('data-active', 'false');
    await page.keyboard.press('Enter');
    await expect(builder.nodesOfKind('layer.flatten')).toHaveCount(1);
    await expect(builder.nodesOfKind('layer.dense')).toHaveCount(1);
  });
});

/** Item 12: the templates dialog keeps focus inside while open, Escape closes it and focus goes back. */
test.describe('templates dialog focus', () => {
  test('Tab and Shift+Tab cycle inside, Escape closes and returns focus to the Templates button', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    const opener = page.getByTestId('open-templates');
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('templates-dialog');
    await expect(dialog).toBeVisible();
    await expect.poll(() => builder.focusIsInside(dialog)).toBe(true);

    // More presses than the dialog has controls: focus must wrap around, never reach the page beneath.
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      expect(await builder.focusIsInside(dialog), `focus inside after Tab #${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await builder.focusIsInside(dialog), `focus inside after Shift+Tab #${i + 1}`).toBe(true);
    }

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    // Closing did not replace the pipeline.
    await expect(builder.nodes).toHaveCount(irisMlp.nodes.length);
  });
});

/** Item 13: connect ports, train, select all and get help without a mouse. */
test.describe('keyboard shortcuts', () => {
  test('C opens a picker that wires a chosen input to a compatible output', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('blank');
    const target = await builder.addByKeyboard('target column', 'preprocess.target');
    const dense = await builder.addByKeyboard('dense', 'layer.dense');
    const loss = await builder.addByKeyboard('cross', 'loss.categoricalCrossentropy');

    // The loss was added last, so it is the one selected node: C lists its inputs, free ones first.
    await page.keyboard.press('c');
    const picker = builder.connectPicker;
    await expect(picker).toBeVisible();
    await expect(page.getByTestId('connect-filter')).toBeFocused();
    await expect(picker.getByTestId('connect-input-prediction')).toContainText('Free');
    await expect(picker.getByTestId('connect-input-labels')).toContainText('Free');

    // Typing filters; Enter picks the input, then the list shows only outputs that carry labels.
    await page.keyboard.type('lab');
    await expect(picker.getByTestId('connect-input-prediction')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(picker.getByTestId(`connect-source-${target}-out`)).toBeVisible();
    await expect(picker.getByTestId(`connect-source-${dense}-out`)).toHaveCount(0);

    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await builder.focusIsInside(picker), `focus inside after Tab #${i + 1}`).toBe(true);
    }
    await page.getByTestId('connect-filter').focus();
    await page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    await expect(builder.wire(`${target}.out`, `${loss}.labels`)).toHaveCount(1);

    // Again: the taken input now says what feeds it and comes after the free one, which Enter picks.
    await page.keyboard.press('c');
    await expect(picker.getByTestId('connect-input-labels')).toContainText(/Taken: fed by Target column/);
    await expect(picker.locator('[data-testid^="connect-input-"]').first()).toHaveAttribute('data-testid', 'connect-input-prediction');
    await page.keyboard.press('Enter');
    // The prediction takes a tensor: the Target column's labels are not offered for it.
    await expect(picker.getByTestId(`connect-source-${dense}-out`)).toBeVisible();
    await expect(picker.getByTestId(`connect-source-${target}-out`)).toHaveCount(0);
    await page.keyboard.type('dense');
    await expect(picker.getByTestId(`connect-source-${dense}-out`)).toHaveAttribute('data-active', 'true');
    await page.keyboard.press('Enter');
    await expect(builder.wire(`${dense}.out`, `${loss}.prediction`)).toHaveCount(1);

    // Escape closes without wiring anything.
    await page.keyboard.press('c');
    await expect(picker).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    await expect(builder.edges).toHaveCount(2);
  });

  test('Ctrl/Cmd+Enter trains from an inspector field, and says why when it cannot', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('blank');
    await builder.pane.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(builder.toast.filter({ hasText: 'Cannot train yet' })).toBeVisible();
    await expect(builder.runStatus).toHaveAttribute('data-state', 'idle');

    await builder.openTemplate('iris-mlp');
    // Typing the epochs leaves the focus in that field: Ctrl/Cmd+Enter trains from there.
    await builder.edit('optimizer', { epochs: 2 });
    await expect(builder.param('epochs')).toBeFocused();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(builder.runStatus).not.toHaveAttribute('data-state', 'idle');
    await builder.waitForRunEnd(100_000);
  });

  test('Ctrl/Cmd+A selects every node on the canvas, but not inside a text field', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await builder.searchPalette('dense');
    await page.keyboard.press('ControlOrMeta+a');
    await expect(builder.inspector).not.toContainText('nodes selected');

    await builder.pane.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ControlOrMeta+a');
    await expect(builder.inspector).toContainText(`${irisMlp.nodes.length} nodes selected`);
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(irisMlp.nodes.length);
    await expect(page.locator('.react-flow__edge.selected')).toHaveCount(irisMlp.edges.length);
  });

  test('? and the top bar button open a help sheet listing every shortcut; focus stays inside', async ({ builder, page }) => {
    await builder.goto();
    await builder.openTemplate('iris-mlp');
    await page.keyboard.press('?');
    const sheet = builder.helpSheet;
    await expect(sheet).toBeVisible();
    for (const does of ['Search the palette', 'Move through the search results', 'Add the highlighted node', 'Connect an input', 'Select every node', 'Delete what is selected', 'Undo', 'Redo', 'Train', 'Show these shortcuts', 'Close a dialog']) {
      await expect(sheet.getByTestId('shortcut').filter({ hasText: does }).first()).toBeVisible();
    }
    // Not a Mac: Ctrl, with Ctrl+Y as Redo's alternative.
    const redo = sheet.getByTestId('shortcut').filter({ hasText: /^Redo/ });
    await expect(redo.locator('kbd')).toHaveText(['Ctrl', 'Shift', 'Z', 'Ctrl', 'Y']);
    await expect(sheet.getByTestId('shortcut').filter({ hasText: /^Train/ }).locator('kbd')).toHaveText(['Ctrl', 'Enter']);

    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await builder.focusIsInside(sheet), `focus inside after Tab #${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    await page.getByTestId('open-help').click();
    await expect(sheet).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(page.getByTestId('open-help')).toBeFocused();
  });

  test('the help sheet and the connect picker fit a 1024x700 window', async ({ builder, page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await builder.goto();
    await builder.openTemplate('digit-cnn');
    await page.keyboard.press('?');
    await expect(builder.helpSheet).toBeVisible();
    await builder.expectOnScreen(builder.helpSheet);
    await page.keyboard.press('Escape');

    await builder.selectNode('loss');
    await page.keyboard.press('c');
    await expect(builder.connectPicker).toBeVisible();
    await builder.expectOnScreen(builder.connectPicker);
  });
});

/** Item 15: the Redo tooltip and the README name the same shortcut. */
test('the Redo tooltip matches the README', async ({ builder, page }) => {
  await builder.goto();
  await builder.openTemplate('blank');
  const title = await page.getByTestId('redo').getAttribute('title');
  expect(title).toBe('Redo (Ctrl+Shift+Z)');
  const readme = readFileSync('README.md', 'utf8');
  const shortcut = title!.match(/\((.+)\)/)![1];
  expect(readme).toMatch(new RegExp(`Redo[^\\n]*${shortcut.replace(/[+]/g, '\\+')}`, 'i'));
});
