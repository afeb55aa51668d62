'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { getNodeDefinition } from '@/nodes';
import { dataStage } from '@/lib/compile/context';
import { distinctNodeNames } from '@/lib/document/node-name';
import { previewPlan, type PlanOutcome } from '@/lib/preview/plan';
import { requestPreview, type PreviewOutcome } from '@/lib/preview/client';
import type { OutputPreview, PreviewResult } from '@/lib/preview/protocol';
import { useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { formatCount } from '@/components/ui/theme';
import { ImageIcon, SpinnerIcon } from '@/components/ui/icons';
import { CloseButton } from '@/components/ui/modal';
import { DataPreview } from './data-preview';
import { TargetPreview, TensorPreview } from './tensor-preview';

/**
 * The inspector's "Preview" for a data or preprocessing node, and the wide drawer it opens along
 * the bottom of the window: the node's output rows and statistics, worked out in the preview
 * worker from the pipeline as it was when asked. The drawer does not block the page, so a person
 * can change the node's settings above it; it then says the preview is stale and offers a
 * refresh, rather than re-running on every keystroke.
 */
export function PreviewSection({ nodeId }: { nodeId: string }) {
  const kind = usePipeline((s) => s.doc.nodes.find((n) => n.id === nodeId)?.kind);
  const [open, setOpen] = useState(false);
  const category = kind && getNodeDefinition(kind)?.category;
  if (!category || !dataStage.has(category)) return null;
  return (
    <section className="border-b border-zinc-800/80 px-4 py-3.5">
      <h3 className="mb-2 text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">Data preview</h3>
      <button
        type="button"
        data-testid="preview-open"
        onClick={() => setOpen(true)}
        className="flex h-8 w-full items-center justify-center gap-2 rounded-lg border border-zinc-700 bg-zinc-900 text-[12.5px] font-medium text-zinc-200 hover:border-indigo-500/60 hover:bg-indigo-500/10 hover:text-indigo-200 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
      >
        <ImageIcon width={14} height={14} />
        Preview this node&apos;s data
      </button>
      {open && <PreviewDialog nodeId={nodeId} onClose={() => setOpen(false)} />}
    </section>
  );
}

type Shown =
  | { state: 'loading'; message: string }
  | { state: 'done'; outcome: PreviewOutcome }
  | { state: 'refused'; outcome: Extract<PlanOutcome, { ok: false }> };

function usePlan(nodeId: string): PlanOutcome {
  const doc = usePipeline((s) => s.doc);
  const compiled = useCompiled();
  // Positions do not change a plan, and compile is cached on what does: recompute when its result changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => previewPlan(doc, compiled, nodeId), [compiled, nodeId]);
}

function PreviewDialog({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const doc = usePipeline((s) => s.doc);
  const plan = usePlan(nodeId);
  const planKey = JSON.stringify(plan);
  const [shown, setShown] = useState<Shown>({ state: 'loading', message: 'Starting the preview…' });
  const [shownKey, setShownKey] = useState<string | undefined>(undefined);
  const latest = useRef(0);
  const drawer = useRef<HTMLDivElement>(null);
  const right = useInspectorGap();
  // Focus moves into the drawer when it opens and back to what opened it (the Preview button) when it closes.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    drawer.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const run = useCallback((outcome: PlanOutcome, key: string) => {
    const request = ++latest.current;
    setShownKey(key);
    if (!outcome.ok) {
      setShown({ state: 'refused', outcome });
      return;
    }
    setShown({ state: 'loading', message: 'Starting the preview…' });
    void requestPreview(outcome.plan, (message) => {
      if (latest.current === request) setShown({ state: 'loading', message });
    }).then((result) => {
      if (latest.current === request) setShown({ state: 'done', outcome: result });
    });
  }, []);
  // The first run, once per open dialog; later ones only on Refresh.
  useEffect(() => {
    if (shownKey === undefined) run(plan, planKey);
  }, [shownKey, plan, planKey, run]);

  const name = distinctNodeNames(doc.nodes)(nodeId);
  const stale = shownKey !== undefined && shownKey !== planKey;
  const result = shown.state === 'done' && shown.outcome.ok ? shown.outcome.result : undefined;

  return createPortal(
    <div
      ref={drawer}
      role="dialog"
      aria-modal="false"
      aria-labelledby="preview-title"
      aria-describedby="preview-what"
      tabIndex={-1}
      data-testid="preview-panel"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onClose();
      }}
      style={{ right }}
      className="nokey fixed bottom-3 left-3 z-30 flex h-[70vh] min-h-72 flex-col overflow-hidden rounded-2xl border border-zinc-700 bg-zinc-925 shadow-2xl shadow-black/70 outline-none"
    >
      <div className="flex shrink-0 items-start justify-between gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <h2 id="preview-title" className="truncate text-[15px] font-semibold text-zinc-50">
            Preview: {name}
          </h2>
          <p id="preview-what" data-testid="preview-rows-note" className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">
            {rowsNote(plan, result)}
          </p>
        </div>
        <CloseButton onClick={onClose} testId="preview-close" className="-mt-1 -mr-1.5" />
      </div>
      {stale && (
        <div data-testid="preview-stale" role="status" className="mx-5 mb-3 flex items-center justify-between gap-3 rounded-lg border border-amber-500/30 bg-amber-500/10 px-3 py-2 text-[12.5px] text-amber-200">
          <span>The pipeline changed since this preview was made: it may no longer match.</span>
          <button
            type="button"
            data-testid="preview-refresh"
            onClick={() => run(plan, planKey)}
            className="h-7 shrink-0 rounded-md bg-amber-400/90 px-2.5 text-[12px] font-semibold text-zinc-950 hover:bg-amber-300 focus-visible:ring-2 focus-visible:ring-amber-200 focus-visible:outline-none"
          >
            Refresh
          </button>
        </div>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-800 px-5 py-4">
        {shown.state === 'loading' && (
          <p data-testid="preview-loading" role="status" className="flex items-center gap-2 text-[13px] text-zinc-400">
            <SpinnerIcon width={16} height={16} className="animate-spin text-indigo-300" />
            {shown.message}
          </p>
        )}
        {shown.state === 'refused' && <PreviewError message={shown.outcome.message} hint={shown.outcome.hint} />}
        {shown.state === 'done' && !shown.outcome.ok && <PreviewError message={shown.outcome.message} hint={shown.outcome.hint} />}
        {result && (
          <div className="space-y-6">
            {result.outputs.map((output) => (
              <OutputSection key={output.key} output={output} titled={result.outputs.length > 1} />
            ))}
          </div>
        )}
      </div>
    </div>,
    document.body,
  );
}

/**
 * How far from the window's right edge the drawer ends: short of the docked inspector, so the
 * node's settings stay in reach beside the preview; over everything when the window is too
 * narrow to leave the preview room (it then covers the inspector, which floats there).
 */
function useInspectorGap(): number {
  const [gap, setGap] = useState(12);
  useEffect(() => {
    const measure = () => {
      const inspector = document.querySelector('[data-testid="inspector"]')?.getBoundingClientRect();
      const docked = inspector && inspector.width > 0 && inspector.left >= 720;
      setGap(docked ? window.innerWidth - inspector.left + 8 : 12);
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return gap;
}

function OutputSection({ output, titled }: { output: OutputPreview; titled: boolean }) {
  return (
    <section aria-label={`The ${output.label} output`} data-testid={`preview-output-${output.key}`} className="space-y-2">
      {titled && <h3 className="text-[13px] font-semibold text-zinc-200">{output.label}</h3>}
      {output.kind === 'table' && <DataPreview preview={output.preview} />}
      {output.kind === 'tensor' && <TensorPreview preview={output.preview} />}
      {output.kind === 'target' && <TargetPreview preview={output.preview} />}
    </section>
  );
}

function PreviewError({ message, hint }: { message: string; hint: string }) {
  return (
    <div data-testid="preview-error" role="alert" className="max-w-2xl rounded-lg border border-red-500/30 bg-red-500/10 px-4 py-3">
      <p className="text-[13px] font-medium text-red-200">{message}</p>
      <p className="mt-1 text-[12.5px] text-red-200/70">{hint}</p>
    </div>
  );
}

/** Which rows the preview shows, in words: after the split, the training rows only, as each step learns from them. */
function rowsNote(plan: PlanOutcome, result: PreviewResult | undefined): string {
  if (!plan.ok) return 'This node cannot be previewed yet.';
  if (plan.plan.rows === 'all') return "Every row of the data, as this node's output.";
  const split = result?.split;
  if (!split) return 'The training rows only: this node comes after the train/validation split, and each step learns from the training rows, as in a run.';
  const held = [split.validation > 0 && `${formatCount(split.validation)} validation`, split.test > 0 && `${formatCount(split.test)} test`].filter(Boolean).join(' and ');
  return `The ${formatCount(split.train)} training rows only${held ? ` (${held} rows held out)` : ''}: each step learns from them, as in a run.`;
}
