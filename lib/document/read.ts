import type { z } from 'zod';
import { getNodeDefinition } from '@/nodes';
import {
  NodeVersions,
  PipelineDocument,
  documentVersion,
  maxEdges,
  maxNodes,
  type StoredDocument,
} from './document';
import { currentNodeVersions, isRecord, migrateDocument, migrateNodes } from './migrations';

/**
 * Every way a document comes in (link, file, template, IndexedDB, command line) goes through
 * here: size caps, migrations from older versions, zod validation. Failures are values with a
 * code and words for a product manager, never exceptions.
 */
export interface DocumentError {
  /** Stable code: E_NOT_JSON, E_NOT_PIPELINE, E_NEWER_VERSION, E_TOO_LARGE, E_MIGRATION_FAILED, or a link's own (lib/share/link.ts). */
  code: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export type DocumentResult = { ok: true; doc: PipelineDocument } | { ok: false; error: DocumentError };

/** Where a document comes from: it only changes the words of a failure ("This link ...", "This file ..."). */
export type DocumentSource = 'file' | 'link' | 'saved' | 'template';

/** The longest `.pipeline.json` text read, in characters: a large pipeline is a few tens of kilobytes. */
export const maxDocumentTextLength = 1_000_000;

const sources: Record<DocumentSource | 'unknown', { subject: string; again: string }> = {
  file: { subject: 'This file', again: 'Open a .pipeline.json file saved with Download in this app.' },
  link: { subject: 'This link', again: 'Ask the sender to share the pipeline again with the Share button and send you the new link.' },
  saved: { subject: 'This saved copy', again: 'Open another pipeline, or start a new one from a template.' },
  template: { subject: 'This template', again: 'Choose another template, or save this pipeline as a template again.' },
  unknown: { subject: 'This document', again: 'Open a pipeline saved by this app.' },
};

export const updateAppHint = 'Update the app (reload the page) and open it again.';

/** Validates (and migrates) a parsed value that claims to be a pipeline document. Never throws. */
export function readDocument(value: unknown, source?: DocumentSource): DocumentResult {
  const words = sources[source ?? 'unknown'];
  try {
    return read(value, words);
  } catch {
    // Only a hostile value gets here (a getter that throws, a proxy): it is not a document.
    return notPipeline(words, 'it could not be read');
  }
}

/** Reads the text of a `.pipeline.json` file. Never throws. */
export function readDocumentText(text: string, source: DocumentSource = 'file'): DocumentResult {
  const words = sources[source];
  if (typeof text !== 'string') return notPipeline(words, 'it holds no text');
  if (text.length > maxDocumentTextLength) return textTooLarge(text.length, source);
  let value: unknown;
  try {
    // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON does not allow.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return failure(
      'E_NOT_JSON',
      `${words.subject} is not a pipeline: its text is not JSON, the format pipeline files are written in.`,
      words.again,
    );
  }
  return readDocument(value, source);
}

/** The failure for a text (or a file, in bytes) over `maxDocumentTextLength`, for readers that see its size before its text. */
export function textTooLarge(size: number, source: DocumentSource = 'file'): DocumentResult {
  const words = sources[source];
  return failure(
    'E_TOO_LARGE',
    `${words.subject} is too large to be a pipeline: it is ${formatMegabytes(size)}, and a pipeline file is at most ${formatMegabytes(maxDocumentTextLength)}.`,
    `Check that this is the right file. ${words.again}`,
  );
}

/** The document as written anywhere outside memory: with the kind versions of its nodes. */
export function storedDocument(doc: PipelineDocument): StoredDocument {
  return {
    version: doc.version,
    name: doc.name,
    description: doc.description,
    nodeVersions: currentNodeVersions(doc),
    nodes: doc.nodes,
    edges: doc.edges,
  };
}

/** The text of a `.pipeline.json` file for `doc`. */
export function documentFileText(doc: PipelineDocument): string {
  return `${JSON.stringify(storedDocument(doc), null, 2)}\n`;
}

/** `<name>.pipeline.json`, with the name made safe for file systems. */
export function documentFileName(doc: PipelineDocument): string {
  const base = doc.name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 100) || 'pipeline';
  return `${base}.pipeline.json`;
}

type Words = (typeof sources)[DocumentSource];

function read(value: unknown, words: Words): DocumentResult {
  if (!isRecord(value)) return notPipeline(words, `it holds ${kindOfValue(value)}, not a pipeline`);
  const version = value.version;
  if (version === undefined) return notPipeline(words, 'it has no version number');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return notPipeline(words, 'its version is not a whole number from 1 up');
  }
  if (version > documentVersion) {
    return failure(
      'E_NEWER_VERSION',
      `This pipeline was made with a newer version of the app (its format is version ${version}; this app reads up to version ${documentVersion}).`,
      updateAppHint,
    );
  }
  // Before any migration walks them: a hostile document may hold a million nodes.
  for (const [field, cap, noun] of [['nodes', maxNodes, 'nodes'], ['edges', maxEdges, 'wires']] as const) {
    const list = value[field];
    if (Array.isArray(list) && list.length > cap) return tooMany(words, list.length, cap, noun);
  }

  const migrated = migrateDocument(value, version, documentVersion);
  if (!migrated.ok) return migrationFailed(words, migrated.stepId);

  const parsed = PipelineDocument.safeParse(migrated.doc);
  if (!parsed.success) return invalid(words, parsed.error.issues, migrated.doc);
  const versions = NodeVersions.safeParse(migrated.doc.nodeVersions ?? {});
  if (!versions.success) return notPipeline(words, 'its list of node versions is not a list of kinds and version numbers');

  const nodes = migrateNodes(parsed.data, versions.data);
  if (nodes.ok) return { ok: true, doc: nodes.doc };
  if ('newer' in nodes) {
    const { kind, stored, known } = nodes.newer;
    const label = getNodeDefinition(kind)?.ui.label ?? kind;
    return failure(
      'E_NEWER_VERSION',
      `This pipeline was made with a newer version of the app: it uses version ${stored} of the ${label} node, and this app knows up to version ${known}.`,
      updateAppHint,
    );
  }
  return migrationFailed(words, nodes.stepId, nodes.nodeId);
}

function failure(code: string, message: string, hint: string): DocumentResult {
  return { ok: false, error: { code, message, hint } };
}

function notPipeline(words: Words, detail: string): DocumentResult {
  return failure('E_NOT_PIPELINE', `${words.subject} does not hold a pipeline the app can open: ${detail}.`, words.again);
}

function tooMany(words: Words, count: number, cap: number, noun: string): DocumentResult {
  return failure(
    'E_TOO_LARGE',
    `${words.subject} is too large to open: its pipeline has ${count.toLocaleString('en-US')} ${noun}, and a pipeline may have at most ${cap.toLocaleString('en-US')}.`,
    `Check that this is the right pipeline. ${words.again}`,
  );
}

function migrationFailed(words: Words, stepId: string, nodeId?: string): DocumentResult {
  const where = nodeId === undefined ? '' : ` on node "${clip(nodeId)}"`;
  return failure(
    'E_MIGRATION_FAILED',
    `${words.subject} holds a pipeline from an older version of the app that could not be brought up to date (step "${stepId}" failed${where}).`,
    `Open it in the version of the app that made it and share it again, or report this step's name to whoever maintains the app.`,
  );
}

/** The first problem zod found, in words: which node or wire, which field, what is wrong with it. */
function invalid(words: Words, issues: z.core.$ZodIssue[], doc: Record<string, unknown>): DocumentResult {
  const issue = issues[0];
  const [top, index, ...rest] = issue.path;
  const list = top === 'nodes' || top === 'edges' ? doc[top] : undefined;
  if (issue.code === 'too_big' && rest.length === 0 && index === undefined && Array.isArray(list)) {
    return tooMany(words, list.length, Number(issue.maximum), top === 'nodes' ? 'nodes' : 'wires');
  }
  let owner = 'the pipeline';
  let fieldPath = issue.path;
  if (Array.isArray(list) && typeof index === 'number') {
    const item = list[index];
    const id = top === 'nodes' && isRecord(item) && typeof item.id === 'string' && item.id ? ` ("${clip(item.id)}")` : '';
    owner = `${top === 'nodes' ? 'node' : 'wire'} ${index + 1}${id}`;
    fieldPath = rest;
  }
  const field = fieldPath.map((part) => fieldWords[String(part)] ?? String(part)).join(' ');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  const noun = top === 'nodes' ? 'a node' : 'a wire';
  const detail = describeIssue(issue, owner, field, noun, valueAt(doc, issue.path));
  if (issue.code === 'too_big') {
    return failure('E_TOO_LARGE', `${words.subject} is too large to open: ${detail}${more}.`, words.again);
  }
  return notPipeline(words, `${detail}${more}`);
}

const fieldWords: Record<string, string> = { edges: 'wires', sourcePort: 'source port', targetPort: 'target port' };
const pluralFields = new Set(['nodes', 'wires', 'params']);

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  object: 'a group of values',
  array: 'a list',
  record: 'a group of values',
  boolean: 'true or false',
};

function describeIssue(issue: z.core.$ZodIssue, owner: string, field: string, noun: string, value: unknown): string {
  const its = field ? `${owner}'s ${field}` : owner;
  const is = pluralFields.has(field) ? 'are' : 'is';
  switch (issue.code) {
    case 'invalid_type':
      if (!field) return `${owner} is ${kindOfValue(value)}, not ${noun}`;
      if (value === undefined) return `${owner} has no ${field}`;
      return `${its} ${is} not ${typeWords[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `${its} ${is} empty`;
    case 'too_big':
      return `${its} ${is} longer than ${Number(issue.maximum).toLocaleString('en-US')} characters`;
    case 'custom':
      return `${owner} has the same id as an earlier node`;
    default:
      return `${its} ${is} not valid (${issue.message})`;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return `a value of type ${typeof value}`;
}

/** Rounded up, so a size just over a cap never reads as equal to it. */
/** A size in megabytes, rounded up: a file just over the cap must not read as "1 MB, at most 1 MB". */
export function formatMegabytes(characters: number): string {
  const mb = characters / 1_000_000;
  return `${mb >= 10 ? Math.ceil(mb) : Math.ceil(mb * 10) / 10} MB`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
