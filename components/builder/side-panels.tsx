'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { useReactFlow } from '@xyflow/react';
import { Inspector } from '@/components/inspector/inspector';
import { CloseIcon } from '@/components/ui/icons';
import { edgeId } from '@/lib/document/document';
import { usePipeline } from '@/lib/store/pipeline';
import { floatingInspector } from '@/lib/layout/panels';
import { usePanelOpen } from '@/lib/store/ui';
import { PanelToggle, Rail } from './panel-rail';

function InspectorHeader({ children }: { children: ReactNode }) {
  return (
    <div className="sticky top-0 z-10 flex h-10 shrink-0 items-center justify-between border-b border-zinc-800/80 bg-zinc-925 pr-1.5 pl-4">
      <h2 className="text-[11px] font-semibold tracking-wider text-zinc-500 uppercase">Inspector</h2>
      {children}
    </div>
  );
}

/** The right-hand column: the inspector, or its rail when folded. */
export function InspectorColumn() {
  const open = usePanelOpen('inspector');
  if (!open) {
    return (
      <Rail side="right" label="Inspector, folded">
        <PanelToggle panel="inspector" />
      </Rail>
    );
  }
  return (
    <Inspector
      className="w-[304px] border-l"
      header={
        <InspectorHeader>
          <PanelToggle panel="inspector" />
        </InspectorHeader>
      }
    />
  );
}

/**
 * With the inspector folded, selecting something shows the inspector floating over the right
 * edge of the canvas instead of unfolding the column. Unfolding would narrow the canvas on every
 * click and slide the training charts under the pointer; floating keeps the canvas its size, the
 * view where it was, and goes away with the selection (or its close button). The rail's toggle,
 * right beside it, docks it for good.
 */
export function InspectorOverlay() {
  const open = usePanelOpen('inspector');
  const selection = usePipeline((s) => s.selection);
  const doc = usePipeline((s) => s.doc);
  const select = usePipeline((s) => s.select);
  const nodes = selection.nodes.filter((id) => doc.nodes.some((n) => n.id === id));
  const selected = nodes.length > 0 || selection.edges.some((id) => doc.edges.some((e) => edgeId(e) === id));
  const panel = useRef<HTMLDivElement>(null);
  useKeepClearOf(panel, !open && selected && nodes.length === 1 ? nodes[0] : null);
  if (open || !selected) return null;
  return (
    <div
      ref={panel}
      style={{ width: floatingInspector.width, top: floatingInspector.margin, right: floatingInspector.margin, bottom: floatingInspector.margin }}
      className="absolute z-10 flex max-w-[calc(100%-1rem)]"
    >
      <Inspector
        className="w-full rounded-xl border shadow-2xl shadow-black/60"
        header={
          <InspectorHeader>
            <button
              type="button"
              data-testid="close-inspector"
              aria-label="Close the inspector"
              title="Close the inspector (clears the selection)"
              onClick={() => select({ nodes: [], edges: [] })}
              className="flex h-8 w-8 items-center justify-center rounded-lg text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500"
            >
              <CloseIcon width={15} height={15} />
            </button>
          </InspectorHeader>
        }
      />
    </div>
  );
}

/** Pans the canvas left just enough that the node being inspected is not hidden under the floating inspector. */
function useKeepClearOf(panel: React.RefObject<HTMLDivElement | null>, nodeId: string | null) {
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!nodeId || !panel.current) return;
    const node = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)?.getBoundingClientRect();
    const cover = panel.current.getBoundingClientRect();
    const { gap } = floatingInspector;
    if (!node || node.right + gap <= cover.left || node.bottom < cover.top || node.top > cover.bottom) return;
    const viewport = getViewport();
    void setViewport({ ...viewport, x: viewport.x - (node.right + gap - cover.left) }, { duration: 200 });
  }, [nodeId, panel, getViewport, setViewport]);
}
