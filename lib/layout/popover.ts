import type { Rect } from './free-spot';

export interface PopoverPlacement {
  /** Which edge of the anchor the popover lines up with: its left (start) or its right (end). */
  align: 'start' | 'end';
  side: 'below' | 'above';
}

/**
 * Where a popover wider or taller than what it belongs to opens so that it stays inside `bounds`:
 * below and left-aligned by default; right-aligned when that would cross the right edge, and above
 * when it would cross the bottom, each only where the other way has more room.
 */
export function popoverPlacement(anchor: Rect, size: { width: number; height: number }, bounds: Rect): PopoverPlacement {
  const roomRight = bounds.x + bounds.width - anchor.x;
  const roomLeft = anchor.x + anchor.width - bounds.x;
  const roomBelow = bounds.y + bounds.height - (anchor.y + anchor.height);
  const roomAbove = anchor.y - bounds.y;
  return {
    align: size.width > roomRight && roomLeft > roomRight ? 'end' : 'start',
    side: size.height > roomBelow && roomAbove > roomBelow ? 'above' : 'below',
  };
}

/**
 * Where a card about a list entry opens: beside the entry, never over it (to its right, or to
 * its left when the right has no room), its top level with the entry's and moved up as far as
 * needed to stay inside `bounds`.
 */
export function besidePlacement(anchor: Rect, size: { width: number; height: number }, bounds: Rect, gap: number): { x: number; y: number } {
  const right = anchor.x + anchor.width + gap;
  const fitsRight = right + size.width <= bounds.x + bounds.width;
  const x = fitsRight ? right : Math.max(bounds.x, anchor.x - gap - size.width);
  const lowest = bounds.y + bounds.height - size.height;
  const y = Math.max(bounds.y, Math.min(anchor.y, lowest));
  return { x, y };
}
