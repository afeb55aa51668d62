import { compile, type CompileResult, type Issue } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { usePipeline } from './pipeline';

let last: { doc: PipelineDocument; result: CompileResult } | undefined;

/**
 * compile() is derived from the document, never stored. Positions do not affect it, so a drag
 * (a new document every frame) reuses the last result: the nodes then keep the same analysis
 * objects and do not re-render, and compile does not run 60 times a second.
 */
export function compileCached(doc: PipelineDocument): CompileResult {
  if (last && (last.doc === doc || sameSemantics(last.doc, doc))) {
    last = { doc, result: last.result };
    return last.result;
  }
  last = { doc, result: compile(doc) };
  return last.result;
}

function sameSemantics(a: PipelineDocument, b: PipelineDocument): boolean {
  if (a.edges !== b.edges || a.name !== b.name || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return n.id === m.id && n.kind === m.kind && n.params === m.params && n.label === m.label;
  });
}

/** The selector returns the cached result, so subscribers re-render only when compile's output changes. */
export function useCompiled(): CompileResult {
  return usePipeline((s) => compileCached(s.doc));
}

const noIssues: Issue[] = [];
const issuesByNodeCache = new WeakMap<Issue[], Map<string, Issue[]>>();

/** Issues grouped by node, computed once per compile result. */
export function issuesForNode(issues: Issue[], nodeId: string): Issue[] {
  let byNode = issuesByNodeCache.get(issues);
  if (!byNode) {
    byNode = new Map();
    for (const issue of issues) {
      if (!issue.nodeId) continue;
      const list = byNode.get(issue.nodeId) ?? [];
      list.push(issue);
      byNode.set(issue.nodeId, list);
    }
    issuesByNodeCache.set(issues, byNode);
  }
  return byNode.get(nodeId) ?? noIssues;
}
