import { getNodeDefinition } from '@/nodes';
import type { PipelineNode } from './document';

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
