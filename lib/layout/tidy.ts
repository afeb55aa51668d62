import type { ElkNode } from 'elkjs/lib/elk-api';
import type { PipelineDocument } from '@/lib/document/document';
import { estimatedNodeBox, type NodeBox } from './node-box';
import { graphGeometry, layoutClashes } from './graph-geometry';
import { fitPadding, labelReach, type Point } from './wires';

export type Positions = Record<string, Point>;

export interface TidyOptions {
  /**
   * The size of the canvas on screen. A flow too long for it is cut into rows, each running left
   * to right below the one before, as many columns to a row as show the whole graph largest.
   */
  view?: { width: number; height: number };
}

/** The canvas of a 1440x900 window with both side panels open: what the templates are laid out for. */
export const defaultTidyView = { width: 904, height: 620 };
/**
 * Between two columns: the shape label at an output (up to 14 characters, about 110 px) and, past
 * it, room for wires to turn towards their inputs and for wires back to the next row to drop.
 */
export const columnGap = 150;
/** Between nodes in one column. */
const nodeGap = 28;
/** Between rows: wires back to the next row cross here, a few pixels apart. */
const rowGap = 40;
/** The margins the canvas keeps when it fits the view (components/canvas/canvas.tsx fitViewOptions), the labels of the last column included. */
const fitMargin = { x: fitPadding.left + fitPadding.right + labelReach, y: fitPadding.top + fitPadding.bottom };

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | undefined;

/** elkjs is large (about 1.5 MB): it is loaded the first time a layout is asked for, not with the page. */
function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elk;
}

/**
 * Lays a pipeline out left to right with ELK's layered algorithm: each node's inputs on its left
 * and outputs on its right, where the canvas draws them, in the order its definition lists them;
 * columns far enough apart for the shape labels on the wires. `boxes` are the nodes' sizes and
 * port places as measured on screen; a node without one gets the size the canvas would give it.
 * Deterministic: the same document, boxes and view give the same positions.
 */
export async function tidyLayout(doc: PipelineDocument, boxes: Record<string, NodeBox> = {}, options: TidyOptions = {}): Promise<Positions> {
  if (doc.nodes.length === 0) return {};
  const view = options.view ?? defaultTidyView;
  const boxOf = new Map(doc.nodes.map((n) => [n.id, boxes[n.id] ?? estimatedNodeBox(n)]));
  const portId = (node: string, side: 'in' | 'out', port: string) => `${node}\u0000${side}\u0000${port}`;
  const edges = doc.edges.filter((e) => boxOf.get(e.source)?.outputs[e.sourcePort] !== undefined && boxOf.get(e.target)?.inputs[e.targetPort] !== undefined);

  const graph: ElkNode = {
    id: 'pipeline',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(columnGap),
      'elk.spacing.nodeNode': String(nodeGap),
      // Ties are broken by the document's order, so a layout never depends on anything else.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // Every node as far right as its wires allow: what the flow ends in (an optimizer, metrics)
      // shares the last column, rather than a metric stacking up beside the loss it does not need.
      'elk.layered.layering.strategy': 'LONGEST_PATH',
      // Balanced placement leaves a wire that skips a column room to pass beside the node in it
      // (the canvas draws wires level, not round nodes as ELK would route them).
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    },
    children: doc.nodes.map((n) => {
      const box = boxOf.get(n.id)!;
      const port = (side: 'in' | 'out', id: string, y: number) => ({
        id: portId(n.id, side, id),
        x: side === 'in' ? 0 : box.width,
        y,
        width: 0,
        height: 0,
        layoutOptions: { 'elk.port.side': side === 'in' ? 'WEST' : 'EAST' },
      });
      return {
        id: n.id,
        width: box.width,
        height: box.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
        ports: [
          ...Object.entries(box.inputs).map(([id, y]) => port('in', id, y)),
          ...Object.entries(box.outputs).map(([id, y]) => port('out', id, y)),
        ],
      };
    }),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [portId(e.source, 'out', e.sourcePort)], targets: [portId(e.target, 'in', e.targetPort)] })),
  };
  const laid = await (await loadElk()).layout(graph);
  const placed = (laid.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }));
  return wrapIntoRows(columnsOf(placed), view, { ...doc, edges }, boxOf);
}

type Placed = { id: string; x: number; y: number; width: number; height: number };

/** The layers ELK made, left to right: nodes whose spans across the canvas overlap share a column. */
function columnsOf(nodes: Placed[]): Placed[][] {
  const columns: Placed[][] = [];
  let right = -Infinity;
  for (const node of [...nodes].sort((a, b) => a.x - b.x || a.y - b.y)) {
    if (node.x >= right) columns.push([]);
    columns[columns.length - 1].push(node);
    right = Math.max(right, node.x + node.width);
  }
  return columns;
}

/** A zoom at which node titles and shape labels still read well: past it, fewer rows beat a larger picture. */
const readableZoom = 0.8;

type Graph = { doc: PipelineDocument; boxes: Map<string, NodeBox> };

/**
 * Cuts the columns into rows of `perRow` columns, stacked top to bottom, each starting at the left:
 * as few rows as keep the whole graph readable in the view, or, where none does, the count that
 * shows it largest.
 */
function wrapIntoRows(columns: Placed[][], view: { width: number; height: number }, doc: PipelineDocument, boxes: Map<string, NodeBox>): Positions {
  const graph = { doc, boxes };
  const options = columns.map((_, i) => {
    const laid = rows(columns, columns.length - i, graph);
    return { ...laid, zoom: Math.min(1, (view.width - fitMargin.x) / laid.width, (view.height - fitMargin.y) / laid.height) };
  });
  // A cut whose wires back to the next row run through a node reads badly at any zoom: take the
  // clean ones when there are any.
  const clean = options.filter((o) => clashesAt(o.positions, graph).length === 0);
  const pool = clean.length > 0 ? clean : options;
  const largest = Math.max(...pool.map((o) => o.zoom));
  return pool.find((o) => o.zoom >= Math.min(largest, readableZoom) - 1e-9)!.positions;
}

/** What would read badly in the whole graph laid out at `positions` (nodes it does not place stay where they are). */
function clashesAt(positions: Positions, { doc, boxes }: Graph) {
  const placed: PipelineDocument = { ...doc, nodes: doc.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
  return layoutClashes(graphGeometry(placed, () => undefined, Object.fromEntries(boxes)));
}

function rows(columns: Placed[][], perRow: number, graph: Graph): { positions: Positions; width: number; height: number } {
  const positions: Positions = {};
  let top = 0;
  let width = 0;
  for (let start = 0; start < columns.length; start += perRow) {
    let row = columns.slice(start, start + perRow);
    // The last column (what the flow ends in: optimizers, metrics) on a row of its own is laid
    // side by side rather than stacked: nothing wires its nodes to each other or onwards.
    if (start > 0 && row.length === 1 && row[0].length <= perRow) row = row[0].map((n) => [n]);
    const laid = compactRow(row, graph) ?? rowAsPlaced(row);
    for (const [id, p] of Object.entries(laid.positions)) positions[id] = { x: p.x, y: p.y + top };
    width = Math.max(width, laid.width);
    top += laid.height + rowGap;
  }
  return { positions, width, height: top - rowGap };
}

type Row = { positions: Positions; width: number; height: number };

/** Columns side by side, `columnGap` apart, each moved down by what `shift` says for it (given the columns placed so far); the row then starts at 0. */
function layRow(row: Placed[][], shift: (column: Placed[], at: Positions) => number): Row {
  const positions: Positions = {};
  let x = 0;
  row.forEach((column) => {
    const left = Math.min(...column.map((n) => n.x));
    const top = Math.min(...column.map((n) => n.y));
    const dy = shift(column, positions);
    for (const n of column) positions[n.id] = { x: Math.round(x + n.x - left), y: Math.round(n.y - top + dy) };
    x += Math.max(...column.map((n) => n.x + n.width - left)) + columnGap;
  });
  const nodes = row.flat();
  const rowTop = Math.min(...nodes.map((n) => positions[n.id].y));
  for (const n of nodes) positions[n.id].y -= rowTop;
  return { positions, width: x - columnGap, height: Math.max(...nodes.map((n) => positions[n.id].y + n.height)) };
}

/** The row as ELK placed it, which keeps room for wires that skip a column, but also offsets that only served other rows. */
function rowAsPlaced(row: Placed[][]): Row {
  const rowTop = Math.min(...row.flat().map((n) => n.y));
  return layRow(row, (column) => Math.min(...column.map((n) => n.y)) - rowTop);
}

/**
 * The row on its own: each column moved so its first wire from a column before it runs level
 * (but no higher than the row's top), or to the top when none comes from this row. Undefined when that runs a wire of the row through
 * one of its nodes: ELK's placement, which routed round them, is kept then.
 */
function compactRow(row: Placed[][], { doc, boxes }: Graph): Row | undefined {
  const laid = layRow(row, (column, at) => {
    const top = Math.min(...column.map((n) => n.y));
    for (const n of [...column].sort((a, b) => a.y - b.y)) {
      const input = doc.edges
        .filter((e) => e.target === n.id && at[e.source])
        .sort((a, b) => Object.keys(boxes.get(n.id)!.inputs).indexOf(a.targetPort) - Object.keys(boxes.get(n.id)!.inputs).indexOf(b.targetPort))[0];
      if (!input) continue;
      const sourceY = at[input.source].y + boxes.get(input.source)!.outputs[input.sourcePort];
      // Never above the row's first column: wires back from the row before cross just above it,
      // so a node standing higher would be run through.
      return Math.max(0, sourceY - boxes.get(n.id)!.inputs[input.targetPort] - (n.y - top));
    }
    return 0;
  });
  const ids = new Set(Object.keys(laid.positions));
  const rowDoc: PipelineDocument = {
    ...doc,
    nodes: doc.nodes.filter((n) => ids.has(n.id)).map((n) => ({ ...n, position: laid.positions[n.id] })),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
  const clashes = layoutClashes(graphGeometry(rowDoc, () => undefined, Object.fromEntries(boxes)));
  return clashes.length === 0 ? laid : undefined;
}
