'use client';

import { useEffect, useState } from 'react';
import { formatMegabytes, maxDocumentTextLength } from '@/lib/document/read';
import { FileIcon } from '@/components/ui/icons';
import { isCsvFile } from '@/components/upload/csv-reads';
import { openPipelineFiles } from './pipeline-files';

const isFileDrag = (event: { dataTransfer: DataTransfer | null }) => !!event.dataTransfer?.types.includes('Files');

/**
 * Dropping pipeline files on the element that takes these handlers opens them; CSV files go to
 * `onCsvFiles` with the drop point on screen (the canvas adds a CSV file node there). Each handler
 * returns whether the event was a file drag, so the canvas's own drops (palette items) go on as
 * before. Files dropped anywhere else on the page are refused, rather than the browser leaving
 * the app to show the file.
 */
export function useFileDrop(onCsvFiles: (files: File[], at: { x: number; y: number }) => void) {
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
      const files = Array.from(event.dataTransfer.files);
      const csv = files.filter(isCsvFile);
      // Opening a pipeline would replace the canvas the CSV nodes were just added to: CSV files win.
      if (csv.length > 0) onCsvFiles(csv, { x: event.clientX, y: event.clientY });
      else void openPipelineFiles(files);
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
        <p className="mt-2 text-[14px] font-semibold text-zinc-100">Drop to open this pipeline file, or to use this CSV</p>
        <p className="mt-1 max-w-sm text-[12.5px] text-zinc-400">
          A .pipeline.json file saved by this app (up to {formatMegabytes(maxDocumentTextLength)}) replaces the canvas; a CSV file becomes a CSV file node where
          you drop it.
        </p>
      </div>
    </div>
  );
}
