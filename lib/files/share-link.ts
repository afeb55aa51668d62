import type { PipelineDocument } from '@/lib/document/document';
import type { DocumentError } from '@/lib/document/read';
import { encodeLink } from '@/lib/share/link';

export type ShareLinkResult = { ok: true; link: string } | { ok: false; error: DocumentError };

function isDocumentError(value: unknown): value is DocumentError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * The share link of `doc`, or why it cannot have one. The link codec refuses a document too big
 * for a link by throwing a coded error (DocumentError, or an Error carrying its fields); anything
 * else it throws is a bug and is not hidden here.
 */
export function shareLink(doc: PipelineDocument, base: string): ShareLinkResult {
  try {
    return { ok: true, link: encodeLink(doc, base) };
  } catch (thrown) {
    if (!isDocumentError(thrown)) throw thrown;
    const hint = typeof thrown.hint === 'string' ? thrown.hint : 'Download the pipeline as a file and send the file instead.';
    return { ok: false, error: { code: thrown.code, message: thrown.message, hint } };
  }
}

/** Past this many characters some chat and mail apps cut a link or refuse to make it clickable. */
export const longLinkChars = 2000;

/** A note on the link's length when it is long enough to be cut on the way; nothing for a short one. */
export function linkLengthNote(length: number): string | null {
  if (length <= longLinkChars) return null;
  return `This link is ${length.toLocaleString('en-US')} characters long. Some chat and mail apps cut links this long: if it arrives broken, send the file instead.`;
}
