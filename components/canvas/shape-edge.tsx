'use client';

import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { PortType } from '@/nodes/define-node';
import { formatShape } from '@/lib/shape/shape';
import { useCompiled } from '@/lib/store/compiled';
import { portColor } from '@/components/ui/theme';

export type ShapeFlowEdge = Edge<{ portType: PortType }, 'shape'>;

/** A wire labelled with the shape compile() inferred for it, so a user sees what flows where. */
export const ShapeEdge = memo(function ShapeEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  data,
}: EdgeProps<ShapeFlowEdge>) {
  const { analysis } = useCompiled();
  const shape = analysis.edgeShapes[id];
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12, offset: 18 });
  const color = portColor[data?.portType ?? 'tensor'];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={18}
        style={{ stroke: color, strokeWidth: selected ? 3 : 1.75, opacity: selected ? 1 : 0.75 }}
      />
      {shape && (
        <EdgeLabelRenderer>
          <div
            data-testid="edge-shape"
            data-edge-id={id}
            className={`nodrag nopan pointer-events-none absolute rounded-md border px-1 py-px font-mono text-[10px] leading-[14px] whitespace-nowrap shadow-sm ${
              selected ? 'border-indigo-400 bg-zinc-800 text-white' : 'border-zinc-700 bg-zinc-900/95 text-zinc-200'
            }`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {shape.length === 0 ? 'scalar' : formatShape(shape)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
