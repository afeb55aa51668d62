import { describe, expect, it } from 'vitest';
import { documentVersion, maxEdges, maxNodes, type PipelineDocument } from '@/lib/document/document';
import {
  documentFileName,
  documentFileText,
  maxDocumentTextLength,
  readDocument,
  readDocumentText,
  storedDocument,
  type DocumentResult,
} from '@/lib/document/read';
import { templates } from '@/lib/templates';

const digit = templates.find((t) => t.id === 'digit-cnn')!.document;
/** Where a node of the template sits in its list: the messages count nodes from 1 in file order. */
const at = (id: string) => digit.nodes.findIndex((n) => n.id === id);

/** The template as raw JSON with `edit` applied: what a hand-edited or damaged file holds. */
function rawWith(edit: (raw: Record<string, any>) => void): Record<string, unknown> {
  const raw = JSON.parse(documentFileText(digit));
  edit(raw);
  return raw;
}

function errorOf(result: DocumentResult) {
  expect(result.ok).toBe(false);
  return result.ok ? undefined : result.error;
}

describe('reading a document', () => {
  it.each(templates.map((t) => [t.id, t.document] as const))('opens the %s template written as a file as the same document', (_id, doc) => {
    expect(readDocumentText(documentFileText(doc))).toEqual({ ok: true, doc });
  });

  it('writes files at the current version with the version of every node kind they use', () => {
    const stored = storedDocument(digit);
    expect(stored.version).toBe(documentVersion);
    expect(Object.keys(stored.nodeVersions).sort()).toEqual([...new Set(digit.nodes.map((n) => n.kind))].sort());
    expect(Object.keys(JSON.parse(documentFileText(digit)))).toEqual(['version', 'name', 'description', 'nodeVersions', 'nodes', 'edges']);
  });

  it('says text that is not JSON is not a pipeline file', () => {
    expect(errorOf(readDocumentText('<html>hello</html>'))).toEqual({
      code: 'E_NOT_JSON',
      message: 'This file is not a pipeline: its text is not JSON, the format pipeline files are written in.',
      hint: 'Open a .pipeline.json file saved with Download in this app.',
    });
    expect(errorOf(readDocumentText(documentFileText(digit).slice(0, 500)))?.code).toBe('E_NOT_JSON');
  });

  it.each([
    [`node ${at('split') + 1} ("split") has no kind`, (raw: any) => delete raw.nodes[at('split')].kind],
    ['node 1 ("dataset")\'s kind is empty', (raw: any) => (raw.nodes[0].kind = '')],
    [`node ${at('normalize') + 1} ("normalize")'s position x is not a number`, (raw: any) => (raw.nodes[at('normalize')].position.x = 'left')],
    [`node ${at('conv') + 1} ("conv")'s params are not a group of values`, (raw: any) => (raw.nodes[at('conv')].params = [1, 2])],
    ['node 5 is text, not a node', (raw: any) => (raw.nodes[4] = 'pool')],
    ['wire 2 has no target port', (raw: any) => delete raw.edges[1].targetPort],
    ['the pipeline has no name', (raw: any) => delete raw.name],
    ["the pipeline's nodes are not a list", (raw: any) => (raw.nodes = { a: 1 })],
    ['node 2 ("dataset") has the same id as an earlier node', (raw: any) => (raw.nodes[1].id = 'dataset')],
    ['it has no version number', (raw: any) => delete raw.version],
    ['its version is not a whole number from 1 up', (raw: any) => (raw.version = '2')],
    ['its list of node versions is not a list of kinds and version numbers', (raw: any) => (raw.nodeVersions = { 'layer.dense': 0 })],
  ])('says which field is wrong: %s', (words, edit) => {
    const error = errorOf(readDocumentText(JSON.stringify(rawWith(edit))));
    expect(error?.code).toBe('E_NOT_PIPELINE');
    expect(error?.message).toBe(`This file does not hold a pipeline the app can open: ${words}.`);
    expect(error?.hint).toBe('Open a .pipeline.json file saved with Download in this app.');
  });

  it('counts the problems after the first', () => {
    const raw = rawWith((r) => {
      delete r.nodes[0].kind;
      delete r.nodes[1].kind;
    });
    expect(errorOf(readDocument(raw, 'file'))?.message).toMatch(/node 1 \("dataset"\) has no kind \(and 1 more problem\)\.$/);
  });

  it.each([
    [null, 'nothing (null)'],
    [[digit], 'a list'],
    ['{"version":2}', 'text'],
    [42, 'a number'],
  ])('says a value that is no object is not a pipeline: %j', (value, what) => {
    expect(errorOf(readDocument(value, 'file'))?.message).toBe(`This file does not hold a pipeline the app can open: it holds ${what}, not a pipeline.`);
  });

  it('words the failure after where the document came from', () => {
    expect(errorOf(readDocument({}, 'link'))).toMatchObject({ message: expect.stringMatching(/^This link /), hint: expect.stringMatching(/Share button/) });
    expect(errorOf(readDocument({}, 'saved'))?.message).toMatch(/^This saved copy /);
    expect(errorOf(readDocument({}, 'template'))?.message).toMatch(/^This template /);
    expect(errorOf(readDocument({}))?.message).toMatch(/^This document /);
  });

  it('refuses a document from a newer version of the app, saying to update', () => {
    expect(errorOf(readDocument({ ...digit, version: documentVersion + 1, nodes: 'a new shape' }))).toEqual({
      code: 'E_NEWER_VERSION',
      message: `This pipeline was made with a newer version of the app (its format is version ${documentVersion + 1}; this app reads up to version ${documentVersion}).`,
      hint: 'Update the app (reload the page) and open it again.',
    });
  });

  it('refuses a node kind stored at a newer version, naming the node kind', () => {
    const raw = rawWith((r) => (r.nodeVersions['layer.dense'] = 2));
    expect(errorOf(readDocument(raw))).toEqual({
      code: 'E_NEWER_VERSION',
      message: 'This pipeline was made with a newer version of the app: it uses version 2 of the Dense node, and this app knows up to version 1.',
      hint: 'Update the app (reload the page) and open it again.',
    });
  });

  describe('caps, each named in its message', () => {
    it('file text over 1 MB', () => {
      const text = documentFileText({ ...digit, description: '' }).replace('"description": ""', `"description": "${' '.repeat(maxDocumentTextLength)}"`);
      expect(errorOf(readDocumentText(text))).toMatchObject({
        code: 'E_TOO_LARGE',
        message: 'This file is too large to be a pipeline: it is 1.1 MB, and a pipeline file is at most 1 MB.',
      });
      expect(errorOf(readDocumentText(' '.repeat(25_000_000)))?.message).toMatch(/it is 25 MB, and a pipeline file is at most 1 MB\.$/);
    });

    it(`more than ${maxNodes} nodes or ${maxEdges} wires, checked before anything walks them`, () => {
      const nodes = Array.from({ length: maxNodes + 1 }, () => 'junk');
      expect(errorOf(readDocument({ ...digit, nodes }, 'file'))).toMatchObject({
        code: 'E_TOO_LARGE',
        message: 'This file is too large to open: its pipeline has 501 nodes, and a pipeline may have at most 500.',
      });
      const edges = Array.from({ length: 100_000 }, () => digit.edges[0]);
      expect(errorOf(readDocument({ ...digit, version: 1, edges }, 'file'))?.message).toBe(
        'This file is too large to open: its pipeline has 100,000 wires, and a pipeline may have at most 2,000.',
      );
    });

    it.each([
      ["the pipeline's name is longer than 200 characters", { name: 'n'.repeat(201) }],
      ["the pipeline's description is longer than 5,000 characters", { description: 'd'.repeat(5001) }],
    ])('%s', (words, patch) => {
      expect(errorOf(readDocument({ ...digit, ...patch }, 'file'))).toMatchObject({
        code: 'E_TOO_LARGE',
        message: `This file is too large to open: ${words}.`,
      });
    });

    it('a label longer than 100 characters', () => {
      const raw = rawWith((r) => (r.nodes[at('hidden')].label = 'l'.repeat(101)));
      expect(errorOf(readDocument(raw))?.message).toBe(
        `This document is too large to open: node ${at('hidden') + 1} ("hidden")'s label is longer than 100 characters.`,
      );
    });
  });

  it('never throws, even on values built to throw', () => {
    const throwing = Object.defineProperty({}, 'version', { enumerable: true, get: () => { throw new Error('boom'); } });
    const proxy = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const cyclic: Record<string, unknown> = { ...digit };
    cyclic.self = cyclic;
    for (const value of [throwing, proxy, undefined, Symbol('x'), () => 1, 10n]) {
      expect(readDocument(value).ok).toBe(false);
    }
    expect(readDocument(cyclic).ok).toBe(true);
    expect(readDocumentText(undefined as unknown as string).ok).toBe(false);
  });

  it('keeps hostile text as text: HTML in names and labels is data, not markup', () => {
    const doc: PipelineDocument = { ...digit, name: '<img src=x onerror=alert(1)>', nodes: [{ ...digit.nodes[0], label: '<script>x</script>' }], edges: [] };
    expect(readDocumentText(documentFileText(doc))).toEqual({ ok: true, doc });
  });
});

describe('file names', () => {
  it('names the file after the pipeline, without characters file systems refuse', () => {
    expect(documentFileName(digit)).toBe('Digit classifier (CNN).pipeline.json');
    expect(documentFileName({ ...digit, name: 'a/b:c*?"<>|\u0000d' })).toBe('a b c d.pipeline.json');
    expect(documentFileName({ ...digit, name: '///' })).toBe('pipeline.pipeline.json');
  });
});
