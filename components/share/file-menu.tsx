'use client';

import { useEffect, useRef, useState } from 'react';
import { documentFileName } from '@/lib/document/read';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { BookmarkIcon, ChevronDownIcon, DownloadIcon, FileIcon, OpenFileIcon } from '@/components/ui/icons';
import { downloadPipelineFile, openPipelineFiles } from './pipeline-files';

interface Item {
  testId: string;
  label: string;
  detail?: string;
  icon: React.ReactNode;
  run: () => void;
}

/**
 * The File menu: download the pipeline as a file, open one, save it as a template. A menu button
 * as keyboard users expect it: Enter, Space or the arrows open it, the arrows, Home and End move,
 * Enter runs an item, Escape and Tab close it, and focus goes back to the button.
 */
export function FileMenu() {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const fileName = usePipeline((s) => documentFileName(s.doc));

  const items: Item[] = [
    {
      testId: 'download-pipeline',
      label: 'Download pipeline file',
      detail: fileName,
      icon: <DownloadIcon width={15} height={15} />,
      run: () => downloadPipelineFile(usePipeline.getState().doc),
    },
    {
      testId: 'open-pipeline-file',
      label: 'Open pipeline file…',
      detail: 'Or drop one on the canvas',
      icon: <OpenFileIcon width={15} height={15} />,
      run: () => input.current?.click(),
    },
    {
      testId: 'save-as-template',
      label: 'Save as template…',
      detail: 'Start new pipelines from this one',
      icon: <BookmarkIcon width={15} height={15} />,
      run: () => useUi.getState().setSaveTemplateOpen(true),
    },
  ];

  const openAt = (index: number) => {
    setActive((index + items.length) % items.length);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (item: Item) => {
    // Focus first: a dialog the item opens hands the focus back to the File button when it closes.
    close();
    item.run();
  };

  useEffect(() => {
    if (open) menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer, true);
    return () => window.removeEventListener('pointerdown', onPointer, true);
  }, [open]);

  const onMenuKey = (event: React.KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) openAt(moves[event.key]);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') setOpen(false);
    else return;
    // Tab goes on to the next control as usual; the other keys are the menu's own.
    if (event.key !== 'Tab') event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        data-testid="file-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'file-menu-items' : undefined}
        title="Download, open or save this pipeline"
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openAt(event.key === 'ArrowDown' ? 0 : -1);
          }
        }}
        className="flex h-8 items-center gap-1 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 aria-expanded:bg-zinc-800"
      >
        <FileIcon width={14} height={14} />
        File
        <ChevronDownIcon width={13} height={13} className="text-zinc-500" />
      </button>
      {open && (
        <div
          ref={menu}
          id="file-menu-items"
          role="menu"
          aria-label="File"
          data-testid="file-menu-items"
          onKeyDown={onMenuKey}
          className="nokey absolute top-full right-0 z-40 mt-2 w-[272px] rounded-xl border border-zinc-700 bg-zinc-925 p-1.5 shadow-2xl shadow-black/60"
        >
          {items.map((item, i) => (
            <button
              key={item.testId}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              data-testid={item.testId}
              onClick={() => choose(item)}
              onMouseEnter={() => setActive(i)}
              className="flex w-full items-start gap-2.5 rounded-lg px-2.5 py-2 text-left outline-none focus:bg-zinc-800"
            >
              <span className="mt-px text-zinc-400">{item.icon}</span>
              <span className="min-w-0 flex-1">
                <span className="block text-[13px] font-medium text-zinc-100">{item.label}</span>
                {item.detail && <span className="block truncate text-[11.5px] text-zinc-500">{item.detail}</span>}
              </span>
            </button>
          ))}
        </div>
      )}
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-pipeline-file-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Cleared, so picking the same file again (after fixing it) still counts as a change.
          event.target.value = '';
          void openPipelineFiles(files);
        }}
      />
    </div>
  );
}
