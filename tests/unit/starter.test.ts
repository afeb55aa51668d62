import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';
import { starterPipeline } from '@/lib/templates/starter';
import { csvNodeParams } from '@/lib/upload/csv/node-params';
import type { CsvFileParams } from '@/nodes/data/csv-file';
import { flowersCsv, readFlowers } from '../support/csv-pipeline';

const rows = (header: string, n: number, row: (i: number) => string) => [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n');

/** Prices by size and district, a few sizes missing: a number target. */
const housesCsv = rows('size,district,rooms,price', 40, (i) => `${i % 9 === 4 ? '' : 50 + i * 3},${['north', 'south', 'east'][i % 3]},${1 + (i % 4)},${100 + i * 7}`);
/** A category target, a category feature with gaps, a number feature. */
const churnCsv = rows('plan,age,monthly,churned', 36, (i) => `${i % 7 === 2 ? '' : ['basic', 'plus', 'pro'][i % 3]},${20 + (i % 30)},${(9.5 + (i % 5)).toFixed(2)},${i % 2 === 0 ? 'yes' : 'no'}`);
/** Days in time order and a number target with a gap. */
const salesCsv = rows('day,visits,sales', 30, (i) => `2024-03-${String(i + 1).padStart(2, '0')},${100 + ((i * 37) % 50)},${i === 7 ? '' : 20 + (i % 6)}`);

function csvParams(text: string, file: string, changes: Partial<CsvFileParams> = {}): CsvFileParams {
  return { ...csvNodeParams(file, `csv-${file}`, readFlowers(text)), ...changes };
}

function withStarter(params: CsvFileParams): PipelineDocument {
  const built = starterPipeline('data', params, { x: 0, y: 0 });
  if (!built.ok) throw new Error(built.message);
  return {
    version: documentVersion,
    name: 'Starter',
    description: '',
    nodes: [{ id: 'data', kind: 'data.csv', params, position: { x: 0, y: 0 } }, ...built.nodes],
    edges: built.edges,
  };
}

const kinds = (doc: PipelineDocument) => doc.nodes.map((n) => n.kind);
const paramsOf = (doc: PipelineDocument, kind: string) => doc.nodes.filter((n) => n.kind === kind).map((n) => n.params);

describe('starterPipeline', () => {
  it('flowers: a classifier that fills the number gaps and leaves the text column unread, with no issues', () => {
    const doc = withStarter(csvParams(flowersCsv, 'flowers.csv'));
    const result = compile(doc);
    expect(result.issues).toEqual([]);
    expect(result.ok && result.spec.data.target.info).toEqual({ kind: 'classes', classNames: ['setosa', 'versicolor', 'virginica'] });
    expect(kinds(doc)).toEqual(expect.arrayContaining(['loss.categoricalCrossentropy', 'metric.accuracy', 'metric.f1', 'optimizer.adam']));
    expect(paramsOf(doc, 'preprocess.missingValues')).toEqual([{ strategy: 'mean', columns: 'petal_width' }]);
    expect(paramsOf(doc, 'preprocess.split')).toEqual([{ validationFraction: 0.2, shuffle: true }]);
    expect(kinds(doc)).not.toContain('preprocess.oneHot');
    expect(paramsOf(doc, 'layer.dense')).toEqual([
      { units: 32, activation: 'relu' },
      { units: 3, activation: 'softmax' },
    ]);
  });

  it('houses: a number target makes a regression; the category feature is one-hot encoded', () => {
    const doc = withStarter(csvParams(housesCsv, 'houses.csv', { target: 'price' }));
    const result = compile(doc);
    expect(result.issues).toEqual([]);
    expect(result.ok && result.spec.data.target.info).toEqual({ kind: 'numbers', names: ['price'] });
    expect(kinds(doc)).toEqual(expect.arrayContaining(['loss.meanSquaredError', 'metric.mae', 'metric.r2']));
    expect(kinds(doc)).not.toContain('metric.accuracy');
    expect(paramsOf(doc, 'preprocess.oneHot')).toEqual([{ columns: 'district' }]);
    expect(paramsOf(doc, 'preprocess.missingValues')).toEqual([{ strategy: 'mean', columns: 'size' }]);
    expect(paramsOf(doc, 'layer.dense')[1]).toEqual({ units: 1, activation: 'linear' });
  });

  it('churn: a category feature with gaps is one-hot encoded without a fill; two classes', () => {
    const doc = withStarter(csvParams(churnCsv, 'churn.csv'));
    const result = compile(doc);
    expect(result.issues).toEqual([]);
    expect(doc.nodes.find((n) => n.kind === 'preprocess.target')?.params).toEqual({ column: 'churned' });
    expect(paramsOf(doc, 'preprocess.oneHot')).toEqual([{ columns: 'plan' }]);
    expect(kinds(doc)).not.toContain('preprocess.missingValues');
  });

  it('sales: rows in time order split without shuffling; rows without a target are dropped before the split', () => {
    const params = csvParams(salesCsv, 'sales.csv', { target: 'sales' });
    expect(params.ordered).toBe(true);
    const doc = withStarter(params);
    const result = compile(doc);
    expect(result.issues).toEqual([]);
    expect(paramsOf(doc, 'preprocess.split')).toEqual([{ validationFraction: 0.2, shuffle: false }]);
    const [drop] = doc.nodes.filter((n) => n.kind === 'preprocess.missingValues');
    expect(drop.params).toEqual({ strategy: 'dropRow', columns: 'sales' });
    expect(doc.edges.find((e) => e.target === drop.id)?.source).toBe('data');
  });

  it('ids do not clash with the nodes already on the canvas, and every node gets a name', () => {
    const built = starterPipeline('data', csvParams(flowersCsv, 'flowers.csv'), { x: 0, y: 0 }, ['data', 'split', 'dense', 'dense-2']);
    if (!built.ok) throw new Error(built.message);
    const ids = built.nodes.map((n) => n.id);
    expect(ids).not.toContain('split');
    expect(ids).not.toContain('dense');
    expect(new Set(ids).size).toBe(ids.length);
    expect(built.nodes.every((n) => n.label)).toBe(true);
  });

  it('refuses, in words, without a target, with a text target, and with nothing to learn from', () => {
    const noTarget = starterPipeline('data', csvParams(flowersCsv, 'flowers.csv', { target: undefined }), { x: 0, y: 0 });
    expect(noTarget).toEqual({ ok: false, message: expect.stringMatching(/Pick the column to predict/) });
    const textTarget = starterPipeline('data', csvParams(flowersCsv, 'flowers.csv', { target: 'note' }), { x: 0, y: 0 });
    expect(textTarget).toEqual({ ok: false, message: expect.stringMatching(/"note" is a text column/) });
    const alone = starterPipeline('data', csvParams(flowersCsv, 'flowers.csv', { ignore: ['petal_length', 'petal_width'] }), { x: 0, y: 0 });
    expect(alone).toEqual({ ok: false, message: expect.stringMatching(/No column is left to learn "species" from/) });
  });
});
