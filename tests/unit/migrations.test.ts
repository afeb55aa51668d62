import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';
import {
  currentNodeVersions,
  documentMigrations,
  migrateDocument,
  migrateNodes,
  type DocumentMigration,
} from '@/lib/document/migrations';
import { readDocument, readDocumentText } from '@/lib/document/read';
import { decodeLink } from '@/lib/share/link';
import { localAutosaveKey, memoryRecords, moveLocalAutosave } from '@/lib/storage/pipelines';
import { templates } from '@/lib/templates';
import { nodeDefinitions } from '@/nodes';
import { defineNode, ok, type AnyNodeDefinition } from '@/nodes/define-node';
import { memoryStorage } from '../support/storage';

const golden = join(import.meta.dirname, '..', 'fixtures', 'golden');
const v1Digit = JSON.parse(readFileSync(join(golden, 'digit-cnn.doc-v1.pipeline.json'), 'utf8')) as Record<string, unknown>;

describe('document migrations', () => {
  it('has one step per version after the first, each with its own id', () => {
    expect(documentMigrations).toHaveLength(documentVersion - 1);
    expect(new Set(documentMigrations.map((m) => m.id)).size).toBe(documentMigrations.length);
  });

  describe('document/2-node-versions', () => {
    const step = documentMigrations[0];

    it('records every kind of a version 1 document at version 1 (the only version any kind had)', () => {
      const migrated = step.up(v1Digit);
      expect(migrated.nodeVersions).toEqual({
        'data.dataset': 1,
        'preprocess.normalize': 1,
        'preprocess.split': 1,
        'layer.conv2d': 1,
        'layer.maxPool2d': 1,
        'layer.flatten': 1,
        'layer.dense': 1,
        'loss.categoricalCrossentropy': 1,
        'metric.accuracy': 1,
        'optimizer.adam': 1,
      });
      expect(migrated.nodes).toBe(v1Digit.nodes);
    });

    it('expects anything in the old document: no node list, nodes that are not objects or have no kind', () => {
      expect(step.up({ version: 1 }).nodeVersions).toEqual({});
      expect(step.up({ version: 1, nodes: [3, null, { kind: 7 }, { kind: 'layer.dense' }] }).nodeVersions).toEqual({ 'layer.dense': 1 });
    });

    it('opens a version 1 file as the same pipeline at version 2', () => {
      const read = readDocument(v1Digit);
      expect(read).toEqual({ ok: true, doc: { ...(v1Digit as object), version: 2 } });
    });

    it("moves today's version 1 autosave into My pipelines, migrated, instead of calling it unreadable", async () => {
      const storage = memoryStorage({ [localAutosaveKey]: JSON.stringify(v1Digit) });
      const moved = await moveLocalAutosave(memoryRecords(), storage);
      expect(moved?.read).toEqual({ ok: true, doc: { ...(v1Digit as object), version: 2 } });
    });
  });

  it('runs the steps in order and sets each new version', () => {
    const seen: number[] = [];
    const steps: DocumentMigration[] = [
      { id: 'a', up: (doc) => (seen.push(doc.version as number), { ...doc, a: true }) },
      { id: 'b', up: (doc) => (seen.push(doc.version as number), { ...doc, b: doc.a }) },
    ];
    expect(migrateDocument({ version: 1 }, 1, 3, steps)).toEqual({ ok: true, doc: { version: 3, a: true, b: true } });
    expect(seen).toEqual([1, 2]);
    expect(migrateDocument({ version: 2 }, 2, 3, steps)).toEqual({ ok: true, doc: { version: 3, b: undefined } });
  });

  it('names the step that throws or returns something that is not a document', () => {
    const throws: DocumentMigration = { id: 'throws', up: () => { throw new Error('bug'); } };
    const returnsList: DocumentMigration = { id: 'list', up: () => [] as unknown as Record<string, unknown> };
    expect(migrateDocument({ version: 1 }, 1, 2, [throws])).toEqual({ ok: false, stepId: 'throws' });
    expect(migrateDocument({ version: 1 }, 1, 2, [returnsList])).toEqual({ ok: false, stepId: 'list' });
  });
});

/** A kind at version 3 whose param `size` was once `width` (v1) and then a string (v2). */
const resized = defineNode({
  kind: 'test.resized',
  version: 3,
  migrations: [
    { id: 'test.resized/2-width-to-size', up: ({ width, ...rest }) => ({ ...rest, size: String(width) }) },
    { id: 'test.resized/3-size-number', up: (p) => ({ ...p, size: Number(p.size) }) },
  ],
  category: 'layer',
  ui: { label: 'Resized', description: 'Test-only.' },
  params: z.object({ size: z.number() }),
  inputs: [],
  outputs: [],
  inferShape: () => ok([]),
}) as AnyNodeDefinition;
const broken = defineNode({ ...resized, kind: 'test.broken', migrations: [{ id: 'test.broken/2', up: () => { throw new Error('bug'); } }] }) as AnyNodeDefinition;
const unfinished = defineNode({ ...resized, kind: 'test.unfinished', migrations: [] }) as AnyNodeDefinition;
const registry = new Map([resized, broken, unfinished].map((d) => [d.kind, d]));
const lookup = (kind: string) => registry.get(kind);

const docOf = (...nodes: { kind: string; params: Record<string, unknown> }[]): PipelineDocument => ({
  version: documentVersion,
  name: 'test',
  description: '',
  nodes: nodes.map((n, i) => ({ id: `n${i}`, position: { x: 0, y: 0 }, ...n })),
  edges: [],
});

describe('node params migrations', () => {
  it('runs every step from the stored version of the kind up to the current one, in order', () => {
    const result = migrateNodes(docOf({ kind: 'test.resized', params: { width: 7, other: 'kept' } }), { 'test.resized': 1 }, lookup);
    expect(result).toEqual({ ok: true, doc: docOf({ kind: 'test.resized', params: { size: 7, other: 'kept' } }) });
  });

  it('runs only the steps after the stored version', () => {
    const result = migrateNodes(docOf({ kind: 'test.resized', params: { size: '9' } }), { 'test.resized': 2 }, lookup);
    expect(result).toEqual({ ok: true, doc: docOf({ kind: 'test.resized', params: { size: 9 } }) });
  });

  it('leaves nodes at the current version, kinds missing from the versions (this app wrote them) and unknown kinds alone', () => {
    const doc = docOf({ kind: 'test.resized', params: { size: '1' } }, { kind: 'test.gone', params: { width: 1 } });
    expect(migrateNodes(doc, { 'test.resized': 3, 'test.gone': 1 }, lookup)).toEqual({ ok: true, doc });
    expect(migrateNodes(doc, {}, lookup)).toEqual({ ok: true, doc });
  });

  it('refuses a kind stored at a newer version than this app knows', () => {
    const result = migrateNodes(docOf({ kind: 'test.resized', params: {} }), { 'test.resized': 4 }, lookup);
    expect(result).toEqual({ ok: false, newer: { nodeId: 'n0', kind: 'test.resized', stored: 4, known: 3 } });
  });

  it('names the step that failed and the node it failed on', () => {
    expect(migrateNodes(docOf({ kind: 'test.broken', params: {} }), { 'test.broken': 1 }, lookup)).toEqual({
      ok: false,
      stepId: 'test.broken/2',
      nodeId: 'n0',
    });
    expect(migrateNodes(docOf({ kind: 'test.unfinished', params: {} }), { 'test.unfinished': 2 }, lookup)).toMatchObject({
      ok: false,
      nodeId: 'n0',
    });
  });

  it('writes down the current version of each kind a document uses, and only those', () => {
    const doc = docOf({ kind: 'test.resized', params: {} }, { kind: 'test.gone', params: {} });
    expect(currentNodeVersions(doc, lookup)).toEqual({ 'test.resized': 3 });
  });

  it.each(nodeDefinitions.map((d) => [d.kind, d as AnyNodeDefinition] as const))(
    '%s has one step per version after the first, each named after the kind',
    (kind, def) => {
      const steps = def.migrations ?? [];
      expect(steps).toHaveLength(def.version - 1);
      expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
      for (const step of steps) expect(step.id.startsWith(`${kind}/`)).toBe(true);
    },
  );
});

/**
 * Golden fixtures: the built-in templates as files and links of each version, committed as they
 * were written (scripts/golden-fixtures.ts adds those of new versions). Each must still open to
 * the document beside it: a change that stops an old link or file from opening fails here.
 */
describe('golden fixtures', () => {
  const files = readdirSync(golden);
  const expected = (name: string) => {
    const id = name.slice(0, name.indexOf('.'));
    return JSON.parse(readFileSync(join(golden, `${id}.expected.json`), 'utf8')) as unknown;
  };
  const pipelineFiles = files.filter((f) => f.endsWith('.pipeline.json'));
  const links = files.filter((f) => f.endsWith('.txt'));

  it('keep files of version 1 and of the current version, and links, of every template', () => {
    for (const { id } of templates) {
      expect(pipelineFiles).toContain(`${id}.doc-v1.pipeline.json`);
      expect(pipelineFiles).toContain(`${id}.doc-v${documentVersion}.pipeline.json`);
      expect(links.some((f) => f.startsWith(`${id}.link-`))).toBe(true);
    }
  });

  it.each(pipelineFiles)('%s opens to the expected document', (name) => {
    expect(readDocumentText(readFileSync(join(golden, name), 'utf8'))).toEqual({ ok: true, doc: expected(name) });
  });

  it.each(links)('%s opens to the expected document', (name) => {
    expect(decodeLink(readFileSync(join(golden, name), 'utf8').trim())).toEqual({ ok: true, doc: expected(name) });
  });
});
