'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { getNodeDefinition } from '@/nodes';
import { connectionRefusal } from '@/lib/compile/compile';
import { edgeId, type PipelineNode } from '@/lib/document/document';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { categoryColor } from '@/components/ui/theme';
import { PipelineNodeView, nodeWidth, type PipelineFlowNode } from './pipeline-node';
import { ShapeEdge, type ShapeFlowEdge } from './shape-edge';

export const paletteDragType = 'application/x-pipeline-node-kind';

const nodeTypes = { pipeline: PipelineNodeView };
const edgeTypes = { shape: ShapeEdge };
const deleteKeys = ['Delete', 'Backspace'];

type Size = { width: number; height: number };

export function Canvas() {
  const doc = usePipeline((s) => s.doc);
  const selection = usePipeline((s) => s.selection);
  const { moveNodes, connect, deleteElements, select, addNode, breakCoalescing } = usePipeline.getState();
  const toast = useUi((s) => s.toast);
  const fitViewRequest = useUi((s) => s.fitViewRequest);
  const focusRequest = useUi((s) => s.focusRequest);
  const { fitView, setCenter, getZoom, screenToFlowPosition, getInternalNode } = useReactFlow();
  // React Flow's measured sizes live here, not in the document: they are a fact of the screen, not of the pipeline.
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const dragSession = useRef(0);

  const nodeCache = useRef(new Map<string, { source: PipelineNode; selected: boolean; size?: Size; node: PipelineFlowNode }>());
  const nodes = useMemo(() => {
    const selected = new Set(selection.nodes);
    const next = new Map<string, { source: PipelineNode; selected: boolean; size?: Size; node: PipelineFlowNode }>();
    const list = doc.nodes.map((n) => {
      const isSelected = selected.has(n.id);
      const size = measured[n.id];
      const cached = nodeCache.current.get(n.id);
      // Same object when nothing changed: React Flow then skips the node entirely.
      if (cached && cached.source === n && cached.selected === isSelected && cached.size === size) {
        next.set(n.id, cached);
        return cached.node;
      }
      const node: PipelineFlowNode = {
        id: n.id,
        type: 'pipeline',
        position: n.position,
        data: { kind: n.kind, label: n.label },
        selected: isSelected,
        measured: size,
      };
      next.set(n.id, { source: n, selected: isSelected, size, node });
      return node;
    });
    nodeCache.current = next;
    return list;
  }, [doc.nodes, selection.nodes, measured]);

  const edges = useMemo<ShapeFlowEdge[]>(() => {
    const selected = new Set(selection.edges);
    const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
    return doc.edges.map((e) => {
      const id = edgeId(e);
      const portType = getNodeDefinition(kinds.get(e.source) ?? '')?.outputs.find((p) => p.id === e.sourcePort)?.type ?? 'tensor';
      return {
        id,
        type: 'shape',
        source: e.source,
        sourceHandle: e.sourcePort,
        target: e.target,
        targetHandle: e.targetPort,
        selected: selected.has(id),
        data: { portType },
      };
    });
  }, [doc.edges, doc.nodes, selection.edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<PipelineFlowNode>[]) => {
      const positions: Record<string, { x: number; y: number }> = {};
      const sizes: Record<string, Size> = {};
      const selected = new Set(usePipeline.getState().selection.nodes);
      let selectionChanged = false;
      for (const change of changes) {
        if (change.type === 'position' && change.position) positions[change.id] = change.position;
        else if (change.type === 'dimensions' && change.dimensions) sizes[change.id] = change.dimensions;
        else if (change.type === 'select') {
          selectionChanged = true;
          if (change.selected) selected.add(change.id);
          else selected.delete(change.id);
        }
        // 'remove' is handled once, for nodes and edges together, in onDelete.
      }
      if (Object.keys(positions).length > 0) moveNodes(positions, { coalesce: `drag:${dragSession.current}` });
      if (Object.keys(sizes).length > 0) setMeasured((m) => ({ ...m, ...sizes }));
      if (selectionChanged) select({ nodes: [...selected] });
    },
    [moveNodes, select],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<ShapeFlowEdge>[]) => {
      const selected = new Set(usePipeline.getState().selection.edges);
      let selectionChanged = false;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selectionChanged = true;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
      if (selectionChanged) select({ edges: [...selected] });
    },
    [select],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const { doc } = usePipeline.getState();
      const sourceNode = doc.nodes.find((n) => n.id === c.source);
      const targetNode = doc.nodes.find((n) => n.id === c.target);
      const sourceDef = sourceNode && getNodeDefinition(sourceNode.kind);
      const targetDef = targetNode && getNodeDefinition(targetNode.kind);
      const out = sourceDef?.outputs.find((p) => p.id === c.sourceHandle);
      const into = targetDef?.inputs.find((p) => p.id === c.targetHandle);
      if (!sourceDef || !targetDef || !out || !into) return;
      if (c.source === c.target) {
        toast({
          tone: 'error',
          title: 'Connection refused',
          detail: `${targetNode.label ?? targetDef.ui.label} cannot feed its own input: data must flow one way.`,
        });
        return;
      }
      const refusal = connectionRefusal(sourceDef, out, targetDef, into);
      if (refusal) {
        toast({ tone: 'error', title: 'Connection refused', detail: `${refusal.message} ${refusal.hint}` });
        return;
      }
      connect({ source: c.source, sourcePort: out.id, target: c.target, targetPort: into.id });
    },
    [connect, toast],
  );

  const onDelete: OnDelete<PipelineFlowNode, ShapeFlowEdge> = useCallback(
    ({ nodes, edges }) => deleteElements(nodes.map((n) => n.id), edges.map((e) => e.id)),
    [deleteElements],
  );

  const onNodeDragStart = useCallback(() => {
    dragSession.current += 1;
  }, []);
  const onNodeDragStop = useCallback(() => breakCoalescing(), [breakCoalescing]);

  const onDragOver = useCallback((event: React.DragEvent) => {
    if (!event.dataTransfer.types.includes(paletteDragType)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const kind = event.dataTransfer.getData(paletteDragType);
      if (!kind) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // The drop point becomes the middle of the node's title bar, where the pointer was.
      addNode(kind, { x: Math.round(point.x - nodeWidth / 2), y: Math.round(point.y - 16) });
    },
    [addNode, screenToFlowPosition],
  );

  useEffect(() => {
    // React Flow defers a fit on an empty canvas until the first node appears, which would then
    // yank that node away from where the user dropped it: an empty canvas has nothing to fit.
    if (fitViewRequest === 0 || usePipeline.getState().doc.nodes.length === 0) return;
    void fitView({ padding: 0.08, maxZoom: 1 });
  }, [fitViewRequest, fitView]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = getInternalNode(focusRequest.nodeId);
    if (!node) return;
    const width = node.measured.width ?? nodeWidth;
    const height = node.measured.height ?? 100;
    void setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, {
      zoom: Math.max(getZoom(), 0.9),
      duration: 300,
    });
  }, [focusRequest, getInternalNode, setCenter, getZoom]);

  return (
    <div className="relative h-full w-full" data-canvas-root onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<PipelineFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        deleteKeyCode={deleteKeys}
        colorMode="dark"
        minZoom={0.2}
        maxZoom={2}
        attributionPosition="top-right"
        defaultEdgeOptions={{ type: 'shape' }}
        connectionRadius={28}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#3f3f46" />
        <Controls position="bottom-left" showInteractive={false} />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeColor={(n) => {
            const def = getNodeDefinition((n.data as PipelineFlowNode['data']).kind);
            return def ? categoryColor[def.category] : '#71717a';
          }}
          nodeStrokeWidth={0}
          maskColor="rgba(9, 9, 11, 0.7)"
          style={{ width: 150, height: 96 }}
        />
      </ReactFlow>
      {doc.nodes.length === 0 && <EmptyCanvasHint />}
    </div>
  );
}

function EmptyCanvasHint() {
  const setTemplatesOpen = useUi((s) => s.setTemplatesOpen);
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
      <div className="pointer-events-auto max-w-sm rounded-2xl border border-dashed border-zinc-700 bg-zinc-900/70 px-6 py-5 text-center backdrop-blur">
        <p className="text-sm font-medium text-zinc-200">Your canvas is empty</p>
        <p className="mt-1 text-[13px] leading-5 text-zinc-400">
          Drag a node from the palette, click one to add it here, or start from a template.
        </p>
        <button
          type="button"
          onClick={() => setTemplatesOpen(true)}
          className="mt-3 rounded-lg bg-zinc-800 px-3 py-1.5 text-[13px] font-medium text-zinc-100 hover:bg-zinc-700"
        >
          Browse templates
        </button>
      </div>
    </div>
  );
}
