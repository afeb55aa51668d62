'use client';

import type { PipelineDocument } from '@/lib/document/document';
import { documentFileName, documentFileText } from '@/lib/document/read';
import { ignoredFilesNote, pickPipelineFile, readPipelineFile } from '@/lib/files/pipeline-file';
import { openIncomingDocument } from '@/lib/store/open-document';
import { useOpenError } from '@/lib/store/open-error';
import { saveFile } from '@/components/ui/save-file';

/** Saves `doc` as `<name>.pipeline.json` through the browser's own download. */
export function downloadPipelineFile(doc: PipelineDocument): void {
  saveFile(new Blob([documentFileText(doc)], { type: 'application/json' }), documentFileName(doc));
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
  // During a run the app asks first; a "no" opens nothing, and nothing is announced.
  await openIncomingDocument(result.doc, { origin: 'file', fileName: file.name, note });
}
