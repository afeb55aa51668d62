import type { PipelineDocument } from '@/lib/document/document';
import { announceOpened, openIncoming, type OpenedFrom } from './library';

/**
 * Opens a document that came from outside the current pipeline (a link, a file, a template) as a
 * new entry in My pipelines and switches to it: what was on the canvas before stays in the list
 * unchanged. While a run is in progress it asks first; the run belongs to the pipeline it trains.
 * A name already taken gets a number ("Digit CNN (2)"). The document is copied: edits never
 * reach the caller's objects (a template module's, say). Says what opened, in the same words for
 * every origin. Resolves with the document as opened, or null once the person chose to keep a
 * run going and nothing opened.
 */
export async function openIncomingDocument(doc: PipelineDocument, source: OpenedFrom): Promise<PipelineDocument | null> {
  const opened = await openIncoming(doc);
  if (!opened) return null;
  announceOpened(opened, source);
  return opened.doc;
}
