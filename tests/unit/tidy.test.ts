import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';
import { graphGeometry, layoutClashes } from '@/lib/layout/graph-geometry';
import { estimatedNodeBox, nodeWidth, type NodeBox } from '@/lib/layout/node-box';
import { columnGap, tidyLayout, type Positions } from '@/lib/layout/tidy';
import { formatShape } from '@/lib/shape/shape';
import { templates } from '@/lib/templates';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { addEdge, addNode, edge } from '../support/pipeline';

type Box = { id: string; x: number; y: number; width: number; height: number };

function placed(doc: PipelineDocument, positions: Positions, boxes: Record<string, NodeBox> = {}): Box[] {
  return doc.nodes.map((n) => {
    const box = boxes[n.id] ?? estimatedNodeBox(n);
    return { id: n.id, ...positions[n.id], width: box.width, height: box.height };
  });
}

function overlapping(boxes: Box[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y) found.push(`${a.id} x ${b.id}`);
    }),
  );
  return found;
}

/**
 * Wires that do not run left to right: each must reach a node to the right of its source, with
 * room for the label between, or, where the flow is cut into rows, a node wholly below it.
 */
function backwards(doc: PipelineDocument, boxes: Box[]): string[] {
  const at = new Map(boxes.map((b) => [b.id, b]));
  return doc.edges
    .filter((e) => {
      const s = at.get(e.source)!;
      const t = at.get(e.target)!;
      return !(t.x >= s.x + s.width + columnGap - 1 || t.y >= s.y + s.height);
    })
    .map((e) => `${e.source}.${e.sourcePort} -> ${e.target}.${e.targetPort}`);
}

function withPositions(doc: PipelineDocument, positions: Positions): PipelineDocument {
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions[n.id] })) };
}

/** The shape label the canvas writes on each wire: compile's inferred shape. */
function labels(doc: PipelineDocument) {
  const shapes = compile(doc).analysis.edgeShapes;
  return (id: string) => (shapes[id] ? (shapes[id].length === 0 ? 'scalar' : formatShape(shapes[id])) : undefined);
}

/** A chain of Dense layers with a few branches, long enough to be cut into rows. */
function branchy(): PipelineDocument {
  let doc: PipelineDocument = { version: documentVersion, name: 'Branches', description: '', nodes: [], edges: [] };
  for (let i = 0; i < 9; i++) doc = addNode(doc, `d${i}`, 'layer.dense', { units: 8 });
  for (let i = 0; i < 6; i++) doc = addEdge(doc, `d${i}.out`, `d${i + 1}.in`);
  doc = addEdge(doc, 'd1.out', 'd7.in');
  doc = addEdge(doc, 'd2.out', 'd8.in');
  return doc;
}

describe('tidyLayout', () => {
  for (const template of templates) {
    describe(`the ${template.id} template`, () => {
      it('is stored as the tidy layout lays it out (run scripts/tidy-templates.ts after changing a template)', async () => {
        const positions = await tidyLayout(template.document);
        expect(Object.fromEntries(template.document.nodes.map((n) => [n.id, n.position]))).toEqual(positions);
      });

      it('runs left to right, no node on another, no label crossed by a wire or on a node, no wire through a node', async () => {
        const doc = template.document;
        const boxes = placed(doc, await tidyLayout(doc));
        expect(overlapping(boxes)).toEqual([]);
        expect(backwards(doc, boxes)).toEqual([]);
        const geometry = graphGeometry(doc, labels(doc));
        expect(geometry.labels.length).toBeGreaterThan(5);
        expect(layoutClashes(geometry)).toEqual([]);
      });
    });
  }

  it('lays a short flow out in one row, in the order of its wires', async () => {
    // dataset -> split -> pixels (Select columns)
    const doc = { ...digitCnn, nodes: digitCnn.nodes.filter((n) => ['dataset', 'pixels', 'split'].includes(n.id)), edges: digitCnn.edges.slice(0, 2) };
    const positions = await tidyLayout(doc);
    expect(positions.dataset.x).toBe(0);
    expect(positions.split.x).toBe(nodeWidth + columnGap);
    expect(positions.pixels.x).toBe(2 * (nodeWidth + columnGap));
  });

  it('cuts a long flow into rows, each left to right, and keeps branches clear of each other', async () => {
    const doc = branchy();
    const boxes = placed(doc, await tidyLayout(doc));
    expect(overlapping(boxes)).toEqual([]);
    expect(backwards(doc, boxes)).toEqual([]);
    expect(new Set(boxes.map((b) => b.x)).size).toBeLessThan(7);
  });

  it('fits the rows to the canvas: a narrow canvas gets fewer columns than a wide one', async () => {
    const doc = branchy();
    const columns = async (view: { width: number; height: number }) => new Set(Object.values(await tidyLayout(doc, {}, { view })).map((p) => p.x)).size;
    const narrow = await columns({ width: 600, height: 900 });
    const wide = await columns({ width: 2400, height: 600 });
    expect(narrow).toBeLessThan(wide);
  });

  it('makes room for the sizes measured on screen', async () => {
    const tall = Object.fromEntries(digitCnn.nodes.map((n) => {
      const box = estimatedNodeBox(n);
      return [n.id, { ...box, height: box.height + 80 }];
    }));
    const boxes = placed(digitCnn, await tidyLayout(digitCnn, tall), tall);
    expect(overlapping(boxes)).toEqual([]);
    expect(backwards(digitCnn, boxes)).toEqual([]);
  });

  it('is deterministic', async () => {
    const doc = branchy();
    expect(await tidyLayout(doc)).toEqual(await tidyLayout(structuredClone(doc)));
  });

  it('lays out a loop without overlaps, and wires it does not know (a missing node or port) are left out', async () => {
    let doc = addEdge(digitCnn, 'classifier.out', 'hidden.in');
    doc = { ...doc, edges: [...doc.edges, edge('ghost.out', 'hidden.in'), edge('hidden.nope', 'classifier.in')] };
    doc = addNode(doc, 'stranger', 'layer.unknownKind');
    const positions = await tidyLayout(doc);
    expect(Object.keys(positions).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    expect(overlapping(placed(doc, positions))).toEqual([]);
  });

  it('returns nothing for an empty canvas', async () => {
    expect(await tidyLayout({ ...digitCnn, nodes: [], edges: [] })).toEqual({});
  });
});

describe('estimatedNodeBox', () => {
  // Measured in Chromium on the digit template (node height, port centres below the top).
  it('gives the sizes the canvas draws', () => {
    const box = (id: string) => estimatedNodeBox(digitCnn.nodes.find((n) => n.id === id)!);
    expect(box('dataset')).toEqual({ width: 196, height: 90, inputs: {}, outputs: { table: 71 } });
    expect(box('pixels')).toMatchObject({ height: 119, inputs: { table: 71 }, outputs: { out: 71 } });
    expect(box('conv')).toMatchObject({ height: 120, inputs: { in: 71 }, outputs: { out: 71 } });
    expect(box('flatten')).toMatchObject({ height: 100, inputs: { in: 51 } });
    // "Categorical cross-entropy" wraps onto two lines.
    expect(box('loss')).toMatchObject({ height: 112, inputs: { prediction: 69, labels: 93 } });
    expect(box('optimizer')).toMatchObject({ height: 90, inputs: { loss: 71 } });
  });
});

describe('graph geometry', () => {
  it('finds a label crossed by another wire and a wire through a node', () => {
    // Normalize moved between the dataset and the split, level with them: the table wire runs through it.
    const doc = withPositions(digitCnn, { ...Object.fromEntries(digitCnn.nodes.map((n) => [n.id, n.position])), split: { x: 692, y: 0 }, normalize: { x: 346, y: 0 } });
    expect(layoutClashes(graphGeometry(doc, labels(doc)))).toContain('wire dataset.table->split.table through node normalize');
    // MaxPool2D moved onto the shape label at Conv2D's output.
    const crowded = withPositions(digitCnn, { ...Object.fromEntries(digitCnn.nodes.map((n) => [n.id, n.position])), pool: { x: 560, y: 200 } });
    expect(layoutClashes(graphGeometry(crowded, labels(crowded))).some((c) => c.includes('label of conv.out'))).toBe(true);
  });
});
