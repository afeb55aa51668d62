'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { Issue } from '@/lib/compile/compile';
import type { ExportProject } from '@/lib/export/project';
import { zipFileName, zipProject } from '@/lib/export/zip';
import { useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { IssueList } from '@/components/inspector/issue-list';
import { AlertIcon, CheckIcon, CodeIcon, CopyIcon, DownloadIcon, ErrorIcon, SpinnerIcon } from '@/components/ui/icons';
import { formatKeys, useIsMac } from '@/components/ui/keyboard';
import { CloseButton, Modal } from '@/components/ui/modal';
import { saveFile } from '@/components/ui/save-file';
import { CodeView } from './code-view';
import { useExportProject } from './use-export-project';

/** The Export panel: the generated project, or the problems that stop it. Mounted while open, so it writes code only then. */
export function ExportPanel({ onClose }: { onClose: () => void }) {
  const doc = usePipeline((s) => s.doc);
  const compiled = useCompiled();
  // Known before any code is written, and kept current while the panel is open.
  const compiles = compiled.ok;
  const errors = compiled.issues.filter((i) => i.severity === 'error');
  const generation = useExportProject(doc, compiles);
  const last = generation.last;

  const showsCode = compiles && (last?.state === 'ready' || generation.pending);
  let body: React.ReactNode;
  if (!compiles) body = <ExportBlocked issues={errors} onClose={onClose} />;
  else if (last?.state === 'ready') body = <ProjectView project={last.project} pending={generation.pending} />;
  else if (generation.pending) body = <Generating />;
  else if (last?.state === 'blocked') body = <ExportBlocked issues={last.issues} onClose={onClose} />;
  else if (last?.state === 'failed') body = <ExportFailed message={last.message} onRetry={generation.retry} />;

  return (
    <Modal
      open
      onClose={onClose}
      labelledBy="export-title"
      describedBy="export-what"
      testId="export-panel"
      // The code takes the room the window has; problems or a failure need only their own.
      className={`flex max-h-full flex-col overflow-hidden ${showsCode ? 'h-[min(860px,100%)] max-w-[1120px]' : 'max-w-[680px]'}`}
    >
      <div className="flex shrink-0 items-start justify-between gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <CodeIcon width={16} height={16} className="text-indigo-300" />
            <h2 id="export-title" className="text-[15px] font-semibold text-zinc-50">
              Export as TypeScript
            </h2>
          </div>
          <p id="export-what" className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">
            A standalone project that trains this pipeline with TensorFlow.js, for an engineer to run, read and build on.
          </p>
        </div>
        <CloseButton onClick={onClose} testId="export-close" className="-mt-1 -mr-1.5" />
      </div>
      {body}
    </Modal>
  );
}

function Generating() {
  return (
    <div data-testid="export-loading" role="status" className="flex flex-1 items-center justify-center gap-2 border-t border-zinc-800 text-[13px] text-zinc-400">
      <SpinnerIcon width={16} height={16} className="animate-spin text-indigo-300" />
      Writing the code…
    </div>
  );
}

function ExportBlocked({ issues, onClose }: { issues: Issue[]; onClose: () => void }) {
  const select = usePipeline((s) => s.select);
  const requestFocus = useUi((s) => s.requestFocus);
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return (
    <div data-testid="export-blocked" className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-800 px-5 py-4">
      <div className="flex gap-2 rounded-lg border border-red-500/30 bg-red-500/5 px-3 py-2.5">
        <ErrorIcon className="mt-0.5 shrink-0 text-red-400" width={15} height={15} />
        <p className="text-[12.5px] leading-[1.45] text-zinc-100">
          This pipeline has {count} to fix before it can be exported as code.{issues.some((i) => i.nodeId) && ' Click one to go to its node.'}
        </p>
      </div>
      <div className="mt-3 max-w-[720px]">
        <IssueList
          issues={issues}
          itemTestId="export-issue"
          onPick={(nodeId) => {
            select({ nodes: [nodeId], edges: [] });
            requestFocus(nodeId);
            onClose();
          }}
        />
      </div>
    </div>
  );
}

function ExportFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="border-t border-zinc-800 px-5 py-4">
      <div data-testid="export-error" role="alert" className="rounded-lg border border-amber-400/30 bg-amber-400/10 px-3 py-2.5">
        <div className="flex gap-2">
          <AlertIcon className="mt-0.5 shrink-0 text-amber-400" width={15} height={15} />
          <div className="text-[12.5px] leading-[1.45]">
            <p className="text-amber-100">The code for this pipeline could not be written: {message}</p>
            <p className="mt-0.5 text-amber-100/70">
              Your pipeline is unchanged. Try again; if it keeps failing, send the pipeline file (File menu) with a bug report.
            </p>
          </div>
        </div>
        <div className="mt-2.5 flex justify-end">
          <button
            type="button"
            data-testid="export-retry"
            onClick={onRetry}
            className="flex h-8 items-center rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800"
          >
            Try again
          </button>
        </div>
      </div>
    </div>
  );
}

type CopyState = 'idle' | 'copied' | 'blocked';

function ProjectView({ project, pending }: { project: ExportProject; pending: boolean }) {
  const [path, setPath] = useState(project.files[0].path);
  // A regenerated project keeps the file being read, if it still has it.
  const file = project.files.find((f) => f.path === path) ?? project.files[0];
  const [copy, setCopy] = useState<CopyState>('idle');
  const code = useRef<HTMLElement>(null);
  const tabs = useRef<HTMLDivElement>(null);
  const mac = useIsMac();
  const panelId = useId();

  // "Copied" was about the text shown then: another file, or new code, is not on the clipboard.
  useEffect(() => setCopy('idle'), [file]);
  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  const copyFile = async () => {
    try {
      // Missing outside secure pages (plain http on another machine), refused when a browser blocks it.
      await navigator.clipboard.writeText(file.text);
      setCopy('copied');
    } catch {
      setCopy('blocked');
      const region = code.current?.closest<HTMLElement>('[data-testid="export-code"]');
      region?.focus();
      if (code.current) window.getSelection()?.selectAllChildren(code.current);
    }
  };

  // Arrow keys move along the files as in any tab strip; Tab reaches each file too.
  const onTabKey = (event: React.KeyboardEvent) => {
    const at = project.files.indexOf(file);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: project.files.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = project.files[(to + project.files.length) % project.files.length];
    setPath(next.path);
    tabs.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(next.path)}"]`)?.focus();
  };

  return (
    <>
      <div className="flex shrink-0 items-end justify-between gap-3 border-b border-zinc-800 px-3">
        <div ref={tabs} role="tablist" aria-label="Files in the project" className="-mb-px flex min-w-0 overflow-x-auto" onKeyDown={onTabKey}>
          {project.files.map((f) => {
            const selected = f === file;
            return (
              <button
                key={f.path}
                type="button"
                role="tab"
                aria-selected={selected}
                aria-controls={panelId}
                data-testid={`export-file-${f.path}`}
                data-path={f.path}
                onClick={() => setPath(f.path)}
                className={`h-9 shrink-0 border-b-2 px-3 font-mono text-[12px] whitespace-nowrap focus-visible:rounded-t-md focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 ${
                  selected ? 'border-indigo-400 text-zinc-50' : 'border-transparent text-zinc-400 hover:text-zinc-200'
                }`}
              >
                {f.path}
              </button>
            );
          })}
        </div>
        <div className="flex shrink-0 items-center gap-2 pb-1.5">
          {pending && (
            <span data-testid="export-updating" role="status" className="flex items-center gap-1.5 text-[12px] text-zinc-400">
              <SpinnerIcon width={13} height={13} className="animate-spin text-indigo-300" />
              Updating to match the canvas…
            </span>
          )}
          <button
            type="button"
            data-testid="export-copy"
            data-state={copy}
            disabled={pending}
            onClick={copyFile}
            className="flex h-7 w-[84px] items-center justify-center gap-1.5 rounded-md border border-zinc-700 bg-zinc-900 text-[12px] font-medium text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
          >
            {copy === 'copied' ? <CheckIcon width={13} height={13} className="text-emerald-400" /> : <CopyIcon width={13} height={13} />}
            {copy === 'copied' ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <p aria-live="polite" className="shrink-0 empty:hidden">
        {copy === 'copied' && <span className="sr-only">{file.path} copied to the clipboard.</span>}
        {copy === 'blocked' && (
          <span data-testid="export-copy-blocked" className="block border-b border-zinc-800 bg-amber-400/10 px-5 py-1.5 text-[12px] leading-[1.45] text-amber-200">
            This browser did not let the app copy. The code is selected: press {formatKeys(['Mod', 'C'], mac)} to copy it.
          </span>
        )}
      </p>
      {/* Dimmed while it is being rewritten: it shows the canvas as it was, not as it is. */}
      <div className={`flex min-h-0 flex-1 flex-col transition-opacity ${pending ? 'opacity-40' : ''}`}>
        {/* A file of its own starts at its top. */}
        <CodeView key={file.path} file={file} codeRef={code} id={panelId} />
      </div>
      <div className="flex shrink-0 flex-wrap items-center justify-between gap-x-4 gap-y-2 border-t border-zinc-800 px-5 py-3">
        <p data-testid="export-how" className="min-w-0 flex-1 text-[12.5px] leading-[1.45] text-zinc-400">
          Unzip, then <code className="rounded bg-zinc-800 px-1 py-0.5 font-mono text-[12px] text-zinc-200">npm install && npx tsx pipeline.ts</code>. It
          trains on the CPU in Node and prints the metrics this app gets on its CPU backend.
        </p>
        <button
          type="button"
          data-testid="export-download"
          disabled={pending}
          onClick={() => downloadProject(project)}
          className="flex h-8 shrink-0 items-center gap-1.5 rounded-lg bg-indigo-500 px-3 text-[12.5px] font-semibold text-white shadow-sm shadow-indigo-950 hover:bg-indigo-400 disabled:opacity-50"
        >
          <DownloadIcon width={14} height={14} />
          Download project
        </button>
      </div>
    </>
  );
}

function downloadProject(project: ExportProject): void {
  // fflate's zip is over a plain ArrayBuffer; its type only says "some buffer", which Blob refuses.
  const zip = zipProject(project) as Uint8Array<ArrayBuffer>;
  saveFile(new Blob([zip], { type: 'application/zip' }), zipFileName(project));
}
