import { describe, expect, it } from 'vitest';
import { compile, type CompileResult, type Issue } from '@/lib/compile/compile';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import type { PipelineDocument } from '@/lib/document/document';
import { addEdge, addNode, issuesWith, removeEdge, setParams } from '../support/pipeline';

/** Merge and attention layers on the canvas: a wrong combination is an issue on the node that can fix it. */

function onlyIssue(result: CompileResult, code: string): Issue {
  expect(result.ok).toBe(false);
  const found = issuesWith(result, code);
  expect(found, JSON.stringify(result.issues.map((i) => [i.code, i.nodeId]))).toHaveLength(1);
  expect(found[0].hint.length).toBeGreaterThan(0);
  return found[0];
}

/** `first` and `second` merged by a `kind` node that feeds `into`'s input instead of `first`. */
function merged(doc: PipelineDocument, kind: string, first: string, second: string, into: string): PipelineDocument {
  let next = removeEdge(addNode(doc, 'merge', kind), `${first}.out`, `${into}.in`);
  for (const [from, to] of [[`${first}.out`, 'merge.a'], [`${second}.out`, 'merge.b'], ['merge.out', `${into}.in`]]) next = addEdge(next, from, to);
  return next;
}

/** Iris with a second Dense branch of `units` from the features. */
const withBranch = (units: number) => addEdge(addNode(irisMlp, 'branch', 'layer.dense', { units }), 'standardize.out', 'branch.in');

describe('compile: merge layers', () => {
  it('E_SHAPE_MISMATCH: Add of two branches of different widths blames the second branch, with the fix that repairs it', () => {
    const doc = merged(withBranch(8), 'layer.add', 'hidden', 'branch', 'classifier');
    const issue = onlyIssue(compile(doc), 'E_SHAPE_MISMATCH');
    expect(issue.nodeId).toBe('branch');
    expect(issue.message).toContain('a is [?, 16] and b is [?, 8]');
    expect(issue.fix).toMatchObject({ nodeId: 'branch', params: { units: 16 } });
    const fixed = compile(setParams(doc, issue.fix!.nodeId, issue.fix!.params));
    expect(fixed.ok ? [] : fixed.issues).toEqual([]);
    if (fixed.ok) expect(fixed.analysis.nodes.merge.outputShapes.out).toEqual([null, 16]);
  });

  it('E_SHAPE_MISMATCH: Concatenate of an image and a row is an issue on the Concatenate naming both shapes', () => {
    const doc = merged(digitCnn, 'layer.concatenate', 'flatten', 'pool', 'hidden');
    const issue = onlyIssue(compile(doc), 'E_SHAPE_MISMATCH');
    expect(issue.nodeId).toBe('merge');
    expect(issue.message).toContain('a is [?, 1352] and b is [?, 13, 13, 8]');
    expect(issue.hint).toMatch(/Flatten/);
  });

  it('E_AXIS: Dot over an axis the rows do not have, with the fix to the last axis', () => {
    const doc = setParams(merged(withBranch(16), 'layer.dot', 'hidden', 'branch', 'classifier'), 'merge', { axes: 2 });
    const issue = onlyIssue(compile(doc), 'E_AXIS');
    expect(issue).toMatchObject({ nodeId: 'merge', message: 'Axis 2 does not exist in [?, 16]: its only axis after the batch is 1.' });
    const fixed = compile(setParams(doc, 'merge', issue.fix!.params));
    expect(fixed.ok ? [] : fixed.issues).toEqual([]);
    // Two rows of 16 multiplied value by value and summed: one number per sample.
    expect(fixed.analysis.nodes.merge.outputShapes.out).toEqual([null, 1]);
  });

  it('Concatenate of two branches gives the model both widths side by side', () => {
    const result = compile(merged(withBranch(8), 'layer.concatenate', 'hidden', 'branch', 'classifier'));
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(result.analysis.nodes.merge.outputShapes.out).toEqual([null, 24]);
    expect(result.spec.model.layers.find((l) => l.nodeId === 'merge')?.inputs).toEqual(['hidden', 'branch']);
  });
});

describe('compile: attention layers', () => {
  it.each(['layer.multiHeadAttention', 'layer.transformerEncoder'])('%s fed rows of features says what to add before it', (kind) => {
    let doc = removeEdge(addNode(irisMlp, 'attention', kind), 'standardize.out', 'hidden.in');
    doc = addEdge(addEdge(doc, 'standardize.out', 'attention.in'), 'attention.out', 'hidden.in');
    const issue = onlyIssue(compile(doc), 'E_RANK');
    expect(issue.nodeId).toBe('attention');
    expect(issue.message).toContain('[?, 4]');
    expect(issue.hint).toMatch(/Time windowing, Reshape or Embedding/);
  });

  it('Positional embedding fed measurements says it needs token ids', () => {
    let doc = removeEdge(addNode(irisMlp, 'embedding', 'layer.positionalEmbedding'), 'standardize.out', 'hidden.in');
    doc = addEdge(addEdge(doc, 'standardize.out', 'embedding.in'), 'embedding.out', 'hidden.in');
    const issue = onlyIssue(compile(doc), 'E_EMBEDDING_FLOAT');
    expect(issue.nodeId).toBe('embedding');
  });
});
