'use client';

import { memo, useLayoutEffect, useRef, useState } from 'react';
import { Handle, Position, useConnection, useNodeId, useStore, type Node, type NodeProps } from '@xyflow/react';
import { getNodeDefinition } from '@/nodes';
import type { PortDefinition } from '@/nodes/define-node';
import type { Issue } from '@/lib/compile/compile';
import { formatShape } from '@/lib/shape/shape';
import { popoverPlacement, type PopoverPlacement } from '@/lib/layout/popover';
import { nodeWidth } from '@/lib/layout/node-box';
import { fitPadding } from '@/lib/layout/wires';
import { issuesForNode, useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { checkConnection } from './connection';
import { categoryColor, categoryLabel, formatCount, portColor } from '@/components/ui/theme';
import { AlertIcon, ErrorIcon, WandIcon } from '@/components/ui/icons';
import { useUploadPresent } from '@/components/upload/use-upload-present';

export type PipelineFlowNode = Node<{ kind: string; label?: string }, 'pipeline'>;

/** The width lives with the rest of a node's geometry, which layouts work out without a browser. */
export { nodeWidth };

export function nodeState(issues: Issue[]): 'error' | 'warning' | 'ok' {
  if (issues.some((i) => i.severity === 'error')) return 'error';
  return issues.length > 0 ? 'warning' : 'ok';
}

/** One component draws every kind: everything it shows comes from the registry and compile's analysis. */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data, selected }: NodeProps<PipelineFlowNode>) {
  const { issues, analysis } = useCompiled();
  const def = getNodeDefinition(data.kind);
  const nodeIssues = issuesForNode(issues, id);
  const state = nodeState(nodeIssues);
  const info = analysis.nodes[id];

  if (!def) {
    return (
      <NodeFrame id={id} kind={data.kind} state={state} selected={selected} accent="#71717a">
        <Header title={data.label ?? data.kind} category="Unknown" accent="#71717a" issues={nodeIssues} selected={selected} />
      </NodeFrame>
    );
  }

  const accent = categoryColor[def.category];
  let summary: string | undefined;
  try {
    summary = info?.params && def.summary ? def.summary(info.params) : undefined;
  } catch {
    summary = undefined;
  }
  const rows = Math.max(def.inputs.length, def.outputs.length);
  const showParams = def.category === 'layer' && def.paramCount !== undefined;
  // The footer's presence depends on the kind only, so a node keeps its size while it is being wired.
  const tensorOutputs = def.outputs.filter((port) => port.type === 'tensor');
  const outputShape = tensorOutputs.length === 1 ? info?.outputShapes[tensorOutputs[0].id] : undefined;

  return (
    <NodeFrame id={id} kind={data.kind} state={state} selected={selected} accent={accent}>
      <Header
        title={data.label ?? def.ui.label}
        category={categoryLabel[def.category]}
        accent={accent}
        issues={nodeIssues}
        selected={selected}
      />
      {summary ? (
        <div data-testid="node-summary" className="truncate px-3 pb-1 text-[11.5px] leading-4 text-zinc-400" title={summary}>
          {summary}
        </div>
      ) : info?.params === undefined && def.params.shape && Object.keys(def.params.shape).length > 0 ? (
        <div className="px-3 pb-1 text-[11.5px] leading-4 text-red-300">Invalid settings</div>
      ) : null}
      {def.source && <UploadNeeded params={info?.params} />}
      {rows > 0 && (
        <div className="py-1.5">
          {Array.from({ length: rows }, (_, i) => (
            <PortRow key={i} input={def.inputs[i]} output={def.outputs[i]} />
          ))}
        </div>
      )}
      {(showParams || tensorOutputs.length === 1) && (
        <div className="flex items-center justify-between gap-2 border-t border-white/5 px-3 py-1.5 text-[11px] text-zinc-400">
          {showParams ? (
            <span data-testid="param-count" className="tabular-nums">
              {info?.paramCount !== undefined ? `${formatCount(info.paramCount)} params` : '– params'}
            </span>
          ) : (
            <span />
          )}
          {tensorOutputs.length === 1 && (
            <span className="truncate font-mono text-[10.5px] text-zinc-300" title="Output shape">
              {outputShape ? formatShape(outputShape) : '–'}
            </span>
          )}
        </div>
      )}
    </NodeFrame>
  );
});

/** On a node built on an uploaded file this browser does not hold (a shared link): which file to choose, before Train says so. */
function UploadNeeded({ params }: { params: Record<string, unknown> | undefined }) {
  const fingerprint = typeof params?.fingerprint === 'string' && params.fingerprint ? params.fingerprint : undefined;
  const present = useUploadPresent(fingerprint);
  if (present !== false) return null;
  const file = String(params?.file ?? 'the file');
  return (
    <div
      data-testid="node-needs-file"
      title={`Choose ${file} in the inspector: its rows are not in this browser.`}
      className="flex items-center gap-1.5 px-3 pb-1 text-[11.5px] leading-4 text-amber-300"
    >
      <AlertIcon width={12} height={12} className="shrink-0" />
      <span className="truncate">Choose {file}</span>
    </div>
  );
}

function NodeFrame({
  id,
  kind,
  state,
  selected,
  accent,
  children,
}: {
  id: string;
  kind: string;
  state: 'error' | 'warning' | 'ok';
  selected: boolean;
  accent: string;
  children: React.ReactNode;
}) {
  const border =
    state === 'error' ? 'border-red-500/90' : state === 'warning' ? 'border-amber-400/80' : 'border-zinc-700/80';
  const ring = selected ? 'ring-2 ring-indigo-400/80 ring-offset-2 ring-offset-zinc-950' : '';
  return (
    <div
      data-testid={`node-${id}`}
      data-kind={kind}
      data-state={state}
      style={{ width: nodeWidth, ['--accent' as string]: accent }}
      className={`relative rounded-xl border bg-zinc-900 text-zinc-100 shadow-lg shadow-black/40 ${border} ${ring}`}
    >
      <div className="absolute inset-x-0 top-0 h-[3px] rounded-t-xl" style={{ background: accent }} />
      {children}
    </div>
  );
}

/**
 * The category shows as the card's colour (as in the palette), leaving the header to the title,
 * which wraps rather than being cut. Problems show as a count here and the node's border colour;
 * their text opens in a popover, so a node never grows over its neighbours.
 */
function Header({
  title,
  category,
  accent,
  issues,
  selected,
}: {
  title: string;
  category: string;
  accent: string;
  issues: Issue[];
  selected: boolean;
}) {
  return (
    <div className="flex items-start gap-2 px-3 pt-3 pb-0.5" title={`${title} · ${category}`}>
      <span className="mt-[5px] h-2 w-2 shrink-0 rounded-sm" style={{ background: accent }} />
      <span data-testid="node-title" className="min-w-0 flex-1 text-[13px] leading-[18px] font-semibold tracking-tight break-words">
        {title}
      </span>
      {issues.length > 0 && <IssueBadge issues={issues} selected={selected} />}
    </div>
  );
}

/**
 * Inputs sit on the left edge, outputs on the right; the colour says what the port carries. While a
 * wire is being dragged, every port it could end on says whether it would be accepted.
 */
function PortHandle({ port, type }: { port: PortDefinition; type: 'source' | 'target' }) {
  const nodeId = useNodeId() ?? '';
  const compatible = useConnection((c) => {
    if (!c.inProgress || c.fromHandle.type === type || !c.fromHandle.id) return undefined;
    const from = { node: c.fromHandle.nodeId, port: c.fromHandle.id };
    const ends =
      type === 'target'
        ? { source: from.node, sourceHandle: from.port, target: nodeId, targetHandle: port.id }
        : { source: nodeId, sourceHandle: port.id, target: from.node, targetHandle: from.port };
    return checkConnection(usePipeline.getState().doc, ends)?.ok ?? false;
  });
  return (
    <Handle
      type={type}
      position={type === 'target' ? Position.Left : Position.Right}
      id={port.id}
      title={`${port.label} (${port.type})`}
      data-compatible={compatible === undefined ? undefined : String(compatible)}
      style={{ background: portColor[port.type] }}
    />
  );
}

function PortRow({ input, output }: { input?: PortDefinition; output?: PortDefinition }) {
  return (
    <div className="relative flex h-6 items-center justify-between px-3 text-[11px] text-zinc-300">
      {input ? (
        <>
          <PortHandle port={input} type="target" />
          <span className="truncate">{input.label}</span>
        </>
      ) : (
        <span />
      )}
      {output && (
        <>
          <span className="truncate text-right">{output.label}</span>
          <PortHandle port={output} type="source" />
        </>
      )}
    </div>
  );
}

/**
 * The count of a node's problems; their text and fixes open beside the node while it is the one
 * node selected, or the badge is hovered or focused (with several selected, after a paste or
 * Select all, every list open at once would cover the nodes around them): below it, or towards the inside of the canvas near its right
 * or bottom edge, so the text is never cut off. The list stays in the page when closed (hidden), so
 * a problem can still be found by what it says.
 */
function IssueBadge({ issues, selected }: { issues: Issue[]; selected: boolean }) {
  const [peek, setPeek] = useState(false);
  const applyFix = usePipeline((s) => s.applyFix);
  const alone = usePipeline((s) => s.selection.nodes.length === 1);
  const open = (selected && alone) || peek;
  const popover = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<PopoverPlacement>({ align: 'start', side: 'below' });
  // Panning or zooming moves the node without rendering it again: place the popover anew then.
  useStore((s) => (open ? s.transform : undefined));
  useLayoutEffect(() => {
    const el = popover.current;
    const node = el?.offsetParent;
    const canvas = el?.closest('[data-canvas-root]');
    if (!open || !el || !node || !canvas) return;
    const area = canvas.getBoundingClientRect();
    // The bottom band holds the zoom buttons and the canvas toolbar, which draw above the nodes.
    const bounds = { x: area.x, y: area.y, width: area.width, height: area.height - fitPadding.bottom };
    const next = popoverPlacement(node.getBoundingClientRect(), el.getBoundingClientRect(), bounds);
    setPlace((now) => (now.align === next.align && now.side === next.side ? now : next));
  });
  const error = issues.some((i) => i.severity === 'error');
  return (
    <div
      className="shrink-0"
      onMouseEnter={() => setPeek(true)}
      onMouseLeave={() => setPeek(false)}
      onFocus={() => setPeek(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setPeek(false);
      }}
    >
      <button
        type="button"
        data-testid="node-issue-badge"
        data-count={issues.length}
        aria-label={`${issues.length} problem${issues.length === 1 ? '' : 's'}`}
        aria-expanded={open}
        className={`-mr-1 flex h-[18px] items-center gap-1 rounded-md px-1.5 text-[11px] font-semibold tabular-nums ${
          error ? 'bg-red-500/15 text-red-200' : 'bg-amber-400/15 text-amber-100'
        }`}
      >
        {error ? (
          <ErrorIcon className="text-red-400" width={12} height={12} />
        ) : (
          <AlertIcon className="text-amber-400" width={12} height={12} />
        )}
        {issues.length}
      </button>
      <div
        ref={popover}
        data-testid="node-issues"
        data-open={open}
        data-side={place.side}
        data-align={place.align}
        className={`nodrag nopan nowheel absolute z-10 w-[280px] cursor-default ${place.side === 'below' ? 'top-full pt-2' : 'bottom-full pb-2'} ${place.align === 'start' ? 'left-0' : 'right-0'} ${open ? '' : 'hidden'}`}
      >
        <div className="space-y-1.5 rounded-xl border border-zinc-700 bg-zinc-900 p-2 shadow-2xl shadow-black/60">
          {issues.map((issue, i) => {
            const isError = issue.severity === 'error';
            return (
              <div
                key={`${issue.code}-${issue.field ?? issue.portId ?? ''}-${i}`}
                data-testid="node-issue"
                data-code={issue.code}
                data-severity={issue.severity}
                className={`rounded-lg px-2 py-1.5 text-[11px] leading-[1.35] ${
                  isError ? 'bg-red-500/10 text-red-100' : 'bg-amber-400/10 text-amber-50'
                }`}
              >
                <div className="flex gap-1.5">
                  {isError ? (
                    <ErrorIcon className="mt-px shrink-0 text-red-400" width={13} height={13} />
                  ) : (
                    <AlertIcon className="mt-px shrink-0 text-amber-400" width={13} height={13} />
                  )}
                  <div className="min-w-0">
                    <p>{issue.message}</p>
                    <p className={`mt-0.5 ${isError ? 'text-red-200/70' : 'text-amber-100/70'}`}>{issue.hint}</p>
                  </div>
                </div>
                {issue.fix && (
                  <button
                    type="button"
                    data-testid="issue-fix"
                    className="mt-1.5 ml-[19px] inline-flex items-center gap-1 rounded-md bg-white/10 px-2 py-0.5 text-[11px] font-medium text-white hover:bg-white/20"
                    onClick={(event) => {
                      event.stopPropagation();
                      applyFix(issue.fix!);
                    }}
                  >
                    <WandIcon width={11} height={11} />
                    Fix: {issue.fix.label}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
