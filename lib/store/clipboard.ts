import { z } from 'zod';
import { getNodeDefinition } from '@/nodes';
import { PipelineEdge, PipelineNode, type PipelineDocument } from '@/lib/document/document';
import { uniqueNodeId, usePipeline } from './pipeline';

/**
 * Nodes on the clipboard: the selected nodes and the wires between them, as a small JSON envelope
 * on the system clipboard, so they paste into another tab, another pipeline or this one.
 */
export interface Clip {
  type: typeof clipType;
  version: 1;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

const clipType = 'pipeline-builder/nodes';
/** What a paste reads at most: more than a whole pipeline's worth of text is not a clip of this app. */
const maxClipText = 1_000_000;
/** How far a pasted copy sits from what was copied, so both show. */
export const pasteStep = 40;

const ClipSchema = z.object({
  type: z.literal(clipType),
  version: z.literal(1),
  nodes: z.array(PipelineNode).min(1).max(500),
  edges: z.array(PipelineEdge).max(2000),
});

/** The selected nodes and the wires among them; wires to nodes left out are not copied. Undefined when no node is selected. */
export function copySelection(doc: PipelineDocument, nodeIds: readonly string[]): Clip | undefined {
  const chosen = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return { type: clipType, version: 1, nodes: structuredClone(nodes), edges: edges.map((e) => ({ ...e })) };
}

export function clipText(clip: Clip): string {
  return JSON.stringify(clip);
}

/**
 * A clip from clipboard text, or undefined for anything else (text copied elsewhere, a damaged or
 * oversized clip). Nodes of kinds this app does not know are left out, with the wires to them.
 */
export function readClipText(text: string): Clip | undefined {
  if (text.length === 0 || text.length > maxClipText) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ClipSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const nodes = parsed.data.nodes.filter((n, i, all) => getNodeDefinition(n.kind) && all.findIndex((m) => m.id === n.id) === i);
  if (nodes.length === 0) return undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = parsed.data.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { type: clipType, version: 1, nodes, edges };
}

/**
 * Adds a copy of the clip's nodes to the document: fresh ids, the same params and labels, the
 * wires between them, all shifted right and down by `pasteStep`, or by more where an earlier copy
 * already sits there, so repeated pastes fan out instead of piling up. Returns the new ids.
 */
export function pasteClip(doc: PipelineDocument, clip: Clip): { doc: PipelineDocument; ids: string[] } {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const occupied = new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`));
  let shift = pasteStep;
  while (clip.nodes.some((n) => occupied.has(`${n.position.x + shift},${n.position.y + shift}`))) shift += pasteStep;
  const renamed = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = uniqueNodeId(n.kind, taken);
    taken.add(id);
    renamed.set(n.id, id);
    return { ...structuredClone(n), id, position: { x: n.position.x + shift, y: n.position.y + shift } };
  });
  const edges = clip.edges.map((e) => ({ ...e, source: renamed.get(e.source)!, target: renamed.get(e.target)! }));
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

/** The last clip copied in this tab: what a paste falls back to where the system clipboard could not be written. */
let lastClip: Clip | undefined;

/** Copies the selected nodes, handing the clip's text to `write` (the copy event's clipboard). Returns how many nodes. */
export function copyNodes(write: (text: string) => void): number {
  const { doc, selection } = usePipeline.getState();
  const clip = copySelection(doc, selection.nodes);
  if (!clip) return 0;
  lastClip = clip;
  write(clipText(clip));
  return clip.nodes.length;
}

/**
 * Pastes what the clipboard holds as one undo step and selects it. `text` is the system
 * clipboard's text; when there is none (it could not be read), the last clip copied in this tab.
 * Returns how many nodes were pasted; 0 when the clipboard holds no nodes.
 */
export function pasteNodes(text: string | undefined): number {
  const clip = text ? readClipText(text) : lastClip;
  return clip ? insert(clip) : 0;
}

/** Copies the selected nodes beside themselves, as one undo step, leaving the clipboard alone. */
export function duplicateNodes(): number {
  const { doc, selection } = usePipeline.getState();
  const clip = copySelection(doc, selection.nodes);
  return clip ? insert(clip) : 0;
}

function insert(clip: Clip): number {
  let ids: string[] = [];
  usePipeline.getState().commit((doc) => {
    const pasted = pasteClip(doc, clip);
    ids = pasted.ids;
    return pasted.doc;
  });
  usePipeline.getState().select({ nodes: ids, edges: [] });
  return ids.length;
}
