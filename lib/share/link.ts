import type { PipelineDocument } from '@/lib/document/document';
import { readDocument, type DocumentResult } from '@/lib/document/read';

/**
 * Share links carry the whole document in the URL fragment: nothing is sent to any server.
 *
 * FOUNDATION STUB: issue 6's codec work replaces the encoding (compressed, versioned, capped);
 * the signatures are the interface the UI and the CLI build on.
 */
export const defaultLinkBase = 'http://localhost:3000/';

/** The fragment key that marks a share link: `#pipeline=<payload>`. */
export const linkFragmentKey = 'pipeline';

export function encodeLink(doc: PipelineDocument, base: string = defaultLinkBase): string {
  const payload = btoa(unescape(encodeURIComponent(JSON.stringify(doc))));
  return `${base.split('#')[0]}#${linkFragmentKey}=${payload}`;
}

/** Whether a URL or fragment carries a share link at all (so the app knows to try opening it). */
export function hasLinkPayload(urlOrHash: string): boolean {
  const hash = urlOrHash.includes('#') ? urlOrHash.slice(urlOrHash.indexOf('#') + 1) : urlOrHash;
  return hash.startsWith(`${linkFragmentKey}=`);
}

/** Decodes a full link, or just its fragment (with or without the leading '#'). */
export function decodeLink(urlOrHash: string): DocumentResult {
  const hash = urlOrHash.includes('#') ? urlOrHash.slice(urlOrHash.indexOf('#') + 1) : urlOrHash;
  if (!hash.startsWith(`${linkFragmentKey}=`)) {
    return { ok: false, error: { code: 'E_NOT_A_LINK', message: 'This is not a pipeline link.', hint: 'Ask for the link again.' } };
  }
  try {
    return readDocument(JSON.parse(decodeURIComponent(escape(atob(hash.slice(linkFragmentKey.length + 1))))));
  } catch {
    return { ok: false, error: { code: 'E_DAMAGED_LINK', message: 'This link is damaged.', hint: 'Ask for the link again.' } };
  }
}
