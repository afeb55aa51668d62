'use client';

import { useEffect } from 'react';
import { usePipeline } from '@/lib/store/pipeline';
import { stepHistory } from '@/lib/store/history';
import { useCompiled } from '@/lib/store/compiled';
import { useUi } from '@/lib/store/ui';
import { MetaName } from '@/components/inspector/inspector';
import { PipelinesMenu } from '@/components/pipelines/pipelines-menu';
import { AlertIcon, CheckIcon, ErrorIcon, LogoIcon, RedoIcon, TemplateIcon, UndoIcon } from '@/components/ui/icons';
import { formatKeys, keys, useIsMac } from '@/components/ui/keyboard';
import { FileMenu } from '@/components/share/file-menu';
import { ShareButton } from '@/components/share/share-panel';
import { ExportButton } from '@/components/export/export-button';
import { ModelSummaryButton } from '@/components/summary/model-summary';

export function TopBar({ onOpenHelp }: { onOpenHelp: () => void }) {
  const name = usePipeline((s) => s.doc.name);
  const canUndo = usePipeline((s) => s.past.length > 0);
  const canRedo = usePipeline((s) => s.future.length > 0);
  const { setMeta, breakCoalescing, select } = usePipeline.getState();
  const setTemplatesOpen = useUi((s) => s.setTemplatesOpen);
  const { issues } = useCompiled();
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const mac = useIsMac();
  // People with many tabs find a pipeline by its name in the tab strip.
  useEffect(() => {
    document.title = `${name} - Pipeline Builder`;
  }, [name]);

  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-800 bg-zinc-925 px-3">
      <div className="flex shrink-0 items-center gap-2 pr-1">
        <span className="flex h-7 w-7 items-center justify-center rounded-lg bg-indigo-500 text-white shadow-sm shadow-indigo-950">
          <LogoIcon width={16} height={16} />
        </span>
        <span className="hidden text-[13.5px] font-semibold tracking-tight whitespace-nowrap text-zinc-100 xl:inline">Pipeline Builder</span>
      </div>
      <span className="h-5 w-px shrink-0 bg-zinc-800" />
      <MetaName
        value={name}
        onChange={(v) => setMeta({ name: v })}
        onBlur={breakCoalescing}
        testId="pipeline-name"
        className="field-sizing-content h-8 max-w-[300px] min-w-[120px] shrink truncate rounded-md border border-transparent bg-transparent px-2 text-[13.5px] font-medium text-zinc-200 hover:border-zinc-700 focus:border-indigo-500 focus:bg-zinc-900 focus:outline-none"
      />
      <PipelinesMenu />
      <button
        type="button"
        onClick={() => select({ nodes: [], edges: [] })}
        title="Show all problems in the inspector"
        className="flex h-7 shrink-0 items-center gap-1.5 rounded-full border whitespace-nowrap border-zinc-800 px-2.5 text-[12px] text-zinc-400 hover:bg-zinc-900"
      >
        {errors > 0 ? (
          <>
            <ErrorIcon width={13} height={13} className="text-red-400" />
            {errors} error{errors === 1 ? '' : 's'}
          </>
        ) : warnings > 0 ? (
          <>
            <AlertIcon width={13} height={13} className="text-amber-400" />
            Ready · {warnings} warning{warnings === 1 ? '' : 's'}
          </>
        ) : (
          <>
            <CheckIcon width={13} height={13} className="text-emerald-400" />
            Ready to train
          </>
        )}
      </button>

      <div className="ml-auto flex shrink-0 items-center gap-1">
        <IconButton testId="undo" label={`Undo (${formatKeys(keys.undo, mac)})`} disabled={!canUndo} onClick={() => stepHistory('undo')}>
          <UndoIcon />
        </IconButton>
        <IconButton testId="redo" label={`Redo (${formatKeys(keys.redo, mac)})`} disabled={!canRedo} onClick={() => stepHistory('redo')}>
          <RedoIcon />
        </IconButton>
        <span className="mx-1.5 h-5 w-px bg-zinc-800" />
        <FileMenu />
        {/* Icon only on narrow windows: the name field needs the room more than the word. */}
        <button
          type="button"
          data-testid="open-templates"
          aria-label="Templates"
          title="Templates"
          onClick={() => setTemplatesOpen(true)}
          className="flex h-8 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 xl:px-3"
        >
          <TemplateIcon width={14} height={14} />
          <span className="hidden xl:inline">Templates</span>
        </button>
        <button
          type="button"
          data-testid="open-help"
          aria-label={`Keyboard shortcuts (${formatKeys(keys.help, mac)})`}
          title={`Keyboard shortcuts (${formatKeys(keys.help, mac)})`}
          onClick={onOpenHelp}
          className="flex h-8 w-8 items-center justify-center rounded-lg border border-zinc-700 bg-zinc-900 text-[13px] font-semibold text-zinc-300 hover:bg-zinc-800"
        >
          ?
        </button>
        <span className="mx-1.5 h-5 w-px bg-zinc-800" />
        <ModelSummaryButton />
        <ExportButton />
        <ShareButton />
      </div>
    </header>
  );
}

function IconButton({
  testId,
  label,
  disabled,
  onClick,
  children,
}: {
  testId: string;
  label: string;
  disabled: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="flex h-8 w-8 items-center justify-center rounded-lg text-zinc-300 hover:bg-zinc-800 disabled:text-zinc-700 disabled:hover:bg-transparent"
    >
      {children}
    </button>
  );
}
