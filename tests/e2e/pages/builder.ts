import type { templates } from '@/lib/templates';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { digitCnn } from '@/lib/templates/digit-cnn';

/** The gallery's templates (lib/templates/index.ts), and the blank canvas. */
export type TemplateId = (typeof templates)[number]['id'] | 'blank';
export type Backend = 'auto' | 'webgpu' | 'webgl' | 'cpu';
export type NamedBox = { name: string; x: number; y: number; width: number; height: number };

/** "node.port" as in the templates; node ids never contain a dot. */
function parseRef(ref: string): [node: string, port: string] {
  const dot = ref.indexOf('.');
  if (dot < 0) throw new Error(`Expected "node.port", got "${ref}"`);
  return [ref.slice(0, dot), ref.slice(dot + 1)];
}

/**
 * The builder page as a person uses it: pick a template, click nodes, type in the inspector,
 * drag wires between handles, press keys. Specs speak in these verbs, so a change in the UI's
 * markup is fixed here once.
 */
export class BuilderPage {
  constructor(readonly page: Page) {}

  // ---- landmarks -------------------------------------------------------------------------

  /** Canvas nodes carry data-kind; the "node-issue" badges inside them do not. */
  get nodes(): Locator {
    return this.page.locator('[data-testid^="node-"][data-kind]');
  }
  /** React Flow draws edges only on the client, so they also prove the page hydrated. */
  get edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }
  get pane(): Locator {
    return this.page.locator('.react-flow__pane');
  }
  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }
  nodesOfKind(kind: string): Locator {
    return this.page.locator(`[data-testid^="node-"][data-kind="${kind}"]`);
  }
  issueOn(nodeId: string, code: string): Locator {
    return this.node(nodeId).locator(`[data-testid="node-issue"][data-code="${code}"]`);
  }
  edgeShape(text: string): Locator {
    return this.page.getByTestId('edge-shape').filter({ hasText: text });
  }
  get inspector(): Locator {
    return this.page.getByTestId('inspector');
  }
  param(name: string): Locator {
    return this.inspector.getByTestId(`param-${name}`);
  }
  get toast(): Locator {
    return this.page.getByTestId('toast');
  }
  /** The toast of one kind ('connection', 'opened'...): another may still be up beside it, e.g. the template's "Opened". */
  toastOfKind(kind: string): Locator {
    return this.toast.and(this.page.locator(`[data-kind="${kind}"]`));
  }
  get trainButton(): Locator {
    return this.page.getByTestId('train-button');
  }
  get trainDisabledReason(): Locator {
    return this.page.getByTestId('train-disabled-reason');
  }
  get runStatus(): Locator {
    return this.page.getByTestId('run-status');
  }
  get backendSelect(): Locator {
    return this.page.getByTestId('backend-select');
  }
  get backendBadge(): Locator {
    return this.page.getByTestId('backend-badge');
  }
  metric(name: 'loss' | 'accuracy' | 'val-loss' | 'val-accuracy'): Locator {
    return this.page.getByTestId(`metric-${name}`);
  }
  /**
   * A metric's value in the training panel by its Keras name ('f1', 'precision', 'mae'): on the
   * validation rows (the latest epoch) or on the test rows (measured once after training).
   */
  runMetric(name: string, rows: 'val' | 'test' = 'val'): Locator {
    return this.page.getByTestId(`metric-${rows}-${name}`);
  }
  /** The table of every metric the run reports, one row per metric (`data-metric` is its Keras name). */
  get metricTable(): Locator {
    return this.page.getByTestId('metric-table');
  }
  /** The incoming table's column `column`, as a chip under the field `field` of the selected node. */
  columnChip(field: string, column: string): Locator {
    return this.inspector.getByTestId(`column-chip-${field}-${column}`);
  }

  /** Input handles are React Flow "target" handles, outputs are "source" ones (a split has both a "features" in and out). */
  handle(nodeId: string, portId: string, side: 'source' | 'target'): Locator {
    return this.page.locator(`.react-flow__handle.${side}[data-nodeid="${nodeId}"][data-handleid="${portId}"]`);
  }

  // ---- actions ----------------------------------------------------------------------------

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  /**
   * Picks a template in the Templates dialog (opening it from the toolbar when closed). A click
   * that lands before React hydrates does nothing, so opening the dialog is repeated until it
   * shows; the card is then clicked once. (Repeating the card's click too opened the template
   * twice on a loaded machine, when the dialog took over 2 s to close.)
   */
  async openTemplate(id: TemplateId): Promise<void> {
    const card = this.page.getByTestId(`template-card-${id}`);
    await expect(async () => {
      if (!(await card.isVisible())) await this.page.getByTestId('open-templates').click({ timeout: 2_000 });
      await expect(card).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await card.click();
    await expect(card).toBeHidden({ timeout: 15_000 });
    await this.waitForSteadyView();
  }

  /**
   * Waits until the canvas holds still: a template opens after My pipelines has stored it, and the
   * view is fitted once its nodes are measured, so a drag begun before then would miss its mark.
   */
  async waitForSteadyView(): Promise<void> {
    let last = '';
    await expect(async () => {
      const boxes = JSON.stringify(await this.nodes.evaluateAll((els) => els.map((el) => el.getBoundingClientRect())));
      const steady = boxes === last;
      last = boxes;
      expect(steady, 'the canvas still moves').toBe(true);
    }).toPass({ timeout: 10_000, intervals: [100] });
  }

  /** Clicks a node on its title area, away from the handles on its left and right edges. */
  async selectNode(id: string): Promise<void> {
    const node = this.node(id);
    const box = await node.boundingBox();
    if (!box) throw new Error(`node-${id} is not on screen`);
    await node.click({ position: { x: box.width / 2, y: Math.min(14, box.height / 2) } });
    await expect(this.inspector).toBeVisible();
  }

  async deleteNode(id: string): Promise<void> {
    await this.selectNode(id);
    await this.page.keyboard.press('Delete');
    await expect(this.node(id)).toHaveCount(0);
  }

  /** Sets an inspector field as a person would: pick an option, tick a box, or clear and type. */
  async setParam(name: string, value: string | number | boolean): Promise<void> {
    const field = this.param(name);
    await expect(field).toBeVisible();
    const tag = await field.evaluate((el) => el.tagName.toLowerCase());
    const type = await field.getAttribute('type');
    if (tag === 'select') {
      await field.selectOption(String(value));
    } else if (type === 'checkbox') {
      await field.setChecked(Boolean(value));
    } else {
      await field.click();
      await field.press('ControlOrMeta+a');
      await field.pressSequentially(String(value));
    }
  }

  /** Selects `nodeId` and sets each field in its inspector. */
  async edit(nodeId: string, params: Record<string, string | number | boolean>): Promise<void> {
    await this.selectNode(nodeId);
    for (const [name, value] of Object.entries(params)) await this.setParam(name, value);
  }

  /** Drags a wire from an output handle to an input handle, with the mouse. */
  async connect(from: string, to: string): Promise<void> {
    const [sourceNode, sourcePort] = parseRef(from);
    const [targetNode, targetPort] = parseRef(to);
    const source = await this.centerOf(this.handle(sourceNode, sourcePort, 'source'));
    const target = await this.centerOf(this.handle(targetNode, targetPort, 'target'));
    const mouse = this.page.mouse;
    await mouse.move(source.x, source.y);
    await mouse.down();
    // Several steps: React Flow starts a connection only after the pointer has moved.
    await mouse.move((source.x + target.x) / 2, (source.y + target.y) / 2, { steps: 8 });
    await mouse.move(target.x, target.y, { steps: 8 });
    await mouse.up();
  }

  /**
   * Adds a node from the palette by dragging it onto the canvas at (x, y) relative to the
   * canvas's top-left corner; returns the new node's id (generated by the app).
   */
  /**
   * A drop point (relative to the canvas, as `addFromPalette` takes it) where a new node lands
   * clear of every node already there, with a margin; zooms out (as a person would) while the
   * canvas is too full. `size` is a node's size at zoom 1.
   */
  async freeDropPoint(size = { width: 240, height: 150 }, margin = 16): Promise<{ x: number; y: number }> {
    for (let zoomOuts = 0; zoomOuts <= 3; zoomOuts++) {
      const found = await this.freeSpot(size, margin);
      if (found) return found;
      await this.page.locator('.react-flow__controls-zoomout').click();
      await this.waitForSteadyView();
    }
    throw new Error(`No free spot for a ${size.width}x${size.height} node on the canvas, even zoomed out: use a larger window.`);
  }

  private async freeSpot(size: { width: number; height: number }, margin: number): Promise<{ x: number; y: number } | null> {
    const pane = await this.paneBox();
    const taken = await this.boxesOf(this.nodes);
    const zoom = await this.zoom();
    const [width, height] = [size.width * zoom, size.height * zoom];
    // Scanned from the bottom right, where a fitted template leaves room last.
    for (let top = pane.height - height - margin; top >= margin; top -= 20) {
      for (let left = pane.width - width - margin; left >= margin; left -= 20) {
        const box = { x: pane.x + left - margin, y: pane.y + top - margin, width: width + 2 * margin, height: height + 2 * margin };
        const clear = taken.every((b) => b.x >= box.x + box.width || b.x + b.width <= box.x || b.y >= box.y + box.height || b.y + b.height <= box.y);
        // Palette drops put the middle of the title bar under the pointer.
        if (clear) return { x: left + width / 2, y: top + 16 * zoom };
      }
    }
    return null;
  }

  async addFromPalette(kind: string, at: { x: number; y: number }): Promise<string> {
    const before = new Set(await this.nodeIds());
    await this.expandPanel('palette');
    const search = this.page.getByTestId('palette-search');
    await search.fill('');
    const item = this.page.getByTestId(`palette-item-${kind}`);
    await expect(item).toBeVisible();
    await item.dragTo(this.pane, { targetPosition: at });
    let added: string | undefined;
    await expect(async () => {
      added = (await this.nodeIds()).find((id) => !before.has(id));
      expect(added, `a ${kind} node appears on the canvas`).toBeDefined();
    }).toPass({ timeout: 5_000 });
    await expect(this.node(added!)).toHaveAttribute('data-kind', kind);
    return added!;
  }

  /** Drags a node by its title bar so that its top-left corner sits at (x, y) relative to the canvas. */
  async moveNode(id: string, to: { x: number; y: number }): Promise<void> {
    const node = this.node(id);
    const box = await node.boundingBox();
    const pane = await this.pane.boundingBox();
    if (!box || !pane) throw new Error(`node-${id} or the canvas is not on screen`);
    const grab = { dx: box.width / 2, dy: 12 };
    const mouse = this.page.mouse;
    await mouse.move(box.x + grab.dx, box.y + grab.dy);
    await mouse.down();
    // React Flow starts a node drag where the pointer first passes its 1 px threshold and drops the
    // distance moved before that, so cross the threshold with a tiny step, then travel.
    await mouse.move(box.x + grab.dx + 2, box.y + grab.dy);
    await mouse.move(pane.x + to.x + grab.dx + 2, pane.y + to.y + grab.dy, { steps: 12 });
    await mouse.up();
    await expect(async () => {
      const moved = (await node.boundingBox())!;
      expect(Math.abs(moved.x - (pane.x + to.x))).toBeLessThan(4);
      expect(Math.abs(moved.y - (pane.y + to.y))).toBeLessThan(4);
    }).toPass({ timeout: 5_000 });
  }

  /** The canvas's own box on the screen, to reason about where a dropped node lands. */
  async paneBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.pane.boundingBox();
    if (!box) throw new Error('the canvas is not on screen');
    return box;
  }

  async nodeIds(): Promise<string[]> {
    const testIds = await this.nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    return testIds.map((t) => t.replace(/^node-/, ''));
  }

  /** Presses Ctrl+Z on the canvas (not inside a text field, where it would undo typing). */
  async undo(times = 1): Promise<void> {
    await this.pane.click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < times; i++) await this.page.keyboard.press('ControlOrMeta+z');
  }

  async train(): Promise<void> {
    await expect(this.trainButton).toBeEnabled();
    await this.trainButton.click();
    await expect(this.runStatus).not.toHaveAttribute('data-state', 'idle');
  }

  /** Waits for the run to end and fails with the UI's own message if it ended in an error. */
  async waitForRunEnd(timeout: number): Promise<void> {
    await expect(this.runStatus).toHaveAttribute('data-state', /^(done|error)$/, { timeout });
    if ((await this.runStatus.getAttribute('data-state')) === 'error') {
      throw new Error(`Training failed: ${await this.runStatus.innerText()}`);
    }
  }

  async metricValue(name: Parameters<BuilderPage['metric']>[0]): Promise<number> {
    return numberIn(await this.metric(name).innerText());
  }

  /** A metric's value as a number (a percentage reads as its number: "91.2%" is 91.2), NaN when the panel shows none. */
  async runMetricValue(name: string, rows: 'val' | 'test' = 'val'): Promise<number> {
    return numberIn(await this.runMetric(name, rows).innerText());
  }

  // ---- run truth ----

  get trainingPanel(): Locator {
    return this.page.getByTestId('training-panel');
  }
  get trainProgress(): Locator {
    return this.page.getByTestId('train-progress');
  }
  /** Which pipeline (and which version of it) the run in the panel belongs to. */
  get runOrigin(): Locator {
    return this.page.getByTestId('run-origin');
  }
  /** "Changed since this run started": what differs between the run and the canvas. */
  get runChanges(): Locator {
    return this.page.getByTestId('run-changes');
  }
  /** The in-app question asked before a running pipeline is replaced. */
  get stopRunDialog(): Locator {
    return this.page.getByTestId('stop-run-dialog');
  }
  get validationWarning(): Locator {
    return this.page.getByTestId('validation-warning');
  }
  get stillImproving(): Locator {
    return this.page.getByTestId('still-improving');
  }
  chart(name: 'loss' | 'accuracy'): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  /** Opens the run drawer on its Results tab from the training panel's Results link. */
  /**
   * Opens the digit CNN cut down to a run of seconds on the CPU backend (100 samples: 80 training
   * rows, 20 validation rows; one epoch), without training it.
   */
  async openTinyDigitRun(): Promise<void> {
    await this.goto();
    await this.openTemplate('digit-cnn');
    await expect(this.edges).toHaveCount(digitCnn.edges.length);
    await this.edit('dataset', { maxSamples: 100 });
    await this.edit('optimizer', { epochs: 1 });
    await this.backendSelect.selectOption('cpu');
  }

  async openResults(): Promise<void> {
    await this.page.getByTestId('results-open').click();
    await expect(this.page.getByTestId('run-drawer')).toHaveAttribute('data-tab', 'results');
  }

  /** Clicks a template card in the Templates dialog, opening the dialog first; asks nothing more. */
  async pickTemplate(id: TemplateId): Promise<void> {
    const card = this.page.getByTestId(`template-card-${id}`);
    if (!(await card.isVisible())) await this.page.getByTestId('open-templates').click();
    await card.click();
  }

  /** Shows a chart: on a narrow panel the two charts share one place, behind tabs. */
  async showChart(name: 'loss' | 'accuracy'): Promise<Locator> {
    const chart = this.chart(name);
    if (!(await chart.isVisible())) await this.page.getByTestId(`chart-tab-${name}`).click();
    await expect(chart).toBeVisible();
    return chart;
  }

  /** Starts a run that lasts long enough to act during it: Iris, one sample per batch, 500 epochs, on the CPU. */
  async startLongIrisRun(): Promise<void> {
    await this.goto('?backend=cpu');
    await this.openTemplate('iris-mlp');
    await this.edit('optimizer', { epochs: 500, batchSize: 1 });
    await this.train();
    await expect(this.trainProgress).toHaveAttribute('data-epoch', /\d+/, { timeout: 60_000 });
  }

  // ---- canvas layout ----

  /** The canvas's zoom, read from React Flow's viewport transform. */
  async zoom(): Promise<number> {
    const transform = await this.page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    const match = transform.match(/scale\(([\d.]+)\)/);
    if (!match) throw new Error(`no scale in the viewport transform "${transform}"`);
    return Number(match[1]);
  }

  /** The on-screen boxes of every element `locator` matches, named by test id and text for messages. */
  async boxesOf(locator: Locator): Promise<NamedBox[]> {
    return locator.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        const name = `${el.getAttribute('data-testid') ?? el.className} "${(el.textContent ?? '').slice(0, 24)}"`;
        return { name, x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
  }

  issueBadge(nodeId: string): Locator {
    return this.node(nodeId).getByTestId('node-issue-badge');
  }

  /** Adds a node by clicking its palette item, as a person who does not drag would; returns its id. */
  async clickPaletteItem(kind: string): Promise<string> {
    const before = new Set(await this.nodeIds());
    await this.expandPanel('palette');
    await this.page.getByTestId(`palette-item-${kind}`).click();
    let added: string | undefined;
    await expect(async () => {
      added = (await this.nodeIds()).find((id) => !before.has(id));
      expect(added, `a ${kind} node appears on the canvas`).toBeDefined();
    }).toPass({ timeout: 5_000 });
    return added!;
  }

  /** Presses the mouse on an output handle and starts dragging a wire from it; finish with wireOver and mouse.up. */
  async startWire(from: string): Promise<void> {
    const [node, port] = parseRef(from);
    const start = await this.centerOf(this.handle(node, port, 'source'));
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + 30, start.y + 30, { steps: 4 });
  }

  /** Moves a wire being dragged onto an input handle. */
  async wireOver(to: string): Promise<void> {
    const [node, port] = parseRef(to);
    const target = await this.centerOf(this.handle(node, port, 'target'));
    await this.page.mouse.move(target.x, target.y, { steps: 8 });
  }

  /** Clicks an empty spot of the canvas, which clears the selection. */
  async clickEmptyCanvas(): Promise<void> {
    await this.pane.click({ position: { x: 5, y: 5 } });
  }

  private async centerOf(locator: Locator): Promise<{ x: number; y: number }> {
    await expect(locator).toHaveCount(1);
    await locator.scrollIntoViewIfNeeded();
    const box = await locator.boundingBox();
    if (!box) throw new Error(`${locator} is not on screen`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  // ---- keyboard ----------------------------------------------------------------------------

  get helpSheet(): Locator {
    return this.page.getByTestId('help-sheet');
  }
  get connectPicker(): Locator {
    return this.page.getByTestId('connect-picker');
  }
  get paletteItems(): Locator {
    return this.page.locator('[data-testid^="palette-item-"]');
  }
  /** The edge React Flow draws for the wire "node.port" -> "node.port". */
  wire(from: string, to: string): Locator {
    return this.page.getByTestId(`rf__edge-${from}->${to}`);
  }

  /** Presses "/" (away from any field), types the query over what the search box held, and leaves focus there. */
  async searchPalette(query: string): Promise<void> {
    await this.page.keyboard.press('/');
    await expect(this.page.getByTestId('palette-search')).toBeFocused();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.type(query);
    await expect(this.page.getByTestId('palette-search')).toHaveValue(query);
  }

  /** Searches, presses Enter, then Escape to leave the search box; returns the id of the node added. */
  async addByKeyboard(query: string, kind: string): Promise<string> {
    const before = await this.nodesOfKind(kind).count();
    await this.searchPalette(query);
    await this.page.keyboard.press('Enter');
    await expect(this.nodesOfKind(kind)).toHaveCount(before + 1);
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByTestId('palette-search')).not.toBeFocused();
    const ids = await this.nodesOfKind(kind).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice(5)));
    return ids[ids.length - 1];
  }

  /** Whether the focused element is inside `container` (and not the page beneath a dialog). */
  async focusIsInside(container: Locator): Promise<boolean> {
    return container.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== document.body);
  }

  /** Fails unless `locator` lies wholly inside the window at its current size. */
  async expectOnScreen(locator: Locator): Promise<void> {
    const box = await locator.boundingBox();
    const size = this.page.viewportSize();
    if (!box || !size) throw new Error(`${locator} is not on screen`);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  }

  // ---- words and defaults ----

  /** The line under a field that says which value an empty field stands for. */
  paramNote(name: string): Locator {
    return this.inspector.getByTestId(`param-note-${name}`);
  }
  paramError(name: string): Locator {
    return this.inspector.getByTestId(`param-error-${name}`);
  }
  /** A figure in the pipeline inspector's Model section. */
  modelStat(name: 'epochs' | 'params'): Locator {
    return this.inspector.getByTestId(name === 'epochs' ? 'model-epochs' : 'total-params');
  }

  /** Empties a text field as a person would: select all, delete; the field keeps the focus. */
  async clearParam(name: string): Promise<void> {
    const field = this.param(name);
    await field.click();
    await field.press('ControlOrMeta+a');
    await field.press('Backspace');
    await expect(field).toHaveValue('');
  }

  /** Clicks an empty corner of the canvas, so the inspector shows the whole pipeline. */
  async selectNothing(): Promise<void> {
    await this.pane.click({ position: { x: 5, y: 5 } });
    await this.expandPanel('inspector');
    await expect(this.page.getByTestId('issues-panel')).toBeVisible();
  }

  // ---- narrow windows ----

  /** The button that folds a side panel to a slim rail and unfolds it; aria-expanded tells its state. */
  panelToggle(panel: 'palette' | 'inspector'): Locator {
    return this.page.getByTestId(`toggle-${panel}`);
  }

  /** Unfolds a side panel folded to its rail, as a person clicks its toggle; does nothing when it is open. */
  async expandPanel(panel: 'palette' | 'inspector'): Promise<void> {
    const toggle = this.panelToggle(panel);
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }

  /** Presses Tab until `target` has the focus, as a keyboard user reaches a control. */
  async tabTo(target: Locator, maxPresses = 120): Promise<void> {
    for (let i = 0; i < maxPresses; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    await expect(target).toBeFocused();
  }

  // ---- share and files ----

  get shareButton(): Locator {
    return this.page.getByTestId('share-button');
  }
  get sharePanel(): Locator {
    return this.page.getByTestId('share-panel');
  }
  get shareLink(): Locator {
    return this.page.getByTestId('share-link');
  }
  get fileMenu(): Locator {
    return this.page.getByTestId('file-menu');
  }
  get fileError(): Locator {
    return this.page.getByTestId('file-error');
  }
  get fileDropHint(): Locator {
    return this.page.getByTestId('file-drop-hint');
  }

  /** Opens the Share panel and returns the link it shows. */
  async openShare(): Promise<string> {
    if (!(await this.sharePanel.isVisible())) await this.shareButton.click();
    await expect(this.shareLink).toBeVisible();
    return this.shareLink.inputValue();
  }

  /** Picks an item of the File menu with the mouse. */
  async chooseFromFileMenu(item: 'download-pipeline' | 'open-pipeline-file' | 'save-as-template'): Promise<void> {
    await this.fileMenu.click();
    await this.page.getByTestId(item).click();
  }

  /** File > Download pipeline file; resolves with the browser's download. */
  async downloadPipeline(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.chooseFromFileMenu('download-pipeline');
    return download;
  }

  /** File > Open pipeline file..., then picks `files` in the browser's file chooser. */
  async openFileByPicker(files: PickedFile[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.chooseFromFileMenu('open-pipeline-file');
    await (await chooser).setFiles(files.map((f) => ({ name: f.name, mimeType: f.type ?? 'application/json', buffer: Buffer.from(f.text) })));
  }

  /**
   * Drags files from the desktop over the canvas, as the browser reports it: dragenter and
   * dragover on React Flow's pane with the files in the DataTransfer; `drop` finishes the drag.
   */
  async dragFilesOverCanvas(files: PickedFile[], { drop = true } = {}): Promise<void> {
    const transfer = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.type ?? 'application/json' }));
      return dt;
    }, files);
    const box = await this.paneBox();
    const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
    await this.pane.dispatchEvent('dragenter', { dataTransfer: transfer, ...at });
    await this.pane.dispatchEvent('dragover', { dataTransfer: transfer, ...at });
    await expect(this.fileDropHint).toBeVisible();
    if (drop) await this.pane.dispatchEvent('drop', { dataTransfer: transfer, ...at });
    await transfer.dispose();
  }

  async dropFilesOnCanvas(files: PickedFile[]): Promise<void> {
    await this.dragFilesOverCanvas(files);
    await expect(this.fileDropHint).toBeHidden();
  }

  // ---- my templates ----

  get templatesDialog(): Locator {
    return this.page.getByTestId('templates-dialog');
  }
  get saveTemplateDialog(): Locator {
    return this.page.getByTestId('save-template-dialog');
  }
  get editTemplateDialog(): Locator {
    return this.page.getByTestId('edit-template-dialog');
  }
  get myTemplateCards(): Locator {
    return this.page.getByTestId('my-template-card');
  }
  /** The card of a saved template, found by its name exactly as shown. */
  myTemplateCard(name: string): Locator {
    return this.myTemplateCards.filter({ has: this.page.getByTestId('my-template-name').getByText(name, { exact: true }) });
  }

  /** Opens the Templates dialog from the toolbar (again until React has hydrated) and waits for My templates to be read. */
  async openTemplatesDialog(): Promise<void> {
    await expect(async () => {
      if (!(await this.templatesDialog.isVisible())) await this.page.getByTestId('open-templates').click({ timeout: 2_000 });
      await expect(this.templatesDialog).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(this.page.getByTestId('my-templates-loading')).toHaveCount(0);
  }

  /**
   * Saves the pipeline on the canvas as a template from the Templates dialog: types over the
   * prefilled fields and presses Enter; waits for the toast and the card.
   */
  async saveAsTemplate(details: { name: string; description?: string; tags?: string }): Promise<void> {
    await this.openTemplatesDialog();
    await this.page.getByTestId('save-as-template').click();
    const form = this.saveTemplateDialog;
    await expect(form).toBeVisible();
    if (details.description !== undefined) await form.getByTestId('template-description').fill(details.description);
    if (details.tags !== undefined) await form.getByTestId('template-tags').fill(details.tags);
    const name = form.getByTestId('template-name');
    await name.fill(details.name);
    await name.press('Enter');
    await expect(form).toBeHidden();
    await expect(this.toast.filter({ hasText: 'Saved as template' }).last()).toContainText(details.name);
    await expect(this.myTemplateCard(details.name)).toBeVisible();
  }

  /** Opens a saved template from the Templates dialog, which then closes. */
  async openMyTemplate(name: string): Promise<void> {
    await this.openTemplatesDialog();
    await this.myTemplateCard(name).getByTestId('my-template-open').click();
    await expect(this.templatesDialog).toBeHidden();
  }

  // ---- my pipelines ----

  get pipelinesList(): Locator {
    return this.page.getByTestId('pipelines-list');
  }
  get pipelineRows(): Locator {
    return this.pipelinesList.getByTestId('pipeline-row');
  }
  /** The row whose name is exactly `name`. */
  pipelineRow(name: string): Locator {
    return this.pipelineRows.filter({ has: this.page.getByTestId('pipeline-row-name').getByText(name, { exact: true }) });
  }
  get pipelineName(): Locator {
    return this.page.getByTestId('pipeline-name');
  }

  /** Opens My pipelines from the chevron by the name (repeating a click that lands before hydration). */
  async openPipelines(): Promise<void> {
    await expect(async () => {
      if (!(await this.pipelinesList.isVisible())) await this.page.getByTestId('pipelines-button').click({ timeout: 2_000 });
      await expect(this.pipelinesList).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  }

  async closePipelines(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.pipelinesList).toBeHidden();
  }

  /** Switches to the pipeline named `name` from the list and waits for its name in the top bar. */
  async switchToPipeline(name: string): Promise<void> {
    await this.openPipelines();
    await this.pipelineRow(name).getByTestId('pipeline-open').click();
    await expect(this.pipelinesList).toBeHidden();
    await expect(this.pipelineName).toHaveValue(name);
  }

  /** Starts a new blank pipeline from the list. */
  async newPipeline(): Promise<void> {
    const before = await this.pipelineName.inputValue();
    await this.openPipelines();
    await this.pipelinesList.getByTestId('pipelines-new').click();
    await expect(this.pipelinesList).toBeHidden();
    await expect(this.pipelineName).not.toHaveValue(before);
    await expect(this.nodes).toHaveCount(0);
  }

  /** A row's action (rename, duplicate, delete), shown when the row is hovered or focused. */
  async pipelineAction(name: string, action: 'rename' | 'duplicate' | 'delete'): Promise<void> {
    const row = this.pipelineRow(name);
    await row.hover();
    await row.getByTestId(`pipeline-${action}`).click();
  }

  // ---- tidy layout, clipboard, picture ----

  get tidyButton(): Locator {
    return this.page.getByTestId('tidy-layout');
  }

  /** Clicks "Tidy layout" and waits for the layout to be done (the button says it is busy meanwhile). */
  async tidy(): Promise<void> {
    await this.tidyButton.click();
    await expect(this.tidyButton).toHaveAttribute('aria-busy', 'false');
    await expect(this.tidyButton).toHaveText('Tidy layout');
  }

  /** Every node's position on the canvas (not on the screen), as React Flow places it. */
  async nodePositions(): Promise<Record<string, { x: number; y: number }>> {
    const entries = await this.page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((el) => {
        const m = (el as HTMLElement).style.transform.match(/translate\((-?[\d.]+)px, ?(-?[\d.]+)px\)/);
        return [el.getAttribute('data-id') ?? '', { x: Number(m?.[1]), y: Number(m?.[2]) }] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** Adds nodes to the selection with Ctrl/Cmd held, as a person picks several. */
  async selectNodes(ids: string[]): Promise<void> {
    await this.selectNode(ids[0]);
    await this.page.keyboard.down('ControlOrMeta');
    for (const id of ids.slice(1)) {
      const box = await this.node(id).boundingBox();
      if (!box) throw new Error(`node-${id} is not on screen`);
      await this.node(id).click({ position: { x: box.width / 2, y: Math.min(14, box.height / 2) } });
    }
    await this.page.keyboard.up('ControlOrMeta');
  }

  /** Opens "Download picture", picks a format and returns the download. */
  async downloadPicture(format: 'png' | 'svg') {
    await this.page.getByTestId('download-picture').click();
    const downloading = this.page.waitForEvent('download');
    await this.page.getByTestId(`picture-${format}`).click();
    return downloading;
  }

  // ---- export ----

  get exportButton(): Locator {
    return this.page.getByTestId('export-button');
  }
  get exportPanel(): Locator {
    return this.page.getByTestId('export-panel');
  }
  /** The code viewer; `data-path` names the file it shows. */
  get exportCode(): Locator {
    return this.page.getByTestId('export-code');
  }
  /** The file tabs, in the order the panel lists them. */
  get exportFiles(): Locator {
    return this.exportPanel.getByRole('tab');
  }
  exportFile(path: string): Locator {
    return this.page.getByTestId(`export-file-${path}`);
  }
  /** What the panel shows instead of code when the pipeline does not compile. */
  get exportBlocked(): Locator {
    return this.page.getByTestId('export-blocked');
  }
  get exportIssues(): Locator {
    return this.page.getByTestId('export-issue');
  }

  /** Opens the Export panel (again until React has hydrated) and waits for the code, or for the problems that stop it. */
  async openExport(): Promise<void> {
    await expect(async () => {
      if (!(await this.exportPanel.isVisible())) await this.exportButton.click({ timeout: 2_000 });
      await expect(this.exportPanel).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(this.exportCode.or(this.exportBlocked)).toBeVisible();
  }

  /** The text the code viewer shows, line for line, without its line numbers. */
  async shownCode(): Promise<string> {
    // An empty line holds only its newline.
    return this.exportCode.locator('code').evaluate((code) => Array.from(code.children, (line) => (line.textContent ?? '').replace(/\n$/, '')).join('\n'));
  }

  /** Clicks "Download project" and returns the browser's download. */
  async downloadExport(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('export-download').click();
    return download;
  }

  // ---- palette at scale and the model summary ----------------------------------------------

  paletteItem(kind: string): Locator {
    return this.page.getByTestId(`palette-item-${kind}`);
  }
  /** A category's header in the palette: a button that folds it; aria-expanded tells its state. */
  paletteCategory(category: string): Locator {
    return this.page.getByTestId(`palette-category-${category}`);
  }
  /** The card about a palette entry; data-kind names the node it describes. */
  get paletteCard(): Locator {
    return this.page.getByTestId('palette-card');
  }
  paletteCardPorts(direction: 'input' | 'output'): Locator {
    return this.paletteCard.locator(`[data-testid="palette-card-port"][data-direction="${direction}"]`);
  }
  paletteCardParam(name: string): Locator {
    return this.paletteCard.locator(`[data-testid="palette-card-param"][data-name="${name}"]`);
  }

  /** Rests the pointer on a palette entry until its card opens. */
  async hoverPaletteItem(kind: string): Promise<void> {
    await this.expandPanel('palette');
    const item = this.paletteItem(kind);
    await item.scrollIntoViewIfNeeded();
    await item.hover();
    await expect(this.paletteCard).toHaveAttribute('data-kind', kind);
  }

  get modelSummaryButton(): Locator {
    return this.page.getByTestId('model-summary-button');
  }
  get modelSummary(): Locator {
    return this.page.getByTestId('model-summary');
  }
  get modelSummaryRows(): Locator {
    return this.modelSummary.getByTestId('model-summary-row');
  }
  modelSummaryTotal(which: 'total-params' | 'weights' | 'batch' | 'missing' | 'formula'): Locator {
    return this.modelSummary.getByTestId(`model-summary-${which}`);
  }

  /** Opens the model summary from the top bar (again until React has hydrated). */
  async openModelSummary(): Promise<void> {
    await expect(async () => {
      if (!(await this.modelSummary.isVisible())) await this.modelSummaryButton.click({ timeout: 2_000 });
      await expect(this.modelSummary).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  }

  /** The summary's rows as text: name, kind, output shape and parameters, as the dialog shows them. */
  async modelSummaryTable(): Promise<{ name: string; kind: string; shape: string; params: string }[]> {
    return this.modelSummaryRows.evaluateAll((rows) =>
      rows.map((row) => {
        const text = (testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
        const layerCell = row.querySelector('td')!;
        return {
          name: text('model-summary-layer'),
          kind: layerCell.querySelector('span')?.textContent?.trim() ?? '',
          shape: text('model-summary-shape'),
          params: text('model-summary-params'),
        };
      }),
    );
  }
}

/** A file as a test hands it to the page: what a person would pick or drop. */
export interface PickedFile {
  name: string;
  text: string;
  type?: string;
}

/** The first number in a shown value ("0.512", "91.2%", "1,5"); NaN when there is none (the panel's "–"). */
function numberIn(text: string): number {
  const match = text.match(/-?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?/i);
  return match ? Number(match[0].replace(',', '.')) : Number.NaN;
}
