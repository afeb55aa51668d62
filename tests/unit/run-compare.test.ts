import { describe, expect, it } from 'vitest';
import { compareCurves, compareMetrics, finalMetric, runChanges } from '@/components/runs/compare';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames } from '@/lib/document/node-name';
import { storedDocument } from '@/lib/document/read';
import type { EpochReport } from '@/lib/engine/protocol';
import { digitCnn } from '@/lib/templates/digit-cnn';

function kept(doc: PipelineDocument, history: EpochReport[] = [], test: Record<string, number> | null = null) {
  const compiled = compile(doc);
  if (!compiled.ok) throw new Error('the document must compile');
  return { spec: compiled.spec, names: nodeNames(doc), doc: storedDocument(doc), history, test };
}

const withParams = (doc: PipelineDocument, id: string, params: Record<string, unknown>): PipelineDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)),
});
const optimizerId = digitCnn.nodes.find((n) => n.kind.startsWith('optimizer.'))!.id;

describe('what changed between two runs', () => {
  it('is nothing for the same document', () => {
    expect(runChanges(kept(digitCnn), kept(digitCnn))).toEqual([]);
  });

  it('names a setting changed in a node, once', () => {
    const changes = runChanges(kept(digitCnn), kept(withParams(digitCnn, optimizerId, { epochs: 7 })));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatch(/Epochs .* → 7/);
  });

  it('names a node renamed, and no other', () => {
    const after = { ...digitCnn, nodes: digitCnn.nodes.map((n) => (n.id === 'hidden' ? { ...n, label: 'Big layer' } : n)) };
    // The two Dense nodes were told apart by id; after the rename the other one is plain "Dense": no change to it.
    expect(runChanges(kept(digitCnn), kept(after))).toEqual(['renamed Dense (hidden) to Big layer']);
  });

  it('names a node added or removed once, though both the graph and the model changed', () => {
    const withDropout: PipelineDocument = {
      ...digitCnn,
      nodes: [...digitCnn.nodes, { id: 'drop', kind: 'layer.dropout', params: { rate: 0.2 }, position: { x: 0, y: 900 } }],
      edges: [
        ...digitCnn.edges.filter((e) => !(e.source === 'hidden' && e.target === 'classifier')),
        { source: 'hidden', sourcePort: 'out', target: 'drop', targetPort: 'in' },
        { source: 'drop', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
      ],
    };
    const removed = runChanges(kept(withDropout), kept(digitCnn));
    expect(removed.filter((c) => c === 'removed Dropout')).toHaveLength(1);
    const added = runChanges(kept(digitCnn), kept(withDropout));
    expect(added.filter((c) => c === 'added Dropout')).toHaveLength(1);
  });
});

const report = (epoch: number, loss: number, valLoss: number, valAccuracy: number, accuracy = valAccuracy): EpochReport => ({
  epoch,
  epochs: 2,
  loss,
  valLoss,
  accuracy,
  valAccuracy,
  valMetrics: { accuracy: valAccuracy },
});

describe('final numbers side by side', () => {
  const a = kept(digitCnn, [report(1, 1.5, 1.6, 0.5)]);
  const b = kept(digitCnn, [report(1, 1.2, 1.3, 0.6), report(2, 0.8, 0.9, 0.75)]);

  it('gives each measure of both runs, the change, and whether B did better', () => {
    const rows = compareMetrics(a, b);
    expect(rows.map((r) => r.label)).toEqual(['Loss (training rows)', 'Loss (validation rows)', 'Accuracy (validation rows)']);
    expect(rows[1]).toEqual({ label: 'Loss (validation rows)', a: '1.6000', b: '0.9000', change: '−0.7000', verdict: 'better' });
    expect(rows[2]).toEqual({ label: 'Accuracy (validation rows)', a: '50.0%', b: '75.0%', change: '+25.0 pts', verdict: 'better' });
    expect(compareMetrics(b, a)[2]).toMatchObject({ change: '−25.0 pts', verdict: 'worse' });
  });

  it('adds the test rows when a run has them, and leaves out what neither measured', () => {
    const rows = compareMetrics({ ...a, test: { loss: 1.7, accuracy: 0.4 } }, b);
    expect(rows.slice(3)).toEqual([
      { label: 'Loss (test rows)', a: '1.7000', b: '–', change: '', verdict: null },
      { label: 'Accuracy (test rows)', a: '40.0%', b: '–', change: '', verdict: null },
    ]);
  });

  it('says "same" when the numbers shown are equal', () => {
    expect(compareMetrics(b, b).every((r) => r.change === 'same' && r.verdict === 'same')).toBe(true);
  });

  it('judges a run by its final validation metric', () => {
    expect(finalMetric(b)).toMatchObject({ value: 0.75, part: 'validation', metric: { name: 'accuracy' } });
    expect(finalMetric(kept(digitCnn))).toBeNull();
  });
});

describe('curves of two runs', () => {
  it('puts both runs on the longer run’s epochs, with gaps where a run has none', () => {
    const a = kept(digitCnn, [report(1, 1.5, 1.6, 0.5, 0.45)]);
    const b = kept(digitCnn, [report(1, 1.2, 1.3, 0.6), report(2, 0.8, 0.9, 0.75)]);
    const loss = compareCurves(a, b, 'loss');
    expect(loss.epochs).toEqual([1, 2]);
    expect(loss.series.map((s) => [s.label, s.values])).toEqual([
      ['Run A · training', [1.5, null]],
      ['Run A · validation', [1.6, null]],
      ['Run B · training', [1.2, 0.8]],
      ['Run B · validation', [1.3, 0.9]],
    ]);
    expect(compareCurves(a, b, 'accuracy').series[0].values).toEqual([0.45, null]);
  });

  it('leaves out a part a run never measured', () => {
    const noValidation = kept(digitCnn, [{ epoch: 1, epochs: 1, loss: 1 }]);
    expect(compareCurves(noValidation, noValidation, 'loss').series.map((s) => s.label)).toEqual(['Run A · training', 'Run B · training']);
  });
});
