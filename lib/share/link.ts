import { Inflate, deflateSync } from 'fflate';
import type { PipelineDocument } from '@/lib/document/document';
import { readDocument, storedDocument, updateAppHint, type DocumentResult } from '@/lib/document/read';

/**
 * Share links carry the whole document in the URL fragment, which browsers never send to a
 * server: `<base>#pipeline=<format>.<data>`, where `<format>` is the link format version (1) and
 * `<data>` is base64url (no padding) of the deflate-raw compressed UTF-8 JSON of the stored
 * document (lib/document/read.ts's `storedDocument`: the document plus its node kind versions).
 * The JSON inside is read like a file, migrations included; the format number only changes if
 * the wrapping itself (compression, encoding) does.
 */
export const defaultLinkBase = 'http://localhost:3000/';

/** The fragment key that marks a share link: `#pipeline=<payload>`. */
export const linkFragmentKey = 'pipeline';

/** The version of the wrapping: the number before the dot in the payload. */
export const linkFormat = 1;

/** Longest fragment decoded, in characters: a large real pipeline is a few kilobytes. */
export const maxLinkPayloadLength = 64 * 1024;

/** Most bytes the payload may inflate to, so a small hostile link cannot expand into gigabytes. */
export const maxLinkJsonBytes = 1_000_000;

export function encodeLink(doc: PipelineDocument, base: string = defaultLinkBase): string {
  const json = new TextEncoder().encode(JSON.stringify(storedDocument(doc)));
  return `${linkBase(base)}#${linkFragmentKey}=${linkFormat}.${toBase64Url(deflateSync(json, { level: 9 }))}`;
}

/** `href` without its fragment: the base for links from this page, and the address to show once a link is opened. */
export function linkBase(href: string): string {
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

/** Whether a URL or fragment (`window.location.hash`) carries a share link at all, so the app knows to try opening it. */
export function hasLinkPayload(urlOrHash: string): boolean {
  return fragmentOf(urlOrHash).startsWith(`${linkFragmentKey}=`);
}

const damagedHint = 'Ask the sender to copy the whole link again.';

/** Decodes a full link, or just its fragment (with or without the leading '#'). Never throws. */
export function decodeLink(urlOrHash: string): DocumentResult {
  if (typeof urlOrHash !== 'string' || !hasLinkPayload(urlOrHash)) {
    return failure(
      'E_NOT_A_LINK',
      'This is not a pipeline link: a pipeline link has "#pipeline=" in it.',
      'Ask the sender for the link from the Share button.',
    );
  }
  const payload = fragmentOf(urlOrHash).slice(linkFragmentKey.length + 1).trim();
  if (payload.length > maxLinkPayloadLength) {
    return failure(
      'E_TOO_LARGE',
      `This link is too long to be a pipeline: it holds ${payload.length.toLocaleString('en-US')} characters, and a pipeline link holds at most ${maxLinkPayloadLength.toLocaleString('en-US')}.`,
      'Ask the sender to download the pipeline as a file and send you the file instead.',
    );
  }
  const match = /^(\d{1,6})\.([A-Za-z0-9_-]*)$/.exec(payload);
  if (!match) return damaged();
  const format = Number(match[1]);
  if (format > linkFormat) {
    return failure(
      'E_NEWER_VERSION',
      `This link was made with a newer version of the app (link format ${format}; this app reads format ${linkFormat}).`,
      updateAppHint,
    );
  }
  if (format !== linkFormat) return damaged();

  const bytes = fromBase64Url(match[2]);
  if (!bytes || bytes.length === 0) return damaged();
  const json = inflateCapped(bytes);
  if (json === 'too large') {
    return failure(
      'E_TOO_LARGE',
      `This link is too large to open: the pipeline inside it is over ${maxLinkJsonBytes / 1_000_000} MB, and a pipeline is at most ${maxLinkJsonBytes / 1_000_000} MB.`,
      'Check that the link came from this app. Ask the sender for a file instead.',
    );
  }
  if (json === undefined) return damaged();
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return damaged();
  }
  return readDocument(value, 'link');
}

function damaged(): DocumentResult {
  return failure(
    'E_DAMAGED_LINK',
    'This link is damaged or incomplete: part of it may have been cut off when it was copied.',
    damagedHint,
  );
}

function failure(code: string, message: string, hint: string): DocumentResult {
  return { ok: false, error: { code, message, hint } };
}

function fragmentOf(urlOrHash: string): string {
  const hash = urlOrHash.indexOf('#');
  return hash === -1 ? urlOrHash : urlOrHash.slice(hash + 1);
}

/**
 * Inflates in small steps and stops once the output passes the cap: a whole-buffer inflate
 * would first build the full (possibly gigabytes) result. Undefined when the data is not
 * valid deflate or ends early (a truncated link).
 */
function inflateCapped(data: Uint8Array): Uint8Array | 'too large' | undefined {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  const step = 1024;
  try {
    for (let at = 0; at < data.length; at += step) {
      inflater.push(data.subarray(at, at + step), at + step >= data.length);
      if (total > maxLinkJsonBytes) return 'too large';
    }
  } catch {
    return undefined;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  // A length of 1 more than a multiple of 4 is no base64 at all: the link lost characters.
  if (text.length % 4 === 1) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
