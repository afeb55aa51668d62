import type { PipelineDocument } from '@/lib/document/document';
import { usePipeline } from './pipeline';
import { useTraining } from './training';
import { useUi } from './ui';

/** Where an opened document came from; it decides the words around it ("Opened from a link"). */
export type DocumentOrigin = 'link' | 'file' | 'template' | 'my-template';

/**
 * Opens a document that came from outside the current pipeline (a link, a file, a template).
 *
 * FOUNDATION STUB: issue 6's My pipelines work makes this start a new entry in My pipelines,
 * so what was on the canvas before stays in the list unchanged.
 */
export function openIncomingDocument(doc: PipelineDocument, origin: DocumentOrigin): void {
  void origin;
  // While a run is in progress this asks first; the run belongs to the pipeline on the canvas.
  useTraining.getState().confirmLeave(doc.name, () => {
    // A copy: edits must never reach the caller's objects (a template module's, say).
    usePipeline.getState().loadDocument(structuredClone(doc));
    useUi.getState().requestFitView();
  });
}
