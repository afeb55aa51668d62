import { edgeId, type PipelineDocument } from '@/lib/document/document';
import { estimatedNodeBox, portReach, type NodeBox } from './node-box';
import { shapeLabelBox, wireCrossesBox, wirePoints, wireStub, type Box, type Point } from './wires';

export interface WireGeometry {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  points: Point[];
}

export interface LabelGeometry {
  /** The wire the label is written on. */
  id: string;
  /** The output port it names: every wire from that port runs under it. */
  port: string;
  box: Box;
}

/** Where the canvas draws every node, wire and shape label of a document, in canvas coordinates. */
export interface GraphGeometry {
  nodes: { id: string; box: Box }[];
  wires: WireGeometry[];
  labels: LabelGeometry[];
}

/**
 * The canvas's drawing of a document worked out without a browser, from the same geometry the
 * canvas uses (lib/layout/wires.ts), so a layout can be checked in a unit test. `labelText` gives
 * the shape label written on a wire (compile's inferred shape), undefined for none; the label is
 * written once per output, on its first wire, as the canvas does.
 */
export function graphGeometry(
  doc: PipelineDocument,
  labelText: (edgeId: string) => string | undefined,
  boxes: Record<string, NodeBox> = {},
): GraphGeometry {
  const placed = new Map(doc.nodes.map((n) => [n.id, { node: n, box: boxes[n.id] ?? estimatedNodeBox(n) }]));
  const nodes = doc.nodes.map((n) => ({ id: n.id, box: { ...n.position, width: placed.get(n.id)!.box.width, height: placed.get(n.id)!.box.height } }));
  const wires: WireGeometry[] = [];
  const labels: LabelGeometry[] = [];
  const labelled = new Set<string>();
  for (const edge of doc.edges) {
    const from = placed.get(edge.source);
    const to = placed.get(edge.target);
    const sourceY = from?.box.outputs[edge.sourcePort];
    const targetY = to?.box.inputs[edge.targetPort];
    if (!from || !to || sourceY === undefined || targetY === undefined) continue;
    const id = edgeId(edge);
    const source = { x: from.node.position.x + from.box.width + portReach, y: from.node.position.y + sourceY };
    const target = { x: to.node.position.x - portReach, y: to.node.position.y + targetY };
    const points = wirePoints({
      source,
      target,
      targetBox: { top: to.node.position.y, bottom: to.node.position.y + to.box.height },
      stub: wireStub,
      sourceIndex: Object.keys(from.box.outputs).indexOf(edge.sourcePort),
      targetIndex: Object.keys(to.box.inputs).indexOf(edge.targetPort),
    });
    wires.push({ id, source: edge.source, sourcePort: edge.sourcePort, target: edge.target, points });
    const port = `${edge.source}.${edge.sourcePort}`;
    const text = labelText(id);
    if (text !== undefined && !labelled.has(port)) {
      labelled.add(port);
      labels.push({ id, port, box: shapeLabelBox(source, text) });
    }
  }
  return { nodes, wires, labels };
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

/**
 * What makes a drawing hard to read, named: nodes on nodes, a label on a node or another label, a
 * label crossed by a wire other than those it names, a wire through a node it does not connect.
 */
export function layoutClashes(geometry: GraphGeometry): string[] {
  const { nodes, wires, labels } = geometry;
  const found: string[] = [];
  nodes.forEach((a, i) => nodes.slice(i + 1).forEach((b) => overlap(a.box, b.box) && found.push(`node ${a.id} on node ${b.id}`)));
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach((b) => overlap(a.box, b.box) && found.push(`label of ${a.port} on label of ${b.port}`));
    for (const n of nodes) if (overlap(a.box, n.box)) found.push(`label of ${a.port} on node ${n.id}`);
    for (const w of wires) {
      if (`${w.source}.${w.sourcePort}` !== a.port && wireCrossesBox(w.points, a.box)) found.push(`wire ${w.id} through label of ${a.port}`);
    }
  });
  for (const w of wires) {
    for (const n of nodes) {
      if (n.id === w.source || n.id === w.target) continue;
      if (wireCrossesBox(w.points, n.box)) found.push(`wire ${w.id} through node ${n.id}`);
    }
  }
  return found;
}
