import type { NamedBox } from './pages/builder';

/** Box arithmetic for layout checks; names in the results say which elements clash. */
export const intersects = (a: NamedBox, b: NamedBox) =>
  a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

/** Every pair of boxes that overlap, named, so a failure says which. */
export function overlapsAmong(boxes: NamedBox[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (intersects(boxes[i], boxes[j])) found.push(`${boxes[i].name} x ${boxes[j].name}`);
  }
  return found;
}

export function overlapsBetween(a: NamedBox[], b: NamedBox[]): string[] {
  return a.flatMap((x) => b.filter((y) => intersects(x, y)).map((y) => `${x.name} x ${y.name}`));
}

export function inside(inner: NamedBox, outer: NamedBox): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/**
 * A grid on the canvas for building by hand, in pixels from its top-left corner: columns wide
 * enough for one node each, kept 50 px from the edges where React Flow would auto-pan under a
 * dragged node.
 */
export const cell = (column: number, row: number) => ({ x: 50 + column * 250, y: 50 + row * 340 });
/** Palette drops put the middle of the node's title bar under the pointer. */
export const dropPoint = (column: number, row: number) => ({ x: cell(column, row).x + 100, y: cell(column, row).y + 16 });
