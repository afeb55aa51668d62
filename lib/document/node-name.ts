import { getNodeDefinition } from '@/nodes';
import type { PipelineDocument, PipelineNode } from './document';

/** The name of a node as shown to people: the label they gave it, else its kind's name. */
export function nodeName(node: PipelineNode): string {
  return node.label ?? getNodeDefinition(node.kind)?.ui.label ?? node.kind;
}

/**
 * Names that tell nodes apart: where two nodes share a name, each gets its id after it
 * ("Dense (hidden)"), the id the inspector shows. An id of no node names itself.
 */
export function distinctNodeNames(nodes: readonly PipelineNode[]): (id: string) => string {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(nodeName(node), (counts.get(nodeName(node)) ?? 0) + 1);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return (id) => {
    const node = byId.get(id);
    if (!node) return id;
    const name = nodeName(node);
    return counts.get(name)! > 1 ? `${name} (${id})` : name;
  };
}

/** Node id -> the name people see, told apart as `distinctNodeNames` does: what a run keeps to word its messages. */
export type NodeNames = Record<string, string>;

export function nodeNames(doc: PipelineDocument): NodeNames {
  const name = distinctNodeNames(doc.nodes);
  return Object.fromEntries(doc.nodes.map((n) => [n.id, name(n.id)]));
}

/** A node's name from `names`, else its kind's label: a spec step may come from a node no longer on the canvas. */
export function nameOf(names: NodeNames, nodeId: string, kind: string): string {
  return names[nodeId] ?? getNodeDefinition(kind)?.ui.label ?? kind;
}
