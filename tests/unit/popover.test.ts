import { describe, expect, it } from 'vitest';
import { besidePlacement, popoverPlacement } from '@/lib/layout/popover';

describe('popoverPlacement', () => {
  const bounds = { x: 0, y: 0, width: 900, height: 600 };
  const size = { width: 280, height: 160 };
  const node = (x: number, y: number) => ({ x, y, width: 196, height: 90 });

  it('opens below the node, from its left edge, where there is room', () => {
    expect(popoverPlacement(node(100, 100), size, bounds)).toEqual({ align: 'start', side: 'below' });
  });

  it('lines up with the right edge of a node near the right edge of the canvas', () => {
    // 680 + 280 = 960 > 900, while 680 + 196 - 280 = 596 stays inside.
    expect(popoverPlacement(node(680, 100), size, bounds)).toEqual({ align: 'end', side: 'below' });
  });

  it('opens above a node near the bottom of the canvas', () => {
    expect(popoverPlacement(node(100, 480), size, bounds)).toEqual({ align: 'start', side: 'above' });
  });

  it('keeps the default way when the other has even less room', () => {
    const small = { x: 0, y: 0, width: 250, height: 120 };
    expect(popoverPlacement(node(10, 10), size, small)).toEqual({ align: 'start', side: 'below' });
  });
});

describe('besidePlacement', () => {
  // A palette entry at the left of a 1024x700 window, and a card 300 wide.
  const window = { x: 0, y: 0, width: 1024, height: 700 };
  const entry = (y: number) => ({ x: 8, y, width: 216, height: 44 });
  const card = { width: 300, height: 260 };
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('opens to the right of the entry, level with its top', () => {
    expect(besidePlacement(entry(120), card, window, 12)).toEqual({ x: 236, y: 120 });
  });

  it('moves up near the bottom of the window so the whole card shows, still beside the entry', () => {
    const at = besidePlacement(entry(640), card, window, 12);
    expect(at).toEqual({ x: 236, y: 700 - 260 });
    expect(overlaps({ ...at, ...card }, entry(640))).toBe(false);
  });

  it('opens to the left of an entry near the right edge, and never above the window', () => {
    const at = besidePlacement({ x: 800, y: 10, width: 200, height: 40 }, { width: 300, height: 900 }, window, 12);
    expect(at).toEqual({ x: 488, y: 0 });
  });
});
