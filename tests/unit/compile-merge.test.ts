import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { addEdge, addNode, replaceSource } from '../support/pipeline';

/** compile's model DAG with the Add merge layer: skip connections, and a model with two data inputs. */
describe('compile with a two-input layer', () => {
  it('compiles a skip connection: the merge lists both earlier layers as inputs', () => {
    // standardize -> hidden(16) -> classifier ; hidden -> side(16) ; hidden + side -> merge -> classifier
    let doc = addNode(irisMlp, 'side', 'layer.dense', { units: 16 });
    doc = addNode(doc, 'merge', 'layer.add');
    doc = addEdge(addEdge(doc, 'hidden.out', 'side.in'), 'hidden.out', 'merge.a');
    doc = addEdge(doc, 'side.out', 'merge.b');
    doc = replaceSource(doc, 'hidden.out', 'merge.out', 'classifier.in');
    const result = compile(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.model.layers.map((l) => [l.nodeId, l.inputs])).toEqual([
      ['hidden', ['standardize.out']],
      ['side', ['hidden']],
      ['merge', ['hidden', 'side']],
      ['classifier', ['merge']],
    ]);
    expect(result.spec.data.inputs.map((i) => i.id)).toEqual(['standardize.out']);
  });

  /** Two layers reading two different data outputs (both after the split), merged into the classifier. */
  function twoDataInputs() {
    let doc = addNode(irisMlp, 'rescale', 'preprocess.normalize');
    doc = addNode(doc, 'other', 'layer.dense', { units: 16 });
    doc = addNode(doc, 'merge', 'layer.add');
    doc = addEdge(doc, 'measurements.out', 'rescale.in');
    doc = addEdge(doc, 'rescale.out', 'other.in');
    doc = addEdge(addEdge(doc, 'hidden.out', 'merge.a'), 'other.out', 'merge.b');
    return replaceSource(doc, 'hidden.out', 'merge.out', 'classifier.in');
  }

  it('gives the model one input per data output its layers read, in the order they are first read', () => {
    const result = compile(twoDataInputs());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.data.inputs).toEqual([
      { id: 'standardize.out', shape: [null, 4], dtype: 'float32' },
      { id: 'rescale.out', shape: [null, 4], dtype: 'float32' },
    ]);
    expect(result.spec.model.layers.map((l) => [l.nodeId, l.inputs])).toEqual([
      ['hidden', ['standardize.out']],
      ['other', ['rescale.out']],
      ['merge', ['hidden', 'other']],
      ['classifier', ['merge']],
    ]);
  });
});
