import type { PipelineEdge } from '@/lib/document/document';

// Walks over the wires, knowing nothing about node kinds: the passes say what to keep.

/** Kahn's algorithm; nodes on a cycle are left out of the order. */
export function topologicalOrder(ids: string[], edges: PipelineEdge[]): string[] {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of edges) {
      if (e.source !== id) continue;
      const left = indegree.get(e.target)! - 1;
      indegree.set(e.target, left);
      if (left === 0) ready.push(e.target);
    }
  }
  return order;
}

/** `start` and every node reachable from it downstream through nodes that pass `keep`. */
export function downstream(start: string, edges: PipelineEdge[], keep: (id: string) => boolean): Set<string> {
  return reach(start, edges, keep, 'source', 'target');
}

/** `start` and every node it reads from upstream through nodes that pass `keep`. */
export function upstream(start: string, edges: PipelineEdge[], keep: (id: string) => boolean): Set<string> {
  return reach(start, edges, keep, 'target', 'source');
}

/** The nodes on a loop through `id` (those it reaches and that reach it back); empty when it is on none. */
export function loopThrough(id: string, edges: PipelineEdge[]): Set<string> {
  const after = downstream(id, edges, () => true);
  if (!edges.some((e) => e.target === id && after.has(e.source))) return new Set();
  const before = upstream(id, edges, () => true);
  return new Set([...after].filter((n) => before.has(n)));
}

/** One walk for both directions: from a node along the wires whose `from` end it is, to their `to` end. */
function reach(start: string, edges: PipelineEdge[], keep: (id: string) => boolean, from: 'source' | 'target', to: 'source' | 'target'): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of edges) {
      if (e[from] === id && !seen.has(e[to]) && keep(e[to])) {
        seen.add(e[to]);
        stack.push(e[to]);
      }
    }
  }
  return seen;
}
