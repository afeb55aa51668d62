export interface Point {
  x: number;
  y: number;
}

/** The length of a wire's first run out of its port (and last run into one), before it may turn. */
export const wireStub = 18;

/** Where a wire ends and how it must run: its two port points, the target node's top and bottom, the ports' places. */
export interface WireEnds {
  source: Point;
  target: Point;
  targetBox: { top: number; bottom: number };
  /** The length of a wire's first and last runs, out of and into its ports, before it may turn. */
  stub: number;
  /** Place of the ports among their node's outputs and inputs: wires from or to different ports run apart. */
  sourceIndex: number;
  targetIndex: number;
}

/**
 * How far right of its output a wire going back to an earlier column runs before it drops: past
 * the shape label written at the start of every wire (up to 16 characters), so the drop crosses
 * no label of the nodes below in that column.
 */
export const backWireReach = 118;

/**
 * The corners of a wire, from its output port (on a node's right edge) to its input port (on a
 * node's left edge). A wire that runs forward goes straight out of its port and turns just before
 * its target, so the space right of a node, where its output's shape label is written, holds no
 * wire but its own. A wire back to a node at the left or below goes round, as backWirePoints says.
 */
export function wirePoints(ends: WireEnds): Point[] {
  const back = backWirePoints(ends.source, ends.target, ends.targetBox, ends);
  if (back) return back;
  const { source, target, stub, targetIndex } = ends;
  if (Math.abs(source.y - target.y) < 0.5) return [source, target];
  const turn = target.x - stub - 10 * targetIndex;
  return [source, { x: turn, y: source.y }, { x: turn, y: target.y }, target];
}

/**
 * The corners of a wire from an output (on a node's right edge) back to an input on a node at the
 * left or below it, or undefined when the wire runs forward and the plain path is fine. It leaves
 * its port to the right, past the shape labels of its column, drops there, crosses over in the gap
 * just above (or below) the target node, and comes down to the input from the left, so it never
 * runs through the nodes in between. Wires from or to different ports keep a few pixels apart.
 */
export function backWirePoints(
  source: Point,
  target: Point,
  targetBox: { top: number; bottom: number },
  options: { stub: number; sourceIndex: number; targetIndex: number },
): Point[] | undefined {
  const { stub, sourceIndex, targetIndex } = options;
  const into = target.x - stub - 10 * targetIndex;
  if (into > source.x + stub + 10 * sourceIndex) return undefined;
  const out = source.x + backWireReach + 10 * sourceIndex;
  const below = source.y < targetBox.top;
  const crossY = below ? targetBox.top - 14 - 8 * targetIndex : targetBox.bottom + 14 + 8 * targetIndex;
  return [source, { x: out, y: source.y }, { x: out, y: crossY }, { x: into, y: crossY }, { x: into, y: target.y }, target];
}

/** How far the shape labels at a node's outputs reach right of it: the longest shape in the templates, and a margin. */
export const labelReach = 116;

/**
 * The margins the canvas keeps round the graph when it fits the view: room at the bottom for the
 * zoom buttons and the toolbar, and at the left for wires coming round into the first column.
 */
export const fitPadding = { top: 20, right: 20, bottom: 44, left: 36 };

/** A rectangle in canvas coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The box of the shape label written at the start of a wire (components/canvas/shape-edge.tsx):
 * a monospaced line, measured in Chromium at 6.3 px a character plus its padding and border.
 */
export function shapeLabelBox(source: Point, text: string): Box {
  return { x: source.x + 6, y: source.y - 9, width: 10.4 + 6.3 * text.length, height: 18 };
}

/** Whether the straight run from a to b (level or upright, as wires run) passes through the box's inside. */
export function runCrossesBox(a: Point, b: Point, box: Box): boolean {
  const [left, right] = a.x < b.x ? [a.x, b.x] : [b.x, a.x];
  const [top, bottom] = a.y < b.y ? [a.y, b.y] : [b.y, a.y];
  return left < box.x + box.width && right > box.x && top < box.y + box.height && bottom > box.y;
}

/** Whether a wire through `points` passes through the box anywhere. */
export function wireCrossesBox(points: Point[], box: Box): boolean {
  return points.slice(1).some((p, i) => runCrossesBox(points[i], p, box));
}

/** An SVG path through `points` with straight runs and corners rounded by up to `radius`. */
export function roundedPath(points: Point[], radius: number): string {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const toward = (p: Point, q: Point) => {
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      return { x: p.x + ((q.x - p.x) / len) * r, y: p.y + ((q.y - p.y) / len) * r };
    };
    const start = toward(b, a);
    const end = toward(b, c);
    d += ` L ${start.x} ${start.y} Q ${b.x} ${b.y} ${end.x} ${end.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}
