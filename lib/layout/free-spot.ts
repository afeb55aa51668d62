export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  width: number;
  height: number;
}

export interface FreeSpotRequest {
  /** The size of the node to place. */
  size: { width: number; height: number };
  /** The boxes of the nodes already on the canvas, as measured. */
  taken: Rect[];
  /** The part of the canvas on screen, in canvas coordinates. */
  view: Rect;
  /** The selected node, if any: the new node goes beside it, where the next step of a flow would be. */
  beside?: Rect;
  /** The least space kept between the new node and any other. */
  gap?: number;
  /** The space kept between the selected node and the new one: room for a wire and its shape label. */
  columnGap?: number;
}

const step = 20;
const reach = 40;

/**
 * Where a node added without a pointer position should go: the free spot nearest to beside the
 * selection, or to the middle of the view, that covers no other node. Without a selection a spot in
 * view wins over a nearer one that is not; `inView` says whether the canvas must pan to show it.
 */
export function freeSpot(request: FreeSpotRequest): { position: Point; inView: boolean } {
  const { size, taken, view, beside, gap = 24, columnGap = 120 } = request;
  const start = beside
    ? { x: beside.x + beside.width + columnGap, y: beside.y }
    : { x: view.x + (view.width - size.width) / 2, y: view.y + (view.height - size.height) / 2 };
  const margin = 12;
  const fits = (p: Point) =>
    !taken.some(
      (r) => p.x < r.x + r.width + gap && p.x + size.width + gap > r.x && p.y < r.y + r.height + gap && p.y + size.height + gap > r.y,
    );
  const visible = (p: Point) =>
    p.x >= view.x + margin &&
    p.y >= view.y + margin &&
    p.x + size.width <= view.x + view.width - margin &&
    p.y + size.height <= view.y + view.height - margin;

  const candidates: (Point & { d: number })[] = [];
  for (let i = -reach; i <= reach; i++) {
    for (let j = -reach; j <= reach; j++) {
      // Beside the selection, keep to its row and look right first: that is where the flow goes on.
      const d = beside ? Math.hypot(i < 0 ? i * 3 : i, j * 1.5) : Math.hypot(i, j * 1.5);
      candidates.push({ x: Math.round(start.x + i * step), y: Math.round(start.y + j * step), d });
    }
  }
  candidates.sort((a, b) => a.d - b.d);
  const free = candidates.filter(fits);
  const best = beside ? free[0] : (free.find(visible) ?? free[0]);
  if (!best) {
    // Everything near is full: go below all the nodes.
    const bottom = Math.max(...taken.map((r) => r.y + r.height));
    const position = { x: Math.round(start.x), y: Math.round(bottom + gap) };
    return { position, inView: visible(position) };
  }
  return { position: { x: best.x, y: best.y }, inView: visible(best) };
}
