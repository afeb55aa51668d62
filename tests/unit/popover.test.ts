import { describe, expect, it } from 'vitest';
import { popoverPlacement } from '@/lib/layout/popover';

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
