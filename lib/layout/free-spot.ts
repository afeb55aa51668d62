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

export interface FreeSpot {
  position: Point;
  /** Whether the spot is fully on screen. */
  inView: boolean;
  /** The least the view must move (in canvas coordinates) to show the spot; zero when it is in view. */
  pan: Point;
}

const step = 20;
const reach = 40;
const rings = 4;
const margin = 12;

/**
 * Where a node added without a pointer position should go. Beside the selection: to its right (where
 * a flow goes on), else below, above, left, then the same further out. Without one: the middle of
 * the view. Either way a spot that covers no node and is fully on screen wins over a nearer one off
 * screen, so adding never moves the view while there is room in it; when there is none, the nearest
 * free spot is taken and `pan` says the least the view must move to show it.
 */
export function freeSpot(request: FreeSpotRequest): FreeSpot {
  const { size, taken, view, beside, gap = 24, columnGap = 120 } = request;
  const fits = (p: Point) =>
    !taken.some(
      (r) => p.x < r.x + r.width + gap && p.x + size.width + gap > r.x && p.y < r.y + r.height + gap && p.y + size.height + gap > r.y,
    );
  const candidates = beside ? aroundSelection(beside, size, gap, columnGap) : aroundMiddle(view, size);
  // The first free spot on screen, else the first free one; the search stops at the first on screen
  // because each check walks every node (a migrated document may place many nodes in a row).
  let best: Point | undefined;
  for (const p of candidates) {
    if (!fits(p)) continue;
    best ??= p;
    if (visible(p, size, view)) {
      best = p;
      break;
    }
  }
  if (best) return placed({ x: best.x, y: best.y }, size, view);
  // Everything near is full: go below all the nodes.
  const bottom = Math.max(...taken.map((r) => r.y + r.height));
  const x = beside ? beside.x : view.x + (view.width - size.width) / 2;
  return placed({ x: Math.round(x), y: Math.round(bottom + gap) }, size, view);
}

function visible(p: Point, size: FreeSpotRequest['size'], view: Rect): boolean {
  return (
    p.x >= view.x + margin &&
    p.y >= view.y + margin &&
    p.x + size.width <= view.x + view.width - margin &&
    p.y + size.height <= view.y + view.height - margin
  );
}

function placed(position: Point, size: FreeSpotRequest['size'], view: Rect): FreeSpot {
  const shift = (start: number, length: number, viewStart: number, viewLength: number) => {
    const over = start + length - (viewStart + viewLength - margin);
    const under = viewStart + margin - start;
    return under > 0 ? -under : over > 0 ? Math.min(over, -under) : 0;
  };
  const pan = {
    x: shift(position.x, size.width, view.x, view.width),
    y: shift(position.y, size.height, view.y, view.height),
  };
  return { position, inView: pan.x === 0 && pan.y === 0, pan };
}

/**
 * Spots in rings of node-sized cells around the selection, nearest ring first; within a ring right,
 * below, above, left, then the corners. A cell whose exact spot is taken may still have room a few
 * steps further out (nodes are not laid on this grid), so each cell lists those shifts too, never
 * towards the selection, which keeps the room for the wire.
 */
function aroundSelection(beside: Rect, size: FreeSpotRequest['size'], gap: number, columnGap: number): Point[] {
  const columnX = (i: number) =>
    i > 0 ? beside.x + beside.width + columnGap + (i - 1) * (size.width + columnGap) : beside.x + i * (size.width + columnGap);
  const rowY = (j: number) =>
    j > 0 ? beside.y + beside.height + gap + (j - 1) * (size.height + gap) : beside.y + j * (size.height + gap);
  /** Offsets along one axis, up to half a cell: both ways when the cell is level with the selection, else only away from it. */
  const offsets = (away: number, length: number) => {
    const n = Math.floor(length / 2 / step);
    if (away !== 0) return Array.from({ length: n + 1 }, (_, k) => away * k * step);
    return Array.from({ length: 2 * n + 1 }, (_, k) => (k - n) * step);
  };
  const cellShifts = (i: number, j: number) => {
    const shifts: Point[] = [];
    for (const x of offsets(Math.sign(i), size.width + columnGap)) for (const y of offsets(Math.sign(j), size.height + gap)) shifts.push({ x, y });
    return shifts.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y));
  };
  const points: Point[] = [];
  for (let k = 1; k <= rings; k++) {
    for (const [i, j] of ringCells(k)) {
      for (const d of cellShifts(i, j)) points.push({ x: Math.round(columnX(i) + d.x), y: Math.round(rowY(j) + d.y) });
    }
  }
  return points;
}

/** The cells at ring k: the right side, the bottom, the top, the left, each from its middle out (down before up); corners last. */
function ringCells(k: number): [number, number][] {
  const fromMiddle = Array.from({ length: 2 * k - 1 }, (_, n) => (n % 2 === 0 ? -n / 2 : (n + 1) / 2));
  return [
    ...fromMiddle.map((j): [number, number] => [k, j]),
    ...fromMiddle.map((i): [number, number] => [i, k]),
    ...fromMiddle.map((i): [number, number] => [i, -k]),
    ...fromMiddle.map((j): [number, number] => [-k, j]),
    [k, k],
    [k, -k],
    [-k, k],
    [-k, -k],
  ];
}

/** Spots spiralling out from the middle of the view, nearest first, rows counting more than columns. */
function aroundMiddle(view: Rect, size: FreeSpotRequest['size']): Point[] {
  const start = { x: view.x + (view.width - size.width) / 2, y: view.y + (view.height - size.height) / 2 };
  const candidates: (Point & { d: number })[] = [];
  for (let i = -reach; i <= reach; i++) {
    for (let j = -reach; j <= reach; j++) {
      candidates.push({ x: Math.round(start.x + i * step), y: Math.round(start.y + j * step), d: Math.hypot(i, j * 1.5) });
    }
  }
  return candidates.sort((a, b) => a.d - b.d);
}
