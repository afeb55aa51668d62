'use client';

import { getNodeDefinition } from '@/nodes';
import { templates } from '@/lib/templates';
import type { PipelineDocument } from '@/lib/document/document';
import { blankDocument, usePipeline } from '@/lib/store/pipeline';
import { useTraining } from '@/lib/store/training';
import { useUi } from '@/lib/store/ui';
import { categoryColor } from '@/components/ui/theme';
import { AlertIcon, CloseIcon, PlusIcon } from '@/components/ui/icons';
import { Modal } from '@/components/ui/modal';

export function TemplatesDialog() {
  const open = useUi((s) => s.templatesOpen);
  const notice = useUi((s) => s.restoreNotice);
  const setOpen = useUi((s) => s.setTemplatesOpen);
  const setNotice = useUi((s) => s.setRestoreNotice);
  const requestFitView = useUi((s) => s.requestFitView);
  const loadDocument = usePipeline((s) => s.loadDocument);

  if (!open) return null;

  const choose = (doc: PipelineDocument, label = doc.name) => {
    setOpen(false);
    // While a run is in progress this asks first; the run belongs to the pipeline on the canvas.
    useTraining.getState().confirmLeave(label, () => {
      // A copy: edits must never reach the template module's own objects.
      loadDocument(structuredClone(doc));
      setNotice(null);
      requestFitView();
    });
  };

  return (
    <Modal
      open={open}
      onClose={() => setOpen(false)}
      labelledBy="templates-title"
      testId="templates-dialog"
      className="max-w-[880px]"
    >
      <div className="flex items-start justify-between px-6 pt-5">
        <div>
          <h2 id="templates-title" className="text-[18px] font-semibold tracking-tight text-zinc-50">
            Start a pipeline
          </h2>
          <p className="mt-1 text-[13px] text-zinc-400">
            Pick a working example to explore and change, or start from an empty canvas. You can undo this.
          </p>
        </div>
        <button
          type="button"
          aria-label="Close"
          onClick={() => setOpen(false)}
          className="flex h-8 w-8 items-center justify-center rounded-lg text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200"
        >
          <CloseIcon />
        </button>
      </div>

      {notice && (
        <div data-testid="restore-notice" role="alert" className="mx-6 mt-4 flex gap-2.5 rounded-xl border border-amber-400/30 bg-amber-400/10 px-3.5 py-2.5">
          <AlertIcon className="mt-0.5 shrink-0 text-amber-400" />
          <p className="text-[12.5px] leading-[1.45] text-amber-100">{notice}</p>
        </div>
      )}

      <div className="grid grid-cols-3 gap-3 p-6">
        {templates.map((t) => (
          <button
            key={t.id}
            type="button"
            data-testid={`template-card-${t.id}`}
            onClick={() => choose(t.document)}
            className="group flex flex-col rounded-xl border border-zinc-800 bg-zinc-900 p-4 text-left transition hover:border-indigo-500/70 hover:bg-zinc-900/60 focus-visible:border-indigo-500 focus-visible:outline-none"
          >
            <MiniGraph doc={t.document} />
            <span className="mt-3.5 text-[14px] font-semibold text-zinc-100">{t.document.name}</span>
            <span className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">{t.document.description}</span>
            <span className="mt-auto pt-3 text-[11.5px] text-zinc-500">
              {t.document.nodes.length} nodes · {t.document.edges.length} connections
            </span>
          </button>
        ))}
        <button
          type="button"
          data-testid="template-card-blank"
          onClick={() => choose({ ...blankDocument() }, 'a blank canvas')}
          className="flex flex-col rounded-xl border border-dashed border-zinc-700 p-4 text-left transition hover:border-indigo-500/70 hover:bg-zinc-900/60 focus-visible:border-indigo-500 focus-visible:outline-none"
        >
          <div className="flex h-[92px] items-center justify-center rounded-lg bg-zinc-900/70">
            <PlusIcon width={22} height={22} className="text-zinc-500" />
          </div>
          <span className="mt-3.5 text-[14px] font-semibold text-zinc-100">Blank canvas</span>
          <span className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">
            Build from scratch: drag a dataset, layers, a loss and an optimizer from the palette.
          </span>
        </button>
      </div>
    </Modal>
  );
}

/** A thumbnail of the template's graph, drawn from its own node positions. */
function MiniGraph({ doc }: { doc: PipelineDocument }) {
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX + 230;
  const h = Math.max(...ys) - minY + 120;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return (
    <svg viewBox={`${minX - 20} ${minY - 20} ${w + 40} ${h + 40}`} className="h-[92px] w-full rounded-lg bg-zinc-950/70" aria-hidden="true">
      {doc.edges.map((e, i) => {
        const a = byId.get(e.source);
        const b = byId.get(e.target);
        if (!a || !b) return null;
        const x1 = a.position.x + 220;
        const y1 = a.position.y + 50;
        const x2 = b.position.x;
        const y2 = b.position.y + 50;
        const dx = Math.max(60, Math.abs(x2 - x1) / 2);
        return (
          <path key={i} d={`M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`} fill="none" stroke="#3f3f46" strokeWidth={8} />
        );
      })}
      {doc.nodes.map((n) => {
        const def = getNodeDefinition(n.kind);
        const color = def ? categoryColor[def.category] : '#71717a';
        return (
          <g key={n.id}>
            <rect x={n.position.x} y={n.position.y} width={220} height={100} rx={18} fill="#18181b" stroke={color} strokeWidth={6} />
            <rect x={n.position.x + 24} y={n.position.y + 30} width={120} height={16} rx={8} fill={color} opacity={0.8} />
          </g>
        );
      })}
    </svg>
  );
}
