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
import { compile } from '@/lib/compile/compile';
import { readDocument, readDocumentText } from '@/lib/document/read';
import type { PipelineSpec } from '@/lib/spec/spec';
import { decodeLink, linkFormat } from '@/lib/share/link';
import { localAutosaveKey, memoryRecords, moveLocalAutosave } from '@/lib/storage/pipelines';
import { templates } from '@/lib/templates';
import { getNodeDefinition, nodeDefinitions } from '@/nodes';
import { defineNode, ok, type AnyNodeDefinition } from '@/nodes/define-node';
import { memoryStorage } from '../support/storage';

const golden = join(import.meta.dirname, '..', 'fixtures', 'golden');
const v1Digit = JSON.parse(readFileSync(join(golden, 'digit-cnn.doc-v1.pipeline.json'), 'utf8')) as Record<string, unknown>;
const v2Digit = JSON.parse(readFileSync(join(golden, 'digit-cnn.doc-v2.pipeline.json'), 'utf8')) as Record<string, unknown>;

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

    it('opens a version 1 file as the same pipeline as the version 2 file of the same template', () => {
      const read = readDocument(v1Digit);
      expect(read.ok && read.doc.version).toBe(documentVersion);
      expect(read).toEqual(readDocument(v2Digit));
    });

    it("moves a version 1 autosave into My pipelines, migrated, instead of calling it unreadable", async () => {
      const storage = memoryStorage({ [localAutosaveKey]: JSON.stringify(v1Digit) });
      const moved = await moveLocalAutosave(memoryRecords(), storage);
      expect(moved?.read).toEqual(readDocument(v1Digit));
      expect(moved?.read.ok).toBe(true);
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
 * Golden fixtures: the built-in templates as files and links of each document version, committed
 * as they were written (scripts/golden-fixtures.ts adds those of new versions, never rewriting old
 * ones). `<id>.doc-v<N>.expected.json` is the document the app of version N opened them to.
 * - A fixture of the current version opens to exactly that document.
 * - An older one opens, compiles with no errors, and means what it meant when it was written:
 *   the same layers with the same params and wiring, loss, optimizer settings, metrics, dataset and
 *   validation share, and its tensor preprocessing now runs after the split (fitted on training
 *   rows). A change that stops an old link or file from opening, or changes what it trains, fails here.
 */
describe('golden fixtures', () => {
  const files = readdirSync(golden);
  const json = (name: string) => JSON.parse(readFileSync(join(golden, name), 'utf8')) as unknown;
  const idOf = (name: string) => name.slice(0, name.indexOf('.'));
  const versionOf = (name: string) => Number(/\.doc-v(\d+)\./.exec(name)![1]);
  const pipelineFiles = files.filter((f) => f.endsWith('.pipeline.json'));
  const links = files.filter((f) => f.endsWith('.txt'));
  const opened = (name: string) =>
    name.endsWith('.txt') ? decodeLink(readFileSync(join(golden, name), 'utf8').trim()) : readDocumentText(readFileSync(join(golden, name), 'utf8'));

  it('keep the version 1 and 2 files and links of the first templates, and a file and a link of every template at the current version', () => {
    for (const id of ['digit-cnn', 'iris-mlp']) {
      for (const version of [1, 2]) expect(pipelineFiles).toContain(`${id}.doc-v${version}.pipeline.json`);
      expect(files).toContain(`${id}.doc-v2.expected.json`);
    }
    expect(links).toContain('iris-mlp.link-v1.doc-v1.txt');
    for (const { id } of templates) {
      expect(pipelineFiles).toContain(`${id}.doc-v${documentVersion}.pipeline.json`);
      expect(links).toContain(`${id}.link-v${linkFormat}.doc-v${documentVersion}.txt`);
      expect(files).toContain(`${id}.doc-v${documentVersion}.expected.json`);
    }
  });

  const current = [...pipelineFiles, ...links].filter((f) => versionOf(f) === documentVersion);
  const older = [...pipelineFiles, ...links].filter((f) => versionOf(f) < documentVersion);

  it.each(current)('%s opens to the expected document', (name) => {
    expect(opened(name)).toEqual({ ok: true, doc: json(`${idOf(name)}.doc-v${documentVersion}.expected.json`) });
  });

  it.each(pipelineFiles.filter((f) => versionOf(f) === 1))('%s came up to version 2 as the app of version 2 opened it', (name) => {
    const migrated = migrateDocument(json(name) as Record<string, unknown>, 1, 2);
    expect(migrated.ok).toBe(true);
    const { nodeVersions, ...doc } = migrated.ok ? migrated.doc : {};
    expect(nodeVersions).toBeDefined();
    expect(doc).toEqual(json(`${idOf(name)}.doc-v2.expected.json`));
  });

  it.each(older)('%s opens, compiles with no errors and trains what it meant at version 2', (name) => {
    const read = opened(name);
    if (!read.ok) throw new Error(`${name} did not open: ${read.error.message}`);
    expect(read.doc.version).toBe(documentVersion);
    const compiled = compile(read.doc);
    expect(compiled.issues.filter((i) => i.severity === 'error')).toEqual([]);
    if (!compiled.ok) throw new Error(`${name} did not compile`);
    expect(meaningOf(compiled.spec)).toEqual(meaningAtVersion2(json(`${idOf(name)}.doc-v2.expected.json`) as V2Document));
  });
});

interface V2Document {
  nodes: { id: string; kind: string; params: Record<string, unknown> }[];
  edges: { source: string; sourcePort: string; target: string; targetPort: string }[];
}

/**
 * What a version 2 document trained, read straight from its nodes and wires (the old ports:
 * Dataset.features/labels, Split.features/labels), with each node's params parsed as compile does.
 */
function meaningAtVersion2(doc: V2Document) {
  const node = (kind: string) => doc.nodes.find((n) => n.kind.startsWith(kind))!;
  const parsed = (n: { kind: string; params: Record<string, unknown> }) => ({
    kind: n.kind,
    params: getNodeDefinition(n.kind)!.params.parse(n.params) as Record<string, unknown>,
  });
  const split = node('preprocess.split');
  const sourceOf = (id: string) => doc.edges.find((e) => e.target === id)!;
  // The tensor steps between the dataset's features and the split, walked back from the split.
  const tensorSteps: string[] = [];
  for (let at = sourceOf(split.id); at.source !== node('data.dataset').id; at = sourceOf(at.source)) tensorSteps.unshift(at.source);
  const layers = doc.nodes.filter((n) => n.kind.startsWith('layer.'));
  const layerIds = new Set(layers.map((l) => l.id));
  return {
    dataset: parsed(node('data.dataset')).params,
    split: { id: split.id, params: pick(parsed(split).params, ['validationFraction', 'shuffle']) },
    tensorStepsAfterSplit: tensorSteps.map((id) => ({ id, ...parsed(doc.nodes.find((n) => n.id === id)!) })),
    layers: layers.map((l) => ({
      id: l.id,
      ...parsed(l),
      fromLayers: doc.edges.filter((e) => e.target === l.id && layerIds.has(e.source)).map((e) => e.source),
    })),
    loss: parsed(node('loss.')),
    optimizer: parsed(node('optimizer.')),
    metrics: doc.nodes.filter((n) => n.kind.startsWith('metric.')).map((n) => n.kind),
  };
}

/** The same, from the spec compile() made of the migrated document. */
function meaningOf(spec: PipelineSpec) {
  const layerIds = new Set(spec.model.layers.map((l) => l.nodeId));
  const splitAt = spec.data.steps.findIndex((s) => s.nodeId === spec.data.split);
  const split = spec.data.steps[splitAt];
  return {
    dataset: { dataset: (spec.data.dataset as { dataset: string }).dataset, ...(spec.data.dataset.maxSamples && { maxSamples: spec.data.dataset.maxSamples }) },
    split: { id: split.nodeId, params: pick(split.params, ['validationFraction', 'shuffle']) },
    // Tensor steps (not the column pickers the migration added), only those after the split.
    tensorStepsAfterSplit: spec.data.steps
      .slice(splitAt + 1)
      .filter((s) => s.kind !== 'preprocess.selectColumns' && s.kind !== 'preprocess.target')
      .map((s) => ({ id: s.nodeId, kind: s.kind, params: s.params })),
    layers: spec.model.layers.map((l) => ({ id: l.nodeId, kind: l.kind, params: l.params, fromLayers: l.inputs.filter((i) => layerIds.has(i)) })),
    loss: { kind: spec.loss.kind, params: spec.loss.params },
    optimizer: { kind: spec.optimizer.kind, params: spec.optimizer.params },
    metrics: spec.metrics.map((m) => m.kind),
  };
}

function pick(params: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, params[k]]));
}
