import { PipelineDocument } from './document';

/**
 * Every way a document comes in (link, file, template, IndexedDB, command line) goes through
 * here: size caps, migrations from older versions, zod validation. Failures are values with a
 * code and words for a product manager, never exceptions.
 *
 * FOUNDATION STUB: issue 6's codec work replaces the body (migrations, caps, codes); the
 * signatures are the interface the UI and the CLI build on.
 */
export interface DocumentError {
  /** Stable code, e.g. E_NOT_JSON, E_NOT_PIPELINE, E_NEWER_VERSION, E_TOO_LARGE, E_DAMAGED_LINK. */
  code: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export type DocumentResult = { ok: true; doc: PipelineDocument } | { ok: false; error: DocumentError };

/** Validates (and migrates) a parsed value that claims to be a pipeline document. */
export function readDocument(value: unknown): DocumentResult {
  const parsed = PipelineDocument.safeParse(value);
  if (parsed.success) return { ok: true, doc: parsed.data };
  return {
    ok: false,
    error: { code: 'E_NOT_PIPELINE', message: 'This is not a pipeline document.', hint: 'Open a .pipeline.json file saved by this app.' },
  };
}

/** Reads the text of a `.pipeline.json` file. */
export function readDocumentText(text: string): DocumentResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'E_NOT_JSON', message: 'This file is not JSON.', hint: 'Open a .pipeline.json file saved by this app.' } };
  }
  return readDocument(value);
}

/** The text of a `.pipeline.json` file for `doc`. */
export function documentFileText(doc: PipelineDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `<name>.pipeline.json`, with the name made safe for file systems. */
export function documentFileName(doc: PipelineDocument): string {
  const base = doc.name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 100) || 'pipeline';
  return `${base}.pipeline.json`;
}
