'use client';

import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type Edge, type EdgeProps } from '@xyflow/react';
import type { PortType } from '@/nodes/define-node';
import { formatShape } from '@/lib/shape/shape';
import { useCompiled } from '@/lib/store/compiled';
import { portColor } from '@/components/ui/theme';
import { roundedPath, wirePoints, wireStub } from '@/lib/layout/wires';

export type ShapeFlowEdge = Edge<
  {
    portType: PortType;
    /** Place of the ports among their node's outputs and inputs: wires from or to different ports run apart. */
    sourceIndex: number;
    targetIndex: number;
    /** The shape is a fact of the output, so it is written once per output, on its first wire. */
    labelled: boolean;
  },
  'shape'
>;

/**
 * A wire, with the shape compile() inferred for it written at its output port, so a user sees what
 * flows where. A forward wire turns just before its target, leaving the space beside its output to
 * the label; a wire going back to a node further left (to the next row of a layout) runs in the
 * gap beside that node rather than through the nodes in between.
 */
export const ShapeEdge = memo(function ShapeEdge({
  id,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  selected,
  data,
}: EdgeProps<ShapeFlowEdge>) {
  const { analysis } = useCompiled();
  const targetNode = useInternalNode(target);
  const shape = analysis.edgeShapes[id];
  const sourceIndex = data?.sourceIndex ?? 0;
  const targetIndex = data?.targetIndex ?? 0;
  const box = {
    top: targetNode?.internals.positionAbsolute.y ?? targetY,
    bottom: (targetNode?.internals.positionAbsolute.y ?? targetY) + (targetNode?.measured.height ?? 0),
  };
  // The same geometry the tidy layout and its tests check labels against (lib/layout/wires.ts).
  const path = roundedPath(
    wirePoints({ source: { x: sourceX, y: sourceY }, target: { x: targetX, y: targetY }, targetBox: box, stub: wireStub, sourceIndex, targetIndex }),
    10,
  );
  const color = portColor[data?.portType ?? 'tensor'];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={18}
        style={{ stroke: color, strokeWidth: selected ? 3 : 1.75, opacity: selected ? 1 : 0.75 }}
      />
      {shape && data?.labelled && (
        <EdgeLabelRenderer>
          <div
            data-testid="edge-shape"
            data-edge-id={id}
            className={`nodrag nopan pointer-events-none absolute rounded-md border px-1 py-px font-mono text-[10.5px] leading-[14px] whitespace-nowrap shadow-sm ${
              selected ? 'border-indigo-400 bg-zinc-800 text-white' : 'border-zinc-700 bg-zinc-900 text-zinc-200'
            }`}
            style={{ transform: `translate(0, -50%) translate(${sourceX + 6}px, ${sourceY}px)` }}
          >
            {shape.length === 0 ? 'scalar' : formatShape(shape)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
