import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineDocument } from '@/lib/document/document';
import { documentFileText, readDocumentText, type DocumentResult } from '@/lib/document/read';
import { decodeLink, encodeLink, maxLinkPayloadLength } from '@/lib/share/link';
import { templates } from '@/lib/templates';
import { documentArbitrary, mutatedStored } from './link-arbitraries';

/**
 * A share link is input from anyone: whatever arrives must come back as a document or as a
 * coded error with words, never as an exception, and what the app writes must read back exactly.
 */

const linkCodes = new Set(['E_NOT_A_LINK', 'E_DAMAGED_LINK', 'E_TOO_LARGE', 'E_NEWER_VERSION', 'E_NOT_PIPELINE', 'E_MIGRATION_FAILED']);

/** A document that passes the schema, or a known code with a message and a hint. */
function isInert(result: DocumentResult): boolean {
  if (result.ok) return PipelineDocument.safeParse(result.doc).success;
  return linkCodes.has(result.error.code) && result.error.message.length > 20 && result.error.hint.length > 10;
}

function decodeSafely(input: string): DocumentResult {
  try {
    return decodeLink(input);
  } catch (error) {
    throw new Error(`decodeLink threw on ${JSON.stringify(input.slice(0, 200))}: ${String(error)}`);
  }
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const linkAround = (value: unknown) => `http://localhost:3000/#pipeline=1.${base64url(deflateSync(new TextEncoder().encode(JSON.stringify(value))))}`;

describe('share link round trip', () => {
  it('decode(encode(doc)) is doc, for documents with any text, params and positions', () => {
    fc.assert(
      fc.property(documentArbitrary, (doc) => {
        expect(decodeLink(encodeLink(doc))).toEqual({ ok: true, doc });
        expect(readDocumentText(documentFileText(doc))).toEqual({ ok: true, doc });
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzzing the link decoder', () => {
  it('10,000 random strings, bare and behind the link prefix', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((s) => `#pipeline=${s}`),
      fc.base64String({ maxLength: 400 }).map((s) => `https://x.example/#pipeline=1.${s}`),
      fc.uint8Array({ maxLength: 300 }).map((b) => `#pipeline=1.${base64url(b)}`),
      fc.uint8Array({ maxLength: 300 }).map((b) => `#pipeline=1.${base64url(deflateSync(b))}`),
    );
    fc.assert(fc.property(input, (s) => isInert(decodeSafely(s))), { numRuns: 10_000 });
  });

  const links = [...templates.map((t) => encodeLink(t.document)), ...fc.sample(documentArbitrary, { numRuns: 8, seed: 7 }).map((d) => encodeLink(d))];
  const prefix = (link: string) => link.slice(0, link.indexOf('.', link.indexOf('#')) + 1);
  const payload = (link: string) => link.slice(prefix(link).length);

  it('10,000 valid links truncated, bit-flipped, re-versioned, oversized or filled with junk', () => {
    const bases = templates.map((t) => JSON.parse(documentFileText(t.document)));
    const mutated = fc.oneof(
      // Cut off anywhere, as a chat app or an e-mail line break would.
      fc.tuple(fc.constantFrom(...links), fc.nat()).map(([link, n]) => link.slice(0, n % (link.length + 1))),
      // One bit flipped in the compressed bytes.
      fc.tuple(fc.constantFrom(...links), fc.nat(), fc.integer({ min: 0, max: 7 })).map(([link, at, bit]) => {
        const bytes = Buffer.from(payload(link), 'base64url');
        bytes[at % bytes.length] ^= 1 << bit;
        return prefix(link) + base64url(bytes);
      }),
      // One character of the text replaced by any other.
      fc.tuple(fc.constantFrom(...links), fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })).map(([link, at, c]) => {
        const i = at % link.length;
        return link.slice(0, i) + c + link.slice(i + 1);
      }),
      // Any link format marker.
      fc.tuple(fc.constantFrom(...links), fc.oneof(fc.nat().map(String), fc.string({ maxLength: 8 }))).map(([link, v]) => link.replace(/#pipeline=\d+\./, `#pipeline=${v}.`)),
      // Longer than the cap.
      fc.tuple(fc.constantFrom(...links), fc.integer({ min: 1, max: 70_000 })).map(([link, n]) => link + 'A'.repeat(n)),
      // Well-formed links around documents of wrong versions, broken fields, fields over their caps.
      mutatedStored(bases).map(linkAround),
    );
    fc.assert(fc.property(mutated, (link) => isInert(decodeSafely(link))), { numRuns: 10_000 });
  });

  it('never opens a link cut off before its last few characters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...links), fc.nat(), (link, n) => {
        const cut = link.slice(0, prefix(link).length + (n % (payload(link).length - 4)));
        expect(decodeLink(cut).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it(`turns away anything over ${maxLinkPayloadLength} characters as too large`, () => {
    expect(decodeLink(`${links[0]}${'A'.repeat(maxLinkPayloadLength)}`)).toMatchObject({ ok: false, error: { code: 'E_TOO_LARGE' } });
  });
});
