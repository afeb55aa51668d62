import type { PipelineDocument, PipelineEdge } from '@/lib/document/document';
import type { CompileResult, Issue } from '@/lib/compile/compile';

/**
 * Small, explicit edits of a template, so each test states only what it breaks
 * instead of copying a whole document. Every helper returns a new document.
 */

export function clone(doc: PipelineDocument): PipelineDocument {
  return structuredClone(doc);
}

/** "node.port" -> [node, port]; node ids in the templates never contain a dot. */
function splitRef(ref: string): [string, string] {
  const dot = ref.indexOf('.');
  if (dot < 0) throw new Error(`Expected "node.port", got "${ref}"`);
  return [ref.slice(0, dot), ref.slice(dot + 1)];
}

export function edge(from: string, to: string): PipelineEdge {
  const [source, sourcePort] = splitRef(from);
  const [target, targetPort] = splitRef(to);
  return { source, sourcePort, target, targetPort };
}

const sameEdge = (a: PipelineEdge, b: PipelineEdge) =>
  a.source === b.source && a.sourcePort === b.sourcePort && a.target === b.target && a.targetPort === b.targetPort;

export function removeNode(doc: PipelineDocument, id: string): PipelineDocument {
  if (!doc.nodes.some((n) => n.id === id)) throw new Error(`No node "${id}" to remove`);
  return {
    ...clone(doc),
    nodes: doc.nodes.filter((n) => n.id !== id).map((n) => structuredClone(n)),
    edges: doc.edges.filter((e) => e.source !== id && e.target !== id).map((e) => ({ ...e })),
  };
}

export function addNode(doc: PipelineDocument, id: string, kind: string, params: Record<string, unknown> = {}): PipelineDocument {
  const next = clone(doc);
  next.nodes.push({ id, kind, params, position: { x: 0, y: 0 } });
  return next;
}

export function addEdge(doc: PipelineDocument, from: string, to: string): PipelineDocument {
  const next = clone(doc);
  next.edges.push(edge(from, to));
  return next;
}

export function removeEdge(doc: PipelineDocument, from: string, to: string): PipelineDocument {
  const gone = edge(from, to);
  if (!doc.edges.some((e) => sameEdge(e, gone))) throw new Error(`No edge ${from} -> ${to} to remove`);
  const next = clone(doc);
  next.edges = next.edges.filter((e) => !sameEdge(e, gone));
  return next;
}

/** Moves the end of a wire: removes `from -> oldTo`, adds `from -> newTo`. */
export function rewire(doc: PipelineDocument, from: string, oldTo: string, newTo: string): PipelineDocument {
  return addEdge(removeEdge(doc, from, oldTo), from, newTo);
}

export function setParams(doc: PipelineDocument, id: string, patch: Record<string, unknown>): PipelineDocument {
  const next = clone(doc);
  const node = next.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`No node "${id}" to change`);
  node.params = { ...node.params, ...patch };
  return next;
}

export function issuesWith(result: CompileResult, code: string): Issue[] {
  return result.issues.filter((i) => i.code === code);
}

export function codes(result: CompileResult): string[] {
  return [...new Set(result.issues.map((i) => i.code))].sort();
}

/** Moves the start of a wire: removes `oldFrom -> to`, adds `newFrom -> to`. */
export function replaceSource(doc: PipelineDocument, oldFrom: string, newFrom: string, to: string): PipelineDocument {
  return addEdge(removeEdge(doc, oldFrom, to), newFrom, to);
}
