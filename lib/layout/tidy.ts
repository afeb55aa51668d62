import type { ElkNode } from 'elkjs/lib/elk-api';
import type { PipelineDocument } from '@/lib/document/document';
import { estimatedNodeBox, type NodeBox } from './node-box';
import type { Point } from './wires';

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
 * Between two columns: the shape label at an output (up to 16 characters, about 110 px) and, past
 * it, room for wires to turn towards their inputs and for wires back to the next row to drop.
 */
export const columnGap = 160;
/** Between nodes in one column. */
const nodeGap = 28;
/** Between rows: wires back to the next row cross here, a few pixels apart. */
const rowGap = 40;
/** The margins the canvas keeps when it fits the view (components/canvas/canvas.tsx fitViewOptions), the labels of the last column included. */
const fitMargin = { x: 40 + 116, y: 64 };

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
  return wrapIntoRows(columnsOf(placed), view);
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

/**
 * Cuts the columns into rows of `perRow` columns, stacked top to bottom, each starting at the left:
 * as few rows as keep the whole graph readable in the view, or, where none does, the count that
 * shows it largest.
 */
function wrapIntoRows(columns: Placed[][], view: { width: number; height: number }): Positions {
  const options = columns.map((_, i) => {
    const laid = rows(columns, columns.length - i);
    return { ...laid, zoom: Math.min(1, (view.width - fitMargin.x) / laid.width, (view.height - fitMargin.y) / laid.height) };
  });
  const largest = Math.max(...options.map((o) => o.zoom));
  return options.find((o) => o.zoom >= Math.min(largest, readableZoom) - 1e-9)!.positions;
}

function rows(columns: Placed[][], perRow: number): { positions: Positions; width: number; height: number } {
  const positions: Positions = {};
  let top = 0;
  let width = 0;
  for (let start = 0; start < columns.length; start += perRow) {
    const row = columns.slice(start, start + perRow).flat();
    const left = Math.min(...row.map((n) => n.x));
    const rowTop = Math.min(...row.map((n) => n.y));
    for (const n of row) positions[n.id] = { x: Math.round(n.x - left), y: Math.round(n.y - rowTop + top) };
    width = Math.max(width, ...row.map((n) => n.x + n.width - left));
    top += Math.max(...row.map((n) => n.y + n.height - rowTop)) + rowGap;
  }
  return { positions, width, height: top - rowGap };
}
