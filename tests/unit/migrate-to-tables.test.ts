import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument, PipelineEdge } from '@/lib/document/document';
import { readDocument } from '@/lib/document/read';

/**
 * The step to tables on the odd wirings a version 2 pipeline could hold, each read the way the app
 * reads an old file (readDocument) and compiled. The base is the iris template as version 2 wrote it:
 * Dataset.features -> Standardize -> Split.features -> hidden -> classifier -> loss/accuracy,
 * Dataset.labels -> Split.labels -> loss/accuracy.
 */
type V2 = { nodes: { id: string; kind: string; params: Record<string, unknown>; position: { x: number; y: number } }[]; edges: PipelineEdge[] } & Record<string, unknown>;
const base = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'golden', 'iris-mlp.doc-v2.pipeline.json'), 'utf8')) as V2;

function v2(edit: (doc: V2) => void): V2 {
  const doc = structuredClone(base);
  edit(doc);
  doc.nodeVersions = Object.fromEntries(doc.nodes.map((n) => [n.kind, 1]));
  return doc;
}
const wire = (source: string, sourcePort: string, target: string, targetPort: string): PipelineEdge => ({ source, sourcePort, target, targetPort });
const without = (doc: V2, match: (e: PipelineEdge) => boolean) => (doc.edges = doc.edges.filter((e) => !match(e)));

function opened(doc: V2): PipelineDocument {
  const read = readDocument(doc, 'file');
  if (!read.ok) throw new Error(read.error.message);
  return read.doc;
}
const into = (doc: PipelineDocument, target: string, port: string) =>
  doc.edges.filter((e) => e.target === target && e.targetPort === port).map((e) => `${e.source}.${e.sourcePort}`);
const errors = (doc: PipelineDocument) => compile(doc).issues.filter((i) => i.severity === 'error').map((i) => `${i.nodeId}: ${i.message}`);

describe('document/3-tables on odd version 2 wirings', () => {
  it('moves a chain of preprocessing before the split after it, in the same order', () => {
    const doc = opened(
      v2((d) => {
        d.nodes.push({ id: 'normalize', kind: 'preprocess.normalize', params: {}, position: { x: 316, y: 100 } });
        without(d, (e) => e.source === 'standardize');
        d.edges.push(wire('standardize', 'out', 'normalize', 'in'), wire('normalize', 'out', 'split', 'features'));
      }),
    );
    expect(errors(doc)).toEqual([]);
    expect(into(doc, 'standardize', 'in')).toEqual(['dataset-columns.out']);
    expect(into(doc, 'dataset-columns', 'table')).toEqual(['split.table']);
    expect(into(doc, 'hidden', 'in')).toEqual(['normalize.out']);
    const compiled = compile(doc);
    if (!compiled.ok) throw new Error('did not compile');
    const steps = compiled.spec.data.steps.map((s) => s.nodeId);
    expect(steps.indexOf('split')).toBeLessThan(steps.indexOf('standardize'));
    expect(steps.indexOf('standardize')).toBeLessThan(steps.indexOf('normalize'));
    expect(compiled.spec.data.inputs.map((i) => i.id)).toEqual(['normalize.out']);
  });

  it('gives features wired straight into a layer (no split) the new nodes right after the dataset', () => {
    const doc = opened(
      v2((d) => {
        d.nodes = d.nodes.filter((n) => n.id !== 'split' && n.id !== 'standardize');
        d.edges = d.edges.filter((e) => !['split', 'standardize'].includes(e.source) && !['split', 'standardize'].includes(e.target));
        d.edges.push(wire('dataset', 'features', 'hidden', 'in'), wire('dataset', 'labels', 'loss', 'labels'), wire('dataset', 'labels', 'accuracy', 'labels'));
      }),
    );
    expect(errors(doc)).toEqual([]);
    expect(into(doc, 'dataset-columns', 'table')).toEqual(['dataset.table']);
    expect(into(doc, 'dataset-target', 'table')).toEqual(['dataset.table']);
    expect(into(doc, 'hidden', 'in')).toEqual(['dataset-columns.out']);
    expect(into(doc, 'loss', 'labels')).toEqual(['dataset-target.out']);
  });

  it('lets a loss wired to the labels around the split read the labels after it, so its rows match the prediction', () => {
    const doc = opened(
      v2((d) => {
        without(d, (e) => e.target === 'loss' && e.targetPort === 'labels');
        d.edges.push(wire('dataset', 'labels', 'loss', 'labels'));
      }),
    );
    expect(errors(doc)).toEqual([]);
    expect(into(doc, 'loss', 'labels')).toEqual(['dataset-target.out']);
    expect(into(doc, 'accuracy', 'labels')).toEqual(['dataset-target.out']);
    expect(into(doc, 'dataset-target', 'table')).toEqual(['split.table']);
  });

  it('gives each of two splits fed by one dataset the table and its own Select columns and Target column', () => {
    const doc = opened(
      v2((d) => {
        d.nodes.push(
          { id: 'split2', kind: 'preprocess.split', params: { validationFraction: 0.3 }, position: { x: 632, y: 600 } },
          { id: 'other', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 948, y: 600 } },
        );
        d.edges.push(wire('dataset', 'features', 'split2', 'features'), wire('dataset', 'labels', 'split2', 'labels'), wire('split2', 'features', 'other', 'in'));
      }),
    );
    for (const split of ['split', 'split2']) expect(into(doc, split, 'table')).toEqual(['dataset.table']);
    expect(into(doc, 'dataset-columns', 'table')).toEqual(['split.table']);
    expect(into(doc, 'dataset-columns-2', 'table')).toEqual(['split2.table']);
    expect(into(doc, 'dataset-target-2', 'table')).toEqual(['split2.table']);
    expect(into(doc, 'hidden', 'in')).toEqual(['standardize.out']);
    expect(into(doc, 'other', 'in')).toEqual(['dataset-columns-2.out']);
    const old = (node: string, port: string) => ['dataset', 'split', 'split2'].includes(node) && ['features', 'labels'].includes(port);
    expect(doc.edges.filter((e) => old(e.source, e.sourcePort) || old(e.target, e.targetPort))).toEqual([]);
  });

  it('gives each of two datasets its own new nodes, with ids no node has yet', () => {
    const doc = opened(
      v2((d) => {
        d.nodes.push(
          { id: 'dataset-columns', kind: 'layer.dropout', params: {}, position: { x: -400, y: 0 } },
          { id: 'digits', kind: 'data.dataset', params: { dataset: 'mnist' }, position: { x: 0, y: 800 } },
          { id: 'flat', kind: 'layer.flatten', params: {}, position: { x: 316, y: 800 } },
        );
        d.edges.push(wire('digits', 'features', 'flat', 'in'));
      }),
    );
    const added = doc.nodes.slice(base.nodes.length + 3).map((n) => `${n.id}:${n.kind}`);
    expect(added).toEqual([
      'dataset-columns-2:preprocess.selectColumns',
      'dataset-target:preprocess.target',
      'digits-columns:preprocess.selectColumns',
      'digits-target:preprocess.target',
    ]);
    expect(into(doc, 'hidden', 'in')).toEqual(['standardize.out']);
    expect(into(doc, 'standardize', 'in')).toEqual(['dataset-columns-2.out']);
    expect(into(doc, 'flat', 'in')).toEqual(['digits-columns.out']);
    expect(into(doc, 'digits-columns', 'table')).toEqual(['digits.table']);
  });

  it('leaves a document whose node list holds a broken entry as it is, so the reader names that entry', () => {
    const read = readDocument(v2((d) => ((d.nodes as unknown[])[2] = 'split')), 'file');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.message).toBe('This file does not hold a pipeline the app can open: node 3 is text, not a node.');
    const listless = readDocument(v2((d) => ((d as Record<string, unknown>).edges = 'none')), 'file');
    expect(!listless.ok && listless.error.message).toBe("This file does not hold a pipeline the app can open: the pipeline's wires are not a list.");
  });
});
