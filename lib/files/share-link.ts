import type { PipelineDocument } from '@/lib/document/document';
import type { DocumentError } from '@/lib/document/read';
import { decodeLink, encodeLink } from '@/lib/share/link';

export type ShareLinkResult = { ok: true; link: string } | { ok: false; error: DocumentError };

const sendFileHint = 'Download the pipeline as a file and send the file instead.';

/**
 * The share link of `doc`, or why it cannot have one. A link is only offered once this app has
 * read it back: the decoder caps what it opens (a link of a huge pipeline is refused on arrival),
 * and a link the receiver cannot open must not be handed out.
 */
export function shareLink(doc: PipelineDocument, base: string): ShareLinkResult {
  const link = encodeLink(doc, base);
  const check = decodeLink(link);
  if (check.ok) return { ok: true, link };
  return {
    ok: false,
    error:
      check.error.code === 'E_TOO_LARGE'
        ? { code: 'E_TOO_LARGE', message: `This pipeline is too big for a link (${link.length.toLocaleString('en-US')} characters).`, hint: sendFileHint }
        : { code: check.error.code, message: 'This pipeline cannot be put in a link.', hint: sendFileHint },
  };
}

/** Past this many characters some chat and mail apps cut a link or refuse to make it clickable. */
export const longLinkChars = 2000;

/** A note on the link's length when it is long enough to be cut on the way; nothing for a short one. */
export function linkLengthNote(length: number): string | null {
  if (length <= longLinkChars) return null;
  return `This link is ${length.toLocaleString('en-US')} characters long. Some chat and mail apps cut links this long: if it arrives broken, send the file instead.`;
}
