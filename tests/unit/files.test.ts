import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentFileText, maxDocumentTextLength } from '@/lib/document/read';
import { digitCnn } from '@/lib/templates/digit-cnn';
import {
  ignoredFilesNote,
  pickPipelineFile,
  readPipelineFile,
  type FileLike,
} from '@/lib/files/pipeline-file';
import * as link from '@/lib/share/link';
import { linkLengthNote, shareLink } from '@/lib/files/share-link';

const fileOf = (name: string, text: string, size = new TextEncoder().encode(text).length): FileLike & { read: number } => {
  const file = {
    name,
    size,
    read: 0,
    text: async () => {
      file.read += 1;
      return text;
    },
  };
  return file;
};

describe('reading a pipeline file', () => {
  it('opens a file downloaded from the app as the same document', async () => {
    const result = await readPipelineFile(fileOf('Digit classifier (CNN).pipeline.json', documentFileText(digitCnn)));
    expect(result).toEqual({ ok: true, doc: digitCnn });
  });

  it('refuses a file over the cap without reading it, and says how big it is', async () => {
    const file = fileOf('movie.json', '{}', 3_240_000);
    const result = await readPipelineFile(file);
    expect(file.read).toBe(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_TOO_LARGE');
    expect(result.error.message).toBe('This file is too large to be a pipeline: it is 3.3 MB, and a pipeline file is at most 1 MB.');
    expect(result.error.hint).not.toBe('');
  });

  it('takes a file exactly at the cap, and refuses one a byte over', async () => {
    const atCap = await readPipelineFile(fileOf('a.json', '{}', maxDocumentTextLength));
    const over = await readPipelineFile(fileOf('b.json', '{}', maxDocumentTextLength + 1));
    expect(atCap.ok || atCap.error.code).not.toBe('E_TOO_LARGE');
    expect(over.ok || over.error.code).toBe('E_TOO_LARGE');
  });

  it('says what is wrong with a file that is not JSON, or JSON that is not a pipeline', async () => {
    const notJson = await readPipelineFile(fileOf('notes.json', 'hello, world'));
    const notPipeline = await readPipelineFile(fileOf('package.json', '{"name": "x", "version": "1.0.0"}'));
    for (const result of [notJson, notPipeline]) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.message.length).toBeGreaterThan(0);
      expect(result.error.hint.length).toBeGreaterThan(0);
    }
    expect(notJson.ok || notJson.error.code).toBe('E_NOT_JSON');
    expect(notPipeline.ok || notPipeline.error.code).toBe('E_NOT_PIPELINE');
  });

  it('turns a file that vanished before it was read into a message, not an exception', async () => {
    const file: FileLike = { name: 'gone.json', size: 10, text: () => Promise.reject(new DOMException('NotFoundError')) };
    const result = await readPipelineFile(file);
    expect(result.ok).toBe(false);
    expect(result.ok || result.error.code).toBe('E_UNREADABLE');
  });
});

describe('several files at once', () => {
  it('opens the first JSON file and lists the others as not opened', () => {
    const files = [{ name: 'photo.png', type: 'image/png' }, { name: 'a.pipeline.json' }, { name: 'b.json' }];
    const picked = pickPipelineFile(files);
    expect(picked?.file.name).toBe('a.pipeline.json');
    expect(picked?.ignored.map((f) => f.name)).toEqual(['photo.png', 'b.json']);
    expect(ignoredFilesNote(picked!.ignored)).toBe('One file opens at a time; “photo.png”, “b.json” were not opened.');
  });

  it('falls back to the first file when none looks like JSON, so its message says why', () => {
    expect(pickPipelineFile([{ name: 'notes.txt' }, { name: 'x.png' }])?.file.name).toBe('notes.txt');
    expect(pickPipelineFile([{ name: 'export', type: 'application/json' }])?.file.name).toBe('export');
    expect(pickPipelineFile([])).toBeNull();
  });

  it('names at most three ignored files', () => {
    expect(ignoredFilesNote([])).toBeUndefined();
    expect(ignoredFilesNote([{ name: 'a' }])).toBe('One file opens at a time; “a” was not opened.');
    expect(ignoredFilesNote('abcde'.split('').map((name) => ({ name })))).toBe(
      'One file opens at a time; “a”, “b”, “c” and 2 more were not opened.',
    );
  });
});

describe('the share link', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is the codec link of the document at the page address, and decodes back to it', () => {
    const result = shareLink(digitCnn, 'https://example.com/builder');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.link.startsWith('https://example.com/builder#pipeline=')).toBe(true);
    expect(link.decodeLink(result.link)).toEqual({ ok: true, doc: digitCnn });
  });

  it('is refused, with the file as the way out, when the app would not open the link it made', () => {
    vi.spyOn(link, 'decodeLink').mockReturnValue({
      ok: false,
      error: { code: 'E_TOO_LARGE', message: 'This link is too long to be a pipeline.', hint: 'Ask the sender for a file.' },
    });
    const result = shareLink(digitCnn, 'https://example.com/');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_TOO_LARGE');
    // Words for the person sharing, not the receiver's "ask the sender".
    expect(result.error.message).toMatch(/^This pipeline is too big for a link \([\d,]+ characters\)\.$/);
    expect(result.error.hint).toBe('Download the pipeline as a file and send the file instead.');
  });

  it('is refused when the link does not read back for any other reason', () => {
    vi.spyOn(link, 'decodeLink').mockReturnValue({ ok: false, error: { code: 'E_DAMAGED_LINK', message: 'damaged', hint: 'again' } });
    const result = shareLink(digitCnn, 'https://example.com/');
    expect(result).toEqual({
      ok: false,
      error: { code: 'E_DAMAGED_LINK', message: 'This pipeline cannot be put in a link.', hint: 'Download the pipeline as a file and send the file instead.' },
    });
  });

  it('mentions the length only of a long link', () => {
    expect(linkLengthNote(1200)).toBeNull();
    expect(linkLengthNote(2000)).toBeNull();
    expect(linkLengthNote(4312)).toMatch(/^This link is 4,312 characters long\./);
  });
});
