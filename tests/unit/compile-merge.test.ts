import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineNode, fail, ok } from '@/nodes/define-node';
import { compile } from '@/lib/compile/compile';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { addEdge, addNode, issuesWith, replaceSource } from '../support/pipeline';

/**
 * Every layer in the registry today has a single input, so the model is always a chain with one
 * data input and E_MULTIPLE_MODEL_INPUTS cannot happen with real nodes. These tests add a
 * test-only two-input merge layer to the registry to prove compile's DAG handling (skip
 * connections, several data inputs) before a real merge node ships.
 */
const add = defineNode({
  kind: 'test.add',
  version: 1,
  category: 'layer',
  ui: { label: 'Add', description: 'Test-only: element-wise sum of two tensors.' },
  params: z.object({}),
  inputs: [
    { id: 'a', label: 'a', type: 'tensor' },
    { id: 'b', label: 'b', type: 'tensor' },
  ],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [a, b]) =>
    JSON.stringify(a) === JSON.stringify(b) ? ok([a]) : fail('E_SHAPE', 'Add needs equal shapes.', 'Make both inputs the same shape.'),
  paramCount: () => 0,
});

vi.mock('@/nodes', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/nodes')>();
  return {
    ...original,
    getNodeDefinition: (kind: string) => (kind === add.kind ? add : original.getNodeDefinition(kind)),
  };
});

describe('compile with a two-input layer', () => {
  it('compiles a skip connection: the merge lists both earlier layers as inputs', () => {
    // split -> hidden(16) -> classifier ; hidden -> side(16) ; hidden + side -> merge -> classifier
    let doc = addNode(irisMlp, 'side', 'layer.dense', { units: 16 });
    doc = addNode(doc, 'merge', 'test.add');
    doc = addEdge(addEdge(doc, 'hidden.out', 'side.in'), 'hidden.out', 'merge.a');
    doc = addEdge(doc, 'side.out', 'merge.b');
    doc = replaceSource(doc, 'hidden.out', 'merge.out', 'classifier.in');
    const result = compile(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.model.layers.map((l) => [l.nodeId, l.inputs])).toEqual([
      ['hidden', ['input']],
      ['side', ['hidden']],
      ['merge', ['hidden', 'side']],
      ['classifier', ['merge']],
    ]);
  });

  /** Two layers reading two different data outputs (both after the split), merged into the classifier. */
  function twoDataInputs() {
    let doc = addNode(irisMlp, 'rescale', 'preprocess.normalize');
    doc = addNode(doc, 'other', 'layer.dense', { units: 16 });
    doc = addNode(doc, 'merge', 'test.add');
    doc = addEdge(doc, 'split.features', 'rescale.in');
    doc = addEdge(doc, 'rescale.out', 'other.in');
    doc = addEdge(addEdge(doc, 'hidden.out', 'merge.a'), 'other.out', 'merge.b');
    return replaceSource(doc, 'hidden.out', 'merge.out', 'classifier.in');
  }

  it('E_MULTIPLE_MODEL_INPUTS when the model reads two data outputs', () => {
    const result = compile(twoDataInputs());
    expect(result.ok).toBe(false);
    // On the layers that read the data (the wires to change), not on the classifier, which reads none.
    const found = issuesWith(result, 'E_MULTIPLE_MODEL_INPUTS');
    expect(found.map((i) => i.nodeId).sort()).toEqual(['hidden', 'other']);
  });
});
