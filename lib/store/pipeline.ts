import { create } from 'zustand';
import { getNodeDefinition } from '@/nodes';
import type { IssueFix } from '@/lib/compile/compile';
import { documentVersion, edgeId, type PipelineDocument, type PipelineEdge, type PipelineNode } from '@/lib/document/document';

/** The most undo steps kept; older ones are dropped so a long session does not grow without bound. */
const historyLimit = 200;

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface CommitOptions {
  /**
   * Edits with the same key in a row (typing in one field, dragging one node) merge into one undo
   * step, so Ctrl+Z undoes the whole word or the whole drag rather than one keystroke or pixel.
   */
  coalesce?: string;
}

export interface PipelineState {
  doc: PipelineDocument;
  past: PipelineDocument[];
  future: PipelineDocument[];
  /** Coalesce key of the last commit; any other edit (or undo) breaks the run. */
  lastCoalesce: string | null;
  selection: Selection;
  /**
   * Bumped each time a whole document is opened (a template, the autosave, or an undo or redo
   * across such an opening): what was trained on the previous document must not carry over to this one.
   */
  opened: number;

  commit: (recipe: (doc: PipelineDocument) => PipelineDocument, options?: CommitOptions) => void;
  /** Ends a run of coalesced edits (on blur, on drag end), so the next edit starts a new step. */
  breakCoalescing: () => void;
  loadDocument: (doc: PipelineDocument, options?: { history?: boolean }) => void;
  /**
   * Shows another of My pipelines with its own undo history (kept by the library for the session),
   * so Ctrl+Z never steps from one pipeline into another.
   */
  showPipeline: (doc: PipelineDocument, history: { past: PipelineDocument[]; future: PipelineDocument[] }) => void;
  addNode: (kind: string, position: { x: number; y: number }) => string | undefined;
  updateParams: (nodeId: string, patch: Record<string, unknown>, options?: CommitOptions) => void;
  setLabel: (nodeId: string, label: string) => void;
  moveNodes: (positions: Record<string, { x: number; y: number }>, options?: CommitOptions) => void;
  /** Adds a wire; an input takes one, so a wire already into that port is replaced, and returned. */
  connect: (edge: PipelineEdge) => PipelineEdge | undefined;
  /** Applies an issue's one-click repair as one undo step. */
  applyFix: (fix: IssueFix) => void;
  deleteElements: (nodeIds: string[], edgeIds: string[]) => void;
  setMeta: (meta: { name?: string; description?: string }) => void;
  undo: () => void;
  redo: () => void;
  /** Whether the next undo (or redo) crosses the opening of a document, i.e. swaps in another pipeline. */
  stepOpensDocument: (direction: 'undo' | 'redo') => boolean;
  select: (selection: Partial<Selection>) => void;
}

/**
 * The documents that loadDocument opened: the history step into one of them is an opening, so
 * stepping across it swaps the whole pipeline. Documents are never mutated, so identity marks them.
 */
const openedDocuments = new WeakSet<PipelineDocument>();

export function blankDocument(): PipelineDocument {
  return { version: documentVersion, name: 'Untitled pipeline', description: '', nodes: [], edges: [] };
}

/** Readable ids like "dense-2": node ids appear in edge ids and exported code, and must not contain dots. */
export function uniqueNodeId(kind: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    (kind.split('.').pop() ?? 'node')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^a-zA-Z0-9-]/g, '')
      .toLowerCase() || 'node';
  for (let i = 1; ; i++) {
    const id = i === 1 && !used.has(base) ? base : `${base}-${i}`;
    if (!used.has(id)) return id;
  }
}

export const usePipeline = create<PipelineState>()((set, get) => ({
  doc: blankDocument(),
  past: [],
  future: [],
  lastCoalesce: null,
  selection: { nodes: [], edges: [] },
  opened: 0,

  commit: (recipe, options = {}) => {
    const { doc, past, lastCoalesce } = get();
    const next = recipe(doc);
    if (next === doc) return;
    const merge = options.coalesce !== undefined && options.coalesce === lastCoalesce;
    set({
      doc: next,
      past: merge ? past : [...past, doc].slice(-historyLimit),
      future: [],
      lastCoalesce: options.coalesce ?? null,
    });
  },

  breakCoalescing: () => set({ lastCoalesce: null }),

  loadDocument: (doc, options = {}) => {
    const { history = true } = options;
    openedDocuments.add(doc);
    set((s) => ({
      doc,
      past: history ? [...s.past, s.doc].slice(-historyLimit) : [],
      future: history ? [] : [],
      lastCoalesce: null,
      selection: { nodes: [], edges: [] },
      opened: s.opened + 1,
    }));
  },

  showPipeline: (doc, history) =>
    set((s) => ({
      doc,
      past: history.past,
      future: history.future,
      lastCoalesce: null,
      selection: { nodes: [], edges: [] },
      opened: s.opened + 1,
    })),

  addNode: (kind, position) => {
    if (!getNodeDefinition(kind)) return undefined;
    const id = uniqueNodeId(kind, get().doc.nodes.map((n) => n.id));
    const node: PipelineNode = { id, kind, params: {}, position };
    get().commit((doc) => ({ ...doc, nodes: [...doc.nodes, node] }));
    set({ selection: { nodes: [id], edges: [] } });
    return id;
  },

  updateParams: (nodeId, patch, options) =>
    get().commit(
      (doc) => ({
        ...doc,
        nodes: doc.nodes.map((n) => {
          if (n.id !== nodeId) return n;
          const params = { ...n.params };
          // `undefined` means "leave empty": the key goes, so an optional param falls back to its default.
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined) delete params[key];
            else params[key] = value;
          }
          return { ...n, params };
        }),
      }),
      options,
    ),

  setLabel: (nodeId, label) =>
    get().commit(
      (doc) => ({
        ...doc,
        nodes: doc.nodes.map((n) => {
          if (n.id !== nodeId) return n;
          const { label: _old, ...rest } = n;
          const trimmed = label.slice(0, 100);
          return trimmed.trim() === '' ? rest : { ...rest, label: trimmed };
        }),
      }),
      { coalesce: `label:${nodeId}` },
    ),

  moveNodes: (positions, options) =>
    get().commit(
      (doc) => ({
        ...doc,
        nodes: doc.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)),
      }),
      options,
    ),

  connect: (edge) => {
    const replaced = get().doc.edges.find(
      (e) => e.target === edge.target && e.targetPort === edge.targetPort && edgeId(e) !== edgeId(edge),
    );
    // Removing the old wire and adding the new one is one commit, so one undo brings the old one back.
    get().commit((doc) => {
      const edges = doc.edges.filter(
        (e) => !(e.target === edge.target && e.targetPort === edge.targetPort) && edgeId(e) !== edgeId(edge),
      );
      return { ...doc, edges: [...edges, edge] };
    });
    return replaced;
  },

  applyFix: (fix) =>
    get().commit((doc) => ({
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === fix.nodeId && Object.keys(fix.params).length > 0 ? { ...n, params: { ...n.params, ...fix.params } } : n,
      ),
      edges: fix.deleteEdge === undefined ? doc.edges : doc.edges.filter((e) => edgeId(e) !== fix.deleteEdge),
    })),

  deleteElements: (nodeIds, edgeIds) => {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    const goneNodes = new Set(nodeIds);
    const goneEdges = new Set(edgeIds);
    get().commit((doc) => ({
      ...doc,
      nodes: doc.nodes.filter((n) => !goneNodes.has(n.id)),
      edges: doc.edges.filter((e) => !goneEdges.has(edgeId(e)) && !goneNodes.has(e.source) && !goneNodes.has(e.target)),
    }));
    set((s) => ({
      selection: {
        nodes: s.selection.nodes.filter((id) => !goneNodes.has(id)),
        edges: s.selection.edges.filter((id) => !goneEdges.has(id)),
      },
    }));
  },

  setMeta: (meta) => {
    const key = meta.name !== undefined ? 'meta:name' : 'meta:description';
    get().commit((doc) => ({ ...doc, ...meta }), { coalesce: key });
  },

  undo: () => {
    const { past, doc, future, opened } = get();
    if (past.length === 0) return;
    const opens = get().stepOpensDocument('undo');
    set({
      doc: past[past.length - 1],
      past: past.slice(0, -1),
      future: [doc, ...future],
      lastCoalesce: null,
      opened: opens ? opened + 1 : opened,
      ...(opens && { selection: { nodes: [], edges: [] } }),
    });
  },

  redo: () => {
    const { past, doc, future, opened } = get();
    if (future.length === 0) return;
    const opens = get().stepOpensDocument('redo');
    set({
      doc: future[0],
      past: [...past, doc],
      future: future.slice(1),
      lastCoalesce: null,
      opened: opens ? opened + 1 : opened,
      ...(opens && { selection: { nodes: [], edges: [] } }),
    });
  },

  stepOpensDocument: (direction) => {
    const { past, doc, future } = get();
    // Undo leaves the current document: an opening when it was opened. Redo enters the next one.
    return direction === 'undo' ? past.length > 0 && openedDocuments.has(doc) : future.length > 0 && openedDocuments.has(future[0]);
  },

  select: (selection) => set((s) => ({ selection: { ...s.selection, ...selection } })),
}));
