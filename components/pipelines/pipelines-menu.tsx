'use client';

import { useEffect, useRef, useState } from 'react';
import {
  deletePipelineEntry,
  duplicatePipelineEntry,
  formatEdited,
  newPipeline,
  renamePipelineEntry,
  switchPipeline,
  useLibrary,
  type PipelineSummary,
} from '@/lib/store/library';
import { usePipeline } from '@/lib/store/pipeline';
import { useDialogFocus } from '@/components/ui/use-dialog-focus';
import { Modal } from '@/components/ui/modal';
import { AlertIcon, ChevronDownIcon, DuplicateIcon, ErrorIcon, PlusIcon, RenameIcon, TrashIcon } from '@/components/ui/icons';

/** The chevron beside the pipeline name that opens My pipelines. */
export function PipelinesMenu() {
  const [open, setOpen] = useState(false);
  const ready = useLibrary((s) => s.ready);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="relative -ml-2">
      <button
        ref={button}
        type="button"
        data-testid="pipelines-button"
        aria-label="My pipelines"
        title="My pipelines: switch, create, rename, duplicate, delete"
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={!ready}
        onClick={() => setOpen((o) => !o)}
        className={`flex h-8 w-8 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 disabled:text-zinc-700 ${open ? 'bg-zinc-800 text-zinc-100' : ''}`}
      >
        <ChevronDownIcon width={16} height={16} />
      </button>
      {open && <PipelinesList anchor={button} onClose={() => setOpen(false)} />}
    </div>
  );
}

function PipelinesList({ anchor, onClose }: { anchor: React.RefObject<HTMLButtonElement | null>; onClose: () => void }) {
  const entries = useLibrary((s) => s.entries);
  const currentId = useLibrary((s) => s.currentId);
  const persistent = useLibrary((s) => s.persistent);
  const openName = usePipeline((s) => s.doc.name);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<PipelineSummary | null>(null);
  const currentRow = useRef<HTMLButtonElement>(null);
  const now = Date.now();
  const rows = () => Array.from(panel.current?.querySelectorAll<HTMLButtonElement>('[data-row-main]') ?? []);
  const focusRow = (id: string) => requestAnimationFrame(() => rows().find((r) => r.dataset.id === id)?.focus());
  // Escape while renaming keeps the old name; the next one closes the list.
  const panel = useDialogFocus(
    true,
    () => {
      if (!renaming) return onClose();
      setRenaming(null);
      focusRow(renaming);
    },
    { initialFocus: currentRow },
  );

  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (panel.current?.contains(target) || anchor.current?.contains(target)) return;
      onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [panel, anchor, onClose]);

  const onListKey = (event: React.KeyboardEvent) => {
    if (renaming || deleting) return;
    const items = rows();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (i: number) => items[Math.max(0, Math.min(items.length - 1, i))]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at < 0 ? items.length - 1 : at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else {
      const entry = at >= 0 ? entries.find((e) => e.id === items[at].dataset.id) : undefined;
      if (!entry) return;
      if (event.key === 'F2' && !entry.error) setRenaming(entry.id);
      else if (event.key === 'Delete') setDeleting(entry);
      else return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={panel}
      role="dialog"
      aria-label="My pipelines"
      tabIndex={-1}
      data-testid="pipelines-list"
      onKeyDown={onListKey}
      className="nokey absolute top-10 left-0 z-40 flex max-h-[min(520px,calc(100dvh-72px))] w-[380px] flex-col overflow-hidden rounded-xl border border-zinc-700 bg-zinc-925 shadow-2xl shadow-black/60 outline-none"
    >
      <div className="flex items-center justify-between gap-2 border-b border-zinc-800 px-3.5 py-2.5">
        <div>
          <h2 className="text-[13.5px] font-semibold text-zinc-100">My pipelines</h2>
          <p className="text-[11.5px] text-zinc-500">
            {entries.length} pipeline{entries.length === 1 ? '' : 's'} · {persistent ? 'saved in this browser' : 'kept until this tab closes'}
          </p>
        </div>
        <button
          type="button"
          data-testid="pipelines-new"
          onClick={() => {
            onClose();
            newPipeline();
          }}
          className="flex h-8 shrink-0 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none"
        >
          <PlusIcon width={14} height={14} />
          New pipeline
        </button>
      </div>
      {!persistent && (
        <p className="mx-3 mt-2.5 flex gap-2 rounded-lg border border-amber-400/30 bg-amber-400/10 px-2.5 py-2 text-[12px] leading-[1.45] text-amber-100">
          <AlertIcon width={14} height={14} className="mt-0.5 shrink-0 text-amber-400" />
          This browser is not letting the app save, so these pipelines are gone when the tab closes.
        </p>
      )}
      <ul className="min-h-0 flex-1 overflow-y-auto p-1.5">
        {entries.map((entry) => {
          const current = entry.id === currentId;
          const name = current ? openName : entry.name;
          return (
            <li
              key={entry.id}
              data-testid="pipeline-row"
              data-current={current || undefined}
              className={`group relative flex items-center rounded-lg ${current ? 'bg-indigo-500/10' : 'hover:bg-zinc-900'}`}
            >
              {renaming === entry.id ? (
                <RenameField
                  name={name}
                  onDone={(value) => {
                    setRenaming(null);
                    if (value !== null && value !== name) renamePipelineEntry(entry.id, value);
                    focusRow(entry.id);
                  }}
                />
              ) : (
                <button
                  ref={current ? currentRow : undefined}
                  type="button"
                  data-row-main=""
                  data-id={entry.id}
                  data-testid="pipeline-open"
                  aria-current={current ? 'true' : undefined}
                  onClick={() => {
                    onClose();
                    switchPipeline(entry.id);
                  }}
                  className="flex min-w-0 flex-1 items-start gap-2.5 rounded-lg py-2 pr-[100px] pl-2.5 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
                >
                  <span
                    aria-hidden="true"
                    className={`mt-[5px] h-2 w-2 shrink-0 rounded-full ${current ? 'bg-indigo-400' : entry.error ? 'bg-red-400/70' : 'bg-zinc-700'}`}
                  />
                  <span className="min-w-0 flex-1">
                    <span data-testid="pipeline-row-name" className="block truncate text-[13px] font-medium text-zinc-100">
                      {name}
                    </span>
                    {entry.error ? (
                      <span data-testid="pipeline-row-error" className="mt-0.5 flex gap-1 text-[11.5px] leading-[1.4] text-red-300">
                        <ErrorIcon width={12} height={12} className="mt-px shrink-0" />
                        Cannot be opened: {entry.error.message}
                      </span>
                    ) : (
                      <span className="block text-[11.5px] text-zinc-500">
                        {current ? 'Open now · ' : ''}Edited {formatEdited(entry.updatedAt, now)}
                      </span>
                    )}
                  </span>
                </button>
              )}
              {renaming !== entry.id && (
                <span className="absolute top-1.5 right-1.5 flex gap-0.5 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100">
                  {!entry.error && (
                    <>
                      <RowAction label={`Rename ${name} (F2)`} testId="pipeline-rename" onClick={() => setRenaming(entry.id)}>
                        <RenameIcon width={14} height={14} />
                      </RowAction>
                      <RowAction label={`Duplicate ${name}`} testId="pipeline-duplicate" onClick={() => void duplicatePipelineEntry(entry.id)}>
                        <DuplicateIcon width={14} height={14} />
                      </RowAction>
                    </>
                  )}
                  <RowAction label={`Delete ${name} (Delete)`} testId="pipeline-delete" danger onClick={() => setDeleting(entry)}>
                    <TrashIcon width={14} height={14} />
                  </RowAction>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {deleting && (
        <DeleteDialog
          entry={deleting}
          current={deleting.id === currentId}
          name={deleting.id === currentId ? openName : deleting.name}
          onClose={() => {
            setDeleting(null);
            // The row may be gone: keep the keyboard in the list.
            requestAnimationFrame(() => {
              if (!panel.current?.contains(document.activeElement)) (rows()[0] ?? panel.current)?.focus();
            });
          }}
        />
      )}
    </div>
  );
}

function RowAction({
  label,
  testId,
  danger,
  onClick,
  children,
}: {
  label: string;
  testId: string;
  danger?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={onClick}
      className={`flex h-7 w-7 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 ${danger ? 'hover:text-red-300' : 'hover:text-zinc-100'}`}
    >
      {children}
    </button>
  );
}

/** Enter or leaving the field renames; Escape keeps the old name. */
function RenameField({ name, onDone }: { name: string; onDone: (value: string | null) => void }) {
  const [text, setText] = useState(name);
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(value === null || value.trim() === '' ? null : value.trim().slice(0, 200));
  };
  return (
    <input
      autoFocus
      aria-label="New name"
      data-testid="pipeline-rename-input"
      value={text}
      maxLength={200}
      onChange={(e) => setText(e.target.value)}
      onFocus={(e) => e.currentTarget.select()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(text);
        }
      }}
      onBlur={() => finish(text)}
      className="m-1 h-9 min-w-0 flex-1 rounded-md border border-indigo-500 bg-zinc-900 px-2 text-[13px] text-zinc-100 outline-none"
    />
  );
}

function DeleteDialog({ entry, current, name, onClose }: { entry: PipelineSummary; current: boolean; name: string; onClose: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open
      onClose={onClose}
      labelledBy="delete-pipeline-title"
      describedBy="delete-pipeline-text"
      testId="delete-pipeline-dialog"
      role="alertdialog"
      initialFocus={cancel}
      className="max-w-[420px] p-5"
    >
      <h2 id="delete-pipeline-title" className="text-[15px] font-semibold text-zinc-50">
        Delete “{name}”?
      </h2>
      <p id="delete-pipeline-text" className="mt-2 text-[13px] leading-[1.5] text-zinc-300">
        It is removed from this browser for good{current ? '; another pipeline opens in its place' : ''}.
        <span className="mt-1 block text-zinc-500">To keep a copy somewhere else first, download it as a file.</span>
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button
          ref={cancel}
          type="button"
          onClick={onClose}
          className="h-8 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[13px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none"
        >
          Cancel
        </button>
        <button
          type="button"
          data-testid="confirm-delete"
          onClick={() => {
            onClose();
            deletePipelineEntry(entry.id);
          }}
          className="h-8 rounded-lg bg-red-500/90 px-3 text-[13px] font-semibold text-white hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-400"
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
