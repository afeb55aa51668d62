'use client';

import { getSmoothStepPath, type ConnectionLineComponentProps } from '@xyflow/react';
import { formatShape } from '@/lib/shape/shape';
import { useCompiled } from '@/lib/store/compiled';
import { portColor } from '@/components/ui/theme';
import type { PortType } from '@/nodes/define-node';
import { getNodeDefinition } from '@/nodes';
import type { PipelineFlowNode } from './pipeline-node';

/**
 * The wire being dragged: red and dashed over a port that would refuse it; over one that would
 * take it, the shape that would flow is shown beside the pointer, before anything is dropped.
 */
export function ShapeConnectionLine({
  fromX,
  fromY,
  toX,
  toY,
  fromPosition,
  toPosition,
  fromNode,
  fromHandle,
  toNode,
  toHandle,
  connectionStatus,
}: ConnectionLineComponentProps<PipelineFlowNode>) {
  const { analysis } = useCompiled();
  const [path] = getSmoothStepPath({ sourceX: fromX, sourceY: fromY, targetX: toX, targetY: toY, sourcePosition: fromPosition, targetPosition: toPosition, borderRadius: 12 });
  // The output end of the wire, whichever end the drag started from.
  const output = fromHandle.type === 'source' ? { node: fromNode, port: fromHandle.id } : toNode && toHandle ? { node: toNode, port: toHandle.id } : undefined;
  const portType: PortType =
    (output && getNodeDefinition(output.node.data.kind)?.outputs.find((p) => p.id === output.port)?.type) ?? 'tensor';
  const shape = output?.port ? analysis.nodes[output.node.id]?.outputShapes[output.port] : undefined;
  const refused = connectionStatus === 'invalid' && toHandle !== null;
  const accepted = connectionStatus === 'valid' && toHandle !== null;
  const text = refused
    ? 'Not compatible'
    : shape
      ? shape.length === 0
        ? 'scalar'
        : formatShape(shape)
      : portType === 'tensor'
        ? 'shape not known yet'
        : portType;
  return (
    <g data-testid="connection-line" data-status={refused ? 'refused' : accepted ? 'accepted' : 'open'}>
      <path
        d={path}
        fill="none"
        stroke={refused ? '#f87171' : portColor[portType]}
        strokeWidth={2}
        strokeDasharray={refused ? '6 4' : undefined}
      />
      {(refused || accepted) && (
        <foreignObject x={toX + 14} y={toY - 30} width={220} height={24} style={{ overflow: 'visible' }}>
          <div
            data-testid={refused ? 'connection-refused' : 'connection-shape'}
            className={`inline-block rounded-md border px-1.5 py-px font-mono text-[11px] leading-[18px] whitespace-nowrap shadow-lg ${
              refused ? 'border-red-500/60 bg-red-950 text-red-200' : 'border-indigo-400/70 bg-zinc-900 text-zinc-100'
            }`}
          >
            {text}
          </div>
        </foreignObject>
      )}
    </g>
  );
}
