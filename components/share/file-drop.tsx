'use client';

import { useEffect, useState } from 'react';
import { formatMegabytes, maxDocumentTextLength } from '@/lib/document/read';
import { FileIcon } from '@/components/ui/icons';
import { openPipelineFiles } from './pipeline-files';

const isFileDrag = (event: { dataTransfer: DataTransfer | null }) => !!event.dataTransfer?.types.includes('Files');

/**
 * Dropping pipeline files on the element that takes these handlers opens them. Each handler
 * returns whether the event was a file drag, so the canvas's own drops (palette items) go on as
 * before. Files dropped anywhere else on the page are refused, rather than the browser leaving
 * the app to show the file.
 */
export function useFileDrop() {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const refuse = (event: DragEvent) => {
      if (event.defaultPrevented || !isFileDrag(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  return {
    dragging,
    onDragEnter: (event: React.DragEvent): boolean => {
      if (!isFileDrag(event)) return false;
      event.preventDefault();
      setDragging(true);
      return true;
    },
    onDragOver: (event: React.DragEvent): boolean => {
      if (!isFileDrag(event)) return false;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
      return true;
    },
    onDragLeave: (event: React.DragEvent) => {
      // Moving between the canvas's own parts fires a leave too; only leaving the whole canvas counts.
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: React.DragEvent): boolean => {
      if (!isFileDrag(event)) return false;
      event.preventDefault();
      setDragging(false);
      void openPipelineFiles(Array.from(event.dataTransfer.files));
      return true;
    },
  };
}

/** Shown over the canvas while a file is dragged over it. */
export function FileDropHint() {
  return (
    <div
      data-testid="file-drop-hint"
      className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-2 border-dashed border-indigo-400/70 bg-indigo-500/10 backdrop-blur-[1px]"
    >
      <div className="flex flex-col items-center rounded-2xl bg-zinc-925/95 px-6 py-5 text-center shadow-2xl shadow-black/50">
        <FileIcon width={28} height={28} className="text-indigo-300" />
        <p className="mt-2 text-[14px] font-semibold text-zinc-100">Drop to open this pipeline file</p>
        <p className="mt-1 text-[12.5px] text-zinc-400">A .pipeline.json file saved by this app, up to {formatMegabytes(maxDocumentTextLength)}.</p>
      </div>
    </div>
  );
}
