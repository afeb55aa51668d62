'use client';

import { useEffect, useRef, useState } from 'react';
import { getNodeDefinition } from '@/nodes';
import type { Analysis, Issue } from '@/lib/compile/compile';
import { edgeId, type PipelineEdge } from '@/lib/document/document';
import type { ColumnInfo } from '@/lib/data/table';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { distinctNodeNames } from '@/lib/document/node-name';
import { formatShape } from '@/lib/shape/shape';
import { datasets, type DatasetId } from '@/lib/datasets/catalog';
import { issuesForNode, useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { categoryColor, categoryLabel, formatCount } from '@/components/ui/theme';
import { CheckIcon, TrashIcon, WandIcon } from '@/components/ui/icons';
import { CsvFilePanel } from '@/components/upload/csv-file-panel';
import { ParamForm } from './param-form';
import { IssueList } from './issue-list';
import { PreviewSection } from '@/components/preview/preview-panel';
import { ImageFolderPanel } from '@/components/upload/image-folder-panel';

/** The inspector's body; where it sits (a docked column, or floating over the canvas) and its header are the builder's. */
export function Inspector({ className, header }: { className: string; header?: React.ReactNode }) {
  const selection = usePipeline((s) => s.selection);
  const doc = usePipeline((s) => s.doc);
  const nodes = selection.nodes.filter((id) => doc.nodes.some((n) => n.id === id));
  const edges = selection.edges.filter((id) => doc.edges.some((e) => edgeId(e) === id));

  let body: React.ReactNode;
  if (nodes.length === 1) body = <NodeInspector key={nodes[0]} nodeId={nodes[0]} />;
  else if (nodes.length > 1) body = <MultiInspector nodeIds={nodes} edgeIds={edges} />;
  else if (edges.length > 0) body = <EdgeInspector edgeIds={edges} />;
  else body = <PipelineInspector />;

  return (
    <aside
      data-testid="inspector"
      aria-label="Inspector"
      className={`flex h-full min-h-0 flex-col overflow-y-auto border-zinc-800 bg-zinc-925 ${className}`}
    >
      {header}
      {body}
    </aside>
  );
}

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="border-b border-zinc-800/80 px-4 py-3.5">
      <div className="mb-2.5 flex items-center justify-between">
        <h3 className="text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const node = usePipeline((s) => s.doc.nodes.find((n) => n.id === nodeId));
  const { issues, analysis } = useCompiled();
  const setLabel = usePipeline((s) => s.setLabel);
  const breakCoalescing = usePipeline((s) => s.breakCoalescing);
  const deleteElements = usePipeline((s) => s.deleteElements);
  const edgesIn = usePipeline((s) => s.doc.edges);
  if (!node) return null;
  const def = getNodeDefinition(node.kind);
  const nodeIssues = issuesForNode(issues, nodeId);
  const info = analysis.nodes[nodeId];
  const columns = def && incomingColumns(def, nodeId, edgesIn, analysis);
  const accent = def ? categoryColor[def.category] : '#71717a';

  return (
    <>
      <div className="border-b border-zinc-800/80 px-4 pt-4 pb-3.5">
        <div className="flex items-center gap-2">
          <span
            className="rounded px-1.5 py-px text-[10px] font-semibold tracking-wider uppercase"
            style={{ color: accent, background: `color-mix(in srgb, ${accent} 14%, transparent)` }}
          >
            {def ? categoryLabel[def.category] : 'Unknown'}
          </span>
          <span className="truncate font-mono text-[11px] text-zinc-500" title="Node id">
            {node.id}
          </span>
        </div>
        <input
          aria-label="Node name"
          data-testid="inspector-node-label"
          value={node.label ?? ''}
          placeholder={def?.ui.label ?? node.kind}
          onChange={(e) => setLabel(nodeId, e.target.value)}
          onBlur={breakCoalescing}
          className="mt-2 -ml-1.5 w-[calc(100%+0.75rem)] rounded-md border border-transparent bg-transparent px-1.5 py-0.5 text-[17px] font-semibold tracking-tight text-zinc-50 placeholder:text-zinc-50 hover:border-zinc-700 focus:border-indigo-500 focus:outline-none"
        />
        {def && <p className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">{def.ui.description}</p>}
      </div>

      <ImageFolderPanel nodeId={nodeId} />

      {def && (def.outputs.length > 0 || def.paramCount) && (
        <Section title="Output">
          <dl className="space-y-1.5 text-[12.5px]">
            {def.outputs.map((port) => {
              const shape = info?.outputShapes[port.id];
              return (
                <div key={port.id} className="flex items-center justify-between gap-3">
                  <dt className="text-zinc-400">{port.label}</dt>
                  <dd data-testid={`output-shape-${port.id}`} className="font-mono text-[12px] text-zinc-100">
                    {shape ? (shape.length === 0 ? 'scalar' : formatShape(shape)) : <span className="text-zinc-600">unknown</span>}
                  </dd>
                </div>
              );
            })}
            {def.paramCount && (
              <div className="flex items-center justify-between gap-3">
                <dt className="text-zinc-400">Trainable parameters</dt>
                <dd data-testid="inspector-param-count" className="font-mono text-[12px] text-zinc-100 tabular-nums">
                  {info?.paramCount !== undefined ? formatCount(info.paramCount) : '–'}
                </dd>
              </div>
            )}
          </dl>
        </Section>
      )}

      <PreviewSection nodeId={nodeId} />

      {nodeIssues.length > 0 && (
        <Section title="Problems">
          <IssueCards issues={nodeIssues} />
        </Section>
      )}
      {node.kind === 'data.csv' && <CsvFilePanel nodeId={nodeId} params={node.params} />}

      {def && (
        <Section title="Settings">
          <ParamForm nodeId={nodeId} def={def} params={node.params} issues={nodeIssues} auto={info?.auto} columns={columns} />
        </Section>
      )}

      <div className="mt-auto px-4 py-4">
        <button
          type="button"
          data-testid="delete-node"
          onClick={() => deleteElements([nodeId], [])}
          className="flex h-8 w-full items-center justify-center gap-2 rounded-lg border border-zinc-800 text-[12.5px] font-medium text-zinc-400 hover:border-red-500/50 hover:bg-red-500/10 hover:text-red-300"
        >
          <TrashIcon width={14} height={14} />
          Delete node
        </button>
      </div>
    </>
  );
}

function IssueCards({ issues }: { issues: Issue[] }) {
  const applyFix = usePipeline((s) => s.applyFix);
  return (
    <ul className="space-y-2">
      {issues.map((issue, i) => (
        <li
          key={i}
          className={`rounded-lg border px-2.5 py-2 text-[12px] leading-[1.4] ${
            issue.severity === 'error' ? 'border-red-500/30 bg-red-500/5' : 'border-amber-400/30 bg-amber-400/5'
          }`}
        >
          <p className="text-zinc-100">{issue.message}</p>
          <p className="mt-0.5 text-zinc-400">{issue.hint}</p>
          {issue.fix && (
            <button
              type="button"
              onClick={() => applyFix(issue.fix!)}
              className="mt-1.5 inline-flex items-center gap-1 rounded-md bg-zinc-800 px-2 py-0.5 text-[11.5px] font-medium text-zinc-100 hover:bg-zinc-700"
            >
              <WandIcon width={11} height={11} />
              Fix: {issue.fix.label}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function MultiInspector({ nodeIds, edgeIds }: { nodeIds: string[]; edgeIds: string[] }) {
  const deleteElements = usePipeline((s) => s.deleteElements);
  return (
    <div className="px-4 py-4">
      <p className="text-[15px] font-semibold text-zinc-100">{nodeIds.length} nodes selected</p>
      <p className="mt-1 text-[12.5px] text-zinc-400">Drag to move them together, or delete them at once.</p>
      <button
        type="button"
        data-testid="delete-node"
        onClick={() => deleteElements(nodeIds, edgeIds)}
        className="mt-4 flex h-8 w-full items-center justify-center gap-2 rounded-lg border border-zinc-800 text-[12.5px] font-medium text-zinc-400 hover:border-red-500/50 hover:bg-red-500/10 hover:text-red-300"
      >
        <TrashIcon width={14} height={14} />
        Delete {nodeIds.length} nodes
      </button>
    </div>
  );
}

function EdgeInspector({ edgeIds }: { edgeIds: string[] }) {
  const doc = usePipeline((s) => s.doc);
  const deleteElements = usePipeline((s) => s.deleteElements);
  const { analysis } = useCompiled();
  const edges = doc.edges.filter((e) => edgeIds.includes(edgeId(e)));
  const name = distinctNodeNames(doc.nodes);
  return (
    <div className="px-4 py-4">
      <p className="text-[15px] font-semibold text-zinc-100">{edges.length === 1 ? 'Connection' : `${edges.length} connections`}</p>
      <ul className="mt-3 space-y-2">
        {edges.map((e) => {
          const shape = analysis.edgeShapes[edgeId(e)];
          return (
            <li key={edgeId(e)} className="rounded-lg border border-zinc-800 bg-zinc-900 px-3 py-2 text-[12.5px]">
              <p className="text-zinc-200">
                {name(e.source)} <span className="text-zinc-500">· {e.sourcePort}</span>
                <span className="mx-1.5 text-zinc-500">→</span>
                {name(e.target)} <span className="text-zinc-500">· {e.targetPort}</span>
              </p>
              <p className="mt-0.5 font-mono text-[11.5px] text-zinc-400">
                {shape ? (shape.length === 0 ? 'scalar' : formatShape(shape)) : 'shape unknown'}
              </p>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        data-testid="delete-edge"
        onClick={() => deleteElements([], edgeIds)}
        className="mt-4 flex h-8 w-full items-center justify-center gap-2 rounded-lg border border-zinc-800 text-[12.5px] font-medium text-zinc-400 hover:border-red-500/50 hover:bg-red-500/10 hover:text-red-300"
      >
        <TrashIcon width={14} height={14} />
        Delete {edges.length === 1 ? 'connection' : 'connections'}
      </button>
    </div>
  );
}

function PipelineInspector() {
  const doc = usePipeline((s) => s.doc);
  const setMeta = usePipeline((s) => s.setMeta);
  const breakCoalescing = usePipeline((s) => s.breakCoalescing);
  const select = usePipeline((s) => s.select);
  const requestFocus = useUi((s) => s.requestFocus);
  const result = useCompiled();
  const { issues, analysis } = result;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;

  const layers = doc.nodes.filter((n) => getNodeDefinition(n.kind)?.category === 'layer');
  const counts = layers.map((n) => analysis.nodes[n.id]?.paramCount);
  const known = counts.filter((c) => c !== undefined);
  const uncounted = counts.length - known.length;
  const datasetNode = doc.nodes.find((n) => getNodeDefinition(n.kind)?.category === 'data');
  const datasetId = datasetNode && (analysis.nodes[datasetNode.id]?.params?.dataset as DatasetId | undefined);
  // From the optimizer's own settings, not from a successful compile: a problem elsewhere in the
  // pipeline does not make the number of epochs unknown.
  const optimizers = doc.nodes.filter((n) => getNodeDefinition(n.kind)?.category === 'optimizer');
  const optimizer = optimizers.length === 1 ? analysis.nodes[optimizers[0].id] : undefined;
  const epochs = optimizer?.params?.epochs;

  return (
    <>
      <div className="border-b border-zinc-800/80 px-4 pt-4 pb-3.5">
        <p className="text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">Pipeline</p>
        <MetaName value={doc.name} onChange={(v) => setMeta({ name: v })} onBlur={breakCoalescing} />
        <textarea
          aria-label="Pipeline description"
          data-testid="pipeline-description"
          value={doc.description}
          placeholder="What does this pipeline do?"
          onChange={(e) => setMeta({ description: e.target.value.slice(0, 5000) })}
          onBlur={breakCoalescing}
          rows={2}
          className="field-sizing-content mt-1 -ml-1.5 max-h-48 min-h-[3.25rem] w-[calc(100%+0.75rem)] resize-none rounded-md border border-transparent bg-transparent px-1.5 py-1 text-[12.5px] leading-[1.45] text-zinc-400 placeholder:text-zinc-600 hover:border-zinc-700 focus:border-indigo-500 focus:text-zinc-200 focus:outline-none"
        />
      </div>

      <Section title="Model">
        <dl className="grid grid-cols-2 gap-2">
          <Stat
            label="Parameters"
            value={known.length === 0 ? '–' : `${formatCount(known.reduce((a, b) => a + b, 0))}${uncounted > 0 ? '+' : ''}`}
            title={
              uncounted > 0 && known.length > 0
                ? `At least; ${uncounted} layer${uncounted === 1 ? ' has' : 's have'} no count until ${uncounted === 1 ? 'its' : 'their'} problems are fixed.`
                : undefined
            }
            testId="total-params"
          />
          <Stat label="Layers" value={String(layers.length)} />
          <Stat label="Dataset" value={datasetId ? datasets[datasetId].label : '–'} />
          <Stat
            label="Epochs"
            value={typeof epochs === 'number' ? `${epochs}${optimizer?.auto?.epochs ? ' · auto' : ''}` : '–'}
            testId="model-epochs"
          />
        </dl>
      </Section>

      <Section
        title="Problems"
        aside={
          issues.length > 0 ? (
            <span className="text-[11px] text-zinc-500">
              {errors > 0 && <span className="text-red-300">{errors} error{errors === 1 ? '' : 's'}</span>}
              {errors > 0 && warnings > 0 && ' · '}
              {warnings > 0 && <span className="text-amber-300">{warnings} warning{warnings === 1 ? '' : 's'}</span>}
            </span>
          ) : undefined
        }
      >
        <div data-testid="issues-panel">
          {issues.length === 0 ? (
            <p className="flex items-center gap-2 text-[12.5px] text-emerald-300">
              <CheckIcon width={14} height={14} /> No problems: ready to train.
            </p>
          ) : (
            <IssueList
              issues={issues}
              itemTestId="issues-panel-item"
              onPick={(nodeId) => {
                select({ nodes: [nodeId], edges: [] });
                requestFocus(nodeId);
              }}
            />
          )}
        </div>
      </Section>
    </>
  );
}

function Stat({ label, value, title = value, testId }: { label: string; value: string; title?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-zinc-800 bg-zinc-900/70 px-2.5 py-2">
      <dt className="text-[10.5px] text-zinc-500">{label}</dt>
      <dd data-testid={testId} className="mt-0.5 truncate text-[13px] font-medium text-zinc-100 tabular-nums" title={title}>
        {value}
      </dd>
    </div>
  );
}

/** The name must never be empty (the document requires one): an emptied field reverts on blur. */
export function MetaName({
  value,
  onChange,
  onBlur,
  className,
  testId = 'pipeline-name-inspector',
}: {
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  className?: string;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  const focused = useRef(false);
  // While the user types, their text wins; otherwise follow the store (undo, a template load).
  useEffect(() => {
    if (!focused.current) setText(value);
  }, [value]);
  return (
    <input
      aria-label="Pipeline name"
      data-testid={testId}
      value={text}
      onFocus={() => (focused.current = true)}
      onChange={(e) => {
        setText(e.target.value);
        const trimmed = e.target.value.trim();
        if (trimmed) onChange(trimmed.slice(0, 200));
      }}
      onBlur={() => {
        focused.current = false;
        setText(value);
        onBlur?.();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur();
      }}
      className={
        className ??
        'mt-1 -ml-1.5 w-[calc(100%+0.75rem)] rounded-md border border-transparent bg-transparent px-1.5 py-0.5 text-[17px] font-semibold tracking-tight text-zinc-50 hover:border-zinc-700 focus:border-indigo-500 focus:outline-none'
      }
    />
  );
}

/**
 * The columns of the table wired into `nodeId`'s table input, as compile found them on the node
 * feeding it; undefined when the node reads no table or its source's columns are not known yet.
 */
function incomingColumns(def: AnyNodeDefinition, nodeId: string, edges: PipelineEdge[], analysis: Analysis): ColumnInfo[] | undefined {
  const tableInput = def.inputs.find((port) => port.type === 'table');
  if (!tableInput) return undefined;
  const edge = edges.find((e) => e.target === nodeId && e.targetPort === tableInput.id);
  return edge && analysis.nodes[edge.source]?.outputInfo?.[edge.sourcePort]?.table?.columns;
}
