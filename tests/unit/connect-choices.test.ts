import { describe, expect, it } from 'vitest';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { inputChoices, sourceChoices } from '@/lib/connect/choices';
import { addNode, removeEdge } from '../support/pipeline';

const refs = (r: ReturnType<typeof sourceChoices>) => r.choices.map((c) => `${c.nodeId}.${c.port.id}`);

describe('inputChoices', () => {
  it('lists free inputs first and says what feeds a taken one', () => {
    const doc = removeEdge(irisMlp, 'classifier.out', 'loss.prediction');
    const inputs = inputChoices(doc, 'loss');
    expect(inputs.map((i) => i.port.id)).toEqual(['prediction', 'labels']);
    expect(inputs[0].feeder).toBeUndefined();
    expect(inputs[1].feeder).toEqual({ nodeId: 'species', nodeLabel: 'Target column', portLabel: 'labels' });
  });

  it('is empty for a node without inputs', () => {
    expect(inputChoices(irisMlp, 'dataset')).toEqual([]);
  });
});

describe('sourceChoices', () => {
  it('offers only outputs of the input type', () => {
    const doc = addNode(irisMlp, 'extra', 'loss.categoricalCrossentropy');
    // Labels come from a Target column only; tables and tensors are left out.
    expect(refs(sourceChoices(doc, 'extra', 'labels'))).toEqual(['species.out']);
    const reader = addNode(irisMlp, 'more', 'preprocess.selectColumns');
    expect(refs(sourceChoices(reader, 'more', 'table')).sort()).toEqual(['dataset.table', 'split.table']);
  });

  it('leaves out outputs that would close a loop, the node itself and the wire already there', () => {
    const { choices, hidden } = sourceChoices(irisMlp, 'hidden', 'in');
    const offered = choices.map((c) => c.nodeId);
    // classifier, loss, accuracy and optimizer are downstream of hidden: wiring them in makes a loop.
    expect(offered).not.toContain('classifier');
    expect(offered).not.toContain('hidden');
    expect(refs({ choices, hidden })).not.toContain('standardize.out');
    expect(refs({ choices, hidden })).toEqual(['measurements.out']);
    expect(hidden).toBeGreaterThan(0);
  });

  it('lists outputs nothing reads yet first', () => {
    const doc = addNode(removeEdge(irisMlp, 'hidden.out', 'classifier.in'), 'extra', 'layer.dense');
    const { choices } = sourceChoices(doc, 'extra', 'in');
    expect(refs({ choices, hidden: 0 })[0]).toBe('hidden.out');
    expect(choices[0].unused).toBe(true);
    expect(choices.slice(1).every((c) => !c.unused)).toBe(true);
  });
});
