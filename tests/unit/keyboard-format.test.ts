import { describe, expect, it } from 'vitest';
import { formatKeys, keyName, keys, shortcutGroups } from '@/components/ui/keyboard';

describe('shortcut names', () => {
  it('prints Ctrl elsewhere and ⌘ on a Mac', () => {
    expect(formatKeys(keys.redo, false)).toBe('Ctrl+Shift+Z');
    expect(formatKeys(keys.redo, true)).toBe('⇧⌘Z');
    expect(formatKeys(keys.train, false)).toBe('Ctrl+Enter');
    expect(formatKeys(keys.train, true)).toBe('⌘Enter');
    expect(keyName('Mod', true)).toBe('⌘');
  });

  it('lists every named combination in the help sheet', () => {
    const listed = new Set(shortcutGroups.flatMap((g) => g.items.flatMap((i) => i.keys)));
    for (const [name, combo] of Object.entries(keys)) expect(listed.has(combo), name).toBe(true);
  });
});
