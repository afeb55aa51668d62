import { beforeEach, describe, expect, it } from 'vitest';
import { edgeId, PipelineDocument } from '@/lib/document/document';
import { clipText, copyNodes, copySelection, duplicateNodes, pasteClip, pasteNodes, pasteStep, readClipText } from '@/lib/store/clipboard';
import { usePipeline } from '@/lib/store/pipeline';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

const node = (doc: PipelineDocument, id: string) => doc.nodes.find((n) => n.id === id)!;

describe('copySelection', () => {
  it('takes the selected nodes and only the wires between them', () => {
    const clip = copySelection(digitCnn, ['conv', 'pool', 'hidden'])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['conv', 'pool', 'hidden']);
    expect(clip.edges.map(edgeId)).toEqual(['conv.out->pool.in']);
  });

  it('is undefined with no node selected', () => {
    expect(copySelection(digitCnn, [])).toBeUndefined();
    expect(copySelection(digitCnn, ['nope'])).toBeUndefined();
  });
});

describe('pasteClip', () => {
  it('adds copies with fresh ids, the same params and labels, the wire between them, shifted', () => {
    const labelled = { ...digitCnn, nodes: digitCnn.nodes.map((n) => (n.id === 'pool' ? { ...n, label: 'Shrink' } : n)) };
    const clip = copySelection(labelled, ['conv', 'pool'])!;
    const { doc, ids } = pasteClip(labelled, clip);
    expect(ids).toEqual(['conv2d', 'max-pool2d']);
    const [conv, pool] = ids.map((id) => node(doc, id));
    expect(conv).toMatchObject({ kind: 'layer.conv2d', params: node(digitCnn, 'conv').params });
    expect(conv.position).toEqual({ x: node(digitCnn, 'conv').position.x + pasteStep, y: node(digitCnn, 'conv').position.y + pasteStep });
    expect(pool.label).toBe('Shrink');
    expect(doc.edges.slice(digitCnn.edges.length).map(edgeId)).toEqual(['conv2d.out->max-pool2d.in']);
    expect(doc.nodes).toHaveLength(digitCnn.nodes.length + 2);
    expect(PipelineDocument.safeParse(doc).success).toBe(true);
    // The copy's params are its own: editing them leaves the original alone.
    (conv.params as Record<string, unknown>).filters = 99;
    expect(node(doc, 'conv').params.filters).toBe(8);
  });

  it('fans repeated pastes out instead of piling them on each other', () => {
    const clip = copySelection(digitCnn, ['conv'])!;
    const once = pasteClip(digitCnn, clip);
    const twice = pasteClip(once.doc, clip);
    expect(node(twice.doc, twice.ids[0]).position).toEqual({ x: node(digitCnn, 'conv').position.x + 2 * pasteStep, y: node(digitCnn, 'conv').position.y + 2 * pasteStep });
    expect(twice.ids[0]).toBe('conv2d-1');
  });

  it('pastes into another pipeline, with ids that do not clash there', () => {
    const { doc, ids } = pasteClip(irisMlp, copySelection(digitCnn, ['hidden', 'classifier'])!);
    expect(ids).toEqual(['dense', 'dense-1']);
    expect(doc.edges.map(edgeId)).toContain('dense.out->dense-1.in');
    expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(doc.nodes.length);
  });
});

describe('readClipText', () => {
  it('reads back what was copied', () => {
    const clip = copySelection(digitCnn, ['conv', 'pool'])!;
    expect(readClipText(clipText(clip))).toEqual(clip);
  });

  it('turns down anything else without throwing', () => {
    const clip = copySelection(digitCnn, ['conv', 'pool'])!;
    const inputs = [
      '',
      'hello',
      '{"type":"pipeline-builder/nodes"}',
      JSON.stringify({ ...clip, version: 2 }),
      JSON.stringify({ ...clip, nodes: [] }),
      JSON.stringify({ ...clip, nodes: [{ ...clip.nodes[0], position: { x: 'left', y: 0 } }] }),
      JSON.stringify(digitCnn),
      clipText(clip).slice(0, 40),
      'x'.repeat(2_000_000),
      JSON.stringify({ ...clip, nodes: [{ ...clip.nodes[0], kind: 'layer.fromTheFuture' }] }),
    ];
    for (const text of inputs) expect(readClipText(text), text.slice(0, 60)).toBeUndefined();
  });

  it('leaves out nodes of unknown kinds and the wires to them, keeping the rest', () => {
    const clip = copySelection(digitCnn, ['conv', 'pool', 'flatten'])!;
    const strange = { ...clip, nodes: clip.nodes.map((n) => (n.id === 'pool' ? { ...n, kind: 'layer.fromTheFuture' } : n)) };
    const read = readClipText(JSON.stringify(strange))!;
    expect(read.nodes.map((n) => n.id)).toEqual(['conv', 'flatten']);
    expect(read.edges).toEqual([]);
  });
});

describe('copy, paste and duplicate on the canvas', () => {
  beforeEach(() => {
    usePipeline.getState().loadDocument(structuredClone(digitCnn), { history: false });
    usePipeline.getState().select({ nodes: ['hidden', 'classifier'], edges: [] });
  });

  it('copy writes the clip; paste adds it as one undo step and selects the copies', () => {
    let written = '';
    expect(copyNodes((text) => (written = text))).toBe(2);
    expect(readClipText(written)?.nodes.map((n) => n.id)).toEqual(['hidden', 'classifier']);
    const before = usePipeline.getState().doc;
    expect(pasteNodes(written)).toBe(2);
    expect(usePipeline.getState().selection.nodes).toEqual(['dense', 'dense-1']);
    expect(usePipeline.getState().doc.nodes).toHaveLength(before.nodes.length + 2);
    usePipeline.getState().undo();
    expect(usePipeline.getState().doc).toBe(before);
  });

  it('paste of text that is not a clip changes nothing', () => {
    const before = usePipeline.getState().doc;
    expect(pasteNodes('just some words')).toBe(0);
    expect(usePipeline.getState().doc).toBe(before);
  });

  it('paste without readable clipboard text falls back to the last copy in this tab', () => {
    copyNodes(() => {});
    expect(pasteNodes(undefined)).toBe(2);
  });

  it('duplicate copies the selection beside itself in one undo step', () => {
    const before = usePipeline.getState().doc;
    expect(duplicateNodes()).toBe(2);
    const doc = usePipeline.getState().doc;
    expect(doc.edges.map(edgeId)).toContain('dense.out->dense-1.in');
    usePipeline.getState().undo();
    expect(usePipeline.getState().doc).toBe(before);
  });
});
