import { describe, expect, it } from 'vitest';
import { PipelineDocument, documentVersion, edgeId, portKey } from '@/lib/document/document';
import { templates } from '@/lib/templates';
import { formatShape, sampleSize } from '@/lib/shape/shape';
import { addNode } from '../support/pipeline';

describe('PipelineDocument', () => {
  it.each(templates.map((t) => [t.id, t.document] as const))('accepts the %s template as it is', (_id, doc) => {
    const parsed = PipelineDocument.parse(doc);
    expect(parsed).toEqual({ ...doc, description: doc.description ?? '' });
  });

  it('rejects two nodes with the same id, naming where', () => {
    const doc = addNode(templates[0].document, 'conv', 'layer.dense');
    const result = PipelineDocument.safeParse(doc);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['nodes', doc.nodes.length - 1, 'id']);
  });

  it('keeps params exactly as typed, even invalid ones (compile reports them, the inspector must not lose them)', () => {
    const doc = structuredClone(templates[0].document);
    doc.nodes[3].params = { filters: 'sixteen', kernelSize: -1 };
    expect(PipelineDocument.parse(doc).nodes[3].params).toEqual({ filters: 'sixteen', kernelSize: -1 });
  });

  it('defaults missing params and description', () => {
    const parsed = PipelineDocument.parse({
      version: documentVersion,
      name: 'x',
      nodes: [{ id: 'a', kind: 'layer.dense', position: { x: 0, y: 0 } }],
      edges: [],
    });
    expect(parsed.nodes[0].params).toEqual({});
    expect(parsed.description).toBe('');
  });

  it.each([
    ['another version', { version: 1 }],
    ['an empty name', { name: '' }],
    ['a position that is not finite', { nodes: [{ id: 'a', kind: 'k', params: {}, position: { x: Infinity, y: 0 } }] }],
    ['an edge without a port', { edges: [{ source: 'a', target: 'b', sourcePort: '', targetPort: 'in' }] }],
  ])('rejects %s', (_what, patch) => {
    expect(PipelineDocument.safeParse({ ...templates[0].document, ...patch }).success).toBe(false);
  });

  it('gives every wire a stable id and every output a key', () => {
    expect(edgeId({ source: 'conv', sourcePort: 'out', target: 'pool', targetPort: 'in' })).toBe('conv.out->pool.in');
    expect(portKey('split', 'labels')).toBe('split.labels');
    const ids = templates[0].document.edges.map(edgeId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('shapes', () => {
  it('draws the batch dimension as ?', () => {
    expect(formatShape([null, 26, 26, 16])).toBe('[?, 26, 26, 16]');
    expect(formatShape([])).toBe('[]');
  });

  it('counts the values of one sample', () => {
    expect(sampleSize([null, 13, 13, 16])).toBe(2704);
    expect(sampleSize([null, 4])).toBe(4);
  });
});
