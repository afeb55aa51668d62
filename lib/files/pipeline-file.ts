import { maxDocumentTextLength, readDocumentText, textTooLarge, type DocumentResult } from '@/lib/document/read';

/**
 * Opening a `.pipeline.json` file a person picked or dropped: the size is checked before a byte
 * is read (a 2 GB video dropped by mistake must not be read into memory), then the text goes
 * through readDocumentText like every other way in.
 */

/** What the reader needs of a browser File; tests pass plain objects. */
export interface FileLike {
  name: string;
  size: number;
  text(): Promise<string>;
}

export async function readPipelineFile(file: FileLike): Promise<DocumentResult> {
  if (file.size > maxDocumentTextLength) return textTooLarge(file.size);
  let text: string;
  try {
    text = await file.text();
  } catch {
    // The file was moved or deleted after it was picked, or the browser was denied access to it.
    return {
      ok: false,
      error: { code: 'E_UNREADABLE', message: 'This file could not be read.', hint: 'Check that it still exists, then open it again.' },
    };
  }
  return readDocumentText(text);
}

/**
 * One file opens at a time (each would replace what is on the canvas): the first that looks like
 * JSON, else the first, so a person who dropped a photo with it still hears why it did not open.
 */
export function pickPipelineFile<F extends { name: string; type?: string }>(files: readonly F[]): { file: F; ignored: F[] } | null {
  if (files.length === 0) return null;
  const looksLikeJson = (f: F) => /\.json$/i.test(f.name) || f.type === 'application/json';
  const file = files.find(looksLikeJson) ?? files[0];
  return { file, ignored: files.filter((f) => f !== file) };
}

/** The toast's second line when more than one file came: which ones were left alone. */
export function ignoredFilesNote(ignored: readonly { name: string }[]): string | undefined {
  if (ignored.length === 0) return undefined;
  const names = ignored.slice(0, 3).map((f) => `“${f.name}”`);
  const more = ignored.length > 3 ? ` and ${ignored.length - 3} more` : '';
  return `One file opens at a time; ${names.join(', ')}${more} ${ignored.length === 1 ? 'was' : 'were'} not opened.`;
}
