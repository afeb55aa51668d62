'use client';

import type { PipelineDocument } from '@/lib/document/document';
import { documentFileName, documentFileText } from '@/lib/document/read';
import { ignoredFilesNote, pickPipelineFile, readPipelineFile } from '@/lib/files/pipeline-file';
import { openIncomingDocument } from '@/lib/store/open-document';
import { useOpenError } from '@/lib/store/open-error';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';

/** Saves `doc` as `<name>.pipeline.json` through the browser's own download. */
export function downloadPipelineFile(doc: PipelineDocument): void {
  const url = URL.createObjectURL(new Blob([documentFileText(doc)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = documentFileName(doc);
  document.body.append(link);
  link.click();
  link.remove();
  // Later, not now: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Opens the first pipeline file of those picked or dropped. A file that cannot be read opens
 * nothing and leaves the canvas alone; the alert says what is wrong and what to do.
 */
export async function openPipelineFiles(files: readonly File[]): Promise<void> {
  const picked = pickPipelineFile(files);
  if (!picked) return;
  const { file, ignored } = picked;
  const result = await readPipelineFile(file);
  const note = ignoredFilesNote(ignored);
  if (!result.ok) {
    useOpenError.getState().show({ testId: 'file-error', title: `Couldn't open “${file.name}”`, error: result.error, note });
    return;
  }
  useOpenError.getState().dismiss();
  const opened = usePipeline.getState().opened;
  // Awaited in case opening comes to wait on the browser database.
  await openIncomingDocument(result.doc, 'file');
  // During a run the app asks first; the question names the pipeline, and a "no" opens nothing to announce.
  if (usePipeline.getState().opened === opened) return;
  // The name as opened: one already taken in the list may have been given a number.
  const { name } = usePipeline.getState().doc;
  useUi.getState().toast({ kind: 'opened-file', tone: 'info', title: `Opened “${name}” from “${file.name}”`, detail: note });
}
