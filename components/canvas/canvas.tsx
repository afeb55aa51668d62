'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FitViewOptions,
  type Handle,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
  type OnDelete,
} from '@xyflow/react';
import { getNodeDefinition } from '@/nodes';
import { edgeId, type PipelineDocument, type PipelineNode } from '@/lib/document/document';
import { nodeName } from '@/lib/document/node-name';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { categoryColor } from '@/components/ui/theme';
import { FitIcon, MapIcon } from '@/components/ui/icons';
import { FileDropHint, useFileDrop } from '@/components/share/file-drop';
import { startCsvRead } from '@/components/upload/csv-reads';
import { OpenErrorAlert } from '@/components/share/open-error';
import { PipelineNodeView, nodeWidth, type PipelineFlowNode } from './pipeline-node';
import { ShapeEdge, type ShapeFlowEdge } from './shape-edge';
import { ShapeConnectionLine } from './connection-line';
import { checkConnection, type ConnectionEnds } from './connection';
import { CanvasToolbar } from './canvas-toolbar';
import { fitPadding, labelReach } from '@/lib/layout/wires';

export const paletteDragType = 'application/x-pipeline-node-kind';

const nodeTypes = { pipeline: PipelineNodeView };
const edgeTypes = { shape: ShapeEdge };
const deleteKeys = ['Delete', 'Backspace'];

/**
 * Fitting leaves a margin on every side (lib/layout/wires.ts fitPadding), more at the right where
 * the rightmost nodes' output labels hang out, and never magnifies past 100%.
 */
export function fitViewOptions(doc: PipelineDocument): FitViewOptions {
  const right = Math.max(...doc.nodes.map((n) => n.position.x + nodeWidth));
  const sources = new Set(doc.edges.map((e) => e.source));
  const reach = Math.max(right, ...doc.nodes.filter((n) => sources.has(n.id)).map((n) => n.position.x + nodeWidth + labelReach));
  const { top, bottom, left } = fitPadding;
  return { padding: { top: `${top}px`, right: `${fitPadding.right + reach - right}px`, bottom: `${bottom}px`, left: `${left}px` }, maxZoom: 1 };
}

/** A wire's two ends as the document names them, whichever end the drag started from. */
function endsOf(from: Handle, to: Handle): ConnectionEnds {
  return from.type === 'source'
    ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
    : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
}


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
  const [mapOpen, setMapOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const fileDrop = useFileDrop((files, at) => {
    const point = screenToFlowPosition(at);
    // Several files land one under the other; the last one added is the one selected.
    files.forEach((file, i) => {
      const id = addNode('data.csv', { x: Math.round(point.x - nodeWidth / 2), y: Math.round(point.y - 16 + i * 120) });
      if (id) void startCsvRead(id, file);
    });
  });
  // Whether the view is still the one a fit made: then a canvas that changes size (a side panel
  // folds, the window resizes) is fitted again rather than left cut off; once the person pans or
  // zooms, the view is theirs and stays put.
  const fitted = useRef(false);
  const fit = useCallback(() => {
    fitted.current = true;
    void fitView(fitViewOptions(usePipeline.getState().doc));
  }, [fitView]);

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
    const labelledPorts = new Set<string>();
    return doc.edges.map((e) => {
      const id = edgeId(e);
      const sourceDef = getNodeDefinition(kinds.get(e.source) ?? '');
      const targetDef = getNodeDefinition(kinds.get(e.target) ?? '');
      const sourceIndex = Math.max(0, sourceDef?.outputs.findIndex((p) => p.id === e.sourcePort) ?? 0);
      const port = `${e.source}\u0000${e.sourcePort}`;
      const labelled = !labelledPorts.has(port);
      labelledPorts.add(port);
      return {
        id,
        type: 'shape',
        source: e.source,
        sourceHandle: e.sourcePort,
        target: e.target,
        targetHandle: e.targetPort,
        selected: selected.has(id),
        data: {
          portType: sourceDef?.outputs[sourceIndex]?.type ?? 'tensor',
          sourceIndex,
          targetIndex: Math.max(0, targetDef?.inputs.findIndex((p) => p.id === e.targetPort) ?? 0),
          labelled,
        },
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
      const check = checkConnection(doc, c);
      // Refused wires are explained when the drag ends (onConnectEnd); React Flow only gets here with valid ones.
      if (!check?.ok) return;
      const replaced = connect({ source: c.source, sourcePort: check.out.id, target: c.target, targetPort: check.into.id });
      if (replaced) {
        const from = doc.nodes.find((n) => n.id === replaced.source);
        const targetNode = doc.nodes.find((n) => n.id === c.target);
        const fromPort = from && getNodeDefinition(from.kind)?.outputs.find((p) => p.id === replaced.sourcePort);
        toast({
          kind: 'connection',
          tone: 'info',
          title: `Replaced the connection from ${from ? nodeName(from) : replaced.source}${fromPort ? ` (${fromPort.label})` : ''}`,
          detail: `${targetNode ? nodeName(targetNode) : c.target}'s "${check.into.label}" input takes one wire. Undo (Ctrl+Z) brings the old one back.`,
        });
      }
    },
    [connect, toast],
  );

  const isValidConnection: IsValidConnection<ShapeFlowEdge> = useCallback(
    (c) => checkConnection(usePipeline.getState().doc, c)?.ok ?? false,
    [],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const check = checkConnection(usePipeline.getState().doc, endsOf(state.fromHandle, state.toHandle));
      if (check && !check.ok) {
        toast({ kind: 'connection', tone: 'error', title: 'Connection refused', detail: `${check.message} ${check.hint}` });
      }
    },
    [toast],
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
    fit();
  }, [fitViewRequest, fit]);

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (!fitted.current || usePipeline.getState().doc.nodes.length === 0) return;
      // A frame later, once React Flow has taken the new size too.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [fit]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = getInternalNode(focusRequest.nodeId);
    if (!node) return;
    const width = node.measured.width ?? nodeWidth;
    const height = node.measured.height ?? 100;
    fitted.current = false;
    void setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, {
      zoom: Math.max(getZoom(), 0.9),
      duration: 300,
    });
  }, [focusRequest, getInternalNode, setCenter, getZoom]);

  return (
    <div
      ref={root}
      className="relative h-full w-full"
      data-canvas-root
      onDragEnter={fileDrop.onDragEnter}
      onDragLeave={fileDrop.onDragLeave}
      onDragOver={(e) => fileDrop.onDragOver(e) || onDragOver(e)}
      onDrop={(e) => fileDrop.onDrop(e) || onDrop(e)}
    >
      <ReactFlow<PipelineFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onConnectEnd={onConnectEnd}
        connectionLineComponent={ShapeConnectionLine}
        onDelete={onDelete}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onMoveStart={(event) => {
          // Only a person's pan or zoom comes with an event; the app's own moves keep the fit.
          if (event) fitted.current = false;
        }}
        deleteKeyCode={deleteKeys}
        colorMode="dark"
        minZoom={0.2}
        maxZoom={2}
        attributionPosition="top-right"
        defaultEdgeOptions={{ type: 'shape' }}
        connectionRadius={28}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#3f3f46" />
        <Controls
          position="bottom-left"
          orientation="horizontal"
          showInteractive={false}
          showFitView={false}
          onZoomIn={() => (fitted.current = false)}
          onZoomOut={() => (fitted.current = false)}
        >
          <ControlButton
            className="react-flow__controls-fitview"
            title="Fit the whole pipeline in view"
            aria-label="Fit view"
            onClick={fit}
          >
            <FitIcon width={14} height={14} />
          </ControlButton>
          <ControlButton
            data-testid="toggle-minimap"
            aria-pressed={mapOpen}
            title={mapOpen ? 'Hide the map' : 'Show a map of the whole pipeline'}
            onClick={() => setMapOpen((open) => !open)}
          >
            <MapIcon width={14} height={14} />
          </ControlButton>
        </Controls>
        <CanvasToolbar />
        {/* Off until asked for: on a laptop-sized canvas a map in the corner would sit on top of nodes. */}
        {mapOpen && (
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
        )}
      </ReactFlow>
      {doc.nodes.length === 0 && <EmptyCanvasHint />}
      <OpenErrorAlert />
      {fileDrop.dragging && <FileDropHint />}
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
          Drag a node from the palette, click one to add it here, start from a template, or drop a CSV or pipeline file here.
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
