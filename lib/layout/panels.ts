/**
 * Which side panels (the node palette, the inspector) are open. Below `narrowWindowWidth` they
 * start folded to slim rails, so a laptop window keeps most of its width for the canvas; a
 * person's own choice for a panel wins over that default and is remembered in this browser.
 */

export type Panel = 'palette' | 'inspector';
export type PanelChoices = Partial<Record<Panel, boolean>>;

/** Below this window width the canvas would be too narrow to read a template beside both panels. */
export const narrowWindowWidth = 1280;

export const panelChoicesKey = 'pipeline-builder:panels';

/**
 * The inspector floating over the canvas's right edge while its column is folded: its width, its
 * margin from the edge, and the gap kept between it and a node it must not hide.
 */
export const floatingInspector = { width: 304, margin: 8, gap: 16 };

/** A window width of null means not measured yet (the server's render): panels open, as on a desktop. */
export function isPanelOpen(panel: Panel, choices: PanelChoices, windowWidth: number | null): boolean {
  return choices[panel] ?? (windowWidth === null || windowWidth >= narrowWindowWidth);
}

/** Reads what was stored; anything unreadable counts as no choice made, never as an error. */
export function parsePanelChoices(stored: string | null): PanelChoices {
  let value: unknown;
  try {
    value = JSON.parse(stored ?? '{}');
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const choices: PanelChoices = {};
  for (const panel of ['palette', 'inspector'] as const) {
    const open = (value as Record<string, unknown>)[panel];
    if (typeof open === 'boolean') choices[panel] = open;
  }
  return choices;
}
