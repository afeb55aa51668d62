import { getNodeDefinition } from '@/nodes';
import type { PipelineNode } from '@/lib/document/document';

/** Every canvas node has this width; only its height depends on its kind. */
export const nodeWidth = 196;

/**
 * How far a port's handle reaches past the node's edge: React Flow starts a wire at the outer edge
 * of the output handle and ends it at the outer edge of the input handle.
 */
export const portReach = 4.5;

/** A node's size and where its ports sit, as distances from its top-left corner. */
export interface NodeBox {
  width: number;
  height: number;
  /** Input port id -> the height of its centre below the node's top. */
  inputs: Record<string, number>;
  /** Output port id -> the height of its centre below the node's top. */
  outputs: Record<string, number>;
}

// The parts of a node card (components/canvas/pipeline-node.tsx), measured in Chromium.
const border = 1;
const headerPadding = 14;
const titleLine = 18;
const summaryLine = 20;
const portsPadding = 6;
const portRow = 24;
const paramsFooter = 30;
const shapeFooter = 29;
/** The room a title has before it wraps (the card less its padding and colour mark), and its average letter width. */
const titleRoom = 156;
const titleLetter = 6.6;

/**
 * A node's box as the canvas draws it, worked out from its kind, for when React Flow has not
 * measured it (in Node, in tests, before the first paint). The title's wrapping is estimated from
 * its length; a measured box is always better.
 */
export function estimatedNodeBox(node: Pick<PipelineNode, 'kind' | 'label'>): NodeBox {
  const def = getNodeDefinition(node.kind);
  const title = node.label ?? def?.ui.label ?? node.kind;
  const titleLines = Math.max(1, Math.ceil((title.length * titleLetter) / titleRoom));
  const header = headerPadding + titleLines * titleLine;
  if (!def) return { width: nodeWidth, height: 2 * border + header, inputs: {}, outputs: {} };
  // A summary line shows for valid params; invalid ones put a note of the same height in its place.
  const hasSummary = def.summary !== undefined || Object.keys(def.params.shape).length > 0;
  const rows = Math.max(def.inputs.length, def.outputs.length);
  const portsTop = border + header + (hasSummary ? summaryLine : 0) + portsPadding;
  const tensorOutputs = def.outputs.filter((p) => p.type === 'tensor').length;
  const showParams = def.category === 'layer' && def.paramCount !== undefined;
  const footer = showParams ? paramsFooter : tensorOutputs === 1 ? shapeFooter : 0;
  const ports = rows > 0 ? rows * portRow + 2 * portsPadding : 0;
  const at = (i: number) => portsTop + i * portRow + portRow / 2;
  return {
    width: nodeWidth,
    height: 2 * border + header + (hasSummary ? summaryLine : 0) + ports + footer,
    inputs: Object.fromEntries(def.inputs.map((p, i) => [p.id, at(i)])),
    outputs: Object.fromEntries(def.outputs.map((p, i) => [p.id, at(i)])),
  };
}
