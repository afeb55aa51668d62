import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineDocument } from '@/lib/document/document';
import { migrateToTables } from '@/lib/document/migrate-to-tables';
import { graphGeometry, layoutClashes } from '@/lib/layout/graph-geometry';

/**
 * Version 2 documents come from old links, files and saves: whatever they hold, the step to
 * tables must not throw, must return a document-shaped record, and must turn a well-formed one
 * into a valid version 3 document whose new nodes sit on no other node.
 */

/** The node kinds of version 2 with their ports, as the app of that version defined them. */
const oldKinds = {
  'data.dataset': { inputs: [], outputs: ['features', 'labels'] },
  'preprocess.normalize': { inputs: ['in'], outputs: ['out'] },
  'preprocess.standardize': { inputs: ['in'], outputs: ['out'] },
  'preprocess.split': { inputs: ['features', 'labels'], outputs: ['features', 'labels'] },
  'layer.conv2d': { inputs: ['in'], outputs: ['out'] },
  'layer.maxPool2d': { inputs: ['in'], outputs: ['out'] },
  'layer.flatten': { inputs: ['in'], outputs: ['out'] },
  'layer.dense': { inputs: ['in'], outputs: ['out'] },
  'layer.dropout': { inputs: ['in'], outputs: ['out'] },
  'layer.activation': { inputs: ['in'], outputs: ['out'] },
  'loss.categoricalCrossentropy': { inputs: ['prediction', 'labels'], outputs: ['loss'] },
  'optimizer.sgd': { inputs: ['loss'], outputs: [] },
  'optimizer.adam': { inputs: ['loss'], outputs: [] },
  'metric.accuracy': { inputs: ['prediction', 'labels'], outputs: [] },
} as const;
type OldKind = keyof typeof oldKinds;
const kinds = Object.keys(oldKinds) as OldKind[];
// Datasets and splits are what the step rewires: drawn more often than their share of the kinds.
const kind = fc.oneof({ weight: 3, arbitrary: fc.constantFrom<OldKind>('data.dataset', 'preprocess.split', 'preprocess.normalize') }, { weight: 4, arbitrary: fc.constantFrom(...kinds) });

const id = fc.oneof(
  fc.constantFrom('dataset', 'split', 'dataset-columns', 'dataset-target', 'normalize', 'hidden', 'loss'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
  // Ids at the length cap: the new nodes' ids are made from the dataset's.
  fc.constant('d'.repeat(100)),
);
const coordinate = fc.integer({ min: -2000, max: 2000 });

/** Well-formed version 2 documents: every node and wire has its fields; wires join any ports, old or odd. */
const wellFormed = fc.uniqueArray(fc.record({ id, kind }), { selector: (n) => n.id, minLength: 1, maxLength: 12 }).chain((nodes) => {
  const port = (ids: readonly string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom('in', 'out', 'features', 'labels', 'table') });
  const edge = fc.nat({ max: nodes.length - 1 }).chain((s) =>
    fc.nat({ max: nodes.length - 1 }).chain((t) => {
      const outs = oldKinds[nodes[s].kind].outputs;
      const ins = oldKinds[nodes[t].kind].inputs;
      return fc.record({
        source: fc.constant(nodes[s].id),
        sourcePort: outs.length ? port(outs) : port(['out']),
        target: fc.constant(nodes[t].id),
        targetPort: ins.length ? port(ins) : port(['in']),
      });
    }),
  );
  return fc.record({
    version: fc.constant(2),
    name: fc.constant('old pipeline'),
    description: fc.constant(''),
    nodeVersions: fc.constant(Object.fromEntries(nodes.map((n) => [n.kind, 1]))),
    nodes: fc.tuple(...nodes.map((n) => fc.record({ x: coordinate, y: coordinate }).map((position) => ({ ...n, params: {}, position })))),
    edges: fc.array(edge, { maxLength: 20 }),
  });
});

/** Anything at all where a document's parts should be: missing fields, wrong types, junk entries. */
const garbage = fc.record(
  {
    version: fc.constant(2),
    nodes: fc.oneof(fc.anything(), fc.array(fc.oneof(fc.anything(), fc.record({ id: fc.anything(), kind: fc.oneof(fc.constantFrom(...kinds), fc.anything()), position: fc.anything() }, { requiredKeys: [] })))),
    edges: fc.oneof(fc.anything(), fc.array(fc.oneof(fc.anything(), fc.record({ source: fc.string(), sourcePort: fc.string(), target: fc.string(), targetPort: fc.string() }, { requiredKeys: [] })))),
  },
  { requiredKeys: ['version'] },
);

describe('migrating version 2 documents to tables', () => {
  it('never throws and always returns a record, whatever the old document holds', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, garbage, fc.dictionary(fc.string(), fc.anything())), (doc) => {
        const migrated = migrateToTables(doc as Record<string, unknown>);
        expect(typeof migrated === 'object' && migrated !== null && !Array.isArray(migrated)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('turns a well-formed one into a valid version 3 document that keeps every old node and reads no old dataset port', () => {
    fc.assert(
      fc.property(wellFormed, (doc) => {
        const migrated = migrateToTables(doc);
        const parsed = PipelineDocument.safeParse({ ...migrated, version: 3 });
        expect(parsed.error?.issues).toBeUndefined();
        const result = parsed.data!;
        expect(result.nodes.slice(0, doc.nodes.length)).toEqual(doc.nodes);
        const datasets = new Set(doc.nodes.filter((n) => n.kind === 'data.dataset').map((n) => n.id));
        const oldPorts = result.edges.filter((e) => datasets.has(e.source) && (e.sourcePort === 'features' || e.sourcePort === 'labels'));
        expect(oldPorts).toEqual([]);
        // Every dataset gets at least one Select columns and one Target column fed from its table.
        const added = result.nodes.slice(doc.nodes.length);
        expect(added.filter((n) => n.kind === 'preprocess.selectColumns').length).toBeGreaterThanOrEqual(datasets.size);
        expect(added.filter((n) => n.kind === 'preprocess.target').length).toBe(added.filter((n) => n.kind === 'preprocess.selectColumns').length);
        for (const n of added) expect(result.edges.some((e) => e.target === n.id && e.targetPort === 'table')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('places every new node where it covers no other node', () => {
    fc.assert(
      fc.property(wellFormed, (doc) => {
        const migrated = PipelineDocument.parse({ ...migrateToTables(doc), version: 3 });
        const added = new Set(migrated.nodes.slice(doc.nodes.length).map((n) => n.id));
        // The canvas's own geometry (estimated node boxes), nodes only: the old nodes may already overlap each other.
        const clashes = layoutClashes(graphGeometry(migrated, () => undefined)).filter((c) => {
          const [, a, b] = /^node (.+) on node (.+)$/.exec(c) ?? [];
          return a !== undefined && (added.has(a) || added.has(b));
        });
        expect(clashes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
