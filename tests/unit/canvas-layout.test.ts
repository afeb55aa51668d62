import { beforeEach, describe, expect, it } from 'vitest';
import { freeSpot, type Rect } from '@/lib/layout/free-spot';
import { backWirePoints, roundedPath } from '@/lib/layout/wires';
import { compile, type Issue } from '@/lib/compile/compile';
import { edgeId } from '@/lib/document/document';
import { usePipeline } from '@/lib/store/pipeline';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { edge, replaceSource } from '../support/pipeline';
import { checkConnection } from '@/components/canvas/connection';

const overlaps = (a: Rect, b: Rect, gap = 0) =>
  a.x < b.x + b.width + gap && a.x + a.width + gap > b.x && a.y < b.y + b.height + gap && a.y + a.height + gap > b.y;

describe('freeSpot', () => {
  const size = { width: 196, height: 120 };
  const view: Rect = { x: 0, y: 0, width: 1000, height: 700 };

  it('puts a node in the middle of an empty view', () => {
    const { position, inView } = freeSpot({ size, taken: [], view });
    expect(position).toEqual({ x: 402, y: 290 });
    expect(inView).toBe(true);
  });

  it('never covers a node, even after many additions in a row', () => {
    const taken: Rect[] = [{ x: 380, y: 270, width: 196, height: 142 }];
    for (let i = 0; i < 8; i++) {
      const { position, inView } = freeSpot({ size, taken, view });
      const placed = { ...position, ...size };
      for (const other of taken) expect(overlaps(placed, other, 23), `node ${i} vs ${JSON.stringify(other)}`).toBe(false);
      expect(inView).toBe(true);
      taken.push(placed);
    }
  });

  it('goes beside the selected node, to its right, in its row, when that is on screen', () => {
    const selected: Rect = { x: 100, y: 200, width: 196, height: 120 };
    const { position } = freeSpot({ size, taken: [selected], view, beside: selected });
    expect(position).toEqual({ x: 100 + 196 + 120, y: 200 });
  });

  it('tries right, then below, above and left of the selection, each when the one before is taken', () => {
    const selected: Rect = { x: 400, y: 290, width: 196, height: 120 };
    const taken: Rect[] = [selected];
    const sides = [
      { x: 400 + 196 + 120, y: 290 }, // right
      { x: 400, y: 290 + 120 + 24 }, // below
      { x: 400, y: 290 - 120 - 24 }, // above
      { x: 400 - 196 - 120, y: 290 }, // left
    ];
    const view: Rect = { x: 0, y: 0, width: 1400, height: 900 };
    for (const side of sides) {
      const placed = freeSpot({ size, taken, view, beside: selected });
      expect(placed.position).toEqual(side);
      expect(placed).toMatchObject({ inView: true, pan: { x: 0, y: 0 } });
      taken.push({ ...placed.position, ...size });
    }
    // All four taken: the next ring, still clear of every node.
    const next = freeSpot({ size, taken, view, beside: selected });
    for (const other of taken) expect(overlaps({ ...next.position, ...size }, other, 23)).toBe(false);
  });

  it('finds room a little further out when a node sits off the grid beside the selection', () => {
    const selected: Rect = { x: 100, y: 200, width: 196, height: 120 };
    const offGrid: Rect = { x: 440, y: 130, width: 196, height: 100 };
    const { position } = freeSpot({ size, taken: [selected, offGrid], view, beside: selected });
    expect(overlaps({ ...position, ...size }, offGrid, 23)).toBe(false);
    // Still to the right, just under the node in the way.
    expect(position).toEqual({ x: 100 + 196 + 120, y: 260 });
  });

  // Before: a node added beside a selection near the edge went right anyway and the view panned to it,
  // so a flow built by clicks scrolled its start out of sight. Now a free spot on screen wins.
  it('goes below a selection at the right edge rather than off screen', () => {
    const selected: Rect = { x: 780, y: 200, width: 196, height: 120 };
    const placed = freeSpot({ size, taken: [selected], view, beside: selected });
    expect(placed.position).toEqual({ x: 780, y: 200 + 120 + 24 });
    expect(placed.inView).toBe(true);
  });

  it('building a flow by clicks, each node beside the last, keeps every node on screen', () => {
    const view: Rect = { x: 0, y: 0, width: 1000, height: 600 };
    let last: Rect = { x: 402, y: 240, ...size };
    const taken: Rect[] = [last];
    for (let i = 0; i < 6; i++) {
      const placed = freeSpot({ size, taken, view, beside: last });
      expect(placed.inView, `node ${i + 2} is on screen`).toBe(true);
      last = { ...placed.position, ...size };
      for (const other of taken) expect(overlaps(last, other, 23)).toBe(false);
      taken.push(last);
    }
  });

  it('when no free spot is on screen, takes the nearest beside the selection and pans the least', () => {
    const view: Rect = { x: 0, y: 0, width: 700, height: 400 };
    const selected: Rect = { x: 400, y: 140, width: 196, height: 120 };
    // Everything else on screen is full.
    const wall: Rect[] = [selected];
    for (let x = -300; x < 1000; x += 220) for (let y = -300; y < 700; y += 150) if (!overlaps({ x, y, ...size }, selected, 24) && x < 400) wall.push({ x, y, width: 196, height: 126 });
    const placed = freeSpot({ size, taken: wall, view, beside: selected });
    expect(placed.position).toEqual({ x: 400 + 196 + 120, y: 140 });
    expect(placed.inView).toBe(false);
    expect(placed.pan).toEqual({ x: 400 + 196 + 120 + 196 - (700 - 12), y: 0 });
  });

  it('without a selection prefers a spot in view to a nearer one off screen', () => {
    const view: Rect = { x: 0, y: 0, width: 600, height: 400 };
    // The middle and everything right of it is taken; the free room left is in view.
    const taken: Rect[] = [{ x: 150, y: -400, width: 2000, height: 1200 }];
    const placed = freeSpot({ size, taken, view });
    expect(placed.inView).toBe(false);
    const room: Rect[] = [{ x: 200, y: -400, width: 2000, height: 1200 }];
    const inRoom = freeSpot({ size: { width: 150, height: 100 }, taken: room, view });
    expect(inRoom.inView).toBe(true);
    expect(inRoom.position.x + 150 + 24).toBeLessThanOrEqual(200);
    // A view full of nodes: the spot is outside it, and the caller is told to pan.
    const wall: Rect[] = [];
    for (let x = -200; x < 1200; x += 220) for (let y = -200; y < 900; y += 160) wall.push({ x, y, width: 196, height: 140 });
    const crowded = freeSpot({ size, taken: wall, view });
    expect(crowded.inView).toBe(false);
    for (const other of wall) expect(overlaps({ ...crowded.position, ...size }, other)).toBe(false);
  });
});

describe('wires back to an earlier column', () => {
  it('cross over in the gap above the target node, clear of the nodes in between', () => {
    const points = backWirePoints({ x: 808, y: 70 }, { x: 0, y: 252 }, { top: 182, bottom: 302 }, { stub: 18, sourceIndex: 0, targetIndex: 0 });
    expect(points).toBeDefined();
    const crossing = points!.filter((p) => p.y === 168);
    expect(crossing).toHaveLength(2);
    expect(points!.at(0)).toEqual({ x: 808, y: 70 });
    expect(points!.at(-1)).toEqual({ x: 0, y: 252 });
  });

  it('leave forward wires to the default path', () => {
    expect(backWirePoints({ x: 196, y: 70 }, { x: 306, y: 34 }, { top: -40, bottom: 78 }, { stub: 18, sourceIndex: 0, targetIndex: 0 })).toBeUndefined();
  });

  it('draw as one path through every corner', () => {
    const d = roundedPath([{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 40 }], 10);
    expect(d).toBe('M 0 0 L 10 0 Q 20 0 20 10 L 20 40');
  });
});

describe('E_CYCLE', () => {
  it('names the connection that closes the loop and offers to delete it', () => {
    // classifier feeds back into hidden: hidden -> classifier -> hidden.
    const doc = replaceSource(digitCnn, 'flatten.out', 'classifier.out', 'hidden.in');
    const cycles = compile(doc).issues.filter((i) => i.code === 'E_CYCLE');
    expect(cycles.map((i) => i.nodeId).sort()).toEqual(['classifier', 'hidden']);
    const closing = edge('classifier.out', 'hidden.in');
    for (const issue of cycles) {
      expect(issue.message).toContain('Dense (classifier) → Dense (hidden)');
      expect(issue.fix).toMatchObject({ deleteEdge: edgeId(closing) });
    }
    // Applying the fix leaves no loop behind.
    const fixed = { ...doc, edges: doc.edges.filter((e) => edgeId(e) !== cycles[0].fix!.deleteEdge) };
    expect(compile(fixed).issues.filter((i) => i.code === 'E_CYCLE')).toEqual([]);
  });
});

describe('the pipeline store', () => {
  beforeEach(() => usePipeline.getState().loadDocument(structuredClone(digitCnn), { history: false }));

  it('connect() into a taken input replaces the old wire, says which, and one undo restores it', () => {
    const before = usePipeline.getState().doc.edges;
    // The columns straight into the first layer, around Normalize.
    const replaced = usePipeline.getState().connect(edge('pixels.out', 'conv.in'));
    expect(replaced).toEqual(edge('normalize.out', 'conv.in'));
    const after = usePipeline.getState().doc.edges.map(edgeId);
    expect(after).toContain(edgeId(edge('pixels.out', 'conv.in')));
    expect(after).not.toContain(edgeId(edge('normalize.out', 'conv.in')));
    usePipeline.getState().undo();
    expect(usePipeline.getState().doc.edges).toEqual(before);
  });

  it('connect() into a free input replaces nothing', () => {
    usePipeline.getState().deleteElements([], [edgeId(edge('normalize.out', 'conv.in'))]);
    expect(usePipeline.getState().connect(edge('normalize.out', 'conv.in'))).toBeUndefined();
  });

  it('applyFix() deletes the connection an issue names, as one undo step', () => {
    usePipeline.getState().connect(edge('classifier.out', 'hidden.in'));
    const doc = usePipeline.getState().doc;
    const issue = compile(doc).issues.find((i): i is Issue & { fix: NonNullable<Issue['fix']> } => i.code === 'E_CYCLE' && !!i.fix)!;
    usePipeline.getState().applyFix(issue.fix);
    expect(usePipeline.getState().doc.edges.map(edgeId)).not.toContain(issue.fix.deleteEdge);
    usePipeline.getState().undo();
    expect(usePipeline.getState().doc).toBe(doc);
  });
});

describe('checkConnection', () => {
  const wire = (from: string, to: string) => {
    const e = edge(from, to);
    return checkConnection(digitCnn, { source: e.source, sourceHandle: e.sourcePort, target: e.target, targetHandle: e.targetPort });
  };

  it('accepts ports of the same type, naming both', () => {
    expect(wire('classifier.out', 'loss.prediction')).toMatchObject({ ok: true, out: { id: 'out' }, into: { id: 'prediction' } });
  });

  it('refuses a loss into a layer, saying what each side carries', () => {
    const check = wire('loss.loss', 'hidden.in');
    expect(check).toMatchObject({ ok: false });
    expect(check && !check.ok && check.message).toMatch(/takes a tensor.*gives a loss/);
  });

  it('refuses a node feeding its own input', () => {
    expect(wire('hidden.out', 'hidden.in')).toMatchObject({ ok: false, message: expect.stringContaining('its own input') });
  });

  it('knows nothing of ports that do not exist', () => {
    expect(wire('hidden.nope', 'classifier.in')).toBeUndefined();
  });
});
