import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { documentVersion } from '@/lib/document/document';
import { documentFileText } from '@/lib/document/read';
import {
  decodeLink,
  defaultLinkBase,
  encodeLink,
  hasLinkPayload,
  linkBase,
  maxLinkJsonBytes,
  maxLinkPayloadLength,
} from '@/lib/share/link';
import { linkLengthNote, longLinkChars, shareLink } from '@/lib/files/share-link';
import { templates } from '@/lib/templates';

const digit = templates.find((t) => t.id === 'digit-cnn')!.document;

/** A link around `bytes` deflated, as another tool would write one. */
function linkOf(bytes: Uint8Array | string, format = '1'): string {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return `${defaultLinkBase}#pipeline=${format}.${Buffer.from(deflateSync(data)).toString('base64url')}`;
}

const damaged = {
  code: 'E_DAMAGED_LINK',
  message: 'This link is damaged or incomplete: part of it may have been cut off when it was copied.',
  hint: 'Ask the sender to copy the whole link again.',
};

describe('share links', () => {
  // What the Share button hands out, from a deployed address longer than localhost's: no template
  // may need the "chat apps cut links this long" note.
  it.each(templates.map((t) => [t.id, t.document] as const))(`the %s template link is at most ${longLinkChars} characters`, (_id, doc) => {
    const shared = shareLink(doc, 'https://pipeline-builder.example.com/');
    if (!shared.ok) throw new Error(shared.error.message);
    expect(shared.link.length).toBeLessThanOrEqual(longLinkChars);
    expect(linkLengthNote(shared.link.length)).toBeNull();
  });

  it.each(templates.map((t) => [t.id, t.document] as const))('the %s template opens from its link as the same document', (_id, doc) => {
    expect(decodeLink(encodeLink(doc))).toEqual({ ok: true, doc });
  });

  it('puts a versioned, compressed payload after the page address, in the fragment', () => {
    const link = encodeLink(digit, 'https://example.com/builder?x=1#old');
    expect(link).toMatch(/^https:\/\/example\.com\/builder\?x=1#pipeline=1\.[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(JSON.stringify(digit).length / 2);
    expect(encodeLink(digit).startsWith(`${defaultLinkBase}#pipeline=1.`)).toBe(true);
  });

  it('holds the same JSON as a file, so other tools can write links', () => {
    const payload = encodeLink(digit).split('#pipeline=1.')[1];
    const json = new TextDecoder().decode(
      // Node's own inflate, not the app's: the format is plain deflate-raw.
      inflateRawSync(Buffer.from(payload, 'base64url')),
    );
    expect(JSON.parse(json)).toEqual(JSON.parse(documentFileText(digit)));
    expect(decodeLink(linkOf(documentFileText(digit)))).toEqual({ ok: true, doc: digit });
    // As the README tells other tools to write one.
    const compact = JSON.stringify(JSON.parse(documentFileText(digit)));
    expect(decodeLink(`https://your-app/#pipeline=1.${deflateRawSync(compact).toString('base64url')}`)).toEqual({ ok: true, doc: digit });
  });

  it('decodes a whole link, a fragment with or without #, from any page', () => {
    const link = encodeLink(digit, 'https://pipelines.example/app/');
    const hash = link.slice(link.indexOf('#'));
    for (const input of [link, hash, hash.slice(1), ` ${link}\n`.trim()]) expect(decodeLink(input)).toEqual({ ok: true, doc: digit });
  });

  it('tells a link payload from other fragments, and strips the fragment for the page address', () => {
    expect(hasLinkPayload(encodeLink(digit))).toBe(true);
    expect(hasLinkPayload('#pipeline=')).toBe(true);
    expect(hasLinkPayload('')).toBe(false);
    expect(hasLinkPayload('#section-2')).toBe(false);
    expect(hasLinkPayload('http://localhost:3000/')).toBe(false);
    expect(linkBase('http://localhost:3000/app?a=1#pipeline=1.abc')).toBe('http://localhost:3000/app?a=1');
    expect(linkBase('http://localhost:3000/')).toBe('http://localhost:3000/');
  });

  it('says an address without a pipeline is not a pipeline link', () => {
    expect(decodeLink('https://example.com/#other')).toMatchObject({ ok: false, error: { code: 'E_NOT_A_LINK' } });
    expect(decodeLink(undefined as unknown as string)).toMatchObject({ ok: false, error: { code: 'E_NOT_A_LINK' } });
  });

  describe('damaged links say so in plain words', () => {
    const link = encodeLink(digit);

    it.each([
      ['cut off anywhere after the marker', [20, 60, 200, 500].map((n) => link.slice(0, link.indexOf('#') + n)).concat(link.slice(0, -40), link.slice(0, -2))],
      ['with characters that are not base64url', [link.replace(/.$/, '!'), `${link}%20`, link.replace('pipeline=1.', 'pipeline=1.==')]],
      ['not deflate data', [`${defaultLinkBase}#pipeline=1.${Buffer.from('hello, this is not compressed').toString('base64url')}`]],
      ['empty, or without the version marker', ['#pipeline=', '#pipeline=1.', `#pipeline=${link.split('1.')[1]}`, '#pipeline=x.abc']],
      ['not JSON inside', [linkOf('{"version": 2, "name": ')]],
      ['not UTF-8 inside', [linkOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))]],
      ['of format 0', [link.replace('pipeline=1.', 'pipeline=0.')]],
    ])('%s', (_what, inputs) => {
      for (const input of inputs) expect(decodeLink(input)).toEqual({ ok: false, error: damaged });
    });
  });

  it('refuses a link of a newer link format, saying to update the app', () => {
    expect(decodeLink(encodeLink(digit).replace('pipeline=1.', 'pipeline=2.'))).toEqual({
      ok: false,
      error: {
        code: 'E_NEWER_VERSION',
        message: 'This link was made with a newer version of the app (link format 2; this app reads format 1).',
        hint: 'Update the app (reload the page) and open it again.',
      },
    });
  });

  it('refuses a document of a newer version inside a link', () => {
    const newer = JSON.stringify({ ...JSON.parse(documentFileText(digit)), version: documentVersion + 1 });
    expect(decodeLink(linkOf(newer))).toMatchObject({ ok: false, error: { code: 'E_NEWER_VERSION' } });
  });

  it('says a link that holds something else is not a pipeline, in the words of a link', () => {
    expect(decodeLink(linkOf('{"hello": "world"}'))).toEqual({
      ok: false,
      error: {
        code: 'E_NOT_PIPELINE',
        message: 'This link does not hold a pipeline the app can open: it has no version number.',
        hint: 'Ask the sender to share the pipeline again with the Share button and send you the new link.',
      },
    });
  });

  it(`refuses a fragment over ${maxLinkPayloadLength} characters before decoding it`, () => {
    const result = decodeLink(`#pipeline=1.${'A'.repeat(maxLinkPayloadLength)}`);
    expect(result).toMatchObject({ ok: false, error: { code: 'E_TOO_LARGE', message: expect.stringContaining('at most 65,536') } });
  });

  it('stops inflating a small link that would expand past 1 MB (a zip bomb)', () => {
    const bomb = linkOf(new Uint8Array(5_000_000));
    expect(bomb.length).toBeLessThan(maxLinkPayloadLength);
    expect(decodeLink(bomb)).toMatchObject({ ok: false, error: { code: 'E_TOO_LARGE', message: expect.stringContaining('at most 1 MB') } });
    expect(decodeLink(linkOf(new Uint8Array(maxLinkJsonBytes)))).toMatchObject({ ok: false, error: { code: 'E_DAMAGED_LINK' } });
  });
});
