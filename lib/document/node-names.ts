import { getNodeDefinition } from '@/nodes';
import type { PipelineDocument } from './document';

/** How the canvas names nodes, by node id. */
export type NodeNames = Record<string, string>;

/**
 * Each node's name as the canvas shows it (its own label, else its kind's), so that messages point
 * at what a person sees. Where two nodes share a name, the node id tells them apart: Dense “hidden”.
 */
export function nodeNames(doc: PipelineDocument): NodeNames {
  const shown = doc.nodes.map((n) => [n.id, n.label ?? getNodeDefinition(n.kind)?.ui.label ?? n.kind] as const);
  const uses = new Map<string, number>();
  for (const [, name] of shown) uses.set(name, (uses.get(name) ?? 0) + 1);
  return Object.fromEntries(shown.map(([id, name]) => [id, uses.get(name)! > 1 ? `${name} “${id}”` : name]));
}

/** A node's name from `names`, else its kind's label: a spec step may come from a node no longer on the canvas. */
export function nameOf(names: NodeNames, nodeId: string, kind: string): string {
  return names[nodeId] ?? getNodeDefinition(kind)?.ui.label ?? kind;
}
