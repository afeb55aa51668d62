import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { maxDocumentTextLength, readDocument, readDocumentText, textTooLarge, type DocumentResult } from '@/lib/document/read';
import { decodeLink } from '@/lib/share/link';
import { templates } from '@/lib/templates';

/** What `<input>` may name, for usage and messages. */
export const inputHelp = `<input> is a .pipeline.json file, a built-in template id (${templates.map((t) => t.id).join(', ')}) or a share link.`;

/**
 * Reads `<input>` the way the app reads the same thing: a file through readDocumentText, a
 * template and a link through readDocument and decodeLink. A path that exists is a file even
 * when it is also a template id.
 */
export function readInput(input: string): DocumentResult {
  if (/^https?:\/\//i.test(input) || input.includes('#pipeline=')) return decodeLink(input);
  let size: number;
  try {
    const stat = statSync(input);
    if (stat.isDirectory()) return failure('E_UNREADABLE_FILE', `"${input}" is a folder, not a pipeline file.`, 'Give the path of a .pipeline.json file inside it.');
    size = stat.size;
  } catch (error) {
    const template = templates.find((t) => t.id === input);
    if (template) return readDocument(structuredClone(template.document), 'template');
    if (errorCode(error) === 'ENOENT') {
      return failure('E_NO_FILE', `There is no file or template "${input}".`, `Give the path of a .pipeline.json file, or a template id: ${templates.map((t) => t.id).join(', ')}.`);
    }
    return unreadable(input, error);
  }
  // UTF-8 takes at most 3 bytes per UTF-16 character, so a file this long is over the cap whatever it holds: nothing past it is read.
  const limit = maxDocumentTextLength * 4;
  if (size > limit) return textTooLarge(size);
  let text: string;
  try {
    const fd = openSync(input, 'r');
    try {
      const buffer = Buffer.alloc(limit + 1);
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      if (read > limit) return textTooLarge(read);
      text = buffer.subarray(0, read).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadable(input, error);
  }
  return readDocumentText(text, 'file');
}

function unreadable(input: string, error: unknown): DocumentResult {
  return failure('E_UNREADABLE_FILE', `The file "${input}" could not be read (${errorCode(error) ?? 'unknown error'}).`, 'Check that the path names a file you may read.');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function failure(code: string, message: string, hint: string): DocumentResult {
  return { ok: false, error: { code, message, hint } };
}
