import { useSyncExternalStore } from 'react';

/** Shortcuts must not steal keys from text fields: there, Ctrl+Z undoes typing and "/" is a character. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

/** A key combination as the user presses it; "Mod" is ⌘ on a Mac and Ctrl elsewhere. */
export type Keys = readonly string[];

/** The app's combinations by name, so a tooltip, the help sheet and the README say the same thing. */
export const keys = {
  search: ['/'],
  resultDown: ['↓'],
  resultUp: ['↑'],
  add: ['Enter'],
  selectAll: ['Mod', 'A'],
  delete: ['Delete'],
  deleteAlt: ['Backspace'],
  connect: ['C'],
  copy: ['Mod', 'C'],
  paste: ['Mod', 'V'],
  duplicate: ['Mod', 'D'],
  tidy: ['Shift', 'T'],
  undo: ['Mod', 'Z'],
  redo: ['Mod', 'Shift', 'Z'],
  redoAlt: ['Mod', 'Y'],
  train: ['Mod', 'Enter'],
  help: ['?'],
  close: ['Escape'],
} as const satisfies Record<string, Keys>;

export interface ShortcutGroup {
  title: string;
  items: { keys: Keys[]; does: string }[];
}

/** Every shortcut of the app, as the help sheet lists them. */
export const shortcutGroups: ShortcutGroup[] = [
  {
    title: 'Adding nodes',
    items: [
      { keys: [keys.search], does: 'Search the palette' },
      { keys: [keys.resultDown, keys.resultUp], does: 'Move through the search results' },
      { keys: [keys.add], does: 'Add the highlighted node to the canvas' },
    ],
  },
  {
    title: 'Editing the canvas',
    items: [
      { keys: [keys.connect], does: 'Connect an input of the selected node, picking its source from a list' },
      { keys: [keys.selectAll], does: 'Select every node and connection' },
      { keys: [keys.copy], does: 'Copy the selected nodes and the connections between them' },
      { keys: [keys.paste], does: 'Paste copied nodes, also into another pipeline or tab' },
      { keys: [keys.duplicate], does: 'Duplicate the selected nodes' },
      { keys: [keys.tidy], does: 'Tidy the layout: left to right, shape labels clear of wires' },
      { keys: [keys.delete, keys.deleteAlt], does: 'Delete what is selected' },
      { keys: [keys.undo], does: 'Undo' },
      { keys: [keys.redo, keys.redoAlt], does: 'Redo' },
    ],
  },
  {
    title: 'Training',
    items: [{ keys: [keys.train], does: 'Train, when the pipeline has no problems (works from any field)' }],
  },
  {
    title: 'Help',
    items: [
      { keys: [keys.help], does: 'Show these shortcuts' },
      { keys: [keys.close], does: 'Close a dialog, or leave the search box' },
    ],
  },
];

const macSymbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥' };

/** One key's name on this platform: the help sheet draws each key on its own. */
export function keyName(key: string, mac: boolean): string {
  if (key === 'Mod') return mac ? '⌘' : 'Ctrl';
  return mac ? (macSymbols[key] ?? key) : key;
}

/** A combination as text, e.g. for a tooltip: "⇧⌘Z" on a Mac, "Ctrl+Shift+Z" elsewhere. */
export function formatKeys(combo: Keys, mac: boolean): string {
  if (!mac) return combo.map((k) => keyName(k, false)).join('+');
  // Mac order: modifiers first, Shift before Command, as the system menus print them.
  const order = ['Alt', 'Shift', 'Mod'];
  const mods = order.filter((m) => combo.includes(m)).map((m) => macSymbols[m]);
  return [...mods, ...combo.filter((k) => !order.includes(k))].join('');
}

function detectMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}
const noSubscription = () => () => {};

/** Whether to print ⌘ rather than Ctrl; the server renders Ctrl and a Mac switches after hydration. */
export function useIsMac(): boolean {
  return useSyncExternalStore(noSubscription, detectMac, () => false);
}
