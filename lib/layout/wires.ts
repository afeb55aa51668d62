export interface Point {
  x: number;
  y: number;
}

/**
 * The corners of a wire from an output (on a node's right edge) back to an input on a node at the
 * left or below it, or undefined when the wire runs forward and a plain step path is fine. It leaves
 * its port to the right, drops beside its own node, crosses over in the gap just above (or below)
 * the target node, and comes down to the input from the left, so it never runs through the nodes
 * in between. Wires from or to different ports keep a few pixels apart.
 */
export function backWirePoints(
  source: Point,
  target: Point,
  targetBox: { top: number; bottom: number },
  options: { stub: number; sourceIndex: number; targetIndex: number },
): Point[] | undefined {
  const { stub, sourceIndex, targetIndex } = options;
  const out = source.x + stub + 10 * sourceIndex;
  const into = target.x - stub - 10 * targetIndex;
  if (into > out) return undefined;
  const below = source.y < targetBox.top;
  const crossY = below ? targetBox.top - 14 - 8 * targetIndex : targetBox.bottom + 14 + 8 * targetIndex;
  return [source, { x: out, y: source.y }, { x: out, y: crossY }, { x: into, y: crossY }, { x: into, y: target.y }, target];
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
