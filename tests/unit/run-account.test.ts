import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import type { EpochReport } from '@/lib/engine/protocol';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { nodeNames } from '@/lib/document/node-name';
import { addEdge, addNode, rewire } from '../support/pipeline';
import { chartedMetric, endedHeadline, runMetrics, specChanges, validationWarning } from '@/components/training/run-account';

const specOf = (doc: PipelineDocument) => {
  const result = compile(doc);
  if (!result.ok) throw new Error('does not compile');
  return result.spec;
};
const edited = (edit: (doc: PipelineDocument) => void) => {
  const doc = structuredClone(irisMlp);
  edit(doc);
  return specOf(doc);
};

describe('endedHeadline', () => {
  const report = (epoch: number): EpochReport => ({ epoch, epochs: 6, loss: 1 });
  it('tells where a stopped run stopped, in the same numbers as its progress', () => {
    const two = [report(1), report(2)];
    expect(endedHeadline('stopped', two, { epoch: 3, epochs: 6, batch: 198, batches: 250 })).toBe(
      'Stopped in epoch 3 of 6, at batch 198 of 250 · 2 epochs complete',
    );
    expect(endedHeadline('stopped', two, { epoch: 2, epochs: 6, batch: 250, batches: 250 })).toBe('Stopped after epoch 2 of 6');
    expect(endedHeadline('stopped', [report(1)], { epoch: 2, epochs: 6, batch: 3, batches: 250 })).toBe(
      'Stopped in epoch 2 of 6, at batch 3 of 250 · 1 epoch complete',
    );
    expect(endedHeadline('stopped', [], { epoch: 1, epochs: 6, batch: 3, batches: 250 })).toMatch(/no epoch complete yet$/);
    expect(endedHeadline('stopped', [], null)).toBe('Stopped before the first batch');
    expect(endedHeadline('finished', [report(1)], null)).toBe('Finished 1 epoch');
  });
});

describe('validationWarning', () => {
  it('says plainly that a handful of samples says nothing, with the right number', () => {
    expect(validationWarning(1)).toMatch(/^Only 1 held-out sample: .*says almost nothing/);
    expect(validationWarning(8)).toMatch(/^Only 8 held-out samples: /);
    expect(validationWarning(25)).toBe('Only 25 held-out samples: this accuracy could be 20 points off either way. Hold out more samples for a number you can trust.');
    expect(validationWarning(30)).toBeNull();
  });
});

describe('specChanges', () => {
  const iris = specOf(irisMlp);
  const names = nodeNames(irisMlp);

  it('finds nothing when only positions or the name changed', () => {
    expect(specChanges(iris, edited((d) => ((d.nodes[0].position = { x: 999, y: 9 }), (d.name = 'Renamed'))), names)).toEqual([]);
  });

  it('names a change as the canvas and the inspector do: node names, field labels, option labels', () => {
    expect(specChanges(iris, edited((d) => (d.nodes.find((n) => n.id === 'hidden')!.params.units = 32)), names)).toEqual([
      'Dense (hidden): Units 16 → 32',
    ]);
    expect(specChanges(iris, edited((d) => (d.nodes.find((n) => n.id === 'dataset')!.params.maxSamples = 50)), names)).toEqual([
      'Dataset: Max samples all → 50',
    ]);
    expect(specChanges(iris, edited((d) => (d.nodes.find((n) => n.id === 'optimizer')!.params.learningRate = 0.001)), names)).toEqual([
      'Adam: Learning rate 0.01 → 0.001',
    ]);
  });

  it("uses a node's own label, and the option's words for a dataset", () => {
    const renamed = structuredClone(irisMlp);
    renamed.nodes.find((n) => n.id === 'hidden')!.label = 'Hidden layer';
    expect(specChanges(iris, edited((d) => (d.nodes.find((n) => n.id === 'hidden')!.params.units = 8)), nodeNames(renamed))).toEqual([
      'Hidden layer: Units 16 → 8',
    ]);
    expect(specChanges(iris, specOf(digitCnn), { ...names, ...nodeNames(digitCnn) })).toContain(
      'Dataset: Dataset Iris flowers → MNIST digits',
    );
  });

  it('names added, removed and rewired nodes', () => {
    const doc = addEdge(rewire(addNode(irisMlp, 'drop', 'layer.dropout', { rate: 0.3 }), 'hidden.out', 'classifier.in', 'drop.in'), 'drop.out', 'classifier.in');
    const withDropout = specOf(doc);
    const all = { ...names, ...nodeNames(doc) };
    expect(specChanges(iris, withDropout, all)).toEqual(['Dense (classifier): rewired', 'added Dropout']);
    expect(specChanges(withDropout, iris, all)).toEqual(['removed Dropout', 'Dense (classifier): rewired']);
  });
});

describe('nodeNames', () => {
  it('names nodes as the canvas does, adding the id only where two share a name', () => {
    const doc = structuredClone(irisMlp);
    doc.nodes.find((n) => n.id === 'classifier')!.label = 'Output';
    expect(nodeNames(irisMlp)).toMatchObject({ dataset: 'Dataset', hidden: 'Dense (hidden)', classifier: 'Dense (classifier)', optimizer: 'Adam' });
    expect(nodeNames(doc)).toMatchObject({ hidden: 'Dense', classifier: 'Output' });
  });
});

describe('runMetrics and chartedMetric', () => {
  const withMetrics = (...kinds: string[]) =>
    specOf(
      kinds.reduce(
        (doc, kind, i) => addEdge(addEdge(addNode(doc, `m${i}`, kind), 'classifier.out', `m${i}.prediction`), 'species.out', `m${i}.labels`),
        structuredClone(irisMlp) as PipelineDocument,
      ),
    );

  it("names every metric node's value by its kind's label, in the pipeline's order, percentages for shares", () => {
    const spec = withMetrics('metric.precision', 'metric.f1');
    expect(runMetrics(spec, ['accuracy', 'precision', 'f1'])).toEqual([
      { name: 'accuracy', label: 'Accuracy', share: true },
      { name: 'precision', label: 'Precision', share: true },
      { name: 'f1', label: 'F1 score', share: true },
    ]);
  });

  it('keeps a reported value no metric node names (by its key) and leaves the loss to its chart', () => {
    const metrics = runMetrics(specOf(irisMlp), ['loss', 'accuracy', 'f1_setosa']);
    expect(metrics.map((m) => m.name)).toEqual(['accuracy', 'f1_setosa']);
    expect(metrics[1]).toEqual({ name: 'f1_setosa', label: 'f1_setosa', share: false });
  });

  it('charts accuracy for a classifier, even without an Accuracy node', () => {
    const spec = specOf(irisMlp);
    expect(chartedMetric(spec, []).name).toBe('accuracy');
    expect(chartedMetric(null, []).name).toBe('accuracy');
  });

  it('charts MAE for a regression, else its first metric, else offers MAE', () => {
    const regression = { ...specOf(irisMlp) };
    regression.data = { ...regression.data, target: { ...regression.data.target, info: { kind: 'numbers', names: ['mpg'] } } };
    const rmse = { name: 'rmse', label: 'RMSE', share: false };
    const mae = { name: 'mae', label: 'MAE', share: false };
    expect(chartedMetric(regression, [rmse, mae])).toBe(mae);
    expect(chartedMetric(regression, [rmse])).toBe(rmse);
    expect(chartedMetric(regression, [])).toEqual({ name: 'mae', label: 'MAE', share: false });
  });
});
